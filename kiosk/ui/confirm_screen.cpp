// Confirm: everything the customer said, in one place, before anything is stored. The
// check-in happens here; the ticket appears only once it has committed.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

void confirm_screen(CheckinFlow& f) {
  const Theme& t = f.screen.theme;
  const Draft& d = f.draft;
  top_bar(f, "ui.confirm.title");
  if (d.known) {
    const std::string name = polite_name(d.known->surname, d.known->title);
    text_centered(f.screen.tr("ui.phone.welcome_back", {{"name", name}}), t.fonts.title, colour::accent);
    ImGui::Dummy({0, t.px(4)});
  }

  const float label_w = t.px(60), left = std::max(0.0f, (ImGui::GetContentRegionMax().x - t.px(300)) / 2);
  auto row = [&](std::string_view label_key, const std::string& value, const std::string& note = "") {
    ImGui::SetCursorPosX(left);
    text_wrapped(f.screen.tr(label_key), t.fonts.body, colour::muted);
    ImGui::SameLine(left + label_w);
    ImGui::BeginGroup();
    text_wrapped(value, t.fonts.body);
    if (!note.empty()) text_wrapped(note, t.fonts.small, colour::muted);
    ImGui::EndGroup();
    ImGui::Dummy({0, t.px(2)});
  };
  const std::string name = d.known ? polite_name(d.known->surname, d.known->title) : polite_name(d.surname, d.title);
  if (!d.known) row("ui.confirm.name", name.empty() ? f.screen.tr("ui.confirm.not_given") : name);
  if (d.phone.empty())
    row("ui.confirm.phone", f.screen.tr("ui.confirm.not_given"), f.screen.tr("ui.phone.decline_note"));
  else if (!d.known && !d.consent) row("ui.confirm.phone", masked_phone(d.phone), f.screen.tr("ui.consent.declined"));
  else row("ui.confirm.phone", masked_phone(d.phone));
  std::string manager = d.manager_name;
  if (d.use_referrer_owner) manager = f.screen.tr("ui.confirm.referrer_manager");
  row("ui.confirm.manager",
      manager.empty() ? f.screen.tr(d.known ? "ui.confirm.own_manager" : "ui.confirm.next_free") : manager);
  if (!d.referrer.empty()) row("ui.confirm.referrer", masked_phone(d.referrer));

  if (bottom_bar(f, true, "ui.confirm.go")) f.check_in();
}

}  // namespace lobby::ui
