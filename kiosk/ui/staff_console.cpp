// Parts the staff console's screens share: doing an action and saying how it went, choosing
// a customer by ticket, and a row of reasons, each a button a finger can hit.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

bool console_act(Kiosk& k, Event e) {
  Console& c = k.console;
  const Problem refused = k.staff->act(std::move(e), c.person);
  c.trouble = !refused.empty();
  c.message = refused.empty() ? k.tr("staff.done") : k.tr("staff.refused", {{"why", k.say(refused)}});
  return refused.empty();
}

void console_message(const Kiosk& k) {
  const Console& c = k.console;
  if (!c.message.empty()) text_wrapped(c.message, k.theme.fonts.body, c.trouble ? colour::warning : colour::accent);
}

bool choose_customer(Kiosk& k, std::string_view id_prefix, const std::vector<StaffDesk::Customer>& customers,
                     std::string& visit) {
  const Theme& t = k.theme;
  if (customers.empty()) text_wrapped(k.tr("staff.nobody"), t.fonts.body, colour::muted);
  // Two rows at most, dragged to scroll: on a busy day the list must not push what follows it
  // (the reasons, Back) off the screen.
  const float row = t.target() + ImGui::GetStyle().ItemSpacing.y;
  begin_drag_scroll(std::string(id_prefix).c_str(), {0, 2 * row});
  bool first = true, chose = false;
  for (const StaffDesk::Customer& cu : customers) {
    flow(t.px(45), first);
    const std::string id = std::string(id_prefix) + cu.ticket;
    if (button(t, id.c_str(), cu.ticket, {t.px(45), 0}, visit == cu.visit ? Tone::selected : Tone::plain))
      visit = cu.visit, chose = true;
  }
  end_drag_scroll();
  return chose;
}

std::string tapped_reason(Kiosk& k, std::string_view id_prefix, std::string_view words_prefix,
                          std::initializer_list<const char*> reasons) {
  const Theme& t = k.theme;
  bool first = true;
  std::string tapped;
  for (const char* reason : reasons) {
    flow(t.px(70), first);
    const std::string id = std::string(id_prefix) + reason;
    if (button(t, id.c_str(), k.tr(std::string(words_prefix) + reason), {t.px(70), 0}, Tone::primary)) tapped = reason;
  }
  return tapped;
}

std::string manager_name(const Kiosk& k, const std::string& id) {
  for (const ManagerProfile& p : k.staff->staff())
    if (p.id == id) return p.display_name.empty() ? p.id : p.display_name;
  return id;
}

}  // namespace lobby::ui
