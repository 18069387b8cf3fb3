// Dear ImGui drawn through an SDL_Renderer and fed by our own Pointer rather than by SDL's
// mouse handling (1.86 has no input queue, and a touch screen needs one change per frame).
// The kiosk window, the lobby display, the screen tests, the golden images and the
// benchmarks all draw through this one host, on a window or on an offscreen surface.
#pragma once

#include "kiosk/platform/pointer.h"
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/theme.h"

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

struct SDL_Renderer;
struct SDL_Surface;
struct ImGuiContext;
struct ImFontAtlas;

namespace lobby::ui {

class ImguiHost {
 public:
  // Makes an ImGui context, rasterises `face` at the theme's sizes for `used_text`, styles it
  // and binds `renderer`. Fills theme.fonts. Throws std::runtime_error on a font problem.
  //
  // Rasterising a few hundred Chinese characters at four sizes takes about 300 ms. With
  // `first_text`, only its characters are rasterised before the first frame (the welcome
  // screen: a few dozen) and the rest on a background thread, swapped in between frames.
  ImguiHost(SDL_Renderer* renderer, Theme& theme, const FontFace& face, std::string_view used_text,
            std::string_view first_text = {});
  ~ImguiHost();
  ImguiHost(const ImguiHost&) = delete;
  ImguiHost& operator=(const ImguiHost&) = delete;

  // `need_every_glyph`: the frame may show more than the first text, so wait for the full
  // set of characters if it is still being rasterised.
  void begin_frame(const PointerFrame& pointer, int width, int height, float seconds_since_last,
                   bool need_every_glyph = true);
  void end_frame();  // clears and draws; the caller presents
  bool has_every_glyph() const { return !rasteriser_.joinable(); }

 private:
  void swap_in_full_fonts(bool wait);
  SDL_Renderer* renderer_;
  Theme& theme_;
  std::unique_ptr<ImFontAtlas> atlas_;       // the one ImGui draws with
  std::unique_ptr<ImFontAtlas> full_atlas_;  // being rasterised in the background
  Fonts full_fonts_;
  std::string full_error_;
  std::thread rasteriser_;
  std::atomic<bool> full_ready_{false};
  ImGuiContext* context_ = nullptr;
};

// An offscreen canvas on SDL's software renderer: no display needed. For screen tests,
// golden images and the frame-time benchmark.
struct Offscreen {
  Offscreen(int width, int height);
  ~Offscreen();
  Offscreen(const Offscreen&) = delete;
  Offscreen& operator=(const Offscreen&) = delete;
  bool save_png(const std::string& path) const;
  SDL_Surface* surface = nullptr;
  SDL_Renderer* renderer = nullptr;
  int width, height;
};

// Reads the string tables and the surname list from `assets_dir`.
bool load_kiosk_text(const std::string& assets_dir, KioskText& out, std::string& error);
// Every character the kiosk can show: both languages, the surnames and the managers' names.
std::string kiosk_glyphs(const KioskText& text, const std::vector<ManagerProfile>& managers);
// The characters of the welcome screen alone, in both languages: enough for the first frame.
std::string welcome_glyphs(const KioskText& text);

}  // namespace lobby::ui
