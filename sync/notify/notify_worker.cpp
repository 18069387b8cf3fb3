#include "sync/notify/notify_worker.h"

#include "kiosk/common/log_line.h"

namespace lobby {

void log_notify_pass(const NotifyReport& r) {
  if (!r.error.empty())
    log_event(r.stopped ? LogLevel::error : LogLevel::warn, "notify_failed",
              {{"cause", r.error}, {"stopped", r.stopped ? 1 : 0}, {"retry_in_ms", r.retry_in_ms}, {"pending", r.pending}});
  if (r.messages || r.expired)
    log_event(LogLevel::info, "notify_sent",
              {{"messages", r.messages}, {"notices", r.notices_sent}, {"expired", r.expired}, {"pending", r.pending}});
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
