#include "kiosk/ui/staff_desk.h"

#include "kiosk/common/log_line.h"

#include "kiosk/core/local_time.h"
#include "kiosk/common/private_file.h"
#include "kiosk/common/removable_media.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace lobby::ui {

StaffDesk::StaffDesk(Reception& reception, Store& store, Clock clock, std::string export_dir,
                     std::vector<std::string> media_roots)
    : reception_(reception), store_(store), clock_(std::move(clock)), export_dir_(std::move(export_dir)),
      media_roots_(std::move(media_roots)) {
  open();
}

void StaffDesk::open() {
  ++reads_;
  try {
    staff_ = store_.managers();
    locks_ = store_.pin_locks();
  } catch (const StoreError& e) {
    log_event(LogLevel::warn, "staff_unreadable", {{"cause", e.what()}});  // keep the last lists
  }
}

const PinLock& StaffDesk::lock(const std::string& id) const {
  static const PinLock none;
  const auto it = locks_.find(id);
  return it == locks_.end() ? none : it->second;
}

StaffDesk::SignIn StaffDesk::sign_in(const std::string& id, const std::string& pin, Problem& why) {
  const Time now = clock_();
  PinLock& lock = locks_[id];
  if (lock.locked(now)) return SignIn::locked;
  bool right = false;
  try {
    right = store_.check_pin(id, pin);
  } catch (const StoreError& e) {
    why = e.kind == StoreError::Kind::corrupt && std::string_view(e.what()).find("stored PIN") != std::string_view::npos
              ? problem("pin-unreadable", {{"m", id}})
              : e.problem();
    return SignIn::unavailable;
  }
  const PinLock before = lock;
  std::string action;
  if (right) lock.succeeded();
  else action = lock.failed(now) ? "pin_locked" : "pin_wrong";
  if (right && before.failures == lock.failures) return SignIn::ok;  // nothing to keep
  try {
    store_.record_pin_attempt(id, lock, action, now);
  } catch (const StoreError& e) {
    // The lock holds in memory all the same; only the record of it is missing.
    log_event(LogLevel::warn, "pin_attempt_unrecorded", {{"manager", id}, {"action", action}, {"cause", e.what()}});
  }
  if (right) return SignIn::ok;
  return lock.locked(now) ? SignIn::locked : SignIn::wrong;
}

Problem StaffDesk::act(Event e, const std::string& actor) {
  e.t = clock_();
  Problem refused = reception_.handle(e, actor).problem();
  if (refused.empty()) ++changes_;
  return refused;
}

std::optional<ManagerView> StaffDesk::manager(const std::string& id) const {
  ++reads_;
  for (const ManagerView& m : reception_.engine().managers())
    if (m.id == id) return m;
  return std::nullopt;
}

std::vector<std::string> StaffDesk::turn_order() const {
  ++reads_;
  for (const LineView& line : reception_.engine().lines())
    if (line.name == "main") return line.order;
  return {};
}

// A visit's ticket and name never change: each is read from the records once, not on every frame.
StaffDesk::Label StaffDesk::label_of(const std::string& visit) const {
  if (auto it = labels_.find(visit); it != labels_.end()) return it->second;
  try {
    if (const auto label = store_.visit_label(visit))
      return labels_[visit] = {label->ticket, label->surname, label->title};
  } catch (const StoreError&) {
  }
  return {visit, "", ""};  // the records cannot say just now: the id, and another look next time
}

namespace {
std::string_view state_name(VisitView::Status s) {
  switch (s) {
    case VisitView::Status::waiting: return "waiting";
    case VisitView::Status::receiving: return "receiving";
    case VisitView::Status::done: return "done";
    case VisitView::Status::voided: return "voided";
  }
  return "waiting";
}
}  // namespace

StaffDesk::Customer StaffDesk::customer(const VisitView& v, std::string manager) const {
  Label label = label_of(v.id);
  return {v.id, std::move(label.ticket), std::move(label.surname), std::move(label.title), std::move(manager), v.claimant,
          format_local_time(v.arrived).substr(11, 5), std::string(state_name(v.status))};
}

StaffDesk::Customer StaffDesk::customer(const std::string& visit, std::string manager) const {
  for (const VisitView& v : reception_.engine().visits())
    if (v.id == visit) return customer(v, std::move(manager));
  Label label = label_of(visit);
  return {visit, std::move(label.ticket), std::move(label.surname), std::move(label.title), std::move(manager), "", "", ""};
}

std::vector<StaffDesk::Customer> StaffDesk::customers() const {
  ++reads_;
  std::map<std::string, VisitView, std::less<>> by_id;
  for (VisitView& v : reception_.engine().visits()) by_id.emplace(v.id, std::move(v));
  auto of = [&](const std::string& visit, const std::string& manager) {
    const auto v = by_id.find(visit);
    return v == by_id.end() ? customer(visit, manager) : customer(v->second, manager);
  };
  std::vector<Customer> out;
  for (const ManagerView& m : reception_.engine().managers())
    if (m.state == State::receiving && !m.serving.empty()) out.push_back(of(m.serving, m.id));
  for (const WaitingView& w : reception_.engine().waiting()) out.push_back(of(w.visit, w.for_manager));
  return out;
}

