// The supervisor sets the turn order: move a manager up one place at a time. Each move is a
// roster event through the rules, audited and sent to HQ like any other.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <utility>

namespace lobby::ui {

void staff_roster_screen(Kiosk& k) {
  const Theme& t = k.theme;
  Console& c = k.console;
  top_bar(k, "staff.roster");
  std::vector<std::string> order = k.staff->turn_order();
  std::map<std::string, std::string> names;
  for (const ManagerProfile& p : k.staff->staff()) names[p.id] = p.display_name.empty() ? p.id : p.display_name;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::string& id = order[i];
    ImGui::AlignTextToFramePadding();
    text_wrapped(std::to_string(i + 1) + ". " + (names.count(id) ? names[id] : id), t.fonts.body);
    if (i == 0) continue;
    ImGui::SameLine(t.px(90));
    const std::string button_id = "staff.up." + id;
    if (button(t, button_id.c_str(), k.tr("staff.roster.up"), {t.px(40), 0})) {
      std::swap(order[i], order[i - 1]);
      Event e;
      e.type = EventType::roster;
      e.order = order;
      const std::string refused = k.staff->act(e, c.person);
      c.trouble = !refused.empty();
      c.message = refused.empty() ? k.tr("staff.done") : k.tr("staff.refused", {{"why", refused}});
      break;  // the list changed under us: draw it afresh next frame
    }
  }
  if (!c.message.empty()) text_wrapped(c.message, t.fonts.body, c.trouble ? colour::warning : colour::accent);
  bottom_bar(k, false);
}

}  // namespace lobby::ui
