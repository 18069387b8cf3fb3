// `kiosk notify`: the managers' notices from the command line. --drain sends what is pending
// (merged and paced as the robot allows) and exits; --test sends one test message, for
// whoever installs the robot. The [notify] table is declared with the kiosk's other settings
// (kiosk_config.cpp).
#include "kiosk/app/commands.h"
#include "kiosk/core/local_time.h"
#include "sync/notify/notifier.h"

#include <chrono>
#include <cstdio>
#include <thread>

namespace lobby {

namespace {

Time local_now() { return now_local(); }

int drain(const NotifyOptions& o, const NoticeWords& words) {
  Store store(o.db, Store::Mode::existing);
  Notifier notifier(store, o.settings, words);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.deadline_s);
  NotifyReport total;
  for (;;) {
    const NotifyReport r = notifier.pass(notify_clock_ms(), local_now());
    total.notices_sent += r.notices_sent, total.messages += r.messages, total.expired += r.expired;
    auto summary = [&] {
      std::printf("sent %zu notice(s) in %zu message(s), expired %zu, still to send %lld\n", total.notices_sent,
                  total.messages, total.expired, static_cast<long long>(r.pending));
    };
    if (r.stopped) {
      summary();
      std::fprintf(stderr, "kiosk notify: the robot refused the %s (%s): correct [notify] in the settings file; "
                           "`kiosk notify --test` tries it\n",
                   r.error.starts_with("key") ? "key" : "signature", r.error.c_str());
      return 1;
    }
    if (r.pending == 0) return summary(), 0;
    if (!r.error.empty()) std::fprintf(stderr, "kiosk notify: %s; trying again in %lld ms\n", r.error.c_str(),
                                       static_cast<long long>(r.retry_in_ms));
    const auto wake = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max<std::int64_t>(r.retry_in_ms, 50));
    if (wake > deadline) {
      summary();
      std::fprintf(stderr, "kiosk notify: gave up after %d s; last error: %s\n", o.deadline_s,
                   r.error.empty() ? "none (the robot's rate limit)" : r.error.c_str());
      return 1;
    }
    std::this_thread::sleep_until(wake);
  }
}

}  // namespace

int run_notify(const NotifyOptions& o) {
  if (!o.settings.enabled()) {
    std::fprintf(stderr, "kiosk notify: no robot is set: give [notify] channel and url in the settings file "
                         "(assets/config/kiosk.toml shows them)\n");
    return 2;
  }
  NoticeWords words;
  words.language = o.settings.language;
  std::string error;
  if (!load_notice_words(o.assets, words, error)) {
    std::fprintf(stderr, "kiosk notify: %s\n", error.c_str());
    return 2;
  }
  if (o.test) {
    RobotLink link(o.settings);
    const RobotVerdict v = link.post(test_message(words), notify_clock_ms());
    if (v.what == RobotVerdict::What::sent) {
      std::printf("test message sent to the %s robot (%s)\n", std::string(name_of(o.settings.channel)).c_str(),
                  v.detail.c_str());
      return 0;
    }
    std::fprintf(stderr, "kiosk notify: the test message was not delivered: %s (%s)\n",
                 words.en["notify.cause." + v.cause].c_str(), v.detail.c_str());
    return 1;
  }
  try {
    return drain(o, words);
  } catch (const StoreError& e) {
    std::fprintf(stderr, "kiosk notify: %s\n", e.what());
    return 2;
  }
}

}  // namespace lobby
