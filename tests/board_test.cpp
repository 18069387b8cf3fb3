// The lobby board on a busy morning, read back from what it draws: every string it draws in a
// frame is recorded (record_board_text) with the room it was given, so these tests see what a
// customer 5 m away sees: whether their ticket shows, whom they wait for, how long, who is next.
#include "board_scene.h"
#include "lines_fixture.h"
#include "test_support.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <numeric>
#include <regex>
#include <set>

namespace lobby::uitest {
namespace {

bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += n;
  }
  return true;
}

// Nothing cut: every string is whole, or shortened at a character and ended with "…", and
// lies inside its room and the window.
void expect_nothing_clipped(const std::vector<ui::DrawnText>& drawn, int width, int height) {
  const std::string ellipsis = "…";
  for (const ui::DrawnText& d : drawn) {
    EXPECT_TRUE(valid_utf8(d.text)) << d.meant;
    if (d.text != d.meant) {
      ASSERT_GE(d.text.size(), ellipsis.size()) << d.meant << " was not drawn at all in " << d.room_x1 - d.room_x0;
      EXPECT_EQ(d.text.substr(d.text.size() - ellipsis.size()), ellipsis) << d.text << " cut without an ellipsis";
      const std::string kept = d.text.substr(0, d.text.size() - ellipsis.size());
      EXPECT_EQ(d.meant.compare(0, kept.size(), kept), 0) << d.text << " is not the start of " << d.meant;
    }
    EXPECT_GE(d.x0, d.room_x0 - 0.5f) << d.text;
    EXPECT_LE(d.x1, d.room_x1 + 0.5f) << d.text << " runs out of its room";
    EXPECT_TRUE(d.x0 >= d.clip_x0 && d.x1 <= d.clip_x1 && d.y0 >= d.clip_y0 && d.y1 <= d.clip_y1)
        << d.text << " is clipped by the draw list";
    EXPECT_GE(d.x0, 0.0f) << d.text;
    EXPECT_LE(d.x1, static_cast<float>(width)) << d.text;
    EXPECT_GE(d.y0, 0.0f) << d.text;
    EXPECT_LE(d.y1, static_cast<float>(height)) << d.text << " falls off the bottom";
  }
}

bool shows(const std::vector<ui::DrawnText>& drawn, const std::string& text) {
  for (const ui::DrawnText& d : drawn)
    if (d.text == text) return true;
  return false;
}
bool shows_part(const std::vector<ui::DrawnText>& drawn, const std::string& part) {
  for (const ui::DrawnText& d : drawn)
    if (d.text.find(part) != std::string::npos) return true;
  return false;
}

// Every frame of one whole cycle of pages (side by side, both lists turn on the same clock; on a
// small board, one list after the other).
std::vector<std::vector<ui::DrawnText>> one_cycle(BoardScreen& s, const ui::Board& b, double start) {
  std::vector<std::vector<ui::DrawnText>> frames{s.draw(b, start)};
  const int cycle = s.pages.cycle();
  for (int k = 1; k < cycle; ++k) frames.push_back(s.draw(b, start + k * ui::kBoardPageSeconds));
  return frames;
}

// The busy morning as `kiosk display` reads it: customers named in the board's language.
ui::Board busy_board(KioskHarness& h, ui::Lang lang) {
  const ui::BoardWords words{lang == ui::Lang::en ? NameLanguage::en : NameLanguage::zh, h.text.surnames, {}};
  return ui::read_board(h.reception->engine(), h.store, "2026-11-24", 20, h.clock, nullptr, words);
}

// The width of a 16:9 screen of `inches`, in millimetres.
float screen_mm_of(float inches) { return inches * 25.4f * 16 / std::sqrt(16.0f * 16 + 9 * 9); }

// A 55-inch board: the one size with both lists on every frame, for tests that read one frame.
const float kBothListsMm = screen_mm_of(55);

// How tall `d`'s letters stand on the glass, in mm, as the glyphs it was drawn in ink them:
// its shortest capital or digit (they all stand at the capitals' height; lower case and
// punctuation are not counted, a name's capitals are what the eye reads from 5 m), and its
// tallest Chinese character (each is drawn in the same square, some flat, like 一); the
// smaller of the two when it has both. 0 when it has neither.
float letters_mm(const ui::DrawnText& d, float px_per_mm) {
  float capitals = 0, hanzi = 0;
  for (const char* q = d.text.c_str(); *q;) {
    unsigned c = 0;
    q += ImTextCharFromUtf8(&c, q, nullptr);
    const bool capital = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'), chinese = c >= 0x4E00 && c <= 0x9FFF;
    if (!capital && !chinese) continue;
    const ImFontGlyph* g = d.font->FindGlyphNoFallback(static_cast<ImWchar>(c));
    EXPECT_NE(g, nullptr) << d.text << ": U+" << std::hex << c;
    if (!g) continue;
    const float tall = g->Y1 - g->Y0;
    if (capital) capitals = capitals == 0 ? tall : std::min(capitals, tall);
    else hanzi = std::max(hanzi, tall);
  }
  const float px = capitals == 0 ? hanzi : hanzi == 0 ? capitals : std::min(capitals, hanzi);
  return px / px_per_mm;
}

