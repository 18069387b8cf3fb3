// The supervisor sets the turn order in one step: tap the managers in the new order (each tap
// numbers the next place), then Save once. Those not tapped keep their order after them. One
// roster event through the rules, audited and sent to HQ like any other, instead of one per
// "move up". The order is read when the screen opens and after the save.
#include "kiosk/ui/staff_console.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

namespace lobby::ui {

std::vector<std::string> new_turn_order(const std::vector<std::string>& now, const std::vector<std::string>& tapped) {
  std::vector<std::string> order = tapped;
  for (const std::string& m : now)
    if (std::find(tapped.begin(), tapped.end(), m) == tapped.end()) order.push_back(m);
  return order;
}

namespace {
std::string numbered(const StaffConsole& c, const std::vector<std::string>& order) {
  std::string out;
  for (std::size_t i = 0; i < order.size(); ++i)
    out += (i ? "   " : "") + std::to_string(i + 1) + ". " + manager_name(c, order[i]);
  return out;
}
}  // namespace

void staff_roster_screen(StaffConsole& c) {
  const Theme& t = c.screen.theme;
  c.refresh([&](StaffConsole::Shown& s) { s.turn_order = c.staff.turn_order(); });
  top_bar(c, "staff.roster");
  const std::vector<std::string>& order = c.shown.turn_order;
  text_wrapped(c.screen.tr("staff.roster.now", {{"order", numbered(c, order)}}), t.fonts.body);
  text_wrapped(c.screen.tr("staff.roster.how"), t.fonts.small, colour::muted);
  std::vector<std::string> untapped, names;
  for (const std::string& m : order)
    if (std::find(c.new_order.begin(), c.new_order.end(), m) == c.new_order.end())
      untapped.push_back(m), names.push_back(manager_name(c, m));
  // Long names on two lines, so that the new order and Save below still fit the screen.
  const std::vector<std::string> labels =
      name_labels(names, t.px(45), ImGui::GetContentRegionAvail().x, c.screen.tr("board.ellipsis"));
  bool first = true;
  for (std::size_t i = 0; i < untapped.size(); ++i) {
    flow(button_width(t, labels[i], t.px(45)), first);
    const std::string id = "staff.pick." + untapped[i];
    if (button(t, id.c_str(), labels[i], {t.px(45), 0})) c.new_order.push_back(untapped[i]), c.message.clear();
  }
  if (!c.new_order.empty()) {
    text_wrapped(c.screen.tr("staff.roster.new", {{"order", numbered(c, new_turn_order(order, c.new_order))}}),
                 t.fonts.body, colour::accent);
    if (button(t, "staff.roster.clear", c.screen.tr("staff.roster.clear"), {t.px(50), 0})) c.new_order.clear();
    ImGui::SameLine();
    if (button(t, "staff.roster.save", c.screen.tr("staff.roster.save"), {t.px(50), 0}, Tone::primary)) {
      Event e;
      e.type = EventType::roster;
      e.order = new_turn_order(order, c.new_order);
      if (console_act(c, e)) c.new_order.clear();
    }
  }
  console_message(c);
  bottom_bar(c, false);
}

}  // namespace lobby::ui
