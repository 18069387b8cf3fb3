#include "kiosk/store/simulated_checkins.h"

#include "kiosk/core/local_time.h"
#include "kiosk/store/reception.h"

namespace lobby {

std::size_t add_simulated_checkins(const std::string& db_path, std::size_t checkins, std::uint64_t seed) {
  Store store(db_path);
  store.db().exec("PRAGMA synchronous=OFF");
  Reception reception(store);
  SimulationSpec spec;
  spec.seed = seed;
  spec.managers = 30;
  spec.events = checkins * 4;
  spec.start = *parse_local_time("2026-11-24T09:00:00") + static_cast<Time>(seed % 1000) * 30 * kSecondsPerDay;
  std::size_t done = 0;
  const std::string prefix = std::string("s").append(std::to_string(seed)).append("-");
  for (Event e : simulate_lobby(spec)) {
    if (!e.id.empty()) e.id.insert(0, prefix);
    done += reception.handle(e, "simulation").ok() && e.type == EventType::arrive;
    if (done == checkins) break;
  }
  return done;
}

}  // namespace lobby
