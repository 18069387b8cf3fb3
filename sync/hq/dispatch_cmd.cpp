#include "sync/hq/dispatch_cmd.h"

#include "kiosk/common/dispatch_text.h"
#include "kiosk/core/local_time.h"
#include "sync/hq/branch_tables.h"

#include <ostream>

namespace lobby {

bool is_day(const std::string& day) { return parse_local_time(day + "T00:00").has_value(); }

BranchDispatch branch_dispatch(HqStorage& storage, const std::string& branch, const std::string& day) {
  BranchDispatch out;
  const std::optional<BranchRow> b = storage.branch_row(branch);
  if (!b) return out;
  out.known = true;
  const std::string kiosk = "kiosk " + branch + ": ";
  if (!b->blocked.empty())
    out.warnings.push_back(kiosk + "replay stopped after event_seq " + std::to_string(b->applied_seq) + ": " + b->blocked);
  else if (b->highest_seq > b->applied_seq)
    out.warnings.push_back(kiosk + "event_seq " + std::to_string(b->applied_seq + 1) +
                           " has not arrived; this log counts events 1 to " + std::to_string(b->applied_seq) + " (" +
                           (b->last_event.empty() ? "none" : b->last_event) + "), " +
                           std::to_string(b->waiting_items) + " later items wait for it");
  if (b->diverged)
    out.warnings.push_back(kiosk + std::to_string(b->diverged) + " events replayed differently than the kiosk " +
                           "recorded them, from event_seq " + std::to_string(b->first_diverged) +
                           ": is the kiosk running another version?");
  out.rows = dispatch_from_tables(storage.manager_rows(branch), storage.dispatch_rows(branch, day));
  return out;
}

int run_dispatch(HqStorage& storage, const std::string& branch, const std::string& day, bool csv, std::ostream& out,
                 std::ostream& err) {
  if (!is_day(day)) {
    err << "kiosk-hq dispatch: --day must be a date like 2026-11-24, not \"" << day << "\"\n";
    return 2;
  }
  BranchTables(storage).catch_up();  // tables behind their items (a server that failed to write them)
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
