// A consistent copy of a kiosk database taken while the kiosk keeps working: SQLite's online
// backup API, a few pages at a time, into FILE.tmp, checked, synced, and only then renamed to
// FILE, so FILE is always either the previous backup or a complete, verified new one.
#pragma once

#include <cstdint>
#include <string>

namespace lobby {

struct BackupResult {
  std::int64_t pages = 0;   // of the copy
  std::int64_t events = 0;  // recorded events the copy holds: its engine replays these
  int restarts = 0;         // times another process's commit made the copy start over
};

// Copies the kiosk database at `source` to `target`. The copy is a single file in rollback
// journal mode (no -wal or -shm beside it) that passes PRAGMA integrity_check and opens as a
// kiosk database. Throws StoreError with advice: no database at `source` or not a kiosk one
// (io, corrupt), `target` not writable (io), disk full (disk_full); `target` is then unchanged.
BackupResult backup_database(const std::string& source, const std::string& target);

}  // namespace lobby
