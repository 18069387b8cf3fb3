#include "sync/hq/read_api.h"

#include "kiosk/common/dispatch_text.h"
#include "kiosk/core/local_time.h"
#include "sync/hq/arrival_trends.h"
#include "sync/hq/branch_stats.h"
#include "sync/hq/dispatch_cmd.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <limits>
#include <map>
#include <set>

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

using nlohmann::json;

// Seconds since a time HQ stamped ("2026-12-03T09:41:07Z", utc_now), or -1 if it is not one.
long long seconds_since(const std::string& utc) {
  std::tm tm{};
  if (utc.size() != 20 || !strptime(utc.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return -1;
  return static_cast<long long>(std::time(nullptr) - timegm(&tm));
}

json minutes_or_null(const std::optional<double>& m) { return m ? json(*m) : json(nullptr); }
json text_or_null(const std::string& t) { return t.empty() ? json(nullptr) : json(t); }

// Every branch HQ has heard from, with how far its day is replayed, how fresh it is and its
// figures now: what an operator looks at first. A branch is a kiosk (its token's name). Read
// from the branches table; "now" and "today" are as of the branch's last event. A kiosk that
// has only said it is alive (no items yet) is listed with empty figures.
ReadAnswer branches(HqStorage& storage) {
  std::map<std::string, HqStorage::ContactRecord> contacts;
  for (HqStorage::ContactRecord& c : storage.contacts()) contacts.emplace(c.kiosk, std::move(c));
  std::vector<BranchRow> rows = storage.branch_rows();
  std::set<std::string> listed;
  for (const BranchRow& b : rows) listed.insert(b.kiosk);
  for (const auto& [kiosk, _] : contacts)
    if (!listed.count(kiosk)) rows.emplace_back().kiosk = kiosk;
  std::sort(rows.begin(), rows.end(), [](const BranchRow& a, const BranchRow& b) { return a.kiosk < b.kiosk; });
  json list = json::array();
  for (const BranchRow& b : rows) {
    const auto c = contacts.find(b.kiosk);
    const std::string contact = c == contacts.end() ? b.last_received : c->second.last_contact;
    const KioskStatus* status = c == contacts.end() || !c->second.status ? nullptr : &*c->second.status;
    list.push_back({{"branch", b.kiosk},
                    {"last_contact", contact},
                    {"seconds_since_contact", seconds_since(contact)},
                    {"quarantined", status ? json(status->quarantined) : json(nullptr)},
                    {"outbox", status ? json(status->outbox) : json(nullptr)},
                    {"last_received", b.last_received},
                    {"seconds_since_received", seconds_since(b.last_received)},
                    {"last_event", b.last_event},
                    {"events_replayed", b.applied_seq},
                    {"highest_event_seq", b.highest_seq},
                    {"items_waiting_behind_gap", b.waiting_items},
                    {"replay_blocked", b.blocked},
                    {"day", b.day},
                    {"checkins_today", b.checkins_today},
                    {"waiting_now", b.waiting_now},
                    {"longest_wait_now_minutes", minutes_or_null(b.longest_wait_minutes)},
                    {"median_wait_today_minutes", minutes_or_null(b.median_wait_minutes)},
                    {"managers_on_duty", b.managers_on_duty}});
  }
  return {200, json{{"branches", std::move(list)}}.dump(), "application/json", false};
}

// Takes a customer's number and name out of `o` unless the reader may see them; says
// whether any were left in (the answer is then audited).
bool personal_fields(json& o, const Reader& reader) {
  static const char* const kFields[] = {"phone", "surname", "title"};
  if (reader.role != "supervisor") {
    for (const char* f : kFields) o.erase(f);
    return false;
  }
  bool any = false;
  for (const char* f : kFields) any = any || !o.value(f, "").empty();
  return any;
}

// The lobby board now, as the branch's display shows it (see board_json in branch_tables.cpp).
ReadAnswer board(HqStorage& storage, const Reader& reader, const std::string& branch) {
  const std::optional<BranchRow> b = storage.branch_row(branch);
  if (!b) return refusal(404, "HQ holds nothing from branch " + branch);
  json board = json::parse(b->board);
  bool personal = false;
  for (json& w : board["waiting"]) personal = personal_fields(w, reader) || personal;
  json body{{"branch", branch}, {"as_of", b->last_event}, {"day", b->day}, {"board", std::move(board)}};
  return {200, body.dump(), "application/json", personal};
}

// A visits cursor: the arrival order of the last visit given, in a form clients keep as is.
std::string cursor_of(std::int64_t n) {
  char text[24];
  std::snprintf(text, sizeof text, "v1.%llx", static_cast<unsigned long long>(n));
  return text;
}
std::optional<std::int64_t> cursor_at(const std::string& cursor) {
  if (cursor.size() < 4 || cursor.size() > 19 || cursor.compare(0, 3, "v1.") != 0 ||
      cursor.find_first_not_of("0123456789abcdef", 3) != std::string::npos)
    return std::nullopt;
  const std::int64_t n = static_cast<std::int64_t>(std::stoull(cursor.substr(3), nullptr, 16));
  return n > 0 ? std::optional(n) : std::nullopt;
}

// A branch's visits, newest first (by arrival), a page at a time: `next` is the cursor for
// the following page (`after`), null on the last one.
ReadAnswer visits(HqStorage& storage, const Reader& reader, const std::string& branch,
                  const std::function<std::string(const char*)>& arg) {
  VisitQuery q;
  q.from = arg("from"), q.to = arg("to");
  if ((!q.from.empty() && !is_day(q.from)) || (!q.to.empty() && !is_day(q.to)))
    return refusal(400, "from and to must be dates like 2026-11-24");
  if (const std::string limit = arg("limit"); !limit.empty()) {
    if (limit.size() > 3 || limit.find_first_not_of("0123456789") != std::string::npos || std::stoi(limit) < 1 ||
        std::stoi(limit) > 500)
      return refusal(400, "limit must be a number from 1 to 500");
    q.limit = std::stoi(limit);
  }
  q.manager = arg("manager");
  if (q.manager.size() > kMaxEventText || !recordable_text(q.manager) || q.manager.find('|') != std::string::npos)
    return refusal(400, "manager must be a manager's id as the branch names them");
  if (const std::string after = arg("after"); !after.empty()) {
    const auto n = cursor_at(after);
    if (!n) return refusal(400, "after must be the `next` cursor of an earlier page, as given");
    q.before = *n;
  }
  if (!storage.branch_row(branch)) return refusal(404, "HQ holds nothing from branch " + branch);
  const std::vector<VisitRow> rows = storage.visit_rows(branch, q);
  json list = json::array();
  bool personal = false;
  for (const VisitRow& v : rows) {
    json o{{"id", v.id}, {"ticket", v.ticket}, {"line", v.line}, {"day", v.day}, {"arrived", v.arrived},
           {"assigned", text_or_null(v.assigned)}, {"finished", text_or_null(v.finished)}, {"status", v.status},
           {"kind", v.kind}, {"owner", v.owner}, {"server", v.server}, {"skips", json::parse(v.skips)},
           {"voided", text_or_null(v.voided)}, {"void_reason", v.void_reason},
           {"wait_minutes", minutes_or_null(v.wait_minutes)}, {"service_minutes", minutes_or_null(v.service_minutes)},
           {"phone", v.phone}, {"surname", v.surname}, {"title", v.title}, {"steps", json::parse(v.steps)}};
    personal = personal_fields(o, reader) || personal;
    list.push_back(std::move(o));
  }
  const json next = static_cast<int>(rows.size()) == q.limit ? json(cursor_of(rows.back().n)) : json(nullptr);
  json body{{"branch", branch}, {"order", "newest_first"}, {"visits", std::move(list)}, {"next", next}};
  return {200, body.dump(), "application/json", personal};
}

// Days from `from` to `to` (dates like 2026-11-24), or -1 if either is not one.
long days_between(const std::string& from, const std::string& to) {
  std::tm a{}, b{};
  if (!strptime(from.c_str(), "%Y-%m-%d", &a) || !strptime(to.c_str(), "%Y-%m-%d", &b)) return -1;
  return static_cast<long>((timegm(&b) - timegm(&a)) / 86400);
}

// Why days `from`..`to` are not a period a read can cover, or nothing if they are.
std::optional<ReadAnswer> bad_period(const std::string& from, const std::string& to) {
  if (!is_day(from) || !is_day(to)) return refusal(400, "from and to must be dates like 2026-11-24");
  const long days = days_between(from, to);
  if (days < 0 || days > 366) return refusal(400, "from must not be after to, and the period at most a year");
  return std::nullopt;
}

// A branch's figures over days `from`..`to` (branch_stats.h), for the branch or per manager,
// hour or day. Counts and managers' names only: the same answer for a viewer and a supervisor.
ReadAnswer stats(HqStorage& storage, const std::string& branch, const std::function<std::string(const char*)>& arg) {
  const std::string from = arg("from"), to = arg("to");
  if (auto refused = bad_period(from, to)) return *refused;
  const std::optional<StatsBy> by = stats_by(arg("by"));
  if (!by) return refusal(400, "by must be branch, manager, hour or day");
  if (!storage.branch_row(branch)) return refusal(404, "HQ holds nothing from branch " + branch);
  VisitQuery period;
  period.from = from, period.to = to, period.limit = std::numeric_limits<int>::max();
  const json groups = branch_stats(storage.visit_rows(branch, period), storage.dispatch_days(branch, from, to),
                                   storage.manager_rows(branch), *by);
  const std::string by_name = arg("by").empty() ? "branch" : arg("by");
  json body{{"branch", branch}, {"from", from}, {"to", to}, {"by", by_name}, {"groups", groups}};
  return {200, body.dump(), "application/json", false};
}

// Trends over days `from`..`to` (arrival_trends.h) of one branch, or of the whole chain when
// `branch` is "". Counts only.
ReadAnswer trends(HqStorage& storage, const std::string& branch, const std::function<std::string(const char*)>& arg) {
  const std::string from = arg("from"), to = arg("to");
  if (auto refused = bad_period(from, to)) return *refused;
  if (!branch.empty() && !storage.branch_row(branch)) return refusal(404, "HQ holds nothing from branch " + branch);
  json body = arrival_trends(storage.arrival_counts(branch, from, to), from, to);
  body["branch"] = branch.empty() ? json(nullptr) : json(branch);
  body["from"] = from, body["to"] = to;
  return {200, body.dump(), "application/json", false};
}

}  // namespace

bool is_read_path(std::string_view path) {
  return path == "/v1/branches" || path == "/v1/trends" || path.substr(0, kBranches.size()) == kBranches;
}

ReadAnswer answer_read(HqStorage& storage, const Reader& reader, std::string_view path,
                       const std::function<std::string(const char*)>& arg) {
  if (path == "/v1/trends") return trends(storage, "", arg);
  if (path.size() <= kBranches.size()) return branches(storage);  // /v1/branches
  // /v1/branches/{branch}/dispatch
  const std::string_view rest = path.substr(kBranches.size());
  const std::size_t slash = rest.find('/');
  const std::string branch(rest.substr(0, slash));
  const std::string_view what = slash == std::string_view::npos ? "" : rest.substr(slash);
  if (!branch.empty() && what == "/dispatch") return dispatch(storage, branch, arg("day"), arg("format"));
  if (!branch.empty() && what == "/board") return board(storage, reader, branch);
  if (!branch.empty() && what == "/visits") return visits(storage, reader, branch, arg);
  if (!branch.empty() && what == "/stats") return stats(storage, branch, arg);
  if (!branch.empty() && what == "/trends") return trends(storage, branch, arg);
  return refusal(404, "no such path: the read API is GET /v1/branches, /v1/trends?from=D&to=D, and under "
                      "/v1/branches/{branch}: "
                      "/board, /visits?[from=D][&to=D][&manager=M][&limit=N][&after=CURSOR], /dispatch?day=D[&format=csv], "
                      "/stats?from=D&to=D[&by=branch|manager|hour|day], /trends?from=D&to=D");
}

}  // namespace lobby
