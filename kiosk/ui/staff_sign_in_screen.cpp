// Staff sign-in: choose yourself, type your PIN. Five wrong PINs close the console for five
// minutes. The PIN is never shown, only a dot per digit.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <cmath>

namespace lobby::ui {

void staff_sign_in_screen(Kiosk& k) {
  const Theme& t = k.theme;
  Console& c = k.console;
  top_bar(k, "staff.sign_in.title");
  if (k.staff->lock().locked(k.now)) {
    const std::string minutes = std::to_string(static_cast<int>(std::ceil((k.staff->lock().locked_until - k.now) / 60)));
    text_centered(k.tr("staff.locked", {{"m", minutes}}), t.fonts.body, colour::warning);
    bottom_bar(k, false);
    return;
  }
  const float pad_w = t.px(110), pad_h = t.px(4 * 22 + 3 * 5);
  const float left_w = ImGui::GetContentRegionAvail().x - pad_w - t.px(15);
  ImGui::BeginChild("people", {left_w, pad_h + t.px(30)});
  const float card = t.px(50);
  bool first = true;
  for (const ManagerProfile& p : k.staff->staff()) {
    flow(card, first);
    const std::string id = "staff.person." + p.id;
    if (button(t, id.c_str(), p.display_name.empty() ? p.id : p.display_name, {card, 0},
               c.person == p.id ? Tone::selected : Tone::plain)) {
      c.person = p.id, c.supervisor = p.role == "supervisor";
      c.pin.clear(), c.message.clear();
    }
  }
  ImGui::Dummy({0, t.px(3)});
  text_wrapped(std::string(c.pin.size(), '*').append(c.pin.empty() ? " " : ""), t.fonts.title, colour::accent);
  if (!c.message.empty()) text_wrapped(c.message, t.fonts.body, colour::warning);
  ImGui::EndChild();
  ImGui::SameLine(ImGui::GetContentRegionMax().x - pad_w);
  keypad(t, "pin", c.pin, 8, {pad_w, pad_h}, {k.tr("ui.key.clear"), k.tr("ui.key.delete")});

  if (bottom_bar(k, !c.person.empty(), "staff.sign_in.go")) {
    Problem why;
    switch (k.staff->sign_in(c.person, c.pin, k.now, why)) {
      case StaffDesk::SignIn::ok:
        c.signed_in = true, c.pin.clear(), c.message.clear();
        k.go(Step::staff_home);
        break;
      case StaffDesk::SignIn::wrong:
        c.pin.clear();
        c.message = k.tr("staff.wrong_pin", {{"n", std::to_string(k.staff->lock().tries_left())}});
        break;
      case StaffDesk::SignIn::locked:
        c.pin.clear(), c.message.clear();
        break;
      case StaffDesk::SignIn::unavailable:
        c.pin.clear();
        c.message = k.say(why);
        break;
    }
  }
}

}  // namespace lobby::ui
