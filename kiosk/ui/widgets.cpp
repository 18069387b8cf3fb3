#include "kiosk/ui/widgets.h"

#include "kiosk/ui/lobby_board.h"  // fit_text
#include "kiosk/ui/screen_context.h"

#include <algorithm>

namespace lobby::ui {

std::vector<Target>& frame_targets() {
  static std::vector<Target> targets;
  return targets;
}

const Target* find_target(std::string_view id) {
  for (const Target& t : frame_targets())
    if (t.id == id) return &t;
  return nullptr;
}

std::vector<std::string>& frame_overflows() {
  static std::vector<std::string> overflows;
  return overflows;
}

namespace {
bool in_drag_scroll = false;  // between begin_drag_scroll and end_drag_scroll

// Records where the last item was drawn, and drops a "tap" that was really a drag.
bool settle_tap(const Theme& t, const char* id, bool tapped) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const ImDrawList* drawn = ImGui::GetWindowDrawList();
  const ImVec2 c0 = drawn->GetClipRectMin(), c1 = drawn->GetClipRectMax();
  frame_targets().push_back({id, a.x, a.y, b.x, b.y, in_drag_scroll, c0.x, c0.y, c1.x, c1.y});
  // A finger that travelled more than 4 mm was scrolling a list, not choosing from it.
  const float slop = t.px(4);
  return tapped && ImGui::GetIO().MouseDragMaxDistanceSqr[0] <= slop * slop;
}
}  // namespace

bool tap_area(const Theme& t, const char* id, ImVec2 size) {
  return settle_tap(t, id, ImGui::InvisibleButton(id, size));
}

ImVec2 button_size(const Theme& t, std::string_view label, ImVec2 size, ImFont* font) {
  ImFont* f = font ? font : ImGui::GetFont();
  const ImVec2 text = f->CalcTextSizeA(f->FontSize, 1e9f, 0, label.data(), label.data() + label.size());
  const ImVec2 pad = ImGui::GetStyle().FramePadding;
  return {std::max({size.x, t.target(), text.x + 2 * pad.x}), std::max({size.y, t.target(), text.y + 2 * pad.y})};
}

float button_width(const Theme& t, std::string_view label, float width, ImFont* font) {
  return button_size(t, label, {width, 0}, font).x;
}

bool button(const Theme& t, const char* id, std::string_view label, ImVec2 size, Tone tone, ImFont* font) {
  size = button_size(t, label, size, font);  // a label is never cut off: the button grows to hold it
  int colours = 0;
  if (tone != Tone::plain) {
    const ImVec4 fill = tone == Tone::primary ? ImVec4{0.00f, 0.36f, 0.48f, 1} : ImVec4{0.85f, 0.55f, 0.13f, 1};
    const ImVec4 pressed = {fill.x * 0.75f, fill.y * 0.75f, fill.z * 0.75f, 1};
    ImGui::PushStyleColor(ImGuiCol_Button, fill);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, fill);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, pressed);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4{1, 1, 1, 1});
    colours = 4;
  }
  if (font) ImGui::PushFont(font);
  ImGui::PushID(id);
  const std::string text(label);
  const bool tapped = ImGui::Button(text.c_str(), size);
  ImGui::PopID();
  if (font) ImGui::PopFont();
  ImGui::PopStyleColor(colours);
  return settle_tap(t, id, tapped);
}

namespace {
float width_of(const ImFont& f, std::string_view s) {
  return f.CalcTextSizeA(f.FontSize, 1e9f, 0, s.data(), s.data() + s.size()).x;
}
}  // namespace

std::vector<std::string> name_lines(const ImFont& font, std::string_view name, float one_line, float at_most,
                                    std::string_view ellipsis) {
  const float width = std::max(one_line, at_most);
  if (width_of(font, name) <= one_line) return {std::string(name)};
  // The break where the longer of the two lines is shortest: "Jean-Baptiste" / "O'Sullivan".
  std::size_t best = 0;
  float best_w = 1e9f;
  for (std::size_t i = 1; i < name.size(); ++i) {
    const bool space = name[i] == ' ', hyphen = name[i - 1] == '-';
    if (!space && !hyphen) continue;
    const float w = std::max(width_of(font, name.substr(0, i)), width_of(font, name.substr(space ? i + 1 : i)));
    if (w < best_w) best = i, best_w = w;
  }
  if (best == 0) return {fit_text(font, name, width, ellipsis)};  // one word: shortened
  const bool space = name[best] == ' ';
  return {fit_text(font, name.substr(0, best), width, ellipsis),
          fit_text(font, name.substr(space ? best + 1 : best), width, ellipsis)};
}

