// The house rules as code. Section names follow POLICY.md; read the two side by side.
// Invariants kept here: a manager serves at most one visit; an arrival is either assigned
// or waiting; credits and debts never go negative; only an actual skip on `task` earns a
// credit; a customer waiting for a named manager is only ever given to that manager.
#include "kiosk/core/engine.h"

#include "kiosk/core/local_time.h"
#include "kiosk/core/names.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace lobby {

namespace {
const std::string kMainLine = "main";
const std::string& line_name(const std::string& s) { return s.empty() ? kMainLine : s; }
}  // namespace

RotationEngine::RotationEngine(Settings settings) : settings_(std::move(settings)) {}

// ---------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------

RotationEngine::Ix RotationEngine::find_manager(std::string_view id) const {
  auto it = manager_ix_.find(std::string(id));
  return it == manager_ix_.end() ? kNone : it->second;
}

RotationEngine::Ix RotationEngine::ensure_manager(const std::string& id) {
  if (Ix m = find_manager(id); m != kNone) return m;
  managers_.push_back({id, State::off, settings_.default_busy_policy, {}});
  return manager_ix_[id] = static_cast<Ix>(managers_.size() - 1);
}

RotationEngine::Ix RotationEngine::find_line(std::string_view name) const {
  for (std::size_t i = 0; i < lines_.size(); ++i)
    if (lines_[i].name == name) return static_cast<Ix>(i);
  return kNone;
}

std::size_t RotationEngine::position_in(const Line& l, Ix m) {
  return static_cast<std::size_t>(std::find(l.order.begin(), l.order.end(), m) - l.order.begin());
}

bool RotationEngine::available_on(const Line& l) const {
  for (Ix m : l.order)
    if (managers_[m].state == State::available) return true;
  return false;
}

bool RotationEngine::present(Ix m) const {
  return m != kNone && (managers_[m].state == State::available || managers_[m].state == State::receiving);
}

std::string RotationEngine::owner_of_phone(const std::string& phone) const {
  auto it = owner_by_phone_.find(phone);
  return it == owner_by_phone_.end() ? std::string() : managers_[it->second].id;
}

// ---------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------

// Make-up credits and phone-enquiry debts are a day's business: they lapse at midnight.
// Finished visits are kept only as long as a claim on them is still possible.
void RotationEngine::roll_day(Time t) {
  const std::int64_t day = day_of(t);
  if (day <= day_) return;
  day_ = day;
  for (Line& l : lines_) {
    for (auto& c : l.credits) c.clear();
    std::fill(l.debts.begin(), l.debts.end(), 0);
  }
  const std::int64_t keep_from = day - settings_.claim_window_days;
  std::erase_if(visits_, [&](const auto& kv) {
    const bool over = kv.second.state == VisitState::done || kv.second.state == VisitState::voided;
    return over && day_of(kv.second.arrived) < keep_from;
  });
}

