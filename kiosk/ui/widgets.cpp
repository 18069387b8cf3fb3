#include "kiosk/ui/widgets.h"

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

namespace {
// Records where the last item was drawn, and drops a "tap" that was really a drag.
bool settle_tap(const Theme& t, const char* id, bool tapped) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  frame_targets().push_back({id, a.x, a.y, b.x, b.y});
  // A finger that travelled more than 4 mm was scrolling a list, not choosing from it.
  const float slop = t.px(4);
  return tapped && ImGui::GetIO().MouseDragMaxDistanceSqr[0] <= slop * slop;
}
}  // namespace

bool tap_area(const Theme& t, const char* id, ImVec2 size) {
  return settle_tap(t, id, ImGui::InvisibleButton(id, size));
}

bool button(const Theme& t, const char* id, std::string_view label, ImVec2 size, Tone tone, ImFont* font) {
  size.x = std::max(size.x, t.target());
  size.y = std::max(size.y, t.target());
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

// Lays out `rows` of keys in `size`; calls `pressed(key)` for the key tapped. `label`
// gives the words shown on a command key.
template <typename Label, typename OnKey>
void key_grid(const Theme& t, const char* id, const std::vector<std::vector<std::string>>& rows, ImVec2 size,
              Label label, OnKey pressed) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float row_h = (size.y - gap * (rows.size() - 1)) / rows.size();
  std::size_t widest = 0;
  for (const auto& r : rows) widest = std::max(widest, r.size());
  const float key_w = (size.x - gap * (widest - 1)) / widest;
  ImGui::BeginGroup();  // so the keys sit together beside whatever is to their left
  const float left = ImGui::GetCursorPosX();
  ImGui::PushID(id);
  for (const auto& row : rows) {
    // Short rows are centred under the long ones, like a real keyboard.
    ImGui::SetCursorPosX(left + (widest - row.size()) * (key_w + gap) / 2);
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) ImGui::SameLine();
      const std::string key_id = std::string("key.") + row[i];
      if (button(t, key_id.c_str(), label(row[i]), {key_w, row_h}, Tone::plain)) pressed(row[i]);
    }
  }
  ImGui::PopID();
  ImGui::EndGroup();
}

}  // namespace

bool keypad(const Theme& t, const char* id, std::string& digits, std::size_t max_digits, ImVec2 size,
            const KeyWords& words) {
  bool changed = false;
  static const std::vector<std::vector<std::string>> rows = {
      {"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"clear", "0", "delete"}};
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
  static const std::vector<std::vector<std::string>> rows = {
      {"Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P"},
      {"A", "S", "D", "F", "G", "H", "J", "K", "L"},
      {"Z", "X", "C", "V", "B", "N", "M", "-", "delete"}};
  auto label = [&](const std::string& key) -> std::string_view { return key == "delete" ? words.erase : key; };
  key_grid(t, id, rows, size, label, [&](const std::string& key) {
    if (key == "delete") {
      if (text.empty()) return;
      text.pop_back();
    } else if (text.size() < max_chars) {
      // Names are written "Smith" or "Smith-Jones": a capital first, small letters after.
      char c = key[0];
      if (c != '-' && !text.empty() && text.back() != '-') c = static_cast<char>(c - 'A' + 'a');
      text += c;
    } else {
      return;
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
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem | ImGuiHoveredFlags_ChildWindows) &&
      ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f)) {
    ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
  }
}

void end_drag_scroll() { ImGui::EndChild(); }

// --- The bars every screen shares (screen_context.h) ---

bool top_bar(ScreenContext& s, std::string_view title_key) {
  const Theme& t = s.theme;
  if (button(t, "start_over", s.tr("ui.start_over"), {t.px(55), 0})) return true;
  ImGui::SameLine(ImGui::GetContentRegionMax().x - t.px(45));
  if (button(t, "language", s.tr("ui.lang.other"), {t.px(45), 0})) s.toggle_language();
  ImGui::Dummy({0, t.px(2)});
  text_centered(s.tr(title_key), t.fonts.title);
  ImGui::Dummy({0, t.px(4)});
  return false;
}

BarTap bottom_bar(ScreenContext& s, bool show_next, std::string_view next_key) {
  const Theme& t = s.theme;
  const ImVec2 max = ImGui::GetContentRegionMax();
  ImGui::SetCursorPosY(max.y - t.target());
  if (button(t, "back", s.tr("ui.back"), {t.px(50), 0})) return BarTap::back;
  if (!show_next) return BarTap::none;
  ImGui::SameLine(max.x - t.px(70));
  return button(t, "next", s.tr(next_key), {t.px(70), 0}, Tone::primary) ? BarTap::next : BarTap::none;
}

}  // namespace lobby::ui
