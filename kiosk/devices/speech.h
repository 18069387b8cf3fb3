// Offline speech from espeak-ng (Debian's libespeak-ng1, loaded on first use; voices from
// espeak-ng-data),
// synthesised into a buffer (AUDIO_OUTPUT_SYNCHRONOUS with a callback): the board plays it
// through its own audio device, after the chime, and tests measure it without one. espeak-ng
// is one engine per process, so every call goes through one lock.
#pragma once

#include "kiosk/devices/announcement.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lobby::voice {

class Speech {
 public:
  // Starts espeak-ng (once per process). If it cannot (no voice data), ok() is false and
  // error() says why; synthesise then returns nothing.
  Speech();
  bool ok() const;
  const std::string& error() const;
  int rate() const;  // samples per second (22050)

  // The text spoken in `language`'s voice. Empty if the voice is missing (error() says).
  std::vector<std::int16_t> synthesise(Language language, const std::string& text);
};

// One whole call, as the board plays it: the chime, then the sentence in each language of
// `settings` (none when the voice is off or `speech` is null), with short pauses between.
Clip make_call(Speech* speech, const VoiceSettings& settings, const std::vector<std::int16_t>& chime,
               std::string_view ticket, const SpokenName& name, std::string label);

}  // namespace lobby::voice
