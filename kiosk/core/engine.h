// RotationEngine: the house rules of POLICY.md as a pure state machine.
// Feed it events in time order; it answers each with an Outcome. It does no I/O and never
// reads a clock, so the same events always give the same decisions: the store rebuilds it
// after a restart by replaying the events it recorded.
#pragma once

#include "kiosk/core/types.h"

#include <cstdint>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace lobby {

// Read-only views for screens and tests.
struct ManagerView {
  std::string id;
  State state;
  BusyPolicy policy;
  std::string serving;  // visit in reception, if receiving
};
struct LineView {
  std::string name;
  std::vector<std::string> order;
  std::size_t pointer;           // index into order of the manager next up
  std::vector<int> credits;      // make-up credits, parallel to order
  std::vector<int> debts;        // turns already used by phone enquiries, parallel to order
};
// A visit the engine still remembers (today's and those a claim can still reach).
struct VisitView {
  std::string id;
  std::string line;
  enum class Status : std::uint8_t { waiting, receiving, done, voided } status;
  std::string owner, server;  // empty while waiting
  std::string claimant;       // a pending claim, or empty
  Time arrived;
};
// Whom a waiting customer waits for: the first free manager, one they named (or one a
// referral or the supervisor chose for them), or the manager who already looks after them.
enum class WaitsFor : std::uint8_t { anyone, named, own_manager };
struct WaitingView {
  std::string visit;
  std::string line;
  std::string for_manager;  // empty: waiting for anyone
  Time since;
  WaitsFor waits_for = WaitsFor::anyone;
};

// Who takes the next walk-in on a line, and why, for the lobby board.
struct NextUp {
  enum class Why : std::uint8_t {
    turn,         // simply the turn order
    makeup,       // they are owed a make-up turn, which goes before the turn order
    on_behalf,    // the manager whose turn it is is busy; `manager` receives on their behalf
    nobody_free,  // every present manager is busy: the first to be free takes the customer
  };
  std::string manager;     // nobody_free: whose turn it is (empty when nobody is present)
  Why why = Why::turn;
  std::string turn_of;     // on_behalf: the busy manager whose turn it is
};

// How long a waiting customer can expect to wait, and for whom.
struct WaitEstimate {
  int ahead = 0;            // customers before them in the same queue
  int minutes = 0;          // rounded up to five minutes
  std::string for_manager;  // the manager they wait for by name; empty: the first free one
  // Why they wait for that manager: requested (they named them), returning (their own
  // manager), referral (their friend's), reassigned (staff moved them). Only with for_manager.
  Kind why = Kind::rotation;
};

// The engine forgets finished visits once no claim on them is possible; the store keeps
// every visit id for good, and Reception refuses an id the records already hold.
class RotationEngine {
 public:
  explicit RotationEngine(Settings settings = {});

  // Applies one event. On error nothing changes and Outcome::error says why.
  Outcome apply(const Event& e);

  const Settings& settings() const { return settings_; }
  std::vector<ManagerView> managers() const;
  std::vector<LineView> lines() const;
  std::vector<WaitingView> waiting() const;  // oldest first
  std::vector<VisitView> visits() const;     // in order of arrival
  bool knows_manager(std::string_view id) const { return manager_ix_.count(std::string(id)) != 0; }
  // --- The rules' answers to the questions screens ask. Screens never work these out. ---
  // The owner of a known customer, or empty.
  std::string owner_of_phone(const std::string& phone) const;
  // The number's open visit (waiting or being received) that arrived on the day of `now`, or
  // nullopt; the oldest if there are several. Empty or unconsented numbers have none. Lets the
  // front desk show a customer the ticket they already hold; the rules themselves still
  // accept a second arrival for the same number.
  std::optional<VisitView> open_visit_of_phone(const std::string& phone, Time now) const;
  // Who a customer may name on `line` now (rule 2.2: present, that is available or receiving),
  // in the line's turn order. A request for anyone else is ignored by the rules.
  std::vector<ManagerView> nameable(const std::string& line = "") const;
  bool may_be_named(const std::string& manager, const std::string& line = "") const;
  // How many customers are ahead of this waiting visit in its queue; -1 if not waiting.
  int waiting_ahead(const std::string& visit) const;
  // The wait of a visit that is waiting, or nullopt if it is not: everyone ahead and they
  // themselves, shared among those who can serve them (one, when waiting by name), at
  // `typical_minutes` a reception.
  std::optional<WaitEstimate> wait_estimate(const std::string& visit, int typical_minutes) const;
  // What an arrival would get right now, decided on a copy: the server, or the wait. For a
  // customer still at the screen (nothing is recorded).
  struct Preview {
    std::string server;                  // empty: they would wait
    std::optional<WaitEstimate> wait;
  };
  Preview preview(Event arrival, int typical_minutes) const;
  // Who a walk-in on `line` would be given right now, or empty if they would wait. Decided as
  // a hypothetical arrival on a copy, so the lobby board can never disagree with the rules.
  std::string next_up(const std::string& line = "") const;
  // The same, with the reason, and still an answer when nobody is free: whose turn it is.
  NextUp next_up_why(const std::string& line = "") const;

