#include "kiosk/ui/device_status_line.h"

#include "kiosk/ui/widgets.h"

namespace lobby::ui {

std::string device_status_text(const DeviceStatus& s, const StringTable& strings, bool say_ok) {
  const std::string since = s.at.size() >= 16 ? s.at.substr(11, 5) : s.at;  // "09:31" of 2026-11-24T09:31:05
  if (!s.ok()) {
    const std::string problem = strings["device.problem." + s.problem];
    if (s.ticket.empty()) return fill(strings["device.printer.problem"], {{"problem", problem}, {"time", since}});
    return fill(strings["device.printer.unprinted"], {{"problem", problem}, {"ticket", s.ticket}, {"time", since}});
  }
  if (s.paper_near_end) return strings["device.printer.near_end"];
  return say_ok ? strings["device.printer.ok"] : "";
}

void device_status_line(const std::optional<DeviceStatus>& s, const Theme& t, const StringTable& strings, bool say_ok) {
  if (!s) return;
  const std::string text = device_status_text(*s, strings, say_ok);
  if (text.empty()) return;
  text_wrapped(text, t.fonts.body, s->ok() && !s->paper_near_end ? colour::muted : colour::warning);
}

}  // namespace lobby::ui
