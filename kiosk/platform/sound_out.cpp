#include "kiosk/platform/sound_out.h"

#include "kiosk/common/log_line.h"

#include <SDL.h>

#include <cstdio>

namespace lobby {

SoundOut::SoundOut(int rate, Pull pull) : pull_(std::move(pull)) {
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
    log_event(LogLevel::warn, "no_audio", {{"cause", SDL_GetError()}, {"effect", "the board stays silent"}});
    return;
  }
  SDL_AudioSpec want{};
  want.freq = rate;
  want.format = AUDIO_S16SYS;
  want.channels = 1;
  want.samples = 1024;
  want.callback = &SoundOut::callback;
  want.userdata = this;
  device_ = SDL_OpenAudioDevice(nullptr, 0, &want, nullptr, 0);  // SDL converts to what the device takes
  if (device_ == 0) {
    log_event(LogLevel::warn, "no_audio", {{"cause", SDL_GetError()}, {"effect", "the board stays silent"}});
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    return;
  }
  SDL_PauseAudioDevice(device_, 0);
}

SoundOut::~SoundOut() {
  if (device_ == 0) return;
  SDL_CloseAudioDevice(device_);
  SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void SoundOut::callback(void* self, std::uint8_t* stream, int bytes) {
  auto* out = static_cast<SoundOut*>(self);
  out->pull_(reinterpret_cast<std::int16_t*>(stream), static_cast<std::size_t>(bytes) / sizeof(std::int16_t));
}

}  // namespace lobby
