// What the check-in screens ask of the front desk: who is here to choose from, whether a
// number is known, and the check-in itself. It reads the store's read models and sends the
// arrival through Reception (engine, then one transaction); the screens never touch either.
#pragma once

#include "kiosk/store/reception.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lobby::ui {

struct ManagerCard {
  std::string id;
  std::string name;     // as shown on screens, e.g. 王丽
  std::string initial;  // the surname, or the name's first character, for the card's badge
};

// What the customer told the kiosk, in the shape of an arrival.
struct CheckinRequest {
  std::string phone;  // normalised 11 digits, or empty
  bool consent = false;
  std::string surname, title;
  std::string line;      // the service line they chose; empty: "main"
  std::string manager;   // the manager they named, or empty
  std::string referrer;  // a friend's number, or empty
  bool use_referrer_owner = false;
};

struct TicketInfo {
  std::string visit;       // the visit's id, to ask the rules about it again
  std::string ticket;      // "A023"
  std::string manager;     // who will receive them, when assigned at once
  bool waiting = false;
  int ahead = 0;           // customers before them in the queue
  int minutes = 0;         // estimated wait
  std::string waits_for;   // the manager a waiting customer waits for by name; empty: anyone
  Kind waits_why = Kind::rotation;  // why that manager (the rules' answer; see WaitEstimate)
  std::string time;        // "09:30", when they checked in (for the printed ticket)
  bool already_had = false;  // the number's open visit: nothing new was recorded or printed
  // Recognition happens at check-in, never on the screens before it: whoever types a number
  // has not shown it is theirs until they check in with it.
  std::optional<KnownCustomer> known;  // the number's customer, who consented before: greet them
  bool number_unknown = false;         // a kept number the records do not hold (not: could not be read)
};

class CheckinDesk {
 public:
  using Clock = std::function<Time()>;  // the branch's local time
  CheckinDesk(Reception& reception, Store& store, Clock clock, int typical_reception_minutes = 20);

  // The managers a customer may name now on `line` (the rules' answer: present), in its turn
  // order, for the "preferred manager" cards.
  std::vector<ManagerCard> present_managers(const std::string& line = "") const;
  // Whether the rules run `line` (it has a turn order): a line without one cannot take anyone.
  bool runs_line(const std::string& line) const;
  // Checks the customer in. A kept number the branch knows is recognised here: the ticket
  // greets them, and a name they did not give is the one the records hold. The ticket exists
  // only once the transaction has committed; on
  // any failure nothing is stored, the cause is logged on stderr and nullopt is returned.
  // A number that already has an open visit today is not checked in twice (staff would have
  // to void the second visit): nothing is recorded and the ticket they hold comes back,
  // marked already_had.
  std::optional<TicketInfo> check_in(const CheckinRequest& request);

  // The ticket as the rules see it now (after catching up with what the desk recorded): the
  // manager once assigned, or the wait as it stands. nullopt when the visit is over or voided,
  // or the records cannot be read just now (logged): the ticket shown stays as it was.
  std::optional<TicketInfo> refresh(const TicketInfo& shown);

  // Re-reads the managers' names (after the roster was edited).
  void reload_profiles();

 private:
  ManagerCard card(const std::string& id) const;
  // Who a kept number belongs to, for the greeting. When the records cannot be read just now
  // `failed` is set: the customer is checked in all the same (the rules still know the
  // number's owner), only not greeted, and never told their number is unknown.
  std::optional<KnownCustomer> recognise(const std::string& phone, bool& failed) const;
  // The ticket of a visit as the rules see it now: who serves them (`server`), or the wait.
  TicketInfo ticket_of(const std::string& visit, const std::string& ticket, const std::string& server,
                       Time arrived) const;
  Reception& reception_;
  Store& store_;
  Clock clock_;
  int typical_minutes_;
  std::vector<ManagerProfile> profiles_;
};

}  // namespace lobby::ui
