// How to address the customer, without an input method: a grid of common surnames with a
// pinyin-initial filter and 先生/女士, or a Latin keyboard with Mr/Ms for other names.
// Giving a name is optional; the ticket is enough to be called.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <set>

namespace lobby::ui {

namespace {

// Surnames shown before the customer picks a letter: the most common ones.
constexpr std::size_t kCommonSurnames = 30;

void surname_grid(CheckinFlow& f, float bottom) {
  const Theme& t = f.screen.theme;
  Draft& d = f.draft;
  // The letters the list has surnames under, then the grid for the chosen letter.
  std::set<char> letters;
  for (const Surname& s : f.screen.text.surnames) letters.insert(static_cast<char>(s.pinyin[0] - 'a' + 'A'));
  const float cell = t.px(24), gap = ImGui::GetStyle().ItemSpacing.x;
  const float right = ImGui::GetContentRegionMax().x;
  if (button(t, "letter.common", f.screen.tr("ui.name.common"), {t.px(36), cell},
             d.letter == 0 ? Tone::selected : Tone::plain))
    d.letter = 0;
  for (char c : letters) {
    if (ImGui::GetItemRectMax().x + gap + cell <= right) ImGui::SameLine();
    const std::string id = std::string("letter.") + c;
    if (button(t, id.c_str(), std::string(1, c), {cell, cell}, d.letter == c ? Tone::selected : Tone::plain)) d.letter = c;
  }
  ImGui::Dummy({0, t.px(1)});
  begin_drag_scroll("surnames", {0, bottom - ImGui::GetCursorPosY()});
  std::size_t shown = 0;
  const float wide = t.px(28);
  for (const Surname& s : f.screen.text.surnames) {
    if (d.letter == 0 ? shown >= kCommonSurnames : s.pinyin[0] - 'a' + 'A' != d.letter) continue;
    if (shown++ && ImGui::GetItemRectMax().x + gap + wide <= ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x)
      ImGui::SameLine();
    const std::string id = "surname." + s.hanzi;
    if (button(t, id.c_str(), s.hanzi, {wide, wide}, d.surname == s.hanzi ? Tone::selected : Tone::plain)) {
      d.surname = s.hanzi;
      if (d.title.empty() || d.title == "Mr" || d.title == "Ms") d.title = "";
    }
  }
  end_drag_scroll();
}

void title_choice(CheckinFlow& f, const char* id, const char* value) {
  Draft& d = f.draft;
  const std::string key = std::string("ui.title.") + id;
  if (button(f.screen.theme, (std::string("title.") + id).c_str(), f.screen.tr(key), {f.screen.theme.px(30), 0},
             d.title == value ? Tone::selected : Tone::plain))
    d.title = value;
}

}  // namespace

void name_screen(CheckinFlow& f) {
  const Theme& t = f.screen.theme;
  Draft& d = f.draft;
  top_bar(f, "ui.name.title");
  if (d.not_found) text_centered(f.screen.tr("ui.phone.not_found"), t.fonts.small, colour::warning);
  if (d.lookup_failed) text_centered(f.screen.tr("ui.phone.lookup_failed"), t.fonts.small, colour::warning);

  // The name as it will be said, the titles, and the switch between grid and keyboard.
  const std::string name = polite_name(d.surname, d.title);
  ImGui::AlignTextToFramePadding();
  text_wrapped(name.empty() ? f.screen.tr("ui.name.none") : name, t.fonts.title,
               name.empty() ? colour::muted : colour::accent);
  ImGui::SameLine(ImGui::GetContentRegionMax().x - t.px(4 * 30 + 3 * 5));
  if (d.latin) title_choice(f, "mr", "Mr"), ImGui::SameLine(), title_choice(f, "ms", "Ms");
  else title_choice(f, "xiansheng", "先生"), ImGui::SameLine(), title_choice(f, "nvshi", "女士");
  ImGui::SameLine();
  if (button(t, "name.switch", f.screen.tr(d.latin ? "ui.name.hanzi" : "ui.name.latin"), {t.px(65), 0})) {
    d.latin = !d.latin;
    d.surname.clear();
    d.title.clear();
  }

  const float bottom = ImGui::GetContentRegionMax().y - t.target() - ImGui::GetStyle().ItemSpacing.y;
  const float height = bottom - ImGui::GetCursorPosY();
  if (d.latin) {
    const float w = std::min(ImGui::GetContentRegionAvail().x, t.px(10 * 24 + 9 * 5));
    ImGui::SetCursorPosX((ImGui::GetContentRegionMax().x - w) / 2);
    latin_keyboard(t, "latin", d.surname, 24, {w, std::min(height, t.px(3 * 24 + 2 * 5))},
                   {f.screen.tr("ui.key.clear"), f.screen.tr("ui.key.delete")});
  } else {
    surname_grid(f, bottom);
  }
  if (bottom_bar(f, true)) f.go(f.next_after(Step::name));
}

}  // namespace lobby::ui
