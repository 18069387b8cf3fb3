#include "kiosk/platform/chime.h"

#include "kiosk/common/log_line.h"

#include <SDL.h>

#include <cmath>
#include <cstdio>

namespace lobby {

std::vector<std::int16_t> Chime::make_sound(int rate) {
  // E6 then C6, each fading out like a struck bell: noticed in a quiet lobby, not alarming.
  constexpr double kNote = 0.35, kPi = 3.14159265358979;
  std::vector<std::int16_t> out(static_cast<std::size_t>(rate * kNote * 2));
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double t = static_cast<double>(i) / rate;
    const bool second = t >= kNote;
    const double local = second ? t - kNote : t;
    const double hz = second ? 1046.5 : 1318.5;
    const double envelope = std::exp(-local * 7) * std::min(1.0, local * 400);
    out[i] = static_cast<std::int16_t>(9000 * envelope * std::sin(2 * kPi * hz * local));
  }
  return out;
}

Chime::Chime() {
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
    log_event(LogLevel::warn, "no_audio", {{"cause", SDL_GetError()}, {"effect", "the display stays silent"}});
    return;
  }
  SDL_AudioSpec want{}, have{};
  want.freq = 44100;
  want.format = AUDIO_S16SYS;
  want.channels = 1;
  want.samples = 1024;
  device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
  if (device_ == 0) {
    log_event(LogLevel::warn, "no_audio", {{"cause", SDL_GetError()}, {"effect", "the display stays silent"}});
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    return;
  }
  sound_ = make_sound(have.freq);
  SDL_PauseAudioDevice(device_, 0);
}

Chime::~Chime() {
  if (device_ == 0) return;
  SDL_CloseAudioDevice(device_);
  SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void Chime::play() {
  if (device_ == 0) return;
  SDL_ClearQueuedAudio(device_);
  SDL_QueueAudio(device_, sound_.data(), static_cast<Uint32>(sound_.size() * sizeof(std::int16_t)));
}

}  // namespace lobby
