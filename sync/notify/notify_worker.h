// The notice sender on a background thread, as `kiosk run` uses it. It has its own database
// connection and its own libcurl handle, so a check-in never waits for a robot. Poked after
// every commit, it waits a moment first so that a burst of check-ins becomes one message.
#pragma once

#include "kiosk/common/pass_loop.h"
#include "sync/notify/notifier.h"

#include <chrono>
#include <memory>
#include <string>

namespace lobby {

class NotifyWorker {
 public:
  using LocalClock = Time (*)();
  NotifyWorker(std::string db_path, NotifySettings settings, NoticeWords words, LocalClock local_clock,
               std::chrono::milliseconds gather = std::chrono::milliseconds(1500),
               std::chrono::milliseconds idle_check = std::chrono::seconds(5));
  NotifyWorker(const NotifyWorker&) = delete;
  NotifyWorker& operator=(const NotifyWorker&) = delete;

  void poke() { loop_.poke(); }  // a notice may have been committed
  NotifyReport last_pass() const { return loop_.last(); }

 private:
  NotifyReport pass();  // on the loop's thread
  std::string db_path_;
  NotifySettings settings_;
  NoticeWords words_;
  LocalClock local_clock_;
  std::chrono::milliseconds idle_check_;
  std::unique_ptr<Store> store_;  // opened on the first pass, again after a database error
  std::unique_ptr<Notifier> notifier_;
  std::string last_error_;
  PassLoop<NotifyReport> loop_;  // last: stopped before what its passes use goes
};

// One structured log line for a pass that sent, expired or failed; nothing for a quiet one.
void log_notify_pass(const NotifyReport& r);

}  // namespace lobby
