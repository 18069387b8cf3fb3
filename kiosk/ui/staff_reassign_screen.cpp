// Reassignment by the supervisor (POLICY.md rule 2.7): choose the customer, the manager to
// take them, and the reason, which is audited with the supervisor's name. The customers are
// read when the screen opens and after each reassignment.
#include "kiosk/ui/staff_console.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <string>
#include <vector>

namespace lobby::ui {

void staff_reassign_screen(StaffConsole& c) {
  const Theme& t = c.screen.theme;
  c.refresh([&](StaffConsole::Shown& s) { s.customers = c.staff.customers(); });
  top_bar(c, "staff.reassign");
  text_wrapped(c.screen.tr("staff.reassign.who"), t.fonts.small, colour::muted);
  choose_customer(c, "staff.visit.", c.shown.customers, c.visit);

  text_wrapped(c.screen.tr("staff.reassign.to"), t.fonts.small, colour::muted);
  std::vector<const ManagerProfile*> managers;  // as read when the console opened
  std::vector<std::string> names;
  for (const ManagerProfile& p : c.staff.staff())
    if (p.role != "supervisor") managers.push_back(&p), names.push_back(p.display_name.empty() ? p.id : p.display_name);
  // Long names on two lines, so that the reasons and Back below still fit the screen.
  const std::vector<std::string> labels =
      name_labels(names, t.px(45), ImGui::GetContentRegionAvail().x, c.screen.tr("board.ellipsis"));
  bool first = true;
  for (std::size_t i = 0; i < managers.size(); ++i) {
    flow(button_width(t, labels[i], t.px(45)), first);
    const std::string id = "staff.to." + managers[i]->id;
    if (button(t, id.c_str(), labels[i], {t.px(45), 0}, c.to == managers[i]->id ? Tone::selected : Tone::plain))
      c.to = managers[i]->id;
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
