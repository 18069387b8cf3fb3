// HQ's reference storage: one SQLite file, WAL, synchronous=FULL. UNIQUE(kiosk, uuid) is the
// permanent deduplication; the stored payload hash tells a re-send from a conflict.
#include "kiosk/common/db.h"
#include "kiosk/common/personal_data.h"
#include "sync/hq/storage.h"

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

  std::vector<ItemResult> ingest(const std::string& kiosk, const std::vector<CheckinItem>& items) override {
    std::lock_guard lock(mutex_);
    std::vector<ItemResult> results;
    results.reserve(items.size());
    const std::string now = utc_now();
    WriteTransaction tx(db_);
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
    auto s = db_.prepare("SELECT u.name, u.role, s.last_used FROM sessions s JOIN users u ON u.name = s.name WHERE s.hash = ?");
    if (!s.bind(1, hash).step()) return std::nullopt;
    return SessionRecord{s.text_at(0), s.text_at(1), s.text_at(2)};
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

  std::size_t remove_sessions_used_before(const std::string& cutoff) override {
    std::lock_guard lock(mutex_);
    WriteTransaction tx(db_);
    db_.prepare("DELETE FROM sessions WHERE last_used < ?").bind(1, cutoff).run();
    const auto removed = static_cast<std::size_t>(sqlite3_changes(db_.handle()));
    tx.commit();
    return removed;
  }

 private:
  std::mutex mutex_;  // one connection; SQLite serialises writers anyway
  Db db_;
};

}  // namespace

std::unique_ptr<HqStorage> open_sqlite_storage(const std::string& path, bool create) {
  return std::make_unique<SqliteStorage>(path, create);
}

}  // namespace lobby
