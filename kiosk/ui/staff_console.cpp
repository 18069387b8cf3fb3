// The staff console's moves between its screens, what a screen shows and when it is read, and
// the parts its screens share: doing an action and saying how it went, choosing a customer by
// ticket, and a row of reasons, each a button a finger can hit.
#include "kiosk/ui/staff_console.h"

#include "kiosk/core/names.h"

#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

StaffConsole::StaffConsole(ScreenContext& screen, StaffDesk& staff, TicketPrinter* printer)
    : screen(screen), staff(staff), printer(printer) {}

void StaffConsole::refresh(const std::function<void(Shown&)>& load) {
  const Read now{staff.changes(), screen.lang};
  if (read_ == now) return;
  shown = Shown{};
  load(shown);
  ++loads;
  read_ = now;
}

void StaffConsole::go(StaffScreen next) {
  new_order.clear();
  history.push_back(showing);
  showing = next;
  read_.reset(), loads = 0;
}

void StaffConsole::back() {
  if (history.empty()) return leave();
  showing = history.back();
  history.pop_back();
  read_.reset(), loads = 0;
}

void StaffConsole::leave() { left = true; }

std::string StaffConsole::say(Problem p) const {
  // People know managers by name, not by id.
  if (auto m = p.args.find("m"); m != p.args.end()) m->second = manager_name(*this, m->second);
  return render(p, screen.words());
}

void draw_console(StaffConsole& c) {
  if (c.asking) return staff_ask_screen(c);
  switch (c.showing) {
    case StaffScreen::sign_in: staff_sign_in_screen(c); break;
    case StaffScreen::home: staff_home_screen(c); break;
    case StaffScreen::reassign: staff_reassign_screen(c); break;
    case StaffScreen::roster: staff_roster_screen(c); break;
    case StaffScreen::claims: staff_claims_screen(c); break;
    case StaffScreen::void_visit: staff_void_screen(c); break;
    case StaffScreen::audit: staff_audit_screen(c); break;
  }
}

void top_bar(StaffConsole& c, std::string_view title_key) {
  if (top_bar(c.screen, title_key)) c.leave();
}

bool bottom_bar(StaffConsole& c, bool show_next, std::string_view next_key) {
  const BarTap tap = bottom_bar(c.screen, show_next, next_key);
  if (tap == BarTap::back) c.back();
  return tap == BarTap::next;
}

bool console_act(StaffConsole& c, Event e) {
  const Problem refused = c.staff.act(std::move(e), c.person);
  c.trouble = !refused.empty();
  c.message = refused.empty() ? c.screen.tr("staff.done") : c.screen.tr("staff.refused", {{"why", c.say(refused)}});
  return refused.empty();
}

void console_ask(StaffConsole& c, Event e, std::function<std::string(const StaffConsole&)> question) {
  c.message.clear();
  c.asking = StaffConsole::Asking{std::move(e), std::move(question)};
}

void console_refuse(StaffConsole& c, std::string_view key) {
  c.trouble = true;
  c.message = c.screen.tr(std::string(key));
}

std::string customer_label(const StaffConsole& c, const StaffDesk::Customer& cu) {
  if (cu.surname.empty() && cu.title.empty()) return cu.ticket;
  const NameLanguage language = c.screen.lang == Lang::en ? NameLanguage::en : NameLanguage::zh;
  return cu.ticket + " " + polite_name(cu.surname, cu.title, language, c.screen.text.surnames);
}

