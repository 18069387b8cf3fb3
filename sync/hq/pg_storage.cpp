// HQ's storage on PostgreSQL, for a chain: several kiosk-hq servers may share one database.
// UNIQUE(kiosk, uuid) is the permanent deduplication, as in SQLite. A batch is inserted with
// ON CONFLICT DO NOTHING, and what was not inserted is looked up by a second statement: under
// READ COMMITTED that statement sees the row of any other server's transaction that made the
// insert a no-op (the insert waited for it to commit), so there is no window in which a
// re-send is neither stored nor found.
#include "kiosk/common/crypto.h"
#include "kiosk/common/personal_data.h"
#include "sync/hq/pg_connection.h"
#include "sync/hq/storage.h"

#include <nlohmann/json.hpp>

#include <ctime>
#include <limits>
#include <map>
#include <mutex>
#include <set>

namespace lobby {

namespace {

// Migrations in order; migration i brings the schema to version i+1. Never edit one that has
// shipped: add the next. Text compares byte by byte (COLLATE "C"), as in SQLite, whatever
// the database's locale: times are compared as ISO 8601 text.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE tokens(
  hash text COLLATE "C" PRIMARY KEY,
  kiosk text COLLATE "C" NOT NULL,
  created text COLLATE "C" NOT NULL
);
CREATE TABLE checkins(
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid text COLLATE "C" NOT NULL,
  kiosk text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  payload_hash text COLLATE "C" NOT NULL,
  payload text NOT NULL,
  received text COLLATE "C" NOT NULL,
  UNIQUE(kiosk, uuid)
);
CREATE INDEX checkins_by_received ON checkins(received);
)sql",
    // 2: readers who are not kiosks: people (password as a KDF hash, with the lockout's state)
    // and machines' API keys (only their hash).
    R"sql(
CREATE TABLE users(
  name text COLLATE "C" PRIMARY KEY,
  role text COLLATE "C" NOT NULL CHECK (role IN ('viewer', 'supervisor')),
  password_hash text COLLATE "C" NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  locked_until text COLLATE "C" NOT NULL DEFAULT '',
  created text COLLATE "C" NOT NULL
);
CREATE TABLE api_keys(
  hash text COLLATE "C" PRIMARY KEY,
  name text COLLATE "C" NOT NULL UNIQUE,
  role text COLLATE "C" NOT NULL CHECK (role IN ('viewer', 'supervisor')),
  created text COLLATE "C" NOT NULL
);
)sql",
    // 3: people's dashboard sessions, by the hash of the cookie's token (never the token).
    R"sql(
CREATE TABLE sessions(
  hash text COLLATE "C" PRIMARY KEY,
  name text COLLATE "C" NOT NULL,
  created text COLLATE "C" NOT NULL,
  last_used text COLLATE "C" NOT NULL
);
CREATE INDEX sessions_by_last_used ON sessions(last_used);
)sql",
    // 4: each branch's replayed day as tables (sync/hq/branch_rows.h), kept current after every
    // ingest and rebuildable from the items: reads query these instead of replaying.
    R"sql(
CREATE INDEX checkins_by_kiosk ON checkins(kiosk, seq);
CREATE TABLE branches(
  kiosk text COLLATE "C" PRIMARY KEY,
  applied_seq bigint NOT NULL,
  highest_seq bigint NOT NULL,
  waiting_items bigint NOT NULL,
  blocked text NOT NULL,
  last_event text COLLATE "C",
  last_received text COLLATE "C" NOT NULL,
  diverged bigint NOT NULL,
  first_diverged bigint NOT NULL,
  repeated_seq bigint NOT NULL,
  day text COLLATE "C",
  checkins_today bigint NOT NULL,
  waiting_now bigint NOT NULL,
  longest_wait_minutes double precision,
  median_wait_minutes double precision,
  managers_on_duty bigint NOT NULL,
  board text NOT NULL,
  last_item bigint NOT NULL,
  generation bigint NOT NULL
);
CREATE TABLE branch_managers(
  kiosk text COLLATE "C" NOT NULL,
  position integer NOT NULL,
  id text COLLATE "C" NOT NULL,
  name text NOT NULL,
  state text COLLATE "C" NOT NULL,
  serving text COLLATE "C" NOT NULL,
  PRIMARY KEY(kiosk, id)
);
CREATE TABLE branch_visits(
  kiosk text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  n bigint NOT NULL,
  ticket text COLLATE "C" NOT NULL,
  line text COLLATE "C" NOT NULL,
  day text COLLATE "C" NOT NULL,
  arrived text COLLATE "C" NOT NULL,
  assigned text COLLATE "C",
  finished text COLLATE "C",
  status text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  owner text COLLATE "C" NOT NULL,
  server text COLLATE "C" NOT NULL,
  skips text NOT NULL,
  voided text COLLATE "C",
  void_reason text NOT NULL,
  wait_minutes double precision,
  service_minutes double precision,
  phone text COLLATE "C" NOT NULL,
  surname text NOT NULL,
  title text NOT NULL,
  PRIMARY KEY(kiosk, id)
);
CREATE INDEX branch_visits_by_day ON branch_visits(kiosk, day, n);
CREATE TABLE branch_dispatch(
  kiosk text COLLATE "C" NOT NULL,
  day text COLLATE "C" NOT NULL,
  position integer NOT NULL,
  manager text COLLATE "C" NOT NULL,
  rotation integer NOT NULL, makeup integer NOT NULL, requested integer NOT NULL, "returning" integer NOT NULL,
  referral integer NOT NULL, voluntary integer NOT NULL, reassigned integer NOT NULL, forfeits integer NOT NULL,
  task_skips integer NOT NULL, already_served integer NOT NULL, reassigned_in integer NOT NULL,
  reassigned_out integer NOT NULL,
  PRIMARY KEY(kiosk, day, manager)
);
)sql",
    // 5: when HQ last heard from each kiosk, empty batches (heartbeats) included, and the
    // status it gave: what the overview's sync state and quarantine warning are read from.
    // Branches that sent items before are seeded with when HQ last received one.
    R"sql(
