#include "sync/hq/server.h"

#include "kiosk/common/db.h"
#include "kiosk/common/log_line.h"

#include <httplib.h>

#include <array>
#include <chrono>
#include <mutex>
#include <sstream>
#include <unordered_map>

namespace lobby {

// Prometheus counters and a request-latency histogram for POST /v1/checkins.
struct HqServer::Metrics {
  std::atomic<std::uint64_t> received{0}, stored{0}, duplicate{0}, conflict{0}, invalid{0};
  std::atomic<std::uint64_t> rejected_batches{0}, overloaded{0}, store_failed{0}, disk_full{0};
  static constexpr std::array<double, 10> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5};
  std::mutex m;
  std::array<std::uint64_t, kBuckets.size()> bucket{};
  std::uint64_t count = 0;
  double sum = 0;

  void observe(double seconds) {
    std::lock_guard lock(m);
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      if (seconds <= kBuckets[i]) ++bucket[i];
    ++count;
    sum += seconds;
  }
  std::string text() {
    std::ostringstream o;
    auto counter = [&](const char* name, const char* help, std::uint64_t v) {
      o << "# HELP " << name << " " << help << "\n# TYPE " << name << " counter\n" << name << " " << v << "\n";
    };
    counter("hq_items_received_total", "Items received in check-in batches.", received);
    counter("hq_items_stored_total", "Items stored for the first time.", stored);
    counter("hq_items_duplicate_total", "Items already stored with the same content (re-sends absorbed).", duplicate);
    counter("hq_items_conflict_total", "Items whose uuid was stored earlier with other content.", conflict);
    counter("hq_items_invalid_total", "Items refused as invalid.", invalid);
    counter("hq_batches_rejected_total", "Batches refused whole with a 4xx.", rejected_batches);
    counter("hq_overloaded_total", "Requests answered 503 because the server was busy.", overloaded);
    counter("hq_store_failed_total", "Batches answered 503 because the database could not store them.", store_failed);
    counter("hq_disk_full_total", "Batches answered 503 because the database's disk is full.", disk_full);
    std::lock_guard lock(m);
    o << "# HELP hq_request_duration_seconds Time to answer POST /v1/checkins.\n"
      << "# TYPE hq_request_duration_seconds histogram\n";
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      o << "hq_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << bucket[i] << "\n";
    o << "hq_request_duration_seconds_bucket{le=\"+Inf\"} " << count << "\n"
      << "hq_request_duration_seconds_sum " << sum << "\n"
      << "hq_request_duration_seconds_count " << count << "\n";
    return o.str();
  }
};

namespace {
void answer_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(nlohmann::json{{"error", message}}.dump(), "application/json");
}

// Every refusal is in the log, with who asked, so that an operator sees a kiosk with a revoked
// token or a client sending too much without reading the kiosks' own logs.
void log_refusal(const httplib::Request& req, int status, std::string_view why, std::string_view kiosk = {}) {
  std::vector<LogField> fields{{"status", status}, {"from", req.remote_addr}, {"why", why}};
  if (!kiosk.empty()) fields.emplace_back("kiosk", kiosk);
  log_event(status >= 500 ? LogLevel::error : LogLevel::warn, "request_refused", fields);
}

bool is_json(const std::string& content_type) {
  const std::string_view type = std::string_view(content_type).substr(0, content_type.find(';'));
  return type == "application/json";
}
}  // namespace

