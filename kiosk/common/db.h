// A thin RAII layer over SQLite: a connection, cached prepared statements, and one error
// type whose message says what went wrong and what the person at the kiosk can do.
#pragma once

#include "kiosk/core/problem.h"

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace lobby {

struct StoreError : std::runtime_error {
  // stale: another program recorded an event after the one the caller decided from.
  enum class Kind { io, locked, corrupt, newer_schema, disk_full, constraint, stale };
  Kind kind;
  StoreError(Kind k, const std::string& what) : std::runtime_error(what), kind(k) {}
  // The error as screens show it: "store-<kind>", with the English detail for the log.
  Problem problem() const;
};

class Db;

class Statement {
 public:
  Statement(const Db& db, sqlite3_stmt* s) : db_(db), s_(s) {}
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, std::int64_t v);
  Statement& bind_null(int i);
  // Steps once: true while a row is available. Throws StoreError on failure.
  bool step();
  void run() { step(); }
  std::int64_t int_at(int col) const { return sqlite3_column_int64(s_, col); }
  std::string text_at(int col) const;
  bool null_at(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  ~Statement() { sqlite3_reset(s_), sqlite3_clear_bindings(s_); }

 private:
  const Db& db_;
  sqlite3_stmt* s_;
};

class Db {
 public:
  // Opens (creating if `create`) with synchronous=FULL, foreign keys and a busy timeout.
  // The owner switches to WAL once it has checked the file is its own. Throws StoreError.
  Db(const std::string& path, bool read_only, bool create, int busy_timeout_ms);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // A statement compiled once per connection and reused (keyed by its text, so callers may
  // build SQL at run time).
  Statement prepare(const char* sql);
  void exec(const char* sql);
  std::int64_t last_rowid() const { return sqlite3_last_insert_rowid(db_); }
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

  // Turns an SQLite result code into a StoreError with advice for the reader.
  [[noreturn]] void fail(int rc, std::string_view doing) const;

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;  // keyed by the SQL text itself
};

// Which program a database file belongs to, kept in its header (PRAGMA application_id), so
// that `kiosk-hq serve --db kiosk.db` or `kiosk replay --db hq.db` refuses the file instead
// of adding its own tables to it.
struct DatabaseOwner {
  std::int32_t application_id;
  const char* program;       // said in the refusal: "the kiosk", "HQ (kiosk-hq)"
  const char* marker_table;  // a table only this program makes: files from before the header
};
inline constexpr DatabaseOwner kKioskDatabase{0x4c4b4b31, "the kiosk", "events"};       // "LKK1"
inline constexpr DatabaseOwner kHqDatabase{0x4c4b4831, "HQ (kiosk-hq)", "checkins"};  // "LKH1"

// Claims the file for `owner`: an empty file, or one of this program's from before the
// header was kept, gets the header (when `writable`); another program's file, or one with
// unknown tables, throws StoreError (io) naming the program it belongs to.
void claim_database(Db& db, const DatabaseOwner& owner, bool writable);

// BEGIN IMMEDIATE ... COMMIT; rolls back if left without commit (an exception).
class WriteTransaction {
 public:
  explicit WriteTransaction(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  void commit() { db_.exec("COMMIT"), done_ = true; }
  ~WriteTransaction() {
    if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }

 private:
  Db& db_;
  bool done_ = false;
};

}  // namespace lobby
