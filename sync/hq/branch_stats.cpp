#include "sync/hq/branch_stats.h"

#include "kiosk/core/types.h"

#include <algorithm>
#include <functional>
#include <map>
#include <utility>

namespace lobby {

namespace {

using nlohmann::json;

constexpr Kind kKinds[] = {Kind::rotation, Kind::makeup,   Kind::requested, Kind::returning,
                           Kind::voluntary, Kind::referral, Kind::reassigned};
constexpr SkipWhy kSkips[] = {SkipWhy::on_break, SkipWhy::task, SkipWhy::busy, SkipWhy::already_served};

struct Group {
  std::string key, name;
  int checkins = 0, voids = 0;
  std::map<std::string, int, std::less<>> kinds, skips;
  std::vector<double> waits, services;
  int reassigned_in = 0, reassigned_out = 0;
  int claims_made = 0, claims_confirmed = 0, claims_rejected = 0;
};

json histogram_of(const std::vector<double>& waits) {
  WaitCounts counts{};
  for (const double w : waits) ++counts[wait_bucket(w)];
  return wait_histogram(counts);
}

json minutes(const std::vector<double>& values, bool with_p90) {
  json m{{"count", values.size()}, {"median", nullptr}};
  if (const auto median = quantile(values, 0.5)) m["median"] = *median;
  if (with_p90) {
    m["p90"] = nullptr;
    if (const auto p90 = quantile(values, 0.9)) m["p90"] = *p90;
  }
  return m;
}

json figures(const Group& g, bool with_reassignments) {
  json kinds = json::object(), skips = json::object();
  for (const Kind k : kKinds) {
    const auto it = g.kinds.find(name_of(k));
    kinds[std::string(name_of(k))] = it == g.kinds.end() ? 0 : it->second;
  }
  for (const SkipWhy w : kSkips) {
    const auto it = g.skips.find(name_of(w));
    skips[std::string(name_of(w))] = it == g.skips.end() ? 0 : it->second;
  }
  json out{{"key", g.key},
           {"checkins", g.checkins},
           {"by_kind", kinds},
           {"wait_minutes", minutes(g.waits, true)},
           {"wait_histogram", histogram_of(g.waits)},
           {"service_minutes", minutes(g.services, false)},
           {"skips", skips},
           // A manager passed over while away on company business is owed a make-up turn.
           {"makeup_earned", skips[std::string(name_of(SkipWhy::task))]},
           {"makeup_used", kinds[std::string(name_of(Kind::makeup))]},
           {"voids", g.voids},
           {"claims_made", g.claims_made},
           {"claims_confirmed", g.claims_confirmed},
           {"claims_rejected", g.claims_rejected}};
  if (!g.name.empty()) out["name"] = g.name;
  out["reassigned_in"] = with_reassignments ? json(g.reassigned_in) : json(nullptr);
  out["reassigned_out"] = with_reassignments ? json(g.reassigned_out) : json(nullptr);
  return out;
}

// A visit's claims (POLICY.md rule 2.1), each counted for the manager who claimed: made, and
// then confirmed or rejected by the supervisor. The steps say who claimed; a decision names
// nobody.
void count_claims(const VisitRow& v, const std::function<Group&(const std::string&)>& claimant) {
  std::string pending;
  for (const json& step : json::parse(v.steps, nullptr, false)) {
    if (!step.is_object() || !step.value("own", false)) continue;
    const std::string event = step.value("event", "");
    if (event == name_of(EventType::claim)) {
      pending = step.value("manager", "");
      ++claimant(pending).claims_made;
    } else if (event == name_of(EventType::claim_confirm) && !pending.empty()) {
      ++claimant(std::exchange(pending, "")).claims_confirmed;
    } else if (event == name_of(EventType::claim_reject) && !pending.empty()) {
      ++claimant(std::exchange(pending, "")).claims_rejected;
    }
  }
}

}  // namespace

std::size_t wait_bucket(double minutes) {
  return static_cast<std::size_t>(std::upper_bound(kWaitUpTo.begin(), kWaitUpTo.end(), minutes) - kWaitUpTo.begin());
}

json wait_histogram(const WaitCounts& counts) {
  json out = json::array();
  for (std::size_t i = 0; i < counts.size(); ++i)
    out.push_back({{"upto", i < kWaitUpTo.size() ? json(kWaitUpTo[i]) : json(nullptr)}, {"count", counts[i]}});
  return out;
}

std::optional<StatsBy> stats_by(std::string_view name) {
  if (name == "" || name == "branch") return StatsBy::branch;
  if (name == "manager") return StatsBy::manager;
  if (name == "hour") return StatsBy::hour;
  if (name == "day") return StatsBy::day;
  return std::nullopt;
}

std::optional<double> quantile(std::vector<double> values, double q) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const double at = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(at);
  if (below + 1 >= values.size()) return values.back();
  return values[below] + (at - static_cast<double>(below)) * (values[below + 1] - values[below]);
}

json branch_stats(const std::vector<VisitRow>& visits, const std::vector<DispatchDay>& days,
                  const std::vector<ManagerRow>& staff, StatsBy by) {
  std::map<std::string, Group> groups;  // by key
  std::vector<std::string> order;       // managers: the branch's order first
  const auto group = [&](const std::string& key) -> Group& {
    auto [it, fresh] = groups.try_emplace(key);
    if (fresh) it->second.key = key, order.push_back(key);
    return it->second;
  };
  if (by == StatsBy::manager)
    for (const ManagerRow& m : staff) group(m.id).name = m.name;
  const auto key_of = [&](const VisitRow& v) -> std::string {
    switch (by) {
      case StatsBy::branch: return "";
      case StatsBy::manager: return v.server;  // "": never assigned
      case StatsBy::hour: return v.arrived.substr(11, 2);
      case StatsBy::day: return v.day;
    }
    return "";
  };
  if (by == StatsBy::branch) group("");
  for (const VisitRow& v : visits) {
    Group& g = group(key_of(v));
    if (!v.voided.empty()) {
      ++g.voids;  // a mistaken entry: counted as such, and in nothing else
      continue;
    }
    count_claims(v, [&](const std::string& m) -> Group& { return by == StatsBy::manager ? group(m) : g; });
    ++g.checkins;
    if (!v.kind.empty()) ++g.kinds[v.kind];
    if (v.wait_minutes) g.waits.push_back(*v.wait_minutes);
    if (v.service_minutes) g.services.push_back(*v.service_minutes);
    for (const json& s : json::parse(v.skips, nullptr, false)) {
      if (!s.is_object() || !s.contains("why")) continue;
      Group& passed = by == StatsBy::manager ? group(s.value("manager", "")) : g;
      ++passed.skips[s.value("why", "")];
    }
  }
  const bool with_reassignments = by != StatsBy::hour;
  if (with_reassignments)
    for (const DispatchDay& d : days)
      for (const DispatchRow& r : d.rows) {
        Group& g = group(by == StatsBy::manager ? r.manager : by == StatsBy::day ? d.day : "");
        g.reassigned_in += r.reassigned_in;
        g.reassigned_out += r.reassigned_out;
      }
  if (by != StatsBy::manager) std::sort(order.begin(), order.end());
  json out = json::array();
  for (const std::string& key : order) out.push_back(figures(groups.at(key), with_reassignments));
  return out;
}

}  // namespace lobby
