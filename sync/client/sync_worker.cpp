#include "sync/client/sync_worker.h"

#include "kiosk/common/log_line.h"

namespace lobby {

namespace {

// One structured line per pass that did something or failed, for journald; quiet otherwise.
void log_pass(const PassReport& r) {
  if (!r.error.empty() && !r.backing_off)
    log_event(LogLevel::warn, "sync_failed", {{"cause", r.error}, {"retry_in_ms", r.retry_in_ms}});
  if (r.sent || r.quarantined)
    log_event(LogLevel::info, "sync_sent",
              {{"items", r.sent}, {"duplicates", r.duplicates}, {"quarantined", r.quarantined}});
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
