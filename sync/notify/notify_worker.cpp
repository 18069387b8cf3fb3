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
      local_clock_(local_clock), idle_check_(idle_check), loop_([this] { return pass(); }, {idle_check, gather}) {}

NotifyReport NotifyWorker::pass() {
  NotifyReport r;
  try {
    if (!store_) {
      store_ = std::make_unique<Store>(db_path_);
      notifier_ = std::make_unique<Notifier>(*store_, settings_, words_);
    }
    r = notifier_->pass(notify_clock_ms(), local_clock_());
  } catch (const StoreError& e) {
    // Locked or damaged for now: keep the thread, look again later.
    r.error = e.what();
    r.retry_in_ms = idle_check_.count();
    notifier_.reset();
    store_.reset();
  }
  // A stopped channel says so once, not every few seconds.
  if (!(r.stopped && r.error == last_error_ && !r.messages && !r.expired)) log_notify_pass(r);
  last_error_ = r.error;
  return r;
}

}  // namespace lobby
