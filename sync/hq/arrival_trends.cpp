#include "sync/hq/arrival_trends.h"

#include "kiosk/core/local_time.h"
#include "sync/hq/branch_stats.h"

#include <array>
#include <map>

namespace lobby {

using nlohmann::json;

int weekday_of(const std::string& day) {
  const std::optional<Time> t = parse_local_time(day + "T00:00:00");
  if (!t) return -1;
  return static_cast<int>(((day_of(*t) + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
}

json arrival_trends(const std::vector<ArrivalCount>& counts, const std::string& from, const std::string& to) {
  std::map<std::string, std::int64_t> per_day;
  std::array<std::array<std::int64_t, 24>, 7> grid{};
  WaitCounts waits{};
  std::int64_t waiting = 0;
  for (const ArrivalCount& c : counts) {
    per_day[c.day] += c.count;
    const int weekday = weekday_of(c.day);
    if (weekday >= 0 && c.hour >= 0 && c.hour < 24) grid[static_cast<std::size_t>(weekday)][static_cast<std::size_t>(c.hour)] += c.count;
    if (c.wait) waits[wait_bucket(*c.wait)] += c.count;
    else waiting += c.count;
  }
  json days = json::array();
  const std::optional<Time> first = parse_local_time(from + "T00:00:00"), last = parse_local_time(to + "T00:00:00");
  for (Time t = first.value_or(1); first && last && t <= *last; t += kSecondsPerDay) {
    const std::string day = format_day(t);
    const auto it = per_day.find(day);
    days.push_back({{"day", day}, {"checkins", it == per_day.end() ? 0 : it->second}});
  }
  return {{"days", std::move(days)}, {"weekday_hour", grid}, {"wait_histogram", wait_histogram(waits)}, {"waiting", waiting}};
}

}  // namespace lobby