class BusyMorning : public ::testing::TestWithParam<std::tuple<ui::Lang, float>> {};

// 12 managers, 22 waiting, on screens from 21.5 to 55 inches: every waiting ticket and every
// manager shows on some page within one cycle, and nothing is cut.
TEST_P(BusyMorning, EveryTicketShowsWithinOneCycleAndNothingIsClipped) {
  const auto [lang, inches] = GetParam();
  KioskHarness h(2000, lang);
  add_busy_managers(h);
  busy_morning(h);
  const ui::Board board = busy_board(h, lang);
  ASSERT_EQ(board.waiting.size(), 22u);
  BoardScreen s(h, lang, 1920, 1080, screen_mm_of(inches));

  std::set<std::string> seen, meant;
  const auto frames = one_cycle(s, board, static_cast<double>(h.clock));
  EXPECT_GT(s.pages.waiting, 1) << "22 customers do not fit on one page";
  EXPECT_EQ(s.pages.by_section, inches < 55) << "the lists side by side on a large board, in turn on a smaller one";
  const std::string count = fill(s.strings["board.waiting.count"], {{"n", "22"}});
  for (const auto& drawn : frames) {
    expect_nothing_clipped(drawn, 1920, 1080);
    const bool waiting_shows = std::any_of(drawn.begin(), drawn.end(), [&](const ui::DrawnText& d) {
      return std::any_of(board.waiting.begin(), board.waiting.end(), [&](const auto& w) { return d.text == w.ticket; });
    });
    EXPECT_TRUE(waiting_shows || s.pages.by_section) << "side by side, the waiting list is always there";
    if (waiting_shows) {
      EXPECT_TRUE(shows(drawn, count)) << "the count is of everyone waiting, not of the rows that fit";
    }
    for (const ui::DrawnText& d : drawn) {
      seen.insert(d.text), meant.insert(d.meant);
      if (d.text != d.meant) {
        EXPECT_GE(d.text.size(), 4 + std::string("…").size()) << d.meant << " shows as " << d.text;
      }
    }
  }
  for (const ui::Board::Waiting& w : board.waiting) EXPECT_TRUE(seen.count(w.ticket)) << w.ticket << " never shows";
  for (const ui::Board::Turn& t : board.lines[0].order) EXPECT_TRUE(meant.count(t.name)) << t.name << " never shows";
  const std::string last_page = fill(s.strings["board.page"], {{"i", std::to_string(s.pages.waiting)},
                                                               {"n", std::to_string(s.pages.waiting)}});
  EXPECT_TRUE(seen.count(last_page)) << last_page;
}

// Readable from 5 m, measured on the glyphs drawn: in one cycle of pages and a call, every
// ticket number and every name (each waiting customer's, each manager's in the turn order, the
// call's) is drawn with capitals, digits and Chinese characters of 25 mm on the glass; no text
// at all with less than 12.5 mm. (A manager's name is also "whom they wait for", other text.)
TEST_P(BusyMorning, TicketsAndNamesHave25mmLetters) {
  const auto [lang, inches] = GetParam();
  KioskHarness h(2000, lang);
  add_busy_managers(h);
  busy_morning(h);
  const ui::Board board = busy_board(h, lang);
  const float screen_mm = screen_mm_of(inches);
  BoardScreen s(h, lang, 1920, 1080, screen_mm);
  const float px_per_mm = ui::pixels_per_mm(1920, screen_mm);  // of the glass, whatever the theme says

  const ui::BoardCall call{"A023", board.lines[0].order[1].name};
  std::map<std::string, int> wanted;  // how many times each must be drawn in the large letters
  for (const ui::Board::Waiting& w : board.waiting) ++wanted[w.ticket], ++wanted[w.name];
  for (const ui::Board::Turn& t : board.lines[0].order) ++wanted[t.name];
  ++wanted[call.ticket], ++wanted[fill(s.strings["board.call.to"], {{"m", call.manager}})];

  auto frames = one_cycle(s, board, static_cast<double>(h.clock));
  frames.push_back(s.draw(board, static_cast<double>(h.clock), &call));
  std::map<std::string, std::vector<float>> drawn_mm;  // meant -> its letters in each draw
  float any_text = 1e9f;
  for (const auto& drawn : frames)
    for (const ui::DrawnText& d : drawn) {
      const float mm = letters_mm(d, px_per_mm);
      if (mm == 0) continue;  // "…", "+1": nothing to read a height from
      EXPECT_GE(mm, ui::kBoardSmallLetterMm) << d.text << " on a " << inches << "\" board";
      drawn_mm[d.meant].push_back(mm);
      any_text = std::min(any_text, mm);
    }
  float least = 1e9f;
  for (const auto& [text, times] : wanted) {
    std::vector<float> mm = drawn_mm[text];
    ASSERT_GE(mm.size(), static_cast<std::size_t>(times)) << text << " is not drawn " << times << " times";
    std::sort(mm.rbegin(), mm.rend());
    least = std::min(least, mm[times - 1]);
    EXPECT_GE(mm[times - 1], ui::kBoardLetterMm) << text << " on a " << inches << "\" board";
  }
  std::printf("%.1f\": tickets and names %.1f mm at least, any text %.1f mm\n", inches, least, any_text);
}

