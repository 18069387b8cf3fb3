// A thin RAII layer over libpq for HQ's PostgreSQL storage: one connection, parameterised
// statements in text format, and PostgreSQL's errors turned into the project's StoreError.
#pragma once

#include "kiosk/common/db.h"

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lobby {


class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r, PQclear) {}
  PGresult* get() const { return r_.get(); }
  int rows() const { return PQntuples(r_.get()); }
  std::string text(int row, int col) const { return PQgetvalue(r_.get(), row, col); }
  bool null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_;
};

// NULL as a parameter.
using PgParam = std::optional<std::string>;

class PgConnection {
 public:
  // Connects; throws StoreError (io) saying which database could not be reached and why.
  explicit PgConnection(const std::string& uri);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement with $1… bound to `params`. Throws StoreError: disk_full for a full
  // disk (SQLSTATE 53100), constraint for a violated constraint, io for the rest. A lost
  // connection is re-made before the next statement, never in the middle of a transaction;
  // a read or BEGIN that found it lost runs again at once.
  PgResult exec(const std::string& sql, const std::vector<PgParam>& params = {});
  // Where the connection goes, for messages: "PostgreSQL database NAME on HOST", never the
  // URI (it may hold a password).
  const std::string& name() const { return name_; }

 private:
  void set_up();
  void reconnect();
  PgResult run(const std::string& sql, const std::vector<PgParam>& params);
  PGconn* conn_ = nullptr;
  std::string name_;
  bool in_transaction_ = false;
};

// BEGIN … COMMIT on a PgConnection; rolls back if left without commit (an exception).
class PgTransaction {
 public:
  explicit PgTransaction(PgConnection& c) : c_(c) { c_.exec("BEGIN"); }
  void commit() { c_.exec("COMMIT"), done_ = true; }
  ~PgTransaction();
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;

 private:
  PgConnection& c_;
  bool done_ = false;
};

// A PostgreSQL text[] literal holding `values` exactly, for `= ANY($1::text[])` and unnest.
std::string pg_text_array(const std::vector<std::string>& values);

}  // namespace lobby
