#include "kiosk/ui/lobby_board.h"

#include "kiosk/core/names.h"
#include "kiosk/ui/device_status_line.h"
#include "kiosk/ui/notify_status.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8: a character at a time

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <map>

namespace lobby::ui {

// --- Reading the model ---

Board read_board(const RotationEngine& engine, const Store& store, const std::string& day,
                 int typical_reception_minutes, Time now, const Board* before, const BoardWords& words) {
  Board b;
  auto line_title = [&](const std::string& id) {
    const auto it = words.line_titles.find(id);
    return it == words.line_titles.end() || it->second.empty() ? id : it->second;
  };
  std::map<std::string, std::string> names;
  for (const ManagerProfile& p : store.managers()) names[p.id] = p.display_name.empty() ? p.id : p.display_name;
  auto name = [&](const std::string& id) { return names.count(id) ? names[id] : id; };
  std::map<std::string, int> receptions;
  for (const DispatchRow& r : store.dispatch_log(day)) receptions[r.manager] = r.receptions();

  const auto managers = engine.managers();
  std::map<std::string, std::string> serving_ticket;  // manager id -> ticket
  for (const ManagerView& m : managers) {
    if (m.state != State::receiving || m.serving.empty()) continue;
    const auto label = store.visit_label(m.serving);
    serving_ticket[m.id] = label ? label->ticket : "";
    b.serving.push_back({serving_ticket[m.id], name(m.id)});
  }
  for (const WaitingView& w : engine.waiting()) {
    const auto label = store.visit_label(w.visit);
    if (!label) continue;
    const auto wait = engine.wait_estimate(w.visit, typical_reception_minutes);
    Board::Waiting row{w.visit, label->ticket, polite_name(label->surname, label->title, words.language, words.surnames),
                       w.line, line_title(w.line), w.waits_for,
                       w.for_manager.empty() ? "" : name(w.for_manager), wait ? wait->minutes : 0, now};
    if (before)  // the same estimate goes on counting down from when it was first made
      for (const Board::Waiting& old : before->waiting)
        if (old.visit == row.visit && old.minutes == row.minutes && old.waits_for == row.waits_for &&
            old.for_manager == row.for_manager)
          row.estimated_at = old.estimated_at;
    b.waiting.push_back(std::move(row));
  }
  b.notify = store.notify_state();
  for (const LineView& line : engine.lines()) {
    Board::Line l{line.name, line_title(line.name), {}, engine.next_up_why(line.name), "", ""};
    l.next_name = l.next.manager.empty() ? "" : name(l.next.manager);
    l.turn_of_name = l.next.turn_of.empty() ? "" : name(l.next.turn_of);
    for (std::size_t i = 0; i < line.order.size(); ++i) {
      Board::Turn t;
      t.id = line.order[i];
      t.name = name(t.id);
      for (const ManagerView& m : managers)
        if (m.id == t.id) t.state = m.state;
      if (t.state == State::receiving) t.serving = serving_ticket[t.id];
      t.credits = line.credits[i];
      t.receptions = receptions[t.id];
      t.next_up = t.id == l.next.manager;
      l.order.push_back(std::move(t));
    }
    b.lines.push_back(std::move(l));
  }
  std::stable_partition(b.lines.begin(), b.lines.end(), [](const Board::Line& l) { return l.name == "main"; });
  b.printer = store.device_status("printer");
  return b;
}

double board_redraw_due(double now, const BoardPages& pages, std::optional<double> call_change) {
  double due = (std::floor(now / 60) + 1) * 60;
  if (pages.turning()) due = std::min(due, (std::floor(now / kBoardPageSeconds) + 1) * kBoardPageSeconds);
  if (call_change) due = std::min(due, *call_change);
  return due;
}

// --- The calls ---

const BoardCall* CallQueue::showing(double now) {
  while (!calls_.empty()) {
    if (!since_) since_ = now;
    if (now - *since_ < kSeconds) return &calls_.front();
    calls_.pop_front();
    since_ = calls_.empty() ? std::nullopt : std::optional(*since_ + kSeconds);
    if (since_ && now - *since_ >= kSeconds) since_ = now;  // the board slept: show the next whole
  }
  return nullptr;
}

std::optional<double> CallQueue::next_change() const {
  if (calls_.empty()) return std::nullopt;
  return since_ ? *since_ + kSeconds : 0;
}

// --- Drawing ---

namespace {

std::vector<DrawnText>* recorded = nullptr;

float width_of(const ImFont& f, std::string_view s) {
  return f.CalcTextSizeA(f.FontSize, FLT_MAX, 0, s.data(), s.data() + s.size()).x;
}

ImU32 state_colour(State s) {
  switch (s) {
    case State::available: return IM_COL32(46, 125, 50, 255);
    case State::receiving: return IM_COL32(0, 92, 122, 255);
    case State::on_break: return IM_COL32(170, 100, 0, 255);
    case State::task: return IM_COL32(106, 27, 154, 255);
    case State::off: break;
  }
  return IM_COL32(110, 110, 110, 255);
}

constexpr ImU32 kNextUpRow = IM_COL32(255, 236, 179, 255);
constexpr ImU32 kWhite = IM_COL32(255, 255, 255, 255);

// The board's drawing surface: every string goes through put(), which fits it to its room.
struct Painter {
  ImDrawList* dl;
  std::string ellipsis;

