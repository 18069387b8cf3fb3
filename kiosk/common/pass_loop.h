// A sender's background thread, as the kiosk runs its outbox pusher and its notice sender: one
// pass at a time, at once when poked, again when the wait a pass asked for (a backoff) is over,
// and otherwise every `idle_check`, in case another program added work. Pokes during a backoff
// wait for its end. With `gather`, a poke waits that long first, so a burst goes as one pass.
// Each sender has its own thread and database connection, so a check-in never waits for the
// network. The destructor stops after the pass in progress.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>

namespace lobby {

// Report: what a pass did; its `retry_in_ms` > 0 asks for that wait before the next pass.
template <class Report>
class PassLoop {
 public:
  struct Timing {
    std::chrono::milliseconds idle_check;
    std::chrono::milliseconds gather{0};
  };
  // `pass` runs on the loop's thread only.
  PassLoop(std::function<Report()> pass, Timing timing)
      : pass_(std::move(pass)), timing_(timing), thread_([this] { loop(); }) {}
  ~PassLoop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  PassLoop(const PassLoop&) = delete;
  PassLoop& operator=(const PassLoop&) = delete;

  void poke() {
    {
      std::lock_guard lock(mutex_);
      poked_ = true;
    }
    wake_.notify_all();
  }
  Report last() const {
    std::lock_guard lock(mutex_);
    return last_;
  }
  std::size_t passes() const {
    std::lock_guard lock(mutex_);
    return passes_;
  }

 private:
  void loop() {
    for (;;) {
      Report r = pass_();
      std::unique_lock lock(mutex_);
      last_ = r;
      ++passes_;
      const bool backing_off = r.retry_in_ms > 0;
      const auto wait = backing_off ? std::chrono::milliseconds(r.retry_in_ms) : timing_.idle_check;
      wake_.wait_for(lock, wait, [&] { return stopping_ || (poked_ && !backing_off); });
      if (stopping_) return;
      if (poked_ && timing_.gather.count() > 0) {
        wake_.wait_for(lock, timing_.gather, [&] { return stopping_; });
        if (stopping_) return;
      }
      poked_ = false;
    }
  }

  std::function<Report()> pass_;
  Timing timing_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool poked_ = false, stopping_ = false;
  Report last_{};
  std::size_t passes_ = 0;
  std::thread thread_;  // last: it starts once everything it uses is there
};

}  // namespace lobby
