// What the staff console asks of the front desk: who may sign in, the PIN check with its
// lock, and staff actions. Every action is an Event through Reception, so the engine decides,
// the store records it with who and when, and it goes to HQ through the outbox like a check-in.
// It counts the actions it applied and the reads the screens asked of it: a console screen reads
// again only when the count of actions moved (staff_console.h), and the tests hold the screens
// to one read per opening, not one per frame.
#pragma once

#include "kiosk/core/pin_lock.h"
#include "kiosk/store/reception.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace lobby::ui {

class StaffDesk {
 public:
  using Clock = std::function<Time()>;  // the branch's local time, stamped on every action
  // Exports are written under `export_dir`, and copied to a USB stick mounted under one of
  // `media_roots` when there is one (removable_media.h).
  StaffDesk(Reception& reception, Store& store, Clock clock, std::string export_dir,
            std::vector<std::string> media_roots = {});

  // Who may sign in, as read when the console last opened (open()): not a query per frame.
  const std::vector<ManagerProfile>& staff() const { return staff_; }
  void open();
  enum class SignIn { ok, wrong, locked, unavailable };
  // Checks `pin` for `id` at the branch's time. A wrong PIN counts towards `id`'s own lock
  // (pin_lock.h says why the person picked), and every wrong PIN and every lock is audited and
  // kept in the records, so a restart lifts no lock. When the records cannot say (unreadable,
  // or a damaged PIN hash) the answer is `unavailable` with the cause in `why`: that is never
  // counted as a wrong PIN.
  SignIn sign_in(const std::string& id, const std::string& pin, Problem& why);
  // `id`'s lock as last read or left by sign_in (read from the records by open()).
  const PinLock& lock(const std::string& id) const;
  // Whole minutes `id` stays locked out from now, 0 when they may try.
  int locked_minutes(const std::string& id) const { return lock(id).minutes_left(clock_()); }

  // Stamps the time on `e` and applies it as `actor`. Returns an empty Problem when done, or
  // why it was refused; then nothing changed.
  Problem act(Event e, const std::string& actor);
  // How many actions act() applied: what a screen read is out of date when this has moved.
  std::uint64_t changes() const { return changes_; }
  // How many times a screen asked for what it shows: open() and each call below that reads
  // the engine or the records (the exports excepted: they are a tap, not a screen).
  std::uint64_t reads() const { return reads_; }

  std::optional<ManagerView> manager(const std::string& id) const;
  std::vector<std::string> turn_order() const;  // the main line's, first is next in the scan
  const Settings& settings() const { return reception_.engine().settings(); }
  // A customer's visit as the console lists it.
  struct Customer {
    std::string visit, ticket;
    std::string surname, title;  // as the customer gave them; empty when they gave none
    std::string manager;   // who serves or owns them; empty while waiting for anyone
    std::string claimant;  // a manager's pending claim, or empty
    std::string arrived;   // "09:12", the branch's local time of the check-in
    std::string state;     // waiting, receiving, done, voided (VisitView::Status by name)
  };
  std::vector<Customer> customers() const;  // can be reassigned: being served or waiting
  // The customer `manager` is receiving now, or nullopt when they receive no one.
  std::optional<Customer> receiving(const std::string& manager) const;
  // Why act(e) would be refused now, or empty: the rules decide it on a copy of the engine,
  // nothing recorded. A screen asks before it offers an action, so that it never offers one
  // the rules would refuse, and says why instead.
  Problem refusal(Event e) const;
  // Visits `manager` may claim (POLICY.md rule 2.1): within the claim window, owned by someone
  // else, no claim pending.
  std::vector<Customer> claimable(const std::string& manager) const;
  std::vector<Customer> pending_claims() const;  // for the supervisor to confirm or reject
  std::vector<Customer> voidable() const;        // today's check-ins not yet voided, newest first
  // Today's audit log, newest first; empty with `why` set when it cannot be read.
  std::vector<AuditEntry> audit_today(Problem& why) const;
  // Where an export went: `path` on the kiosk (empty when it failed, with the reason in
  // `why`), and `on_stick` when a USB stick was plugged in (`stick_why` when the copy failed:
  // the kiosk's copy is still there).
  struct Exported {
    std::string path, on_stick;
    Problem stick_why;
  };
  // Writes today's dispatch log as CSV under the export folder, and to a stick if one is in.
  Exported export_dispatch_log(Problem& why) const;
  // Today's visits with the customers' names and numbers (where they consented): personal
  // data, so the console offers it to the supervisor only. Same contract as above.
  Exported export_visits(Problem& why) const;
  // How many items HQ refused for good, or nullopt with the cause in `why` when the records
  // cannot say (never 0: that would hide HQ's refusals).
  std::optional<std::int64_t> quarantined(Problem& why) const;
  // HQ sync health as the sync worker last recorded it, with how much waits to be sent and
  // today's date (to say a time of an earlier day in full); nullopt with the cause in `why`
  // when the records cannot say (never "fine": that would hide a revoked token).
  struct SyncHealth {
    SyncState state;
    std::int64_t pending = 0;
    std::string today;  // YYYY-MM-DD
  };
  std::optional<SyncHealth> sync_health(Problem& why) const;
  // The managers' notices: failing or not; nullopt with the cause in `why` when the records
  // cannot say (never "working": that would hide a failing channel).
  std::optional<NotifyState> notify_state(Problem& why) const;

 private:
  Exported write_export(const std::string& name, const std::function<std::string(const std::string&)>& csv_of,
                           Problem& why) const;
  std::vector<Customer> visits_where(const std::function<bool(const VisitView&)>& keep) const;
  struct Label {
    std::string ticket, surname, title;
  };
  Label label_of(const std::string& visit) const;
  // The visit as the console lists it; `manager` overrides the visit's owner (a waiting
  // customer's named manager). An id the engine no longer knows gets its label only.
  Customer customer(const std::string& visit, std::string manager) const;
  Customer customer(const VisitView& v, std::string manager) const;
  std::vector<ManagerProfile> staff_;
  std::uint64_t changes_ = 0;
  mutable std::uint64_t reads_ = 0;
  mutable std::map<std::string, Label> labels_;  // visit -> its ticket and the customer's name
  Reception& reception_;
  Store& store_;
  Clock clock_;
  std::string export_dir_;
  std::vector<std::string> media_roots_;
  std::map<std::string, PinLock> locks_;  // by staff member
};

}  // namespace lobby::ui