// Why the rules refuse this event, or an empty Problem. Pure: a refused event changes nothing
// at all, not even the day, so the running engine always equals one rebuilt from stored events.
Problem RotationEngine::refusal(const Event& e) const {
  auto manager_known = [&](const std::string& id) { return find_manager(id) != kNone; };
  auto visit = [&](const std::string& id) -> const Visit* {
    auto it = visits_.find(id);
    return it == visits_.end() ? nullptr : &it->second;
  };
  auto unknown_manager = [](const std::string& id) { return problem("unknown-manager", {{"m", id}}); };
  auto about = [](const char* code, const std::string& visit_id) { return problem(code, {{"visit", visit_id}}); };
  if (!time_in_range(e.t)) return problem("time-out-of-range");
  for (const auto& [field, text] : std::initializer_list<std::pair<const char*, const std::string*>>{
           {"m", &e.m}, {"id", &e.id}, {"line", &e.line}, {"reason", &e.reason}, {"phone", &e.phone},
           {"request", &e.request}, {"referrer", &e.referrer}, {"to", &e.to}, {"surname", &e.surname},
           {"title", &e.title}})
    if (!recordable_text(*text)) return problem("text-unrecordable", {{"field", field}});
  for (const std::string& m : e.order)
    if (!recordable_text(m)) return problem("text-unrecordable", {{"field", "order"}});
  switch (e.type) {
    case EventType::roster:
      if (e.order.empty()) return problem("roster-empty");
      for (std::size_t i = 0; i < e.order.size(); ++i)
        for (std::size_t j = i + 1; j < e.order.size(); ++j)
          if (e.order[i] == e.order[j]) return problem("roster-repeated", {{"m", e.order[i]}});
      return {};
    case EventType::clock_in:
    case EventType::busy_policy: return manager_known(e.m) ? Problem{} : unknown_manager(e.m);
    case EventType::clock_out:
      if (!manager_known(e.m)) return unknown_manager(e.m);
      if (managers_[find_manager(e.m)].state == State::receiving) return problem("manager-receiving", {{"m", e.m}});
      return {};
    case EventType::status:
    case EventType::absent: {
      if (!manager_known(e.m)) return unknown_manager(e.m);
      if (e.type == EventType::absent && !settings_.absence_reasons.count(e.reason))
        return problem("unknown-absence-reason", {{"reason", e.reason}});
      if (e.type == EventType::status && e.status != State::available && e.status != State::on_break &&
          e.status != State::task)
        return problem("bad-status");
      const State now = managers_[find_manager(e.m)].state;
      if (now == State::off) return problem("not-clocked-in", {{"m", e.m}});
      if (now == State::receiving) return problem("manager-receiving", {{"m", e.m}});
      return {};
    }
    case EventType::arrive:
      if (e.id.empty()) return problem("visit-id-missing");
      if (visit(e.id)) return about("visit-exists", e.id);
      if (find_line(line_name(e.line)) == kNone) return problem("no-roster-for-line", {{"line", line_name(e.line)}});
      if (!e.request.empty() && !manager_known(e.request)) return unknown_manager(e.request);
      return {};
    case EventType::finish: {
      const Visit* v = visit(e.id);
      if (!v) return about("unknown-visit", e.id);
      if (v->state != VisitState::receiving) return about("visit-not-in-reception", e.id);
      return {};
    }
    case EventType::reassign: {
      const Visit* v = visit(e.id);
      if (!v) return about("unknown-visit", e.id);
      if (!manager_known(e.to)) return unknown_manager(e.to);
      if (!present(find_manager(e.to))) return problem("manager-not-present", {{"m", e.to}});
      if (v->state == VisitState::voided) return about("visit-voided", e.id);
      if (v->owner == find_manager(e.to)) return problem("visit-already-owned", {{"visit", e.id}, {"m", e.to}});
      return {};
    }
    case EventType::claim: {
      const Visit* v = visit(e.id);
      if (!v) return about("unknown-visit", e.id);
      if (!manager_known(e.m)) return unknown_manager(e.m);
      if (v->state == VisitState::waiting_any || v->state == VisitState::waiting_for)
        return about("visit-still-waiting", e.id);
      if (v->state == VisitState::voided) return about("visit-voided", e.id);
      if (v->owner == find_manager(e.m)) return problem("visit-already-owned", {{"visit", e.id}, {"m", e.m}});
      if (e.t - v->arrived > Time{settings_.claim_window_days} * kSecondsPerDay)
        return about("claim-window-passed", e.id);
      return {};
    }
    case EventType::claim_confirm:
    case EventType::claim_reject: {
      const Visit* v = visit(e.id);
      if (!v) return about("unknown-visit", e.id);
      if (v->claimant == kNone) return about("no-pending-claim", e.id);
      return {};
    }
    case EventType::settings:
      if (!e.settings) return problem("settings-missing");
      if (e.settings->claim_window_days < 0) return problem("settings-bad-claim-window");
      return {};
    case EventType::void_visit: {
      const Visit* v = visit(e.id);
      if (!v) return about("unknown-visit", e.id);
      if (v->state == VisitState::voided) return about("visit-already-void", e.id);
      return {};
    }
  }
  return problem("unknown-event");
}

