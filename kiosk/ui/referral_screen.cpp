// A referral: the friend's mobile number, then whether the friend's manager should receive
// them (POLICY.md rule 1.5: if that manager is present they do, else the rules decide). Every
// number gets the same question: whose customer a number is, and whether that manager is in
// today, is nobody's business at a public screen. The ticket names the manager after check-in.
#include "kiosk/core/phone.h"
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

void referral_screen(CheckinFlow& f) {
  const Theme& t = f.screen.theme;
  Draft& d = f.draft;
  if (d.referrer_asked) {
    top_bar(f, "ui.referral.title");
    ImGui::Dummy({0, t.px(10)});
    text_centered(f.screen.tr("ui.referral.offer"), t.fonts.body);
    ImGui::Dummy({0, t.px(8)});
    const float w = t.px(110);
    ImGui::SetCursorPosX(ImGui::GetContentRegionMax().x / 2 - w - t.px(3));
    const bool yes =
        button(t, "referral.yes", f.screen.tr("ui.referral.yes"), {w, t.px(26)}, Tone::primary);
    ImGui::SameLine();
    const bool anyone = button(t, "referral.anyone", f.screen.tr("ui.referral.anyone"), {w, t.px(26)});
    if (yes || anyone) {
      d.use_referrer_owner = yes;
      f.go(f.next_after(Step::referral));
      return;
    }
    // Back returns to the friend's number, not to the screen before.
    ImGui::SetCursorPosY(ImGui::GetContentRegionMax().y - t.target());
    if (button(t, "back", f.screen.tr("ui.back"), {t.px(50), 0})) d.referrer_asked = false;
    return;
  }

  // The highlighted button is the one that works now: "No" until a digit is typed, then Next
  // (which is not offered with nothing to check).
  const bool typed = !d.referrer_typed.empty();
  top_bar(f, "ui.referral.title");
  number_entry(f, "referral", d.referrer_typed, d.referrer_problem, f.screen.tr("ui.referral.hint"), [&] {
    if (button(t, "referral.no", f.screen.tr("ui.referral.no"), {t.px(80), 0}, typed ? Tone::plain : Tone::primary)) {
      d.referrer_typed.clear();
      d.referrer.clear();
      d.referrer_problem.clear();
      d.use_referrer_owner = d.referrer_asked = false;
      f.go(f.next_after(Step::referral));
    }
  });
  if (bottom_bar(f, typed)) {
    d.referrer_problem = phone_problem(f, d.referrer_typed);
    if (!d.referrer_problem.empty()) return;
    check_mobile(d.referrer_typed, d.referrer);
    d.referrer_asked = true;
  }
}

}  // namespace lobby::ui
