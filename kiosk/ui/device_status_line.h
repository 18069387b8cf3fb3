// One line saying how the branch's printer is, drawn the same way on the lobby board's footer
// and in the staff console: what stopped it and which ticket did not print, or that its paper
// runs low.
#pragma once

#include "kiosk/core/explain.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/theme.h"

#include <optional>
#include <string>

namespace lobby::ui {

// The words for `s` in the language of `strings`; "" when there is nothing to say (it works
// and has paper), unless `say_ok` (the console says it is ready).
std::string device_status_text(const DeviceStatus& s, const StringTable& strings, bool say_ok = false);
// Draws that line (a problem in the warning colour); nothing for no status or nothing to say.
void device_status_line(const std::optional<DeviceStatus>& s, const Theme& t, const StringTable& strings,
                        bool say_ok = false);

}  // namespace lobby::ui
