#include "sync/client/pusher.h"

#include "kiosk/core/local_time.h"
#include "sync/protocol/checkin_batch.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <deque>
#include <future>
#include <unordered_map>

namespace lobby {

struct Pusher::Response {
  long code = 0;
  std::string body;
  std::string retry_after;
  std::string curl_error;
};

namespace {
std::size_t on_body(char* p, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, size * n);
  return size * n;
}
std::size_t on_header(char* p, std::size_t size, std::size_t n, void* out) {
  std::string line(p, size * n);
  if (line.size() > 12 && strncasecmp(line.c_str(), "retry-after:", 12) == 0) {
    std::string v = line.substr(12);
    v.erase(0, v.find_first_not_of(" \t"));
    v.erase(v.find_last_not_of(" \t\r\n") + 1);
    *static_cast<std::string*>(out) = v;
  }
  return size * n;
}
struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};
std::string utc_iso(std::int64_t ms) { return format_local_time(ms / 1000) + "Z"; }
// The branch's local time of `ms`, as people at the kiosk read it (the machine's zone is the branch's).
std::string local_iso(std::int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm local{};
  localtime_r(&t, &local);
  return format_local_time(static_cast<Time>(t) + local.tm_gmtoff);
}

// What HQ's answers mean for the items a request carried: stored and duplicate are delivered,
// conflict and invalid will never be taken. Answers about anything else are ignored.
std::vector<SentItemFate> fates_of(const std::vector<OutboxItem>& sent, const std::vector<ItemResult>& answers,
                                   PassReport& report) {
  std::unordered_map<std::string_view, std::int64_t> seq_of;
  for (const OutboxItem& i : sent) seq_of.emplace(i.uuid, i.seq);
  std::vector<SentItemFate> fates;
  for (const ItemResult& a : answers) {
    const auto it = seq_of.find(a.uuid);
    if (it == seq_of.end()) continue;
    const bool refused = a.status == ItemStatus::conflict || a.status == ItemStatus::invalid;
    fates.push_back({it->second, refused ? std::string(name_of(a.status)) : "", a.reason});
    seq_of.erase(it);  // one answer per item
    ++(refused ? report.quarantined : report.sent);
    if (a.status == ItemStatus::duplicate) ++report.duplicates;
  }
  return fates;
}
}  // namespace

std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t parse_retry_after_ms(const std::string& v, std::int64_t now_ms) {
  if (v.empty()) return -1;
  if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return v.size() > 9 ? -1 : std::stoll(v) * 1000;
  const time_t at = curl_getdate(v.c_str(), nullptr);
  if (at < 0) return -1;
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(at) * 1000 - now_ms);
}

Pusher::Pusher(Store& store, PusherConfig config)
    : store_(store), config_(std::move(config)), jitter_(std::random_device{}()) {
  static CurlGlobal global;
  curl_slist* h = nullptr;
  h = curl_slist_append(h, "Content-Type: application/json");
  h = curl_slist_append(h, ("Authorization: Bearer " + config_.token).c_str());
  h = curl_slist_append(h, "Expect:");  // no 100-continue round trip
  headers_ = h;
  const std::string url = config_.hq_url + (config_.hq_url.ends_with('/') ? "" : "/") + "v1/checkins";
  for (void*& handle : curl_) {
    CURL* c = curl_easy_init();
    handle = c;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, config_.connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, config_.timeout_ms);
    // A connection that stalls below 1 byte/s for 10 s is dead even if the total timeout is long.
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 10L);
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!config_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, config_.ca_file.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  }
}

Pusher::~Pusher() {
  for (void* c : curl_) curl_easy_cleanup(static_cast<CURL*>(c));
  curl_slist_free_all(static_cast<curl_slist*>(headers_));
}

bool Pusher::post(int slot, const std::string& body, Response& r) {
  CURL* c = static_cast<CURL*>(curl_[slot]);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.retry_after);
  const CURLcode rc = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.code);
  if (rc != CURLE_OK) {
    r.curl_error = curl_easy_strerror(rc);
    return false;
  }
  return r.code != 0;
}

void Pusher::succeeded(const SyncState& before, std::int64_t now_ms) {
  SyncState ok;
  ok.last_success = now_ms ? local_iso(now_ms) : before.last_success;
  store_.set_sync_state(ok);
}

void Pusher::fail(PassReport& report, std::int64_t now_ms, const std::string& cause, const std::string& why,
                  std::int64_t retry_after_ms) {
  SyncState st = store_.sync_state();
  ++st.failures;
  if (st.failing_since.empty()) st.failing_since = local_iso(now_ms);
  st.cause = cause;
  // HQ's Retry-After is honoured, but never beyond our own cap: a wrong header must not
  // silence a kiosk for years.
  std::int64_t wait = std::min(retry_after_ms, config_.backoff_cap_ms);
  if (wait < 0) {
    // Exponential backoff with "equal jitter": half fixed, half random, capped.
    const int doublings = std::min(st.failures - 1, 30);
    const std::int64_t ceiling = std::min(config_.backoff_cap_ms, config_.backoff_base_ms << doublings);
    wait = ceiling / 2 + static_cast<std::int64_t>(jitter_() % static_cast<std::uint64_t>(ceiling / 2 + 1));
  }
  st.next_attempt_ms = now_ms + wait;
  st.last_error = why;
  store_.set_sync_state(st);
  report.error = why;
  report.retry_in_ms = wait;
}

