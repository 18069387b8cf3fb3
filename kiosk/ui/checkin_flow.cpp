#include "kiosk/ui/checkin_flow.h"

#include "kiosk/core/phone.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <algorithm>

namespace lobby::ui {

Kiosk::Kiosk(const Theme& theme, const KioskText& text, CheckinDesk& desk, KioskSettings settings)
    : theme(theme), text(text), desk(desk), settings(settings), lang(settings.start_language) {}

std::string Kiosk::tr(std::string_view key) const { return (lang == Lang::zh ? text.zh : text.en)[key]; }

std::string Kiosk::tr(std::string_view key, const std::map<std::string_view, std::string_view>& values) const {
  return fill(tr(key), values);
}

std::string Kiosk::say(Problem p) const {
  // People know managers by name, not by id.
  if (auto m = p.args.find("m"); m != p.args.end() && staff) m->second = manager_name(*this, m->second);
  return render(p, lang == Lang::zh ? text.zh : text.en);
}

void Kiosk::go(Step next) {
  history.push_back(step);
  step = next;
  shown_at = now;
}

void Kiosk::back() {
  // Back to the welcome screen is leaving: the next customer must find nothing typed.
  if (history.empty() || history.back() == Step::welcome) return start_over();
  step = history.back();
  history.pop_back();
  shown_at = now;
}

void Kiosk::start_over() {
  step = Step::welcome;
  history.clear();
  draft = Draft{};
  ticket = TicketInfo{};
  console = Console{};  // nothing of the console, or of a customer, stays on screen
  lang = settings.start_language;
  shown_at = now;
}

Step Kiosk::next_after(Step s) const {
  const Draft& d = draft;
  const bool asks_consent = !d.phone.empty() && !d.known;
  switch (s) {
    case Step::welcome: return Step::purpose;
    case Step::purpose: return Step::phone;
    case Step::phone:
      if (!d.known) return Step::name;
      return d.purpose == Purpose::see_someone ? Step::manager : Step::confirm;
    case Step::name: return Step::manager;
    case Step::manager:
      if (d.purpose != Purpose::see_someone && !d.known) return Step::referral;
      return asks_consent ? Step::consent : Step::confirm;
    case Step::referral: return asks_consent ? Step::consent : Step::confirm;
    case Step::consent: return Step::confirm;
    default: return Step::welcome;
  }
}

void Kiosk::check_in() {
  CheckinRequest r;
  r.phone = draft.phone;
  r.consent = draft.consent || draft.known.has_value();  // a known customer consented before
  if (draft.known) r.surname = draft.known->surname, r.title = draft.known->title;
  else r.surname = draft.surname, r.title = draft.title;
  r.manager = draft.manager;
  r.referrer = draft.referrer;
  r.use_referrer_owner = draft.use_referrer_owner;
  if (auto t = desk.check_in(r)) {
    ticket = *t;
    go(Step::ticket);
    print_ticket(*this);  // only now: the check-in has committed, whatever the printer does
  } else {
    go(Step::failed);
  }
  history.clear();  // nothing to go back to once the check-in was tried
}

std::string phone_problem(const Kiosk& k, std::string_view typed) {
  std::string normalised;
  switch (check_mobile(typed, normalised)) {
    case PhoneError::none: return "";
    case PhoneError::empty: return k.tr("ui.phone.error.empty");
    case PhoneError::wrong_length: {
      const std::string n = std::to_string(typed.size());
      return k.tr("ui.phone.error.length", {{"n", n}});
    }
    case PhoneError::not_digits:
    case PhoneError::not_mobile: return k.tr("ui.phone.error.mobile");
  }
  return "";
}

void top_bar(Kiosk& k, std::string_view title_key) {
  const Theme& t = k.theme;
  if (button(t, "start_over", k.tr("ui.start_over"), {t.px(55), 0})) return k.start_over();
  ImGui::SameLine(ImGui::GetContentRegionMax().x - t.px(45));
  if (button(t, "language", k.tr("ui.lang.other"), {t.px(45), 0}))
    k.lang = k.lang == Lang::zh ? Lang::en : Lang::zh;
  ImGui::Dummy({0, t.px(2)});
  text_centered(k.tr(title_key), t.fonts.title);
  ImGui::Dummy({0, t.px(4)});
}

bool bottom_bar(Kiosk& k, bool show_next, std::string_view next_key) {
  const Theme& t = k.theme;
  const ImVec2 max = ImGui::GetContentRegionMax();
  ImGui::SetCursorPosY(max.y - t.target());
  if (button(t, "back", k.tr("ui.back"), {t.px(50), 0})) {
    k.back();
    return false;
  }
  if (!show_next) return false;
  ImGui::SameLine(max.x - t.px(70));
  return button(t, "next", k.tr(next_key), {t.px(70), 0}, Tone::primary);
}

void draw_kiosk(Kiosk& k) {
  const double idle = k.now - k.last_touch;
  // A ticket whose print failed may stay longer than the inactivity limit: it says why.
  const double idle_limit = k.step == Step::ticket && k.printer
                                ? std::max<double>(k.settings.inactivity_reset_s, ticket_seconds(k))
                                : k.settings.inactivity_reset_s;
  if (k.step != Step::welcome && idle >= idle_limit) k.start_over();
  if (k.step == Step::ticket && k.now - k.shown_at >= ticket_seconds(k)) k.start_over();

  frame_targets().clear();
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(io.DisplaySize);
  // No background: the renderer's clear already paints the paper colour, once.
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                     ImGuiWindowFlags_NoBackground;
  ImGui::Begin("kiosk", nullptr, flags);
  switch (k.step) {
    case Step::welcome: welcome_screen(k); break;
    case Step::purpose: purpose_screen(k); break;
    case Step::phone: phone_screen(k); break;
    case Step::name: name_screen(k); break;
    case Step::manager: manager_screen(k); break;
    case Step::referral: referral_screen(k); break;
    case Step::consent: consent_screen(k); break;
    case Step::confirm: confirm_screen(k); break;
    case Step::ticket: ticket_screen(k); break;
    case Step::failed: failed_screen(k); break;
    case Step::staff_sign_in: staff_sign_in_screen(k); break;
    case Step::staff_home: staff_home_screen(k); break;
    case Step::staff_reassign: staff_reassign_screen(k); break;
    case Step::staff_roster: staff_roster_screen(k); break;
    case Step::staff_claims: staff_claims_screen(k); break;
    case Step::staff_void: staff_void_screen(k); break;
    case Step::staff_audit: staff_audit_screen(k); break;
  }
  ImGui::End();
}

std::optional<double> next_deadline(const Kiosk& k) {
  if (k.step == Step::welcome) return std::nullopt;
  double at = k.last_touch + k.settings.inactivity_reset_s;
  if (k.step == Step::ticket && k.printer)
    at = k.last_touch + std::max<double>(k.settings.inactivity_reset_s, ticket_seconds(k));
  if (k.step == Step::ticket) at = std::min(at, k.shown_at + ticket_seconds(k));
  return at;
}

}  // namespace lobby::ui
