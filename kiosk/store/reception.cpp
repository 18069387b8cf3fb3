#include "kiosk/store/reception.h"

namespace lobby {

Reception::Reception(Store& store, Settings settings)
    : store_(store), settings_(std::move(settings)), engine_(settings_) {
  replayed_ = store_.replay_into(engine_).events;
}

void Reception::rebuild() {
  engine_ = RotationEngine(settings_);
  replayed_ = store_.replay_into(engine_).events;
}

Handled Reception::handle(Event e, const std::string& actor) {
  // A customer who declines consent is not remembered: their number is neither stored nor used.
  if (e.type == EventType::arrive && !e.consent) e.phone.clear();
  Handled h;
  if (!broken_.empty()) return h.failure = broken_, h;
  try {
    // The engine remembers recent visits only; the records remember them all.
    if (e.type == EventType::arrive && store_.has_visit(e.id)) {
      h.outcome.error = "visit " + e.id + " has already arrived (the records keep every visit id)";
      return h;
    }
  } catch (const StoreError& err) {
    return h.failure = err.what(), h;
  }
  h.outcome = engine_.apply(e);
  if (!h.outcome.error.empty()) return h;
  try {
    h.committed = store_.record(e, h.outcome, actor);
  } catch (const std::exception& err) {  // StoreError, or text the database cannot hold
    h.failure = err.what();
    h.outcome = {};
    try {
      rebuild();
    } catch (const StoreError& again) {
      broken_ = h.failure += std::string("; the kiosk could not reload its records either: ") + again.what();
    }
  }
  return h;
}

Store::Purged Reception::purge_personal_data(Time now, int days) {
  if (!broken_.empty()) throw StoreError(StoreError::Kind::io, broken_);
  Store::Purged p = store_.purge_personal_data(now, days);
  try {
    rebuild();
  } catch (const StoreError& e) {
    broken_ = std::string("the kiosk could not reload its records after a purge: ") + e.what();
    throw;
  }
  return p;
}

}  // namespace lobby
