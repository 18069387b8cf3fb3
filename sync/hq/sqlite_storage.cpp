// HQ's reference storage: one SQLite file, WAL, synchronous=FULL. UNIQUE(kiosk, uuid) is the
// permanent deduplication; the stored payload hash tells a re-send from a conflict.
#include "kiosk/common/db.h"
#include "kiosk/common/personal_data.h"
#include "sync/hq/storage.h"
#include "sync/hq/branch_rows.h"

#include <limits>

#include <ctime>
#include <memory>
#include <mutex>

namespace lobby {

namespace {

// Migrations in order; migration i brings the schema to user_version i+1. Never edit one
// that has shipped: add the next. The first is written to fit files from before versions.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE IF NOT EXISTS tokens(
  hash TEXT PRIMARY KEY,
  kiosk TEXT NOT NULL,
  created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS checkins(
  seq INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  kiosk TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload_hash TEXT NOT NULL,
  payload TEXT NOT NULL,
  received TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS checkins_by_received ON checkins(received);
)sql",
    // 2: an item is identified by (kiosk, uuid). With one namespace for all kiosks, another
    // kiosk's token re-sending a guessed uuid learned from "duplicate" or "conflict" that the
    // guess, phone number included, was right.
    R"sql(
CREATE TABLE checkins_by_kiosk(
  seq INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL,
  kiosk TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload_hash TEXT NOT NULL,
  payload TEXT NOT NULL,
  received TEXT NOT NULL,
  UNIQUE(kiosk, uuid)
);
INSERT INTO checkins_by_kiosk SELECT seq, uuid, kiosk, kind, payload_hash, payload, received FROM checkins;
DROP TABLE checkins;
ALTER TABLE checkins_by_kiosk RENAME TO checkins;
CREATE INDEX checkins_by_received ON checkins(received);
)sql",
    // 3: readers who are not kiosks: people (password as a KDF hash, with the lockout's state)
    // and machines' API keys (only their hash).
    R"sql(
CREATE TABLE users(
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'supervisor')),
  password_hash TEXT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT NOT NULL DEFAULT '',
  created TEXT NOT NULL
);
CREATE TABLE api_keys(
  hash TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'supervisor')),
  created TEXT NOT NULL
);
)sql",
    // 4: people's dashboard sessions, by the hash of the cookie's token (never the token).
    R"sql(
CREATE TABLE sessions(
  hash TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created TEXT NOT NULL,
  last_used TEXT NOT NULL
);
CREATE INDEX sessions_by_last_used ON sessions(last_used);
)sql",
    // 5: each branch's replayed day as tables (sync/hq/branch_rows.h), kept current after every
    // ingest and rebuildable from the items: reads query these instead of replaying.
    R"sql(
CREATE INDEX checkins_by_kiosk ON checkins(kiosk, seq);
CREATE TABLE branches(
  kiosk TEXT PRIMARY KEY,
  applied_seq INTEGER NOT NULL,
  highest_seq INTEGER NOT NULL,
  waiting_items INTEGER NOT NULL,
  blocked TEXT NOT NULL,
  last_event TEXT,
  last_received TEXT NOT NULL,
  diverged INTEGER NOT NULL,
  first_diverged INTEGER NOT NULL,
  repeated_seq INTEGER NOT NULL,
  day TEXT,
  checkins_today INTEGER NOT NULL,
  waiting_now INTEGER NOT NULL,
  longest_wait_minutes REAL,
  median_wait_minutes REAL,
  managers_on_duty INTEGER NOT NULL,
  board TEXT NOT NULL,
  last_item INTEGER NOT NULL,
  generation INTEGER NOT NULL
);
CREATE TABLE branch_managers(
  kiosk TEXT NOT NULL,
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  serving TEXT NOT NULL,
  PRIMARY KEY(kiosk, id)
);
CREATE TABLE branch_visits(
  kiosk TEXT NOT NULL,
  id TEXT NOT NULL,
  n INTEGER NOT NULL,
  ticket TEXT NOT NULL,
  line TEXT NOT NULL,
  day TEXT NOT NULL,
  arrived TEXT NOT NULL,
  assigned TEXT,
  finished TEXT,
  status TEXT NOT NULL,
  kind TEXT NOT NULL,
  owner TEXT NOT NULL,
  server TEXT NOT NULL,
  skips TEXT NOT NULL,
  voided TEXT,
  void_reason TEXT NOT NULL,
  wait_minutes REAL,
  service_minutes REAL,
  phone TEXT NOT NULL,
  surname TEXT NOT NULL,
  title TEXT NOT NULL,
  PRIMARY KEY(kiosk, id)
);
CREATE INDEX branch_visits_by_day ON branch_visits(kiosk, day, n);
CREATE TABLE branch_dispatch(
  kiosk TEXT NOT NULL,
  day TEXT NOT NULL,
  position INTEGER NOT NULL,
  manager TEXT NOT NULL,
  rotation INTEGER NOT NULL, makeup INTEGER NOT NULL, requested INTEGER NOT NULL, "returning" INTEGER NOT NULL,
  referral INTEGER NOT NULL, voluntary INTEGER NOT NULL, reassigned INTEGER NOT NULL, forfeits INTEGER NOT NULL,
  task_skips INTEGER NOT NULL, already_served INTEGER NOT NULL, reassigned_in INTEGER NOT NULL,
  reassigned_out INTEGER NOT NULL,
  PRIMARY KEY(kiosk, day, manager)
);
)sql",
    // 6: when HQ last heard from each kiosk, empty batches (heartbeats) included, and the
    // status it gave: what the overview's sync state and quarantine warning are read from.
    // Branches that sent items before are seeded with when HQ last received one.
    R"sql(
