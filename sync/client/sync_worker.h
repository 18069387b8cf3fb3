// The pusher on a background thread, as `kiosk run` uses it: it sends whenever a check-in
// is committed (poke), retries on its backoff, and looks again now and then in case
// another process (a `kiosk replay --db`, the staff console) added to the outbox. It has
// its own database connection, so the screens never wait for the network.
#pragma once

#include "sync/client/pusher.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace lobby {

class SyncWorker {
 public:
  SyncWorker(std::string db_path, PusherConfig config,
             std::chrono::milliseconds idle_check = std::chrono::seconds(5));
  ~SyncWorker();  // stops after the pass in progress
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  void poke();  // something was committed: try to send now (unless backing off)
  PassReport last_pass() const;
  std::size_t passes() const;

 private:
  void loop();
  std::string db_path_;
  PusherConfig config_;
  std::chrono::milliseconds idle_check_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool poked_ = false, stopping_ = false;
  PassReport last_;
  std::size_t passes_ = 0;
  std::thread thread_;
};

}  // namespace lobby
