// The kiosk's window: SDL2 with an SDL_Renderer, and an event loop that sleeps. A lobby
// screen spends nearly all day showing the same picture, so the loop waits for a touch, a
// timer or a wake-up from another thread, and draws nothing in between.
#pragma once

#include <string>

struct SDL_Window;
struct SDL_Renderer;

namespace lobby {

class Pointer;

struct WindowOptions {
  int width = 0, height = 0;  // 0 x 0: fullscreen on the whole display
  std::string title = "Lobby Kiosk";
  bool software = false;      // SDL's software renderer (no GPU, e.g. under Xvfb)
};

class Window {
 public:
  // Opens the window and its renderer. Throws std::runtime_error saying what SDL refused
  // and what to check (a display to draw on, DISPLAY or WAYLAND_DISPLAY set).
  explicit Window(const WindowOptions&);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  SDL_Renderer* renderer() const { return renderer_; }
  int width() const { return w_; }
  int height() const { return h_; }

  // woken: wake() was called; other: the window needs redrawing; input: the pointer changed.
  // Ordered by strength: several events at once report the strongest.
  enum class Wake { timeout, woken, other, input, quit };
  // Sleeps until something happens or `timeout_ms` passes (-1: no limit), then takes every
  // pending event: touches and clicks go to `pointer`. `input` means the pointer changed.
  Wake wait(Pointer& pointer, int timeout_ms);
  void present();

  // Safe from any thread: makes wait() return so the screen can redraw (new data).
  static void wake();

 private:
  Wake take(const void* event, Pointer& pointer);
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  int w_ = 0, h_ = 0;
};

}  // namespace lobby
