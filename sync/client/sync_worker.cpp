#include "sync/client/sync_worker.h"

#include <algorithm>
#include <cstdio>

namespace lobby {

namespace {

// One structured line per pass that did something or failed, for journald; quiet otherwise.
void log_pass(const PassReport& r) {
  if (!r.error.empty() && !r.backing_off) {
    std::string cause = r.error;
    for (char& c : cause)
      if (c == '"') c = '\'';
    std::fprintf(stderr, "level=warn event=sync_failed cause=\"%s\" retry_in_ms=%lld\n", cause.c_str(),
                 static_cast<long long>(r.retry_in_ms));
  }
  if (r.sent || r.quarantined)
    std::fprintf(stderr, "level=info event=sync_sent items=%zu duplicates=%zu quarantined=%zu\n", r.sent,
                 r.duplicates, r.quarantined);
}

}  // namespace

SyncWorker::SyncWorker(std::string db_path, PusherConfig config, std::chrono::milliseconds idle_check)
    : db_path_(std::move(db_path)), config_(std::move(config)), idle_check_(idle_check),
      loop_([this] { return pass(); }, {idle_check}) {}

PassReport SyncWorker::pass() {
  PassReport r;
  try {
    if (!store_) {
      store_ = std::make_unique<Store>(db_path_);
      pusher_ = std::make_unique<Pusher>(*store_, config_);
    }
    r = pusher_->pass(wall_clock_ms());
  } catch (const StoreError& e) {
    // The database is locked or damaged for now: keep the thread, try again later.
    r.error = e.what();
    r.retry_in_ms = idle_check_.count();
    pusher_.reset();
    store_.reset();
  }
  log_pass(r);
  return r;
}

}  // namespace lobby
