// Confirm: everything the customer said, in one place, before anything is stored. The
// check-in happens here; the ticket appears only once it has committed.
//
// Nothing here says anything about a number's owner: whoever typed a number has not yet
// shown it is theirs, so the screen shows only what the customer said, and the ticket may
// greet them once they have checked in. A commit can take seconds (a busy disk, another
// program holding the lock): the tap first draws "checking you in", and the commit waits for
// the frame after, so the screen is never a frozen form that invites a second tap.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

namespace {

void checking_in(CheckinFlow& f) {
  const Theme& t = f.screen.theme;
  ImGui::SetCursorPosY(ImGui::GetContentRegionMax().y * 0.4f);
  text_centered(f.screen.tr("ui.confirm.working"), t.fonts.title, colour::accent);
}

}  // namespace

void confirm_screen(CheckinFlow& f) {
  using Commit = CheckinFlow::Commit;
  if (f.commit == Commit::shown) {  // the last frame said so: commit now, then draw what came of it
    f.check_in();
    return draw_checkin(f);
  }
  if (f.commit == Commit::asked) {
    checking_in(f);
    f.commit = Commit::shown;
    return;
  }

  const Theme& t = f.screen.theme;
  const Draft& d = f.draft;
  top_bar(f, "ui.confirm.title");
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
  const std::string name = said_name(f, d.surname, d.title);
  row("ui.confirm.name", name.empty() ? f.screen.tr("ui.confirm.not_given") : name);
  if (d.phone.empty())
    row("ui.confirm.phone", f.screen.tr("ui.confirm.not_given"), f.screen.tr("ui.phone.decline_note"));
  else if (!d.consent) row("ui.confirm.phone", masked_phone(d.phone), f.screen.tr("ui.consent.declined"));
  else row("ui.confirm.phone", masked_phone(d.phone));
  std::string manager = d.manager_name;
  if (d.use_referrer_owner) manager = f.screen.tr("ui.confirm.referrer_manager");
  // Who it will be is the rules' answer at check-in, for a known number and a new one alike.
  row("ui.confirm.manager", manager.empty() ? f.screen.tr("ui.confirm.by_rules") : manager);
  if (!d.referrer.empty()) row("ui.confirm.referrer", masked_phone(d.referrer));

  if (bottom_bar(f, true, "ui.confirm.go")) f.commit = Commit::asked;
}

}  // namespace lobby::ui
