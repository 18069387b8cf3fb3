// The lobby display's board, read from across the lobby (about 5 m): who is waiting and for
// whom, with the wait counting down; each service line's turn order with the managers' states,
// the ticket each is receiving, make-up credits and today's receptions; who is next up and
// why; and the newest assignment, large, for a few seconds. A list too long for the screen is
// shown a page at a time, the pages turning by themselves; a screen too small for the two lists
// side by side shows them one after the other, each across the whole width. The model is read from the engine
// (rebuilt from the records) and the records' labels; the screen only draws it. Customers
// appear as ticket and polite name (张先生), never a full name or number.
#pragma once

#include "kiosk/core/explain.h"
#include "kiosk/core/names.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/theme.h"

#include <deque>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct ImFont;

namespace lobby::ui {

struct Board {
  struct Serving {
    std::string ticket, manager;
  };
  struct Waiting {
    std::string visit, ticket, name;  // name: as the board's language says it
    std::string line, line_title;     // the service line's id, and what the board calls it
    WaitsFor waits_for = WaitsFor::anyone;
    std::string for_manager;  // display name, unless waiting for anyone
    int minutes = 0;          // the engine's estimate ...
    Time estimated_at = 0;    // ... as made at this moment: the board counts down from it
  };
  struct Turn {
    std::string id, name;
    State state = State::off;
    std::string serving;  // the ticket they are receiving
    int credits = 0;      // make-up turns owed
    int receptions = 0;   // today
    bool next_up = false; // takes the next walk-in (or has the turn, when nobody is free)
  };
  struct Line {
    std::string name, title;  // the id, and what the board calls it ("主任设计师", "Director")
    std::vector<Turn> order;
    NextUp next;                      // as the engine says, with ids
    std::string next_name, turn_of_name;  // the same as display names
  };
  std::vector<Serving> serving;
  std::vector<Waiting> waiting;  // oldest first
  std::vector<Line> lines;       // "main" first
  std::optional<DeviceStatus> printer;  // the receipt printer's last state, for the footer
  NotifyState notify;            // the footer says when the managers' notices are failing
};

// How the board says names: customers' the way its language does ("Ms Chen", "陈女士"), and
// service lines by the names the settings give them (their ids when none is given).
struct BoardWords {
  NameLanguage language = NameLanguage::zh;
  std::vector<Surname> surnames;                   // for a Chinese surname in English
  std::map<std::string, std::string> line_titles;  // line id -> name
};

// Reads the board for `day` (YYYY-MM-DD) at local time `now`. A waiting customer whose
// estimate is the same as on `before` keeps the moment it was made, so it goes on counting
// down. Throws StoreError if the records cannot be read.
Board read_board(const RotationEngine& engine, const Store& store, const std::string& day,
                 int typical_reception_minutes = 20, Time now = 0, const Board* before = nullptr,
                 const BoardWords& words = {});

// The board is read from about 5 m: ticket numbers and names have letters this tall on the
// glass, on any screen from 21.5 to 55 inches. It is the letters that count, not the line:
// a Latin capital or a digit is 0.509 of Noto Sans CJK's line and a Chinese character
// 0.57-0.65, so their font (kBoardText.body) has a 51 mm line, which keeps capitals at 25 mm
// even when the rasteriser rounds them down a pixel on a 55-inch screen. Everything else
// (column headers, waits, page labels, who is next up, the footer) is in the small letters,
// a 25 mm line: capitals of 12.5 mm or more. tests/board_test.cpp measures the glyphs drawn.
constexpr float kBoardLetterMm = 25;
constexpr float kBoardSmallLetterMm = 12.5f;
// The theme's pixels per millimetre for a board `window_px` wide on a screen `screen_mm` wide
// (the setting display.screen_width_mm): the board's sizes are real millimetres of its glass.
inline float board_pixels_per_mm(int window_px, float screen_mm) { return pixels_per_mm(window_px, screen_mm); }

// A new assignment, shown large: "A023 → 王丽".
struct BoardCall {
  std::string ticket, manager;
};

// The newest assignments, each shown for kSeconds, one after another: a second never hides the
// first before it has had its time.
class CallQueue {
 public:
  static constexpr double kSeconds = 6;
  void push(BoardCall call) { calls_.push_back(std::move(call)); }
  // The call to show at `now` (seconds, any steady clock), or null; moves on to the next once
  // the one showing has had its seconds.
  const BoardCall* showing(double now);
  // When what showing() returns changes next, or nullopt when nothing is queued.
  std::optional<double> next_change() const;
  std::size_t size() const { return calls_.size(); }

 private:
  std::deque<BoardCall> calls_;
  std::optional<double> since_;  // when the front call was first shown
};

// What the board shows besides the model: the time (local seconds, with a fraction) and the
// call being shown.
struct BoardView {
  double now = 0;
  const BoardCall* call = nullptr;
};

// A page shows for this long before the next turns up.
constexpr double kBoardPageSeconds = 8;

// How many pages each list needed in the frame just drawn. A screen too small for the lists
// side by side (46 inches and smaller, read from 5 m) shows one at a time at full width,
// `by_section`: the waiting list's pages, then the turn order's, one cycle.
struct BoardPages {
  int waiting = 1, order = 1;
  bool by_section = false;
  // Pages until the board looks the same again (side by side, both lists turn on one clock).
  int cycle() const { return by_section ? waiting + order : std::lcm(waiting, order); }
  bool turning() const { return cycle() > 1; }
};

// When the board drawn at local time `now` (seconds, with a fraction) changes by itself and must
// be drawn again: the next whole minute (the waits count down, and midnight is one, when the
// day's counts start again), the next page when a list turns, or `call_change` (CallQueue).
double board_redraw_due(double now, const BoardPages& pages, std::optional<double> call_change);

// Draws the board full-window in the language of `strings`. One frame is enough: the layout
// is measured, not settled by ImGui.
BoardPages lobby_board_screen(const Board& board, const Theme& theme, const StringTable& strings,
                              const BoardView& view = {});

// `text` as it fits in `width` pixels of `font`: whole, or cut at a character (never inside
// one) and ended with `ellipsis`; "" when not even the ellipsis fits.
std::string fit_text(const ImFont& font, std::string_view text, float width, std::string_view ellipsis);

// For tests: every string the board draws, where, and the room it was given. Pass null to stop.
struct DrawnText {
  std::string text, meant;  // what was drawn, and what it would be with room enough
  const ImFont* font;       // in which letters (their glyphs give the letters' real height)
  float x0, y0, x1, y1;     // the text's box
  float room_x0, room_y0, room_x1, room_y1;
  float clip_x0, clip_y0, clip_x1, clip_y1;  // what the draw list would let show
};
void record_board_text(std::vector<DrawnText>* into);

}  // namespace lobby::ui
