#include "kiosk/platform/watchdog.h"

#include <systemd/sd-daemon.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace lobby {

Watchdog::Watchdog() {
  notify_ = std::getenv("NOTIFY_SOCKET") != nullptr;
  std::uint64_t usec = 0;
  // 0 leaves WATCHDOG_PID alone: it names the process the watchdog belongs to, and a
  // process started by ours must not think the watchdog is its own.
  if (notify_ && sd_watchdog_enabled(0, &usec) > 0 && usec >= 2000)
    max_sleep_ms_ = static_cast<int>(usec / 2000);
}

int Watchdog::cap(int timeout_ms) const {
  if (max_sleep_ms_ < 0) return timeout_ms;
  return timeout_ms < 0 || timeout_ms > max_sleep_ms_ ? max_sleep_ms_ : timeout_ms;
}

void Watchdog::ready(std::string_view text) {
  if (!notify_) return;
  sd_notify(0, ("READY=1\nSTATUS=" + std::string(text)).c_str());
}

void Watchdog::feed() {
  if (max_sleep_ms_ < 0) return;
  // A busy loop draws many frames a second; systemd needs to hear from it only a few times
  // per interval.
  const auto now = std::chrono::steady_clock::now();
  if (now - last_feed_ < std::chrono::milliseconds(max_sleep_ms_ / 2)) return;
  last_feed_ = now;
  sd_notify(0, "WATCHDOG=1");
}

void Watchdog::status(std::string_view text) {
  if (notify_) sd_notify(0, ("STATUS=" + std::string(text)).c_str());
}

void Watchdog::stopping() {
  if (notify_) sd_notify(0, "STOPPING=1");
}

}  // namespace lobby
