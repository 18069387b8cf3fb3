// The reception domain: managers, customers' visits, events that happen in the lobby,
// and the decisions the house rules (POLICY.md) make about them. Plain data only, so the
// engine, the store, the screens and the sync protocol all speak the same words.
#pragma once

#include "kiosk/core/problem.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lobby {

// Seconds since 1970-01-01T00:00:00 of the branch's local clock. The engine never reads a
// clock: every event carries its time, so replaying the same events gives the same result.
using Time = std::int64_t;
constexpr Time kSecondsPerDay = 86400;
inline std::int64_t day_of(Time t) { return t >= 0 ? t / kSecondsPerDay : (t - kSecondsPerDay + 1) / kSecondsPerDay; }

enum class State : std::uint8_t { off, available, receiving, on_break, task };
enum class BusyPolicy : std::uint8_t { delegate, forfeit };
enum class Kind : std::uint8_t { rotation, makeup, requested, returning, voluntary, referral, reassigned };
enum class SkipWhy : std::uint8_t { on_break, task, busy, already_served };

// Why a decision came out as it did. Each code has a sentence in both languages in
// assets/strings, so staff screens and HQ can show the explanation to a person.
enum class Rule : std::uint8_t {
  makeup_first,       // procedure step 1: an available manager held a make-up credit
  rotation_scan,      // procedure step 2: the roster was scanned from the pointer
  busy_delegate,      // rules 2.5/2.6: the on-turn manager was busy and kept the customer
  busy_forfeit,       // rules 2.5/2.6: a busy manager gave up the turn
  named_request,      // rule 2.2: the customer named a present manager
  phone_enquiry,      // rule 2.2 exception: the named manager's turn is used
  request_ignored,    // rule 2.2: the named manager was not present
  ownership_moved,    // rule 2.7's spirit: a request or claim moved the customer
  returning_owner,    // rules 2.1/2.4: a known customer went back to their owner
  owner_absent,       // rule 2.4: the owner was away, a colleague served on their behalf
  referral,           // rule 1.5: a referred customer went to the referrer's owner
  referrer_unknown,   // rule 1.5: the referrer's number was unknown or their owner away
  reassignment,       // rule 2.7: the supervisor moved the customer
  claim_confirmed,    // rule 2.1: the supervisor confirmed a manager's claim
  waited,             // the customer waited and was assigned when someone became free
  new_server,         // rule 2.7: a reassignment made the new manager the one who receives them
};

std::string_view name_of(State);
std::string_view name_of(BusyPolicy);
std::string_view name_of(Kind);
std::string_view name_of(SkipWhy);
std::string_view name_of(Rule);
std::optional<State> state_from(std::string_view);
std::optional<BusyPolicy> busy_policy_from(std::string_view);
std::optional<Kind> kind_from(std::string_view);
std::optional<SkipWhy> skip_why_from(std::string_view);
std::optional<Rule> rule_from(std::string_view);

// Branch settings: every choice POLICY.md leaves open. Defaults are the ones it names.
struct Settings {
  BusyPolicy default_busy_policy = BusyPolicy::delegate;
  bool phone_request_uses_turn = true;
  bool referral_uses_turn = false;
  int claim_window_days = 2;
  // POLICY.md is silent on voiding a mistaken check-in. By default the manager whose turn it
  // used gets the turn back (as a make-up credit, or by cancelling a phone enquiry's debt);
  // off: a voided check-in still counts as their turn.
  bool void_returns_turn = true;
  bool operator==(const Settings&) const = default;
  // Absence reasons offered by the staff console and what each one counts as.
  std::map<std::string, State, std::less<>> absence_reasons = {
      {"rest", State::on_break},          {"leave", State::on_break},
      {"personal", State::on_break},      {"company_task", State::task},
      {"site_visit", State::task},        {"property_fair", State::task},
      {"training", State::task},
  };
};

struct Skip {
  std::string m;
  SkipWhy why;
  bool operator==(const Skip&) const = default;
};

// One assignment (or reassignment) with everything needed to explain and audit it.
struct Decision {
  std::string visit;
  std::string line;
  Kind kind = Kind::rotation;
  std::string owner;
  std::string server;
  bool turn_used = false;
  std::vector<Skip> skipped;
  std::vector<Rule> rules;
  std::string previous_owner;  // set when this decision moved the customer's ownership
  Time t = 0;                   // when the decision was made (later than arrival if they waited)
  bool operator==(const Decision&) const = default;
};

enum class EventType : std::uint8_t {
  roster, clock_in, clock_out, status, absent, busy_policy, arrive, finish, reassign,
  claim, claim_confirm, claim_reject, void_visit, settings,
};
std::string_view name_of(EventType);
std::optional<EventType> event_type_from(std::string_view);

// What any text in an event may be: everything a kiosk screen can type fits, and the
// records, logs and spreadsheets never see a control character. The engine refuses an event
// with other text, and so does every reader of recorded or received events.
inline constexpr std::size_t kMaxEventText = 256;
bool recordable_text(std::string_view s);

// A member of staff as the kiosk's records name them: HQ learns names from roster events.
struct StaffName {
  std::string id, name;
  bool operator==(const StaffName&) const = default;
};

// One thing that happened in the lobby, in the shape of the replay contract. Only the
// fields the event's type uses are meaningful.
struct Event {
  EventType type = EventType::arrive;
  Time t = 0;
  std::string m;                   // manager (clock_in, clock_out, status, absent, busy_policy, claim)
  std::string id;                  // visit id (arrive, finish, reassign, claim*, void)
  std::string line;                // service line; empty means "main"
  std::vector<std::string> order;  // roster
  // roster: everyone the kiosk's records know, in the records' order, with the name reports
  // show. Filled by the store when it records the event, for HQ; the rules never look at it.
  std::vector<StaffName> staff;
  State status = State::available; // status
  std::string reason;              // absent: the absence reason; reassign, void: why, for the audit
  BusyPolicy policy = BusyPolicy::delegate;
  std::string phone;               // arrive: the customer's mobile number, if given
  std::string request;             // arrive: the manager the customer named
  bool phone_enquiry = false;      // arrive: first contact with `request` was by phone
  std::string referrer;            // arrive: phone number of the customer who referred them
  bool use_referrer_owner = false; // arrive: wants the referrer's manager
  std::string to;                  // reassign: the new manager
  // Who the customer is, for the records; the rules never look at these.
  std::string surname;             // arrive: "张"
  std::string title;               // arrive: "先生" / "女士" / "Mr" / "Ms"
  bool consent = true;             // arrive: the customer agreed to their number being stored
  std::shared_ptr<const Settings> settings;  // settings: the rules' choices from this event on
};

// What one event did: decisions in the order they were made, whether the arriving
// customer had to wait, or why the event was refused (then nothing changed).
struct Outcome {
  std::vector<Decision> decisions;
  bool queued = false;
  std::string waiting_for;  // queued for one manager by name (their owner, or the one they named)
  Problem error;  // empty when the event was accepted
};

}  // namespace lobby