Outcome RotationEngine::apply(const Event& e) {
  Outcome out;
  out.error = refusal(e);
  if (out.error) return out;
  roll_day(e.t);
  switch (e.type) {
    case EventType::roster: {
      Ix li = find_line(line_name(e.line));
      if (li == kNone) {
        lines_.push_back({line_name(e.line), {}, 0, {}, {}});
        li = static_cast<Ix>(lines_.size() - 1);
      }
      Line& l = lines_[li];
      // Credits and debts belong to managers, and the pointer stays with the manager next up.
      const Ix next_up = l.order.empty() ? kNone : l.order[l.pointer];
      Line fresh{l.name, {}, 0, {}, {}};
      for (const std::string& id : e.order) {
        const Ix mi = ensure_manager(id);
        const std::size_t old = position_in(l, mi);
        fresh.order.push_back(mi);
        fresh.credits.push_back(old < l.order.size() ? l.credits[old] : std::deque<std::uint64_t>{});
        fresh.debts.push_back(old < l.order.size() ? l.debts[old] : 0);
      }
      const std::size_t p = position_in(fresh, next_up);
      fresh.pointer = p < fresh.order.size() ? p : 0;
      l = std::move(fresh);
      drain(e.t, out);
      break;
    }
    case EventType::clock_in: {
      Manager& m = managers_[find_manager(e.m)];
      if (m.state == State::off) {
        m.state = State::available;
        drain(e.t, out);
      }
      break;
    }
    case EventType::clock_out: managers_[find_manager(e.m)].state = State::off; break;
    case EventType::status:
    case EventType::absent: {
      const State to = e.type == EventType::absent ? settings_.absence_reasons.find(e.reason)->second : e.status;
      managers_[find_manager(e.m)].state = to;
      if (to == State::available) drain(e.t, out);
      break;
    }
    case EventType::busy_policy: managers_[find_manager(e.m)].policy = e.policy; break;
    case EventType::arrive: arrive(e, out); break;
    case EventType::finish: {
      Visit& v = visits_.at(e.id);
      v.state = VisitState::done;
      Manager& s = managers_[v.server];
      s.serving.clear();
      s.state = State::available;
      drain(e.t, out);
      break;
    }
    case EventType::reassign: reassign(e.id, find_manager(e.to), e.t, out); break;
    case EventType::claim: visits_.at(e.id).claimant = find_manager(e.m); break;
    case EventType::claim_confirm:
    case EventType::claim_reject: {
      Visit& v = visits_.at(e.id);
      const Ix claimant = std::exchange(v.claimant, kNone);
      if (e.type == EventType::claim_confirm) move_owner(e.id, claimant, e.t, Rule::claim_confirmed, out);
      break;
    }
    case EventType::void_visit: void_visit(e.id, e.t, out); break;
    // The branch changed its settings: decisions from here on follow them. Recorded as an
    // event, so that a replay of the records decides exactly as the kiosk did at the time.
    case EventType::settings: settings_ = *e.settings; break;
  }
  return out;
}

void RotationEngine::arrive(const Event& e, Outcome& out) {
  Visit v;
  v.arrived = e.t;
  // A customer who declined to give consent is not remembered, so is not recognised either.
  if (e.consent) v.phone = e.phone;
  if (!v.phone.empty())
    if (auto it = owner_by_phone_.find(v.phone); it != owner_by_phone_.end()) v.phone_owner_before = it->second;
  v.request = e.request;
  v.referrer = e.referrer;
  v.phone_enquiry = e.phone_enquiry;
  v.use_referrer_owner = e.use_referrer_owner;
  v.line = find_line(line_name(e.line));
  v.seq = ++seq_;
  auto [it, _] = visits_.emplace(e.id, std::move(v));
  Placement p = place(e.id, it->second, e.t, false);
  out.queued = p.what != Placement::What::assign;
  if (out.queued) waiting_.push_back(e.id);
  settle(e.id, p, false, out);
}

// ---------------------------------------------------------------------------------------
// Placing a customer: preference first, then the procedure for a new walk-in
// ---------------------------------------------------------------------------------------

