// HqServer's Prometheus counters and the request-latency histogram of POST /v1/checkins,
// as GET /metrics shows them.
#pragma once

#include "sync/hq/server.h"

#include <array>
#include <cstdint>
#include <mutex>
#include <sstream>

namespace lobby {

struct HqServer::Metrics {
  std::atomic<std::uint64_t> received{0}, stored{0}, duplicate{0}, conflict{0}, invalid{0};
  std::atomic<std::uint64_t> rejected_batches{0}, overloaded{0}, store_failed{0}, disk_full{0};
  std::atomic<std::uint64_t> refused{0}, timed_out{0}, too_large{0}, over_connection_cap{0};
  std::atomic<std::uint64_t> reads{0}, tables_behind{0};
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
  std::string text(int open_connections) {
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
    counter("hq_requests_refused_total", "Requests refused for any cause (each is also a log line).", refused);
    counter("hq_requests_timed_out_total", "Connections closed because a request did not arrive in time.", timed_out);
    counter("hq_bodies_too_large_total", "Requests refused because the body passed the limit.", too_large);
    counter("hq_connections_over_cap_total", "Requests answered 503 because too many connections were open.",
            over_connection_cap);
    counter("hq_reads_total", "Read API requests answered 200 (refused ones are in hq_requests_refused_total).", reads);
    counter("hq_reads_before_tables_caught_up_total",
            "Reads answered while the branch tables were still being written after 3 s (a backlog).", tables_behind);
    o << "# HELP hq_open_connections Connections open now.\n# TYPE hq_open_connections gauge\n"
      << "hq_open_connections " << open_connections << "\n";
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

}  // namespace lobby
