// Clocks and memory figures the screen programs log for operators and benchmarks.
#pragma once

#include <chrono>
#include <fstream>
#include <string>

namespace lobby {

inline double seconds_now() {  // monotonic
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

inline long long epoch_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

inline long rss_kb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  long value = 0;
  while (status >> key) {
    if (key == "VmRSS:") return status >> value, value;
    status.ignore(256, '\n');
  }
  return 0;
}

}  // namespace lobby