  // Draws `meant` at (x, y) in at most `w` pixels, shortened with the ellipsis if need be;
  // `right`: against the right edge of the room. Returns the width drawn.
  float put(ImFont* f, float x, float y, float w, ImU32 colour, const std::string& meant, bool right = false) const {
    const std::string text = fit_text(*f, meant, w, ellipsis);
    const float tw = width_of(*f, text);
    const float at = right ? x + w - tw : x;
    if (!text.empty()) dl->AddText(f, f->FontSize, {at, y}, colour, text.c_str(), text.c_str() + text.size());
    if (recorded) {
      const ImVec2 c0 = dl->GetClipRectMin(), c1 = dl->GetClipRectMax();
      recorded->push_back(
          {text, meant, f, at, y, at + tw, y + f->FontSize, x, y, x + w, y + f->FontSize, c0.x, c0.y, c1.x, c1.y});
    }
    return tw;
  }
  // `tmpl` with {m} set to `name`, the name shortened first so the rest of the words stay; when
  // the name would keep nothing but the ellipsis, the whole is cut from its end instead, so the
  // name's start still shows.
  std::string fill_fitting(ImFont* f, const std::string& tmpl, const std::string& name, float w) const {
    const std::string whole = fill(tmpl, {{"m", name}});
    if (width_of(*f, whole) <= w) return whole;
    const std::string shortened = fit_text(*f, name, w - width_of(*f, fill(tmpl, {{"m", ""}})), ellipsis);
    return shortened.size() <= ellipsis.size() ? whole : fill(tmpl, {{"m", shortened}});
  }
  void rect(float x0, float y0, float x1, float y1, ImU32 colour) const { dl->AddRectFilled({x0, y0}, {x1, y1}, colour); }
};

ImU32 u32(const ImVec4& c) { return ImGui::ColorConvertFloat4ToU32(c); }

// The band of a line that its letters ink: from the top of the tallest Chinese character or
// capital to the bottom of a Latin descender (about 0.2 to 0.98 of Noto Sans CJK's line). The
// line above the band is empty, so a row need only hold the band: the text's box may reach up
// into the row above, where it draws nothing.
struct Ink {
  float top, bottom;  // from the top of the line's box
};
Ink letters_ink(const ImFont& f) {
  Ink ink{f.FontSize, 0};
  for (const ImFontGlyph& g : f.Glyphs) {
    const unsigned c = g.Codepoint;
    const bool letter = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= 0x4E00 && c <= 0x9FFF);
    if (letter && g.Visible) ink.top = std::min(ink.top, g.Y0), ink.bottom = std::max(ink.bottom, g.Y1);
  }
  return ink.top < ink.bottom ? ink : Ink{0, f.FontSize};
}

// A panel's geometry: the heading, the column headers, then rows of one height, each holding
// the ink of the body letters (tickets, names) with `vpad` above and below it. `pad` is the
// room beside text (and between columns).
struct Panel {
  float x0, y0, x1, y1;
  float heading_h, header_h, pad, vpad;
  ImFont* heading_font;  // the largest the heading may be
  float row_h = 0;       // set by rows_for()
  float body_dy = 0;     // where a body line's box starts below its row's top (< 0: above it)
  float overhang = 0;    // how far the last row's body box reaches below the rows
  float rows_top() const { return y0 + heading_h + header_h; }
  int rows_fit(float bottom_reserved) const {
    return std::max(1, static_cast<int>((y1 - bottom_reserved - overhang - rows_top()) / row_h));
  }
  // The small letters on the body's baseline.
  float small_dy(const ImFont& body, const ImFont& small) const { return body_dy + body.Ascent - small.Ascent; }
};
Panel rows_for(Panel p, const ImFont& body) {
  const Ink ink = letters_ink(body);
  p.row_h = ink.bottom - ink.top + 2 * p.vpad;
  p.body_dy = p.vpad - ink.top;
  p.overhang = std::max(0.0f, p.body_dy + body.FontSize - p.row_h);
  return p;
}

// The heading: the list's name on the left, "page 2/3" on the right when it has pages.
void heading(const Painter& p, const Theme& t, const StringTable& s, const Panel& panel, const std::string& text,
             int page, int pages) {
  float page_w = 0;
  if (pages > 1) {
    const std::string label = fill(s["board.page"], {{"i", std::to_string(page + 1)}, {"n", std::to_string(pages)}});
    const float room = (panel.x1 - panel.x0) * 0.4f;
    const float y = panel.y0 + panel.heading_h - t.fonts.small->FontSize - panel.vpad;
    page_w = p.put(t.fonts.small, panel.x1 - room, y, room, colour::muted, label, true) + panel.pad * 2;
  }
  // A small screen read from far has room for few characters: a smaller heading, not a cut one.
  const float room = panel.x1 - panel.x0 - page_w;
  ImFont* font = panel.heading_font;
  for (ImFont* f : {t.fonts.title, t.fonts.body, t.fonts.small}) {
    if (f->FontSize > panel.heading_font->FontSize) continue;
    if (font = f; width_of(*f, text) <= room) break;
  }
  p.put(font, panel.x0, panel.y0 + panel.heading_h - font->FontSize - panel.vpad / 2, room, colour::accent, text);
}

struct Column {
  std::string header;
  float w;
};

void column_headers(const Painter& p, const Theme& t, const Panel& panel, const std::vector<Column>& cols) {
  const float y = panel.y0 + panel.heading_h;
  p.rect(panel.x0, y, panel.x1, y + panel.header_h, u32(ImGui::GetStyle().Colors[ImGuiCol_TableHeaderBg]));
  float x = panel.x0;
  const float text_y = y + (panel.header_h - t.fonts.small->FontSize) / 2;
  for (const Column& c : cols) {
    if (c.w <= 0) continue;  // left out on this screen
    p.put(t.fonts.small, x + panel.pad, text_y, c.w - 2 * panel.pad, colour::text, c.header);
    x += c.w;
  }
}

// Widths for columns that need `need` each: the flexible ones (`flex`) share what the fixed
// ones leave in proportion to what each needs (more than that when there is room).
std::vector<float> share(std::vector<float> need, const std::vector<bool>& flex, float total) {
  float fixed = 0, wanted = 0;
  for (std::size_t i = 0; i < need.size(); ++i) (flex[i] ? wanted : fixed) += need[i];
  const float room = std::max(0.0f, total - fixed);
  for (std::size_t i = 0; i < need.size(); ++i)
    if (flex[i]) need[i] = wanted <= 0 ? room : need[i] * room / wanted;
  return need;
}

int page_at(double now, int pages) {
  if (pages <= 1) return 0;
  return static_cast<int>(static_cast<long long>(std::floor(now / kBoardPageSeconds)) % pages);
}

int pages_of(std::size_t rows, int fit) { return std::max(1, static_cast<int>((rows + fit - 1) / fit)); }

// `text` in at most `max_lines` lines of `width`, each broken after a space or beside a Chinese
// character (never before its punctuation), the last shortened with the ellipsis if need be.
std::vector<std::string> wrap_text(const ImFont& f, std::string_view text, float width, int max_lines,
                                   std::string_view ellipsis) {
  auto punctuation = [](unsigned c) { return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF); };
  std::vector<std::string> lines;
  while (!text.empty()) {
    if (static_cast<int>(lines.size()) + 1 == max_lines || width_of(f, text) <= width) {
      lines.push_back(fit_text(f, text, width, ellipsis));
      break;
    }
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    std::size_t line_end = 0, next = 0;  // the best break so far: this line's end, the next's start
    float x = 0;
    for (const char* q = begin; q < end;) {
      unsigned c = 0;
      const int n = ImTextCharFromUtf8(&c, q, end);
      if (n <= 0) break;
      const auto at = static_cast<std::size_t>(q - begin);
      if (c == ' ') line_end = at, next = at + 1;
      else if (c >= 0x2E80 && !punctuation(c) && at > 0) line_end = next = at;  // before a Chinese character
      x += f.GetCharAdvance(static_cast<ImWchar>(c));
      if (x > width) {
        if (line_end == 0) line_end = next = at;  // one word longer than the line: cut at a character
        break;
      }
      q += n;
      if (punctuation(c)) line_end = next = static_cast<std::size_t>(q - begin);  // after "，" or "："
    }
    if (line_end == 0) break;  // not even one character fits
    lines.emplace_back(text.substr(0, line_end));
    text.remove_prefix(next);
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  }
  return lines;
}

