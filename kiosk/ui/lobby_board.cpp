#include "kiosk/ui/lobby_board.h"

#include "kiosk/core/names.h"
#include "kiosk/ui/device_status_line.h"
#include "kiosk/ui/notify_status.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <map>

namespace lobby::ui {

Board read_board(const RotationEngine& engine, const Store& store, const std::string& day,
                 int typical_reception_minutes) {
  Board b;
  std::map<std::string, std::string> names;
  for (const ManagerProfile& p : store.managers()) names[p.id] = p.display_name.empty() ? p.id : p.display_name;
  auto name = [&](const std::string& id) { return names.count(id) ? names[id] : id; };
  std::map<std::string, int> receptions;
  for (const DispatchRow& r : store.dispatch_log(day)) receptions[r.manager] = r.receptions();

  const auto managers = engine.managers();
  for (const ManagerView& m : managers) {
    if (m.state != State::receiving || m.serving.empty()) continue;
    const auto label = store.visit_label(m.serving);
    b.serving.push_back({label ? label->ticket : "", name(m.id)});
  }
  for (const WaitingView& w : engine.waiting()) {
    const auto label = store.visit_label(w.visit);
    if (!label) continue;
    const auto wait = engine.wait_estimate(w.visit, typical_reception_minutes);
    b.waiting.push_back({label->ticket, polite_name(label->surname, label->title), wait ? wait->minutes : 0});
  }
  b.notify = store.notify_state();
  const std::string next = engine.next_up();
  for (const LineView& line : engine.lines()) {
    if (line.name != "main") continue;
    for (std::size_t i = 0; i < line.order.size(); ++i) {
      Board::Turn t{line.order[i], name(line.order[i])};
      for (const ManagerView& m : managers)
        if (m.id == t.id) t.state = m.state;
      t.credits = line.credits[i];
      t.receptions = receptions[t.id];
      t.next_up = t.id == next;
      b.order.push_back(std::move(t));
    }
  }
  b.printer = store.device_status("printer");
  return b;
}

namespace {

ImU32 state_colour(State s) {
  switch (s) {
    case State::available: return IM_COL32(46, 125, 50, 255);
    case State::receiving: return IM_COL32(0, 92, 122, 255);
    case State::on_break: return IM_COL32(217, 140, 33, 255);
    case State::task: return IM_COL32(106, 27, 154, 255);
    case State::off: break;
  }
  return IM_COL32(150, 150, 150, 255);
}

void heading(const Theme& t, const std::string& text) {
  ImGui::PushFont(t.fonts.title);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour::accent), "%s", text.c_str());
  ImGui::PopFont();
}

// A table with a header row; `columns` are the header keys.
bool begin_table(const char* id, const StringTable& s, std::initializer_list<const char*> columns) {
  if (!ImGui::BeginTable(id, static_cast<int>(columns.size()), ImGuiTableFlags_RowBg | ImGuiTableFlags_PadOuterX))
    return false;
  bool first = true;  // names need more room than numbers
  for (const char* key : columns) {
    ImGui::TableSetupColumn(s[key].c_str(), ImGuiTableColumnFlags_WidthStretch, first ? 2.0f : 1.0f);
    first = false;
  }
  ImGui::TableHeadersRow();
  return true;
}

void cell(const std::string& text, ImU32 colour = 0) {
  ImGui::TableNextColumn();
  if (colour) ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextUnformatted(text.c_str());
  if (colour) ImGui::PopStyleColor();
}

}  // namespace

void lobby_board_screen(const Board& board, const Theme& t, const StringTable& s) {
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("board", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBackground);
  const float left_w = ImGui::GetContentRegionAvail().x * 0.55f;
  // The footer: the printer's trouble and the notices' (none while they work), measured so the
  // columns stop above it.
  const bool printer_line = board.printer && !device_status_text(*board.printer, s).empty();
  const std::string footer = notify_status_text(board.notify, s);
  float footer_h = printer_line ? t.fonts.body->FontSize * 2.5f : 0;
  if (!footer.empty()) {
    ImGui::PushFont(t.fonts.body);
    footer_h += ImGui::CalcTextSize(footer.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y +
                ImGui::GetStyle().ItemSpacing.y;
    ImGui::PopFont();
  }

  ImGui::BeginChild("customers", {left_w, -footer_h});
  heading(t, s["board.serving"]);
  if (board.serving.empty()) text_wrapped(s["board.none_serving"], t.fonts.body, colour::muted);
  else if (begin_table("serving", s, {"board.col.ticket", "board.col.manager"})) {
    for (const Board::Serving& r : board.serving) {
      ImGui::TableNextRow();
      cell(r.ticket, colour::accent);
      cell(r.manager);
    }
    ImGui::EndTable();
  }
  ImGui::Dummy({0, t.px(8)});
  heading(t, s["board.waiting"]);
  if (board.waiting.empty()) text_wrapped(s["board.none_waiting"], t.fonts.body, colour::muted);
  else if (begin_table("waiting", s, {"board.col.ticket", "board.col.name", "board.col.wait"})) {
    for (const Board::Waiting& r : board.waiting) {
      ImGui::TableNextRow();
      cell(r.ticket, colour::accent);
      cell(r.name);
      const std::string minutes = std::to_string(r.minutes);
      cell(fill(s["board.minutes"], {{"m", minutes}}));
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();

  ImGui::SameLine();
  ImGui::BeginChild("order", {0, -footer_h});
  heading(t, s["board.order"]);
  if (begin_table("turns", s, {"board.col.manager", "board.col.state", "board.col.makeup", "board.col.today"})) {
    for (const Board::Turn& r : board.order) {
      ImGui::TableNextRow();
      if (r.next_up) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(255, 236, 179, 255));
      cell(r.next_up ? r.name + "  " + s["board.next"] : r.name);
      cell(s[std::string("state.") + std::string(name_of(r.state))], state_colour(r.state));
      cell(r.credits ? std::string("+").append(std::to_string(r.credits)) : std::string());
      cell(std::to_string(r.receptions));
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
  if (printer_line) device_status_line(board.printer, t, s);
  notify_status_line(t, board.notify, s);
  ImGui::End();
}

}  // namespace lobby::ui
