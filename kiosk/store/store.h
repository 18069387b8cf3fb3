// The kiosk's local store. Every accepted event is written with everything it caused in
// one BEGIN IMMEDIATE transaction: the event itself (the engine is rebuilt from these), the
// customer, the visit and its ticket, the decisions with their explanations, an audit entry
// and an outbox row for HQ. The store records what the engine decided; it never decides.
#pragma once

#include "kiosk/core/engine.h"
#include "kiosk/common/db.h"
#include "kiosk/common/dispatch_text.h"
#include "kiosk/core/notice.h"
#include "kiosk/core/pin_lock.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lobby {

constexpr int kSchemaVersion = 6;

struct ManagerProfile {
  std::string id;
  std::string display_name;
  std::string surname;
  std::string gender;  // "m" / "f" / ""
  std::string role = "manager";  // or "supervisor"
  std::string pinyin = "";  // "wang2 li4": how the lobby board says the name; "" if not given
};

// A device of the branch (the receipt printer) as its last use left it, for the lobby board's
// footer. Written by the program that used it; devices.cpp.
struct DeviceStatus {
  std::string device;            // "printer"
  std::string problem = "none";  // what stopped it (escpos::Problem's name), or "none"
  bool paper_near_end = false;
  std::string ticket;            // the ticket that did not print, if any
  std::string detail;            // the system's words, for staff and the log
  std::string at;                // local time of that use
  bool ok() const { return problem == "none"; }
  bool operator==(const DeviceStatus&) const = default;
};

// A customer the branch has met before and may recognise (they consented).
struct KnownCustomer {
  std::string surname, title;
};

// What a committed event left behind.
struct Committed {
  std::int64_t event_seq = 0;
  std::string ticket;       // for an arrival
  std::string outbox_uuid;  // the idempotency key HQ deduplicates on
};

struct OutboxItem {
  std::int64_t seq = 0;
  std::string uuid;
  std::string payload;  // the JSON item exactly as HQ receives it
};

// What HQ's answer means for one item sent: the pusher reads the answer, the store files it.
struct SentItemFate {
  std::int64_t seq = 0;    // the outbox item's
  std::string refused_as;  // empty: HQ holds it; else HQ will never take it ("conflict", "invalid")
  std::string reason;      // HQ's words, kept with a refused item
};

struct SyncState {
  int failures = 0;                // consecutive failed passes
  std::int64_t next_attempt_ms = 0;  // wall clock, ms since 1970 UTC
  std::string last_error;
  // For the staff console (HQ sync health), in the branch's local time "2026-11-24T10:32:00":
  std::string last_success;   // HQ last acknowledged an item; "" never
  std::string failing_since;  // the first failure of the run; "" while sending works
  std::string cause;          // token, network, busy, http, reply, unanswered; "" while it works
};

// A notice to managers' phones not yet sent, with what a message may show of the customer:
// ticket and the polite name's parts, never the number.
struct PendingNotice {
  std::int64_t seq = 0;
  NoticeDraft draft;
  std::string ticket, surname, title;
  bool voided = false;  // the check-in was a mistake: nobody needs to hear about it
};

// The notice sender's state, kept in the database so that a restart neither hammers a robot
// nor forgets that it refused us, and so that the console and the board can show a failure.
struct NotifyState {
  std::string channel;                 // the channel the rest is about (wecom, dingtalk, ...)
  int failures = 0;                    // consecutive failed sends
  std::int64_t next_attempt_ms = 0;    // wall clock, ms since 1970 UTC
  std::int64_t failing_since_ms = 0;   // the first failure of the run; 0 while sending works
  std::string failing_since;           // the same as the branch's local "HH:MM", for people
  std::string cause;                   // key, signature, rate, http, network, reply
  std::string detail;                  // what the robot or libcurl said, for the log
  std::string stopped;                 // the refused settings' fingerprint; "" unless stopped
  std::string recent_sends;            // ms of the last sends, comma-separated: rate limits survive a restart
};

// One check-in as the supervisor's export of the day's visits lists it. Holds personal data:
// the number appears only where the customer consented to its being kept.
struct VisitRecord {
  std::string ticket, arrived, surname, title, phone, kind, owner, server, status, voided;
};
std::string visits_csv(const std::vector<VisitRecord>& rows);

// One line of the audit log: who did what and when, and what the rules decided because of it.
struct AuditEntry {
  std::string t;       // local time, 2026-11-24T09:30:00
  std::string actor;   // a manager id, "kiosk" for a customer's check-in
  Event event;
  std::vector<Decision> decisions;
  std::string ticket;  // for a check-in
  // "pin_wrong" or "pin_locked" for a failed sign-in (actor: the person picked; `event` is
  // empty), else the event's type by name.
  std::string action;
  int pin_failures = 0;       // pin_wrong: wrong PINs in a row so far
  std::string locked_until;   // pin_locked: local time the lock ends
};

class Store {
 public:
  // read_write creates the file if needed; existing refuses a path with no database (a
  // typo must not look like an empty, fully sent outbox); read_only never writes.
  enum class Mode { read_write, existing, read_only };
  // Opens the database, migrates it, and checks its integrity.
  // Throws StoreError: locked, corrupt, written by a newer version, unreadable.
  Store(const std::string& path, Mode mode = Mode::read_write, int busy_timeout_ms = 2000);

