// Where HQ keeps what kiosks send. Behind an interface so that the reference SQLite store
// can be swapped for PostgreSQL without touching the HTTP side. Every implementation must
// deduplicate permanently by (kiosk, UUID) and commit before returning: the server acknowledges
// only what ingest() has made durable.
#pragma once

#include "sync/hq/branch_rows.h"
#include "sync/protocol/checkin_batch.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lobby {

struct StoredCheckin {
  std::string uuid, kiosk, kind, payload_hash, received, payload;
};

class HqStorage {
 public:
  virtual ~HqStorage() = default;
  // Stores the new items in one transaction; one result per item, in order. In the same
  // transaction it notes that HQ heard from the kiosk now, and the status the kiosk gave (none
  // from an older kiosk): a batch of no items does only that.
  virtual std::vector<ItemResult> ingest(const std::string& kiosk, const std::vector<CheckinItem>& items,
                                         const std::optional<KioskStatus>& status) = 0;
  // When HQ last heard from each kiosk (UTC, ISO 8601), and what the kiosk then said of itself.
  struct ContactRecord {
    std::string kiosk, last_contact;
    std::optional<KioskStatus> status;
  };
  virtual std::vector<ContactRecord> contacts() = 0;  // by kiosk
  virtual std::optional<std::string> kiosk_for_token_hash(const std::string& token_hash) = 0;
  virtual void add_token(const std::string& kiosk, const std::string& token_hash) = 0;
  // Tokens by kiosk, oldest first; `id` is the start of the token's hash, enough to name it.
  struct TokenInfo {
    std::string id, kiosk, created;
  };
  virtual std::vector<TokenInfo> tokens() = 0;
  // Revokes the one token whose hash starts with `id` (at least 8 characters): kiosks using
  // it are refused from the next request. Returns the kiosk it belonged to, or why not.
  virtual bool revoke_token(const std::string& id, std::string& kiosk_or_why) = 0;
  // Calls `each` for every check-in received at or after `since` (UTC, ISO 8601; empty: all).
  virtual void export_since(const std::string& since, const std::function<void(const StoredCheckin&)>& each) = 0;
  // The retention purge, in one transaction: numbers whose last visit (the event's local time
  // `t`) is before `cutoff` (YYYY-MM-DDTHH:MM:SS) become one random pseudonym each, in every
  // stored payload, and those customers' surnames and titles go, as do names of number-less
  // visits before `cutoff`. Visits and decisions stay. The uuid and payload_hash are kept as
  // they were received: a late re-send of the original item is still a duplicate, not a new
  // check-in; the purged payload no longer matches its hash, on purpose. Returns how many
  // numbers were replaced.
  virtual std::size_t purge_personal_data(const std::string& cutoff) = 0;

  // Readers, who are not kiosks (sync/hq/accounts.h decides; these only keep). A person signs
  // in with a password kept as a KDF hash; `failures` and `locked_until` (UTC, ISO 8601, or
  // "") are the lockout's state. Returns false when the name is taken.
  struct UserRecord {
    std::string name, role, password_hash;
    int failures = 0;
    std::string locked_until;
  };
  virtual bool add_user(const UserRecord& user) = 0;
  virtual std::optional<UserRecord> user(const std::string& name) = 0;
  // One more failed sign-in, counted in the database (several servers may count at once);
  // returns the count now.
  virtual int add_sign_in_failure(const std::string& name) = 0;
  virtual void set_sign_in_state(const std::string& name, int failures, const std::string& locked_until) = 0;
  // A machine's key, kept as its hash. Returns false when the name is taken.
  struct ApiKeyRecord {
    std::string name, role;
  };
  virtual bool add_api_key(const std::string& key_hash, const ApiKeyRecord& key) = 0;
  virtual std::optional<ApiKeyRecord> api_key_for_hash(const std::string& key_hash) = 0;
  // People's dashboard sessions (a cookie), kept as the token's hash so that a copy of the
  // database signs nobody in; in the database because several servers share them. `created`
  // and `last_used` are UTC, ISO 8601. session() gives the person's role as it is now, and
  // nothing for a session whose person is gone.
  struct SessionRecord {
    std::string name, role, created, last_used;
  };
  virtual void add_session(const std::string& token_hash, const std::string& name) = 0;
  virtual std::optional<SessionRecord> session(const std::string& token_hash) = 0;
  virtual void touch_session(const std::string& token_hash, const std::string& last_used) = 0;
  virtual void remove_session(const std::string& token_hash) = 0;
  // Forgets the sessions last used before `used_before` or created before `created_before`;
  // returns how many.
  virtual std::size_t remove_sessions_over(const std::string& used_before, const std::string& created_before) = 0;

