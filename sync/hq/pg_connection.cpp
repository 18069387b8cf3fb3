#include "sync/hq/pg_connection.h"

#include <cstring>

namespace lobby {

namespace {

// "PostgreSQL database NAME on HOST" from the URI's own fields: the password stays out of
// every message and log line.
std::string describe(const std::string& uri) {
  std::string db = "(default)", host = "(default)";
  char* error = nullptr;
  if (PQconninfoOption* options = PQconninfoParse(uri.c_str(), &error)) {
    for (PQconninfoOption* o = options; o->keyword; ++o) {
      if (!o->val) continue;
      if (std::strcmp(o->keyword, "dbname") == 0) db = o->val;
      if (std::strcmp(o->keyword, "host") == 0) host = o->val;
    }
    PQconninfoFree(options);
  }
  PQfreemem(error);
  return "PostgreSQL database " + db + " on " + host;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

bool is_postgres_uri(const std::string& where) {
  return where.starts_with("postgresql://") || where.starts_with("postgres://");
}

PgConnection::PgConnection(const std::string& uri) : name_(describe(uri)) {
  conn_ = PQconnectdb(uri.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string why = trimmed(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw StoreError(StoreError::Kind::io, "cannot connect to " + name_ + ": " + why);
  }
  set_up();
}

PgConnection::~PgConnection() {
  if (conn_) PQfinish(conn_);
}

void PgConnection::set_up() {
  // Payloads are UTF-8 JSON whatever the server's locale; no NOTICEs on HQ's stderr.
  PQsetClientEncoding(conn_, "UTF8");
  PQclear(PQexec(conn_, "SET client_min_messages = warning"));
}

void PgConnection::reconnect() {
  in_transaction_ = false;
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK)
    throw StoreError(StoreError::Kind::io, "cannot reconnect to " + name_ + ": " + trimmed(PQerrorMessage(conn_)));
  set_up();
}

PgResult PgConnection::run(const std::string& sql, const std::vector<PgParam>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const PgParam& p : params) values.push_back(p ? p->c_str() : nullptr);
  // Without parameters through the simple protocol, which also runs several statements (a migration).
  return PgResult(params.empty() ? PQexec(conn_, sql.c_str())
                                 : PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                                values.data(), nullptr, nullptr, 0));
}

PgResult PgConnection::exec(const std::string& sql, const std::vector<PgParam>& params) {
  if (PQstatus(conn_) == CONNECTION_BAD) {
    // A transaction cut short by a lost connection was rolled back by the server; carrying on
    // with its remaining statements on a new connection would commit half of it.
    if (in_transaction_ && sql != "ROLLBACK")
      throw StoreError(StoreError::Kind::io, "lost the connection to " + name_ + " in a transaction: none of it was kept");
    reconnect();
    if (sql == "ROLLBACK") return PgResult(nullptr);
  }
  PgResult result = run(sql, params);
  auto ok = [&] {
    const ExecStatusType status = PQresultStatus(result.get());
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  };
  // PostgreSQL restarted, or failed over, since the last statement: a statement that may run
  // twice and starts no work of its own (a read, BEGIN) runs again on a new connection, so a
  // kiosk does not see the blip. Anything else may have been done: the caller hears of it.
  if (!ok() && PQstatus(conn_) == CONNECTION_BAD && !in_transaction_ && (sql == "BEGIN" || sql.starts_with("SELECT"))) {
    reconnect();
    result = run(sql, params);
  }
  if (sql == "COMMIT" || sql == "ROLLBACK") in_transaction_ = false;
  if (ok()) {
    if (sql == "BEGIN") in_transaction_ = true;
    return result;
  }
  const char* state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
  const std::string code = state ? state : "";
  std::string why = trimmed(result.get() ? PQresultErrorMessage(result.get()) : "");
  if (why.empty()) why = trimmed(PQerrorMessage(conn_));
  const StoreError::Kind kind = code == "53100"           ? StoreError::Kind::disk_full
                                : code.starts_with("23")  ? StoreError::Kind::constraint
                                : code == "55P03"         ? StoreError::Kind::locked
                                                          : StoreError::Kind::io;
  throw StoreError(kind, name_ + ": " + why);
}

PgTransaction::~PgTransaction() {
  if (done_) return;
  try {
    c_.exec("ROLLBACK");
  } catch (const StoreError&) {
    // The connection is gone; the server has rolled the transaction back itself.
  }
}

std::string pg_text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace lobby
