#include "sync/notify/notifier.h"

#include "kiosk/core/local_time.h"
#include "sync/notify/rate_limit.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <map>

namespace lobby {

namespace {

// A message stays under WeCom's 2048-byte text limit, the strictest of the robots.
constexpr std::size_t kMaxText = 1800;
constexpr std::size_t kMaxPerMessage = 10;

std::size_t on_body(char* p, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, size * n);
  return size * n;
}

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

}  // namespace

Staff staff_contacts(const Store& store) {
  Staff staff;
  for (const ManagerProfile& p : store.managers()) staff[p.id].name = p.display_name.empty() ? p.id : p.display_name;
  for (const auto& [id, mobile] : store.manager_mobiles()) staff[id].mobile = mobile;
  return staff;
}

std::string clock_text(Time t) { return format_local_time(t).substr(11, 5); }

std::int64_t notify_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

RobotLink::RobotLink(NotifySettings settings) : settings_(std::move(settings)) {
  static CurlGlobal global;
  CURL* c = curl_easy_init();
  curl_ = c;
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, settings_.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, settings_.timeout_ms);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 10L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!settings_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, settings_.ca_file.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
}

RobotLink::~RobotLink() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

Notifier::Notifier(Store& store, NotifySettings settings, NoticeWords words)
    : store_(store), link_(std::move(settings)), words_(std::move(words)), jitter_(std::random_device{}()) {}

std::string Notifier::fingerprint() const {
  // A stop holds for these settings only: a corrected key or secret is tried at once.
  const NotifySettings& cfg = link_.settings();
  return hex_of(hmac_sha256("lobby-notify", std::string(name_of(cfg.channel)) + "\n" + cfg.url + "\n" +
                                               cfg.secret))
      .substr(0, 16);
}

RobotVerdict RobotLink::post(const RobotMessage& m, std::int64_t now_ms) {
  const RobotRequest req = robot_request(settings_, m, now_ms);
  CURL* c = static_cast<CURL*>(curl_);
  curl_slist* headers = nullptr;
  for (const std::string& h : req.headers) headers = curl_slist_append(headers, h.c_str());
  std::string body;
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(req.body.size()));
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  const CURLcode rc = curl_easy_perform(c);
  long status = 0;
  if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
  curl_slist_free_all(headers);
  return judge_reply(settings_.channel, status, body, rc == CURLE_OK ? "" : (*error ? error : curl_easy_strerror(rc)));
}

void Notifier::failed(NotifyState& st, const RobotVerdict& v, std::int64_t now_ms, Time now_local, NotifyReport& r) {
  const NotifySettings& cfg = link_.settings();
  ++st.failures;
  if (st.failing_since_ms == 0) {
    st.failing_since_ms = now_ms;
    st.failing_since = clock_text(now_local);
  }
  st.cause = v.cause;
  st.detail = v.detail;
  r.error = v.cause + ": " + v.detail;
  if (v.what == RobotVerdict::What::refused) {
    st.stopped = fingerprint();
    r.stopped = true;
    return;
  }
  std::int64_t wait = v.wait_ms;
  if (wait == 0) {
    const int shift = std::min(st.failures - 1, 20);
    wait = std::min(cfg.backoff_cap_ms, cfg.backoff_base_ms << shift);
    wait = wait / 2 + static_cast<std::int64_t>(jitter_() % static_cast<std::uint64_t>(wait / 2 + 1));
  }
  st.next_attempt_ms = now_ms + wait;
  r.retry_in_ms = wait;
}

NotifyReport Notifier::pass(std::int64_t now_ms, Time now_local) {
  NotifyReport r;
  const NotifySettings& cfg = link_.settings();
  NotifyState st = store_.notify_state();
  const std::string channel(name_of(cfg.channel));
  if (st.channel != channel || (!st.stopped.empty() && st.stopped != fingerprint())) {
    st = NotifyState{};  // another robot, or corrected settings: start afresh
    st.channel = channel;
    store_.set_notify_state(st);
  }
  const Staff staff = staff_contacts(store_);
  const auto limits = rate_limits(cfg.channel);
  std::vector<std::int64_t> recent = parse_recent(st.recent_sends);
  for (;;) {
    // Stale notices are expired even while the channel is stopped or backing off.
    std::vector<PendingNotice> pending = store_.pending_notices(200), fresh;
    std::vector<std::int64_t> stale;
    for (PendingNotice& n : pending)
      (n.voided || now_local - n.draft.t > cfg.fresh_minutes * 60 ? stale.push_back(n.seq)
                                                                  : fresh.push_back(std::move(n)));
    store_.settle_notices(stale, "expired", format_local_time(now_local));
    r.expired += stale.size();
    if (fresh.empty() && pending.size() == 200) continue;  // a long outage: expire the rest too
    if (fresh.empty()) break;
    if (!st.stopped.empty()) {
      r.stopped = true;
      r.error = st.cause + ": " + st.detail;
      break;
    }
    if (st.next_attempt_ms > now_ms) {
      r.retry_in_ms = st.next_attempt_ms - now_ms;
      break;
    }
    // Over the robot's limit: the notices wait, and merge into the next message.
    if (const std::int64_t at = next_send_ms(recent, limits, now_ms); at > now_ms) {
      r.retry_in_ms = at - now_ms;
      break;
    }
    std::vector<PendingNotice> batch;
    RobotMessage m;
    for (PendingNotice& n : fresh) {
      if (batch.size() == kMaxPerMessage) break;
      batch.push_back(n);
      RobotMessage bigger = compose_message(batch, staff, words_);
      if (bigger.text.size() > kMaxText && batch.size() > 1) {
        batch.pop_back();
        break;
      }
      m = std::move(bigger);
    }
    const RobotVerdict v = link_.post(m, now_ms);
    recent.push_back(now_ms);  // a refused or failed message still counts against the limit
    st.recent_sends = keep_recent(recent, limits, now_ms);
    if (v.what == RobotVerdict::What::sent) {
      std::vector<std::int64_t> seqs;
      for (const PendingNotice& n : batch) seqs.push_back(n.seq);
      store_.settle_notices(seqs, "sent", format_local_time(now_local));
      r.notices_sent += batch.size();
      ++r.messages;
      st.failures = 0;
      st.failing_since_ms = 0;
      st.failing_since.clear();
      st.cause.clear();
      st.detail.clear();
      st.next_attempt_ms = 0;
      store_.set_notify_state(st);
      now_ms = std::max(now_ms, notify_clock_ms());
      continue;
    }
    failed(st, v, now_ms, now_local, r);
    store_.set_notify_state(st);
    break;
  }
  r.pending = store_.notices_pending();
  return r;
}

}  // namespace lobby
