// The pusher on a background thread, as `kiosk run` uses it: it sends whenever a check-in
// is committed (poke), retries on its backoff, and looks again now and then in case
// another process (a `kiosk replay --db`, the staff console) added to the outbox. It has
// its own database connection, so the screens never wait for the network.
#pragma once

#include "kiosk/common/pass_loop.h"
#include "sync/client/pusher.h"

#include <chrono>
#include <memory>
#include <string>

namespace lobby {

class SyncWorker {
 public:
  SyncWorker(std::string db_path, PusherConfig config,
             std::chrono::milliseconds idle_check = std::chrono::seconds(5));
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  void poke() { loop_.poke(); }  // something was committed: try to send now (unless backing off)
  PassReport last_pass() const { return loop_.last(); }
  std::size_t passes() const { return loop_.passes(); }

 private:
  PassReport pass();  // on the loop's thread
  std::string db_path_;
  PusherConfig config_;
  std::chrono::milliseconds idle_check_;
  std::unique_ptr<Store> store_;  // opened on the first pass, again after a database error
  std::unique_ptr<Pusher> pusher_;
  PassLoop<PassReport> loop_;  // last: stopped before what its passes use goes
};

}  // namespace lobby
