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
  text_wrapped(k.tr("staff.reassign.who"), t.fonts.small, colour::muted);
  choose_customer(k, "staff.visit.", k.staff->customers(), c.visit);

  text_wrapped(k.tr("staff.reassign.to"), t.fonts.small, colour::muted);
  bool first = true;
  for (const ManagerProfile& p : k.staff->staff()) {
    if (p.role == "supervisor") continue;
    flow(t.px(45), first);
    const std::string id = "staff.to." + p.id;
    if (button(t, id.c_str(), p.display_name.empty() ? p.id : p.display_name, {t.px(45), 0},
               c.to == p.id ? Tone::selected : Tone::plain))
      c.to = p.id;
  }
  text_wrapped(k.tr("staff.reassign.why"), t.fonts.small, colour::muted);
  const std::string why = tapped_reason(k, "staff.why.", "reassign.",
                                        {"customer_request", "manager_unavailable", "language", "mistake"});
  if (!why.empty() && !c.visit.empty() && !c.to.empty()) {
    Event e;
    e.type = EventType::reassign;
    e.id = c.visit, e.to = c.to, e.reason = why;
    if (console_act(k, e)) c.visit.clear(), c.to.clear();
  }
  console_message(k);
  bottom_bar(k, false);
}

}  // namespace lobby::ui
