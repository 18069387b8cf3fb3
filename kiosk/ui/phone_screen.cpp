// The customer's mobile number on a big keypad; a customer may also decline, and is told
// plainly what that means. Whether the branch knows the number shows only on the ticket.
// The referral screen types a friend's number with the same layout (number_entry).
#include "kiosk/core/phone.h"
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

namespace {
// "138 1234 5678": grouped the way people read numbers aloud.
std::string grouped_digits(const std::string& digits) {
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i == 3 || i == 7) out += ' ';
    out += digits[i];
  }
  return out;
}
}  // namespace

void number_entry(CheckinFlow& f, const char* id, std::string& typed, std::string& problem, std::string_view hint,
                  const std::function<void()>& below) {
  const Theme& t = f.screen.theme;
  const float width = ImGui::GetContentRegionAvail().x;
  // Three keys of 40 mm: wide enough for "Delete" at the size buttons are read at.
  const float pad_w = t.px(3 * 40 + 2 * 5), pad_h = t.px(4 * 22 + 3 * 5);
  const float left_w = width - pad_w - t.px(15);
  ImGui::BeginGroup();  // left: the number, what it is for or what is wrong, and the way out
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + left_w);
  text_wrapped(typed.empty() ? " " : grouped_digits(typed), t.fonts.title, colour::accent);
  const ImVec2 under = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddLine(under, {under.x + left_w, under.y}, colour::accent, t.px(0.6f));
  ImGui::Dummy({0, t.px(3)});
  if (!problem.empty()) text_wrapped(problem, t.fonts.body, colour::warning);
  else text_wrapped(hint, t.fonts.small, colour::muted);
  ImGui::Dummy({0, t.px(4)});
  below();
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();

  ImGui::SameLine(ImGui::GetContentRegionMax().x - pad_w);
  if (keypad(t, id, typed, 11, {pad_w, pad_h}, {f.screen.tr("ui.key.clear"), f.screen.tr("ui.key.delete")}))
    problem.clear();
}

void phone_screen(CheckinFlow& f) {
  const Theme& t = f.screen.theme;
  Draft& d = f.draft;
  top_bar(f, "ui.phone.title");
  number_entry(f, "phone", d.typed, d.phone_problem, f.screen.tr("ui.phone.why"), [&] {
    text_wrapped(f.screen.tr("ui.phone.decline_note"), t.fonts.small, colour::muted);
    if (button(t, "phone.decline", f.screen.tr("ui.phone.decline"), {t.px(80), 0})) {
      d.typed.clear();
      d.phone.clear();
      d.phone_problem.clear();
      d.phone_declined = true;
      f.go(f.next_after(Step::phone));
    }
  });
  if (bottom_bar(f, true)) {
    d.phone_problem = phone_problem(f, d.typed);
    if (!d.phone_problem.empty()) return;
    check_mobile(d.typed, d.phone);
    d.phone_declined = false;
    f.go(f.next_after(Step::phone));
  }
}

}  // namespace lobby::ui
