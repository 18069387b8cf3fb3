#include "kiosk/store/backup.h"

#include "kiosk/common/db.h"
#include "kiosk/store/store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <thread>

namespace lobby {

namespace {

// Small steps keep each read short; in WAL mode a reader never blocks the kiosk's commits,
// but in rollback mode a step does, for about the time it takes to copy these pages.
constexpr int kPagesPerStep = 256;
// A busy kiosk commits often; every commit by another process restarts the copy. After this
// many restarts the rest is copied in one step, which in WAL mode still does not block writers.
constexpr int kRestartsBeforeOneStep = 5;

[[noreturn]] void fail_io(StoreError::Kind kind, const std::string& what) { throw StoreError(kind, what); }

std::string errno_advice(int err, const std::string& target) {
  if (err == ENOSPC || err == EDQUOT)
    return "the disk holding " + target + " is full: free space or back up to another disk";
  return std::strerror(err) + std::string(": check that the folder exists and is writable");
}

void fsync_path(const std::string& path, int flags, const std::string& target) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    fail_io(err == ENOSPC ? StoreError::Kind::disk_full : StoreError::Kind::io,
            "backup " + target + ": syncing " + path + " failed: " + errno_advice(err, target));
  }
  ::close(fd);
}

void remove_leftovers(const std::string& tmp) {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::remove((tmp + suffix).c_str());
}

// Turns a failure on the copy's side into advice about the target, not about SQLite.
[[noreturn]] void fail_target(const StoreError& e, const std::string& target) {
  if (e.kind == StoreError::Kind::disk_full)
    fail_io(e.kind, "backup " + target + ": the disk is full: free space or back up to another disk (" + target +
                        " was not changed)");
  fail_io(e.kind, "backup " + target + ": cannot write the copy: " + e.what());
}

}  // namespace

BackupResult backup_database(const std::string& source, const std::string& target) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(source, ec))
    fail_io(StoreError::Kind::io, "no kiosk database at " + source + ": check the path (the kiosk's --db)");
  if (fs::is_directory(target, ec))
    fail_io(StoreError::Kind::io, "backup target " + target + " is a folder: name the file to write, e.g. " +
                                      (fs::path(target) / "kiosk-backup.db").string());
  const std::string tmp = target + ".tmp";
  BackupResult result;

  // Opening as a Store checks the source is a kiosk database (and its integrity) first.
  Store from(source, Store::Mode::read_only);
  remove_leftovers(tmp);
  try {
    try {
      Db to(tmp, false, true, 2000);
      sqlite3_backup* b = sqlite3_backup_init(to.handle(), "main", from.db().handle(), "main");
      if (!b) to.fail(sqlite3_extended_errcode(to.handle()), "starting the backup");
      int rc = SQLITE_OK, remaining = -1;
      while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        rc = sqlite3_backup_step(b, result.restarts >= kRestartsBeforeOneStep ? -1 : kPagesPerStep);
        const int now_remaining = sqlite3_backup_remaining(b);
        if (remaining >= 0 && now_remaining > remaining) ++result.restarts;
        remaining = now_remaining;
        // Let the kiosk's commits in between steps.
        if (rc != SQLITE_DONE) std::this_thread::sleep_for(std::chrono::milliseconds(rc == SQLITE_OK ? 2 : 50));
      }
      result.pages = sqlite3_backup_pagecount(b);
      sqlite3_backup_finish(b);
      if (rc != SQLITE_DONE) {
        // A failure reading the source is the source's; anything else is about the copy.
        if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) from.db().fail(rc, "reading for the backup");
        to.fail(rc, "writing the backup");
      }
      // The source is in WAL mode; a backup is one self-contained file.
      to.exec("PRAGMA journal_mode=DELETE");
      auto check = to.prepare("PRAGMA integrity_check");
      const std::string verdict = check.step() ? check.text_at(0) : "no answer";
      if (verdict != "ok")
        fail_io(StoreError::Kind::corrupt, "backup " + target + ": the copy failed its integrity check (" +
                                               verdict + "); the source may be damaged: run the backup again");
    } catch (const StoreError& e) {
      if (e.kind == StoreError::Kind::corrupt) throw;
      fail_target(e, target);
    }
    {
      Store copy(tmp, Store::Mode::read_only);
      auto s = copy.db().prepare("SELECT count(*) FROM events");
      s.step();
      result.events = s.int_at(0);
    }
    fsync_path(tmp, O_RDONLY, target);
    if (std::rename(tmp.c_str(), target.c_str()) != 0) {
      const int err = errno;
      fail_io(err == ENOSPC ? StoreError::Kind::disk_full : StoreError::Kind::io,
              "backup " + target + ": cannot put the copy in place: " + errno_advice(err, target));
    }
  } catch (...) {
    remove_leftovers(tmp);
    throw;
  }
  // The rename itself is durable only once the folder is synced.
  const fs::path folder = fs::path(target).parent_path();
  fsync_path(folder.empty() ? "." : folder.string(), O_RDONLY | O_DIRECTORY, target);
  return result;
}

}  // namespace lobby
