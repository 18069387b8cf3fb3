// One staff member's PIN lock: five wrong PINs in a row for that person close the console to
// them for five minutes, so a PIN cannot be guessed at the counter; a right PIN starts the count
// again. A wrong PIN is held against the person picked on the sign-in screen, because that is
// whose PIN it was checked against: a guesser gets five tries at each PIN, no more, and cannot
// lock the supervisor out by mistyping as someone else. Times are the branch's local seconds, so
// the lock the store keeps means the same after a restart.
#pragma once

#include "kiosk/core/types.h"

namespace lobby {

struct PinLock {
  static constexpr int kMaxFailures = 5;
  static constexpr Time kLockSeconds = 300;
  int failures = 0;       // wrong PINs in a row since the last right one or the last lock
  Time locked_until = 0;  // closed to this person before this moment

  bool locked(Time now) const { return now < locked_until; }
  // Counts a wrong PIN at `now`; returns true when it is the one that locks.
  bool failed(Time now) {
    if (++failures < kMaxFailures) return false;
    locked_until = now + kLockSeconds, failures = 0;
    return true;
  }
  void succeeded() { failures = 0; }
  int tries_left() const { return kMaxFailures - failures; }
  // Whole minutes until the lock ends, rounded up; 0 when not locked.
  int minutes_left(Time now) const { return locked(now) ? static_cast<int>((locked_until - now + 59) / 60) : 0; }
};

}  // namespace lobby
