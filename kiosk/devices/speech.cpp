#include "kiosk/devices/speech.h"

#include <dlfcn.h>
#include <espeak-ng/speak_lib.h>

#include <cstring>
#include <mutex>

namespace lobby::voice {

namespace {

// espeak-ng is loaded when the first call is made, not linked: only the lobby board and
// `kiosk announce` speak, and every other `kiosk` command (the touch screen among them) then
// starts without it and the sound libraries it pulls in.
struct Engine {
  std::mutex mutex;
  int rate = 0;
  std::string error;
  decltype(&espeak_SetVoiceByName) set_voice = nullptr;
  decltype(&espeak_SetParameter) set_parameter = nullptr;
  decltype(&espeak_Synth) synth = nullptr;
};

// Where espeak-ng's callback puts samples: set, under Engine::mutex, while one synthesis runs.
std::vector<std::int16_t>* g_sink = nullptr;

int collect(short* wav, int n, espeak_EVENT*) {
  if (wav && n > 0 && g_sink) g_sink->insert(g_sink->end(), wav, wav + n);
  return 0;
}

Engine& engine() {
  static Engine* e = [] {
    auto* made = new Engine;  // never destroyed: espeak-ng has no safe shutdown while in use
    void* lib = dlopen("libespeak-ng.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      made->error =
          std::string("espeak-ng is not installed (") + dlerror() + "): install libespeak-ng1 and espeak-ng-data";
      return made;
    }
    auto initialize = reinterpret_cast<decltype(&espeak_Initialize)>(dlsym(lib, "espeak_Initialize"));
    auto set_callback = reinterpret_cast<decltype(&espeak_SetSynthCallback)>(dlsym(lib, "espeak_SetSynthCallback"));
    made->set_voice = reinterpret_cast<decltype(&espeak_SetVoiceByName)>(dlsym(lib, "espeak_SetVoiceByName"));
    made->set_parameter = reinterpret_cast<decltype(&espeak_SetParameter)>(dlsym(lib, "espeak_SetParameter"));
    made->synth = reinterpret_cast<decltype(&espeak_Synth)>(dlsym(lib, "espeak_Synth"));
    if (!initialize || !set_callback || !made->set_voice || !made->set_parameter || !made->synth) {
      made->error = "libespeak-ng.so.1 lacks the functions this program uses: install Debian's libespeak-ng1";
      return made;
    }
    made->rate = initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0);
    if (made->rate <= 0) {
      made->error = "espeak-ng could not start: is espeak-ng-data installed? (deploy/setup.sh installs it)";
      made->rate = 0;
      return made;
    }
    set_callback(&collect);
    return made;
  }();
  return *e;
}

}  // namespace

Speech::Speech() { engine(); }
bool Speech::ok() const { return engine().rate > 0; }
const std::string& Speech::error() const { return engine().error; }
int Speech::rate() const { return engine().rate; }

std::vector<std::int16_t> Speech::synthesise(Language language, const std::string& text) {
  Engine& e = engine();
  std::vector<std::int16_t> out;
  if (e.rate <= 0) return out;
  std::lock_guard lock(e.mutex);
  if (e.set_voice(voice_of(language)) != EE_OK) {
    e.error = std::string("espeak-ng has no voice ") + voice_of(language) + ": install espeak-ng-data";
    return out;
  }
  e.set_parameter(espeakRATE, language == Language::zh ? 150 : 160, 0);  // a little slower than chat
  g_sink = &out;
  e.synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr);
  g_sink = nullptr;
  return out;
}

Clip make_call(Speech* speech, const VoiceSettings& settings, const std::vector<std::int16_t>& chime,
               std::string_view ticket, const SpokenName& name, std::string label) {
  Clip c;
  c.label = std::move(label);
  c.samples = chime;
  if (!settings.enabled || !speech || !speech->ok()) return c;
  for (const Language l : settings.languages) {
    const std::vector<std::int16_t> pause = silence(speech->rate(), 0.3);
    c.samples.insert(c.samples.end(), pause.begin(), pause.end());
    const std::vector<std::int16_t> words = speech->synthesise(l, call_text(l, ticket, name));
    c.samples.insert(c.samples.end(), words.begin(), words.end());
  }
  return c;
}

}  // namespace lobby::voice
