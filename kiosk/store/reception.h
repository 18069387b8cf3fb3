// Reception: the engine and the store working as one front desk. Every event is decided by
// the engine and then committed by the store; if the commit fails (full disk, locked or
// damaged database) the engine is rebuilt from the store, so what the kiosk believes never
// runs ahead of what is on disk. Screens and commands talk to this, never to SQL.
#pragma once

#include "kiosk/core/engine.h"
#include "kiosk/store/records_follower.h"
#include "kiosk/store/store.h"

#include <string>

namespace lobby {

struct Handled {
  Outcome outcome;     // outcome.error: the rules refused the event; nothing was stored
  Committed committed; // filled when the event was stored
  Problem failure;     // the records could not be read or written; nothing was stored
  bool ok() const { return outcome.error.empty() && failure.empty(); }
  // Why the event was not done, whichever way it failed; empty when it was.
  const Problem& problem() const { return failure ? failure : outcome.error; }
};

class Reception {
 public:
  // Rebuilds the engine from everything the store has recorded. The records carry the
  // branch's settings as events; before the first one, the defaults were in force.
  explicit Reception(Store& store);

  // Feeds the engine first what other programs recorded meanwhile (`kiosk roster` at the
  // desk), then decides `e` and records it.
  Handled handle(Event e, const std::string& actor);
  // Makes `settings` the rules' choices from now on. When they differ from those in force, a
  // settings event is recorded (and sent to HQ), so a replay of the records decides exactly as
  // the kiosk did; the same settings again record nothing.
  Handled adopt_settings(const Settings& settings, Time now, const std::string& actor);
  // Catches up with what other programs recorded since (cheap when nothing changed).
  void catch_up();
  // Store::purge_personal_data, then a rebuild from the rewritten events: an engine that still
  // knew a purged number would greet its next arrival as returning, which a replay would not.
  // Throws StoreError; then nothing was purged.
  Store::Purged purge_personal_data(Time now, int days);
  const RotationEngine& engine() const { return records_.engine(); }
  std::size_t events_replayed() const { return records_.events_replayed(); }

 private:
  Store& store_;
  Problem broken_;  // set when even reloading failed: refuse everything until restarted
  RecordsFollower records_;
};

}  // namespace lobby
