// The daily dispatch log (派单一览表): who received whom on a day, and the turns skipped.
// One pure count over recorded decisions, so the kiosk's report and HQ's (which replays the
// branch's events) are the same computation and agree byte for byte.
#pragma once

#include "kiosk/core/types.h"

#include <string>
#include <vector>

namespace lobby {

// One manager's line in the daily dispatch log.
struct DispatchRow {
  std::string manager;
  std::string name;
  int rotation = 0, makeup = 0, requested = 0, returning = 0, referral = 0, voluntary = 0;
  int reassigned = 0;      // customers the supervisor moved to them before anyone had received them
  int forfeits = 0;        // skipped on break or while busy with the forfeit policy
  int task_skips = 0;      // skipped on company business (each earned a make-up credit)
  int already_served = 0;  // a phone enquiry had used the turn
  int reassigned_in = 0, reassigned_out = 0;
  int receptions() const { return rotation + makeup + requested + returning + referral + voluntary + reassigned; }
};

// A decision as recorded, with what the count needs to know around it.
struct RecordedDecision {
  Decision decision;
  EventType cause = EventType::arrive;  // the event that made it
  bool voided = false;                  // its visit has been voided since (or then)
};

// `day`'s (YYYY-MM-DD) log. `decisions` in the order they were recorded: at least every
// decision about a visit decided on `day`, earlier ones included (they tell whether a moved
// customer had been received before). Rows: `staff` in order, then anyone else counted.
std::vector<DispatchRow> count_dispatch(const std::vector<StaffName>& staff,
                                        const std::vector<RecordedDecision>& decisions, const std::string& day);

}  // namespace lobby
