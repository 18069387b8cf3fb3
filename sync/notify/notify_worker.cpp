#include "sync/notify/notify_worker.h"

#include <cstdio>

namespace lobby {

void log_notify_pass(const NotifyReport& r) {
  if (!r.error.empty()) {
    std::string cause = r.error;
    for (char& c : cause)
      if (c == '"') c = '\'';
    std::fprintf(stderr, "level=%s event=notify_failed cause=\"%s\" stopped=%d retry_in_ms=%lld pending=%lld\n",
                 r.stopped ? "error" : "warn", cause.c_str(), r.stopped ? 1 : 0, static_cast<long long>(r.retry_in_ms),
                 static_cast<long long>(r.pending));
  }
  if (r.messages || r.expired)
    std::fprintf(stderr, "level=info event=notify_sent messages=%zu notices=%zu expired=%zu pending=%lld\n", r.messages,
                 r.notices_sent, r.expired, static_cast<long long>(r.pending));
}

NotifyWorker::NotifyWorker(std::string db_path, NotifySettings settings, NoticeWords words, LocalClock local_clock,
                           std::chrono::milliseconds gather, std::chrono::milliseconds idle_check)
    : db_path_(std::move(db_path)), settings_(std::move(settings)), words_(std::move(words)),
      local_clock_(local_clock), gather_(gather), idle_check_(idle_check), thread_([this] { loop(); }) {}

NotifyWorker::~NotifyWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void NotifyWorker::poke() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  wake_.notify_all();
}

NotifyReport NotifyWorker::last_pass() const {
  std::lock_guard lock(mutex_);
  return last_;
}

void NotifyWorker::loop() {
  std::unique_ptr<Store> store;
  std::unique_ptr<Notifier> notifier;
  std::string last_error;
  for (;;) {
    NotifyReport r;
    try {
      if (!store) {
        store = std::make_unique<Store>(db_path_);
        notifier = std::make_unique<Notifier>(*store, settings_, words_);
      }
      r = notifier->pass(notify_clock_ms(), local_clock_());
    } catch (const StoreError& e) {
      // Locked or damaged for now: keep the thread, look again later.
      r.error = e.what();
      r.retry_in_ms = idle_check_.count();
      notifier.reset();
      store.reset();
    }
    // A stopped channel says so once, not every few seconds.
    if (!(r.stopped && r.error == last_error && !r.messages && !r.expired)) log_notify_pass(r);
    last_error = r.error;
    std::unique_lock lock(mutex_);
    last_ = r;
    const auto wait = r.retry_in_ms > 0 ? std::chrono::milliseconds(r.retry_in_ms) : idle_check_;
    const bool waiting = r.retry_in_ms > 0;
    wake_.wait_for(lock, wait, [&] { return stopping_ || (poked_ && !waiting); });
    if (stopping_) return;
    if (poked_) {
      poked_ = false;
      // Let the rest of a burst commit, so it goes as one message.
      wake_.wait_for(lock, gather_, [&] { return stopping_; });
      if (stopping_) return;
      poked_ = false;
    }
  }
}

}  // namespace lobby
