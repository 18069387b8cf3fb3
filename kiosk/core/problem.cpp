#include "kiosk/core/problem.h"

#include <ostream>

namespace lobby {

const std::vector<std::string_view>& problem_codes() {
  static const std::vector<std::string_view> codes = {
      // The rules (RotationEngine::refusal).
      "time-out-of-range", "text-unrecordable", "roster-empty", "roster-repeated", "unknown-manager", "manager-receiving",
      "unknown-absence-reason", "bad-status", "not-clocked-in", "visit-id-missing", "visit-exists",
      "no-roster-for-line", "unknown-visit", "visit-not-in-reception", "manager-not-present", "visit-voided",
      "visit-already-owned", "visit-still-waiting", "claim-window-passed", "no-pending-claim", "settings-missing",
      "settings-bad-claim-window", "visit-already-void", "unknown-event",
      // The records (StoreError's kinds) and the desks in front of them.
      "store-io", "store-locked", "store-corrupt", "store-newer-schema", "store-full", "store-constraint",
      "store-stale", "store-broken", "pin-unreadable", "visit-recorded", "export-failed",
      // The way in: a line of the replay contract that is not an event.
      "malformed-event",
  };
  return codes;
}

std::string plain(const Problem& p) {
  std::string s = p.code;
  const char* sep = " (";
  for (const auto& [k, v] : p.args) {
    s += sep + k + "=" + v;
    sep = ", ";
  }
  return p.args.empty() ? s : s + ")";
}

std::ostream& operator<<(std::ostream& os, const Problem& p) { return os << plain(p); }

}  // namespace lobby
