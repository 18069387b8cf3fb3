#include "kiosk/ui/screen_host.h"

#include "kiosk/common/log_line.h"

#include "kiosk/ui/sdl_draw.h"
#include "kiosk/ui/widgets.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>

#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace lobby::ui {

ImguiHost::ImguiHost(SDL_Renderer* renderer, Theme& theme, const FontFace& face, std::string_view used_text,
                     std::string_view first_text)
    : renderer_(renderer), theme_(theme), face_(face), atlas_(std::make_unique<ImFontAtlas>()) {
  if (!first_text.empty()) pending_text_ = used_text;
  std::string error;
  if (!load_fonts(*atlas_, face, font_sizes(theme.mm), first_text.empty() ? used_text : first_text, theme.fonts,
                  error))
    throw std::runtime_error(error);
  context_ = ImGui::CreateContext(atlas_.get());
  ImGui::SetCurrentContext(context_);  // CreateContext keeps an existing current context current
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // a kiosk keeps no layout file
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
  apply_style(theme);
  ImGui_ImplSDLRenderer_Init(renderer_);
  if (!ImGui_ImplSDLRenderer_CreateFontsTexture()) {
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui::DestroyContext(context_);
    throw std::runtime_error(std::string("the font texture could not be made: ") + SDL_GetError());
  }
  io.Fonts->ClearTexData();  // the texture holds the pixels now
}

ImguiHost::~ImguiHost() {
  ImGui::SetCurrentContext(context_);
  ImGui_ImplSDLRenderer_Shutdown();
  ImGui::DestroyContext(context_);
}

void ImguiHost::finish_fonts() {
  if (pending_text_.empty()) return;
  auto full = std::make_unique<ImFontAtlas>();
  Fonts fonts;
  std::string error;
  const bool ok = load_fonts(*full, face_, font_sizes(theme_.mm), pending_text_, fonts, error);
  pending_text_.clear();
  if (!ok) {  // keep drawing with what there is; say why characters are missing
    log_event(LogLevel::error, "fonts_incomplete", {{"cause", error}});
    return;
  }
  ImGui::SetCurrentContext(context_);
  ImGui_ImplSDLRenderer_DestroyFontsTexture();
  ImGui::GetIO().Fonts = full.get();
  if (!ImGui_ImplSDLRenderer_CreateFontsTexture())
    throw std::runtime_error(std::string("the font texture could not be made: ") + SDL_GetError());
  full->ClearTexData();
  atlas_ = std::move(full);
  theme_.fonts = fonts;
  // Building the atlas freed megabytes of rasteriser scratch and pixel copies in the middle of
  // the heap; glibc keeps such pages for reuse unless asked. The kiosk allocates little after
  // this, so give them back once.
  malloc_trim(0);
}

int ImguiHost::atlas_width() const { return atlas_->TexWidth; }
int ImguiHost::atlas_height() const { return atlas_->TexHeight; }

void ImguiHost::begin_frame(const PointerFrame& pointer, int width, int height, float seconds_since_last) {
  ImGui::SetCurrentContext(context_);
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = {static_cast<float>(width), static_cast<float>(height)};
  io.DeltaTime = seconds_since_last > 0 ? seconds_since_last : 1.0f / 60;
  io.MousePos = {pointer.x, pointer.y};
  io.MouseDown[0] = pointer.down;
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui::NewFrame();
}

void ImguiHost::end_frame() {
  ImGui::Render();
  const ImVec4 paper = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  SDL_SetRenderDrawColor(renderer_, static_cast<Uint8>(paper.x * 255), static_cast<Uint8>(paper.y * 255),
                         static_cast<Uint8>(paper.z * 255), 255);
  SDL_RenderClear(renderer_);
  render_draw_data(renderer_, ImGui::GetDrawData());
}

Offscreen::Offscreen(int w, int h) : width(w), height(h) {
  // ABGR8888 is R, G, B, A in memory on a little-endian machine: what PNG wants.
  surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ABGR8888);
  if (surface) renderer = SDL_CreateSoftwareRenderer(surface);
  if (!renderer) throw std::runtime_error(std::string("cannot make an offscreen canvas: ") + SDL_GetError());
}

Offscreen::~Offscreen() {
  SDL_DestroyRenderer(renderer);
  SDL_FreeSurface(surface);
}

bool Offscreen::save_png(const std::string& path) const {
  return stbi_write_png(path.c_str(), width, height, 4, surface->pixels, surface->pitch) != 0;
}