std::string busy_name(const ::testing::TestParamInfo<std::tuple<ui::Lang, float>>& info) {
  return std::string(std::get<0>(info.param) == ui::Lang::zh ? "zh_" : "en_") +
         std::to_string(static_cast<int>(std::get<1>(info.param) * 10)) + "_tenths_of_an_inch";
}
INSTANTIATE_TEST_SUITE_P(Screens, BusyMorning,
                         ::testing::Combine(::testing::Values(ui::Lang::zh, ui::Lang::en),
                                            ::testing::Values(21.5f, 32.0f, 46.0f, 55.0f)),
                         busy_name);

// The characters of `s`, one string each.
std::vector<std::string> characters(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}
bool short_chinese(const std::string& name) {
  const auto cs = characters(name);
  return cs.size() <= 3 && std::all_of(cs.begin(), cs.end(), [](const std::string& c) { return c.size() == 3; });
}

// Everything the frame just drawn holds (text, row bands, the call's box) lies on the screen.
void expect_all_on_screen(float width, float height) {
  const ImDrawData* data = ImGui::GetDrawData();
  ASSERT_NE(data, nullptr);
  int off = 0;
  for (int i = 0; i < data->CmdListsCount; ++i)
    for (const ImDrawVert& v : data->CmdLists[i]->VtxBuffer)
      off += v.pos.x < -0.5f || v.pos.y < -0.5f || v.pos.x > width + 0.5f || v.pos.y > height + 0.5f;
  EXPECT_EQ(off, 0) << "points drawn past the screen's edges";
}

// The smallest board, 21.5 inches (476 mm) at 1920x1080, about 4 pixels to the millimetre, so
// 25 mm capitals are 100 pixels: the lists take turns at full width. Customers' names as the
// board's language says them (kiosk display's words). Each page holds a useful number of rows
// (four waiting, three managers), the count is of everyone, every name keeps at least its first
// characters (a Chinese name of two or three characters whole), no letters are under 12.5 mm
// (tickets' and names' 25 mm: TicketsAndNamesHave25mmLetters), nothing is drawn past the edges.
class SmallBoard : public ::testing::TestWithParam<ui::Lang> {};