CREATE TABLE kiosk_contacts(
  kiosk TEXT PRIMARY KEY,
  last_contact TEXT NOT NULL,
  quarantined INTEGER,
  outbox INTEGER
);
INSERT INTO kiosk_contacts(kiosk, last_contact) SELECT kiosk, last_received FROM branches;
)sql",
    // 7: each visit's history. Emptying the branches table makes the catch-up at the next start
    // write every branch again, so the visits already here get theirs too. Trends read all
    // branches' visits of a period, by day, from the index alone.
    R"sql(
ALTER TABLE branch_visits ADD COLUMN steps TEXT NOT NULL DEFAULT '[]';
ALTER TABLE branch_visits ADD COLUMN managers TEXT NOT NULL DEFAULT '';
DELETE FROM branches;
CREATE INDEX branch_visits_on_day ON branch_visits(day, arrived, wait_minutes, voided);
)sql",
};
constexpr std::int64_t kSchemaVersion = sizeof kMigrations / sizeof *kMigrations;

class SqliteStorage final : public HqStorage {
 public:
  SqliteStorage(const std::string& path, bool create) : db_(path, false, create, 5000) {
    // The kiosk checks its file before it trusts it; so does HQ, or a damaged index would
    // answer "stored" for items it already holds.
    std::string verdict = "no answer";
    if (auto check = db_.prepare("PRAGMA quick_check"); check.step()) verdict = check.text_at(0);
    if (verdict != "ok")
      throw StoreError(StoreError::Kind::corrupt, "database " + path + " failed its integrity check (" + verdict +
                                                      "): restore the latest backup of HQ's database");
    claim_database(db_, kHqDatabase, true);
    db_.exec("PRAGMA journal_mode=WAL");
    db_.exec("PRAGMA secure_delete=ON");  // purged numbers are zeroed, not left in free space
    // Dedup looks up random UUIDs in an index that grows forever; keep it in memory.
    db_.exec("PRAGMA cache_size=-131072");  // 128 MiB
    WriteTransaction tx(db_);
    std::int64_t v = 0;
    if (auto version = db_.prepare("PRAGMA user_version"); version.step()) v = version.int_at(0);
    if (v > kSchemaVersion)
      throw StoreError(StoreError::Kind::newer_schema,
                       "database " + path + " was written by a newer kiosk-hq (schema " + std::to_string(v) +
                           ", this one knows up to " + std::to_string(kSchemaVersion) + "): install the newer kiosk-hq");
    for (std::int64_t to = v; to < kSchemaVersion; ++to) {
      db_.exec(kMigrations[to]);
      db_.exec(("PRAGMA user_version=" + std::to_string(to + 1)).c_str());
    }
    tx.commit();
  }