std::optional<StaffDesk::Customer> StaffDesk::receiving(const std::string& manager) const {
  ++reads_;
  for (const ManagerView& m : reception_.engine().managers())
    if (m.id == manager && m.state == State::receiving && !m.serving.empty()) return customer(m.serving, m.id);
  return std::nullopt;
}

Problem StaffDesk::refusal(Event e) const {
  ++reads_;
  e.t = clock_();
  RotationEngine what_if = reception_.engine();
  return what_if.apply(e).error;
}

std::vector<StaffDesk::Customer> StaffDesk::visits_where(const std::function<bool(const VisitView&)>& keep) const {
  std::vector<Customer> out;
  const std::vector<VisitView> visits = reception_.engine().visits();
  for (auto v = visits.rbegin(); v != visits.rend(); ++v)  // newest first: most likely the one wanted
    if (keep(*v)) out.push_back(customer(*v, v->owner));
  return out;
}

std::vector<StaffDesk::Customer> StaffDesk::claimable(const std::string& manager) const {
  ++reads_;
  const Time now = clock_();
  const Time window = Time{reception_.engine().settings().claim_window_days} * kSecondsPerDay;
  return visits_where([&](const VisitView& v) {
    using S = VisitView::Status;
    return (v.status == S::receiving || v.status == S::done) && v.owner != manager && v.claimant.empty() &&
           now - v.arrived <= window;
  });
}

std::vector<StaffDesk::Customer> StaffDesk::pending_claims() const {
  ++reads_;
  return visits_where([](const VisitView& v) { return !v.claimant.empty(); });
}

std::vector<StaffDesk::Customer> StaffDesk::voidable() const {
  ++reads_;
  const std::int64_t today = day_of(clock_());
  return visits_where(
      [&](const VisitView& v) { return v.status != VisitView::Status::voided && day_of(v.arrived) == today; });
}

std::vector<AuditEntry> StaffDesk::audit_today(Problem& why) const {
  ++reads_;
  try {
    return store_.audit_log(format_day(clock_()));
  } catch (const StoreError& e) {
    why = e.problem();
    return {};
  }
}

StaffDesk::Exported StaffDesk::export_dispatch_log(Problem& why) const {
  return write_export("dispatch", [&](const std::string& day) { return dispatch_csv(store_.dispatch_log(day)); }, why);
}

StaffDesk::Exported StaffDesk::export_visits(Problem& why) const {
  return write_export("visits", [&](const std::string& day) { return visits_csv(store_.visit_records(day)); }, why);
}

StaffDesk::Exported StaffDesk::write_export(const std::string& name,
                                            const std::function<std::string(const std::string&)>& csv_of,
                                            Problem& why) const {
  const std::string day = format_day(clock_());
  const std::string file = name + "-" + day + ".csv";
  Exported out;
  std::string csv;
  try {
    csv = csv_of(day);
    std::filesystem::create_directories(export_dir_);
    write_private_file(export_dir_ + "/" + file, csv);
  } catch (const StoreError& e) {
    return why = e.problem(), out;
  } catch (const std::exception& e) {  // the folder or the file
    return why = problem("export-failed", {{"file", export_dir_ + "/" + file}, {"detail", e.what()}}), out;
  }
  out.path = export_dir_ + "/" + file;
  // A locked-down kiosk's disk is out of the supervisor's reach: a stick, when one is in,
  // takes a copy. HQ rebuilds the same log from the events it receives anyway.
  if (const auto stick = mounted_stick(media_roots_)) {
    const std::string copy = *stick + "/" + file;
    try {
      write_private_file(copy, csv);
      out.on_stick = copy;
    } catch (const std::exception& e) {
      out.stick_why = problem("export-failed", {{"file", copy}, {"detail", e.what()}});
    }
  }
  return out;
}

std::optional<NotifyState> StaffDesk::notify_state(Problem& why) const {
  ++reads_;
  try {
    return store_.notify_state();
  } catch (const StoreError& e) {
    why = e.problem();
    return std::nullopt;
  }
}

std::optional<StaffDesk::SyncHealth> StaffDesk::sync_health(Problem& why) const {
  ++reads_;
  try {
    return SyncHealth{store_.sync_state(), store_.outbox_pending(), format_day(clock_())};
  } catch (const StoreError& e) {
    why = e.problem();
    return std::nullopt;
  }
}

std::optional<std::int64_t> StaffDesk::quarantined(Problem& why) const {
  ++reads_;
  try {
    return store_.quarantined();
  } catch (const StoreError& e) {
    why = e.problem();
    return std::nullopt;
  }
}

}  // namespace lobby::ui
