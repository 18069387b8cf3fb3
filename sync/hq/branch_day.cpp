#include "sync/hq/branch_day.h"

#include "kiosk/common/event_json.h"
#include "kiosk/core/local_time.h"

#include <algorithm>
#include <set>

namespace lobby {

using nlohmann::json;

std::optional<double> BranchVisit::wait_minutes() const {
  if (!assigned) return std::nullopt;
  return static_cast<double>(*assigned - arrived) / 60;
}

std::optional<double> BranchVisit::service_minutes() const {
  if (!assigned || !finished) return std::nullopt;
  return static_cast<double>(*finished - *assigned) / 60;
}

void BranchReplay::add(std::string_view payload, const std::string& received) {
  json item = json::parse(payload, nullptr, false);
  const bool readable = item.is_object() && item.contains("event_seq") && item["event_seq"].is_number_unsigned();
  const std::int64_t seq = readable ? item["event_seq"].get<std::int64_t>() : 0;
  if (seq <= 0) {  // HQ validated it on the way in: only damage gets here, and it has no place
    if (progress_.blocked.empty()) progress_.blocked = "an item without an event_seq";
    return;
  }
  progress_.last_received = std::max(progress_.last_received, received);
  progress_.highest_seq = std::max(progress_.highest_seq, seq);
  const std::string uuid = item.value("uuid", "");
  // The same event_seq under another uuid: a kiosk put back an older copy of its records and
  // numbered new events again. The first item received keeps the number.
  auto known = applied_uuid_.find(seq);
  if (known != applied_uuid_.end() || waiting_.count(seq)) {
    const std::string& holder = known != applied_uuid_.end() ? known->second : waiting_.at(seq).uuid;
    if (holder != uuid) ++progress_.repeated_seq;
    return;
  }
  waiting_.emplace(seq, Waiting{uuid, std::move(item)});
  drain();
}

void BranchReplay::drain() {
  while (progress_.blocked.empty()) {
    auto next = waiting_.find(progress_.applied_seq + 1);
    if (next == waiting_.end()) break;
    if (!apply(next->second)) break;
    applied_uuid_.emplace(next->first, next->second.uuid);
    progress_.applied_seq = next->first;
    waiting_.erase(next);
  }
  progress_.waiting_items = waiting_.size();
}

bool BranchReplay::apply(const Waiting& w) {
  Event e;
  std::vector<Decision> recorded;
  std::string error;
  if (!w.item.contains("event") || !event_from_json_value(w.item["event"], e, error)) {
    progress_.blocked = "event_seq " + std::to_string(progress_.applied_seq + 1) + ": " +
                        (error.empty() ? "no event" : error);
    return false;
  }
  if (w.item.contains("decisions") && w.item["decisions"].is_array())
    for (const json& d : w.item["decisions"])
      if (!decision_from_json(d, recorded.emplace_back(), error)) recorded.pop_back();
  const Outcome o = engine_.apply(e);
  // The kiosk recorded only what its engine accepted; a refusal or other decisions here mean
  // the two engines' rules differ (another version). Counted, and the replay goes on.
  if (o.error || o.decisions != recorded) {
    if (progress_.diverged++ == 0) progress_.first_diverged = progress_.applied_seq + 1;
  }
  progress_.last_event = e.t;
  if (!o.error) record(progress_.applied_seq + 1, e, o, w.item.value("ticket", ""));
  return true;
}

void BranchReplay::learn_staff(const Event& e) {
  auto known = [&](const std::string& id) {
    return std::any_of(staff_.begin(), staff_.end(), [&](const StaffName& s) { return s.id == id; });
  };
  if (!e.staff.empty()) {
    // The kiosk's whole list, in its records' order: it replaces ours; anyone it lacks stays.
    std::vector<StaffName> before = std::move(staff_);
    staff_ = e.staff;
    for (StaffName& s : before)
      if (!known(s.id)) staff_.push_back(std::move(s));
  }
  // A roster from before kiosks sent names: the kiosk knew those managers by their ids.
  for (const std::string& m : e.order)
    if (!known(m)) staff_.push_back({m, m});
}

// What the kiosk's store does with an accepted event (Store::record), said once more here
// for the visits: the dispatch log itself comes from count_dispatch.
void BranchReplay::record(std::int64_t seq, const Event& e, const Outcome& o, const std::string& ticket) {
  auto visit = [&](const std::string& id) -> BranchVisit* {
    auto it = visit_at_.find(id);
    if (it == visit_at_.end()) return nullptr;
    visits_[it->second].changed_seq = seq;
    return &visits_[it->second];
  };
  switch (e.type) {
    case EventType::roster: learn_staff(e); break;
    case EventType::arrive: {
      visit_at_[e.id] = visits_.size();
      BranchVisit& v = visits_.emplace_back();
      v.id = e.id, v.ticket = ticket, v.line = e.line.empty() ? "main" : e.line;
      v.phone = e.phone, v.surname = e.surname, v.title = e.title, v.arrived = e.t, v.changed_seq = seq;
      break;
    }
    case EventType::finish:
      if (BranchVisit* v = visit(e.id)) v->status = "done", v->finished = e.t;
      break;
    case EventType::void_visit:
      if (BranchVisit* v = visit(e.id)) {
        v->status = "done", v->voided = e.t, v->void_reason = e.reason;
        if (!v->finished) v->finished = e.t;
        // A voided visit counts for nobody: the logs of the days it was decided on change.
        for (std::size_t i : decisions_of_visit_[e.id]) day_changed_[format_day(decisions_[i].decision.t)] = seq;
      }
      break;
    default: break;
  }
  if (BranchVisit* v = e.id.empty() ? nullptr : visit(e.id)) {
    switch (e.type) {
      case EventType::arrive: case EventType::finish: case EventType::reassign: case EventType::claim:
      case EventType::claim_confirm: case EventType::claim_reject: case EventType::void_visit:
        v->steps.push_back({e.t, e.type, true, e.m, e.to, e.reason, {}});
        break;
      default: break;
    }
  }
  for (const Decision& d : o.decisions) {
    const std::string day = format_day(d.t);
    decisions_of_visit_[d.visit].push_back(decisions_.size());
    decisions_on_day_[day].push_back(decisions_.size());
    decisions_.push_back({d, e.type, false});
    day_changed_[day] = seq;
    BranchVisit* v = visit(d.visit);
    if (!v) continue;
    if (v->steps.empty() || !v->steps.back().own || v->steps.back().event != e.type || e.id != d.visit)
      v->steps.push_back({d.t, e.type, e.id == d.visit, e.m, "", "", {}});
    v->steps.back().decisions.push_back(d);
    v->skips.insert(v->skips.end(), d.skipped.begin(), d.skipped.end());
    v->owner = d.owner;
    if (d.kind != Kind::reassigned) {
      v->kind = name_of(d.kind), v->server = d.server, v->status = "receiving", v->assigned = d.t;
      continue;
    }
    // A move keeps the kind the visit was first given; a finished visit keeps its server;
    // otherwise the new server receives them, or with none they wait again.
    if (v->kind.empty()) v->kind = name_of(Kind::reassigned);
    if (!d.server.empty() && !v->assigned) v->assigned = d.t;
    if (v->status == "done") continue;
    v->server = d.server;
    v->status = d.server.empty() ? "waiting" : "receiving";
  }
}

std::vector<BranchManager> BranchReplay::managers() const {
  std::vector<BranchManager> out;
  const std::vector<ManagerView> now = engine_.managers();
  for (const StaffName& s : staff_) {
    BranchManager& m = out.emplace_back();
    m.id = s.id, m.name = s.name;
    auto it = std::find_if(now.begin(), now.end(), [&](const ManagerView& v) { return v.id == s.id; });
    if (it != now.end()) m.state = it->state, m.policy = it->policy, m.serving = it->serving;
  }
  return out;
}

const BranchVisit* BranchReplay::visit(std::string_view id) const {
  auto it = visit_at_.find(id);
  return it == visit_at_.end() ? nullptr : &visits_[it->second];
}

std::vector<DispatchRow> BranchReplay::dispatch(const std::string& day) const {
  // What count_dispatch needs: every decision about a visit decided on `day`, earlier ones
  // included, in the order they were made.
  std::set<std::size_t> wanted;
  if (auto on = decisions_on_day_.find(day); on != decisions_on_day_.end())
    for (std::size_t i : on->second) {
      const auto& of = decisions_of_visit_.find(decisions_[i].decision.visit)->second;
      wanted.insert(of.begin(), of.end());
    }
  std::vector<RecordedDecision> decisions;
  decisions.reserve(wanted.size());
  for (std::size_t i : wanted) decisions.push_back(decisions_[i]);
  for (RecordedDecision& r : decisions) {
    auto it = visit_at_.find(r.decision.visit);
    r.voided = it != visit_at_.end() && visits_[it->second].voided.has_value();
  }
  return count_dispatch(staff_, decisions, day);
}

}  // namespace lobby
