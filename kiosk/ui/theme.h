// Sizes and colours for a touch screen read from a metre away: everything is measured in
// millimetres of the real screen, so a button is at least 20 mm whatever the resolution.
#pragma once

#include "kiosk/ui/fonts.h"

namespace lobby::ui {

struct Theme {
  float mm = 4.0f;  // pixels per millimetre on this screen
  Fonts fonts;
  float px(float millimetres) const { return millimetres * mm; }
  float target() const { return px(22); }  // the smallest thing a finger must hit
};

// Pixels per millimetre when a `window_px` wide window fills a screen `screen_mm` wide.
inline float pixels_per_mm(int window_px, float screen_mm) { return window_px / screen_mm; }

// Body text is 9 mm tall (readable from a metre), titles 14 mm, ticket numbers 32 mm.
FontSizes font_sizes(float mm);

// Large, flat, and with no hover state: a finger cannot hover.
void apply_style(const Theme&);

// Colours the screens use beyond ImGui's own.
namespace colour {
constexpr unsigned text = 0xFF2B2B2B;     // ABGR
constexpr unsigned muted = 0xFF6B6B6B;
constexpr unsigned accent = 0xFF7A5A00;   // deep teal
constexpr unsigned warning = 0xFF1F3FB0;  // brick red
}  // namespace colour

}  // namespace lobby::ui