std::vector<std::string> name_labels(const std::vector<std::string>& names, float width, float row_width,
                                     std::string_view ellipsis, ImFont* font) {
  const ImFont& f = font ? *font : *ImGui::GetFont();
  const float pad = 2 * ImGui::GetStyle().FramePadding.x, gap = ImGui::GetStyle().ItemSpacing.x;
  float one_row = -gap;
  for (const std::string& n : names) one_row += std::max(width, width_of(f, n) + pad) + gap;
  const float half = (row_width - gap) / 2 - pad;
  std::vector<std::string> labels;
  for (const std::string& n : names) {
    std::string label;
    const float one_line = one_row <= row_width ? row_width - pad : std::min(width - pad, half);
    for (const std::string& line : name_lines(f, n, one_line, half, ellipsis))
      label += (label.empty() ? "" : "\n") + line;
    labels.push_back(label);
  }
  return labels;
}

void text_centered(std::string_view text, ImFont* font, unsigned colour) {
  if (font) ImGui::PushFont(font);
  const float width = ImGui::GetContentRegionAvail().x;
  const char* begin = text.data();
  const char* end = begin + text.size();
  ImFont* f = ImGui::GetFont();
  // Wrap by hand so each line can be centred on its own.
  while (begin < end) {
    const char* cut = f->CalcWordWrapPositionA(1.0f, begin, end, width);
    if (cut == begin) cut = begin + 1;
    const char* line_end = cut;
    while (line_end > begin && (line_end[-1] == ' ' || line_end[-1] == '\n')) --line_end;
    const float w = ImGui::CalcTextSize(begin, line_end).x;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (width - w) / 2));
    if (colour) ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(begin, line_end);
    if (colour) ImGui::PopStyleColor();
    begin = cut;
    while (begin < end && (*begin == ' ' || *begin == '\n')) ++begin;
  }
  if (font) ImGui::PopFont();
}

void text_wrapped(std::string_view text, ImFont* font, unsigned colour) {
  if (font) ImGui::PushFont(font);
  if (colour) ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  if (colour) ImGui::PopStyleColor();
  if (font) ImGui::PopFont();
}

namespace {

// A key on a grid and how many ordinary keys wide it is (Space is wider than a letter).
struct Key {
  std::string name;
  int span = 1;
};

// Lays out `rows` of keys in `size`; calls `pressed(key)` for the key tapped. `label`
// gives the words shown on a command key.
template <typename Label, typename OnKey>
void key_grid(const Theme& t, const char* id, const std::vector<std::vector<Key>>& rows, ImVec2 size, Label label,
              OnKey pressed) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float row_h = (size.y - gap * (rows.size() - 1)) / rows.size();
  auto span = [](const std::vector<Key>& r) {
    int n = 0;
    for (const Key& k : r) n += k.span;
    return n;
  };
  int widest = 0;
  for (const auto& r : rows) widest = std::max(widest, span(r));
  const float key_w = (size.x - gap * (widest - 1)) / widest;
  ImGui::BeginGroup();  // so the keys sit together beside whatever is to their left
  const float left = ImGui::GetCursorPosX();
  ImGui::PushID(id);
  // A key's label is centred: it needs little margin at the sides, so "Delete" fits a key.
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, {t.px(1), ImGui::GetStyle().FramePadding.y});
  for (const auto& row : rows) {
    // Short rows are centred under the long ones, like a real keyboard.
    ImGui::SetCursorPosX(left + (widest - span(row)) * (key_w + gap) / 2);
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) ImGui::SameLine();
      const Key& k = row[i];
      const std::string key_id = "key." + k.name;
      if (button(t, key_id.c_str(), label(k.name), {key_w * k.span + gap * (k.span - 1), row_h}, Tone::plain))
        pressed(k.name);
    }
  }
  ImGui::PopStyleVar();
  ImGui::PopID();
  ImGui::EndGroup();
}

}  // namespace

bool keypad(const Theme& t, const char* id, std::string& digits, std::size_t max_digits, ImVec2 size,
            const KeyWords& words) {
  bool changed = false;
  static const std::vector<std::vector<Key>> rows = {
      {{"1"}, {"2"}, {"3"}}, {{"4"}, {"5"}, {"6"}}, {{"7"}, {"8"}, {"9"}}, {{"clear"}, {"0"}, {"delete"}}};
  auto label = [&](const std::string& key) -> std::string_view {
    return key == "clear" ? words.clear : key == "delete" ? words.erase : key;
  };
  key_grid(t, id, rows, size, label, [&](const std::string& key) {
    if (key == "clear") digits.clear();
    else if (key == "delete") { if (!digits.empty()) digits.pop_back(); }
    else if (digits.size() < max_digits) digits += key;
    else return;
    changed = true;
  });
  return changed;
}

