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
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace lobby::ui {

ImguiHost::ImguiHost(SDL_Renderer* renderer, Theme& theme, const FontFace& face, std::string_view used_text,
                     std::string_view first_text)
    : renderer_(renderer), theme_(theme), face_(face), atlas_(std::make_unique<ImFontAtlas>()) {
  if (!first_text.empty()) pending_text_ = used_text;
  std::string error;
  if (!load_fonts(*atlas_, face, font_sizes(theme), first_text.empty() ? used_text : first_text, theme.fonts,
                  error))
    throw std::runtime_error(error);
  context_ = ImGui::CreateContext(atlas_.get());
  ImGui::SetCurrentContext(context_);  // CreateContext keeps an existing current context current
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // a kiosk keeps no layout file
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
  apply_style(theme);
  coverage_ = software_canvas(renderer_) != nullptr;
  if (coverage_) {
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // render_draw_data honours it
    keep_coverage(*io.Fonts);
    return;
  }
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
  if (!coverage_) ImGui_ImplSDLRenderer_Shutdown();
  ImGui::DestroyContext(context_);
}

void ImguiHost::keep_coverage(ImFontAtlas& atlas) {
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  atlas.GetTexDataAsAlpha8(&pixels, &width, &height);
  atlas.SetTexID(coverage_atlas_id());
}

void ImguiHost::finish_fonts() {
  if (pending_text_.empty()) return;
  auto full = std::make_unique<ImFontAtlas>();
  Fonts fonts;
  std::string error;
  const bool ok = load_fonts(*full, face_, font_sizes(theme_), pending_text_, fonts, error);
  pending_text_.clear();
  if (!ok) {  // keep drawing with what there is; say why characters are missing
    log_event(LogLevel::error, "fonts_incomplete", {{"cause", error}});
    return;
  }
  ImGui::SetCurrentContext(context_);
  if (coverage_) {
    keep_coverage(*full);
    ImGui::GetIO().Fonts = full.get();
  } else {
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    ImGui::GetIO().Fonts = full.get();
    if (!ImGui_ImplSDLRenderer_CreateFontsTexture())
      throw std::runtime_error(std::string("the font texture could not be made: ") + SDL_GetError());
    full->ClearTexData();
  }
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
  if (!coverage_) ImGui_ImplSDLRenderer_NewFrame();
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
  register_canvas(renderer, surface);
}

Offscreen::~Offscreen() {
  register_canvas(renderer, nullptr);
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

std::string board_glyphs(const StringTable& strings, const KioskText& text, const std::vector<ManagerProfile>& managers,
                         const std::vector<ServiceLine>& lines) {
  std::string all;
  for (const auto& [key, value] : strings.text)
    if (key.rfind("board.", 0) == 0 || key.rfind("state.", 0) == 0 || key.rfind("device.", 0) == 0 ||
        key.rfind("notify.", 0) == 0)
      all += value;
  for (const Surname& s : text.surnames) all += s.hanzi;
  for (const char* title : {"先生", "女士"}) all += title;
  for (const ManagerProfile& m : managers) all += m.display_name + m.surname;
  for (const ServiceLine& l : lines) all += l.name_zh + l.name_en;
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

namespace {

// The customer's screens that reset when left alone (the ticket has a lifetime of its own).
bool resets_when_idle(const Kiosk& k) {
  if (k.console) return true;
  const Step s = k.customer.step;
  return s != Step::welcome && s != Step::ticket;
}

// When "still there?" starts showing: some seconds before the reset, on the customer's side.
std::optional<double> warning_from(const Kiosk& k) {
  if (k.console || !resets_when_idle(k) || k.settings.idle_warning_s <= 0) return std::nullopt;
  return k.last_touch + k.settings.inactivity_reset_s - std::min(k.settings.idle_warning_s, k.settings.inactivity_reset_s);
}

// "Still there?" over the screen, counting down. It takes the touch that dismisses it, so
// that touch presses nothing beneath.
void idle_warning(Kiosk& k) {
  const Theme& t = k.screen.theme;
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(io.DisplaySize);
  const ImVec4 paper = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(0, 0, 0, 140));  // the screen beneath, dimmed
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4{paper.x, paper.y, paper.z, 1});
  constexpr ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
  ImGui::Begin("still-there", nullptr, flags);
  const float w = std::min(io.DisplaySize.x * 0.85f, t.px(300)), h = std::min(io.DisplaySize.y * 0.9f, t.px(120));
  ImGui::SetCursorScreenPos({(io.DisplaySize.x - w) / 2, (io.DisplaySize.y - h) / 2});
  // A margin inside the box, so that the wrapped lines never touch (or cross) its edges.
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {t.px(10), t.px(4)});
  ImGui::BeginChild("box", {w, h}, true, ImGuiWindowFlags_NoScrollbar);
  const double left = std::ceil(k.last_touch + k.settings.inactivity_reset_s - k.screen.now);
  ImGui::Dummy({0, t.px(8)});
  text_centered(k.screen.tr("ui.idle.title"), t.fonts.title);
  text_centered(k.screen.tr("ui.idle.body", {{"s", std::to_string(std::max(1, static_cast<int>(left)))}}),
                t.fonts.body, colour::muted);
  ImGui::Dummy({0, t.px(4)});
  const float bw = t.px(70);
  ImGui::SetCursorPosX((w - bw) / 2);
  button(t, "idle.stay", k.screen.tr("ui.idle.stay"), {bw, 0}, Tone::primary);  // any touch would do
  ImGui::EndChild();
  ImGui::PopStyleVar();
  ImGui::End();
  ImGui::PopStyleColor(2);
}

}  // namespace

void draw_kiosk(Kiosk& k) {
  const double idle = k.screen.now - k.last_touch;
  const CheckinFlow& f = k.customer;
  const bool ticket = !k.console && f.step == Step::ticket;
  if (resets_when_idle(k) && idle >= k.settings.inactivity_reset_s) k.start_over();
  if (ticket && k.screen.now - f.shown_at >= ticket_seconds(f)) k.start_over();
  // The warning shows from its time until the reset, or until the touch that dismisses it
  // has been lifted: to the frame of its release, so that touch lands on the warning alone.
  const ImGuiIO& io = ImGui::GetIO();
  const auto warn_at = warning_from(k);
  if (!warn_at) {
    k.warning = k.warning_lifted = false;
  } else if (k.screen.now >= *warn_at) {
    k.warning = true, k.warning_lifted = false;
  } else if (k.warning_lifted) {
    k.warning = k.warning_lifted = false;
  } else if (k.warning && io.MouseReleased[0]) {
    k.warning_lifted = true;  // gone from the next frame
  }

  frame_targets().clear();
  frame_overflows().clear();
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
  if (k.warning) {
    frame_targets().clear();  // only the warning can be touched now
    idle_warning(k);
  }

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
  if (!k.console && f.commit != CheckinFlow::Commit::none) return k.screen.now;  // draw "checking in", then commit
  if (k.console || f.step != Step::ticket) {
    double at = k.last_touch + k.settings.inactivity_reset_s;
    if (const auto warn = warning_from(k)) {  // from then on, every second of the countdown
      if (k.screen.now < *warn) at = std::min(at, *warn);
      else at = std::min(at, k.screen.now + 1 - std::fmod(k.screen.now - *warn, 1.0));
    }
    return at;
  }
  return std::min(f.shown_at + ticket_seconds(f), ticket_next_change(f));
}

}  // namespace lobby::ui
