// sync_bench: how fast a backlog reaches HQ, how fast HQ stores, and how HQ answers when
// several kiosks send at once. Everything runs on 127.0.0.1 in this process, with real
// SQLite files, real HTTP and real libcurl. Prints medians and percentiles; never pass/fail.
// `sync_bench items …` and `sync_bench ingest …` measure a separate HQ instead (hq_ingest.cpp), and
// `sync_bench history …` and `sync_bench reads …` its read API (hq_reads.cpp).
#include "kiosk/core/simulate.h"
#include "kiosk/store/reception.h"
#include "kiosk/store/simulated_checkins.h"
#include "sync/client/pusher.h"
#include "sync/hq/server.h"

#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

using namespace lobby;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct RunningHq {
  std::unique_ptr<HqStorage> storage;
  std::unique_ptr<HqServer> server;
  std::thread thread;
  RunningHq(const std::string& db, std::string& token) {
    storage = open_sqlite_storage(db);
    token = "bench-token";
    storage->add_token("bench", payload_hash(token));
    HqConfig config;
    config.port = 0;
    server = std::make_unique<HqServer>(*storage, config);
    std::string error;
    if (!server->bind(error)) throw std::runtime_error(error);
    thread = std::thread([this] { server->run(); });
  }
  ~RunningHq() {
    server->stop();
    thread.join();
  }
};

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

namespace lobby {
int hq_ingest_main(int argc, char** argv);
int hq_reads_main(int argc, char** argv);
}

int main(int argc, char** argv) {
  try {
    if (const int status = hq_ingest_main(argc, argv); status >= 0) return status;
    if (const int status = hq_reads_main(argc, argv); status >= 0) return status;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sync_bench: %s\n", e.what());
    return 2;
  }
  const std::size_t backlog = argc > 1 ? std::stoul(argv[1]) : 100000;
  const fs::path dir = fs::path(argc > 2 ? argv[2] : ".") / ("sync-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  try {
    // 1. Drain a backlog through HTTP and libcurl, as `kiosk sync --drain` does.
    const auto g0 = Clock::now();
    add_simulated_checkins((dir / "kiosk.db").string(), backlog, 1);
    const std::size_t items = static_cast<std::size_t>(Store((dir / "kiosk.db").string()).outbox_pending());
    std::printf("backlog: %zu check-ins = %zu outbox items, made in %.1f s\n", backlog, items, since(g0));
    std::string token;
    {
      RunningHq hq((dir / "hq.db").string(), token);
      Store store((dir / "kiosk.db").string());
      PusherConfig config;
      config.hq_url = "http://127.0.0.1:" + std::to_string(hq.server->port());
      config.token = token;
      config.batch = 1000;
      Pusher pusher(store, config);
      const auto t0 = Clock::now();
      PassReport r = pusher.pass(wall_clock_ms());
      const double s = since(t0);
      std::printf("drain: %zu items sent in %.2f s = %.0f items/s, %.0f check-ins/s (goal >= 20000 check-ins/s)%s\n",
                  r.sent, s, static_cast<double>(r.sent) / s, static_cast<double>(backlog) / s,
                  r.outbox_empty ? "" : " NOT EMPTY");
    }
    // 2. HQ's storage alone: the same items ingested in batches of 1000 into a fresh file.
    {
      Store store((dir / "kiosk.db").string(), Store::Mode::read_only);
      auto rows = store.db().prepare("SELECT detail FROM audit ORDER BY seq");
      std::vector<std::string> payloads;
      while (rows.step()) payloads.push_back(rows.text_at(0));
      auto storage = open_sqlite_storage((dir / "hq-ingest.db").string());
      Limits limits;
      std::vector<double> rates;
      const auto t0 = Clock::now();
      for (std::size_t at = 0; at < payloads.size(); at += 1000) {
        std::string body = "{\"items\":[";
        for (std::size_t i = at; i < std::min(at + 1000, payloads.size()); ++i) (body += i > at ? "," : "") += payloads[i];
        body += "]}";
        const auto b0 = Clock::now();
        ParsedBatch batch;
        if (parse_batch(body, limits, batch)) throw std::runtime_error("bench batch refused");
        storage->ingest("bench", batch.items, batch.status);
        rates.push_back(static_cast<double>(batch.items.size()) / since(b0));
      }
      std::printf("hq ingest (parse, validate, hash, store, commit): median %.0f rows/s per batch of 1000, "
                  "%.0f rows/s overall\n",
                  percentile(rates, 0.5), static_cast<double>(payloads.size()) / since(t0));
    }
    // 3. Eight kiosks at once: each sends its own new items, 100 per request.
    {
      RunningHq hq((dir / "hq-8.db").string(), token);
      Store store((dir / "kiosk.db").string(), Store::Mode::read_only);
      auto rows = store.db().prepare("SELECT detail FROM audit ORDER BY seq LIMIT 16000");
      std::vector<std::string> payloads;
      while (rows.step()) payloads.push_back(rows.text_at(0));
      constexpr int kKiosks = 8;
      std::vector<std::vector<double>> latency(kKiosks);
      std::vector<std::thread> kiosks;
      const auto t0 = Clock::now();
      for (int k = 0; k < kKiosks; ++k)
        kiosks.emplace_back([&, k] {
          httplib::Client c("127.0.0.1", hq.server->port());
          c.set_tcp_nodelay(true);
          const httplib::Headers h{{"Authorization", "Bearer " + token}};
          for (std::size_t at = static_cast<std::size_t>(k) * 100; at < payloads.size(); at += kKiosks * 100) {
            std::string body = "{\"items\":[";
            for (std::size_t i = at; i < std::min(at + 100, payloads.size()); ++i) (body += i > at ? "," : "") += payloads[i];
            body += "]}";
            const auto r0 = Clock::now();
            auto res = c.Post("/v1/checkins", h, body, "application/json");
            if (res && res->status == 200) latency[static_cast<std::size_t>(k)].push_back(since(r0) * 1000);
          }
        });
      for (auto& t : kiosks) t.join();
      std::vector<double> all;
      for (auto& l : latency) all.insert(all.end(), l.begin(), l.end());
      std::printf("8 kiosks: %zu requests of 100 items in %.2f s; latency p50 %.2f ms p99 %.2f ms\n", all.size(),
                  since(t0), percentile(all, 0.5), percentile(all, 0.99));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sync_bench: %s\n", e.what());
    fs::remove_all(dir);
    return 1;
  }
  fs::remove_all(dir);
  return 0;
}
