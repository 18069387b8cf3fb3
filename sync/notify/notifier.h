// The notice sender: takes pending notices from the store, oldest first, merges those that
// wait together into one message, posts it to the branch's group robot on one reused libcurl
// handle, and marks them sent only when the robot's answer says so. Stale notices expire
// unsent; failures back off (kept in the database); a robot that refuses our key or signature
// stops the channel until its settings change, and the failure is recorded for the console
// and the board to show.
#pragma once

#include "kiosk/store/store.h"
#include "sync/notify/notice_text.h"
#include "sync/notify/notify_settings.h"

#include <cstdint>
#include <random>
#include <string>

namespace lobby {

struct NotifyReport {
  std::size_t notices_sent = 0;
  std::size_t messages = 0;
  std::size_t expired = 0;
  std::int64_t pending = 0;   // left after the pass
  bool stopped = false;       // the robot refused the key or signature: no more tries
  std::string error;          // why the pass stopped early (for the log)
  std::int64_t retry_in_ms = 0;  // when the pass wants to run again (backoff or the rate limit); 0: when poked
};

// One robot's address with one reused libcurl handle, so the connection stays open.
class RobotLink {
 public:
  explicit RobotLink(NotifySettings settings);
  ~RobotLink();
  RobotLink(const RobotLink&) = delete;
  RobotLink& operator=(const RobotLink&) = delete;
  // Posts `m`, signed at wall clock `now_ms`, and judges the answer.
  RobotVerdict post(const RobotMessage& m, std::int64_t now_ms);
  const NotifySettings& settings() const { return settings_; }

 private:
  NotifySettings settings_;
  void* curl_;  // CURL*
};

class Notifier {
 public:
  Notifier(Store& store, NotifySettings settings, NoticeWords words);

  // Sends until nothing fresh is pending, the rate limit says wait, or a send fails. At wall
  // clock `now_ms` and branch local time `now_local`. Throws StoreError.
  NotifyReport pass(std::int64_t now_ms, Time now_local);

 private:
  void failed(NotifyState& st, const RobotVerdict& v, std::int64_t now_ms, Time now_local, NotifyReport& r);
  std::string fingerprint() const;

  Store& store_;
  RobotLink link_;
  NoticeWords words_;
  std::mt19937_64 jitter_;
};

std::int64_t notify_clock_ms();  // wall clock, ms since 1970 UTC
Staff staff_contacts(const Store& store);  // every manager's name and mobile. Throws StoreError.

// "10:32" for the branch local time `t`.
std::string clock_text(Time t);

}  // namespace lobby
