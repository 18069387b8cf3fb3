// Wakes the window when another process writes the database. The lobby display sleeps until
// the kiosk commits something: inotify tells it the database or its write-ahead log changed,
// so it neither polls nor re-reads anything on a timer.
#pragma once

#include <string>
#include <thread>

namespace lobby {

class FileWatch {
 public:
  explicit FileWatch(const std::string& db_path);  // watches db_path and db_path-wal
  ~FileWatch();
  FileWatch(const FileWatch&) = delete;
  FileWatch& operator=(const FileWatch&) = delete;
  // False when inotify is not available; then the caller must look now and then itself.
  bool ok() const { return inotify_ >= 0; }

 private:
  void loop(std::string db_name);
  int inotify_ = -1;
  int stop_ = -1;  // eventfd that ends the thread
  std::thread thread_;
};

}  // namespace lobby
