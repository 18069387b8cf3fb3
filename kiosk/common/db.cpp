#include "kiosk/common/db.h"

#include "kiosk/common/private_file.h"

namespace lobby {

Problem StoreError::problem() const {
  static constexpr const char* kCodes[] = {"store-io",   "store-locked",     "store-corrupt", "store-newer-schema",
                                           "store-full", "store-constraint", "store-stale"};
  return {kCodes[static_cast<int>(kind)], {{"detail", what()}}};
}

Statement& Statement::bind(int i, std::string_view v) {
  sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}
Statement& Statement::bind_null(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}
bool Statement::step() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(s_);
  db_.fail(rc, sqlite3_sql(s_));
}
std::string Statement::text_at(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string();
}

Db::Db(const std::string& path, bool read_only, bool create, int busy_timeout_ms) : path_(path) {
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (create && !read_only) {
    flags |= SQLITE_OPEN_CREATE;
    // SQLite would create the file with the umask's mode; its -wal and -shm files copy the
    // database's mode, so creating it private here keeps all three private.
    create_private_file(path);  // on failure, opening below says why
  }
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    struct Closer {
      sqlite3*& db;
      ~Closer() { sqlite3_close(db), db = nullptr; }
    } closer{db_};  // sqlite3_open_v2 hands back a handle even when it fails
    if (rc == SQLITE_CANTOPEN)
      throw StoreError(StoreError::Kind::io, "cannot open database " + path +
                                                 ": check the path exists and is readable and writable");
    fail(rc, "opening the database");
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, busy_timeout_ms);
  try {
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA foreign_keys=ON");
  } catch (...) {
    sqlite3_close(db_);  // the destructor does not run for a constructor that throws
    throw;
  }
}

Db::~Db() {
  for (auto& [_, s] : cache_) sqlite3_finalize(s);
  sqlite3_close(db_);
}

Statement Db::prepare(const char* sql) {
  auto [it, fresh] = cache_.try_emplace(sql, nullptr);
  if (fresh) {
    const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &it->second, nullptr);
    if (rc != SQLITE_OK) {
      cache_.erase(it);
      fail(rc, sql);
    }
  }
  return Statement(*this, it->second);
}

void Db::exec(const char* sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) fail(rc, sql);
}

void Db::fail(int rc, std::string_view doing) const {
  const int primary = rc & 0xff;
  const std::string where = path_ + " (" + std::string(doing) + "): ";
  const std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw StoreError(StoreError::Kind::locked,
                       "database " + where + "locked by another program; close the other kiosk or command using it "
                                             "and try again");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      throw StoreError(StoreError::Kind::corrupt,
                       "database " + where + detail + "; it is damaged or not a kiosk database: put back the "
                                                      "latest backup copy of this file");
    case SQLITE_FULL:
      throw StoreError(StoreError::Kind::disk_full,
                       "database " + where + "the disk is full; free space and try again (nothing was saved)");
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      throw StoreError(StoreError::Kind::io,
                       "database " + where + detail + "; check the file's permissions and the disk");
    case SQLITE_CONSTRAINT: throw StoreError(StoreError::Kind::constraint, "database " + where + detail);
    default: throw StoreError(StoreError::Kind::io, "database " + where + detail);
  }
}

void claim_database(Db& db, const DatabaseOwner& owner, bool writable) {
  auto id_of = [&] {
    auto s = db.prepare("PRAGMA application_id");
    s.step();
    return static_cast<std::int32_t>(s.int_at(0));
  };
  const std::int32_t id = id_of();
  if (id == owner.application_id) return;
  for (const DatabaseOwner* other : {&kKioskDatabase, &kHqDatabase})
    if (other->application_id == id)
      throw StoreError(StoreError::Kind::io, "database " + db.path() + " belongs to " + other->program +
                                                 ", not " + owner.program + ": give the path of " + owner.program +
                                                 "'s own database");
  if (id != 0)
    throw StoreError(StoreError::Kind::io, "database " + db.path() + " belongs to another program (application id " +
                                               std::to_string(id) + "): give the path of " + owner.program +
                                               "'s own database");
  // No header: new, or written before the header was kept. Tell the two apart by the tables.
  bool has_tables = false, has_marker = false;
  auto tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'");
  while (tables.step()) {
    has_tables = true;
    if (tables.text_at(0) == owner.marker_table) has_marker = true;
  }
  if (has_tables && !has_marker)
    throw StoreError(StoreError::Kind::io, "database " + db.path() + " is not " + owner.program +
                                               "'s: it holds another program's tables; give the path of " +
                                               owner.program + "'s own database");
  if (writable) db.exec(("PRAGMA application_id=" + std::to_string(owner.application_id)).c_str());
}

}  // namespace lobby