  std::vector<ItemResult> ingest(const std::string& kiosk, const std::vector<CheckinItem>& items,
                                 const std::optional<KioskStatus>& status) override {
    std::lock_guard lock(mutex_);
    std::vector<ItemResult> results;
    results.reserve(items.size());
    const std::string now = utc_now();
    WriteTransaction tx(db_);
    {
      auto contact = db_.prepare(
          "INSERT INTO kiosk_contacts(kiosk, last_contact, quarantined, outbox) VALUES(?, ?, ?, ?) "
          "ON CONFLICT(kiosk) DO UPDATE SET last_contact = excluded.last_contact, "
          "quarantined = excluded.quarantined, outbox = excluded.outbox");
      contact.bind(1, kiosk).bind(2, now);
      if (status) contact.bind(3, status->quarantined).bind(4, status->outbox);
      else contact.bind_null(3).bind_null(4);
      contact.run();
    }
    for (const CheckinItem& item : items) {
      // Most items are new: try to insert, and look at what is there only when that was a no-op.
      db_.prepare(
             "INSERT INTO checkins(uuid, kiosk, kind, payload_hash, payload, received) VALUES(?, ?, ?, ?, ?, ?) "
             "ON CONFLICT(kiosk, uuid) DO NOTHING")
          .bind(1, item.uuid).bind(2, kiosk).bind(3, item.kind).bind(4, item.hash).bind(5, item.canonical)
          .bind(6, now).run();
      if (sqlite3_changes(db_.handle()) == 1) {
        results.push_back({item.uuid, ItemStatus::stored, {}});
        continue;
      }
      auto find = db_.prepare("SELECT payload_hash FROM checkins WHERE kiosk = ? AND uuid = ?");
      find.bind(1, kiosk).bind(2, item.uuid).step();
      if (find.text_at(0) == item.hash) results.push_back({item.uuid, ItemStatus::duplicate, {}});
      else results.push_back({item.uuid, ItemStatus::conflict, "this uuid was stored earlier with other content"});
    }
    tx.commit();
    return results;
  }

  std::vector<ContactRecord> contacts() override {
    std::lock_guard lock(mutex_);
    std::vector<ContactRecord> out;
    auto s = db_.prepare("SELECT kiosk, last_contact, quarantined, outbox FROM kiosk_contacts ORDER BY kiosk");
    while (s.step()) {
      ContactRecord& c = out.emplace_back(ContactRecord{s.text_at(0), s.text_at(1), std::nullopt});
      if (!s.null_at(2)) c.status = KioskStatus{s.int_at(2), s.int_at(3)};
    }
    return out;
  }

  std::optional<std::string> kiosk_for_token_hash(const std::string& hash) override {
    std::lock_guard lock(mutex_);
    auto s = db_.prepare("SELECT kiosk FROM tokens WHERE hash = ?");
    if (!s.bind(1, hash).step()) return std::nullopt;
    return s.text_at(0);
  }

  void add_token(const std::string& kiosk, const std::string& hash) override {
    std::lock_guard lock(mutex_);
    WriteTransaction tx(db_);
    db_.prepare("INSERT INTO tokens(hash, kiosk, created) VALUES(?, ?, ?)").bind(1, hash).bind(2, kiosk)
        .bind(3, utc_now()).run();
    tx.commit();
  }

  std::vector<TokenInfo> tokens() override {
    std::lock_guard lock(mutex_);
    std::vector<TokenInfo> out;
    auto s = db_.prepare("SELECT substr(hash, 1, 12), kiosk, created FROM tokens ORDER BY kiosk, created");
    while (s.step()) out.push_back({s.text_at(0), s.text_at(1), s.text_at(2)});
    return out;
  }

  bool revoke_token(const std::string& id, std::string& kiosk_or_why) override {
    std::lock_guard lock(mutex_);
    if (id.size() < 8 || id.find_first_not_of("0123456789abcdef") != std::string::npos)
      return kiosk_or_why = "a token id is at least 8 of the hex characters `kiosk-hq token list` shows", false;
    WriteTransaction tx(db_);
    auto s = db_.prepare("SELECT hash, kiosk FROM tokens WHERE substr(hash, 1, length(?1)) = ?1");
    s.bind(1, id);
    std::vector<std::pair<std::string, std::string>> found;
    while (s.step()) found.emplace_back(s.text_at(0), s.text_at(1));
    if (found.empty()) return kiosk_or_why = "no token " + id + " (kiosk-hq token list shows them)", false;
    if (found.size() > 1) return kiosk_or_why = "more than one token starts with " + id + ": give more of it", false;
    db_.prepare("DELETE FROM tokens WHERE hash = ?").bind(1, found[0].first).run();
    tx.commit();
    kiosk_or_why = found[0].second;
    return true;
  }