std::string waits_for_text(const Painter& p, ImFont* f, const StringTable& s, const Board& b, const Board::Waiting& w,
                           float room) {
  switch (w.waits_for) {
    case WaitsFor::named: return p.fill_fitting(f, s["board.for.named"], w.for_manager, room);
    case WaitsFor::own_manager: return p.fill_fitting(f, s["board.for.own"], w.for_manager, room);
    case WaitsFor::anyone: break;
  }
  return b.lines.size() > 1 ? fill(s["board.for.anyone_line"], {{"line", w.line_title}}) : s["board.for.anyone"];
}

std::string wait_text(const StringTable& s, const Board::Waiting& w, double now) {
  const int left = wait_minutes_left(w.minutes, w.estimated_at, static_cast<Time>(now));
  return left > 0 ? fill(s["board.wait.minutes"], {{"m", std::to_string(left)}}) : s["board.wait.soon"];
}

// The waiting list's page `page` of `pages` (each `fit` rows): the heading counts everyone.
void draw_waiting(const Painter& p, const Theme& t, const StringTable& s, const Board& b, const Panel& panel,
                  double now, int fit, int page, int pages) {
  ImFont* body = t.fonts.body;
  ImFont* small = t.fonts.small;
  const std::string count = b.waiting.empty() ? s["board.waiting"]
                                              : fill(s["board.waiting.count"], {{"n", std::to_string(b.waiting.size())}});
  heading(p, t, s, panel, count, page, pages);
  if (b.waiting.empty()) {
    p.put(body, panel.x0, panel.y0 + panel.heading_h, panel.x1 - panel.x0, colour::muted, s["board.none_waiting"]);
    return;
  }
  // Columns: ticket and wait as wide as their widest text; name and whom-for share the rest.
  const float pad2 = 2 * panel.pad;
  std::vector<Column> cols = {{s["board.col.ticket"], 0}, {s["board.col.name"], 0}, {s["board.col.for"], 0},
                              {s["board.col.wait"], 0}};
  std::vector<float> need(4);
  for (std::size_t i = 0; i < 4; ++i) need[i] = width_of(*small, cols[i].header) + pad2;
  for (const Board::Waiting& w : b.waiting) {
    need[0] = std::max(need[0], width_of(*body, w.ticket) + pad2);
    need[1] = std::max(need[1], width_of(*body, w.name) + pad2);
    need[2] = std::max(need[2], width_of(*small, waits_for_text(p, small, s, b, w, FLT_MAX)) + pad2);
    need[3] = std::max(need[3], width_of(*small, wait_text(s, w, now)) + pad2);
  }
  const std::vector<float> w = share(need, {false, true, true, false}, panel.x1 - panel.x0);
  for (std::size_t i = 0; i < 4; ++i) cols[i].w = w[i];
  column_headers(p, t, panel, cols);

  const std::size_t first = static_cast<std::size_t>(page) * fit;
  float y = panel.rows_top();
  for (std::size_t i = first; i < b.waiting.size() && i < first + fit; ++i, y += panel.row_h) {
    const Board::Waiting& r = b.waiting[i];
    if ((i - first) % 2) p.rect(panel.x0, y, panel.x1, y + panel.row_h, u32(ImGui::GetStyle().Colors[ImGuiCol_TableRowBgAlt]));
    const float body_y = y + panel.body_dy, small_y = y + panel.small_dy(*body, *small);
    float x = panel.x0 + panel.pad;
    p.put(body, x, body_y, cols[0].w - pad2, colour::accent, r.ticket);
    x += cols[0].w;
    p.put(body, x, body_y, cols[1].w - pad2, colour::text, r.name);
    x += cols[1].w;
    const ImU32 for_colour = r.waits_for == WaitsFor::anyone ? colour::muted : colour::text;
    p.put(small, x, small_y, cols[2].w - pad2, for_colour, waits_for_text(p, small, s, b, r, cols[2].w - pad2));
    x += cols[2].w;
    p.put(small, x, small_y, cols[3].w - pad2, colour::text, wait_text(s, r, now));
  }
}

