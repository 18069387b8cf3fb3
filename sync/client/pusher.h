// The outbox pusher: sends what the kiosk has stored to HQ, oldest first, in batches, two
// in flight (HQ checks one while it stores the other), each on its own reused libcurl handle. HQ answers per item; only stored/duplicate answers take an
// item out of the outbox, so a lost reply means a re-send, which HQ absorbs as a duplicate.
// Every batch says how many items the kiosk holds in quarantine; with nothing to send, an
// empty batch goes every heartbeat, so HQ can tell a quiet branch from one that is gone, and
// once more when that count changed after HQ was last told it.
// Failures back off exponentially with jitter (or as HQ's Retry-After says), and the
// backoff lives in the database so a restart does not hammer HQ.
#pragma once

#include "kiosk/store/store.h"
#include "sync/protocol/checkin_batch.h"

#include <cstdint>
#include <random>
#include <string>

namespace lobby {

struct PusherConfig {
  std::string hq_url;   // e.g. https://hq.example.com (the path /v1/checkins is added)
  std::string token;
  std::string ca_file;  // extra CA bundle; certificate verification is always on
  std::size_t batch = 500;
  int in_flight = 2;  // batches sent before the first is answered: 1 or 2 (one connection each)
  long connect_timeout_ms = 5000;
  long timeout_ms = 20000;
  std::int64_t backoff_base_ms = 1000;
  std::int64_t backoff_cap_ms = 300000;
  std::int64_t heartbeat_ms = 0;  // with an empty outbox, HQ hears from the kiosk this often; 0: never
};

struct PassReport {
  std::size_t sent = 0;         // acknowledged as stored or duplicate
  std::size_t duplicates = 0;   // of those, already at HQ
  std::size_t quarantined = 0;  // refused for good: conflict or invalid
  bool outbox_empty = false;
  bool backing_off = false;     // the pass did not try: an earlier failure's wait is not over
  bool heartbeat = false;       // an empty batch went, with the kiosk's status only
  std::string error;            // why the pass stopped early
  std::int64_t retry_in_ms = 0;
};

class Pusher {
 public:
  Pusher(Store& store, PusherConfig config);
  ~Pusher();
  Pusher(const Pusher&) = delete;
  Pusher& operator=(const Pusher&) = delete;

  // Sends batches until the outbox is empty or something fails. `now_ms`: wall clock.
  PassReport pass(std::int64_t now_ms);

 private:
  struct Response;
  bool post(int slot, const std::string& body, Response& r);
  // `cause` is the failure's kind for the console (SyncState::cause), `why` its words for the log.
  void fail(PassReport& report, std::int64_t now_ms, const std::string& cause, const std::string& why,
            std::int64_t retry_after_ms);
  void succeeded(const SyncState& before, std::int64_t now_ms);
  bool heartbeat_due(std::int64_t now_ms, const KioskStatus& now) const;

  Store& store_;
  PusherConfig config_;
  void* curl_[2];        // CURL*, one per batch in flight, reused so connections stay open
  void* headers_;        // curl_slist*
  std::mt19937_64 jitter_;
  // What HQ last heard, in this process: when, and the quarantine count it was told.
  std::int64_t heard_ms_ = -1;  // -1: not yet
  std::int64_t told_quarantined_ = -1;
};

std::int64_t wall_clock_ms();
// Retry-After as seconds or as an HTTP date; -1 when absent or unreadable.
std::int64_t parse_retry_after_ms(const std::string& value, std::int64_t now_ms);

}  // namespace lobby
