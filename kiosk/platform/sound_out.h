// The lobby board's loudspeaker: the default audio device, fed by a callback that pulls the
// next samples (the announcement queue), so a call is never cut off by the next one. With no
// audio device it stays silent and says so once in the log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

namespace lobby {

class SoundOut {
 public:
  // Fills the buffer with the next samples; called on SDL's audio thread.
  using Pull = std::function<void(std::int16_t* out, std::size_t n)>;
  SoundOut(int rate, Pull pull);  // 16-bit mono at `rate` Hz; SDL converts for the device
  ~SoundOut();
  SoundOut(const SoundOut&) = delete;
  SoundOut& operator=(const SoundOut&) = delete;
  bool audible() const { return device_ != 0; }

 private:
  static void callback(void* self, std::uint8_t* stream, int bytes);
  Pull pull_;
  std::uint32_t device_ = 0;
};

}  // namespace lobby