std::string next_up_text(const StringTable& s, const Board::Line& l) {
  switch (l.next.why) {
    case NextUp::Why::turn: return fill(s["board.next.turn"], {{"m", l.next_name}});
    case NextUp::Why::makeup: return fill(s["board.next.makeup"], {{"m", l.next_name}});
    case NextUp::Why::on_behalf: return fill(s["board.next.on_behalf"], {{"m", l.next_name}, {"owner", l.turn_of_name}});
    case NextUp::Why::nobody_free:
      return l.next_name.empty() ? s["board.next.nobody"] : fill(s["board.next.all_busy"], {{"m", l.next_name}});
  }
  return "";
}

std::string state_text(const StringTable& s, const Board::Turn& r) {
  if (r.state == State::receiving && !r.serving.empty()) return fill(s["board.state.with"], {{"t", r.serving}});
  return s[std::string("state.") + std::string(name_of(r.state))];
}

// The turn order's pages: each line's order a screenful at a time, and the lines of who is next
// up and why (two at most) beneath each.
struct OrderPages {
  struct Page {
    std::size_t line, first;
    std::vector<std::string> reason;
  };
  std::vector<Page> pages;
  int fit = 1;  // rows a page holds
};

float reason_height(const Theme& t, const Panel& panel, std::size_t lines) {
  return static_cast<float>(lines) * t.fonts.small->FontSize + 2 * panel.vpad;
}

