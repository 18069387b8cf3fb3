// UI figures: CPU time per frame of every customer screen at 1920x1080 on SDL's software
// renderer (what a kiosk without a GPU pays), as medians over many frames. The window's
// start-up, memory and idle figures come from deploy/bench-ui.sh, which runs the real program.
// Usage: ui_bench [FRAMES]
#include "board_scene.h"
#include "kiosk/ui/lobby_board.h"

#include <algorithm>
#include <ctime>

namespace {

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace lobby::uitest;
  const int frames = argc > 1 ? std::max(5, std::atoi(argv[1])) : 120;
  KioskHarness h(2000, lobby::ui::Lang::zh, 1920, 1080);
  if (::testing::Test::HasFailure()) return 1;
  std::printf("CPU time per frame at %dx%d, software renderer, median of %d frames (p90 in brackets)\n", h.width,
              h.height, frames);
  std::vector<double> medians;
  auto measure = [&](const char* screen) {
    std::vector<double> ms;
    for (int i = 0; i < frames; ++i) {
      const double start = thread_cpu_ms();
      h.frame();
      ms.push_back(thread_cpu_ms() - start);
    }
    std::sort(ms.begin(), ms.end());
    medians.push_back(ms[ms.size() / 2]);
    std::printf("  %-10s %6.2f ms  (%.2f)\n", screen, ms[ms.size() / 2], ms[ms.size() * 9 / 10]);
  };
  measure("welcome");
  h.tap("welcome.start");
  measure("purpose");
  h.tap("purpose.first");
  h.type("1380013800");
  measure("phone");
  h.type("0");
  h.tap("next");
  h.tap("surname.张");
  measure("name");
  h.tap("next");
  measure("manager");
  h.tap("manager.none");
  measure("referral");
  h.tap("referral.no");
  h.tap("consent.yes");
  measure("confirm");
  h.tap("next");
  measure("ticket");
  {  // the lobby board on a busy morning, as `kiosk display` draws it on a 46-inch screen
    KioskHarness b(2000, lobby::ui::Lang::zh, 1920, 1080);
    add_busy_managers(b);
    busy_morning(b);
    const lobby::ui::Board board = lobby::ui::read_board(b.reception->engine(), b.store, "2026-11-24", 20, b.clock);
    lobby::ui::Theme theme;
    theme.text = lobby::ui::kBoardText;
    theme.mm = lobby::ui::board_pixels_per_mm(1920, 1020);
    lobby::ui::ImguiHost host(b.canvas.renderer, theme, b.face, lobby::ui::kiosk_glyphs(b.text, b.store.managers()));
    std::vector<double> ms;
    for (int i = 0; i < frames; ++i) {
      const double start = thread_cpu_ms();
      host.begin_frame({}, 1920, 1080, 0);
      lobby::ui::lobby_board_screen(board, theme, b.text.zh, {static_cast<double>(b.clock) + i});
      host.end_frame();
      ms.push_back(thread_cpu_ms() - start);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("  %-10s %6.2f ms  (%.2f)  12 managers, 22 waiting, one redraw\n", "board", ms[ms.size() / 2],
                ms[ms.size() * 9 / 10]);
  }
  std::printf("worst screen's median: %.2f ms per frame\n", *std::max_element(medians.begin(), medians.end()));
  return h.step() == lobby::ui::Step::ticket ? 0 : 1;
}
