// Tells systemd how the screen program is doing: ready after its first frame, alive while its
// loop turns, stopping on the way out. Under a unit with WatchdogSec= a loop that hangs (a
// wedged driver, a deadlock) stops feeding and systemd restarts the kiosk, so a lobby is never
// left with a frozen screen. Outside systemd every call returns at once and sends nothing.
#pragma once

#include <chrono>
#include <string_view>

namespace lobby {

class Watchdog {
 public:
  Watchdog();  // reads NOTIFY_SOCKET and WATCHDOG_USEC (sd_watchdog_enabled)

  // How long the loop may sleep between feeds: half the watchdog interval, -1 without one.
  int max_sleep_ms() const { return max_sleep_ms_; }
  // `timeout_ms` (-1: no limit) shortened to max_sleep_ms() when the watchdog is on.
  int cap(int timeout_ms) const;

  void ready(std::string_view status);  // READY=1, once the first frame is on the screen
  void feed();                          // WATCHDOG=1, at most every quarter interval
  void status(std::string_view text);   // STATUS=, shown by systemctl status
  void stopping();                      // STOPPING=1, so systemd does not count a clean exit as a hang

 private:
  bool notify_ = false;  // NOTIFY_SOCKET is set: systemd listens
  int max_sleep_ms_ = -1;
  std::chrono::steady_clock::time_point last_feed_{};
};

}  // namespace lobby
