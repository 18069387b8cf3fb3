#include "sync/hq/branch_tables.h"

#include "kiosk/common/dispatch_text.h"
#include "kiosk/common/event_json.h"
#include "kiosk/common/log_line.h"
#include "kiosk/core/local_time.h"
#include "sync/hq/branch_stats.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <utility>

namespace lobby {

using nlohmann::json;

namespace {

// What the lobby board's display would assume without the branch's settings.
constexpr int kTypicalReceptionMinutes = 20;
// Waiting customers the board lists, oldest first: the engine's estimate for each counts those
// ahead, so a lobby that never empties (a simulation, a kiosk left running) would cost the
// square of its queue after every batch. No lobby screen shows more.
constexpr std::size_t kBoardWaitingShown = 200;

std::string_view name_of(WaitsFor w) {
  switch (w) {
    case WaitsFor::named: return "named";
    case WaitsFor::own_manager: return "own_manager";
    case WaitsFor::anyone: break;
  }
  return "anyone";
}

std::string_view name_of(NextUp::Why w) {
  switch (w) {
    case NextUp::Why::makeup: return "makeup";
    case NextUp::Why::on_behalf: return "on_behalf";
    case NextUp::Why::nobody_free: return "nobody_free";
    case NextUp::Why::turn: break;
  }
  return "turn";
}

std::string local(const std::optional<Time>& t) { return t ? format_local_time(*t) : ""; }

// The board as the kiosk's lobby display reads it from the same engine answers
// (kiosk/ui/lobby_board.cpp, read_board), with ids beside names. Waiting customers carry
// their phone, surname and title: the read API takes them out for those not allowed them.
//   {"serving": [{ticket, manager, name}],
//    "waiting": [{visit, ticket, line, since, waits_for, for_manager, for_manager_name,
//                 estimate_minutes, ahead, phone, surname, title}],      oldest first, at most 200
//    "waiting_not_shown": the rest of the queue, counted
//    "lines": [{line, next_up: {manager, name, why, turn_of, turn_of_name},
//               order: [{manager, name, state, serving, credits, receptions, next_up}]}]}
json board_json(const BranchReplay& replay, const std::vector<BranchManager>& staff, const std::string& day) {
  const RotationEngine& engine = replay.engine();
  std::map<std::string, std::string> names;
  for (const BranchManager& m : staff) names[m.id] = m.name.empty() ? m.id : m.name;
  auto name = [&](const std::string& id) { return names.count(id) ? names[id] : id; };
  auto ticket = [&](const std::string& id) {
    const BranchVisit* v = replay.visit(id);
    return v ? v->ticket : "";
  };
  std::map<std::string, int> receptions;
  if (!day.empty())
    for (const DispatchRow& r : replay.dispatch(day)) receptions[r.manager] = r.receptions();

  json b{{"serving", json::array()}, {"waiting", json::array()}, {"lines", json::array()}};
  const std::vector<ManagerView> managers = engine.managers();
  for (const ManagerView& m : managers)
    if (m.state == State::receiving && !m.serving.empty())
      b["serving"].push_back({{"ticket", ticket(m.serving)}, {"manager", m.id}, {"name", name(m.id)}});
  const std::vector<WaitingView> waiting = engine.waiting();
  b["waiting_not_shown"] = waiting.size() > kBoardWaitingShown ? waiting.size() - kBoardWaitingShown : 0;
  for (const WaitingView& w : waiting) {
    if (b["waiting"].size() == kBoardWaitingShown) break;
    const BranchVisit* found = replay.visit(w.visit);
    if (!found) continue;
    const BranchVisit& v = *found;
    const auto estimate = engine.wait_estimate(w.visit, kTypicalReceptionMinutes);
    b["waiting"].push_back({{"visit", w.visit}, {"ticket", v.ticket}, {"line", w.line},
                            {"since", format_local_time(w.since)}, {"waits_for", name_of(w.waits_for)},
                            {"for_manager", w.for_manager}, {"for_manager_name", w.for_manager.empty() ? "" : name(w.for_manager)},
                            {"estimate_minutes", estimate ? estimate->minutes : 0}, {"ahead", estimate ? estimate->ahead : 0},
                            {"phone", v.phone}, {"surname", v.surname}, {"title", v.title}});
  }
  for (const LineView& line : engine.lines()) {
    const NextUp next = engine.next_up_why(line.name);
    json l{{"line", line.name},
           {"next_up", {{"manager", next.manager}, {"name", next.manager.empty() ? "" : name(next.manager)},
                        {"why", name_of(next.why)}, {"turn_of", next.turn_of},
                        {"turn_of_name", next.turn_of.empty() ? "" : name(next.turn_of)}}},
           {"order", json::array()}};
    for (std::size_t i = 0; i < line.order.size(); ++i) {
      const std::string& id = line.order[i];
      State state = State::off;
      std::string serving;
      for (const ManagerView& m : managers)
        if (m.id == id) state = m.state, serving = m.state == State::receiving ? ticket(m.serving) : "";
      l["order"].push_back({{"manager", id}, {"name", name(id)}, {"state", name_of(state)}, {"serving", serving},
                            {"credits", i < line.credits.size() ? line.credits[i] : 0}, {"receptions", receptions[id]},
                            {"next_up", id == next.manager}});
    }
    // "main" first, as on the lobby display.
    if (line.name == "main") b["lines"].insert(b["lines"].begin(), std::move(l));
    else b["lines"].push_back(std::move(l));
  }
  return b;
}

VisitRow visit_row(const BranchVisit& v, std::int64_t n) {
  VisitRow r;
  r.n = n, r.id = v.id, r.ticket = v.ticket, r.line = v.line, r.day = format_day(v.arrived);
  r.arrived = format_local_time(v.arrived), r.assigned = local(v.assigned), r.finished = local(v.finished);
  r.status = v.status, r.kind = v.kind, r.owner = v.owner, r.server = v.server;
  json skips = json::array();
  for (const Skip& s : v.skips) skips.push_back({{"manager", s.m}, {"why", name_of(s.why)}});
  r.skips = skips.dump();
  json steps = json::array();
  std::set<std::string> named;  // for a read by manager
  const auto name = [&](const std::string& m) {
    if (!m.empty()) named.insert(m);
  };
  for (const VisitStep& st : v.steps) {
    name(st.m), name(st.to);
    json step{{"at", format_local_time(st.t)}, {"event", name_of(st.event)}, {"own", st.own}, {"decisions", json::array()}};
    if (!st.m.empty()) step["manager"] = st.m;
    if (!st.to.empty()) step["to"] = st.to;
    if (!st.reason.empty()) step["reason"] = st.reason;
    for (const Decision& d : st.decisions) {
      name(d.owner), name(d.server), name(d.previous_owner);
      for (const Skip& k : d.skipped) name(k.m);
      json dj = decision_to_json(d);
      dj.erase("id"), dj.erase("line");  // the visit's own
      step["decisions"].push_back(std::move(dj));
    }
    steps.push_back(std::move(step));
  }
  r.steps = steps.dump();
  name(v.owner), name(v.server);
  for (const std::string& m : named) r.managers += "|" + m;
  if (!r.managers.empty()) r.managers += "|";
  r.voided = local(v.voided), r.void_reason = v.void_reason;
  r.wait_minutes = v.wait_minutes(), r.service_minutes = v.service_minutes();
  r.phone = v.phone, r.surname = v.surname, r.title = v.title;
  return r;
}

bool counted(const DispatchRow& r) {
  const std::vector<int> f = dispatch_figures(r);
  return std::any_of(f.begin(), f.end(), [](int n) { return n != 0; });
}

}  // namespace

BranchRows branch_rows(const std::string& kiosk, const BranchReplay& replay, std::int64_t since) {
  BranchRows out;
  const BranchProgress& p = replay.progress();
  BranchRow& b = out.branch;
  b.kiosk = kiosk;
  b.applied_seq = p.applied_seq, b.highest_seq = p.highest_seq, b.waiting_items = static_cast<std::int64_t>(p.waiting_items);
  b.blocked = p.blocked, b.last_event = local(p.last_event), b.last_received = p.last_received;
  b.diverged = static_cast<std::int64_t>(p.diverged), b.first_diverged = p.first_diverged;
  b.repeated_seq = static_cast<std::int64_t>(p.repeated_seq);

  const std::vector<BranchManager> staff = replay.managers();
  for (const BranchManager& m : staff) {
    out.managers.push_back({m.id, m.name, std::string(name_of(m.state)), m.serving});
    b.managers_on_duty += m.state != State::off;
  }
  // Today's figures, as of the branch's last event (HQ does not know the branch's clock).
  b.day = p.last_event ? format_day(*p.last_event) : "";
  std::vector<double> waits;
  const std::vector<BranchVisit>& visits = replay.visits();
  for (auto v = visits.rbegin(); v != visits.rend() && format_day(v->arrived) == b.day; ++v) {
    if (v->voided) continue;
    ++b.checkins_today;
    if (auto w = v->wait_minutes()) waits.push_back(*w);
  }
  b.median_wait_minutes = quantile(std::move(waits), 0.5);  // the stats' own median
  for (const WaitingView& w : replay.engine().waiting()) {
    ++b.waiting_now;
    const double minutes = static_cast<double>(p.last_event.value_or(w.since) - w.since) / 60;
    b.longest_wait_minutes = std::max(b.longest_wait_minutes.value_or(0), minutes);
  }
  b.board = board_json(replay, staff, b.day).dump();

  for (std::size_t i = 0; i < visits.size(); ++i)
    if (visits[i].changed_seq > since) out.visits.push_back(visit_row(visits[i], static_cast<std::int64_t>(i) + 1));
  for (const auto& [day, changed] : replay.dispatch_days()) {
    if (changed <= since) continue;
    DispatchDay& d = out.dispatch.emplace_back();
    d.day = day;
    for (DispatchRow& r : replay.dispatch(day))
      if (counted(r)) d.rows.push_back(std::move(r));
  }
  return out;
}

std::vector<DispatchRow> dispatch_from_tables(const std::vector<ManagerRow>& staff,
                                              const std::vector<DispatchRow>& counted) {
  std::vector<DispatchRow> out;
  std::map<std::string, const DispatchRow*> by_id;
  for (const DispatchRow& r : counted) by_id[r.manager] = &r;
  std::set<std::string> in_staff;
  for (const ManagerRow& m : staff) {
    in_staff.insert(m.id);
    auto it = by_id.find(m.id);
    DispatchRow& r = out.emplace_back(it == by_id.end() ? DispatchRow{} : *it->second);
    r.manager = m.id, r.name = m.name;
  }
  for (const DispatchRow& r : counted)
    if (!in_staff.count(r.manager)) out.push_back(r);
  return out;
}

// --- Keeping them current ---

void BranchTables::advance(const std::string& kiosk) {
  std::lock_guard lock(mutex_);
  std::unique_ptr<Kept>& kept = kept_[kiosk];
  storage_.write_branch(kiosk, [&](HqStorage::BranchWrite& w) {
    const std::optional<BranchRow> stored = w.stored();
    // Our replay is of no use if the tables were rebuilt (or never written) since we built it:
    // start again from the items. Either way the rows written are those changed since the
    // stored row's applied_seq, whoever wrote it.
    const std::int64_t generation = stored ? stored->generation : 0;
    if (!kept || kept->generation != generation || (stored && stored->last_item < kept->last_item))
      kept = std::make_unique<Kept>(), kept->generation = generation;
    if (!stored) w.clear();
    const std::int64_t before = kept->last_item;
    w.items_after(kept->last_item, [&](std::int64_t item, const std::string& payload, const std::string& received) {
      kept->replay.add(payload, received);
      kept->last_item = item;
    });
    if (stored && kept->last_item == before && stored->last_item == before) return;  // nothing new
    BranchRows rows = branch_rows(kiosk, kept->replay, stored ? stored->applied_seq : 0);
    rows.branch.last_item = kept->last_item, rows.branch.generation = generation;
    w.put(rows);
  });
}

std::vector<std::string> BranchTables::catch_up() {
  std::map<std::string, std::int64_t> at;
  for (const BranchRow& b : storage_.branch_rows()) at[b.kiosk] = b.last_item;
  std::vector<std::string> out;
  for (const auto& [kiosk, newest] : storage_.newest_items())
    if (!at.count(kiosk) || at[kiosk] < newest) advance(kiosk), out.push_back(kiosk);
  return out;
}

void BranchTables::rebuild(const std::string& kiosk) {
  std::lock_guard lock(mutex_);
  auto kept = std::make_unique<Kept>();
  storage_.write_branch(kiosk, [&](HqStorage::BranchWrite& w) {
    const std::optional<BranchRow> stored = w.stored();
    kept->generation = (stored ? stored->generation : 0) + 1;
    w.clear();
    w.items_after(0, [&](std::int64_t item, const std::string& payload, const std::string& received) {
      kept->replay.add(payload, received);
      kept->last_item = item;
    });
    if (kept->last_item == 0) return;  // nothing from this branch: no rows
    BranchRows rows = branch_rows(kiosk, kept->replay, 0);
    rows.branch.last_item = kept->last_item, rows.branch.generation = kept->generation;
    w.put(rows);
  });
  kept_[kiosk] = std::move(kept);
}

std::vector<std::string> BranchTables::rebuild_all() {
  std::vector<std::string> out;
  for (const auto& [kiosk, newest] : storage_.newest_items()) rebuild(kiosk), out.push_back(kiosk);
  return out;
}

TablesWriter::TablesWriter(BranchTables& tables) : tables_(tables), thread_([this] { run(); }) {}

TablesWriter::~TablesWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void TablesWriter::mark(const std::string& kiosk) {
  {
    std::lock_guard lock(mutex_);
    marked_.insert(kiosk);
  }
  wake_.notify_one();
}

bool TablesWriter::settle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return settled_.wait_for(lock, timeout, [this] { return marked_.empty() && !writing_; });
}

void TablesWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !marked_.empty(); });
    if (marked_.empty()) return;  // stopping, with nothing left to write
    const std::set<std::string> now = std::exchange(marked_, {});
    writing_ = true;
    lock.unlock();
    for (const std::string& kiosk : now) {
      // The items are stored and answered: a failure only leaves the tables behind until
      // the branch's next batch, or a server's start.
      try {
        tables_.advance(kiosk);
      } catch (const std::exception& e) {
        log_event(LogLevel::error, "branch_tables_not_written", {{"kiosk", kiosk}, {"cause", e.what()}});
      }
    }
    lock.lock();
    writing_ = false;
    if (marked_.empty()) settled_.notify_all();
  }
}

}  // namespace lobby
