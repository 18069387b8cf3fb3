// One finger or one mouse, as the screens see it. Dear ImGui 1.86 samples the pointer once per
// frame, so a tap that goes down and up between two frames would be lost, and a finger that
// lifts would leave its button looking pressed. Pointer queues every change and hands out one
// per frame: a tap always takes a "down" frame and an "up" frame, and a frame later the
// position moves off screen so nothing stays highlighted.
#pragma once

#include <deque>

union SDL_Event;

namespace lobby {

struct PointerFrame {
  float x = -1e6f, y = -1e6f;  // off screen: nothing is touched
  bool down = false;
};

class Pointer {
 public:
  void press(float x, float y);
  void move(float x, float y);  // ignored unless pressed: a touch screen has no hover
  void release(float x, float y);

  // What the next frame sees.
  PointerFrame next_frame();
  // Changes are still queued: render another frame soon.
  bool busy() const { return !queue_.empty(); }

  // Feeds one SDL event in window pixels. Touches and the mouse both work, and the mouse
  // events SDL synthesises from a touch are ignored so one tap never counts twice; only the
  // first finger down is followed. Returns true if the event concerned the pointer.
  bool feed(const SDL_Event& e, int window_w, int window_h);

 private:
  std::deque<PointerFrame> queue_;
  PointerFrame last_;     // the most recent state queued or shown
  bool pressed_ = false;  // as far as the queue goes
  long long finger_ = -1; // the finger being followed, or -1
};

}  // namespace lobby
