// A busy morning for the lobby board, shared by its screen tests, golden images and the
// frame-time benchmark: 12 managers on the main line (10 receiving, one on a break, one away on
// company business and owed a make-up turn), long Latin names among them, and 22 customers
// waiting: for anyone, for a manager they named, and for their own manager.
#pragma once

#include "kiosk/ui/lobby_board.h"
#include "ui_harness.h"

#include <memory>

#include <string>
#include <vector>

namespace lobby::uitest {

inline const char* const kBusyManagers[][4] = {
    {"M05", "Ms Smith-Jones", "Smith", "f"},       {"M06", "Mr Vanderberg-Okonkwo", "Vanderberg", "m"},
    {"M07", "陈静", "陈", "f"},                      {"M08", "周杰", "周", "m"},
    {"M09", "Mr Li", "Li", "m"},                   {"M10", "欧阳晓峰", "欧阳", "m"},
    {"M11", "孙悦", "孙", "f"},                      {"M12", "Ms Okafor", "Okafor", "f"},
};

// The twelve managers, before the host is made (their names go into the font atlas).
inline void add_busy_managers(KioskHarness& h) {
  for (const auto& m : kBusyManagers) h.store.add_manager({m[0], m[1], m[2], m[3]}, "");
}

// Brings the harness's branch to the busy morning. Call add_busy_managers() first.
inline void busy_morning(KioskHarness& h, int waiting = 22) {
  auto handle = [&](Event e) {
    e.t = h.clock += 10;
    const Handled o = h.reception->handle(e, "test");
    EXPECT_TRUE(o.ok()) << e.id << e.m << ": " << o.problem();
  };
  Event e;
  e.type = EventType::roster;
  for (int i = 1; i <= 12; ++i) e.order.push_back((i < 10 ? "M0" : "M1") + std::to_string(i % 10));
  handle(e);
  for (const char* m : {"M04", "M05", "M06", "M07", "M08", "M09", "M10", "M11", "M12"}) {
    e = Event{};
    e.type = EventType::clock_in, e.m = m;
    handle(e);
  }
  // A regular customer of M02's, served earlier today: today they wait for M02.
  e = Event{};
  e.type = EventType::arrive, e.id = "early", e.phone = "13900000001", e.request = "M02", e.surname = "钱",
  e.title = "女士";
  handle(e);
  e = Event{};
  e.type = EventType::finish, e.id = "early";
  handle(e);
  e = Event{};
  e.type = EventType::status, e.m = "M11", e.status = State::on_break;
  handle(e);
  e = Event{};
  e.type = EventType::absent, e.m = "M12", e.reason = "site_visit";
  handle(e);
  const char* const surnames[][2] = {{"陈", "女士"}, {"Smith-Jones", "Ms"}, {"李", "先生"}, {"欧阳", "女士"},
                                     {"Vanderberg", "Mr"}, {"王", "先生"}, {"张", "女士"}, {"Okonkwo", "Mr"}};
  for (int i = 0; i < 10 + waiting; ++i) {
    e = Event{};
    e.type = EventType::arrive, e.id = "v" + std::to_string(i);
    e.surname = surnames[i % 8][0], e.title = surnames[i % 8][1];
    if (i >= 10 && i % 5 == 1) e.request = "M05";  // waits for the busy Ms Smith-Jones by name
    if (i >= 10 && i % 7 == 3) e.phone = "13900000001", e.request = "";  // waits for M02, their own
    handle(e);
  }
}

// The board on its own offscreen canvas, as `kiosk display` draws it on a screen `screen_mm`
// wide (1020: the default 46-inch board).
struct BoardScreen {
  BoardScreen(KioskHarness& h, ui::Lang lang, int w = 1920, int ht = 1080, float screen_mm = 1020)
      : strings(lang == ui::Lang::zh ? h.text.zh : h.text.en), canvas(w, ht) {
    theme.text = ui::kBoardText;
    theme.mm = ui::board_pixels_per_mm(w, screen_mm);
    host = std::make_unique<ui::ImguiHost>(canvas.renderer, theme, h.face, ui::kiosk_glyphs(h.text, h.store.managers()));
  }
  // One frame at local time `now`; returns every string it drew.
  std::vector<ui::DrawnText> draw(const ui::Board& b, double now, const ui::BoardCall* call = nullptr) {
    std::vector<ui::DrawnText> drawn;
    ui::record_board_text(&drawn);
    host->begin_frame({}, canvas.width, canvas.height, 0);
    pages = ui::lobby_board_screen(b, theme, strings, {now, call});
    host->end_frame();
    ui::record_board_text(nullptr);
    return drawn;
  }

  const StringTable& strings;
  ui::Theme theme;
  ui::Offscreen canvas;
  std::unique_ptr<ui::ImguiHost> host;
  ui::BoardPages pages;
};

}  // namespace lobby::uitest
