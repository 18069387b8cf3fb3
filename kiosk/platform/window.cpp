#include "kiosk/platform/window.h"

#include "kiosk/platform/pointer.h"

#include <SDL.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>

namespace lobby {
namespace {

std::atomic<Uint32> wake_event{0};

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + SDL_GetError() +
                           " (is there a display? check DISPLAY or WAYLAND_DISPLAY, or run under xvfb-run)");
}

}  // namespace

Window::Window(const WindowOptions& o) {
  // The joystick and game-controller subsystems poll devices and would wake the idle loop.
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");  // a touch arrives once, as a touch
  if (o.software) SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) fail("cannot start the video system");
  if (wake_event == 0) wake_event = SDL_RegisterEvents(1);

  Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
  int w = o.width, h = o.height;
  if (w <= 0 || h <= 0) {
    flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    w = h = 0;
  }
  window_ = SDL_CreateWindow(o.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
  if (!window_) {
    SDL_Quit();
    fail("cannot open the window");
  }
  const Uint32 kind = o.software ? SDL_RENDERER_SOFTWARE : SDL_RENDERER_ACCELERATED;
  renderer_ = SDL_CreateRenderer(window_, -1, kind);
  if (!renderer_ && !o.software) renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE);
  if (!renderer_) {
    SDL_DestroyWindow(window_);
    SDL_Quit();
    fail("cannot create a renderer");
  }
  SDL_GetRendererOutputSize(renderer_, &w_, &h_);
  SDL_ShowCursor(SDL_DISABLE);
}

Window::~Window() {
  SDL_DestroyRenderer(renderer_);
  SDL_DestroyWindow(window_);
  SDL_Quit();
}

Window::Wake Window::take(const void* event, Pointer& pointer) {
  const SDL_Event& e = *static_cast<const SDL_Event*>(event);
  if (e.type == SDL_QUIT) return Wake::quit;
  if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
    SDL_GetRendererOutputSize(renderer_, &w_, &h_);
    return Wake::other;
  }
  // Mouse coordinates are in window points; scale them when the renderer has more pixels.
  int ww = w_, wh = h_;
  SDL_GetWindowSize(window_, &ww, &wh);
  SDL_Event scaled = e;
  if (ww > 0 && wh > 0 && (ww != w_ || wh != h_)) {
    if (e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEBUTTONUP) {
      scaled.button.x = e.button.x * w_ / ww, scaled.button.y = e.button.y * h_ / wh;
    } else if (e.type == SDL_MOUSEMOTION) {
      scaled.motion.x = e.motion.x * w_ / ww, scaled.motion.y = e.motion.y * h_ / wh;
    }
  }
  if (pointer.feed(scaled, w_, h_)) return Wake::input;
  if (e.type == wake_event) return Wake::woken;
  if (e.type == SDL_WINDOWEVENT) return Wake::other;
  return Wake::timeout;  // nothing the screen cares about
}

Window::Wake Window::wait(Pointer& pointer, int timeout_ms) {
  SDL_Event e;
  if (!(timeout_ms < 0 ? SDL_WaitEvent(&e) : SDL_WaitEventTimeout(&e, timeout_ms))) return Wake::timeout;
  Wake result = take(&e, pointer);
  while (result != Wake::quit && SDL_PollEvent(&e)) {
    const Wake w = take(&e, pointer);
    result = std::max(result, w);
  }
  return result;
}

void Window::present() { SDL_RenderPresent(renderer_); }

void Window::wake() {
  if (wake_event == 0) return;
  SDL_Event e{};
  e.type = wake_event;
  SDL_PushEvent(&e);
}

}  // namespace lobby
