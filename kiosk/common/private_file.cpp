#include "kiosk/common/private_file.h"

#include "kiosk/common/db.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace lobby {

bool create_private_file(const std::string& path) {
  // O_EXCL: never open an existing database here. Closing any descriptor of a file drops every
  // POSIX lock this process holds on it, so the kiosk's other connections would lose theirs.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kPrivateFileMode);
  if (fd < 0) return errno == EEXIST;
  ::close(fd);
  return true;
}

void write_private_file(const std::string& path, std::string_view content) {
  const std::string tmp = path + ".tmp";
  auto fail = [&](int err) {
    ::unlink(tmp.c_str());
    const bool full = err == ENOSPC || err == EDQUOT;
    throw StoreError(full ? StoreError::Kind::disk_full : StoreError::Kind::io,
                     path + ": cannot be written: " + std::strerror(err) +
                         (full ? " (free some space and try again)" : " (check the folder exists and is writable)"));
  };
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, kPrivateFileMode);
  if (fd < 0) fail(errno);
  ::fchmod(fd, kPrivateFileMode);  // an old PATH.tmp keeps its mode through O_TRUNC
  for (std::size_t done = 0; done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      ::close(fd);
      fail(err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    fail(err);
  }
  ::close(fd);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) fail(errno);
}

}  // namespace lobby
