#include "sync/hq/storage.h"

#include "sync/hq/pg_connection.h"

#include <ctime>

namespace lobby {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::unique_ptr<HqStorage> open_storage(const std::string& database, bool create) {
  return is_postgres_uri(database) ? open_pg_storage(database, create) : open_sqlite_storage(database, create);
}

}  // namespace lobby
