#include "sync/hq/read_api.h"

#include "kiosk/common/dispatch_text.h"
#include "kiosk/core/local_time.h"
#include "sync/hq/branch_day.h"
#include "sync/hq/dispatch_cmd.h"

#include <nlohmann/json.hpp>

#include <ctime>
#include <map>

namespace lobby {

namespace {

constexpr std::string_view kBranches = "/v1/branches/";

ReadAnswer refusal(int status, std::string why) { return {status, std::move(why), "application/json", false}; }

// The CSV's header names the JSON fields, so the two forms cannot drift apart.
std::vector<std::string> dispatch_columns() {
  const std::string csv = dispatch_csv({});
  std::vector<std::string> out;
  std::string_view header(csv.data(), csv.find('\n'));
  for (std::size_t start = 0; start <= header.size();) {
    const std::size_t comma = std::min(header.find(',', start), header.size());
    out.emplace_back(header.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// The dispatch log holds managers' ids and the names the branch shows them by, never a
// customer's number or name: the same answer for a viewer and a supervisor.
ReadAnswer dispatch(HqStorage& storage, const std::string& branch, const std::string& day, const std::string& format) {
  if (!is_day(day)) return refusal(400, "day must be a date like 2026-11-24");
  if (format != "" && format != "csv" && format != "json") return refusal(400, "format must be csv or json");
  const BranchDispatch d = branch_dispatch(storage, branch, day);
  if (!d.known) return refusal(404, "HQ holds nothing from branch " + branch);
  if (format == "csv") return {200, dispatch_csv(d.rows), "text/csv; charset=utf-8", false};
  static const std::vector<std::string> columns = dispatch_columns();
  nlohmann::json rows = nlohmann::json::array();
  for (const DispatchRow& r : d.rows) {
    nlohmann::json row{{columns.at(0), r.manager}, {columns.at(1), r.name}};
    const std::vector<int> figures = dispatch_figures(r);
    for (std::size_t i = 0; i < figures.size() && i + 2 < columns.size(); ++i) row[columns[i + 2]] = figures[i];
    rows.push_back(std::move(row));
  }
  nlohmann::json body{{"branch", branch}, {"day", day}, {"rows", std::move(rows)}, {"warnings", d.warnings}};
  return {200, body.dump(), "application/json", false};
}

// Seconds since a time HQ stamped ("2026-12-03T09:41:07Z", utc_now), or -1 if it is not one.
long long seconds_since(const std::string& utc) {
  std::tm tm{};
  if (utc.size() != 20 || !strptime(utc.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return -1;
  return static_cast<long long>(std::time(nullptr) - timegm(&tm));
}

// Every branch HQ has heard from, with how far its day is replayed and how fresh it is: what an
// operator looks at first. A branch is a kiosk (its token's name).
ReadAnswer branches(HqStorage& storage) {
  std::map<std::string, BranchReplay> replays;  // by branch, in order
  storage.export_since("", [&](const StoredCheckin& c) { replays[c.kiosk].add(c.payload, c.received); });
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [branch, replay] : replays) {
    const BranchProgress& p = replay.progress();
    list.push_back({{"branch", branch},
                    {"last_received", p.last_received},
                    {"seconds_since_received", seconds_since(p.last_received)},
                    {"last_event", p.last_event ? format_local_time(*p.last_event) : ""},
                    {"events_replayed", p.applied_seq},
                    {"highest_event_seq", p.highest_seq},
                    {"items_waiting_behind_gap", p.waiting_items},
                    {"replay_blocked", p.blocked}});
  }
  return {200, nlohmann::json{{"branches", std::move(list)}}.dump(), "application/json", false};
}

}  // namespace

bool is_read_path(std::string_view path) {
  return path == "/v1/branches" || path.substr(0, kBranches.size()) == kBranches;
}

ReadAnswer answer_read(HqStorage& storage, const Reader&, std::string_view path,
                       const std::function<std::string(const char*)>& arg) {
  if (path.size() <= kBranches.size()) return branches(storage);  // /v1/branches
  // /v1/branches/{branch}/dispatch
  const std::string_view rest = path.substr(kBranches.size());
  const std::size_t slash = rest.find('/');
  const std::string branch(rest.substr(0, slash));
  const std::string_view what = slash == std::string_view::npos ? "" : rest.substr(slash);
  if (branch.empty() || what != "/dispatch")
    return refusal(404, "no such path: the read API is GET /v1/branches and GET /v1/branches/{branch}/dispatch?day=D[&format=csv]");
  return dispatch(storage, branch, arg("day"), arg("format"));
}

}  // namespace lobby
