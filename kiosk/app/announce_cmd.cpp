// `kiosk announce`: what the lobby board would say when a ticket is called to a manager,
// written to a WAV file, so a branch can hear how the roster's names come out (and fix a
// manager's --pinyin) without waiting for a customer.
#include "kiosk/app/commands.h"
#include "kiosk/common/config_file.h"
#include "kiosk/devices/speech.h"
#include "kiosk/platform/chime.h"
#include "kiosk/ui/screen_host.h"

#include <cstdio>

namespace lobby {

int run_announce(const AnnounceOptions& o) {
  RunOptions run;
  DisplayOptions display;
  voice::VoiceSettings settings;
  settings.enabled = true;  // without a settings file: both languages, to try the names
  if (!o.config.empty()) {
    try {
      load_kiosk_config(o.config, run, display);
    } catch (const ConfigError& e) {
      std::fprintf(stderr, "kiosk announce: %s\n", e.what());
      return 2;
    }
    settings = display.voice;
    if (!settings.enabled)
      std::fprintf(stderr, "kiosk announce: the voice is off in %s ([voice] enabled = false): the board only "
                           "chimes, and so does the file\n", o.config.c_str());
  }
  const std::string db = o.db.empty() ? run.db : o.db;
  if (db.empty()) {
    std::fputs("kiosk announce: no database: give --db, or `database` in the settings file\n", stderr);
    return 2;
  }
  ui::KioskText text;
  std::string error;
  if (!ui::load_kiosk_text(o.config.empty() ? o.assets : run.assets, text, error))
    return std::fprintf(stderr, "kiosk announce: %s\n", error.c_str()), 1;
  try {
    Store store(db, Store::Mode::read_only);
    std::optional<ManagerProfile> who;
    for (const ManagerProfile& p : store.managers())
      if (p.id == o.manager) who = p;
    if (!who) {
      std::fprintf(stderr, "kiosk announce: no manager %s: `kiosk roster list --db %s` shows them\n", o.manager.c_str(),
                   db.c_str());
      return 2;
    }
    voice::Speech speech;
    if (settings.enabled && !speech.ok()) return std::fprintf(stderr, "kiosk announce: %s\n", speech.error().c_str()), 1;
    const voice::SpokenName name = voice::spoken_name(*who, text.surnames);
    if (!name.full)
      std::fprintf(stderr, "kiosk announce: %s has no pinyin in the roster: the board says %s (kiosk roster add --id "
                           "%s --pinyin \"...\" gives the whole name)\n", who->id.c_str(),
                   name.pinyin.empty() ? "\"your manager\"" : "the family name only", who->id.c_str());
    const voice::Clip clip = voice::make_call(&speech, settings, Chime::make_sound(voice::kRate), o.ticket, name,
                                              o.ticket + " " + who->id);
    if (!voice::write_wav(o.wav, clip.samples, voice::kRate, error))
      return std::fprintf(stderr, "kiosk announce: %s\n", error.c_str()), 1;
    if (settings.enabled)
      for (const voice::Language l : settings.languages)
        std::printf("%s: %s\n", std::string(voice::name_of(l)).c_str(), voice::call_text(l, o.ticket, name).c_str());
    std::printf("wrote %s: %.1f s\n", o.wav.c_str(), static_cast<double>(clip.samples.size()) / voice::kRate);
    return 0;
  } catch (const StoreError& e) {
    std::fprintf(stderr, "kiosk announce: %s\n", e.what());
    return 2;
  }
}

}  // namespace lobby
