// sync_bench's modes for a separate HQ (deploy/bench-hq.sh runs them against kiosk-hq
// processes on SQLite and PostgreSQL):
//   sync_bench items --checkins N             prints the outbox items of N simulated check-ins,
//                                             one JSON line each, as a kiosk would send them;
//   sync_bench ingest --items FILE --tokens FILE --url URL [--url URL…] [--batch B]
//                                             one client thread per token (one kiosk each), all at
//                                             once, each sending every item of FILE in batches of
//                                             B, to the URLs in turn; prints items/s counted from
//                                             HQ's answers "stored".
// A kiosk's identity is its token, and HQ identifies an item by (kiosk, uuid), so every kiosk can
// send the same items and each is stored once per kiosk, as different branches' days would be.
#include "kiosk/store/reception.h"
#include "kiosk/store/simulated_checkins.h"
#include "sync/protocol/checkin_batch.h"

#include <httplib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace lobby {

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

// "http://HOST:PORT" → a client for it.
std::unique_ptr<httplib::Client> client_for(const std::string& url) {
  auto c = std::make_unique<httplib::Client>(url);
  c->set_tcp_nodelay(true);
  c->set_read_timeout(120, 0);
  c->set_keep_alive(true);
  return c;
}

struct KioskTally {
  std::size_t stored = 0, other = 0, busy = 0;  // busy: 503 answers, re-sent after a pause
  std::string failure;
};

void send_all(const std::string& url, const std::string& token, const std::vector<std::string>& items,
              std::size_t batch, KioskTally& tally) {
  auto c = client_for(url);
  const httplib::Headers h{{"Authorization", "Bearer " + token}};
  for (std::size_t at = 0; at < items.size() && tally.failure.empty(); at += batch) {
    // As a kiosk sends them: with its status (quarantine and outbox), which HQ keeps per kiosk.
    const std::size_t end = std::min(at + batch, items.size());
    const std::string body = batch_json({items.begin() + static_cast<std::ptrdiff_t>(at),
                                         items.begin() + static_cast<std::ptrdiff_t>(end)},
                                        {0, static_cast<std::int64_t>(items.size() - at)});
    for (;;) {
      auto res = c->Post("/v1/checkins", h, body, "application/json");
      if (res && res->status == 503) {
        ++tally.busy;  // back-pressure, as a kiosk would meet it: wait a little and re-send
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
      if (!res || res->status != 200) {
        tally.failure = res ? "HTTP " + std::to_string(res->status) + ": " + res->body : httplib::to_string(res.error());
        break;
      }
      const auto results = parse_results(res->body);
      if (!results) {
        tally.failure = "unreadable answer: " + res->body.substr(0, 200);
        break;
      }
      for (const ItemResult& r : *results) (r.status == ItemStatus::stored ? tally.stored : tally.other)++;
      break;
    }
  }
}

int items_mode(std::size_t checkins) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("sync-bench-items-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  try {
    const std::string db = (dir / "kiosk.db").string();
    add_simulated_checkins(db, checkins, 1);
    Store store(db, Store::Mode::read_only);
    auto rows = store.db().prepare("SELECT detail FROM audit ORDER BY seq");
    while (rows.step()) std::cout << rows.text_at(0) << '\n';
  } catch (...) {
    std::filesystem::remove_all(dir);
    throw;
  }
  std::filesystem::remove_all(dir);
  return 0;
}

int ingest_mode(const std::string& items_file, const std::string& tokens_file, const std::vector<std::string>& urls,
                std::size_t batch) {
  const std::vector<std::string> items = read_lines(items_file);
  const std::vector<std::string> tokens = read_lines(tokens_file);
  if (items.empty() || tokens.empty() || urls.empty()) throw std::runtime_error("no items, tokens or URLs");
  std::vector<KioskTally> tally(tokens.size());
  std::vector<std::thread> kiosks;
  const auto t0 = Clock::now();
  for (std::size_t k = 0; k < tokens.size(); ++k)
    kiosks.emplace_back([&, k] { send_all(urls[k % urls.size()], tokens[k], items, batch, tally[k]); });
  for (auto& t : kiosks) t.join();
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  KioskTally all;
  for (const KioskTally& t : tally) {
    all.stored += t.stored, all.other += t.other, all.busy += t.busy;
    if (all.failure.empty()) all.failure = t.failure;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  // One line, key=value, for the script to read.
  std::printf("kiosks=%zu servers=%zu batch=%zu stored=%zu not_stored=%zu busy_503=%zu seconds=%.3f items_per_s=%.0f "
              "client_cpu_s=%.3f\n",
              tokens.size(), urls.size(), batch, all.stored, all.other, all.busy, s,
              static_cast<double>(all.stored) / s, cpu);
  if (!all.failure.empty()) std::fprintf(stderr, "sync_bench ingest: %s\n", all.failure.c_str());
  return all.failure.empty() && all.other == 0 && all.stored == items.size() * tokens.size() ? 0 : 1;
}

}  // namespace

// Returns the exit status, or -1 when argv names none of these modes.
int hq_ingest_main(int argc, char** argv) {
  if (argc < 2) return -1;
  const std::string mode = argv[1];
  if (mode != "items" && mode != "ingest") return -1;
  std::size_t checkins = 1000, batch = 500;
  std::string items_file, tokens_file;
  std::vector<std::string> urls;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--checkins") checkins = std::stoul(value);
    else if (flag == "--batch") batch = std::stoul(value);
    else if (flag == "--items") items_file = value;
    else if (flag == "--tokens") tokens_file = value;
    else if (flag == "--url") urls.push_back(value);
    else throw std::runtime_error("unknown option " + flag);
  }
  if (argc % 2 != 0) throw std::runtime_error("every option takes a value");
  return mode == "items" ? items_mode(checkins) : ingest_mode(items_file, tokens_file, urls, batch);
}

}  // namespace lobby