RotationEngine::Placement RotationEngine::place(const std::string& id, const Visit& v, Time t, bool waited) {
  Decision d;
  d.visit = id;
  d.line = lines_[v.line].name;
  d.t = t;
  if (waited) d.rules.push_back(Rule::waited);
  Ix owner = kNone;
  if (!v.phone.empty()) {
    auto it = owner_by_phone_.find(v.phone);
    if (it != owner_by_phone_.end()) owner = it->second;
  }
  // Named manager (rule 2.2): only a present manager can be named.
  if (!v.request.empty()) {
    const Ix r = find_manager(v.request);
    if (present(r) && r != owner) {
      d.rules.push_back(Rule::named_request);
      const bool uses_turn = v.phone_enquiry && settings_.phone_request_uses_turn;
      if (uses_turn) d.rules.push_back(Rule::phone_enquiry);
      return to_named(v, r, Kind::requested, uses_turn, t, std::move(d));
    }
    if (!present(r)) d.rules.push_back(Rule::request_ignored);
  }
  // Returning customer (rules 2.1, 2.4).
  if (owner != kNone) {
    if (present(owner)) {
      d.rules.push_back(Rule::returning_owner);
      return to_named(v, owner, Kind::returning, false, t, std::move(d));
    }
    const Line& l = lines_[v.line];
    Placement p;
    if (!available_on(l)) return p;  // waits for anyone
    for (std::size_t i = 0; i < l.order.size(); ++i) {
      const Ix m = l.order[(l.pointer + i) % l.order.size()];
      if (managers_[m].state != State::available) continue;
      d.kind = Kind::voluntary;
      d.rules.push_back(Rule::owner_absent);
      p.what = Placement::What::assign;
      p.owner = owner;
      p.server = m;
      p.decision = std::move(d);
      return p;
    }
  }
  // Referral (rule 1.5).
  if (v.use_referrer_owner && !v.referrer.empty()) {
    auto it = owner_by_phone_.find(v.referrer);
    if (it != owner_by_phone_.end() && present(it->second)) {
      d.rules.push_back(Rule::referral);
      return to_named(v, it->second, Kind::referral, settings_.referral_uses_turn, t, std::move(d));
    }
    d.rules.push_back(Rule::referrer_unknown);
  }
  return walk_in(v, t, std::move(d));
}

RotationEngine::Placement RotationEngine::to_named(const Visit& v, Ix who, Kind kind, bool uses_turn, Time,
                                                   Decision d) {
  Placement p;
  d.kind = kind;
  d.turn_used = uses_turn;
  if (managers_[who].state != State::available) {
    p.what = Placement::What::wait_for;
    p.wait_for = who;
    p.decision = std::move(d);
    return p;
  }
  p.what = Placement::What::assign;
  p.owner = p.server = who;
  if (uses_turn) p.debt_added = position_in(lines_[v.line], who);
  p.decision = std::move(d);
  return p;
}

// The procedure for a new walk-in with no preference.
RotationEngine::Placement RotationEngine::walk_in(const Visit& v, Time, Decision d) {
  const Line& l = lines_[v.line];
  Placement p;
  if (!available_on(l)) return p;  // step 3: nobody can take the customer now
  const std::size_t n = l.order.size();
  p.what = Placement::What::assign;
  d.turn_used = true;

  // Step 1: make-up first, oldest credit wins.
  std::size_t best = n;
  for (std::size_t pos = 0; pos < n; ++pos) {
    if (managers_[l.order[pos]].state != State::available || l.credits[pos].empty()) continue;
    if (best == n || l.credits[pos].front() < l.credits[best].front()) best = pos;
  }
  if (best != n) {
    d.kind = Kind::makeup;
    d.rules.push_back(Rule::makeup_first);
    p.owner = p.server = l.order[best];
    p.credit_spent = best;
    p.decision = std::move(d);
    return p;
  }

  // Step 2: scan from the pointer, each manager at most once.
  d.rules.push_back(Rule::rotation_scan);
  auto another_free = [&](std::size_t except) {
    for (std::size_t q = 0; q < n; ++q)
      if (q != except && l.debts[q] == 0 && managers_[l.order[q]].state == State::available) return true;
    return false;
  };
  bool forfeit_noted = false;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t pos = (l.pointer + i) % n;
    const Ix m = l.order[pos];
    const State state = managers_[m].state;
    // A phone enquiry already used this manager's next turn: whatever they are doing, this
    // scan position is that turn (so a task skip earns no credit here). Only when they are
    // the one who would take the customer and nobody else can, do they take it after all.
    const bool would_get = state == State::available ||
                           (state == State::receiving && managers_[m].policy == BusyPolicy::delegate);
    if (state != State::off && l.debts[pos] > 0 && (!would_get || another_free(pos))) {
      p.skips.emplace_back(pos, SkipWhy::already_served);
      continue;
    }
    switch (state) {
      case State::available:
        d.kind = Kind::rotation;
        p.owner = p.server = m;
        p.new_pointer = (pos + 1) % n;
        p.decision = std::move(d);
        return p;
      case State::on_break: p.skips.emplace_back(pos, SkipWhy::on_break); continue;
      case State::task: p.skips.emplace_back(pos, SkipWhy::task); continue;
      case State::off: continue;
      case State::receiving:
        if (managers_[m].policy == BusyPolicy::forfeit) {
          p.skips.emplace_back(pos, SkipWhy::busy);
          if (!forfeit_noted) d.rules.push_back(Rule::busy_forfeit), forfeit_noted = true;
          continue;
        }
        // Delegate: the busy manager keeps the customer; the next free colleague serves.
        for (std::size_t j = 1; j < n; ++j) {
          const Ix s = l.order[(pos + j) % n];
          if (managers_[s].state != State::available) continue;
          d.kind = Kind::voluntary;
          d.rules.push_back(Rule::busy_delegate);
          p.owner = m;
          p.server = s;
          p.new_pointer = (pos + 1) % n;
          p.decision = std::move(d);
          return p;
        }
        assert(false && "available_on() promised a free manager");
    }
  }
  assert(false && "the scan must reach an available manager");
  return {};
}