void staff_ask_screen(StaffConsole& c) {
  const Theme& t = c.screen.theme;
  top_bar(c, "staff.ask.title");
  ImGui::Dummy({0, t.px(10)});
  text_centered(c.asking->question(c), t.fonts.title);
  ImGui::Dummy({0, t.px(10)});
  const ImVec2 size = {t.px(70), 0};
  ImGui::SetCursorPosX((ImGui::GetContentRegionMax().x - 2 * size.x - ImGui::GetStyle().ItemSpacing.x) / 2);
  if (button(t, "staff.ask.no", c.screen.tr("staff.ask.no"), size)) {
    c.asking.reset();
    c.trouble = false, c.message = c.screen.tr("staff.ask.kept");
    return;
  }
  ImGui::SameLine();
  if (button(t, "staff.ask.yes", c.screen.tr("staff.ask.yes"), size, Tone::primary)) {
    const Event e = c.asking->event;
    c.asking.reset();
    if (console_act(c, e)) c.visit.clear(), c.to.clear();
  }
}

void console_message(const StaffConsole& c) {
  if (!c.message.empty())
    text_wrapped(c.message, c.screen.theme.fonts.body, c.trouble ? colour::warning : colour::accent);
}

StaffDesk::Customer chosen_customer(const StaffConsole& c) {
  for (const StaffDesk::Customer& shown : c.shown.customers)
    if (shown.visit == c.visit) return shown;
  StaffDesk::Customer bare;
  bare.visit = bare.ticket = c.visit;
  return bare;
}

std::string customer_words(const StaffConsole& c, const StaffDesk::Customer& cu, std::string_view between) {
  std::string words = customer_label(c, cu);
  if (cu.arrived.empty()) return words;  // the rules no longer know the visit: its label is all there is
  const std::string manager =
      cu.manager.empty() ? c.screen.tr("staff.visit.anyone") : manager_name(c, cu.manager);
  return words.append(between).append(c.screen.tr(
      "staff.visit.line",
      {{"time", cu.arrived}, {"manager", manager}, {"state", c.screen.tr("staff.visit.state." + cu.state)}}));
}

bool choose_customer(StaffConsole& c, std::string_view id_prefix, const std::vector<StaffDesk::Customer>& customers,
                     std::string& visit) {
  const Theme& t = c.screen.theme;
  if (customers.empty()) return text_wrapped(c.screen.tr("staff.nobody"), t.fonts.body, colour::muted), false;
  // Every button as big as the biggest, so that they line up and the whole visit shows on each.
  std::vector<std::string> words;
  ImVec2 size = {t.px(110), 0};
  for (const StaffDesk::Customer& cu : customers) {
    words.push_back(customer_words(c, cu));
    size = button_size(t, words.back(), size, t.fonts.small);
  }
  // Two rows at most, dragged to scroll: on a busy day the list must not push what follows it
  // (the reasons, Back) off the screen.
  begin_drag_scroll(std::string(id_prefix).c_str(), {0, 2 * (size.y + ImGui::GetStyle().ItemSpacing.y)});
  bool first = true, chose = false;
  for (std::size_t i = 0; i < customers.size(); ++i) {
    const StaffDesk::Customer& cu = customers[i];
    flow(size.x, first);
    const std::string id = std::string(id_prefix) + cu.ticket;
    if (button(t, id.c_str(), words[i], size, visit == cu.visit ? Tone::selected : Tone::plain, t.fonts.small))
      visit = cu.visit, chose = true;
  }
  end_drag_scroll();
  return chose;
}

std::string tapped_reason(StaffConsole& c, std::string_view id_prefix, std::string_view words_prefix,
                          std::initializer_list<const char*> reasons) {
  const Theme& t = c.screen.theme;
  bool first = true;
  std::string tapped;
  for (const char* reason : reasons) {
    flow(t.px(70), first);
    const std::string id = std::string(id_prefix) + reason;
    if (button(t, id.c_str(), c.screen.tr(std::string(words_prefix) + reason), {t.px(70), 0}, Tone::primary))
      tapped = reason;
  }
  return tapped;
}

std::string manager_name(const StaffConsole& c, const std::string& id) {
  for (const ManagerProfile& p : c.staff.staff())
    if (p.id == id) return p.display_name.empty() ? p.id : p.display_name;
  return id;
}

}  // namespace lobby::ui
