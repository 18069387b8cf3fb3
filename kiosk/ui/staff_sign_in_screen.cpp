// Staff sign-in: choose yourself, type your PIN. Five wrong PINs close the console to the person
// picked for five minutes (pin_lock.h); the others can still sign in. The PIN is never shown, only a dot per digit. Who may sign in was read once, as
// the console opened (StaffDesk::open).
#include "kiosk/ui/staff_console.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

namespace lobby::ui {

void staff_sign_in_screen(StaffConsole& c) {
  const Theme& t = c.screen.theme;
  top_bar(c, "staff.sign_in.title");
  const float pad_w = t.px(3 * 40 + 2 * 5), pad_h = t.px(4 * 22 + 3 * 5);  // keys wide enough for "Delete"
  const float left_w = ImGui::GetContentRegionAvail().x - pad_w - t.px(15);
  // The people, the PIN and what went wrong, down to the bottom bar: long names take room.
  const float bottom = ImGui::GetContentRegionMax().y - t.target() - ImGui::GetStyle().ItemSpacing.y;
  ImGui::BeginChild("people", {left_w, std::max(pad_h, bottom - ImGui::GetCursorPosY())});
  const float card = t.px(50);
  // Long names take two lines rather than a row each, so that everyone fits above the PIN.
  std::vector<std::string> names;
  for (const ManagerProfile& p : c.staff.staff()) names.push_back(p.display_name.empty() ? p.id : p.display_name);
  const std::vector<std::string> labels = name_labels(names, card, left_w, c.screen.tr("board.ellipsis"));
  bool first = true;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const ManagerProfile& p = c.staff.staff()[i];
    const std::string& name = labels[i];
    flow(button_width(t, name, card), first);
    const std::string id = "staff.person." + p.id;
    if (button(t, id.c_str(), name, {card, 0}, c.person == p.id ? Tone::selected : Tone::plain)) {
      c.person = p.id, c.supervisor = p.role == "supervisor";
      c.pin.clear(), c.message.clear();
      c.locked_minutes = c.staff.locked_minutes(p.id);  // asked once, as they are picked
    }
  }
  ImGui::Dummy({0, t.px(3)});
  if (c.locked_minutes > 0) {  // no keypad for them until the lock ends
    text_wrapped(c.screen.tr("staff.locked", {{"name", manager_name(c, c.person)}, {"m", std::to_string(c.locked_minutes)}}),
                 t.fonts.body, colour::warning);
    ImGui::EndChild();
    bottom_bar(c, false);
    return;
  }
  text_wrapped(std::string(c.pin.size(), '*').append(c.pin.empty() ? " " : ""), t.fonts.title, colour::accent);
  if (!c.message.empty()) text_wrapped(c.message, t.fonts.body, colour::warning);
  ImGui::EndChild();
  ImGui::SameLine(ImGui::GetContentRegionMax().x - pad_w);
  keypad(t, "pin", c.pin, 8, {pad_w, pad_h}, {c.screen.tr("ui.key.clear"), c.screen.tr("ui.key.delete")});

  if (bottom_bar(c, !c.person.empty(), "staff.sign_in.go")) {
    Problem why;
    switch (c.staff.sign_in(c.person, c.pin, why)) {
      case StaffDesk::SignIn::ok:
        c.signed_in = true, c.pin.clear(), c.message.clear();
        c.go(StaffScreen::home);
        break;
      case StaffDesk::SignIn::wrong:
        c.pin.clear();
        c.message = c.screen.tr("staff.wrong_pin", {{"n", std::to_string(c.staff.lock(c.person).tries_left())}});
        break;
      case StaffDesk::SignIn::locked:
        c.pin.clear(), c.message.clear();
        c.locked_minutes = c.staff.locked_minutes(c.person);
        break;
      case StaffDesk::SignIn::unavailable:
        c.pin.clear();
        c.message = c.say(why);
        break;
    }
  }
}

}  // namespace lobby::ui