// Carries out a placement: the only place that changes states, credits, pointer and ownership.
void RotationEngine::settle(const std::string& id, Placement& p, bool was_waiting, Outcome& out) {
  Visit& v = visits_.at(id);
  if (p.what == Placement::What::wait_any) {
    v.state = VisitState::waiting_any;
    v.waiting_for = kNone;
    return;
  }
  if (p.what == Placement::What::wait_for) {
    v.state = VisitState::waiting_for;
    v.waiting_for = p.wait_for;
    v.pending = std::move(p.decision);
    if (!was_waiting) out.waiting_for = managers_[p.wait_for].id;
    return;
  }
  Line& l = lines_[v.line];
  Decision& d = p.decision;
  for (auto [pos, why] : p.skips) {
    if (why == SkipWhy::task) l.credits[pos].push_back(++credits_earned_);  // scan order breaks ties
    if (why == SkipWhy::already_served) --l.debts[pos];
    d.skipped.push_back({managers_[l.order[pos]].id, why});
  }
  if (p.credit_spent != SIZE_MAX) l.credits[p.credit_spent].pop_front();
  if (p.debt_added < l.order.size()) ++l.debts[p.debt_added];
  if (p.new_pointer != SIZE_MAX) l.pointer = p.new_pointer;

  if (d.turn_used) {
    v.turn_of = p.owner;  // the server, or the busy owner who delegated
    v.turn_as_debt = p.debt_added < l.order.size();
  }
  const std::string& phone = v.phone;
  if (!phone.empty()) {
    auto it = owner_by_phone_.find(phone);
    if (it != owner_by_phone_.end() && it->second != p.owner) {
      d.previous_owner = managers_[it->second].id;
      d.rules.push_back(Rule::ownership_moved);
    }
    owner_by_phone_[phone] = p.owner;
  }
  Manager& s = managers_[p.server];
  assert(s.state == State::available && s.serving.empty());
  s.state = State::receiving;
  s.serving = id;
  v.state = VisitState::receiving;
  v.waiting_for = kNone;
  v.owner = p.owner;
  v.server = p.server;
  d.owner = managers_[p.owner].id;
  d.server = s.id;
  if (was_waiting) waiting_.erase(std::find(waiting_.begin(), waiting_.end(), id));
  out.decisions.push_back(std::move(d));
}

// Someone may have become free: serve those waiting by name first, then the oldest
// waiting for anyone, by the procedure as it stands now. Repeats until nothing moves.
void RotationEngine::drain(Time t, Outcome& out) {
  for (bool moved = true; moved && !waiting_.empty();) {
    moved = false;
    for (const std::string& id : waiting_) {
      const Visit& v = visits_.at(id);
      if (v.state != VisitState::waiting_for || managers_[v.waiting_for].state != State::available) continue;
      Decision d = v.pending;
      d.t = t;
      d.rules.push_back(Rule::waited);
      Placement p = to_named(v, v.waiting_for, d.kind, d.turn_used, t, std::move(d));
      settle(std::string(id), p, true, out);
      moved = true;
      break;
    }
    if (moved) continue;
    for (const std::string& id : waiting_) {
      const Visit& v = visits_.at(id);
      if (v.state != VisitState::waiting_any || !available_on(lines_[v.line])) continue;
      Placement p = place(id, v, t, true);
      if (p.what == Placement::What::wait_any) continue;
      settle(std::string(id), p, true, out);
      moved = true;
      break;
    }
  }
}

