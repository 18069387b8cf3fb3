#include "kiosk/store/records_follower.h"

#include <utility>

namespace lobby {

RecordsFollower::RecordsFollower(const Store& store) : store_(store) { rebuild(); }

void RecordsFollower::rebuild() {
  RotationEngine fresh;  // the branch's settings come with the events that recorded them
  const std::int64_t version = store_.data_version();
  const std::int64_t purged = store_.purged_customers();
  const Store::Replayed r = store_.replay_into(fresh);
  engine_ = std::move(fresh);
  version_ = version;
  purged_ = purged;
  replayed_ = r.events;
  last_seq_ = r.last_seq;
}

RecordsFollower::Followed RecordsFollower::follow() {
  Followed f;
  f.rebuilt = std::exchange(unreported_rebuild_, false);
  const std::int64_t version = store_.data_version();
  if (version == version_) return f;
  if (store_.purged_customers() != purged_) {
    rebuild();
    f.rebuilt = true;
    return f;
  }
  Store::Replayed r;
  try {
    r = store_.replay_into(engine_, last_seq_);
  } catch (const StoreError&) {
    // Some of the new events may have been applied: start again from the records, or from
    // nothing the next time if even that fails, but never twice from the same event.
    try {
      rebuild();
      unreported_rebuild_ = true;  // the next look tells the reader to show it
    } catch (const StoreError&) {
      engine_ = RotationEngine();
      version_ = -1, last_seq_ = 0, replayed_ = 0;
    }
    throw;
  }
  version_ = version;
  replayed_ += r.events;
  last_seq_ = r.last_seq;
  f.events = r.events;
  f.decisions = r.decisions;
  return f;
}

}  // namespace lobby
