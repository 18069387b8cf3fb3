// Welcome: the picture a customer sees from the door. Tap anywhere to begin; the language
// toggle sits in the corner. This screen is what the kiosk shows while it sleeps.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

void welcome_screen(CheckinFlow& f) {
  const Theme& t = f.screen.theme;
  const ImVec2 max = ImGui::GetContentRegionMax();
  const std::string other = f.screen.tr("ui.lang.other");
  ImGui::SetCursorPosX(max.x - button_width(t, other, t.px(45)));
  if (button(t, "language", other, {t.px(45), 0})) f.screen.toggle_language();

  const float below_toggle = ImGui::GetCursorPosY();
  // Staff hold the top-left corner for two seconds to reach the console (then a PIN).
  if (f.staff_corner) {
    ImGui::SetCursorPos({0, 0});
    ImGui::InvisibleButton("staff.corner", {t.px(30), below_toggle});
    if (ImGui::IsItemActive() && ImGui::GetIO().MouseDownDuration[0] >= 2.0f) f.console_asked = true;
  }
  ImGui::SetCursorPosY(max.y * 0.30f);
  text_centered(f.screen.tr("ui.welcome.title"), t.fonts.title);
  ImGui::Dummy({0, t.px(6)});
  text_centered(f.screen.tr("ui.welcome.tap"), t.fonts.body, colour::accent);
  ImGui::Dummy({0, t.px(3)});
  text_centered(f.screen.tr("ui.welcome.hint"), t.fonts.small, colour::muted);

  // Everything below the toggle starts the check-in.
  ImGui::SetCursorPos({ImGui::GetStyle().WindowPadding.x, below_toggle});
  if (tap_area(t, "welcome.start", {max.x - ImGui::GetStyle().WindowPadding.x, max.y - below_toggle}))
    f.go(Step::purpose);
}

}  // namespace lobby::ui