TEST_P(SmallBoard, EveryPageIsReadableFrom5m) {
  const ui::Lang lang = GetParam();
  const bool en = lang == ui::Lang::en;
  KioskHarness h(2000, lang);
  add_busy_managers(h);
  busy_morning(h);
  const ui::BoardWords words{en ? NameLanguage::en : NameLanguage::zh, h.text.surnames, {}};
  const ui::Board board = ui::read_board(h.reception->engine(), h.store, "2026-11-24", 20, h.clock, nullptr, words);
  ASSERT_EQ(board.waiting.size(), 22u);
  BoardScreen s(h, lang, 1920, 1080, 476);
  const float real_px_per_mm = ui::pixels_per_mm(1920, 476);

  std::set<std::string> seen, names_seen;
  s.draw(board, 0);
  ASSERT_TRUE(s.pages.by_section) << "a 21.5-inch board shows one list at a time";
  const int cycle = s.pages.cycle();
  EXPECT_EQ(cycle, s.pages.waiting + s.pages.order);
  EXPECT_LE(s.pages.waiting, 6) << "22 waiting in four rows a page or more";
  EXPECT_LE(s.pages.order, 4) << "12 managers in three rows a page or more";
  const std::string count = fill(s.strings["board.waiting.count"], {{"n", "22"}});
  int waiting_pages = 0, order_pages = 0;
  for (int k = 0; k < cycle; ++k) {
    const auto drawn = s.draw(board, k * ui::kBoardPageSeconds);
    SCOPED_TRACE("page " + std::to_string(k + 1));
    expect_nothing_clipped(drawn, 1920, 1080);
    expect_all_on_screen(1920, 1080);
    int tickets = 0, managers = 0;
    for (const ui::DrawnText& d : drawn) {
      seen.insert(d.text);
      const float mm = letters_mm(d, real_px_per_mm);
      EXPECT_TRUE(mm == 0 || mm >= ui::kBoardSmallLetterMm) << d.text << ": letters of " << mm << " mm";
      if (d.text != d.meant) {  // shortened: its first characters stay, never the ellipsis alone
        EXPECT_GE(characters(d.text).size(), 4u) << d.meant << " shows as " << d.text;
      }
      for (const ui::Board::Waiting& w : board.waiting) {
        tickets += d.text == w.ticket;
        if (d.meant != w.name) continue;
        names_seen.insert(w.name);
        if (short_chinese(w.name)) {
          EXPECT_EQ(d.text, w.name) << "a short Chinese name shows whole";
        }
        EXPECT_GE(characters(d.text).size(), std::min<std::size_t>(4, characters(w.name).size())) << w.name;
      }
      for (const ui::Board::Turn& t : board.lines[0].order) {
        if (d.meant != t.name) continue;
        ++managers;
        names_seen.insert(t.name);
        if (short_chinese(t.name)) {
          EXPECT_EQ(d.text, t.name) << "a short Chinese name shows whole";
        }
      }
    }
    if (tickets > 0) {
      ++waiting_pages;
      EXPECT_TRUE(shows(drawn, count)) << "the count is of everyone waiting, not of the rows that fit";
      if (k + 1 < s.pages.waiting) {
        EXPECT_GE(tickets, 4) << "a full page of the waiting list";
      }
    } else {
      ++order_pages;
      EXPECT_GE(managers, k + 1 < cycle ? 3 : 1) << "a page of the turn order";
      EXPECT_TRUE(shows(drawn, "All busy: next customer to the first free; turn: 王丽") ||
                  shows(drawn, "全部忙碌：先空出的顾问接待，轮到王丽"))
          << "who is next up, and why, whole";
    }
  }
  EXPECT_EQ(waiting_pages, s.pages.waiting);
  EXPECT_EQ(order_pages, s.pages.order);
  for (const ui::Board::Waiting& w : board.waiting) {
    EXPECT_TRUE(seen.count(w.ticket)) << w.ticket << " never shows";
    EXPECT_TRUE(names_seen.count(w.name)) << w.name << " never shows";
    if (short_chinese(w.for_manager)) {  // whom they wait for: the manager's name whole
      EXPECT_TRUE(std::any_of(seen.begin(), seen.end(), [&](const std::string& t) {
        return t.find(w.for_manager) != std::string::npos && t != w.name;
      })) << w.for_manager;
    }
  }
  for (const ui::Board::Turn& t : board.lines[0].order) EXPECT_TRUE(names_seen.count(t.name)) << t.name << " never shows";
  for (const int pages : {s.pages.waiting, s.pages.order})
    for (const int page : {1, pages}) {
      const std::string label = fill(s.strings["board.page"], {{"i", std::to_string(page)}, {"n", std::to_string(pages)}});
      EXPECT_TRUE(seen.count(label)) << label << ": each list says its own pages";
    }
  if (en) {  // the names the board's language gives them, whole or with their start
    EXPECT_TRUE(seen.count("Ms Chen"));
    EXPECT_TRUE(std::any_of(seen.begin(), seen.end(), [](const std::string& t) { return t.rfind("Mr Vanderb", 0) == 0; }));
  }

  // The newest assignment shows whole in the large letters, over whatever page is showing.
  const ui::BoardCall call{"A023", "王丽"};
  const auto drawn = s.draw(board, 0, &call);
  expect_nothing_clipped(drawn, 1920, 1080);
  expect_all_on_screen(1920, 1080);
  EXPECT_TRUE(shows(drawn, "A023"));
  EXPECT_TRUE(shows(drawn, "→ 王丽"));
}

INSTANTIATE_TEST_SUITE_P(Languages, SmallBoard, ::testing::Values(ui::Lang::zh, ui::Lang::en),
                         [](const ::testing::TestParamInfo<ui::Lang>& info) {
                           return std::string(info.param == ui::Lang::zh ? "zh" : "en");
                         });