  void export_since(const std::string& since, const std::function<void(const StoredCheckin&)>& each) override {
    std::lock_guard lock(mutex_);
    auto s = db_.prepare(
        "SELECT uuid, kiosk, kind, payload_hash, received, payload FROM checkins WHERE received >= ? ORDER BY seq");
    s.bind(1, since);
    while (s.step()) each({s.text_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.text_at(4), s.text_at(5)});
  }

  std::size_t purge_personal_data(const std::string& cutoff) override {
    std::lock_guard lock(mutex_);
    const EventColumn payloads{"checkins", "payload", "$.event"};
    std::size_t numbers = 0;
    {
      WriteTransaction tx(db_);
      numbers = choose_numbers_to_purge(db_, payloads, cutoff);
      pseudonymise_events(db_, payloads, cutoff);
      db_.exec("DELETE FROM temp.purged_numbers");  // it would link the pseudonyms back to the numbers
      tx.commit();
    }
    db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");  // old pages, numbers and all, leave the log
    return numbers;
  }

  bool add_user(const UserRecord& u) override {
    std::lock_guard lock(mutex_);
    WriteTransaction tx(db_);
    db_.prepare("INSERT INTO users(name, role, password_hash, created) VALUES(?, ?, ?, ?) ON CONFLICT(name) DO NOTHING")
        .bind(1, u.name).bind(2, u.role).bind(3, u.password_hash).bind(4, utc_now()).run();
    const bool added = sqlite3_changes(db_.handle()) == 1;
    tx.commit();
    return added;
  }

  std::optional<UserRecord> user(const std::string& name) override {
    std::lock_guard lock(mutex_);
    auto s = db_.prepare("SELECT name, role, password_hash, failures, locked_until FROM users WHERE name = ?");
    if (!s.bind(1, name).step()) return std::nullopt;
    return UserRecord{s.text_at(0), s.text_at(1), s.text_at(2), static_cast<int>(s.int_at(3)), s.text_at(4)};
  }

  int add_sign_in_failure(const std::string& name) override {
    std::lock_guard lock(mutex_);
    WriteTransaction tx(db_);
    int failures = 0;
    {
      auto s = db_.prepare("UPDATE users SET failures = failures + 1 WHERE name = ? RETURNING failures");
      if (s.bind(1, name).step()) failures = static_cast<int>(s.int_at(0));
    }  // reset, so the update is done before the commit
    tx.commit();
    return failures;
  }

  void set_sign_in_state(const std::string& name, int failures, const std::string& locked_until) override {
    std::lock_guard lock(mutex_);
    WriteTransaction tx(db_);
    db_.prepare("UPDATE users SET failures = ?, locked_until = ? WHERE name = ?").bind(1, std::int64_t{failures})
        .bind(2, locked_until).bind(3, name).run();
    tx.commit();
  }

  bool add_api_key(const std::string& hash, const ApiKeyRecord& k) override {
    std::lock_guard lock(mutex_);
    WriteTransaction tx(db_);
    db_.prepare("INSERT INTO api_keys(hash, name, role, created) VALUES(?, ?, ?, ?) ON CONFLICT DO NOTHING")
        .bind(1, hash).bind(2, k.name).bind(3, k.role).bind(4, utc_now()).run();
    const bool added = sqlite3_changes(db_.handle()) == 1;
    tx.commit();
    return added;
  }

  std::optional<ApiKeyRecord> api_key_for_hash(const std::string& hash) override {
    std::lock_guard lock(mutex_);
    auto s = db_.prepare("SELECT name, role FROM api_keys WHERE hash = ?");
    if (!s.bind(1, hash).step()) return std::nullopt;
    return ApiKeyRecord{s.text_at(0), s.text_at(1)};
  }

  void add_session(const std::string& hash, const std::string& name) override {
    std::lock_guard lock(mutex_);
    WriteTransaction tx(db_);
    const std::string now = utc_now();
    db_.prepare("INSERT INTO sessions(hash, name, created, last_used) VALUES(?, ?, ?, ?)").bind(1, hash).bind(2, name)
        .bind(3, now).bind(4, now).run();
    tx.commit();
  }

