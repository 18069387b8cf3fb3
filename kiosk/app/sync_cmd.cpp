// `kiosk sync`: push the outbox to HQ from the command line: one pass, or until empty.
#include "kiosk/app/commands.h"
#include "sync/client/pusher.h"

#include <chrono>
#include <cstdio>
#include <thread>

namespace lobby {

int run_sync(const SyncOptions& opt) {
  try {
    Store store(opt.db, Store::Mode::existing);
    PusherConfig config;
    config.hq_url = opt.hq;
    config.token = opt.token;
    config.ca_file = opt.ca_file;
    config.batch = opt.batch;
    config.in_flight = opt.in_flight;
    config.timeout_ms = opt.timeout_ms;
    config.connect_timeout_ms = std::min<long>(opt.timeout_ms, 5000);
    config.backoff_base_ms = opt.backoff_base_ms;
    config.backoff_cap_ms = std::max(opt.backoff_cap_ms, opt.backoff_base_ms);
    Pusher pusher(store, config);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(opt.deadline_s);
    PassReport total;
    for (int passes = 1;; ++passes) {
      const PassReport r = pusher.pass(wall_clock_ms());
      total.sent += r.sent;
      total.duplicates += r.duplicates;
      total.quarantined += r.quarantined;
      if (!r.error.empty() && !r.backing_off) std::fprintf(stderr, "kiosk sync: %s\n", r.error.c_str());
      if (r.outbox_empty || !opt.drain) {
        std::printf("sent %zu (of which %zu already at HQ), quarantined %zu, still to send %lld, passes %d\n",
                    total.sent, total.duplicates, total.quarantined,
                    static_cast<long long>(store.outbox_pending()), passes);
        if (r.backing_off)
          std::printf("backing off after an earlier failure (%s): next attempt in %lld ms\n", r.error.c_str(),
                      static_cast<long long>(r.retry_in_ms));
        if (total.quarantined || store.quarantined())
          std::fprintf(stderr, "kiosk sync: %lld item(s) in quarantine: HQ refused them; see the staff console\n",
                       static_cast<long long>(store.quarantined()));
        return r.outbox_empty || (!opt.drain && r.error.empty()) ? 0 : 1;
      }
      const auto wake = std::chrono::steady_clock::now() + std::chrono::milliseconds(r.retry_in_ms);
      if (wake > deadline) {
        std::fprintf(stderr, "kiosk sync: gave up after %d s with %lld item(s) still to send; last error: %s\n",
                     opt.deadline_s, static_cast<long long>(store.outbox_pending()), r.error.c_str());
        return 1;
      }
      std::this_thread::sleep_until(wake);
    }
  } catch (const StoreError& e) {
    std::fprintf(stderr, "kiosk sync: %s\n", e.what());
    return 2;
  }
}

}  // namespace lobby
