// A seeded lobby simulator: plausible event streams for a branch's day, used by the
// property tests, the benchmark and the demo. It keeps its own engine to know who is in
// reception, so the stream it produces is mostly valid; with `mistakes` on it also mixes in
// events the rules must refuse (unknown managers, finishing unknown visits).
#pragma once

#include "kiosk/core/types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lobby {

struct SimulationSpec {
  std::uint64_t seed = 1;
  int managers = 8;
  std::size_t events = 1000;
  Time start = 0;          // first event's time; 0 means 2026-11-24T09:00:00
  int returning_percent = 20;  // arrivals who give a number seen before
  bool mistakes = false;
  bool lines = false;      // a second service line ("signing") with part of the staff
};

// Manager ids are "M01", "M02", ...; visit ids "v1", "v2", ...
std::vector<Event> simulate_lobby(const SimulationSpec& spec);

}  // namespace lobby
