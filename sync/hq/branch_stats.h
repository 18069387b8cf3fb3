// A branch's figures over a period, for HQ's read API and dashboard: check-ins by kind, the
// wait (median and p90) and the service time (median), managers passed over by reason, make-up
// turns earned and used, reassignments and voids; for the whole branch, or per manager, hour of
// arrival or day. Pure: rows from the branch tables (branch_rows.h) in, figures out.
#pragma once

#include "sync/hq/branch_rows.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lobby {

// How the figures are split.
enum class StatsBy : std::uint8_t { branch, manager, hour, day };
std::optional<StatsBy> stats_by(std::string_view name);  // "branch", "manager", "hour", "day"

// The q-quantile (0..1) by linear interpolation between the nearest ranks (so q = 0.5 is the
// usual median); none of an empty list.
std::optional<double> quantile(std::vector<double> values, double q);

// The wait distribution's buckets: a customer who waited w minutes is in the first bucket with
// w < upto, or in the last. Short waits are told apart finely, where most customers are.
inline constexpr std::array<int, 7> kWaitUpTo = {5, 10, 15, 20, 30, 45, 60};
using WaitCounts = std::array<std::int64_t, kWaitUpTo.size() + 1>;
std::size_t wait_bucket(double minutes);
nlohmann::json wait_histogram(const WaitCounts& counts);  // [{"upto": 5, "count": n}, ..., {"upto": null, ...}]

// The figures of `visits` (the period's), split `by`. `days` are the period's dispatch logs:
// reassignments are counted there (a visit does not keep who had it before), so they are
// given for the branch and per manager, not per hour. `staff` names the managers, in the
// branch's order, and every one of them has a row when split per manager.
nlohmann::json branch_stats(const std::vector<VisitRow>& visits, const std::vector<DispatchDay>& days,
                            const std::vector<ManagerRow>& staff, StatsBy by);

}  // namespace lobby
