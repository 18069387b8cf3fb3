// The renovation studio of deploy/examples/renovation-studio.toml on the screen tests' kiosk:
// its four designer levels read from the example itself (so the example and the screens
// cannot drift apart), each given a turn order from the harness's managers.
#pragma once

#include "kiosk/app/commands.h"
#include "ui_harness.h"

namespace lobby::uitest {

inline std::vector<ui::ServiceLine> studio_lines() {
  RunOptions run;
  DisplayOptions display;
  load_kiosk_config(SOURCE_DIR "/deploy/examples/renovation-studio.toml", run, display);
  return run.settings.lines;
}

// Standard: M01 M02; senior: M02; deputy: M03 M04; director: M03 (M04 is off duty).
inline void set_studio_rosters(KioskHarness& h) {
  const std::pair<const char*, std::vector<std::string>> rosters[] = {
      {"standard", {"M01", "M02"}}, {"senior", {"M02"}}, {"deputy", {"M03", "M04"}}, {"director", {"M03"}}};
  for (const auto& [line, order] : rosters) {
    Event e;
    e.type = EventType::roster, e.t = h.clock, e.line = line, e.order = order;
    EXPECT_TRUE(h.reception->handle(e, "test").ok()) << line;
  }
  h.frame();
}

// A kiosk showing the studio's purpose screen.
inline std::unique_ptr<KioskHarness> studio_kiosk(ui::Lang lang = ui::Lang::zh, int busy_timeout_ms = 2000) {
  auto h = std::make_unique<KioskHarness>(busy_timeout_ms, lang, KioskHarness::kWidth, KioskHarness::kHeight,
                                          studio_lines());
  set_studio_rosters(*h);
  return h;
}

}  // namespace lobby::uitest