// Moves the customer of visit `id` to manager `to` (ownership, and their number's owner) and
// returns the `reassigned` line saying so; who serves them is the caller's business.
Decision RotationEngine::move_ownership(const std::string& id, Ix to, Time t, Rule why) {
  Visit& v = visits_.at(id);
  Decision d;
  d.visit = id;
  d.line = lines_[v.line].name;
  d.kind = Kind::reassigned;
  d.t = t;
  d.rules.push_back(why);
  if (v.owner != kNone) d.previous_owner = managers_[v.owner].id;
  d.owner = managers_[to].id;
  v.owner = to;
  if (!v.phone.empty()) owner_by_phone_[v.phone] = to;
  return d;
}

// A confirmed claim (rule 2.1): ownership moves, turn accounting does not, and nobody's
// state changes. Claims reach only visits already assigned (refusal() sees to it).
void RotationEngine::move_owner(const std::string& id, Ix to, Time t, Rule why, Outcome& out) {
  Decision d = move_ownership(id, to, t, why);
  const Visit& v = visits_.at(id);
  if (v.server != kNone) d.server = managers_[v.server].id;
  out.decisions.push_back(std::move(d));
}

// Reassignment at the customer's request (rule 2.7, POLICY.md "Reassignment"): ownership moves,
// turn accounting does not, and because it is the customer's own wish it changes who serves
// them. Being received: the new manager takes over if free, otherwise the customer waits for
// them by name; either way the previous server is freed for whoever waits. Waiting: they now
// wait for the new manager (served at once if free). Finished: only ownership moves.
void RotationEngine::reassign(const std::string& id, Ix to, Time t, Outcome& out) {
  Decision d = move_ownership(id, to, t, Rule::reassignment);
  Visit& v = visits_.at(id);

  const bool was_waiting = v.state == VisitState::waiting_any || v.state == VisitState::waiting_for;
  if (v.state == VisitState::done || (v.state == VisitState::receiving && v.server == to)) {
    d.server = managers_[v.server].id;  // the reception stands as it was
    out.decisions.push_back(std::move(d));
    return;
  }
  Ix freed = kNone;
  if (v.state == VisitState::receiving) {
    freed = v.server;
    managers_[freed].serving.clear();
    managers_[freed].state = State::available;
  }
  if (managers_[to].state == State::available) {
    Manager& s = managers_[to];
    s.state = State::receiving;
    s.serving = id;
    v.state = VisitState::receiving;
    v.waiting_for = kNone;
    v.server = to;
    d.server = s.id;
    d.rules.push_back(Rule::new_server);
    if (was_waiting) waiting_.erase(std::find(waiting_.begin(), waiting_.end(), id));
  } else {
    // The new manager is busy with someone else: the customer waits for them by name, in
    // arrival order among those waiting, and is served as `reassigned` when they are free.
    v.state = VisitState::waiting_for;
    v.waiting_for = to;
    v.server = kNone;
    v.pending = Decision{};
    v.pending.visit = id;
    v.pending.line = d.line;
    v.pending.kind = Kind::reassigned;
    v.pending.rules.push_back(Rule::reassignment);
    v.pending.rules.push_back(Rule::new_server);
    if (!was_waiting) {
      auto at = std::find_if(waiting_.begin(), waiting_.end(),
                             [&](const std::string& w) { return visits_.at(w).seq > v.seq; });
      waiting_.insert(at, id);
    }
  }
  out.decisions.push_back(std::move(d));
  if (freed != kNone) drain(t, out);
}