OrderPages order_pages(const Painter& p, const Theme& t, const StringTable& s, const Board& b, const Panel& panel) {
  OrderPages o;
  const float room = panel.x1 - panel.x0 - 2 * panel.pad;
  std::vector<std::vector<std::string>> reasons;
  std::size_t most = 1;
  for (const Board::Line& l : b.lines) {
    reasons.push_back(wrap_text(*t.fonts.small, next_up_text(s, l), room, 2, p.ellipsis));
    most = std::max(most, reasons.back().size());
  }
  o.fit = panel.rows_fit(reason_height(t, panel, most));  // the same rows on every page
  for (std::size_t l = 0; l < b.lines.size(); ++l)
    for (std::size_t first = 0; first == 0 || first < b.lines[l].order.size(); first += o.fit)
      o.pages.push_back({l, first, reasons[l]});
  return o;
}

void draw_order(const Painter& p, const Theme& t, const StringTable& s, const Board& b, const Panel& panel,
                const OrderPages& pages, int page) {
  ImFont* body = t.fonts.body;
  ImFont* small = t.fonts.small;
  if (pages.pages.empty()) {
    heading(p, t, s, panel, s["board.order"], 0, 1);
    return;
  }
  const OrderPages::Page& at = pages.pages[page];
  const Board::Line& line = b.lines[at.line];
  heading(p, t, s, panel, b.lines.size() > 1 ? fill(s["board.order.line"], {{"line", line.title}}) : s["board.order"],
          page, static_cast<int>(pages.pages.size()));

  const float pad2 = 2 * panel.pad;
  std::vector<Column> cols = {{s["board.col.manager"], 0}, {s["board.col.state"], 0}, {s["board.col.makeup"], 0},
                              {s["board.col.today"], 0}};
  std::vector<float> need(4);
  for (std::size_t i = 0; i < 4; ++i) need[i] = width_of(*small, cols[i].header) + pad2;
  for (const Board::Line& l : b.lines)  // the same columns on every page
    for (const Board::Turn& r : l.order) {
      need[0] = std::max(need[0], width_of(*body, r.name) + pad2);
      need[1] = std::max(need[1], width_of(*small, state_text(s, r)) + pad2);
      need[2] = std::max(need[2], width_of(*small, "+" + std::to_string(r.credits)) + pad2);
      need[3] = std::max(need[3], width_of(*small, std::to_string(r.receptions)) + pad2);
    }
  // On a small screen read from far, today's count and then the make-up column give way to the
  // names (a credit then shows after the name).
  const float panel_w = panel.x1 - panel.x0;
  for (std::size_t drop : {3, 2})
    if (panel_w - need[1] - need[2] - need[3] < 4 * body->FontSize) need[drop] = 0;
  const bool makeup_column = need[2] > 0;
  const std::vector<float> w = share(need, {true, false, false, false}, panel_w);
  for (std::size_t i = 0; i < 4; ++i) cols[i].w = w[i];
  column_headers(p, t, panel, cols);

  float y = panel.rows_top();
  for (std::size_t i = at.first; i < line.order.size() && i < at.first + pages.fit; ++i, y += panel.row_h) {
    const Board::Turn& r = line.order[i];
    if (r.next_up) p.rect(panel.x0, y, panel.x1, y + panel.row_h, kNextUpRow);
    else if ((i - at.first) % 2) p.rect(panel.x0, y, panel.x1, y + panel.row_h, u32(ImGui::GetStyle().Colors[ImGuiCol_TableRowBgAlt]));
    const float body_y = y + panel.body_dy, small_y = y + panel.small_dy(*body, *small);
    float x = panel.x0 + panel.pad;
    const std::string credit = r.credits ? "+" + std::to_string(r.credits) : "";
    const float credit_w = makeup_column || credit.empty() ? 0 : width_of(*small, credit) + panel.pad;
    const float name_w = p.put(body, x, body_y, cols[0].w - pad2 - credit_w, colour::text, r.name);
    if (credit_w > 0) p.put(small, x + name_w + panel.pad, small_y, credit_w - panel.pad, colour::warning, credit);
    x += cols[0].w;
    p.put(small, x, small_y, cols[1].w - pad2, state_colour(r.state), state_text(s, r));
    x += cols[1].w;
    if (makeup_column && !credit.empty()) p.put(small, x, small_y, cols[2].w - pad2, colour::warning, credit);
    x += cols[2].w;
    if (cols[3].w > 0) p.put(small, x, small_y, cols[3].w - pad2, colour::text, std::to_string(r.receptions));
  }
  const float reason_h = reason_height(t, panel, at.reason.size());
  p.rect(panel.x0, panel.y1 - reason_h, panel.x1, panel.y1, kNextUpRow);
  float reason_y = panel.y1 - reason_h + panel.vpad;
  for (const std::string& text : at.reason) {
    p.put(small, panel.x0 + panel.pad, reason_y, panel.x1 - panel.x0 - pad2, colour::text, text);
    reason_y += small->FontSize;
  }
}

