// What brings you here: a first visit, a return, or to see someone. The answer decides
// whether the kiosk asks for a preferred manager or a referral later on.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

void purpose_screen(CheckinFlow& f) {
  const Theme& t = f.screen.theme;
  top_bar(f, "ui.purpose.title");
  const float width = ImGui::GetContentRegionAvail().x;
  const ImVec2 size = {width * 0.6f, t.px(30)};
  struct Choice {
    const char* id;
    const char* key;
    Purpose purpose;
  };
  static constexpr Choice choices[] = {
      {"purpose.first", "ui.purpose.first", Purpose::first_visit},
      {"purpose.returning", "ui.purpose.returning", Purpose::returning},
      {"purpose.see", "ui.purpose.see", Purpose::see_someone},
  };
  for (const Choice& c : choices) {
    ImGui::SetCursorPosX((ImGui::GetContentRegionMax().x - size.x) / 2);
    if (button(t, c.id, f.screen.tr(c.key), size, Tone::primary)) {
      f.draft.purpose = c.purpose;
      f.go(f.next_after(Step::purpose));
    }
    ImGui::Dummy({0, t.px(2)});
  }
  bottom_bar(f, false);
}

}  // namespace lobby::ui