bool latin_keyboard(const Theme& t, const char* id, std::string& text, std::size_t max_chars, ImVec2 size,
                    const KeyWords& words) {
  bool changed = false;
  static const std::vector<std::vector<Key>> rows = {
      {{"Q"}, {"W"}, {"E"}, {"R"}, {"T"}, {"Y"}, {"U"}, {"I"}, {"O"}, {"P"}},
      {{"A"}, {"S"}, {"D"}, {"F"}, {"G"}, {"H"}, {"J"}, {"K"}, {"L"}, {"'"}},
      {{"Z"}, {"X"}, {"C"}, {"V"}, {"B"}, {"N"}, {"M"}, {"-"}},
      {{"space", 4}, {"clear", 3}, {"delete", 3}}};
  auto label = [&](const std::string& key) -> std::string_view {
    return key == "delete" ? words.erase : key == "clear" ? words.clear : key == "space" ? words.space : key;
  };
  key_grid(t, id, rows, size, label, [&](const std::string& key) {
    const bool after_break = text.empty() || text.back() == ' ' || text.back() == '-' || text.back() == '\'';
    if (key == "delete") {
      if (text.empty()) return;
      text.pop_back();
    } else if (key == "clear") {
      if (text.empty()) return;
      text.clear();
    } else if (text.size() >= max_chars) {
      return;  // the caller says the name is as long as it can be
    } else if (key == "space" || key == "-" || key == "'") {
      if (after_break) return;  // a name does not start with a break, nor have two together
      text += key == "space" ? ' ' : key[0];
    } else {
      // A capital first and after each break, small letters after: "Smith-Jones", "O'Brien".
      text += after_break ? key[0] : static_cast<char>(key[0] - 'A' + 'a');
    }
    changed = true;
  });
  return changed;
}

void flow(float width, bool& first) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x;
  if (!first && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right) ImGui::SameLine();
  first = false;
}

void begin_drag_scroll(const char* id, ImVec2 size) {
  ImGui::BeginChild(id, size, false, ImGuiWindowFlags_NoScrollbar);
  in_drag_scroll = true;
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem | ImGuiHoveredFlags_ChildWindows) &&
      ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f)) {
    ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
  }
}

void end_drag_scroll() {
  in_drag_scroll = false;
  ImGui::EndChild();
}

// --- The bars every screen shares (screen_context.h) ---

bool top_bar(ScreenContext& s, std::string_view title_key) {
  const Theme& t = s.theme;
  const float top = ImGui::GetCursorPosY();
  if (button(t, "start_over", s.tr("ui.start_over"), {t.px(55), 0})) return true;
  const float left_end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
  const std::string other = s.tr("ui.lang.other");
  const float lang_x = ImGui::GetContentRegionMax().x - button_width(t, other, t.px(45));
  ImGui::SameLine(lang_x);
  if (button(t, "language", other, {t.px(45), 0})) s.toggle_language();
  // The title sits between the two buttons when it fits there, centred on the screen; the
  // screen's height is better spent on what the customer does. Otherwise, on its own line.
  const std::string title = s.tr(title_key);
  ImFont* f = t.fonts.title;
  const float title_w = f->CalcTextSizeA(f->FontSize, 1e9f, 0, title.c_str()).x;
  const float centre = ImGui::GetWindowWidth() / 2;
  const float gap = t.px(4);
  if (centre - title_w / 2 >= left_end + gap && centre + title_w / 2 <= lang_x - gap) {
    const float below = ImGui::GetCursorPosY();
    ImGui::SetCursorPos({centre - title_w / 2, top + (t.target() - f->FontSize) / 2});
    ImGui::PushFont(f);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopFont();
    ImGui::SetCursorPosY(below);
  } else {
    text_centered(title, f);
  }
  ImGui::Dummy({0, t.px(2)});
  return false;
}

BarTap bottom_bar(ScreenContext& s, bool show_next, std::string_view next_key) {
  const Theme& t = s.theme;
  const ImVec2 max = ImGui::GetContentRegionMax();
  // Whatever the screen drew above ends above the bar, or the customer cannot read it.
  const float bar = max.y - t.target();
  const float ends = ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y;
  if (ends > bar + 0.5f)
    frame_overflows().push_back("the screen runs " + std::to_string(static_cast<int>((ends - bar) / t.mm + 0.5f)) +
                                " mm under its bottom bar");
  ImGui::SetCursorPosY(bar);
  if (button(t, "back", s.tr("ui.back"), {t.px(50), 0})) return BarTap::back;
  if (!show_next) return BarTap::none;
  const std::string next = s.tr(next_key);
  ImGui::SameLine(max.x - button_width(t, next, t.px(70)));
  return button(t, "next", next, {t.px(70), 0}, Tone::primary) ? BarTap::next : BarTap::none;
}

}  // namespace lobby::ui
