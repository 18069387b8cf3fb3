// One branch's day at HQ, rebuilt from the items its kiosk sent: the contiguous prefix of
// their event_seq is replayed through core's RotationEngine, the engine the kiosk runs, so
// HQ's dispatch log, visits and board are the branch's own. Pure: items in, state out; no
// storage and no clock, so `kiosk-hq dispatch`, a rebuild and (later) the persisted tables
// all compute the same thing.
#pragma once

#include "kiosk/core/dispatch_log.h"
#include "kiosk/core/engine.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lobby {

// Something that happened to a visit, as the kiosk's audit log tells it: the event (its own,
// like a reassignment or a claim, or another that freed a manager for a waiting customer) and
// the decisions it made about this visit.
struct VisitStep {
  Time t = 0;
  EventType event = EventType::arrive;
  bool own = true;                 // the event is about this visit (not another one's finish)
  std::string m, to, reason;       // as the event has them: manager, new manager, why
  std::vector<Decision> decisions; // about this visit
};

// A check-in as the branch's records keep it (the kiosk's visits table), with its times.
struct BranchVisit {
  std::string id, ticket, line;
  std::string phone, surname, title;  // personal data: show only to those allowed to see it
  Time arrived = 0;
  std::optional<Time> assigned;  // first given a server
  std::optional<Time> finished;  // finished, or voided before that
  std::string status = "waiting";   // waiting, receiving, done
  std::string kind, owner, server;  // empty until first decided
  std::vector<Skip> skips;          // managers passed over for this customer, and why
  std::optional<Time> voided;
  std::string void_reason;
  std::vector<VisitStep> steps;     // everything that happened to it, in order
  std::int64_t changed_seq = 0;     // the event_seq that last changed this visit (HQ's tables rewrite it)
  std::optional<double> wait_minutes() const;     // arrival to assignment
  std::optional<double> service_minutes() const;  // assignment to finish
};

// A manager now: named as the branch names them, in the state the rules left them.
struct BranchManager {
  std::string id, name;
  State state = State::off;
  BusyPolicy policy = BusyPolicy::delegate;
  std::string serving;  // the visit they are receiving, if any
};

// How far HQ's copy of the branch has got.
struct BranchProgress {
  std::int64_t applied_seq = 0;      // events 1..applied_seq have been replayed
  std::int64_t highest_seq = 0;      // the highest event_seq received
  std::size_t waiting_items = 0;     // received but behind a gap (or a blocked item)
  std::optional<Time> last_event;    // the local time of the last event replayed
  std::string last_received;         // HQ's receipt time of the newest item, as stored
  std::string blocked;               // why item applied_seq+1, although here, cannot be replayed
  std::size_t diverged = 0;          // items whose replay decided other than the kiosk recorded
  std::int64_t first_diverged = 0;   // the first such event_seq
  std::size_t repeated_seq = 0;      // items under an event_seq another item already holds
  bool gap() const { return highest_seq > applied_seq; }
};

class BranchReplay {
 public:
  // Takes one stored item (its payload as stored, and when HQ received it). Items may come in
  // any order and more than once; one past a gap waits until the missing ones arrive.
  void add(std::string_view payload, const std::string& received);

  const BranchProgress& progress() const { return progress_; }
  const RotationEngine& engine() const { return engine_; }  // the board now: lines, waiting, next up
  std::vector<BranchManager> managers() const;              // the staff in the branch's order
  const std::vector<BranchVisit>& visits() const { return visits_; }  // in order of arrival
  const BranchVisit* visit(std::string_view id) const;                 // nullptr if unknown
  // `day`'s (YYYY-MM-DD) dispatch log: what `kiosk report --day D --csv` prints at the branch.
  std::vector<DispatchRow> dispatch(const std::string& day) const;
  // Each day with decisions, and the event_seq that last changed its dispatch log (a decision
  // on that day, or a void of a visit decided on it): what HQ's tables must write again.
  const std::map<std::string, std::int64_t>& dispatch_days() const { return day_changed_; }

 private:
  struct Waiting {
    std::string uuid;
    nlohmann::json item;
  };
  void drain();
  bool apply(const Waiting& w);  // false: cannot be read (progress_.blocked says why)
  void learn_staff(const Event& e);
  void record(std::int64_t seq, const Event& e, const Outcome& o, const std::string& ticket);

  RotationEngine engine_;
  BranchProgress progress_;
  std::map<std::int64_t, Waiting> waiting_;       // by event_seq, past the prefix
  std::map<std::int64_t, std::string> applied_uuid_;  // by event_seq, to tell re-sends from clashes
  std::vector<StaffName> staff_;
  std::vector<BranchVisit> visits_;
  std::map<std::string, std::size_t, std::less<>> visit_at_;
  std::vector<RecordedDecision> decisions_;  // as replayed, in order
  // Indexes into decisions_, so that a day's log counts that day's visits, not the whole
  // history (HQ writes a day's log after every batch).
  std::map<std::string, std::vector<std::size_t>, std::less<>> decisions_of_visit_;
  std::map<std::string, std::vector<std::size_t>> decisions_on_day_;
  std::map<std::string, std::int64_t> day_changed_;
};

}  // namespace lobby
