// Fills a kiosk database with simulated lobby days, through the real Reception, for the
// sync benchmark and the fault tests. Written without fsync: what these measure is what
// happens to the records afterwards, not how they were made.
#pragma once

#include "kiosk/core/simulate.h"

#include <cstddef>
#include <string>

namespace lobby {

// Checks customers in until `checkins` arrivals are stored; returns how many were. Visit
// ids carry the seed, and each seed starts on its own day, so calls on one database do not
// collide.
std::size_t add_simulated_checkins(const std::string& db_path, std::size_t checkins, std::uint64_t seed);

}  // namespace lobby
