#include "kiosk/platform/file_watch.h"

#include "kiosk/platform/window.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <filesystem>

namespace lobby {

FileWatch::FileWatch(const std::string& db_path) {
  const std::filesystem::path p = std::filesystem::absolute(db_path);
  inotify_ = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  stop_ = eventfd(0, EFD_CLOEXEC);
  // The directory, not the files: SQLite creates and removes the -wal file as it goes.
  if (inotify_ < 0 || stop_ < 0 ||
      inotify_add_watch(inotify_, p.parent_path().c_str(), IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE) < 0) {
    if (inotify_ >= 0) close(inotify_);
    inotify_ = -1;
    return;
  }
  thread_ = std::thread(&FileWatch::loop, this, p.filename().string());
}

FileWatch::~FileWatch() {
  if (thread_.joinable()) {
    const std::uint64_t one = 1;
    (void)!write(stop_, &one, sizeof one);
    thread_.join();
  }
  if (inotify_ >= 0) close(inotify_);
  if (stop_ >= 0) close(stop_);
}

void FileWatch::loop(std::string db_name) {
  const std::string wal = db_name + "-wal";
  alignas(inotify_event) char buf[4096];
  pollfd fds[2] = {{inotify_, POLLIN, 0}, {stop_, POLLIN, 0}};
  for (;;) {
    if (poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents) return;
    bool ours = false;
    ssize_t n;
    while ((n = read(inotify_, buf, sizeof buf)) > 0) {
      for (char* p = buf; p < buf + n;) {
        const auto* ev = reinterpret_cast<const inotify_event*>(p);
        if (ev->mask & IN_Q_OVERFLOW) ours = true;  // events were lost: look anyway
        if (ev->len && (db_name == ev->name || wal == ev->name)) ours = true;
        p += sizeof(inotify_event) + ev->len;
      }
    }
    if (ours) Window::wake();
  }
}

}  // namespace lobby
