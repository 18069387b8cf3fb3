// Trends over a period, for one branch or the whole chain: check-ins per day, arrivals by
// weekday and hour (the heatmap), and how long customers waited. Pure: the storage's counts
// (arrival_counts) in, figures out, so a branch and the chain are drawn from the same sums.
#pragma once

#include "sync/hq/branch_rows.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lobby {

// Weekday of a date like 2026-12-03, Monday 0 to Sunday 6; -1 if it is not one.
int weekday_of(const std::string& day);

// {"days": [{"day", "checkins"}] every day of from..to, "weekday_hour": 7 rows (Monday first)
// of 24 counts, "wait_histogram" (branch_stats.h), "waiting": check-ins nobody has received}.
nlohmann::json arrival_trends(const std::vector<ArrivalCount>& counts, const std::string& from, const std::string& to);

}  // namespace lobby
