// What `kiosk-hq serve` starts with, each setting declared once: the settings file
// (assets/config/hq.toml lists every key), the flags and --check come from one list.
#pragma once

#include "kiosk/common/setting_list.h"
#include "sync/hq/server.h"

#include <string>

namespace lobby {

struct ServeSettings {
  std::string db, listen = "127.0.0.1:8080";
  HqConfig config;
  int retention_days = 0;  // 0: keep personal data for ever
};

// The settings bound to `s`, in the order --check prints them.
SettingList serve_settings(ServeSettings& s);
// Reads a settings file into `s`. Throws ConfigError naming the file, the key and what is
// expected, for a bad value or an unknown key.
void load_hq_config(const std::string& path, ServeSettings& s);
// "HOST:PORT" into `c`'s host and port (0: any free port); false if it is not that.
bool parse_listen(const std::string& s, HqConfig& c);

}  // namespace lobby