// The newest assignment, across the middle of the board: "A023 → 王丽". The ticket is in the
// huge letters when they fit in half the box with the manager's name whole beside them, else in
// the title's (capitals of 30 mm): a 21.5-inch board would otherwise show "A0…" or "A023 → Mr…".
void draw_call(const Painter& p, const Theme& t, const StringTable& s, const BoardCall& call, float width,
               float height) {
  ImFont* title = t.fonts.title;
  ImFont* small = t.fonts.small;
  const float pad = title->FontSize * 0.4f;
  const float box_w = width * 0.9f;
  const float room = box_w - 2 * pad;
  const std::string to = fill(s["board.call.to"], {{"m", call.manager}});
  ImFont* huge = t.fonts.huge;
  const float huge_w = width_of(*huge, call.ticket);
  if (huge_w > room * 0.5f || huge_w + pad + width_of(*title, to) > room) huge = title;
  const float box_h = small->FontSize + huge->FontSize + 3 * pad;
  const float x0 = (width - box_w) / 2, y0 = (height - box_h) / 2;
  p.rect(x0, y0, x0 + box_w, y0 + box_h, colour::accent);
  p.put(small, x0 + pad, y0 + pad, room, kWhite, s["board.call.title"]);
  const float ticket_w = std::min(width_of(*huge, call.ticket), room * 0.5f);
  const float to_w = std::min(width_of(*title, to), room - ticket_w - pad);
  const float x = x0 + (box_w - ticket_w - pad - to_w) / 2;
  const float line_y = y0 + 2 * pad + small->FontSize;
  p.put(huge, x, line_y, ticket_w, kWhite, call.ticket);
  const float baseline_drop = (huge->FontSize - title->FontSize) * 0.7f;  // on the ticket's baseline
  p.put(title, x + ticket_w + pad, line_y + baseline_drop, to_w, kWhite,
        p.fill_fitting(title, s["board.call.to"], call.manager, to_w));
}

