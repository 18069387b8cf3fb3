// The notice sender on a background thread, as `kiosk run` uses it. It has its own database
// connection and its own libcurl handle, so a check-in never waits for a robot. Poked after
// every commit, it waits a moment first so that a burst of check-ins becomes one message.
#pragma once

#include "sync/notify/notifier.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace lobby {

class NotifyWorker {
 public:
  using LocalClock = Time (*)();
  NotifyWorker(std::string db_path, NotifySettings settings, NoticeWords words, LocalClock local_clock,
               std::chrono::milliseconds gather = std::chrono::milliseconds(1500),
               std::chrono::milliseconds idle_check = std::chrono::seconds(5));
  ~NotifyWorker();  // stops after the send in progress
  NotifyWorker(const NotifyWorker&) = delete;
  NotifyWorker& operator=(const NotifyWorker&) = delete;

  void poke();  // a notice may have been committed
  NotifyReport last_pass() const;

 private:
  void loop();
  std::string db_path_;
  NotifySettings settings_;
  NoticeWords words_;
  LocalClock local_clock_;
  std::chrono::milliseconds gather_, idle_check_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool poked_ = false, stopping_ = false;
  NotifyReport last_;
  std::thread thread_;
};

// One structured log line for a pass that sent, expired or failed; nothing for a quiet one.
void log_notify_pass(const NotifyReport& r);

}  // namespace lobby
