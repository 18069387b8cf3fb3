// `kiosk-hq dispatch`: one branch's dispatch log for a day, rebuilt from the items its kiosk
// sent; the same bytes as `kiosk report --day D [--csv]` at the branch.
#pragma once

#include "sync/hq/storage.h"

#include <iosfwd>
#include <string>

namespace lobby {

// Prints the log to `out`; a gap in the branch's event_seq (or anything else that keeps the
// replay short of what was received) is said on `err`. Returns the exit status: 0, or 2 when
// the day is not a date or HQ holds nothing from that branch.
int run_dispatch(HqStorage& storage, const std::string& branch, const std::string& day, bool csv, std::ostream& out,
                 std::ostream& err);

}  // namespace lobby
