// Consent to keep the customer's number, asked whenever one was given (known or not: the path
// must not tell). Without it the number is neither stored nor used for this visit, and
// the customer is told they will not be recognised next time.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

void consent_screen(CheckinFlow& f) {
  const Theme& t = f.screen.theme;
  top_bar(f, "ui.consent.title");
  ImGui::Dummy({0, t.px(6)});
  const float text_w = std::min(ImGui::GetContentRegionAvail().x, t.px(300));
  ImGui::SetCursorPosX((ImGui::GetContentRegionMax().x - text_w) / 2);
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + text_w);
  text_wrapped(f.screen.tr("ui.consent.body"), t.fonts.body);
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::Dummy({0, t.px(8)});
  const float w = t.px(100);
  ImGui::SetCursorPosX(ImGui::GetContentRegionMax().x / 2 - w - t.px(3));
  const bool yes = button(t, "consent.yes", f.screen.tr("ui.consent.yes"), {w, t.px(26)}, Tone::primary);
  ImGui::SameLine();
  const bool no = button(t, "consent.no", f.screen.tr("ui.consent.no"), {w, t.px(26)});
  if (yes || no) {
    f.draft.consent = yes;
    f.go(f.next_after(Step::consent));
    return;
  }
  bottom_bar(f, false);
}

}  // namespace lobby::ui
