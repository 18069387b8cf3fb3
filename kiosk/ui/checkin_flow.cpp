#include "kiosk/ui/checkin_flow.h"

#include "kiosk/core/phone.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <chrono>

namespace lobby::ui {

CheckinFlow::CheckinFlow(ScreenContext& screen, CheckinDesk& desk, const KioskSettings& settings, bool staff_corner)
    : screen(screen), desk(desk), settings(settings), staff_corner(staff_corner) {}

void CheckinFlow::go(Step next) {
  history.push_back(step);
  step = next;
  shown_at = screen.now;
}

void CheckinFlow::back() {
  // Back to the welcome screen is leaving: the next customer must find nothing typed.
  if (history.empty() || history.back() == Step::welcome) return start_over();
  step = history.back();
  history.pop_back();
  shown_at = screen.now;
}

void CheckinFlow::start_over() {
  step = Step::welcome;
  history.clear();
  draft = Draft{};
  ticket = TicketInfo{};
  commit = Commit::none;
  console_asked = false;
  screen.lang = settings.start_language;
  shown_at = screen.now;
}

Step CheckinFlow::next_after(Step s) const {
  const Draft& d = draft;
  const Step consent_or_confirm = d.phone.empty() ? Step::confirm : Step::consent;
  switch (s) {
    case Step::welcome: return Step::purpose;
    case Step::purpose: return Step::phone;
    case Step::phone: return Step::name;  // optional: a known customer's stored name serves
    case Step::name: return Step::manager;
    case Step::manager:
      // Who referred them only matters on a first visit, and not once they named a manager.
      if (d.purpose == Purpose::first_visit && d.manager.empty()) return Step::referral;
      return consent_or_confirm;
    case Step::referral: return consent_or_confirm;
    case Step::consent: return Step::confirm;
    default: return Step::welcome;
  }
}

void CheckinFlow::check_in() {
  CheckinRequest r;
  r.phone = draft.phone;
  r.consent = draft.consent;
  r.surname = draft.surname, r.title = draft.title;
  r.line = draft.line;
  r.manager = draft.manager;
  r.referrer = draft.referrer;
  r.use_referrer_owner = draft.use_referrer_owner;
  commit = Commit::none;
  const auto started = std::chrono::steady_clock::now();
  const std::optional<TicketInfo> t = desk.check_in(r);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // The frame began before the commit: what follows starts when it ended. Touches queued
  // while a slow commit held the screen were meant for Confirm, not for the ticket's Done.
  const double ended = screen.now + took;
  touches_from = took > 0.25 ? ended + 1 : 0;
  if (t) {
    ticket = *t;
    go(Step::ticket);
    shown_at = estimated_at = asked_at = ended;
    // Only now: the check-in has committed, whatever the printer does. A ticket they already
    // hold was printed when it was new.
    if (!ticket.already_had) print_ticket(*this);
  } else {
    go(Step::failed);
    shown_at = ended;
  }
  history.clear();  // nothing to go back to once the check-in was tried
}

std::string phone_problem(const CheckinFlow& f, std::string_view typed) {
  std::string normalised;
  switch (check_mobile(typed, normalised)) {
    case PhoneError::none: return "";
    case PhoneError::empty: return f.screen.tr("ui.phone.error.empty");
    case PhoneError::wrong_length: {
      const std::string n = std::to_string(typed.size());
      return f.screen.tr("ui.phone.error.length", {{"n", n}});
    }
    case PhoneError::not_digits:
    case PhoneError::not_mobile: return f.screen.tr("ui.phone.error.mobile");
  }
  return "";
}

void top_bar(CheckinFlow& f, std::string_view title_key) {
  if (top_bar(f.screen, title_key)) f.start_over();
}

bool bottom_bar(CheckinFlow& f, bool show_next, std::string_view next_key) {
  const BarTap tap = bottom_bar(f.screen, show_next, next_key);
  if (tap == BarTap::back) f.back();
  return tap == BarTap::next;
}

void draw_checkin(CheckinFlow& f) {
  switch (f.step) {
    case Step::welcome: welcome_screen(f); break;
    case Step::purpose: purpose_screen(f); break;
    case Step::phone: phone_screen(f); break;
    case Step::name: name_screen(f); break;
    case Step::manager: manager_screen(f); break;
    case Step::referral: referral_screen(f); break;
    case Step::consent: consent_screen(f); break;
    case Step::confirm: confirm_screen(f); break;
    case Step::ticket: ticket_screen(f); break;
    case Step::failed: failed_screen(f); break;
  }
}

std::string said_name(const CheckinFlow& f, std::string_view surname, std::string_view title) {
  return polite_name(surname, title, f.screen.lang == Lang::en ? NameLanguage::en : NameLanguage::zh,
                     f.screen.text.surnames);
}

}  // namespace lobby::ui
