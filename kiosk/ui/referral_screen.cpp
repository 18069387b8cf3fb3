// A referral: the friend's mobile number. If the friend's manager is on duty the customer
// may choose them (POLICY.md rule 1.5); otherwise the number is noted and the rules decide.
#include "kiosk/core/phone.h"
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

void referral_screen(Kiosk& k) {
  const Theme& t = k.theme;
  Draft& d = k.draft;
  if (d.referrer_offer) {  // the friend's manager is here: offer them
    top_bar(k, "ui.referral.title");
    const std::string& name = d.referrer_offer->name;
    ImGui::Dummy({0, t.px(10)});
    text_centered(k.tr("ui.referral.offer", {{"name", name}}), t.fonts.body);
    ImGui::Dummy({0, t.px(8)});
    const float w = t.px(110);
    ImGui::SetCursorPosX(ImGui::GetContentRegionMax().x / 2 - w - t.px(3));
    const bool yes = button(t, "referral.yes", k.tr("ui.referral.yes", {{"name", name}}), {w, t.px(26)}, Tone::primary);
    ImGui::SameLine();
    const bool anyone = button(t, "referral.anyone", k.tr("ui.referral.anyone"), {w, t.px(26)});
    if (yes || anyone) {
      d.use_referrer_owner = yes;
      k.go(k.next_after(Step::referral));
      return;
    }
    // Back returns to the friend's number, not to the screen before.
    ImGui::SetCursorPosY(ImGui::GetContentRegionMax().y - t.target());
    if (button(t, "back", k.tr("ui.back"), {t.px(50), 0})) d.referrer_offer.reset();
    return;
  }

  top_bar(k, "ui.referral.title");
  number_entry(k, "referral", d.referrer_typed, d.referrer_problem, k.tr("ui.referral.hint"), [&] {
    if (button(t, "referral.no", k.tr("ui.referral.no"), {t.px(80), 0})) {
      d.referrer_typed.clear();
      d.referrer.clear();
      d.referrer_problem.clear();
      d.use_referrer_owner = false;
      k.go(k.next_after(Step::referral));
    }
  });
  if (bottom_bar(k, true)) {
    d.referrer_problem = phone_problem(k, d.referrer_typed);
    if (!d.referrer_problem.empty()) return;
    check_mobile(d.referrer_typed, d.referrer);
    d.referrer_offer = k.desk.referrer_manager(d.referrer);
    if (!d.referrer_offer) k.go(k.next_after(Step::referral));
  }
}

}  // namespace lobby::ui
