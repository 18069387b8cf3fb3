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
      thread_([this] { loop(); }) {}

SyncWorker::~SyncWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SyncWorker::poke() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  wake_.notify_all();
}

PassReport SyncWorker::last_pass() const {
  std::lock_guard lock(mutex_);
  return last_;
}

std::size_t SyncWorker::passes() const {
  std::lock_guard lock(mutex_);
  return passes_;
}

void SyncWorker::loop() {
  std::unique_ptr<Store> store;
  std::unique_ptr<Pusher> pusher;
  for (;;) {
    PassReport r;
    try {
      if (!store) {
        store = std::make_unique<Store>(db_path_);
        pusher = std::make_unique<Pusher>(*store, config_);
      }
      r = pusher->pass(wall_clock_ms());
    } catch (const StoreError& e) {
      // The database is locked or damaged for now: keep the thread, try again later.
      r.error = e.what();
      r.retry_in_ms = idle_check_.count();
      pusher.reset();
      store.reset();
    }
    log_pass(r);
    std::unique_lock lock(mutex_);
    last_ = r;
    ++passes_;
    // Sleep until poked, until the backoff is over, or until the next look for others' items.
    const auto wait = r.retry_in_ms > 0 ? std::chrono::milliseconds(r.retry_in_ms) : idle_check_;
    const bool backing_off = r.retry_in_ms > 0;
    wake_.wait_for(lock, wait, [&] { return stopping_ || (poked_ && !backing_off); });
    if (stopping_) return;
    poked_ = false;
  }
}

}  // namespace lobby