// Who is next up and why, too long for one line of a small board, takes two: the names at its
// end still show.
TEST(Board, ALongNextUpReasonTakesTwoLines) {
  KioskHarness h(2000, ui::Lang::en);
  add_busy_managers(h);
  busy_morning(h);
  ui::Board board = ui::read_board(h.reception->engine(), h.store, "2026-11-24", 20, h.clock);
  board.lines[0].next.why = NextUp::Why::on_behalf;
  board.lines[0].next_name = "Mr Vanderberg-Okonkwo", board.lines[0].turn_of_name = "Ms Smith-Jones";
  BoardScreen s(h, ui::Lang::en, 1920, 1080, 476);
  s.draw(board, 0);
  std::vector<ui::DrawnText> drawn;
  for (int k = 0; k < s.pages.cycle() && drawn.empty(); ++k) {
    auto frame = s.draw(board, k * ui::kBoardPageSeconds);
    if (shows_part(frame, "Next up")) drawn = frame;
  }
  ASSERT_FALSE(drawn.empty()) << "the turn order's page shows who is next up";
  expect_nothing_clipped(drawn, 1920, 1080);
  std::string reason;
  float first_y = -1, last_y = -1;
  for (const ui::DrawnText& d : drawn)
    if (d.meant.find("Next up") != std::string::npos || d.meant.find("(busy)") != std::string::npos) {
      reason += (reason.empty() ? "" : " ") + d.text;
      if (first_y < 0) first_y = d.y0;
      last_y = d.y0;
    }
  EXPECT_EQ(reason, "Next up: Mr Vanderberg-Okonkwo, for Ms Smith-Jones (busy)");
  EXPECT_GT(last_y, first_y) << "on two lines";
  float rows_end = 0;
  for (const ui::DrawnText& d : drawn)
    if (d.meant.find("With ") == 0) rows_end = std::max(rows_end, d.y1);
  EXPECT_LE(rows_end, first_y) << "the rows stop above the reason";
}

// With nobody served, all 20 waiting still show (the old board showed 8 and no more).
TEST(Board, WithNobodyServedEveryoneWaitingShows) {
  KioskHarness h;
  for (const char* m : {"M01", "M02", "M03"}) {
    Event e;
    e.type = EventType::status, e.m = m, e.status = State::on_break, e.t = h.clock += 10;
    ASSERT_TRUE(h.reception->handle(e, "test").ok());
  }
  for (int i = 0; i < 20; ++i) {
    Event e;
    e.type = EventType::arrive, e.id = "w" + std::to_string(i), e.t = h.clock += 10, e.surname = "王", e.title = "先生";
    ASSERT_TRUE(h.reception->handle(e, "test").ok());
  }
  const ui::Board board = ui::read_board(h.reception->engine(), h.store, "2026-11-24", 20, h.clock);
  ASSERT_EQ(board.waiting.size(), 20u);
  ASSERT_TRUE(board.serving.empty());
  BoardScreen s(h, ui::Lang::en);
  std::set<std::string> seen;
  for (const auto& drawn : one_cycle(s, board, 0))
    for (const ui::DrawnText& d : drawn) seen.insert(d.text);
  for (const ui::Board::Waiting& w : board.waiting) EXPECT_TRUE(seen.count(w.ticket)) << w.ticket;
}

// Each waiting customer says whom they wait for: the manager they named, their own, or anyone.
TEST(Board, EachWaitingCustomerSaysWhomTheyWaitFor) {
  KioskHarness h(2000, ui::Lang::en);
  add_busy_managers(h);
  busy_morning(h);
  const ui::Board board = busy_board(h, ui::Lang::en);
  std::map<WaitsFor, int> kinds;
  for (const ui::Board::Waiting& w : board.waiting) {
    ++kinds[w.waits_for];
    if (w.waits_for == WaitsFor::named) {
      EXPECT_EQ(w.for_manager, "Ms Smith-Jones") << w.ticket;
    } else if (w.waits_for == WaitsFor::own_manager) {
      EXPECT_EQ(w.for_manager, "李强") << w.ticket;
    }
  }
  EXPECT_GT(kinds[WaitsFor::anyone], 0);
  EXPECT_GT(kinds[WaitsFor::named], 0);
  EXPECT_GT(kinds[WaitsFor::own_manager], 0);
  BoardScreen s(h, ui::Lang::en);
  bool anyone = false, own = false, named = false;
  for (const auto& drawn : one_cycle(s, board, 0)) {
    anyone |= shows(drawn, "Anyone free");
    own |= shows(drawn, "李强 (own manager)");
    named |= shows_part(drawn, "Ms Smith");
  }
  EXPECT_TRUE(anyone && own && named) << anyone << own << named;
}