// Side by side, a list has about half the screen. That is enough when a half holds kMinRows rows
// and a waiting customer's row whole that has each column's usual longest words: a ticket, a
// four-character name (欧阳女士, or the same customer in English, Ms Ouyang, which is wider), a
// customer of their own manager's and the wait. The test is of the screen and the words, not of
// today's names, so a long name arriving never turns the board into the other layout. (With
// 25 mm capitals it puts a 55-inch board side by side; a 46-inch one shows the lists in turn,
// or its English names would shrink to "Mr Vander…" and "李强 (own m…".)
constexpr int kMinRows = 5;

bool side_by_side_fits(const Theme& t, const StringTable& s, const Panel& half) {
  if (half.rows_fit(reason_height(t, half, 1)) < kMinRows) return false;
  ImFont* body = t.fonts.body;
  ImFont* small = t.fonts.small;
  const float name = std::max(width_of(*body, "欧阳女士"), width_of(*body, "Ms Ouyang"));
  const float row = width_of(*body, "A023") + name +
                    width_of(*small, fill(s["board.for.own"], {{"m", "王丽"}})) +
                    width_of(*small, fill(s["board.wait.minutes"], {{"m", "20"}})) + 8 * half.pad;
  return row <= half.x1 - half.x0;
}

}  // namespace

std::string fit_text(const ImFont& font, std::string_view text, float width, std::string_view ellipsis) {
  // A column is made as wide as its widest text plus padding, and given back less the padding:
  // a hundredth of a pixel of rounding must not cut "A023" to "A0…".
  width += 0.01f;
  if (width_of(font, text) <= width) return std::string(text);
  const float room = width - width_of(font, ellipsis);
  if (room < 0) return "";
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* p = begin;
  float x = 0;
  std::size_t cut = 0;  // always at the start of a character
  while (p < end) {
    unsigned c = 0;
    const int n = ImTextCharFromUtf8(&c, p, end);
    if (n <= 0) break;
    const float advance = font.GetCharAdvance(static_cast<ImWchar>(c));
    if (x + advance > room) break;
    x += advance;
    p += n;
    cut = static_cast<std::size_t>(p - begin);
  }
  std::string out(text.substr(0, cut));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + std::string(ellipsis);
}