// With nothing to send: every heartbeat, and at once when the quarantine count HQ was told in
// this process is no longer true (an answer of the pass just ended quarantined items).
bool Pusher::heartbeat_due(std::int64_t now_ms, const KioskStatus& now) const {
  if (told_quarantined_ >= 0 && now.quarantined != told_quarantined_) return true;
  return config_.heartbeat_ms > 0 && (heard_ms_ < 0 || now_ms - heard_ms_ >= config_.heartbeat_ms);
}

PassReport Pusher::pass(std::int64_t now_ms) {
  PassReport report;
  const SyncState st = store_.sync_state();
  if (st.next_attempt_ms > now_ms) {
    report.backing_off = true;
    report.retry_in_ms = st.next_attempt_ms - now_ms;
    report.error = st.last_error;
    return report;
  }
  struct Flight {
    std::vector<OutboxItem> items;
    KioskStatus status;
    std::string body;
    Response r;
    int slot = 0;
    std::future<bool> reached;
  };
  std::deque<Flight> flights;  // answered in the order sent; a deque keeps their addresses
  std::size_t batch = config_.batch;
  std::int64_t cursor = 0;     // the newest item handed out in this sweep over the outbox
  bool progress = false;       // this sweep got something acknowledged (or learnt to send less)
  bool recovered = false;
  std::string failure, cause;
  std::int64_t retry_after = -1;
  // The outbox's size is counted once (a backlog may be large) and then followed by what settles.
  const std::int64_t outbox_at_start = store_.outbox_pending();
  for (;;) {
    // Keep two batches in flight; after the first failure send nothing more.
    while (failure.empty() && flights.size() < static_cast<std::size_t>(std::clamp(config_.in_flight, 1, 2))) {
      std::vector<OutboxItem> items = store_.outbox_batch(batch, cursor);
      const std::int64_t settled = static_cast<std::int64_t>(report.sent + report.quarantined);
      const KioskStatus status{store_.quarantined(),
                               std::max(outbox_at_start - settled, static_cast<std::int64_t>(items.size()))};
      if (items.empty() && !(flights.empty() && heartbeat_due(now_ms, status))) break;
      if (items.empty()) report.heartbeat = true;
      else cursor = items.back().seq;
      Flight& f = flights.emplace_back();
      f.items = std::move(items);
      f.status = status;
      std::vector<std::string_view> payloads;
      payloads.reserve(f.items.size());
      for (const OutboxItem& i : f.items) payloads.push_back(i.payload);
      f.body = batch_json(payloads, f.status);
      f.slot = flights.size() == 1 ? 0 : 1 - flights.front().slot;
      f.reached = std::async(std::launch::async, [this, &f] { return post(f.slot, f.body, f.r); });
    }
    if (flights.empty()) {
      if (!failure.empty()) {
        fail(report, now_ms, cause, failure, retry_after);
        return report;
      }
      if (store_.outbox_batch(1).empty()) {
        report.outbox_empty = true;
        if (!recovered && (st.failures != 0 || !st.last_error.empty())) succeeded(st, 0);
        return report;
      }
      // Items HQ left unanswered are still in the outbox: sweep again from the oldest.
      if (!progress) {
        fail(report, now_ms, "unanswered", "HQ acknowledged none of the items sent", -1);
        return report;
      }
      cursor = 0;
      progress = false;
      continue;
    }
    Flight& f = flights.front();
    const bool reached = f.reached.get();
    const Response& r = f.r;
    if (!reached) {
      if (failure.empty())
        failure = "cannot reach HQ: " + (r.curl_error.empty() ? "no HTTP answer" : r.curl_error), cause = "network";
    } else if (r.code == 413 && batch > 1) {
      batch = std::max<std::size_t>(1, batch / 2);  // HQ's limit is lower than ours: send less
      progress = true;
    } else if (r.code != 200) {
      if (failure.empty()) {
        failure = "HQ answered HTTP " + std::to_string(r.code) + ": " + r.body.substr(0, 200);
        cause = r.code == 401 || r.code == 403 ? "token" : r.code == 429 || r.code == 503 ? "busy" : "http";
        if (r.code == 429 || r.code == 503) retry_after = parse_retry_after_ms(r.retry_after, now_ms);
      }
    } else if (auto results = parse_results(r.body); !results) {
      if (failure.empty()) failure = "HQ's answer was not a results document: " + r.body.substr(0, 80), cause = "reply";
    } else {
      heard_ms_ = now_ms, told_quarantined_ = f.status.quarantined;
      const std::vector<SentItemFate> fates = fates_of(f.items, *results, report);
      if (!fates.empty()) store_.settle_outbox(fates, utc_iso(now_ms));  // a heartbeat writes nothing
      if (!fates.empty()) {
        progress = true;
        // HQ is answering: earlier failures no longer say anything about the next try. Once a
        // pass is enough to say when HQ last took something.
        if (!recovered) succeeded(st, now_ms);
        recovered = true;
      }
    }
    flights.pop_front();
  }
}

}  // namespace lobby
