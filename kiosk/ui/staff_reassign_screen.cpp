// Reassignment by the supervisor (POLICY.md rule 2.7): choose the customer, the manager to
// take them, and the reason, which is audited with the supervisor's name. The customers are
// read when the screen opens and after each reassignment.
#include "kiosk/ui/staff_console.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

void staff_reassign_screen(StaffConsole& c) {
  const Theme& t = c.screen.theme;
  c.refresh([&](StaffConsole::Shown& s) { s.customers = c.staff.customers(); });
  top_bar(c, "staff.reassign");
  text_wrapped(c.screen.tr("staff.reassign.who"), t.fonts.small, colour::muted);
  choose_customer(c, "staff.visit.", c.shown.customers, c.visit);

  text_wrapped(c.screen.tr("staff.reassign.to"), t.fonts.small, colour::muted);
  bool first = true;
  for (const ManagerProfile& p : c.staff.staff()) {  // as read when the console opened
    if (p.role == "supervisor") continue;
    flow(t.px(45), first);
    const std::string id = "staff.to." + p.id;
    if (button(t, id.c_str(), p.display_name.empty() ? p.id : p.display_name, {t.px(45), 0},
               c.to == p.id ? Tone::selected : Tone::plain))
      c.to = p.id;
  }
  text_wrapped(c.screen.tr("staff.reassign.why"), t.fonts.small, colour::muted);
  const std::string why = tapped_reason(c, "staff.why.", "reassign.",
                                        {"customer_request", "manager_unavailable", "language", "mistake"});
  if (!why.empty() && c.visit.empty()) console_refuse(c, "staff.choose_customer_first");
  else if (!why.empty() && c.to.empty()) console_refuse(c, "staff.choose_manager_first");
  else if (!why.empty()) {
    Event e;
    e.type = EventType::reassign;
    e.id = c.visit, e.to = c.to, e.reason = why;
    const StaffDesk::Customer cu = chosen_customer(c);
    console_ask(c, e, [cu, why, to = c.to](const StaffConsole& c) {
      return c.screen.tr("staff.ask.reassign", {{"customer", customer_label(c, cu)},
                                                {"name", manager_name(c, to)},
                                                {"why", c.screen.tr("reassign." + why)}});
    });
  }
  console_message(c);
  bottom_bar(c, false);
}

}  // namespace lobby::ui
