// The supervisor sets the turn order: move a manager up one place at a time. Each move is a
// roster event through the rules, audited and sent to HQ like any other. The order is read
// when the screen opens and after each move.
#include "kiosk/ui/staff_console.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <utility>

namespace lobby::ui {

void staff_roster_screen(StaffConsole& c) {
  const Theme& t = c.screen.theme;
  c.refresh([&](StaffConsole::Shown& s) { s.turn_order = c.staff.turn_order(); });
  top_bar(c, "staff.roster");
  const std::vector<std::string>& order = c.shown.turn_order;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::string& id = order[i];
    ImGui::AlignTextToFramePadding();
    text_wrapped(std::to_string(i + 1) + ". " + manager_name(c, id), t.fonts.body);
    if (i == 0) continue;
    ImGui::SameLine(t.px(90));
    const std::string button_id = "staff.up." + id;
    if (button(t, button_id.c_str(), c.screen.tr("staff.roster.up"), {t.px(40), 0})) {
      Event e;
      e.type = EventType::roster;
      e.order = order;
      std::swap(e.order[i], e.order[i - 1]);
      console_act(c, e);
      break;  // the order changed: it is read again and drawn afresh next frame
    }
  }
  console_message(c);
  bottom_bar(c, false);
}

}  // namespace lobby::ui
