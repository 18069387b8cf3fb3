#include "sync/hq/storage.h"

#include "sync/hq/pg_connection.h"

namespace lobby {

std::unique_ptr<HqStorage> open_storage(const std::string& database, bool create) {
  return is_postgres_uri(database) ? open_pg_storage(database, create) : open_sqlite_storage(database, create);
}

}  // namespace lobby