 private:
  std::string unused_visit_id() const;
  using Ix = std::int32_t;
  static constexpr Ix kNone = -1;

  enum class VisitState : std::uint8_t { waiting_any, waiting_for, receiving, done, voided };
  struct Manager {
    std::string id;
    State state = State::off;
    BusyPolicy policy = BusyPolicy::delegate;
    std::string serving;  // visit in reception
  };
  struct Line {
    std::string name;
    std::vector<Ix> order;  // manager indices in turn order
    std::size_t pointer = 0;
    std::vector<std::deque<std::uint64_t>> credits;  // per position: when each credit was earned
    std::vector<int> debts;                          // per position
  };
  struct Visit {
    // What the customer said at the door, kept so a waiting customer can be placed again.
    Time arrived = 0;
    std::string phone, request, referrer;
    bool phone_enquiry = false, use_referrer_owner = false;
    Ix line = 0;
    VisitState state = VisitState::waiting_any;
    Ix waiting_for = kNone;
    Ix owner = kNone;
    Ix server = kNone;
    std::uint64_t seq = 0;  // arrival order, for the FIFO queues
    Ix claimant = kNone;    // a claim is pending
    Decision pending;       // while waiting by name: the kind, turn and rules it will get
    // What the assignment took, so voiding the visit can give it back.
    Ix turn_of = kNone;             // whose turn it used
    bool turn_as_debt = false;      // a phone enquiry's debt rather than a move of the pointer
    Ix phone_owner_before = kNone;  // who owned the customer's number when they arrived
  };
  // What the procedure concluded for one arriving (or waiting) customer.
  struct Placement {
    enum class What : std::uint8_t { assign, wait_for, wait_any } what = What::wait_any;
    Ix wait_for = kNone;
    Decision decision;
    // What assigning will change besides states and ownership (positions on the visit's line).
    std::vector<std::pair<std::size_t, SkipWhy>> skips;
    std::size_t new_pointer = SIZE_MAX;
    std::size_t credit_spent = SIZE_MAX;
    std::size_t debt_added = SIZE_MAX;
    Ix server = kNone, owner = kNone;
  };

  Ix ensure_manager(const std::string& id);  // roster events create unknown managers
  Ix find_manager(std::string_view id) const;
  Ix find_line(std::string_view name) const;
  static std::size_t position_in(const Line&, Ix m);  // order.size() if not on the line
  bool available_on(const Line&) const;
  bool present(Ix m) const;
  VisitView view_of(const std::string& id, const Visit& v) const;

  Problem refusal(const Event& e) const;
  void roll_day(Time t);
  void arrive(const Event& e, Outcome& out);
  Placement place(const std::string& id, const Visit& v, Time t, bool waited);
  Placement walk_in(const Visit& v, Time t, Decision d);
  Placement to_named(const Visit& v, Ix who, Kind kind, bool uses_turn, Time t, Decision d);
  void settle(const std::string& visit, Placement& p, bool was_waiting, Outcome& out);
  void drain(Time t, Outcome& out);
  Decision move_ownership(const std::string& visit, Ix to, Time t, Rule why);
  void move_owner(const std::string& visit, Ix to, Time t, Rule why, Outcome& out);
  void reassign(const std::string& visit, Ix to, Time t, Outcome& out);
  void void_visit(const std::string& visit, Time t, Outcome& out);

  Settings settings_;
  std::vector<Manager> managers_;
  std::unordered_map<std::string, Ix> manager_ix_;
  std::vector<Line> lines_;
  std::unordered_map<std::string, Visit> visits_;
  std::unordered_map<std::string, Ix> owner_by_phone_;
  std::deque<std::string> waiting_;  // every waiting visit, oldest first
  std::uint64_t credits_earned_ = 0;         // stamps credits so the oldest can be found
  std::uint64_t seq_ = 0;
  std::int64_t day_ = INT64_MIN;
};

}  // namespace lobby