  // Feeds the recorded events after `after_seq`, in order, to `engine`: everything into a
  // fresh engine at start-up, or what other processes added since, to keep a reader current.
  struct Replayed {
    std::size_t events = 0;
    std::size_t decisions = 0;  // assignments those events made
    std::int64_t last_seq = 0;  // the last event fed (after_seq if none)
  };
  Replayed replay_into(RotationEngine& engine, std::int64_t after_seq = 0) const;
  // Changes whenever another connection commits (PRAGMA data_version): cheap to ask.
  std::int64_t data_version() const;
  // How many customers a retention purge has anonymised. A reader that keeps an engine must
  // rebuild it when this changes: a purge rewrites old events instead of adding new ones.
  std::int64_t purged_customers() const;

  // Records an accepted event and its outcome in one transaction. With `decided_after` >= 0,
  // the event was decided from the records up to that event: if another program has added one
  // since, nothing is written and StoreError::Kind::stale is thrown. Throws StoreError; then
  // nothing at all was written.
  Committed record(const Event& e, const Outcome& o, const std::string& actor, std::int64_t decided_after = -1);

  // Forgets the personal data of customers whose last visit is more than `days` days before
  // `now` (purge.cpp): each of their numbers becomes one random pseudonym wherever it is stored
  // (events, visits, customers, audit, outbox, quarantine; as a customer's number and as a
  // referrer), and their surname and title are cleared; names of number-less visits that old
  // go too. Visits, decisions and the dispatch log stay. A replay of the rewritten events makes
  // the same decisions, but an engine already in memory still knows the old numbers: rebuild it
  // (Reception::purge_personal_data does). One transaction: throws StoreError with nothing changed.
  struct Purged {
    std::size_t customers = 0;  // customers' rows anonymised
    std::size_t numbers = 0;    // numbers replaced (customers' and referrers' only)
    std::size_t visits = 0;     // visits anonymised
    std::size_t rows = 0;       // event, audit, outbox and quarantine rows rewritten
  };
  Purged purge_personal_data(Time now, int days);

  void add_manager(const ManagerProfile& p, const std::string& pin);  // pin may be empty
  bool has_manager(const std::string& id) const;
  bool has_visit(const std::string& id) const;
  std::optional<KnownCustomer> known_customer(const std::string& phone) const;  // normalised 11 digits
  // What the lobby may show of a visit: its ticket and the polite form of the name.
  struct VisitLabel {
    std::string ticket, surname, title;
  };
  std::optional<VisitLabel> visit_label(const std::string& visit) const;
  std::vector<ManagerProfile> managers() const;
  // True when the PIN matches the manager's stored hash, false when it does not (or they have
  // none). Throws StoreError when the records cannot be read, and Kind::corrupt when the
  // stored hash is damaged: neither is a wrong PIN.
  bool check_pin(const std::string& manager, const std::string& pin) const;

  // --- Staff sign-in locks (pin_locks.cpp): the engine of the lock is core's PinLock ---
  std::map<std::string, PinLock> pin_locks() const;  // by manager id; those with any state
  // Keeps `manager`'s lock as PinLock left it, and with a non-empty `action` ("pin_wrong",
  // "pin_locked") an audit entry at `t` (actor: `manager`). One transaction; throws StoreError.
  void record_pin_attempt(const std::string& manager, const PinLock& lock, const std::string& action, Time t);

  // The day's (YYYY-MM-DD) dispatch log, counted by core's count_dispatch from the records.
  std::vector<DispatchRow> dispatch_log(const std::string& day) const;
  std::vector<VisitRecord> visit_records(const std::string& day) const;  // in ticket order
  // The day's audit log, newest first, at most `limit` entries. Throws StoreError, also for
  // an entry it cannot read back.
  std::vector<AuditEntry> audit_log(const std::string& day, std::size_t limit = 200) const;

  // --- Outbox, for the pusher (outbox.cpp) ---
  std::vector<OutboxItem> outbox_batch(std::size_t limit, std::int64_t after_seq = 0) const;  // oldest first
  // Files what became of items sent, in one transaction: each leaves the outbox, and a
  // refused one is kept in quarantine for staff to look at.
  void settle_outbox(const std::vector<SentItemFate>& fates, const std::string& now);
  std::int64_t outbox_pending() const;
  std::int64_t quarantined() const;
  SyncState sync_state() const;
  void set_sync_state(const SyncState& s);

  // --- The branch's devices (devices.cpp) ---
  void set_device_status(const DeviceStatus& s);
  std::optional<DeviceStatus> device_status(const std::string& device) const;
  // Today's visit with this ticket ("A023" on `day`, YYYY-MM-DD), or none.
  std::optional<std::string> visit_with_ticket(const std::string& day, const std::string& ticket) const;
  // --- Notices to managers' phones (notices.cpp) ---
  std::vector<PendingNotice> pending_notices(std::size_t limit) const;  // oldest first
  // Marks notices `status` ("sent" or "expired") in one transaction; others are left alone.
  void settle_notices(const std::vector<std::int64_t>& seqs, const std::string& status, const std::string& now);
  std::int64_t notices_pending() const;
  // A manager's mobile (11 digits), for @-mentions in the group; "" removes it.
  void set_manager_mobile(const std::string& id, const std::string& mobile);
  std::map<std::string, std::string> manager_mobiles() const;  // by manager id; those set only
  NotifyState notify_state() const;
  void set_notify_state(const NotifyState& s);

  Db& db() { return db_; }

 private:
  void migrate();
  mutable Db db_;
};

}  // namespace lobby