// Voiding a mistaken check-in (a test tap, a customer entered twice): the visit leaves the
// queue or frees its server, its number goes back to whoever owned it before, and with
// void_returns_turn the turn it used is owed back. Skips it caused stand: those managers
// really were passed over at the time, and any credit they earned may already be spent.
void RotationEngine::void_visit(const std::string& id, Time t, Outcome& out) {
  Visit& v = visits_.at(id);
  const VisitState was = v.state;
  v.state = VisitState::voided;
  v.claimant = kNone;
  // The number goes back to whoever owned it before this visit, unless a later visit of the
  // same customer stands: then the ownership is that visit's doing, not this one's.
  const bool later_visit = std::any_of(visits_.begin(), visits_.end(), [&](const auto& kv) {
    return kv.second.seq > v.seq && kv.second.phone == v.phone && kv.second.state != VisitState::voided;
  });
  if (!v.phone.empty() && !later_visit) {
    auto it = owner_by_phone_.find(v.phone);
    if (it != owner_by_phone_.end() && it->second == v.owner) {
      if (v.phone_owner_before == kNone) owner_by_phone_.erase(it);
      else it->second = v.phone_owner_before;
    }
  }
  if (was == VisitState::waiting_any || was == VisitState::waiting_for) {
    waiting_.erase(std::find(waiting_.begin(), waiting_.end(), id));
    return;
  }
  if (settings_.void_returns_turn && v.turn_of != kNone && day_of(v.arrived) == day_) {
    Line& l = lines_[v.line];
    const std::size_t pos = position_in(l, v.turn_of);
    if (pos < l.order.size()) {
      if (v.turn_as_debt && l.debts[pos] > 0) --l.debts[pos];
      else l.credits[pos].push_back(++credits_earned_);
    }
  }
  if (was == VisitState::receiving) {
    Manager& s = managers_[v.server];
    s.serving.clear();
    s.state = State::available;
    drain(t, out);
  }
}

// ---------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------

std::vector<ManagerView> RotationEngine::managers() const {
  std::vector<ManagerView> r;
  for (const Manager& m : managers_) r.push_back({m.id, m.state, m.policy, m.serving});
  return r;
}

std::vector<LineView> RotationEngine::lines() const {
  std::vector<LineView> r;
  for (const Line& l : lines_) {
    LineView lv{l.name, {}, l.pointer, {}, l.debts};
    for (std::size_t i = 0; i < l.order.size(); ++i) {
      lv.order.push_back(managers_[l.order[i]].id);
      lv.credits.push_back(static_cast<int>(l.credits[i].size()));
    }
    r.push_back(std::move(lv));
  }
  return r;
}

std::vector<WaitingView> RotationEngine::waiting() const {
  std::vector<WaitingView> r;
  for (const std::string& id : waiting_) {
    const Visit& v = visits_.at(id);
    const bool named = v.state == VisitState::waiting_for;
    r.push_back({id, lines_[v.line].name, named ? managers_[v.waiting_for].id : std::string(), v.arrived,
                 !named                            ? WaitsFor::anyone
                 : v.pending.kind == Kind::returning ? WaitsFor::own_manager
                                                     : WaitsFor::named});
  }
  return r;
}

VisitView RotationEngine::view_of(const std::string& id, const Visit& v) const {
  auto name = [&](Ix m) { return m == kNone ? std::string() : managers_[m].id; };
  using S = VisitView::Status;
  const S status = v.state == VisitState::receiving ? S::receiving
                   : v.state == VisitState::done    ? S::done
                   : v.state == VisitState::voided  ? S::voided
                                                    : S::waiting;
  return {id, lines_[v.line].name, status, name(v.owner), name(v.server), name(v.claimant), v.arrived};
}

