// Reassignment by the supervisor (POLICY.md rule 2.7): choose the customer, the manager to
// take them, and the reason, which is audited with the supervisor's name.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

void staff_reassign_screen(Kiosk& k) {
  const Theme& t = k.theme;
  Console& c = k.console;
  top_bar(k, "staff.reassign");
  const ImVec2 cell = {t.px(45), 0};
  const float right = ImGui::GetContentRegionMax().x;
  auto row_break = [&](bool& first) {
    if (!first && ImGui::GetItemRectMax().x + t.px(5) + cell.x <= right) ImGui::SameLine();
    first = false;
  };

  text_wrapped(k.tr("staff.reassign.who"), t.fonts.small, colour::muted);
  bool first = true;
  for (const StaffDesk::Customer& cu : k.staff->customers()) {
    row_break(first);
    const std::string id = "staff.visit." + cu.ticket;
    if (button(t, id.c_str(), cu.ticket, cell, c.visit == cu.visit ? Tone::selected : Tone::plain)) c.visit = cu.visit;
  }
  text_wrapped(k.tr("staff.reassign.to"), t.fonts.small, colour::muted);
  first = true;
  for (const ManagerProfile& p : k.staff->staff()) {
    if (p.role == "supervisor") continue;
    row_break(first);
    const std::string id = "staff.to." + p.id;
    if (button(t, id.c_str(), p.display_name.empty() ? p.id : p.display_name, cell,
               c.to == p.id ? Tone::selected : Tone::plain))
      c.to = p.id;
  }
  text_wrapped(k.tr("staff.reassign.why"), t.fonts.small, colour::muted);
  first = true;
  for (const char* reason : {"customer_request", "manager_unavailable", "language", "mistake"}) {
    row_break(first);
    const std::string id = std::string("staff.why.") + reason;
    if (button(t, id.c_str(), k.tr(std::string("reassign.") + reason), {t.px(70), 0}, Tone::primary) &&
        !c.visit.empty() && !c.to.empty()) {
      Event e;
      e.type = EventType::reassign;
      e.id = c.visit, e.to = c.to, e.reason = reason;
      const std::string refused = k.staff->act(e, c.person);
      c.trouble = !refused.empty();
      c.message = refused.empty() ? k.tr("staff.done") : k.tr("staff.refused", {{"why", refused}});
      if (refused.empty()) c.visit.clear(), c.to.clear();
    }
  }
  if (!c.message.empty()) text_wrapped(c.message, t.fonts.body, c.trouble ? colour::warning : colour::accent);
  bottom_bar(k, false);
}

}  // namespace lobby::ui
