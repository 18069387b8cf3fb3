// The [printer] and [voice] tables of a branch's settings file: both devices are optional
// and off unless the file turns them on. Read strictly, like every other setting.
#pragma once

#include "kiosk/common/config_file.h"
#include "kiosk/devices/announcement.h"
#include "kiosk/devices/printer.h"

#include <string>

namespace lobby {

// Throws ConfigError for a bad value, or an enabled printer without a usable `device`.
void read_printer_settings(ConfigFile& f, PrinterSettings& out);
void read_voice_settings(ConfigFile& f, voice::VoiceSettings& out);
// `key = value` lines for --check.
std::string describe_printer(const PrinterSettings& p);
std::string describe_voice(const voice::VoiceSettings& v);

}  // namespace lobby
