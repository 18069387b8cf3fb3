// Helpers for the operations tests: the engine's whole visible state as text, the decisions
// a stream of recorded events makes, and local times relative to now.
#pragma once

#include "kiosk/core/engine.h"
#include "kiosk/core/local_time.h"
#include "kiosk/common/event_json.h"

#include <ctime>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace lobby::itest {

inline std::string state_of(const RotationEngine& e) {
  std::ostringstream s;
  for (const ManagerView& m : e.managers())
    s << "m " << m.id << ' ' << name_of(m.state) << ' ' << name_of(m.policy) << ' ' << m.serving << '\n';
  for (const LineView& l : e.lines()) {
    s << "line " << l.name << " pointer " << l.pointer << ':';
    for (std::size_t i = 0; i < l.order.size(); ++i) s << ' ' << l.order[i] << '/' << l.credits[i] << '/' << l.debts[i];
    s << '\n';
  }
  for (const WaitingView& w : e.waiting()) s << "w " << w.visit << ' ' << w.line << ' ' << w.for_manager << ' ' << w.since << '\n';
  return s.str();
}

// Feeds recorded event bodies to a fresh engine; one line per decision, queueing or refusal.
inline std::string decisions_of(const std::vector<std::string>& bodies, RotationEngine* into = nullptr) {
  RotationEngine local;
  RotationEngine& engine = into ? *into : local;
  std::string out;
  for (const std::string& b : bodies) {
    Event e;
    std::string error;
    if (!event_from_json(b, e, error)) return out + "unreadable: " + error + "\n";
    const Outcome o = engine.apply(e);
    if (o.error) out += "refused " + plain(o.error) + "\n";
    if (o.queued) out += "queued " + e.id + "\n";
    for (const Decision& d : o.decisions) out += decision_to_json(d).dump() + "\n";
  }
  return out;
}

// The branch's local clock now, as the kiosk reads it.
inline Time local_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return static_cast<Time>(now) + local.tm_gmtoff;
}

// --- The purge tests' branch -------------------------------------------------------------

inline const char* const kOld = "13800000001";       // last visit 90 days ago: purged
inline const char* const kOldReferred = "13800000005";  // last visit 90 days ago: purged
inline const char* const kReferrerOnly = "13900000009"; // only ever named as a referrer, 90 days ago: purged
inline const char* const kRecent = "13800000002";    // visited 100 and 10 days ago: kept
inline const char* const kNew = "13800000006";       // visited 10 days ago: kept

// A branch's last hundred days, ending with three customers in reception and one waiting.
inline std::vector<std::string> hundred_days(Time now) {
  std::vector<std::string> out;
  auto at = [&](int days_ago, int minute) { return format_local_time(now - days_ago * kSecondsPerDay + minute * 60); };
  auto add = [&](nlohmann::json j, int days_ago, int minute) {
    j["t"] = at(days_ago, minute);
    out.push_back(j.dump());
  };
  using J = nlohmann::json;
  add(J{{"ev", "roster"}, {"order", {"A", "B", "C"}}}, 100, 0);
  for (const char* m : {"A", "B", "C"}) add(J{{"ev", "clock_in"}, {"m", m}}, 100, 1);
  add(J{{"ev", "arrive"}, {"id", "v1"}, {"phone", kOld}, {"surname", "王"}, {"title", "先生"}}, 100, 2);
  add(J{{"ev", "arrive"}, {"id", "v2"}, {"phone", kRecent}, {"surname", "李"}, {"title", "女士"}}, 100, 3);
  add(J{{"ev", "arrive"}, {"id", "v3"}, {"surname", "张"}, {"title", "先生"}}, 100, 4);
  add(J{{"ev", "arrive"}, {"id", "v4"}, {"phone", "13800000004"}, {"surname", "赵"}, {"consent", false}}, 100, 5);
  for (const char* v : {"v1", "v2", "v3", "v4"}) add(J{{"ev", "finish"}, {"id", v}}, 100, 30);
  add(J{{"ev", "arrive"}, {"id", "v5"}, {"phone", kOld}}, 90, 0);  // returning to A
  add(J{{"ev", "arrive"}, {"id", "v6"}, {"phone", kOldReferred}, {"referrer", kRecent}, {"use_referrer_owner", true},
         {"surname", "周"}},
      90, 1);
  add(J{{"ev", "arrive"}, {"id", "v7"}, {"referrer", kReferrerOnly}, {"use_referrer_owner", true}}, 90, 2);
  for (const char* v : {"v5", "v6", "v7"}) add(J{{"ev", "finish"}, {"id", v}}, 90, 30);
  add(J{{"ev", "arrive"}, {"id", "v8"}, {"phone", kRecent}}, 10, 0);  // returning
  add(J{{"ev", "arrive"}, {"id", "v9"}, {"referrer", kOld}, {"use_referrer_owner", true}}, 10, 1);
  add(J{{"ev", "arrive"}, {"id", "v10"}, {"phone", kNew}, {"surname", "陈"}, {"title", "女士"}}, 10, 2);
  add(J{{"ev", "arrive"}, {"id", "v11"}, {"surname", "刘"}}, 10, 3);  // everyone is busy: waits
  return out;
}

}  // namespace lobby::itest