CREATE TABLE kiosk_contacts(
  kiosk text COLLATE "C" PRIMARY KEY,
  last_contact text COLLATE "C" NOT NULL,
  quarantined bigint,
  outbox bigint
);
INSERT INTO kiosk_contacts(kiosk, last_contact) SELECT kiosk, last_received FROM branches;
)sql",
    // 6: each visit's history. Emptying the branches table makes the catch-up at the next
    // start write every branch again, so the visits already here get theirs too. Trends read
    // all branches' visits of a period, by day, from the index alone.
    R"sql(
ALTER TABLE branch_visits ADD COLUMN steps text NOT NULL DEFAULT '[]';
ALTER TABLE branch_visits ADD COLUMN managers text NOT NULL DEFAULT '';
DELETE FROM branches;
CREATE INDEX branch_visits_on_day ON branch_visits(day) INCLUDE (arrived, wait_minutes, voided);
)sql",
};
constexpr int kSchemaVersion = sizeof kMigrations / sizeof *kMigrations;

// Advisory lock keys: the schema check and migrations, and the retention purge. Both are
// HQ's application id ("LKH1") and a number, so no other program's locks collide with them.
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(1280002097, 1)";
constexpr const char* kPurgeLock = "SELECT pg_advisory_xact_lock(1280002097, 2)";
// One branch's writer: its ingest and the writing of its tables. A key of its own class ("LKH2")
// and a hash of the branch's name; two branches sharing a hash only wait for each other.
constexpr const char* kBranchLock = "SELECT pg_advisory_xact_lock(1280002098, hashtext($1))";

PgParam text_or_null(const std::string& v) { return v.empty() ? PgParam{} : PgParam{v}; }

class PgStorage final : public HqStorage {
 public:
  PgStorage(const std::string& uri, bool create) : pg_(uri) {
    // Two servers starting at once: one migrates, the other waits and finds it done.
    PgTransaction tx(pg_);
    pg_.exec(kSchemaLock);
    const int v = schema_version(create);
    if (v > kSchemaVersion)
      throw StoreError(StoreError::Kind::newer_schema,
                       pg_.name() + " was written by a newer kiosk-hq (schema " + std::to_string(v) +
                           ", this one knows up to " + std::to_string(kSchemaVersion) + "): install the newer kiosk-hq");
    for (int to = v; to < kSchemaVersion; ++to) pg_.exec(kMigrations[to]);
    if (v < kSchemaVersion) pg_.exec("UPDATE kiosk_hq_schema SET version = $1", {std::to_string(kSchemaVersion)});
    tx.commit();
  }

