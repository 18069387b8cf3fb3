// `kiosk bench`: how fast the rules decide and how close a durable check-in comes to the
// disk's own limit. Prints medians and ratios measured in the same run; never pass/fail.
#include "kiosk/app/commands.h"
#include "kiosk/core/engine.h"
#include "kiosk/core/simulate.h"
#include "kiosk/store/reception.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace lobby {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// Bytes this process has handed to write(2) so far (Linux /proc/self/io, "wchar").
long long bytes_written() {
  std::ifstream io("/proc/self/io");
  std::string key;
  long long value = 0;
  while (io >> key >> value)
    if (key == "wchar:") return value;
  return 0;
}

long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

void bench_engine(const BenchOptions& opt) {
  SimulationSpec spec;
  spec.managers = opt.managers;
  spec.events = opt.events;
  spec.seed = 2026;
  const auto g0 = Clock::now();
  const std::vector<Event> events = simulate_lobby(spec);
  std::printf("engine: %zu events for %d managers generated in %.2f s\n", events.size(), opt.managers,
              seconds_since(g0));
  std::vector<double> rates, assignment_rates;
  std::size_t assignments = 0;
  for (int r = 0; r < opt.repeats; ++r) {
    RotationEngine engine;
    assignments = 0;
    const auto t0 = Clock::now();
    for (const Event& e : events) assignments += engine.apply(e).decisions.size();
    const double s = seconds_since(t0);
    rates.push_back(static_cast<double>(events.size()) / s);
    assignment_rates.push_back(static_cast<double>(assignments) / s);
  }
  std::printf("engine: median %.0f decisions/s (events decided), %.0f assignments/s; %zu assignments per run; "
              "%d runs; RSS %ld KiB\n",
              percentile(rates, 0.5), percentile(assignment_rates, 0.5), assignments, opt.repeats, rss_kib());
}

void bench_store(const BenchOptions& opt) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(opt.dir) / ("kiosk-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string db = (dir / "bench.db").string();
  std::vector<double> checkin_ms;
  long long bytes_per_checkin = 0;
  {
    Store store(db);
    Reception reception(store);
    Event roster;
    roster.type = EventType::roster;
    roster.t = 1'790'000'000;
    for (int i = 0; i < 30; ++i) roster.order.push_back("M" + std::to_string(i));
    reception.handle(roster, "bench");
    for (const std::string& m : roster.order) {
      Event in;
      in.type = EventType::clock_in;
      in.t = roster.t;
      in.m = m;
      reception.handle(in, "bench");
    }
    std::vector<std::string> serving;
    const long long w0 = bytes_written();
    long long untimed_bytes = 0;
    for (int i = 0; i < opt.checkins; ++i) {
      Event a;
      a.type = EventType::arrive;
      a.t = roster.t + i;
      a.id = "b" + std::to_string(i);
      a.phone = std::to_string(13900000000LL + i % 500);
      a.surname = "王";
      a.title = "先生";
      const auto t0 = Clock::now();
      Handled h = reception.handle(a, "bench");
      checkin_ms.push_back(seconds_since(t0) * 1000);
      if (!h.ok()) throw StoreError(StoreError::Kind::io, "bench check-in failed: " + plain(h.problem()));
      serving.push_back(a.id);
      if (serving.size() == 30) {  // keep managers free; finishing is not what is measured
        const long long before = bytes_written();
        for (const std::string& id : serving) {
          Event f;
          f.type = EventType::finish;
          f.t = a.t;
          f.id = id;
          reception.handle(f, "bench");
        }
        untimed_bytes += bytes_written() - before;
        serving.clear();
      }
    }
    bytes_per_checkin = (bytes_written() - w0 - untimed_bytes) / opt.checkins;
  }
  // The physical floor: append the same number of bytes and fdatasync, on the same filesystem.
  std::vector<double> floor_ms;
  {
    const std::string path = (dir / "floor.bin").string();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char> block(static_cast<std::size_t>(std::max(bytes_per_checkin, 512LL)), 'x');
    for (int i = 0; i < opt.checkins; ++i) {
      const auto t0 = Clock::now();
      if (::write(fd, block.data(), block.size()) < 0 || ::fdatasync(fd) != 0) break;
      floor_ms.push_back(seconds_since(t0) * 1000);
    }
    ::close(fd);
  }
  fs::remove_all(dir);
  const double c50 = percentile(checkin_ms, 0.5), c99 = percentile(checkin_ms, 0.99);
  const double f50 = percentile(floor_ms, 0.5), f99 = percentile(floor_ms, 0.99);
  std::printf("store: %d durable check-ins in %s, %lld bytes written per check-in\n", opt.checkins,
              opt.dir.c_str(), bytes_per_checkin);
  std::printf("store: check-in p50 %.3f ms p99 %.3f ms | floor (write+fdatasync) p50 %.3f ms p99 %.3f ms\n", c50,
              c99, f50, f99);
  std::printf("store: ratio p50 %.2fx (goal <= 2) p99 %.2fx (goal <= 3)\n", c50 / f50, c99 / f99);
}
}  // namespace

int run_bench(const BenchOptions& opt) {
  try {
    bench_engine(opt);
    if (opt.checkins > 0) bench_store(opt);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kiosk bench: %s\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace lobby