  // --- The branch tables (branch_rows.h): branch_tables.h decides what goes in; these keep ---
  // One branch's write, inside write_branch's transaction.
  class BranchWrite {
   public:
    virtual ~BranchWrite() = default;
    virtual std::optional<BranchRow> stored() = 0;  // the branch's row as it is now
    // The branch's stored items after item id `after` (checkins.seq), in id order.
    virtual void items_after(std::int64_t after,
                             const std::function<void(std::int64_t item, const std::string& payload,
                                                      const std::string& received)>& each) = 0;
    virtual void clear() = 0;  // deletes the branch's rows from every branch table
    // Writes the branch row and the managers whole, and the visits and days given.
    virtual void put(const BranchRows& rows) = 0;
  };
  // Runs `work` in one transaction holding the branch's writer lock, and commits: one writer
  // per branch at a time, across servers. ingest() takes the same lock, so a branch's items
  // are committed in the order of their ids and a writer that has read up to an id has read
  // everything before it.
  virtual void write_branch(const std::string& kiosk, const std::function<void(BranchWrite&)>& work) = 0;
  // Each branch that has stored items, with the id of its newest: what the tables must reach.
  virtual std::vector<std::pair<std::string, std::int64_t>> newest_items() = 0;
  virtual std::vector<BranchRow> branch_rows() = 0;  // by branch name
  virtual std::optional<BranchRow> branch_row(const std::string& kiosk) = 0;
  virtual std::vector<ManagerRow> manager_rows(const std::string& kiosk) = 0;  // in the branch's order
  virtual std::vector<VisitRow> visit_rows(const std::string& kiosk, const VisitQuery& query) = 0;
  // The dispatch logs of days `from`..`to` (inclusive), as stored, oldest first; only days with rows.
  virtual std::vector<DispatchDay> dispatch_days(const std::string& kiosk, const std::string& from,
                                                 const std::string& to) = 0;
  // The check-ins (voids left out) of days `from`..`to` at one branch, or at all of them for
  // "", counted by day, hour of arrival and whole minutes waited: what trends are drawn from.
  virtual std::vector<ArrivalCount> arrival_counts(const std::string& kiosk, const std::string& from,
                                                   const std::string& to) = 0;
  std::vector<DispatchRow> dispatch_rows(const std::string& kiosk, const std::string& day) {  // one day's
    std::vector<DispatchDay> days = dispatch_days(kiosk, day, day);
    return days.empty() ? std::vector<DispatchRow>{} : std::move(days.front().rows);
  }
};

// Now in UTC, ISO 8601 to the second ("2026-12-03T09:41:07Z"): when HQ received what it stores.
std::string utc_now();

// `create`: make the file if it is missing (serve, token add); export only reads what exists.
std::unique_ptr<HqStorage> open_sqlite_storage(const std::string& path, bool create = true);
// A PostgreSQL database by libpq URI. `create`: set up HQ's tables in an empty database.
// Refuses a database that holds tables but is not HQ's.
std::unique_ptr<HqStorage> open_pg_storage(const std::string& uri, bool create = true);
// Whether `database` (as hq.toml and --db give it) is a postgresql:// or postgres:// URI.
bool is_postgres_uri(const std::string& where);
// `database` as hq.toml and --db give it: a postgresql:// or postgres:// URI, else a file.
std::unique_ptr<HqStorage> open_storage(const std::string& database, bool create = true);

}  // namespace lobby
