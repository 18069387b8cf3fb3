// The lobby display's chime when a customer is assigned: a two-note bell made here, so no
// sound file needs shipping. With no audio device it stays silent and says so once.
#pragma once

#include <cstdint>
#include <vector>

namespace lobby {

class Chime {
 public:
  Chime();  // opens the default audio device, if there is one
  ~Chime();
  Chime(const Chime&) = delete;
  Chime& operator=(const Chime&) = delete;
  void play();
  bool audible() const { return device_ != 0; }

  // The bell itself: 16-bit mono samples at `rate` Hz (also for tests).
  static std::vector<std::int16_t> make_sound(int rate);

 private:
  std::uint32_t device_ = 0;
  std::vector<std::int16_t> sound_;
};

}  // namespace lobby
