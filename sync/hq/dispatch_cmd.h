// One branch's dispatch log for a day, read from HQ's branch tables (branch_tables.h); the same bytes as
// `kiosk report --day D [--csv]` at the branch. `kiosk-hq dispatch` prints it, and the read API
// (read_api.h) serves it.
#pragma once

#include "kiosk/core/dispatch_log.h"
#include "sync/hq/storage.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace lobby {

struct BranchDispatch {
  bool known = false;                 // HQ holds items from this branch
  std::vector<DispatchRow> rows;      // the day's log
  std::vector<std::string> warnings;  // what keeps the replay short of what was received, said in full
};

// `day` must be a date (YYYY-MM-DD): check it with is_day first.
BranchDispatch branch_dispatch(HqStorage& storage, const std::string& branch, const std::string& day);
bool is_day(const std::string& day);

// Brings tables that are behind their items up to date, then prints the log to `out`; a gap in the branch's event_seq (or anything else that keeps the
// replay short of what was received) is said on `err`. Returns the exit status: 0, or 2 when
// the day is not a date or HQ holds nothing from that branch.
int run_dispatch(HqStorage& storage, const std::string& branch, const std::string& day, bool csv, std::ostream& out,
                 std::ostream& err);

}  // namespace lobby