// The wait counts down as time passes, and a new reading with the same estimate goes on
// counting from when it was first made.
TEST(Board, TheWaitCountsDown) {
  KioskHarness h(2000, ui::Lang::en);
  add_busy_managers(h);
  busy_morning(h, 2);
  const ui::Board board = ui::read_board(h.reception->engine(), h.store, "2026-11-24", 20, h.clock);
  ASSERT_EQ(board.waiting.size(), 2u);
  const int minutes = board.waiting[0].minutes;
  ASSERT_GT(minutes, 5);
  BoardScreen s(h, ui::Lang::en, 1920, 1080, kBothListsMm);
  auto wait_shown = [&](const ui::Board& b, double at) {
    return shows(s.draw(b, at), fill(s.strings["board.wait.minutes"], {{"m", std::to_string(minutes - 5)}}));
  };
  EXPECT_FALSE(wait_shown(board, static_cast<double>(h.clock)));
  EXPECT_TRUE(wait_shown(board, static_cast<double>(h.clock) + 5 * 60 + 1));
  const ui::Board again = ui::read_board(h.reception->engine(), h.store, "2026-11-24", 20, h.clock + 300, &board);
  EXPECT_EQ(again.waiting[0].estimated_at, board.waiting[0].estimated_at);
  EXPECT_TRUE(wait_shown(again, static_cast<double>(h.clock) + 5 * 60 + 1));
  EXPECT_TRUE(shows(s.draw(board, static_cast<double>(h.clock) + 3 * 3600), s.strings["board.wait.soon"]));
}

// Who is next up shows with the reason when it is not simply the turn: a make-up credit, or
// nobody free (the marker stays on whose turn it is).
TEST(Board, NextUpSaysWhyAndStaysWhenEveryoneIsBusy) {
  KioskHarness h(2000, ui::Lang::en);
  Event e;
  e.type = EventType::absent, e.m = "M01", e.reason = "site_visit", e.t = h.clock += 10;
  ASSERT_TRUE(h.reception->handle(e, "test").ok());
  e = Event{};
  e.type = EventType::arrive, e.id = "c1", e.t = h.clock += 10;  // M02; M01 is owed a make-up turn
  ASSERT_TRUE(h.reception->handle(e, "test").ok());
  e = Event{};
  e.type = EventType::status, e.m = "M01", e.status = State::available, e.t = h.clock += 10;
  ASSERT_TRUE(h.reception->handle(e, "test").ok());
  ui::Board board = ui::read_board(h.reception->engine(), h.store, "2026-11-24", 20, h.clock);
  BoardScreen s(h, ui::Lang::en, 1920, 1080, kBothListsMm);
  EXPECT_TRUE(shows(s.draw(board, 0), "Next up: 王丽, owed a make-up turn"));
  for (const char* id : {"c2", "c3"}) {  // M01 on the make-up, then M03: everyone busy
    e = Event{};
    e.type = EventType::arrive, e.id = id, e.t = h.clock += 10;
    ASSERT_TRUE(h.reception->handle(e, "test").ok());
  }
  board = ui::read_board(h.reception->engine(), h.store, "2026-11-24", 20, h.clock);
  int marked = 0;
  for (const ui::Board::Turn& t : board.lines[0].order) marked += t.next_up;
  EXPECT_EQ(marked, 1) << "the marker stays when every present manager is busy";
  EXPECT_TRUE(shows_part(s.draw(board, 0), "All busy"));
}

// The newest assignment shows large for its seconds; a second waits its turn.
TEST(Board, CallsQueueAndEachShowsItsSeconds) {
  ui::CallQueue q;
  EXPECT_EQ(q.showing(100), nullptr);
  q.push({"A023", "王丽"});
  ASSERT_NE(q.showing(100), nullptr);
  q.push({"A024", "李强"});
  EXPECT_EQ(q.showing(100 + ui::CallQueue::kSeconds - 0.1)->ticket, "A023") << "the second never hides the first";
  EXPECT_EQ(q.showing(100 + ui::CallQueue::kSeconds)->ticket, "A024");
  EXPECT_EQ(*q.next_change(), 100 + 2 * ui::CallQueue::kSeconds);
  EXPECT_EQ(q.showing(100 + 2 * ui::CallQueue::kSeconds), nullptr);
  EXPECT_FALSE(q.next_change());
  q.push({"A025", "张敏"});
  q.push({"A026", "刘洋"});
  ASSERT_EQ(q.showing(200)->ticket, "A025");
  EXPECT_EQ(q.showing(500)->ticket, "A026") << "a board that slept still shows the next call its seconds";
  EXPECT_EQ(q.showing(500 + ui::CallQueue::kSeconds - 0.1)->ticket, "A026");
  EXPECT_EQ(q.showing(500 + ui::CallQueue::kSeconds), nullptr);

  KioskHarness h(2000, ui::Lang::zh);
  BoardScreen s(h, ui::Lang::zh);
  const ui::BoardCall call{"A023", "王丽"};
  const auto drawn = s.draw(ui::read_board(h.reception->engine(), h.store, "2026-11-24"), 0, &call);
  EXPECT_TRUE(shows(drawn, "A023"));
  EXPECT_TRUE(shows(drawn, "→ 王丽"));
}

