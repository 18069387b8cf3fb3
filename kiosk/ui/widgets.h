// The touch widgets every screen is built from: big buttons that fire once per tap, a
// number keypad, a Latin keyboard, text laid out for reading at a distance, and areas that
// scroll when dragged. Each button also records where it was drawn (frame_targets), which
// the screen tests and the smoke test use to know where to tap.
#pragma once

#include "kiosk/ui/theme.h"

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace lobby::ui {

enum class Tone { plain, primary, selected };

// A button of `size` (at least the theme's target size, and wide enough for its label) that
// returns true when it was tapped: pressed and released on it without dragging. `id` is stable
// across languages.
bool button(const Theme& t, const char* id, std::string_view label, ImVec2 size, Tone tone = Tone::plain,
            ImFont* font = nullptr);

// How wide button() draws `label` when asked for `width`: wider when the label needs it.
float button_width(const Theme& t, std::string_view label, float width, ImFont* font = nullptr);
// The size button() gives `label`: at least `size` and the touch target, and room for every line.
ImVec2 button_size(const Theme& t, std::string_view label, ImVec2 size, ImFont* font = nullptr);

// An invisible area that is tapped like a button (the welcome screen's "tap anywhere").
bool tap_area(const Theme& t, const char* id, ImVec2 size);

// A person's name in at most two lines of `font`: whole on one line when it is no wider than
// `one_line` pixels; else broken at a space or after a hyphen where the longer line is shortest
// ("Alexandra" / "Vanderberg-Okonkwo"); a line wider than `at_most` (at least `one_line`) is
// shortened with `ellipsis`. A name is never cut mid-letter, nor left to run into what is beside it.
std::vector<std::string> name_lines(const ImFont& font, std::string_view name, float one_line, float at_most,
                                    std::string_view ellipsis);
// Labels for a row of buttons that name people (name_lines, one under the other), each button at least
// `width` wide, in a row `row_width` wide: every name on one line when they all fit the row that
// way; else a name too long for `width` takes two lines, none wider than half the row, so that
// more of them share a row and a long list takes fewer.
std::vector<std::string> name_labels(const std::vector<std::string>& names, float width, float row_width,
                                     std::string_view ellipsis, ImFont* font = nullptr);

// Text centred in the current row's width, wrapped when too long.
void text_centered(std::string_view text, ImFont* font, unsigned colour = 0);
void text_wrapped(std::string_view text, ImFont* font, unsigned colour = 0);

// The words on the keys that are not characters, in the customer's language.
struct KeyWords {
  std::string_view clear, erase, space = {};
};

// 1-9, Clear, 0, Delete in a 4 x 3 block of `size`. Appends digits up to `max_digits`.
// Returns true if `digits` changed. Key ids: "key.0" ... "key.9", "key.clear", "key.delete".
bool keypad(const Theme& t, const char* id, std::string& digits, std::size_t max_digits, ImVec2 size,
            const KeyWords& words);

// Three rows of letters with an apostrophe and a hyphen, then Space, Clear and Delete; names
// come out as "Smith", "O'Brien", "Smith-Jones", "Van Der Berg": a capital after each break,
// no break first or twice. Letters stop at `max_chars`. Returns true if `text` changed.
// Key ids: "key.A" ... "key.Z", "key.'", "key.-", "key.space", "key.clear", "key.delete".
bool latin_keyboard(const Theme& t, const char* id, std::string& text, std::size_t max_chars, ImVec2 size,
                    const KeyWords& words);

// Lays items out in rows: call before each item `width` wide; it stays on the current row
// while it fits. `first` starts true for each new run of items.
void flow(float width, bool& first);

// A region whose contents scroll when a finger drags them; taps inside still work.
void begin_drag_scroll(const char* id, ImVec2 size);
void end_drag_scroll();

// Where each button was drawn in the last frame, by id ("purpose.first", "key.5", ...), and
// whether it sits in a region that scrolls (where it may be partly out of sight). Only what lies
// inside the clip rectangle (its window's or region's) shows.
struct Target {
  std::string id;
  float x0, y0, x1, y1;
  bool scrolls = false;
  float clip_x0 = -1e9f, clip_y0 = -1e9f, clip_x1 = 1e9f, clip_y1 = 1e9f;
};
std::vector<Target>& frame_targets();
const Target* find_target(std::string_view id);

// What did not fit in the last frame, in words: a screen's contents running under its bottom
// bar. Empty when everything fit; the screen tests check it in both languages at every size.
std::vector<std::string>& frame_overflows();

}  // namespace lobby::ui
