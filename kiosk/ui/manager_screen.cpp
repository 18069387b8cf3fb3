// A preferred manager: "no preference", then a card for each manager on duty today. A
// customer who came to see someone is asked who; anyone else may simply go on.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

void manager_screen(CheckinFlow& f) {
  const Theme& t = f.screen.theme;
  Draft& d = f.draft;
  const bool seeing = d.purpose == Purpose::see_someone;
  top_bar(f, seeing ? "ui.manager.title_see" : "ui.manager.title");
  // No greeting for a known number here: nothing about its owner shows before check-in.

  const auto cards = f.desk.present_managers(d.line);
  if (cards.empty()) text_centered(f.screen.tr("ui.manager.nobody"), t.fonts.body, colour::muted);
  const float bottom = ImGui::GetContentRegionMax().y - t.target() - ImGui::GetStyle().ItemSpacing.y;
  begin_drag_scroll("managers", {0, bottom - ImGui::GetCursorPosY()});
  const float card_w = t.px(70), card_h = t.px(40);
  bool first = true;
  auto choose = [&](const std::string& id, const std::string& name) {
    d.manager = id;
    d.manager_name = name;
    f.go(f.next_after(Step::manager));
  };
  // "No preference" first: the answer most customers give, and the one that is always there.
  flow(card_w, first);
  if (button(t, "manager.none", f.screen.tr(seeing ? "ui.manager.unsure" : "ui.manager.none"), {card_w, card_h}))
    choose("", "");
  for (const ManagerCard& c : cards) {
    flow(card_w, first);
    // The card: the surname large as a badge, the name below it.
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const std::string id = "manager." + c.id;
    const bool tapped = button(t, id.c_str(), "", {card_w, card_h});
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float r = t.px(11);
    const ImVec2 centre = {at.x + card_w / 2, at.y + t.px(3) + r};
    draw->AddCircleFilled(centre, r, colour::accent, 48);
    const ImVec2 is = t.fonts.title->CalcTextSizeA(t.fonts.title->FontSize, 1e9f, 0, c.initial.c_str());
    draw->AddText(t.fonts.title, t.fonts.title->FontSize, {centre.x - is.x / 2, centre.y - is.y / 2}, 0xFFFFFFFF,
                  c.initial.c_str());
    const ImVec2 ns = t.fonts.body->CalcTextSizeA(t.fonts.body->FontSize, 1e9f, 0, c.name.c_str());
    draw->AddText(t.fonts.body, t.fonts.body->FontSize, {at.x + (card_w - ns.x) / 2, centre.y + r + t.px(2)},
                  colour::text, c.name.c_str());
    if (tapped) choose(c.id, c.name);
  }
  end_drag_scroll();
  bottom_bar(f, false);
}

}  // namespace lobby::ui
