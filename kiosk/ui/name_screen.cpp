// How to address the customer, without an input method: a grid of common surnames with a
// pinyin-initial filter, or a Latin keyboard for other names; and a title. The language's own
// way comes first (the keyboard in English, the grid in Chinese), the other is a tap away. A
// Chinese surname is stored with 先生/女士 and a Latin one with Mr/Ms, as given; each language
// then says it its own way ("陈先生", "Mr Chen"). Giving a name is optional; the ticket is
// enough to be called.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <set>

namespace lobby::ui {

namespace {

// Surnames shown before the customer picks a letter: the most common ones.
constexpr std::size_t kCommonSurnames = 30;
// The longest Latin name the keyboard takes: a long surname with a second one after a hyphen.
constexpr std::size_t kLongestLatinName = 24;

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
      d.latin = false;
      if (d.title.empty() || d.title == "Mr" || d.title == "Ms") d.title = "";
    }
  }
  end_drag_scroll();
}

// A title button: 先生/女士 beside a Chinese surname, Mr/Ms beside a Latin one (`value`), in
// the words of the screen's language.
void title_choice(CheckinFlow& f, const char* id, const char* value, bool latin) {
  Draft& d = f.draft;
  const std::string key = std::string("ui.title.") + id;
  if (button(f.screen.theme, (std::string("title.") + id).c_str(), f.screen.tr(key), {f.screen.theme.px(30), 0},
             d.title == value ? Tone::selected : Tone::plain)) {
    d.title = value;
    d.latin = latin;
  }
}

}  // namespace

void name_screen(CheckinFlow& f) {
  const Theme& t = f.screen.theme;
  Draft& d = f.draft;
  top_bar(f, "ui.name.title");
  // Read before going on: the body size, not a hint's.

  // Until the customer picks or types something, the way shown follows the language.
  const bool latin = d.latin.value_or(f.screen.lang == Lang::en);

  // The name as it will be said, the titles, and the switch between keyboard and grid, at the
  // right. A name too long to sit beside them at the title size is shown at the body size.
  const std::string name = said_name(f, d.surname, d.title);
  const std::string shown = name.empty() ? f.screen.tr("ui.name.none") : name;
  const char* ids[2] = {latin ? "mr" : "xiansheng", latin ? "ms" : "nvshi"};
  const std::string switch_label = f.screen.tr(latin ? "ui.name.hanzi" : "ui.name.latin");
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float buttons_w = button_width(t, f.screen.tr(std::string("ui.title.") + ids[0]), t.px(30)) +
                          button_width(t, f.screen.tr(std::string("ui.title.") + ids[1]), t.px(30)) +
                          button_width(t, switch_label, t.px(65)) + 2 * gap;
  const float buttons_x = ImGui::GetContentRegionMax().x - buttons_w;
  ImFont* name_font = t.fonts.title;
  if (ImGui::GetCursorPosX() + name_font->CalcTextSizeA(name_font->FontSize, 1e9f, 0, shown.c_str()).x + gap >
      buttons_x)
    name_font = t.fonts.body;
  const float row_y = ImGui::GetCursorPosY();
  ImGui::SetCursorPosY(row_y + (t.target() - name_font->FontSize) / 2);
  text_wrapped(shown, name_font, name.empty() ? colour::muted : colour::accent);
  ImGui::SetCursorPos({buttons_x, row_y});
  if (latin) title_choice(f, "mr", "Mr", true), ImGui::SameLine(), title_choice(f, "ms", "Ms", true);
  else title_choice(f, "xiansheng", "先生", false), ImGui::SameLine(), title_choice(f, "nvshi", "女士", false);
  ImGui::SameLine();
  if (button(t, "name.switch", switch_label, {t.px(65), 0})) {
    d.latin = !latin;
    d.surname.clear();
    d.title.clear();
  }

  const float bottom = ImGui::GetContentRegionMax().y - t.target() - ImGui::GetStyle().ItemSpacing.y;
  if (latin) {
    // Say so when the name is as long as it can be, rather than letting keys do nothing.
    if (d.surname.size() >= kLongestLatinName)
      text_centered(f.screen.tr("ui.name.full", {{"n", std::to_string(kLongestLatinName)}}), t.fonts.body,
                    colour::warning);
    const float height = bottom - ImGui::GetCursorPosY();
    const float w = std::min(ImGui::GetContentRegionAvail().x, t.px(10 * 24 + 9 * 5));
    ImGui::SetCursorPosX((ImGui::GetContentRegionMax().x - w) / 2);
    const std::string typed = d.surname;
    latin_keyboard(t, "latin", d.surname, kLongestLatinName, {w, std::min(height, t.px(4 * 22 + 3 * 5))},
                   {f.screen.tr("ui.key.clear"), f.screen.tr("ui.key.delete"), f.screen.tr("ui.key.space")});
    if (d.surname != typed) d.latin = true;
  } else {
    surname_grid(f, bottom);
  }
  if (bottom_bar(f, true)) {
    // "Smith-" or "Van " is a name not finished: keep what was typed before the break.
    while (!d.surname.empty() && (d.surname.back() == ' ' || d.surname.back() == '-' || d.surname.back() == '\''))
      d.surname.pop_back();
    f.go(f.next_after(Step::name));
  }
}

}  // namespace lobby::ui
