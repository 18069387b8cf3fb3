#include "sync/hq/dispatch_cmd.h"

#include "kiosk/common/dispatch_text.h"
#include "kiosk/core/local_time.h"
#include "sync/hq/branch_day.h"

#include <ostream>

namespace lobby {

int run_dispatch(HqStorage& storage, const std::string& branch, const std::string& day, bool csv, std::ostream& out,
                 std::ostream& err) {
  if (!parse_local_time(day + "T00:00")) {
    err << "kiosk-hq dispatch: --day must be a date like 2026-11-24, not \"" << day << "\"\n";
    return 2;
  }
  // Read through the storage's one reading interface; the persisted tables will spare this.
  BranchReplay replay;
  std::size_t items = 0;
  storage.export_since("", [&](const StoredCheckin& c) {
    if (c.kiosk != branch) return;
    ++items;
    replay.add(c.payload, c.received);
  });
  if (items == 0) {
    err << "kiosk-hq dispatch: HQ holds nothing from kiosk " << branch << ": check the name (kiosk-hq token list)\n";
    return 2;
  }
  const BranchProgress& p = replay.progress();
  if (!p.blocked.empty())
    err << "kiosk-hq dispatch: kiosk " << branch << ": replay stopped after event_seq " << p.applied_seq << ": "
        << p.blocked << "\n";
  else if (p.gap())
    err << "kiosk-hq dispatch: kiosk " << branch << ": event_seq " << p.applied_seq + 1
        << " has not arrived; this log counts events 1 to " << p.applied_seq << " ("
        << (p.last_event ? format_local_time(*p.last_event) : "none") << "), " << p.waiting_items
        << " later items wait for it\n";
  if (p.diverged)
    err << "kiosk-hq dispatch: kiosk " << branch << ": " << p.diverged << " events replayed differently than the kiosk "
        << "recorded them, from event_seq " << p.first_diverged << ": is the kiosk running another version?\n";
  const std::vector<DispatchRow> rows = replay.dispatch(day);
  out << (csv ? dispatch_csv(rows) : dispatch_table(rows, day));
  return 0;
}

}  // namespace lobby
