// What every screen draws with, whichever side of the kiosk it belongs to: the look, the words
// in both languages, the language showing and the clock. The kiosk shell (screen_host.h) owns
// one; the customer's flow (checkin_flow.h) and the staff console (staff_console.h) each hold a
// reference to it and nothing of each other. The bars at the top and the bottom of a screen are
// shared too: they report the tap, and each side decides what leaving or going back means.
#pragma once

#include "kiosk/core/explain.h"
#include "kiosk/core/names.h"
#include "kiosk/ui/theme.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lobby::ui {

enum class Lang : std::uint8_t { zh, en };

struct KioskText {
  StringTable zh, en;
  std::vector<Surname> surnames;
};

struct ScreenContext {
  const Theme& theme;
  const KioskText& text;
  Lang lang = Lang::zh;
  double now = 0;  // seconds, monotonic

  const StringTable& words() const { return lang == Lang::zh ? text.zh : text.en; }
  std::string tr(std::string_view key) const { return words()[key]; }
  std::string tr(std::string_view key, const std::map<std::string_view, std::string_view>& values) const {
    return fill(tr(key), values);
  }
  void toggle_language() { lang = lang == Lang::zh ? Lang::en : Lang::zh; }
};

// The top bar: "start over" (left), the language toggle (right; it switches at once) and the
// title. Returns true when "start over" was tapped: the caller leaves, and the bar draws no more.
bool top_bar(ScreenContext& s, std::string_view title_key);

// The bottom bar: Back, and Next (worded by `next_key`) when `show_next`. A tap on Back draws
// no Next in that frame.
enum class BarTap : std::uint8_t { none, back, next };
BarTap bottom_bar(ScreenContext& s, bool show_next, std::string_view next_key = "ui.next");

}  // namespace lobby::ui
