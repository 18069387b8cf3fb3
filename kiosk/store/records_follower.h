// RecordsFollower: an engine kept equal to what the records hold, for every program that reads
// them. The kiosk's Reception decides with it; the lobby board only shows it. Both follow what
// other programs record (`kiosk roster` at the desk, the kiosk for the board) the same way: only
// the events added since are read, and after a retention purge, which rewrites old events
// instead of adding new ones, the engine is rebuilt from all of them.
#pragma once

#include "kiosk/core/engine.h"
#include "kiosk/store/store.h"

namespace lobby {

class RecordsFollower {
 public:
  // Rebuilds the engine from everything recorded. Throws StoreError.
  explicit RecordsFollower(const Store& store);

  struct Followed {
    std::size_t events = 0;     // recorded events read since the last look
    std::size_t decisions = 0;  // assignments those events made
    bool rebuilt = false;       // a purge rewrote the records: the engine was rebuilt
  };
  // Reads what other connections committed since the last look; cheap (one PRAGMA) when
  // nothing changed. Throws StoreError; the engine then holds no half-read event (it is
  // rebuilt, or emptied so that the next look rebuilds it).
  Followed follow();
  // Reads everything again into a fresh engine. Throws StoreError.
  void rebuild();

  const RotationEngine& engine() const { return engine_; }
  // For Reception alone: it applies an event, then records it at `seq` with record_seq().
  RotationEngine& deciding_engine() { return engine_; }
  void record_seq(std::int64_t seq) { last_seq_ = seq; }
  std::int64_t last_seq() const { return last_seq_; }  // the last recorded event the engine has seen
  std::size_t events_replayed() const { return replayed_; }

 private:
  const Store& store_;
  RotationEngine engine_;
  std::size_t replayed_ = 0;
  std::int64_t last_seq_ = 0;
  std::int64_t version_ = 0;  // the store's data_version when it last looked
  std::int64_t purged_ = 0;   // the store's purged_customers when it last looked
  bool unreported_rebuild_ = false;
};

}  // namespace lobby
