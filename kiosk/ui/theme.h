// Sizes and colours for a touch screen read from a metre away: everything is measured in
// millimetres of the real screen, so a button is at least 20 mm whatever the resolution.
#pragma once

#include "kiosk/ui/fonts.h"

namespace lobby::ui {

// The line height of each of the four text sizes, in millimetres. ImGui sizes a font by its
// line (ascent + descent); in Noto Sans CJK a Chinese character is about 0.64 of that and a
// Latin capital 0.51, so it is those heights, not the line's, that the limits below are for.
struct TextSizes {
  float small, body, title, huge;
};

// How tall a customer's letters must be, in mm, measured on a Chinese character and on a Latin
// capital: any text at all (hints, notes), and whatever must be read to go on (buttons, notices,
// titles). Read at about a metre; tests/ui_test.cpp checks the loaded fonts against them.
constexpr float kMinTextMm = 6;
constexpr float kMinActionTextMm = 8;

// The kiosk's screens, customer's and staff's: hints (small) with 6 mm capitals, button
// labels and notices (body) 8 mm, titles 10 mm, ticket numbers 16 mm.
constexpr TextSizes kKioskText = {12, 16, 20, 32};
// The lobby board, read from about 5 m, in real millimetres of its glass (lobby_board.h says
// why these): the small line 25 mm (capitals about 13 mm: headers, page labels, footer), ticket
// numbers and names 51 mm (their capitals about 26 mm, Chinese characters 29-33 mm), headings
// and the call's manager 60 mm, the call's ticket 120 mm.
constexpr TextSizes kBoardText = {25, 51, 60, 120};

struct Theme {
  float mm = 4.0f;  // pixels per millimetre on this screen
  TextSizes text = kKioskText;
  Fonts fonts;
  float px(float millimetres) const { return millimetres * mm; }
  float target() const { return px(22); }  // the smallest thing a finger must hit
};

// Pixels per millimetre when a `window_px` wide window fills a screen `screen_mm` wide.
inline float pixels_per_mm(int window_px, float screen_mm) { return window_px / screen_mm; }

// The theme's text sizes in pixels, as the fonts are rasterised.
FontSizes font_sizes(const Theme&);

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
