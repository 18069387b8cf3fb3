#include "kiosk/platform/pointer.h"

#include <SDL.h>

namespace lobby {

void Pointer::press(float x, float y) {
  if (pressed_) return;
  pressed_ = true;
  last_ = {x, y, false};
  queue_.push_back(last_);  // arrive first, then press: ImGui needs the item under the finger hovered
  last_.down = true;
  queue_.push_back(last_);
}

void Pointer::move(float x, float y) {
  if (!pressed_) return;
  last_ = {x, y, true};
  // Coalesce moves, but never into the press frame, so the press lands where it began.
  if (queue_.size() > 1 && queue_.back().down && queue_[queue_.size() - 2].down) queue_.back() = last_;
  else queue_.push_back(last_);
}

void Pointer::release(float x, float y) {
  if (!pressed_) return;
  pressed_ = false;
  last_ = {x, y, false};
  queue_.push_back(last_);
  last_ = PointerFrame{};  // a frame later the finger is gone
  queue_.push_back(last_);
}

PointerFrame Pointer::next_frame() {
  if (queue_.empty()) return last_;
  PointerFrame f = queue_.front();
  queue_.pop_front();
  return f;
}

bool Pointer::feed(const SDL_Event& e, int window_w, int window_h) {
  switch (e.type) {
    case SDL_MOUSEBUTTONDOWN:
      if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) return false;
      press(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
      return true;
    case SDL_MOUSEBUTTONUP:
      if (e.button.which == SDL_TOUCH_MOUSEID || e.button.button != SDL_BUTTON_LEFT) return false;
      release(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
      return true;
    case SDL_MOUSEMOTION:
      if (e.motion.which == SDL_TOUCH_MOUSEID || !pressed_) return false;
      move(static_cast<float>(e.motion.x), static_cast<float>(e.motion.y));
      return true;
    case SDL_WINDOWEVENT:
      // Focus lost mid-touch (a dialog, a display change): its finger-up may never come.
      if (e.window.event != SDL_WINDOWEVENT_FOCUS_LOST || !pressed_) return false;
      finger_ = -1;
      release(last_.x, last_.y);
      return true;
    case SDL_FINGERDOWN:
      // A second finger is a palm or a child's hand: ignore it, unless the first has gone
      // without saying so (its finger-up was lost).
      if (finger_ != -1 && (!SDL_WasInit(SDL_INIT_VIDEO) || SDL_GetNumTouchFingers(e.tfinger.touchId) != 1))
        return false;
      if (pressed_) release(last_.x, last_.y);
      finger_ = e.tfinger.fingerId;
      press(e.tfinger.x * window_w, e.tfinger.y * window_h);
      return true;
    case SDL_FINGERMOTION:
      if (e.tfinger.fingerId != finger_) return false;
      move(e.tfinger.x * window_w, e.tfinger.y * window_h);
      return true;
    case SDL_FINGERUP:
      if (e.tfinger.fingerId != finger_) return false;
      finger_ = -1;
      release(e.tfinger.x * window_w, e.tfinger.y * window_h);
      return true;
    default:
      return false;
  }
}

}  // namespace lobby
