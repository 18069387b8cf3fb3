// Dear ImGui drawn through an SDL_Renderer and fed by our own Pointer rather than by SDL's
// mouse handling (1.86 has no input queue, and a touch screen needs one change per frame).
// The kiosk window, the lobby display, the screen tests, the golden images and the
// benchmarks all draw through this one host, on a window or on an offscreen surface.
// Here too is the kiosk's shell: the customer's flow and the staff console, which of the two
// is showing, and the timers that bring it back to the welcome screen.
#pragma once

#include "kiosk/platform/pointer.h"
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/staff_console.h"
#include "kiosk/ui/theme.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

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
  // Rasterising and uploading every character the kiosk can show takes about 100 ms. With
  // `first_text`, only its characters are ready at first (the welcome screen's), and
  // finish_fonts() does the rest: the kiosk calls it right after showing its first frame.
  ImguiHost(SDL_Renderer* renderer, Theme& theme, const FontFace& face, std::string_view used_text,
            std::string_view first_text = {});
  void finish_fonts();  // no-op when every character is there already
  // The font atlas's size in pixels, for the start-up log: most of the kiosk's memory (4 bytes a
  // pixel in an SDL texture; 1 on the software renderer, see coverage_atlas_id).
  int atlas_width() const;
  int atlas_height() const;
  ~ImguiHost();
  ImguiHost(const ImguiHost&) = delete;
  ImguiHost& operator=(const ImguiHost&) = delete;

  void begin_frame(const PointerFrame& pointer, int width, int height, float seconds_since_last);
  void end_frame();  // clears and draws; the caller presents

 private:
  SDL_Renderer* renderer_;
  Theme& theme_;
  FontFace face_;
  std::string pending_text_;  // characters still to rasterise (finish_fonts)
  std::unique_ptr<ImFontAtlas> atlas_;
  ImGuiContext* context_ = nullptr;
  bool coverage_ = false;  // text drawn from the atlas's coverage bytes, with no SDL texture
  static void keep_coverage(ImFontAtlas& atlas);
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

// The kiosk: the customer's flow always, and the staff console while it is showing. The two
// share only the ScreenContext (look, words, language, clock). A long press on the welcome
// screen opens the console (when there is a StaffDesk); leaving it, or leaving the kiosk alone,
// returns to a fresh welcome screen in the starting language.
struct Kiosk {
  Kiosk(const Theme& theme, const KioskText& text, CheckinDesk& desk, KioskSettings settings,
        StaffDesk* staff = nullptr);
  Kiosk(const Kiosk&) = delete;
  Kiosk& operator=(const Kiosk&) = delete;

  const KioskSettings settings;
  ScreenContext screen;
  StaffDesk* const staff;  // the console's door to the records; no console when null
  CheckinFlow customer;
  std::optional<StaffConsole> console;  // showing when set
  double last_touch = 0;               // seconds, monotonic
  bool warning = false;                // "still there?" is showing
  bool warning_lifted = false;         // the touch that dismissed it has been lifted

  void start_over();  // both sides as new, the welcome screen showing
};

// The frame: advances the timers, draws the showing side's screen full-window, then opens or
// closes the console if this frame's taps asked.
void draw_kiosk(Kiosk& k);
// When the kiosk must wake up next without a touch (seconds, monotonic), or none.
std::optional<double> next_deadline(const Kiosk& k);

// Reads the string tables and the surname list from `assets_dir`.
bool load_kiosk_text(const std::string& assets_dir, KioskText& out, std::string& error);
// Every character the kiosk can show: both languages, the surnames, the managers' names and the
// service lines' words.
std::string kiosk_glyphs(const KioskText& text, const std::vector<ManagerProfile>& managers,
                         const std::vector<ServiceLine>& lines = {});
// The welcome screen's characters in both languages: enough for the kiosk's first frame.
std::string welcome_glyphs(const KioskText& text);
// Every character the lobby board can show in `strings`' language.
std::string board_glyphs(const StringTable& strings, const KioskText& text, const std::vector<ManagerProfile>& managers,
                         const std::vector<ServiceLine>& lines = {});

}  // namespace lobby::ui
