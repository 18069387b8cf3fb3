// A preferred manager: "no preference", then a card for each manager on duty today. A
// customer who came to see someone is asked who; anyone else may simply go on.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

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
  // A card holds the badge and the name under it. A name too long for the card takes two lines,
  // and the cards grow (all alike, so they line up) to show each line whole, up to two cards a
  // row, past which a line is shortened with an ellipsis.
  ImFont* name_font = t.fonts.body;
  const float pad = ImGui::GetStyle().FramePadding.x, gap = ImGui::GetStyle().ItemSpacing.x;
  const float widest = (ImGui::GetContentRegionAvail().x - gap) / 2;
  const std::string ellipsis = f.screen.tr("board.ellipsis");
  std::vector<std::vector<std::string>> names;
  const float narrowest = t.px(70);
  float card_w = narrowest;
  std::size_t lines = 1;
  for (const ManagerCard& c : cards) {
    names.push_back(name_lines(*name_font, c.name, narrowest - 2 * pad, widest - 2 * pad, ellipsis));
    lines = std::max(lines, names.back().size());
    for (const std::string& l : names.back())
      card_w = std::max(card_w, name_font->CalcTextSizeA(name_font->FontSize, 1e9f, 0, l.c_str()).x + 2 * pad);
  }
  const float r = t.px(10.5f), names_top = t.px(2) + 2 * r + t.px(1);
  const float card_h = names_top + lines * name_font->FontSize;
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
  for (std::size_t i = 0; i < cards.size(); ++i) {
    const ManagerCard& c = cards[i];
    flow(card_w, first);
    // The card: the surname large as a badge (its first letter when a long surname would not
    // fit the badge: "V" for Vanderberg-Okonkwo), the name below it.
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const std::string id = "manager." + c.id;
    const bool tapped = button(t, id.c_str(), "", {card_w, card_h});
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 centre = {at.x + card_w / 2, at.y + t.px(2) + r};
    draw->AddCircleFilled(centre, r, colour::accent, 48);
    ImFont* badge = t.fonts.title;
    std::string initial = c.initial;
    ImVec2 is = badge->CalcTextSizeA(badge->FontSize, 1e9f, 0, initial.c_str());
    if (is.x > 2 * r - t.px(2)) {
      std::size_t n = 1;  // one character, whole: one UTF-8 sequence
      while (n < initial.size() && (static_cast<unsigned char>(initial[n]) & 0xC0) == 0x80) ++n;
      initial.resize(n);
      is = badge->CalcTextSizeA(badge->FontSize, 1e9f, 0, initial.c_str());
    }
    draw->AddText(badge, badge->FontSize, {centre.x - is.x / 2, centre.y - is.y / 2}, 0xFFFFFFFF, initial.c_str());
    float y = at.y + names_top;
    for (const std::string& l : names[i]) {
      const float w = name_font->CalcTextSizeA(name_font->FontSize, 1e9f, 0, l.c_str()).x;
      draw->AddText(name_font, name_font->FontSize, {at.x + (card_w - w) / 2, y}, colour::text, l.c_str());
      y += name_font->FontSize;
    }
    if (tapped) choose(c.id, c.name);
  }
  end_drag_scroll();
  bottom_bar(f, false);
}

}  // namespace lobby::ui