  std::optional<SessionRecord> session(const std::string& hash) override {
    std::lock_guard lock(mutex_);
    auto s = db_.prepare(
        "SELECT u.name, u.role, s.created, s.last_used FROM sessions s JOIN users u ON u.name = s.name WHERE s.hash = ?");
    if (!s.bind(1, hash).step()) return std::nullopt;
    return SessionRecord{s.text_at(0), s.text_at(1), s.text_at(2), s.text_at(3)};
  }

  void touch_session(const std::string& hash, const std::string& last_used) override {
    std::lock_guard lock(mutex_);
    WriteTransaction tx(db_);
    db_.prepare("UPDATE sessions SET last_used = ? WHERE hash = ?").bind(1, last_used).bind(2, hash).run();
    tx.commit();
  }

  void remove_session(const std::string& hash) override {
    std::lock_guard lock(mutex_);
    WriteTransaction tx(db_);
    db_.prepare("DELETE FROM sessions WHERE hash = ?").bind(1, hash).run();
    tx.commit();
  }

  std::size_t remove_sessions_over(const std::string& used_before, const std::string& created_before) override {
    std::lock_guard lock(mutex_);
    WriteTransaction tx(db_);
    db_.prepare("DELETE FROM sessions WHERE last_used < ? OR created < ?").bind(1, used_before).bind(2, created_before).run();
    const auto removed = static_cast<std::size_t>(sqlite3_changes(db_.handle()));
    tx.commit();
    return removed;
  }

  // --- Branch tables ---

