#include "kiosk/ui/checkin_desk.h"

#include "kiosk/common/log_line.h"

#include "kiosk/core/local_time.h"
#include "kiosk/core/names.h"
#include "kiosk/common/crypto.h"

#include <algorithm>
#include <cstdio>

namespace lobby::ui {

CheckinDesk::CheckinDesk(Reception& reception, Store& store, Clock clock, int typical_reception_minutes)
    : reception_(reception), store_(store), clock_(std::move(clock)), typical_minutes_(typical_reception_minutes) {
  reload_profiles();
}

void CheckinDesk::reload_profiles() {
  try {
    profiles_ = store_.managers();
  } catch (const StoreError& e) {
    log_event(LogLevel::warn, "profiles_unreadable", {{"cause", e.what()}});
  }
}

ManagerCard CheckinDesk::card(const std::string& id) const {
  for (const ManagerProfile& p : profiles_) {
    if (p.id != id) continue;
    const std::string& name = p.display_name.empty() ? p.id : p.display_name;
    std::string initial = p.surname;
    if (initial.empty()) {  // the first character, whole: one UTF-8 sequence
      std::size_t n = 1;
      while (n < name.size() && (static_cast<unsigned char>(name[n]) & 0xC0) == 0x80) ++n;
      initial = name.substr(0, n);
    }
    return {id, name, initial};
  }
  return {id, id, id.substr(0, 1)};
}

std::vector<ManagerCard> CheckinDesk::present_managers(const std::string& line) const {
  std::vector<ManagerCard> cards;
  for (const ManagerView& m : reception_.engine().nameable(line)) cards.push_back(card(m.id));
  return cards;
}

bool CheckinDesk::runs_line(const std::string& line) const {
  const std::vector<LineView> lines = reception_.engine().lines();
  return std::any_of(lines.begin(), lines.end(), [&](const LineView& l) { return l.name == line; });
}

std::optional<KnownCustomer> CheckinDesk::recognise(const std::string& phone, bool& failed) const {
  try {
    return store_.known_customer(phone);
  } catch (const StoreError& e) {
    failed = true;
    log_event(LogLevel::warn, "recognise_failed", {{"cause", e.what()}});
    return std::nullopt;
  }
}

TicketInfo CheckinDesk::ticket_of(const std::string& visit, const std::string& ticket, const std::string& server,
                                  Time arrived) const {
  TicketInfo t;
  t.visit = visit;
  t.ticket = ticket;
  t.time = format_local_time(arrived).substr(11, 5);
  if (!server.empty()) t.manager = card(server).name;
  if (const auto wait = reception_.engine().wait_estimate(visit, typical_minutes_)) {
    t.waiting = true;
    t.ahead = wait->ahead;
    t.minutes = wait->minutes;
    if (!wait->for_manager.empty()) t.waits_for = card(wait->for_manager).name, t.waits_why = wait->why;
  }
  return t;
}

std::optional<TicketInfo> CheckinDesk::refresh(const TicketInfo& shown) {
  try {
    reception_.catch_up();  // a reception finished at the desk, or a customer moved
  } catch (const StoreError& e) {
    log_event(LogLevel::warn, "ticket_refresh_failed", {{"visit", shown.visit}, {"cause", e.what()}});
    return std::nullopt;
  }
  for (const VisitView& v : reception_.engine().visits()) {
    if (v.id != shown.visit) continue;
    if (v.status != VisitView::Status::waiting && v.status != VisitView::Status::receiving) return std::nullopt;
    TicketInfo t = ticket_of(v.id, shown.ticket, v.server, v.arrived);
    t.already_had = shown.already_had;
    return t;
  }
  return std::nullopt;
}

std::optional<TicketInfo> CheckinDesk::check_in(const CheckinRequest& r) {
  Event e;
  e.type = EventType::arrive;
  e.t = clock_();
  e.id = new_uuid();
  e.phone = r.phone;
  e.consent = r.consent;
  e.surname = r.surname;
  e.title = r.title;
  e.line = r.line;
  e.request = r.manager;
  e.referrer = r.referrer;
  e.use_referrer_owner = r.use_referrer_owner;
  // Reception keeps only a consented number, so only such a customer can be recognised.
  std::optional<KnownCustomer> known;
  bool lookup_failed = false;
  if (e.consent && !e.phone.empty()) known = recognise(e.phone, lookup_failed);
  if (known && e.surname.empty()) e.surname = known->surname, e.title = known->title;
  const auto greeted = [&](TicketInfo t) {
    t.known = known;
    t.number_unknown = e.consent && !e.phone.empty() && !known && !lookup_failed;
    return t;
  };
  // A number already holding an open visit gets that ticket again.
  if (e.consent && !e.phone.empty()) {
    try {
      reception_.catch_up();  // a visit finished at the desk meanwhile is closed here too
      if (const auto open = reception_.engine().open_visit_of_phone(e.phone, e.t)) {
        if (const auto label = store_.visit_label(open->id)) {
          TicketInfo t = ticket_of(open->id, label->ticket, open->server, open->arrived);
          t.already_had = true;
          log_event(LogLevel::info, "checkin_repeated", {{"visit", open->id}, {"ticket", t.ticket}});
          // Nothing was recorded: whoever typed the number has not checked in with it, so the
          // ticket is not a greeting, and says no name.
          return t;
        }
      }
    } catch (const StoreError& ex) {
      // Not knowing is no reason for a second visit: the customer is asked to try again.
      log_event(LogLevel::error, "checkin_failed", {{"visit", e.id}, {"cause", ex.what()}});
      return std::nullopt;
    }
  }
  const Handled h = reception_.handle(e, "kiosk");
  if (!h.ok()) {
    log_event(LogLevel::error, "checkin_failed", {{"visit", e.id}, {"cause", plain(h.problem())}});
    return std::nullopt;
  }
  std::string server;
  for (const Decision& d : h.outcome.decisions)
    if (d.visit == e.id) server = d.server;
  return greeted(ticket_of(e.id, h.committed.ticket, server, e.t));
}

}  // namespace lobby::ui
