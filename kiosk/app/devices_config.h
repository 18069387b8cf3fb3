// The [printer] and [voice] tables of a branch's settings file: both devices are optional
// and off unless the file turns them on. Declared once, like every other setting; neither
// has a flag.
#pragma once

#include "kiosk/common/setting_list.h"
#include "kiosk/devices/announcement.h"
#include "kiosk/devices/printer.h"

namespace lobby {

// An enabled printer must have a usable `device`: the check is part of the declaration.
void declare_printer_settings(SettingList& list, PrinterSettings& p);
void declare_voice_settings(SettingList& list, voice::VoiceSettings& v);

}  // namespace lobby
