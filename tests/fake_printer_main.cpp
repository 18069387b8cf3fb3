// fake_printer: the test printer as a program, for the demo and for trying a branch's
// settings without paper. Prints each ticket it receives, decoded, on stdout.
//   fake_printer [--mode ready|paper_end|cover_open|offline|silent|...]
// SIGUSR1 makes it ready (a new roll put in); SIGTERM or SIGINT ends it.
#include "fake_printer.h"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

namespace {
volatile std::sig_atomic_t g_stop = 0, g_ready = 0;
}

int main(int argc, char** argv) {
  using namespace lobby::fake;
  Mode mode = Mode::ready;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag != "--mode") continue;
    const char* names[] = {"ready", "paper_near_end", "paper_end", "cover_open", "offline", "error", "silent", "hang_up", "runs_out"};
    bool known = false;
    for (int m = 0; m < 9; ++m)
      if (value == names[m]) mode = static_cast<Mode>(m), known = true;
    if (!known) return std::fprintf(stderr, "fake_printer: unknown mode %s\n", value.c_str()), 2;
  }
  std::signal(SIGTERM, [](int) { g_stop = 1; });
  std::signal(SIGINT, [](int) { g_stop = 1; });
  std::signal(SIGUSR1, [](int) { g_ready = 1; });
  Printer printer;
  printer.set_mode(mode);
  printer.on_printed([](const Printout& p) {
    std::printf("---- ticket printed ----\n%s", p.text().c_str());
    if (!p.qr.empty()) std::printf("[QR code: %s]\n", p.qr.c_str());
    for (const std::string& e : p.errors) std::printf("[printer would misread: %s]\n", e.c_str());
    std::printf("---- cut ----\n");
    std::fflush(stdout);
  });
  std::printf("fake printer listening on %s\n", printer.device().c_str());
  std::fflush(stdout);
  while (!g_stop) {
    ::pause();
    if (g_ready) {
      g_ready = 0;
      printer.set_mode(Mode::ready);
      std::printf("fake printer: ready (new roll)\n");
      std::fflush(stdout);
    }
  }
  return 0;
}