std::vector<VisitView> RotationEngine::visits() const {
  std::vector<std::pair<std::uint64_t, VisitView>> r;
  for (const auto& [id, v] : visits_) r.push_back({v.seq, view_of(id, v)});
  std::sort(r.begin(), r.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<VisitView> out;
  for (auto& [seq, view] : r) out.push_back(std::move(view));
  return out;
}

std::optional<VisitView> RotationEngine::open_visit_of_phone(const std::string& phone, Time now) const {
  if (phone.empty()) return std::nullopt;  // number-less visits are nobody's
  const std::string* found = nullptr;
  const Visit* oldest = nullptr;
  for (const auto& [id, v] : visits_) {
    const bool open = v.state != VisitState::done && v.state != VisitState::voided;
    if (!open || v.phone != phone || day_of(v.arrived) != day_of(now)) continue;
    if (!oldest || v.seq < oldest->seq) found = &id, oldest = &v;
  }
  if (!oldest) return std::nullopt;
  return view_of(*found, *oldest);
}

// The id of a what-if arrival: one no visit has, or the copy would refuse it as existing.
std::string RotationEngine::unused_visit_id() const {
  std::string id = "what-if";
  while (visits_.count(id)) id += '+';
  return id;
}

std::string RotationEngine::next_up(const std::string& line) const {
  const NextUp n = next_up_why(line);
  return n.why == NextUp::Why::nobody_free ? "" : n.manager;
}

NextUp RotationEngine::next_up_why(const std::string& line) const {
  NextUp n;
  n.why = NextUp::Why::nobody_free;
  const Ix li = find_line(line_name(line));
  if (day_ == INT64_MIN || li == kNone) return n;
  RotationEngine what_if = *this;
  Event e;
  e.type = EventType::arrive;
  e.t = day_ * kSecondsPerDay;  // within the current day: nothing lapses
  e.id = unused_visit_id();
  e.line = line;
  for (const Decision& d : what_if.apply(e).decisions) {
    if (d.visit != e.id) continue;
    n.manager = d.server;
    n.why = d.kind == Kind::makeup      ? NextUp::Why::makeup
            : d.kind == Kind::voluntary ? NextUp::Why::on_behalf
                                        : NextUp::Why::turn;
    if (n.why == NextUp::Why::on_behalf) n.turn_of = d.owner;
    return n;
  }
  // Nobody free: the turn stays with the first present manager from the pointer.
  const Line& l = lines_[li];
  for (std::size_t i = 0; i < l.order.size(); ++i) {
    const Ix m = l.order[(l.pointer + i) % l.order.size()];
    if (present(m)) return n.manager = managers_[m].id, n;
  }
  return n;
}

std::vector<ManagerView> RotationEngine::nameable(const std::string& line) const {
  std::vector<ManagerView> out;
  const Ix li = find_line(line_name(line));
  if (li == kNone) return out;
  for (Ix m : lines_[li].order)
    if (present(m)) out.push_back({managers_[m].id, managers_[m].state, managers_[m].policy, managers_[m].serving});
  return out;
}

bool RotationEngine::may_be_named(const std::string& manager, const std::string& line) const {
  const Ix li = find_line(line_name(line)), m = find_manager(manager);
  return li != kNone && m != kNone && present(m) && position_in(lines_[li], m) < lines_[li].order.size();
}

std::optional<WaitEstimate> RotationEngine::wait_estimate(const std::string& visit, int typical_minutes) const {
  const int ahead = waiting_ahead(visit);
  if (ahead < 0) return std::nullopt;
  const Visit& v = visits_.at(visit);
  WaitEstimate w;
  w.ahead = ahead;
  int serving = 1;
  if (v.state == VisitState::waiting_for) {
    w.for_manager = managers_[v.waiting_for].id;
    w.why = v.pending.kind;
  } else {
    serving = 0;
    for (Ix m : lines_[v.line].order) serving += present(m);
  }
  w.minutes = estimate_wait_minutes(ahead, serving, typical_minutes);
  return w;
}

RotationEngine::Preview RotationEngine::preview(Event arrival, int typical_minutes) const {
  RotationEngine what_if = *this;
  arrival.type = EventType::arrive;
  arrival.id = unused_visit_id();
  const Outcome o = what_if.apply(arrival);
  Preview p;
  for (const Decision& d : o.decisions)
    if (d.visit == arrival.id) p.server = d.server;
  if (p.server.empty()) p.wait = what_if.wait_estimate(arrival.id, typical_minutes);
  return p;
}

int RotationEngine::waiting_ahead(const std::string& visit) const {
  auto it = visits_.find(visit);
  if (it == visits_.end()) return -1;
  const Visit& v = it->second;
  if (v.state != VisitState::waiting_any && v.state != VisitState::waiting_for) return -1;
  int ahead = 0;
  for (const std::string& id : waiting_) {
    if (id == visit) return ahead;
    const Visit& o = visits_.at(id);
    if (o.line == v.line && o.state == v.state && o.waiting_for == v.waiting_for) ++ahead;
  }
  return -1;
}

}  // namespace lobby
