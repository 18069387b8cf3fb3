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
};
constexpr int kSchemaVersion = sizeof kMigrations / sizeof *kMigrations;

// Advisory lock keys: the schema check and migrations, and the retention purge. Both are
// HQ's application id ("LKH1") and a number, so no other program's locks collide with them.
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(1280002097, 1)";
constexpr const char* kPurgeLock = "SELECT pg_advisory_xact_lock(1280002097, 2)";

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

  std::vector<ItemResult> ingest(const std::string& kiosk, const std::vector<CheckinItem>& items) override {
    if (items.empty()) return {};
    std::lock_guard lock(mutex_);
    std::vector<std::string> uuids, kinds, hashes, payloads;
    for (const CheckinItem& item : items) {
      uuids.push_back(item.uuid), kinds.push_back(item.kind), hashes.push_back(item.hash);
      payloads.push_back(item.canonical);
    }
    PgTransaction tx(pg_);
    // In uuid order, so that two servers inserting overlapping batches take their row locks in
    // the same order and never deadlock; of equal uuids in one batch, the first is stored.
    const PgResult inserted = pg_.exec(
        "INSERT INTO checkins(uuid, kiosk, kind, payload_hash, payload, received) "
        "SELECT u, $1, k, h, p, $6 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) "
        "WITH ORDINALITY AS i(u, k, h, p, n) ORDER BY u COLLATE \"C\", n "
        "ON CONFLICT (kiosk, uuid) DO NOTHING RETURNING uuid",
        {kiosk, pg_text_array(uuids), pg_text_array(kinds), pg_text_array(hashes), pg_text_array(payloads), utc_now()});
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
        "SELECT u.name, u.role, s.last_used FROM sessions s JOIN users u ON u.name = s.name WHERE s.hash = $1", {hash});
    if (r.rows() == 0) return std::nullopt;
    return SessionRecord{r.text(0, 0), r.text(0, 1), r.text(0, 2)};
  }

  void touch_session(const std::string& hash, const std::string& last_used) override {
    std::lock_guard lock(mutex_);
    pg_.exec("UPDATE sessions SET last_used = $1 WHERE hash = $2", {last_used, hash});
  }

  void remove_session(const std::string& hash) override {
    std::lock_guard lock(mutex_);
    pg_.exec("DELETE FROM sessions WHERE hash = $1", {hash});
  }

  std::size_t remove_sessions_used_before(const std::string& cutoff) override {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(pg_.exec("DELETE FROM sessions WHERE last_used < $1 RETURNING 1", {cutoff}).rows());
  }

 private:
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