// A branch with several service lines: each line's turn order shows, on pages of its own.
TEST(Board, EveryServiceLineShowsItsTurnOrder) {
  KioskHarness h(2000, ui::Lang::en);
  Event e;
  e.type = EventType::roster, e.line = "signing", e.order = {"M03", "M02"}, e.t = h.clock += 10;
  ASSERT_TRUE(h.reception->handle(e, "test").ok());
  const ui::Board board = ui::read_board(h.reception->engine(), h.store, "2026-11-24");
  ASSERT_EQ(board.lines.size(), 2u);
  EXPECT_EQ(board.lines[0].name, "main");
  BoardScreen s(h, ui::Lang::en);
  bool main = false, signing = false;
  for (const auto& drawn : one_cycle(s, board, 0)) {
    main |= shows(drawn, "Turn order: main");
    signing |= shows(drawn, "Turn order: signing") && shows(drawn, "张敏") && shows(drawn, "Next up: 张敏");
  }
  EXPECT_TRUE(main);
  EXPECT_TRUE(signing);
}

// The board says names its language's way: the studio's lines by the names its settings file
// gives them (read as `kiosk display` reads them), customers "Ms Chen" in English.
TEST(Board, LinesAndCustomersAreNamedInTheBoardsLanguage) {
  KioskHarness h(2000, ui::Lang::en, KioskHarness::kWidth, KioskHarness::kHeight, studio_lines());
  set_studio_rosters(h);
  Event e;
  e.type = EventType::status, e.m = "M03", e.status = State::on_break, e.t = h.clock += 10;
  ASSERT_TRUE(h.reception->handle(e, "test").ok());  // nobody free on the director line
  e = Event{};
  e.type = EventType::arrive, e.id = "v1", e.line = "director", e.surname = "陈", e.title = "女士", e.t = h.clock += 10;
  ASSERT_TRUE(h.reception->handle(e, "test").ok());

  RunOptions run;
  DisplayOptions display;
  load_kiosk_config(SOURCE_DIR "/deploy/examples/renovation-studio.toml", run, display);
  ASSERT_EQ(display.lines.size(), 4u) << "kiosk display reads the lines with the kiosk's settings";
  for (const ui::Lang lang : {ui::Lang::en, ui::Lang::zh}) {
    const bool en = lang == ui::Lang::en;
    ui::BoardWords words{en ? NameLanguage::en : NameLanguage::zh, h.text.surnames, {}};
    for (const ui::ServiceLine& l : display.lines) words.line_titles[l.id] = en ? l.name_en : l.name_zh;
    const ui::Board board = ui::read_board(h.reception->engine(), h.store, "2026-11-24", 20, 0, nullptr, words);
    ASSERT_EQ(board.waiting.size(), 1u);
    EXPECT_EQ(board.waiting[0].name, en ? "Ms Chen" : "陈女士");
    BoardScreen s(h, lang);
    bool director = false, anyone = false;
    for (const auto& drawn : one_cycle(s, board, 0)) {
      director |= shows(drawn, en ? "Turn order: Director" : "轮值顺序：主任设计师");
      anyone |= shows_part(drawn, en ? "Anyone on Director" : "主任设计师");
      for (const char* id_shown : {": director", "on director", "director："})
        EXPECT_FALSE(shows_part(drawn, id_shown)) << "a line's id is not a word for customers";
    }
    EXPECT_TRUE(director) << (en ? "en" : "zh");
    EXPECT_TRUE(anyone) << (en ? "en" : "zh");
  }
}

// The board draws itself again when its picture changes with no event: each minute (the waits
// count down), each page, each call's end, and at midnight, when it reads the new day: the
// day's receptions start again from nothing.
TEST(Board, RedrawsEachMinuteEachPageAndAtMidnight) {
  const double before_midnight = static_cast<double>(*parse_local_time("2026-11-24T23:59:41")) + 0.3;
  const double midnight = static_cast<double>(*parse_local_time("2026-11-25T00:00"));
  EXPECT_EQ(ui::board_redraw_due(before_midnight, {}, std::nullopt), midnight);
  EXPECT_EQ(ui::board_redraw_due(before_midnight - 60, {}, std::nullopt), midnight - 60) << "each minute";
  const ui::BoardPages turning{3, 1};
  EXPECT_DOUBLE_EQ(ui::board_redraw_due(before_midnight, turning, std::nullopt), midnight - 16) << "the next page";
  EXPECT_EQ(ui::board_redraw_due(before_midnight, turning, before_midnight + 2), before_midnight + 2) << "a call ends";
  EXPECT_EQ(ui::board_redraw_due(midnight - 0.5, turning, std::nullopt), midnight) << "a page turns at midnight too";

  KioskHarness h;
  add_busy_managers(h);
  busy_morning(h);
  auto receptions = [&](const std::string& day) {
    int sum = 0;
    for (const ui::Board::Turn& t : ui::read_board(h.reception->engine(), h.store, day).lines[0].order)
      sum += t.receptions;
    return sum;
  };
  EXPECT_GT(receptions("2026-11-24"), 10);
  EXPECT_EQ(receptions("2026-11-25"), 0) << "the new day's board counts from nothing";
}

