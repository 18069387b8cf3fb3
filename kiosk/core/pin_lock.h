// The staff console's lock: five wrong PINs in a row close it to everyone for five minutes,
// so a PIN cannot be guessed at the counter. A right PIN starts the count again.
#pragma once

namespace lobby {

struct PinLock {
  int max_failures = 5;
  double lock_seconds = 300;
  int failures = 0;
  double locked_until = 0;  // seconds, on the caller's monotonic clock

  bool locked(double now) const { return now < locked_until; }
  void failed(double now) {
    if (++failures >= max_failures) locked_until = now + lock_seconds, failures = 0;
  }
  void succeeded() { failures = 0; }
  int tries_left() const { return max_failures - failures; }
};

}  // namespace lobby
