// The one line the staff console's home and the lobby board's footer show when the managers'
// notices are failing: "WeCom notices failing since 10:32: the robot key is wrong."
#pragma once

#include "kiosk/core/explain.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/theme.h"

#include <string>

namespace lobby::ui {

// The line in `strings`' language, or "" while sending works (one passing failure is not
// worth a person's attention; a stop always is).
std::string notify_status_text(const NotifyState& s, const StringTable& strings);

// Draws that line, wrapped, in the warning colour, as target "notify.failing"; nothing if "".
void notify_status_line(const Theme& t, const NotifyState& s, const StringTable& strings);

}  // namespace lobby::ui
