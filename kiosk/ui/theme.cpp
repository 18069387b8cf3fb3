#include "kiosk/ui/theme.h"

#include <imgui.h>

namespace lobby::ui {

FontSizes font_sizes(const Theme& t) {
  return {t.px(t.text.small), t.px(t.text.body), t.px(t.text.title), t.px(t.text.huge)};
}

void apply_style(const Theme& t) {
  ImGuiStyle& s = ImGui::GetStyle();
  s = ImGuiStyle();
  s.WindowPadding = {t.px(10), t.px(8)};
  s.FramePadding = {t.px(4), t.px(3)};
  s.ItemSpacing = {t.px(5), t.px(5)};
  // Square corners and no antialiased fringes: SDL's software renderer draws axis-aligned
  // quads as plain rectangle fills and copies, several times faster than free triangles.
  s.FrameRounding = s.ChildRounding = s.WindowRounding = s.ScrollbarRounding = s.GrabRounding = 0;
  s.WindowBorderSize = s.ChildBorderSize = s.FrameBorderSize = 0;
  s.ScrollbarSize = t.px(3);
  s.TouchExtraPadding = {0, 0};
  s.AntiAliasedLines = s.AntiAliasedFill = s.AntiAliasedLinesUseTex = false;

  ImVec4* c = s.Colors;
  const ImVec4 paper = {0.97f, 0.96f, 0.94f, 1};
  const ImVec4 teal = {0.00f, 0.36f, 0.48f, 1};
  const ImVec4 teal_pressed = {0.00f, 0.26f, 0.36f, 1};
  c[ImGuiCol_WindowBg] = c[ImGuiCol_ChildBg] = paper;
  c[ImGuiCol_Text] = {0.17f, 0.17f, 0.17f, 1};
  c[ImGuiCol_Button] = c[ImGuiCol_ButtonHovered] = {0.88f, 0.87f, 0.84f, 1};
  c[ImGuiCol_ButtonActive] = {0.76f, 0.75f, 0.72f, 1};
  c[ImGuiCol_Header] = c[ImGuiCol_HeaderHovered] = teal;
  c[ImGuiCol_HeaderActive] = teal_pressed;
  c[ImGuiCol_ScrollbarBg] = paper;
  c[ImGuiCol_ScrollbarGrab] = c[ImGuiCol_ScrollbarGrabHovered] = c[ImGuiCol_ScrollbarGrabActive] = {0.78f, 0.77f, 0.74f, 1};
  c[ImGuiCol_Border] = {0.80f, 0.79f, 0.76f, 1};
  c[ImGuiCol_TableHeaderBg] = {0.88f, 0.87f, 0.84f, 1};
  c[ImGuiCol_TableRowBg] = {0, 0, 0, 0};
  c[ImGuiCol_TableRowBgAlt] = {0.93f, 0.92f, 0.89f, 1};
  s.CellPadding = {t.px(2), t.px(1.5f)};
}

}  // namespace lobby::ui