  std::vector<ItemResult> ingest(const std::string& kiosk, const std::vector<CheckinItem>& items,
                                 const std::optional<KioskStatus>& status) override {
    std::lock_guard lock(mutex_);
    const std::string now = utc_now();
    if (items.empty()) {  // a heartbeat: only the contact, one statement
      note_contact(kiosk, status, now);
      return {};
    }
    std::vector<std::string> uuids, kinds, hashes, payloads;
    for (const CheckinItem& item : items) {
      uuids.push_back(item.uuid), kinds.push_back(item.kind), hashes.push_back(item.hash);
      payloads.push_back(item.canonical);
    }
    PgTransaction tx(pg_);
    // The branch's lock first: its items commit in the order of their ids (branch_tables.h
    // reads them by id), and a writer of its tables never misses one committed later.
    pg_.exec(kBranchLock, {kiosk});
    // In uuid order, so that two servers inserting overlapping batches take their row locks in
    // the same order and never deadlock; of equal uuids in one batch, the first is stored.
    const PgResult inserted = pg_.exec(
        "INSERT INTO checkins(uuid, kiosk, kind, payload_hash, payload, received) "
        "SELECT u, $1, k, h, p, $6 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) "
        "WITH ORDINALITY AS i(u, k, h, p, n) ORDER BY u COLLATE \"C\", n "
        "ON CONFLICT (kiosk, uuid) DO NOTHING RETURNING uuid",
        {kiosk, pg_text_array(uuids), pg_text_array(kinds), pg_text_array(hashes), pg_text_array(payloads), now});
    note_contact(kiosk, status, now);  // one more statement in the same transaction: no extra commit
    std::set<std::string> stored;
    for (int r = 0; r < inserted.rows(); ++r) stored.insert(inserted.text(r, 0));
    // Every item not stored just now is compared with what is there: a new statement, so it
    // sees what another server committed while this insert waited for it.
    std::vector<bool> is_new(items.size());
    std::vector<std::string> others;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < items.size(); ++i) {
      is_new[i] = seen.insert(items[i].uuid).second && stored.count(items[i].uuid);
      if (!is_new[i]) others.push_back(items[i].uuid);
    }
    std::map<std::string, std::string> hash_of;
    if (!others.empty()) {
      const PgResult found = pg_.exec("SELECT uuid, payload_hash FROM checkins WHERE kiosk = $1 AND uuid = ANY($2::text[])",
                                      {kiosk, pg_text_array(others)});
      for (int r = 0; r < found.rows(); ++r) hash_of[found.text(r, 0)] = found.text(r, 1);
    }
    tx.commit();
    std::vector<ItemResult> results;
    results.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      const CheckinItem& item = items[i];
      if (is_new[i]) results.push_back({item.uuid, ItemStatus::stored, {}});
      else if (hash_of.at(item.uuid) == item.hash) results.push_back({item.uuid, ItemStatus::duplicate, {}});
      else results.push_back({item.uuid, ItemStatus::conflict, "this uuid was stored earlier with other content"});
    }
    return results;
  }

  std::vector<ContactRecord> contacts() override {
    std::lock_guard lock(mutex_);
    std::vector<ContactRecord> out;
    const PgResult r = pg_.exec("SELECT kiosk, last_contact, quarantined, outbox FROM kiosk_contacts ORDER BY kiosk");
    for (int i = 0; i < r.rows(); ++i) {
      ContactRecord& c = out.emplace_back(ContactRecord{r.text(i, 0), r.text(i, 1), std::nullopt});
      if (!r.null(i, 2)) c.status = KioskStatus{std::stoll(r.text(i, 2)), std::stoll(r.text(i, 3))};
    }
    return out;
  }

  std::optional<std::string> kiosk_for_token_hash(const std::string& hash) override {
    std::lock_guard lock(mutex_);
    const PgResult r = pg_.exec("SELECT kiosk FROM tokens WHERE hash = $1", {hash});
    if (r.rows() == 0) return std::nullopt;
    return r.text(0, 0);
  }

  void add_token(const std::string& kiosk, const std::string& hash) override {
    std::lock_guard lock(mutex_);
    pg_.exec("INSERT INTO tokens(hash, kiosk, created) VALUES($1, $2, $3)", {hash, kiosk, utc_now()});
  }

  std::vector<TokenInfo> tokens() override {
    std::lock_guard lock(mutex_);
    std::vector<TokenInfo> out;
    const PgResult r = pg_.exec("SELECT left(hash, 12), kiosk, created FROM tokens ORDER BY kiosk, created");
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2)});
    return out;
  }

  bool revoke_token(const std::string& id, std::string& kiosk_or_why) override {
    std::lock_guard lock(mutex_);
    if (id.size() < 8 || id.find_first_not_of("0123456789abcdef") != std::string::npos)
      return kiosk_or_why = "a token id is at least 8 of the hex characters `kiosk-hq token list` shows", false;
    PgTransaction tx(pg_);
    const PgResult found = pg_.exec("SELECT hash, kiosk FROM tokens WHERE left(hash, length($1)) = $1 FOR UPDATE", {id});
    if (found.rows() == 0) return kiosk_or_why = "no token " + id + " (kiosk-hq token list shows them)", false;
    if (found.rows() > 1) return kiosk_or_why = "more than one token starts with " + id + ": give more of it", false;
    pg_.exec("DELETE FROM tokens WHERE hash = $1", {found.text(0, 0)});
    tx.commit();
    kiosk_or_why = found.text(0, 1);
    return true;
  }

  void export_since(const std::string& since, const std::function<void(const StoredCheckin&)>& each) override {
    std::lock_guard lock(mutex_);
    // In pages by seq, so that a large export never holds every payload in memory at once.
    std::string after = "0";
    for (;;) {
      const PgResult r = pg_.exec(
          "SELECT uuid, kiosk, kind, payload_hash, received, payload, seq FROM checkins "
          "WHERE received >= $1 AND seq > $2 ORDER BY seq LIMIT 1000",
          {since, after});
      for (int i = 0; i < r.rows(); ++i)
        each({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5)});
      if (r.rows() < 1000) return;
      after = r.text(r.rows() - 1, 6);
    }
  }

  std::size_t purge_personal_data(const std::string& cutoff) override;

  bool add_user(const UserRecord& u) override {
    std::lock_guard lock(mutex_);
    return pg_.exec("INSERT INTO users(name, role, password_hash, created) VALUES($1, $2, $3, $4) "
                    "ON CONFLICT (name) DO NOTHING RETURNING name",
                    {u.name, u.role, u.password_hash, utc_now()}).rows() == 1;
  }

  std::optional<UserRecord> user(const std::string& name) override {
    std::lock_guard lock(mutex_);
    const PgResult r = pg_.exec("SELECT name, role, password_hash, failures, locked_until FROM users WHERE name = $1",
                                {name});
    if (r.rows() == 0) return std::nullopt;
    return UserRecord{r.text(0, 0), r.text(0, 1), r.text(0, 2), std::stoi(r.text(0, 3)), r.text(0, 4)};
  }

  int add_sign_in_failure(const std::string& name) override {
    std::lock_guard lock(mutex_);
    const PgResult r = pg_.exec("UPDATE users SET failures = failures + 1 WHERE name = $1 RETURNING failures", {name});
    return r.rows() == 0 ? 0 : std::stoi(r.text(0, 0));
  }

  void set_sign_in_state(const std::string& name, int failures, const std::string& locked_until) override {
    std::lock_guard lock(mutex_);
    pg_.exec("UPDATE users SET failures = $1, locked_until = $2 WHERE name = $3",
             {std::to_string(failures), locked_until, name});
  }

  bool add_api_key(const std::string& hash, const ApiKeyRecord& k) override {
    std::lock_guard lock(mutex_);
    return pg_.exec("INSERT INTO api_keys(hash, name, role, created) VALUES($1, $2, $3, $4) "
                    "ON CONFLICT DO NOTHING RETURNING name",
                    {hash, k.name, k.role, utc_now()}).rows() == 1;
  }

  std::optional<ApiKeyRecord> api_key_for_hash(const std::string& hash) override {
    std::lock_guard lock(mutex_);
    const PgResult r = pg_.exec("SELECT name, role FROM api_keys WHERE hash = $1", {hash});
    if (r.rows() == 0) return std::nullopt;
    return ApiKeyRecord{r.text(0, 0), r.text(0, 1)};
  }

  void add_session(const std::string& hash, const std::string& name) override {
    std::lock_guard lock(mutex_);
    const std::string now = utc_now();
    pg_.exec("INSERT INTO sessions(hash, name, created, last_used) VALUES($1, $2, $3, $3)", {hash, name, now});
  }

  std::optional<SessionRecord> session(const std::string& hash) override {
    std::lock_guard lock(mutex_);
    const PgResult r = pg_.exec(
        "SELECT u.name, u.role, s.created, s.last_used FROM sessions s JOIN users u ON u.name = s.name WHERE s.hash = $1",
        {hash});
    if (r.rows() == 0) return std::nullopt;
    return SessionRecord{r.text(0, 0), r.text(0, 1), r.text(0, 2), r.text(0, 3)};
  }

  void touch_session(const std::string& hash, const std::string& last_used) override {
    std::lock_guard lock(mutex_);
    pg_.exec("UPDATE sessions SET last_used = $1 WHERE hash = $2", {last_used, hash});
  }

  void remove_session(const std::string& hash) override {
    std::lock_guard lock(mutex_);
    pg_.exec("DELETE FROM sessions WHERE hash = $1", {hash});
  }

  std::size_t remove_sessions_over(const std::string& used_before, const std::string& created_before) override {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(
        pg_.exec("DELETE FROM sessions WHERE last_used < $1 OR created < $2 RETURNING 1", {used_before, created_before}).rows());
  }

  // --- Branch tables ---

  class Write final : public BranchWrite {
   public:
    Write(PgConnection& pg, std::string kiosk) : pg_(pg), kiosk_(std::move(kiosk)) {}
    std::optional<BranchRow> stored() override {
      const PgResult r = pg_.exec(std::string(kBranchColumns) + " WHERE kiosk = $1", {kiosk_});
      if (r.rows() == 0) return std::nullopt;
      return branch_at(r, 0);
    }
    void items_after(std::int64_t after, const std::function<void(std::int64_t, const std::string&,
                                                                   const std::string&)>& each) override {
      // In pages, so that a rebuild never holds every payload of a branch in memory twice.
      for (std::string from = std::to_string(after);;) {
        const PgResult r = pg_.exec(
            "SELECT seq, payload, received FROM checkins WHERE kiosk = $1 AND seq > $2 ORDER BY seq LIMIT 1000",
            {kiosk_, from});
        for (int i = 0; i < r.rows(); ++i) each(std::stoll(r.text(i, 0)), r.text(i, 1), r.text(i, 2));
        if (r.rows() < 1000) return;
        from = r.text(r.rows() - 1, 0);
      }
    }
    void clear() override {
      for (const char* table : {"branches", "branch_managers", "branch_visits", "branch_dispatch"})
        pg_.exec(std::string("DELETE FROM ") + table + " WHERE kiosk = $1", {kiosk_});
    }
    void put(const BranchRows& rows) override {
      const BranchRow& b = rows.branch;
      auto n = [](std::int64_t v) { return PgParam{std::to_string(v)}; };
      pg_.exec(
          "INSERT INTO branches(kiosk, applied_seq, highest_seq, waiting_items, blocked, last_event, last_received, "
          "diverged, first_diverged, repeated_seq, day, checkins_today, waiting_now, longest_wait_minutes, "
          "median_wait_minutes, managers_on_duty, board, last_item, generation) "
          "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) "
          "ON CONFLICT (kiosk) DO UPDATE SET applied_seq = excluded.applied_seq, highest_seq = excluded.highest_seq, "
          "waiting_items = excluded.waiting_items, blocked = excluded.blocked, last_event = excluded.last_event, "
          "last_received = excluded.last_received, diverged = excluded.diverged, "
          "first_diverged = excluded.first_diverged, repeated_seq = excluded.repeated_seq, day = excluded.day, "
          "checkins_today = excluded.checkins_today, waiting_now = excluded.waiting_now, "
          "longest_wait_minutes = excluded.longest_wait_minutes, median_wait_minutes = excluded.median_wait_minutes, "
          "managers_on_duty = excluded.managers_on_duty, board = excluded.board, last_item = excluded.last_item, "
          "generation = excluded.generation",
          {kiosk_, n(b.applied_seq), n(b.highest_seq), n(b.waiting_items), b.blocked, text_or_null(b.last_event),
           b.last_received, n(b.diverged), n(b.first_diverged), n(b.repeated_seq), text_or_null(b.day),
           n(b.checkins_today), n(b.waiting_now), text_or_null(minutes_text(b.longest_wait_minutes)),
           text_or_null(minutes_text(b.median_wait_minutes)), n(b.managers_on_duty), b.board, n(b.last_item),
           n(b.generation)});
      pg_.exec("DELETE FROM branch_managers WHERE kiosk = $1", {kiosk_});
      std::vector<std::string> columns[5];  // id, name, state, serving, position
      for (std::size_t i = 0; i < rows.managers.size(); ++i) {
        const ManagerRow& m = rows.managers[i];
        columns[0].push_back(m.id), columns[1].push_back(m.name), columns[2].push_back(m.state);
        columns[3].push_back(m.serving), columns[4].push_back(std::to_string(i));
      }
      pg_.exec("INSERT INTO branch_managers(kiosk, id, name, state, serving, position) "
               "SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[])",
               {kiosk_, pg_text_array(columns[0]), pg_text_array(columns[1]), pg_text_array(columns[2]),
                pg_text_array(columns[3]), pg_text_array(columns[4])});
      for (const VisitRow& v : rows.visits)
        pg_.exec(
            "INSERT INTO branch_visits(kiosk, id, n, ticket, line, day, arrived, assigned, finished, status, kind, "
            "owner, server, skips, voided, void_reason, wait_minutes, service_minutes, phone, surname, title, steps, "
            "managers) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, "
            "$21, $22, $23) "
            "ON CONFLICT (kiosk, id) DO UPDATE SET n = excluded.n, ticket = excluded.ticket, line = excluded.line, "
            "day = excluded.day, arrived = excluded.arrived, assigned = excluded.assigned, "
            "finished = excluded.finished, status = excluded.status, kind = excluded.kind, owner = excluded.owner, "
            "server = excluded.server, skips = excluded.skips, voided = excluded.voided, "
            "void_reason = excluded.void_reason, wait_minutes = excluded.wait_minutes, "
            "service_minutes = excluded.service_minutes, phone = excluded.phone, surname = excluded.surname, "
            "title = excluded.title, steps = excluded.steps, managers = excluded.managers",
            {kiosk_, v.id, n(v.n), v.ticket, v.line, v.day, v.arrived, text_or_null(v.assigned),
             text_or_null(v.finished), v.status, v.kind, v.owner, v.server, v.skips, text_or_null(v.voided),
             v.void_reason, text_or_null(minutes_text(v.wait_minutes)), text_or_null(minutes_text(v.service_minutes)),
             v.phone, v.surname, v.title, v.steps, v.managers});
      for (const DispatchDay& d : rows.dispatch) {
        pg_.exec("DELETE FROM branch_dispatch WHERE kiosk = $1 AND day = $2", {kiosk_, d.day});
        for (std::size_t i = 0; i < d.rows.size(); ++i) {
          std::vector<PgParam> params{kiosk_, d.day, n(static_cast<std::int64_t>(i)), d.rows[i].manager};
          for (int f : dispatch_counts(d.rows[i])) params.push_back(n(f));
          pg_.exec("INSERT INTO branch_dispatch VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
                   "$15, $16)",
                   params);
        }
      }
    }

   private:
    PgConnection& pg_;
    std::string kiosk_;
  };

  void write_branch(const std::string& kiosk, const std::function<void(BranchWrite&)>& work) override {
    std::lock_guard lock(mutex_);
    PgTransaction tx(pg_);
    pg_.exec(kBranchLock, {kiosk});
    Write w(pg_, kiosk);
    work(w);
    tx.commit();
  }

  std::vector<std::pair<std::string, std::int64_t>> newest_items() override {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, std::int64_t>> out;
    const PgResult r = pg_.exec("SELECT kiosk, max(seq) FROM checkins GROUP BY kiosk ORDER BY kiosk");
    for (int i = 0; i < r.rows(); ++i) out.emplace_back(r.text(i, 0), std::stoll(r.text(i, 1)));
    return out;
  }

  std::vector<BranchRow> branch_rows() override {
    std::lock_guard lock(mutex_);
    std::vector<BranchRow> out;
    const PgResult r = pg_.exec(std::string(kBranchColumns) + " ORDER BY kiosk");
    for (int i = 0; i < r.rows(); ++i) out.push_back(branch_at(r, i));
    return out;
  }

  std::optional<BranchRow> branch_row(const std::string& kiosk) override {
    std::lock_guard lock(mutex_);
    return Write(pg_, kiosk).stored();
  }

  std::vector<ManagerRow> manager_rows(const std::string& kiosk) override {
    std::lock_guard lock(mutex_);
    std::vector<ManagerRow> out;
    const PgResult r =
        pg_.exec("SELECT id, name, state, serving FROM branch_managers WHERE kiosk = $1 ORDER BY position", {kiosk});
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3)});
    return out;
  }

  std::vector<VisitRow> visit_rows(const std::string& kiosk, const VisitQuery& q) override {
    std::lock_guard lock(mutex_);
    std::vector<VisitRow> out;
    const PgResult r = pg_.exec(
        "SELECT n, id, ticket, line, day, arrived, assigned, finished, status, kind, owner, server, skips, voided, "
        "void_reason, wait_minutes, service_minutes, phone, surname, title, steps FROM branch_visits "
        "WHERE kiosk = $1 AND day >= $2 AND day <= $3 AND n < $4 AND ($6 = '' OR strpos(managers, $6) > 0) "
        "ORDER BY n DESC LIMIT $5",
        {kiosk, q.from, q.to.empty() ? "~" : q.to,
         std::to_string(q.before > 0 ? q.before : std::numeric_limits<std::int64_t>::max()), std::to_string(q.limit),
         q.manager.empty() ? "" : "|" + q.manager + "|"});
    for (int i = 0; i < r.rows(); ++i) {
      VisitRow& v = out.emplace_back();
      v.n = std::stoll(r.text(i, 0));
      std::string* text[] = {&v.id, &v.ticket, &v.line, &v.day, &v.arrived, &v.assigned, &v.finished, &v.status,
                             &v.kind, &v.owner, &v.server, &v.skips, &v.voided, &v.void_reason};
      for (int c = 0; c < 14; ++c) *text[c] = r.text(i, c + 1);
      if (!r.null(i, 15)) v.wait_minutes = std::stod(r.text(i, 15));
      if (!r.null(i, 16)) v.service_minutes = std::stod(r.text(i, 16));
      v.phone = r.text(i, 17), v.surname = r.text(i, 18), v.title = r.text(i, 19), v.steps = r.text(i, 20);
    }
    return out;
  }

  std::vector<ArrivalCount> arrival_counts(const std::string& kiosk, const std::string& from,
                                           const std::string& to) override {
    std::lock_guard lock(mutex_);
    std::vector<ArrivalCount> out;
    const PgResult r = pg_.exec(
        "SELECT day, substr(arrived, 12, 2)::int, floor(wait_minutes)::int, count(*) FROM branch_visits "
        "WHERE ($1 = '' OR kiosk = $1) AND day >= $2 AND day <= $3 AND voided IS NULL "
        "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        {kiosk, from, to});
    for (int i = 0; i < r.rows(); ++i) {
      ArrivalCount& c = out.emplace_back();
      c.day = r.text(i, 0), c.hour = std::stoi(r.text(i, 1)), c.count = std::stoll(r.text(i, 3));
      if (!r.null(i, 2)) c.wait = std::stoi(r.text(i, 2));
    }
    return out;
  }

  std::vector<DispatchDay> dispatch_days(const std::string& kiosk, const std::string& from,
                                         const std::string& to) override {
    std::lock_guard lock(mutex_);
    std::vector<DispatchDay> out;
    const PgResult r = pg_.exec(
        "SELECT * FROM branch_dispatch WHERE kiosk = $1 AND day >= $2 AND day <= $3 ORDER BY day, position",
        {kiosk, from, to});
    for (int i = 0; i < r.rows(); ++i) {
      if (out.empty() || out.back().day != r.text(i, 1)) out.push_back({r.text(i, 1), {}});
      DispatchRow& row = out.back().rows.emplace_back();
      row.manager = row.name = r.text(i, 3);
      int at = 4;
      for (int* f : dispatch_count_fields(row)) *f = std::stoi(r.text(i, at++));
    }
    return out;
  }
 private:
  static constexpr const char* kBranchColumns =
      "SELECT kiosk, applied_seq, highest_seq, waiting_items, blocked, last_event, last_received, diverged, "
      "first_diverged, repeated_seq, day, checkins_today, waiting_now, longest_wait_minutes, median_wait_minutes, "
      "managers_on_duty, board, last_item, generation FROM branches";
  static BranchRow branch_at(const PgResult& r, int i) {
    auto n = [&](int c) { return std::stoll(r.text(i, c)); };
    BranchRow b;
    b.kiosk = r.text(i, 0), b.applied_seq = n(1), b.highest_seq = n(2), b.waiting_items = n(3);
    b.blocked = r.text(i, 4), b.last_event = r.text(i, 5), b.last_received = r.text(i, 6);
    b.diverged = n(7), b.first_diverged = n(8), b.repeated_seq = n(9), b.day = r.text(i, 10);
    b.checkins_today = n(11), b.waiting_now = n(12);
    if (!r.null(i, 13)) b.longest_wait_minutes = std::stod(r.text(i, 13));
    if (!r.null(i, 14)) b.median_wait_minutes = std::stod(r.text(i, 14));
    b.managers_on_duty = n(15), b.board = r.text(i, 16), b.last_item = n(17), b.generation = n(18);
    return b;
  }

  // Under the caller's lock (and within ingest's transaction, if any).
  void note_contact(const std::string& kiosk, const std::optional<KioskStatus>& status, const std::string& now) {
    pg_.exec("INSERT INTO kiosk_contacts(kiosk, last_contact, quarantined, outbox) VALUES($1, $2, $3, $4) "
             "ON CONFLICT (kiosk) DO UPDATE SET last_contact = excluded.last_contact, "
             "quarantined = excluded.quarantined, outbox = excluded.outbox",
             {kiosk, now, status ? PgParam{std::to_string(status->quarantined)} : PgParam{},
              status ? PgParam{std::to_string(status->outbox)} : PgParam{}});
  }

  // The schema version, claiming an empty database for HQ (when `create`); throws for a
  // database that is someone else's.
  int schema_version(bool create) {
    const PgResult marked = pg_.exec("SELECT to_regclass('kiosk_hq_schema') IS NOT NULL");
    if (marked.text(0, 0) == "t") return std::stoi(pg_.exec("SELECT version FROM kiosk_hq_schema").text(0, 0));
    const PgResult tables = pg_.exec(
        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()");
    if (tables.text(0, 0) != "0")
      throw StoreError(StoreError::Kind::io, pg_.name() +
                                                 " holds another program's tables and is not HQ's: give kiosk-hq a "
                                                 "database of its own (createdb), or check the URI");
    if (!create)
      throw StoreError(StoreError::Kind::io, pg_.name() + " is empty, not an HQ database yet: `kiosk-hq serve` or "
                                                          "`kiosk-hq token add` sets it up");
    // The mark: this table says the database is HQ's and which schema it has.
    pg_.exec(
        "CREATE TABLE kiosk_hq_schema(program text NOT NULL CHECK (program = 'kiosk-hq'), version integer NOT NULL);"
        "COMMENT ON TABLE kiosk_hq_schema IS 'This database belongs to kiosk-hq (Lobby Kiosk HQ)';"
        "INSERT INTO kiosk_hq_schema VALUES('kiosk-hq', 0)");
    return 0;
  }

  std::mutex mutex_;  // one connection, used by one request at a time
  PgConnection pg_;
};

// The same rule as the kiosk's and HQ's SQLite purge (kiosk/common/personal_data.cpp), in
// PostgreSQL's JSON operators: a number whose last visit (or, if it only ever referred someone,
// last mention) is before `cutoff` becomes one random pseudonym everywhere.
std::size_t PgStorage::purge_personal_data(const std::string& cutoff) {
  std::lock_guard lock(mutex_);
  PgTransaction tx(pg_);
  pg_.exec(kPurgeLock);  // two servers' daily purges would give one number two pseudonyms
  const PgResult numbers = pg_.exec(R"sql(
WITH arrivals AS (SELECT payload::jsonb -> 'event' AS e FROM checkins WHERE payload::jsonb #>> '{event,ev}' = 'arrive'),
mentions AS (SELECT e ->> 'phone' AS n, true AS visit, (e ->> 't') COLLATE "C" AS t FROM arrivals WHERE e ->> 'phone' IS NOT NULL
             UNION ALL
             SELECT e ->> 'referrer', false, (e ->> 't') COLLATE "C" FROM arrivals WHERE e ->> 'referrer' IS NOT NULL)
SELECT n FROM mentions WHERE NOT starts_with(n, $2) GROUP BY n
HAVING coalesce(max(t) FILTER (WHERE visit), max(t)) < $1 COLLATE "C")sql",
                                    {cutoff, std::string(kPseudonymPrefix)});
  std::map<std::string, std::string> alias;
  std::vector<std::string> purged;
  for (int i = 0; i < numbers.rows(); ++i) {
    purged.push_back(numbers.text(i, 0));
    alias[purged.back()] = std::string(kPseudonymPrefix) + random_hex(12);
  }
  // The arrivals to rewrite: those of and referred by a purged number, and old ones without a
  // number that still carry a name.
  const PgResult rows = pg_.exec(R"sql(
SELECT seq, payload FROM checkins WHERE payload::jsonb #>> '{event,ev}' = 'arrive' AND (
  payload::jsonb #>> '{event,phone}' = ANY($1::text[]) OR payload::jsonb #>> '{event,referrer}' = ANY($1::text[])
  OR (payload::jsonb #>> '{event,phone}' IS NULL AND (payload::jsonb #>> '{event,t}') COLLATE "C" < $2
      AND (payload::jsonb #>> '{event,surname}' IS NOT NULL OR payload::jsonb #>> '{event,title}' IS NOT NULL)))
FOR UPDATE)sql",
                                 {pg_text_array(purged), cutoff});
  std::vector<std::string> seqs, payloads;
  for (int i = 0; i < rows.rows(); ++i) {
    // Ordered, so a rewritten payload keeps its fields where they were, as SQLite's json_set does.
    auto payload = nlohmann::ordered_json::parse(rows.text(i, 1));
    auto& e = payload["event"];
    auto purged_alias = [&](const char* field) -> const std::string* {
      if (!e.contains(field) || !e[field].is_string()) return nullptr;
      auto it = alias.find(e[field].get<std::string>());
      return it == alias.end() ? nullptr : &it->second;
    };
    const bool no_number = !e.contains("phone") || e["phone"].is_null();
    if (const std::string* a = purged_alias("phone")) e["phone"] = *a, e.erase("surname"), e.erase("title");
    if (const std::string* a = purged_alias("referrer")) e["referrer"] = *a;
    if (no_number && e.value("t", "") < cutoff) e.erase("surname"), e.erase("title");
    seqs.push_back(rows.text(i, 0));
    payloads.push_back(payload.dump());
  }
  if (!seqs.empty())
    pg_.exec("UPDATE checkins SET payload = v.p FROM unnest($1::bigint[], $2::text[]) AS v(s, p) WHERE seq = v.s",
             {pg_text_array(seqs), pg_text_array(payloads)});
  tx.commit();
  return purged.size();
}

}  // namespace

std::unique_ptr<HqStorage> open_pg_storage(const std::string& uri, bool create) {
  return std::make_unique<PgStorage>(uri, create);
}

}  // namespace lobby
