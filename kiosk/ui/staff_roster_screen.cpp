// The supervisor sets the turn order: move a manager up one place at a time. Each move is a
// roster event through the rules, audited and sent to HQ like any other.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <utility>

namespace lobby::ui {

void staff_roster_screen(Kiosk& k) {
  const Theme& t = k.theme;
  top_bar(k, "staff.roster");
  std::vector<std::string> order = k.staff->turn_order();
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::string& id = order[i];
    ImGui::AlignTextToFramePadding();
    text_wrapped(std::to_string(i + 1) + ". " + manager_name(k, id), t.fonts.body);
    if (i == 0) continue;
    ImGui::SameLine(t.px(90));
    const std::string button_id = "staff.up." + id;
    if (button(t, button_id.c_str(), k.tr("staff.roster.up"), {t.px(40), 0})) {
      std::swap(order[i], order[i - 1]);
      Event e;
      e.type = EventType::roster;
      e.order = order;
      console_act(k, e);
      break;  // the list changed under us: draw it afresh next frame
    }
  }
  console_message(k);
  bottom_bar(k, false);
}

}  // namespace lobby::ui