  class Write final : public BranchWrite {
   public:
    Write(Db& db, std::string kiosk) : db_(db), kiosk_(std::move(kiosk)) {}
    std::optional<BranchRow> stored() override {
      auto s = db_.prepare((std::string(kBranchColumns) + " WHERE kiosk = ?").c_str());
      if (!s.bind(1, kiosk_).step()) return std::nullopt;
      return branch_at(s);
    }
    void items_after(std::int64_t after, const std::function<void(std::int64_t, const std::string&,
                                                                   const std::string&)>& each) override {
      auto s = db_.prepare("SELECT seq, payload, received FROM checkins WHERE kiosk = ? AND seq > ? ORDER BY seq");
      s.bind(1, kiosk_).bind(2, after);
      while (s.step()) each(s.int_at(0), s.text_at(1), s.text_at(2));
    }
    void clear() override {
      for (const char* table : {"branches", "branch_managers", "branch_visits", "branch_dispatch"})
        db_.prepare((std::string("DELETE FROM ") + table + " WHERE kiosk = ?").c_str()).bind(1, kiosk_).run();
    }
    void put(const BranchRows& rows) override {
      const BranchRow& b = rows.branch;
      auto s = db_.prepare(
          "INSERT OR REPLACE INTO branches(kiosk, applied_seq, highest_seq, waiting_items, blocked, last_event, "
          "last_received, diverged, first_diverged, repeated_seq, day, checkins_today, waiting_now, "
          "longest_wait_minutes, median_wait_minutes, managers_on_duty, board, last_item, generation) "
          "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      s.bind(1, kiosk_).bind(2, b.applied_seq).bind(3, b.highest_seq).bind(4, b.waiting_items).bind(5, b.blocked);
      text_or_null(s, 6, b.last_event).bind(7, b.last_received).bind(8, b.diverged).bind(9, b.first_diverged)
          .bind(10, b.repeated_seq);
      text_or_null(s, 11, b.day).bind(12, b.checkins_today).bind(13, b.waiting_now);
      text_or_null(s, 14, minutes_text(b.longest_wait_minutes));
      text_or_null(s, 15, minutes_text(b.median_wait_minutes)).bind(16, b.managers_on_duty).bind(17, b.board)
          .bind(18, b.last_item).bind(19, b.generation).run();
      db_.prepare("DELETE FROM branch_managers WHERE kiosk = ?").bind(1, kiosk_).run();
      for (std::size_t i = 0; i < rows.managers.size(); ++i) {
        const ManagerRow& m = rows.managers[i];
        db_.prepare("INSERT INTO branch_managers(kiosk, position, id, name, state, serving) VALUES(?, ?, ?, ?, ?, ?)")
            .bind(1, kiosk_).bind(2, static_cast<std::int64_t>(i)).bind(3, m.id).bind(4, m.name).bind(5, m.state)
            .bind(6, m.serving).run();
      }
      for (const VisitRow& v : rows.visits) {
        auto w = db_.prepare(
            "INSERT OR REPLACE INTO branch_visits(kiosk, id, n, ticket, line, day, arrived, assigned, finished, status, "
            "kind, owner, server, skips, voided, void_reason, wait_minutes, service_minutes, phone, surname, title, "
            "steps, managers) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        w.bind(1, kiosk_).bind(2, v.id).bind(3, v.n).bind(4, v.ticket).bind(5, v.line).bind(6, v.day).bind(7, v.arrived);
        text_or_null(w, 8, v.assigned);
        text_or_null(w, 9, v.finished).bind(10, v.status).bind(11, v.kind).bind(12, v.owner).bind(13, v.server)
            .bind(14, v.skips);
        text_or_null(w, 15, v.voided).bind(16, v.void_reason);
        text_or_null(w, 17, minutes_text(v.wait_minutes));
        text_or_null(w, 18, minutes_text(v.service_minutes)).bind(19, v.phone).bind(20, v.surname).bind(21, v.title)
            .bind(22, v.steps).bind(23, v.managers).run();
      }
      for (const DispatchDay& d : rows.dispatch) {
        db_.prepare("DELETE FROM branch_dispatch WHERE kiosk = ? AND day = ?").bind(1, kiosk_).bind(2, d.day).run();
        for (std::size_t i = 0; i < d.rows.size(); ++i) {
          const DispatchRow& r = d.rows[i];
          auto w = db_.prepare("INSERT INTO branch_dispatch VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          w.bind(1, kiosk_).bind(2, d.day).bind(3, static_cast<std::int64_t>(i)).bind(4, r.manager);
          int at = 5;
          for (int f : dispatch_counts(r)) w.bind(at++, std::int64_t{f});
          w.run();
        }
      }
    }

   private:
    Db& db_;
    std::string kiosk_;
  };

  void write_branch(const std::string& kiosk, const std::function<void(BranchWrite&)>& work) override {
    std::lock_guard lock(mutex_);
    WriteTransaction tx(db_);  // BEGIN IMMEDIATE: the one writer of the file, in every process
    Write w(db_, kiosk);
    work(w);
    tx.commit();
  }

  std::vector<std::pair<std::string, std::int64_t>> newest_items() override {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, std::int64_t>> out;
    auto s = db_.prepare("SELECT kiosk, max(seq) FROM checkins GROUP BY kiosk ORDER BY kiosk");
    while (s.step()) out.emplace_back(s.text_at(0), s.int_at(1));
    return out;
  }

  std::vector<BranchRow> branch_rows() override {
    std::lock_guard lock(mutex_);
    std::vector<BranchRow> out;
    auto s = db_.prepare((std::string(kBranchColumns) + " ORDER BY kiosk").c_str());
    while (s.step()) out.push_back(branch_at(s));
    return out;
  }

  std::optional<BranchRow> branch_row(const std::string& kiosk) override {
    std::lock_guard lock(mutex_);
    return Write(db_, kiosk).stored();
  }

  std::vector<ManagerRow> manager_rows(const std::string& kiosk) override {
    std::lock_guard lock(mutex_);
    std::vector<ManagerRow> out;
    auto s = db_.prepare("SELECT id, name, state, serving FROM branch_managers WHERE kiosk = ? ORDER BY position");
    s.bind(1, kiosk);
    while (s.step()) out.push_back({s.text_at(0), s.text_at(1), s.text_at(2), s.text_at(3)});
    return out;
  }

  std::vector<VisitRow> visit_rows(const std::string& kiosk, const VisitQuery& q) override {
    std::lock_guard lock(mutex_);
    std::vector<VisitRow> out;
    auto s = db_.prepare(
        "SELECT n, id, ticket, line, day, arrived, assigned, finished, status, kind, owner, server, skips, voided, "
        "void_reason, wait_minutes, service_minutes, phone, surname, title, steps FROM branch_visits "
        "WHERE kiosk = ?1 AND day >= ?2 AND day <= ?3 AND n < ?4 AND (?6 = '' OR instr(managers, ?6) > 0) "
        "ORDER BY n DESC LIMIT ?5");
    s.bind(1, kiosk).bind(2, q.from).bind(3, q.to.empty() ? "~" : q.to)
        .bind(4, q.before > 0 ? q.before : std::numeric_limits<std::int64_t>::max()).bind(5, std::int64_t{q.limit})
        .bind(6, q.manager.empty() ? "" : "|" + q.manager + "|");
    while (s.step()) {
      VisitRow& v = out.emplace_back();
      v.n = s.int_at(0);
      std::string* text[] = {&v.id, &v.ticket, &v.line, &v.day, &v.arrived, &v.assigned, &v.finished, &v.status,
                             &v.kind, &v.owner, &v.server, &v.skips, &v.voided, &v.void_reason};
      for (int i = 0; i < 14; ++i) *text[i] = s.text_at(i + 1);
      if (!s.null_at(15)) v.wait_minutes = std::stod(s.text_at(15));
      if (!s.null_at(16)) v.service_minutes = std::stod(s.text_at(16));
      v.phone = s.text_at(17), v.surname = s.text_at(18), v.title = s.text_at(19), v.steps = s.text_at(20);
    }
    return out;
  }

  std::vector<ArrivalCount> arrival_counts(const std::string& kiosk, const std::string& from,
                                           const std::string& to) override {
    std::lock_guard lock(mutex_);
    std::vector<ArrivalCount> out;
    // One branch's visits by its index, all branches' by the day's.
    const std::string sql = std::string(
        "SELECT day, CAST(substr(arrived, 12, 2) AS INTEGER), CAST(wait_minutes AS INTEGER), count(*) "
        "FROM branch_visits WHERE day >= ? AND day <= ? AND voided IS NULL ") +
        (kiosk.empty() ? "" : "AND kiosk = ? ") + "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
    auto s = db_.prepare(sql.c_str());
    s.bind(1, from).bind(2, to);
    if (!kiosk.empty()) s.bind(3, kiosk);
    while (s.step()) {
      ArrivalCount& c = out.emplace_back();
      c.day = s.text_at(0), c.hour = static_cast<int>(s.int_at(1)), c.count = s.int_at(3);
      if (!s.null_at(2)) c.wait = static_cast<int>(s.int_at(2));
    }
    return out;
  }

  std::vector<DispatchDay> dispatch_days(const std::string& kiosk, const std::string& from,
                                         const std::string& to) override {
    std::lock_guard lock(mutex_);
    std::vector<DispatchDay> out;
    auto s = db_.prepare("SELECT * FROM branch_dispatch WHERE kiosk = ? AND day >= ? AND day <= ? ORDER BY day, position");
    s.bind(1, kiosk).bind(2, from).bind(3, to);
    while (s.step()) {
      if (out.empty() || out.back().day != s.text_at(1)) out.push_back({s.text_at(1), {}});
      DispatchRow& r = out.back().rows.emplace_back();
      r.manager = r.name = s.text_at(3);
      int at = 4;
      for (int* f : dispatch_count_fields(r)) *f = static_cast<int>(s.int_at(at++));
    }
    return out;
  }
 private:
  static constexpr const char* kBranchColumns =
      "SELECT kiosk, applied_seq, highest_seq, waiting_items, blocked, last_event, last_received, diverged, "
      "first_diverged, repeated_seq, day, checkins_today, waiting_now, longest_wait_minutes, median_wait_minutes, "
      "managers_on_duty, board, last_item, generation FROM branches";
  static BranchRow branch_at(const Statement& s) {
    BranchRow b;
    b.kiosk = s.text_at(0), b.applied_seq = s.int_at(1), b.highest_seq = s.int_at(2), b.waiting_items = s.int_at(3);
    b.blocked = s.text_at(4), b.last_event = s.text_at(5), b.last_received = s.text_at(6);
    b.diverged = s.int_at(7), b.first_diverged = s.int_at(8), b.repeated_seq = s.int_at(9), b.day = s.text_at(10);
    b.checkins_today = s.int_at(11), b.waiting_now = s.int_at(12);
    if (!s.null_at(13)) b.longest_wait_minutes = std::stod(s.text_at(13));
    if (!s.null_at(14)) b.median_wait_minutes = std::stod(s.text_at(14));
    b.managers_on_duty = s.int_at(15), b.board = s.text_at(16), b.last_item = s.int_at(17), b.generation = s.int_at(18);
    return b;
  }
  static Statement& text_or_null(Statement& s, int i, const std::string& v) {
    return v.empty() ? s.bind_null(i) : s.bind(i, v);
  }

  std::mutex mutex_;  // one connection; SQLite serialises writers anyway
  Db db_;
};

}  // namespace

std::unique_ptr<HqStorage> open_sqlite_storage(const std::string& path, bool create) {
  return std::make_unique<SqliteStorage>(path, create);
}

}  // namespace lobby