bool load_kiosk_text(const std::string& assets_dir, KioskText& out, std::string& error) {
  return load_strings(assets_dir + "/strings/zh-CN.txt", out.zh, error) &&
         load_strings(assets_dir + "/strings/en.txt", out.en, error) &&
         load_surnames(assets_dir + "/surnames.txt", out.surnames, error);
}

std::string kiosk_glyphs(const KioskText& text, const std::vector<ManagerProfile>& managers,
                         const std::vector<ServiceLine>& lines) {
  std::string all;
  for (const StringTable* table : {&text.zh, &text.en})
    for (const auto& [key, value] : table->text) all += value;
  for (const Surname& s : text.surnames) all += s.hanzi;
  for (const ManagerProfile& m : managers) all += m.display_name + m.surname;
  for (const ServiceLine& l : lines) all += l.name_zh + l.name_en + l.about_zh + l.about_en;
  return all;
}

}  // namespace lobby::ui

namespace lobby::ui {

std::string welcome_glyphs(const KioskText& text) {
  std::string all;
  for (const StringTable* table : {&text.zh, &text.en})
    for (const char* key : {"ui.welcome.title", "ui.welcome.tap", "ui.welcome.hint", "ui.lang.other"})
      all += (*table)[key];
  return all;
}

std::string board_glyphs(const StringTable& strings, const KioskText& text, const std::vector<ManagerProfile>& managers) {
  std::string all;
  for (const auto& [key, value] : strings.text)
    if (key.rfind("board.", 0) == 0 || key.rfind("state.", 0) == 0 || key.rfind("device.", 0) == 0 ||
        key.rfind("notify.", 0) == 0)
      all += value;
  for (const Surname& s : text.surnames) all += s.hanzi;
  for (const char* title : {"先生", "女士"}) all += title;
  for (const ManagerProfile& m : managers) all += m.display_name + m.surname;
  return all;
}

}  // namespace lobby::ui

namespace lobby::ui {

// --- The kiosk shell ---

Kiosk::Kiosk(const Theme& theme, const KioskText& text, CheckinDesk& desk, KioskSettings settings, StaffDesk* staff)
    : settings(settings),
      screen{theme, text, settings.start_language},
      staff(staff),
      customer(screen, desk, this->settings, staff != nullptr) {}

void Kiosk::start_over() {
  console.reset();  // nothing of the console, or of a customer, stays on screen
  customer.start_over();
}

void draw_kiosk(Kiosk& k) {
  const double idle = k.screen.now - k.last_touch;
  const CheckinFlow& f = k.customer;
  const bool ticket = !k.console && f.step == Step::ticket;
  // A ticket whose print failed may stay longer than the inactivity limit: it says why.
  const double idle_limit = ticket && f.printer ? std::max<double>(k.settings.inactivity_reset_s, ticket_seconds(f))
                                                : k.settings.inactivity_reset_s;
  if ((k.console || f.step != Step::welcome) && idle >= idle_limit) k.start_over();
  if (ticket && k.screen.now - f.shown_at >= ticket_seconds(f)) k.start_over();

  frame_targets().clear();
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(io.DisplaySize);
  // No background: the renderer's clear already paints the paper colour, once.
  constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                     ImGuiWindowFlags_NoBackground;
  ImGui::Begin("kiosk", nullptr, flags);
  if (k.console) draw_console(*k.console);
  else draw_checkin(k.customer);
  ImGui::End();

  // Between the sides: the console opens fresh, reading who may sign in once; leaving it
  // leaves nothing of it behind.
  if (k.customer.console_asked) {
    k.customer.console_asked = false;
    if (k.staff) {
      k.staff->open();
      k.console.emplace(k.screen, *k.staff, k.customer.printer);
    }
  } else if (k.console && k.console->left) {
    k.start_over();
  }
}

std::optional<double> next_deadline(const Kiosk& k) {
  const CheckinFlow& f = k.customer;
  if (!k.console && f.step == Step::welcome) return std::nullopt;
  double at = k.last_touch + k.settings.inactivity_reset_s;
  if (k.console || f.step != Step::ticket) return at;
  if (f.printer) at = k.last_touch + std::max<double>(k.settings.inactivity_reset_s, ticket_seconds(f));
  return std::min(at, f.shown_at + ticket_seconds(f));
}

}  // namespace lobby::ui
