// A branch's figures over a period, for HQ's read API and dashboard: check-ins by kind, the
// wait (median and p90) and the service time (median), managers passed over by reason, make-up
// turns earned and used, reassignments and voids; for the whole branch, or per manager, hour of
// arrival or day. Pure: rows from the branch tables (branch_rows.h) in, figures out.
#pragma once

#include "sync/hq/branch_rows.h"

#include <nlohmann/json.hpp>

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

// The figures of `visits` (the period's), split `by`. `days` are the period's dispatch logs:
// reassignments are counted there (a visit does not keep who had it before), so they are
// given for the branch and per manager, not per hour. `staff` names the managers, in the
// branch's order, and every one of them has a row when split per manager.
nlohmann::json branch_stats(const std::vector<VisitRow>& visits, const std::vector<DispatchDay>& days,
                            const std::vector<ManagerRow>& staff, StatsBy by);

}  // namespace lobby