HqServer::HqServer(HqStorage& storage, HqConfig config)
    : storage_(storage), config_(std::move(config)), http_(std::make_unique<httplib::Server>()),
      metrics_(std::make_unique<Metrics>()) {
  httplib::Server& s = *http_;
  // Without TCP_NODELAY small acknowledgements wait for the delayed-ACK timer.
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(10000);
  // Kiosks send back to back within a pass and then pause; an idle connection also holds a
  // thread and delays shutdown by this long, so keep it short.
  s.set_keep_alive_timeout(2);
  // A client that sends its request slowly holds a thread; do not let it for long.
  s.set_read_timeout(5);
  s.set_write_timeout(10);
  s.set_payload_max_length(config_.limits.max_body_bytes);
  // Connections waiting for a thread are counted, so that when they pile up the server
  // sheds load with 503 + Retry-After instead of letting every kiosk's request time out.
  struct CountingPool : httplib::ThreadPool {
    std::atomic<int>& queued;
    CountingPool(std::size_t n, std::atomic<int>& q) : httplib::ThreadPool(n), queued(q) {}
    void enqueue(std::function<void()> fn) override {
      ++queued;
      httplib::ThreadPool::enqueue([this, fn = std::move(fn)] {
        --queued;
        fn();
      });
    }
  };
  const auto threads = static_cast<std::size_t>(config_.threads);
  s.new_task_queue = [this, threads] { return new CountingPool(threads, queued_); };

  s.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
  s.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics_->text(), "text/plain; version=0.0.4");
  });
  s.Post("/v1/checkins", [this](const httplib::Request& req, httplib::Response& res) {
    const auto t0 = std::chrono::steady_clock::now();
    struct Observe {
      Metrics& m;
      std::chrono::steady_clock::time_point t0;
      ~Observe() { m.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()); }
    } observe{*metrics_, t0};

    const std::string auth = req.get_header_value("Authorization");
    auto refuse = [&](int status, const std::string& message, std::string_view kiosk = {}) {
      ++metrics_->rejected_batches;
      log_refusal(req, status, message, kiosk);
      answer_error(res, status, message);
    };
    if (auth.rfind("Bearer ", 0) != 0) return refuse(401, "missing bearer token: send Authorization: Bearer <token>");
    const auto kiosk = storage_.kiosk_for_token_hash(payload_hash(auth.substr(7)));
    if (!kiosk) return refuse(401, "unknown token: ask HQ for a token with `kiosk-hq token add`");
    if (!is_json(req.get_header_value("Content-Type")))
      return refuse(415, "the body must be sent as Content-Type: application/json", *kiosk);
    ParsedBatch batch;
    if (auto err = parse_batch(req.body, config_.limits, batch)) return refuse(err->http_status, err->message, *kiosk);
    // Back-pressure: rather than queue without bound behind the database, ask to come back.
    struct Waiting {
      std::atomic<int>& n;
      int now;
      explicit Waiting(std::atomic<int>& c) : n(c), now(++c) {}
      ~Waiting() { --n; }
    } waiting{waiting_};
    if (waiting.now > config_.max_waiting || queued_.load() > config_.max_waiting) {
      ++metrics_->overloaded;
      log_refusal(req, 503, "busy", *kiosk);
      res.set_header("Retry-After", "1");
      return answer_error(res, 503, "HQ is busy: retry after 1 second");
    }
    std::vector<ItemResult> stored;
    try {
      stored = storage_.ingest(*kiosk, batch.items);
    } catch (const std::exception& e) {
      // The cause, with the database's path, is for HQ's log; the kiosk only needs to retry.
      const auto* store_error = dynamic_cast<const StoreError*>(&e);
      const bool full = store_error && store_error->kind == StoreError::Kind::disk_full;
      ++metrics_->store_failed;
      if (full) ++metrics_->disk_full;
      log_event(LogLevel::error, "batch_not_stored",
                {{"kiosk", *kiosk}, {"items", batch.items.size()}, {"disk_full", full}, {"cause", e.what()}});
      res.set_header("Retry-After", "5");
      return answer_error(res, 503, full ? "HQ's disk is full: nothing was stored, retry later"
                                         : "HQ could not store the batch: nothing was stored, retry later");
    }
    // Results in the batch's order: valid items in sequence, invalid ones at their positions.
    std::vector<ItemResult> results;
    results.reserve(batch.count);
    auto next_valid = stored.begin();
    auto next_invalid = batch.invalid.begin();
    for (std::size_t i = 0; i < batch.count; ++i) {
      if (next_invalid != batch.invalid.end() && next_invalid->first == i) results.push_back((next_invalid++)->second);
      else results.push_back(*next_valid++);
    }
    metrics_->received += batch.count;
    metrics_->invalid += batch.invalid.size();
    for (const ItemResult& r : stored) {
      if (r.status == ItemStatus::stored) ++metrics_->stored;
      if (r.status == ItemStatus::duplicate) ++metrics_->duplicate;
      if (r.status == ItemStatus::conflict) ++metrics_->conflict;
    }
    res.set_content(results_json(results), "application/json");
  });
  // httplib answers some errors itself (a body over the limit: 413) with an empty body;
  // every refusal should say what was wrong.
  s.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      ++metrics_->rejected_batches;
      log_refusal(req, 413, "body over the limit");
      answer_error(res, 413, "the body is larger than " + std::to_string(config_.limits.max_body_bytes) +
                                 " bytes: send fewer items per request");
    } else if (res.status == 404) {
      answer_error(res, 404, "no such path: the API is POST /v1/checkins, GET /healthz, GET /metrics");
    } else {
      answer_error(res, res.status, "request refused");
    }
  });
  // A handler that throws must not take the server down; the sender may retry.
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    answer_error(res, 500, "HQ failed to handle the request");
  });
}

HqServer::~HqServer() = default;

bool HqServer::bind(std::string& error) {
  port_ = config_.port == 0 ? http_->bind_to_any_port(config_.host) : config_.port;
  if (config_.port != 0 && !http_->bind_to_port(config_.host, config_.port)) port_ = -1;
  if (port_ <= 0) {
    error = "cannot listen on " + config_.host + ":" + std::to_string(config_.port) +
            ": the port is in use or the address is not on this machine";
    return false;
  }
  return true;
}

void HqServer::run() { http_->listen_after_bind(); }
void HqServer::stop() { http_->stop(); }

}  // namespace lobby