// The footer (a printer out of paper, notices failing) fits above the bottom edge with the
// lists stopping above it, in the longer language on the smallest board.
TEST(Board, TheFooterFitsAboveTheBottomEdge) {
  KioskHarness h(2000, ui::Lang::en);
  add_busy_managers(h);
  busy_morning(h);
  ui::Board board = ui::read_board(h.reception->engine(), h.store, "2026-11-24");
  board.printer = DeviceStatus{"printer", "paper_end", false, "A031", "out of paper", "10:02"};
  board.notify.channel = "wecom", board.notify.failures = 5, board.notify.failing_since_ms = 1;
  board.notify.failing_since = "09:41", board.notify.cause = "network";
  for (const ui::Lang lang : {ui::Lang::en, ui::Lang::zh}) {
    BoardScreen s(h, lang, 1920, 1080, 476);  // 21.5 inches
    const auto drawn = s.draw(board, 0);
    expect_nothing_clipped(drawn, 1920, 1080);
    float footer_top = 1080, lists_end = 0;
    int footer_lines = 0;
    for (const ui::DrawnText& d : drawn) {
      const bool footer = d.meant.find("09:41") != std::string::npos || d.meant.find("A031") != std::string::npos;
      if (footer) footer_top = std::min(footer_top, d.y0), ++footer_lines;
      else lists_end = std::max(lists_end, d.y1);
    }
    EXPECT_EQ(footer_lines, 2) << "the printer's line and the notices'";
    for (const ui::DrawnText& d : drawn) EXPECT_EQ(d.meant.find("device."), std::string::npos) << d.meant;
    EXPECT_LE(lists_end, footer_top + 1) << "the lists run into the footer";
  }
}

// Long names are shortened at a character, never inside one.
TEST(Board, LongNamesAreShortenedAtACharacter) {
  KioskHarness h;
  BoardScreen s(h, ui::Lang::zh);
  const ImFont& f = *s.theme.fonts.body;
  const std::string name = "欧阳晓峰 Smith-Jones";
  std::set<std::string> cuts;
  for (float w = 0; w < 2000; w += 7) {
    const std::string fitted = ui::fit_text(f, name, w, "…");
    EXPECT_TRUE(valid_utf8(fitted)) << w;
    if (fitted != name && !fitted.empty()) {
      EXPECT_EQ(name.compare(0, fitted.size() - 3, fitted.substr(0, fitted.size() - 3)), 0) << fitted;
      EXPECT_LE(f.CalcTextSizeA(f.FontSize, 1e9f, 0, fitted.c_str()).x, w + 0.01f) << fitted;
    }
    cuts.insert(fitted);
  }
  EXPECT_TRUE(cuts.count(name));
  EXPECT_TRUE(cuts.count("欧阳…"));
  EXPECT_GT(cuts.size(), 8u);
}

// Every board.* key the board uses is in both languages, with the same {placeholders}.
TEST(Board, EveryBoardStringIsInBothLanguages) {
  KioskHarness h;
  const std::string source = itest::read_file(SOURCE_DIR "/kiosk/ui/lobby_board.cpp");
  const std::regex key("\"(board\\.[a-z_.]+[a-z_])\"");
  const std::regex placeholder("\\{[a-z]+\\}");
  auto names = [&](const std::string& s) {
    std::set<std::string> r;
    for (std::sregex_iterator m(s.begin(), s.end(), placeholder), end; m != end; ++m) r.insert(m->str());
    return r;
  };
  int found = 0;
  for (std::sregex_iterator m(source.begin(), source.end(), key), end; m != end; ++m, ++found) {
    const std::string k = (*m)[1];
    ASSERT_TRUE(h.text.zh.text.count(k)) << k;
    ASSERT_TRUE(h.text.en.text.count(k)) << k;
    EXPECT_EQ(names(h.text.zh[k]), names(h.text.en[k])) << k;
  }
  EXPECT_GT(found, 20);
}

}  // namespace
}  // namespace lobby::uitest
