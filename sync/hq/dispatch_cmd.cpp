#include "sync/hq/dispatch_cmd.h"

#include "kiosk/common/dispatch_text.h"
#include "kiosk/core/local_time.h"
#include "sync/hq/branch_day.h"

#include <ostream>

namespace lobby {

bool is_day(const std::string& day) { return parse_local_time(day + "T00:00").has_value(); }

BranchDispatch branch_dispatch(HqStorage& storage, const std::string& branch, const std::string& day) {
  // Read through the storage's one reading interface; the persisted tables will spare this.
  BranchReplay replay;
  BranchDispatch out;
  storage.export_since("", [&](const StoredCheckin& c) {
    if (c.kiosk != branch) return;
    out.known = true;
    replay.add(c.payload, c.received);
  });
  if (!out.known) return out;
  const BranchProgress& p = replay.progress();
  const std::string kiosk = "kiosk " + branch + ": ";
  if (!p.blocked.empty())
    out.warnings.push_back(kiosk + "replay stopped after event_seq " + std::to_string(p.applied_seq) + ": " + p.blocked);
  else if (p.gap())
    out.warnings.push_back(kiosk + "event_seq " + std::to_string(p.applied_seq + 1) +
                           " has not arrived; this log counts events 1 to " + std::to_string(p.applied_seq) + " (" +
                           (p.last_event ? format_local_time(*p.last_event) : "none") + "), " +
                           std::to_string(p.waiting_items) + " later items wait for it");
  if (p.diverged)
    out.warnings.push_back(kiosk + std::to_string(p.diverged) + " events replayed differently than the kiosk " +
                           "recorded them, from event_seq " + std::to_string(p.first_diverged) +
                           ": is the kiosk running another version?");
  out.rows = replay.dispatch(day);
  return out;
}

int run_dispatch(HqStorage& storage, const std::string& branch, const std::string& day, bool csv, std::ostream& out,
                 std::ostream& err) {
  if (!is_day(day)) {
    err << "kiosk-hq dispatch: --day must be a date like 2026-11-24, not \"" << day << "\"\n";
    return 2;
  }
  const BranchDispatch d = branch_dispatch(storage, branch, day);
  if (!d.known) {
    err << "kiosk-hq dispatch: HQ holds nothing from kiosk " << branch << ": check the name (kiosk-hq token list)\n";
    return 2;
  }
  for (const std::string& w : d.warnings) err << "kiosk-hq dispatch: " << w << "\n";
  out << (csv ? dispatch_csv(d.rows) : dispatch_table(d.rows, day));
  return 0;
}

}  // namespace lobby