void record_board_text(std::vector<DrawnText>* into) { recorded = into; }

BoardPages lobby_board_screen(const Board& board, const Theme& t, const StringTable& s, const BoardView& view) {
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("board", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBackground);
  const float width = io.DisplaySize.x, height = io.DisplaySize.y;
  // The footer: the printer's trouble and the notices' (none while they work), for staff. One
  // line each in the small letters, shortened if need be: at a board's size a wrapped sentence
  // would take the lists' room.
  const std::string printer = board.printer ? device_status_text(*board.printer, s) : "";
  const std::string notices = notify_status_text(board.notify, s);
  const float line_h = t.fonts.small->FontSize * 1.15f;
  const float footer_h = static_cast<float>(!printer.empty() + !notices.empty()) * line_h;

  const Painter p{ImGui::GetWindowDrawList(), s["board.ellipsis"]};
  p.dl->PushClipRect({0, 0}, io.DisplaySize, false);  // the board lays out its own margins
  ImFont* const small = t.fonts.small;
  ImFont* const body = t.fonts.body;
  ImFont* const title = t.fonts.title;
  const float pad = body->FontSize * 0.12f;
  BoardPages pages;

  // Side by side: the waiting list on the left, the turn order on the right, each turning its
  // own pages.
  float margin = small->FontSize * 0.5f;
  float bottom = height - margin - footer_h;
  const float split = std::round(width * 0.52f);
  const Panel left = rows_for({margin, margin, split - margin / 2, bottom, title->FontSize + pad,
                               small->FontSize + 2 * pad, pad, pad, title},
                              *body);
  if (side_by_side_fits(t, s, left)) {
    Panel right = left;
    right.x0 = split + margin / 2;
    right.x1 = width - margin;
    const int fit = left.rows_fit(0);
    pages.waiting = pages_of(board.waiting.size(), fit);
    draw_waiting(p, t, s, board, left, view.now, fit, page_at(view.now, pages.waiting), pages.waiting);
    const OrderPages order = order_pages(p, t, s, board, right);
    pages.order = std::max(1, static_cast<int>(order.pages.size()));
    draw_order(p, t, s, board, right, order, page_at(view.now, pages.order));
  } else {
    // One list at a time across the whole width, tightly spaced: on a 21.5-inch board read from
    // 5 m a row of 25 mm letters takes a sixth of the height. The margin is thin: the heading's
    // letters start a fifth of their line below its top anyway. The waiting list's pages come
    // first, then each line's turn order; each list says its own "page 2/6".
    margin = small->FontSize * 0.1f;
    bottom = height - margin - footer_h;
    const float vpad = body->FontSize * 0.03f;
    const Panel whole = rows_for({margin, margin, width - margin, bottom, body->FontSize + vpad,
                                  small->FontSize + 2 * vpad, pad, vpad, body},
                                 *body);
    const int fit = whole.rows_fit(0);
    const OrderPages order = order_pages(p, t, s, board, whole);
    pages.by_section = true;
    pages.waiting = pages_of(board.waiting.size(), fit);
    pages.order = std::max(1, static_cast<int>(order.pages.size()));
    const int page = page_at(view.now, pages.cycle());
    if (page < pages.waiting) draw_waiting(p, t, s, board, whole, view.now, fit, page, pages.waiting);
    else draw_order(p, t, s, board, whole, order, page - pages.waiting);
  }
  float y = bottom;
  if (!printer.empty()) {
    const bool trouble = !board.printer->ok() || board.printer->paper_near_end;
    p.put(t.fonts.small, margin, y, width - 2 * margin, trouble ? colour::warning : colour::muted, printer);
    y += line_h;
  }
  if (!notices.empty()) {
    p.put(t.fonts.small, margin, y, width - 2 * margin, IM_COL32(183, 28, 28, 255), notices);
    frame_targets().push_back({"notify.failing", margin, y, width - margin, y + line_h});  // where tests find it
  }
  if (view.call) draw_call(p, t, s, *view.call, width, height);
  p.dl->PopClipRect();

  ImGui::End();
  return pages;
}

}  // namespace lobby::ui
