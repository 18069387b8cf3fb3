// What brings you here: a first visit, a return, or to see someone. The answer decides
// whether the kiosk asks for a preferred manager or a referral later on. A branch with
// several service lines (settings: [[lines]]) asks instead which service the customer wants:
// a card per line, its name and a line about it in the customer's language. The rules then
// assign within that line; a returning customer is still recognised by their number.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <algorithm>

namespace lobby::ui {

namespace {

// The lines the customer can be offered: those configured whose turn order the rules know
// (a line without one could not take anyone: `kiosk run` logs it at start).
std::vector<const ServiceLine*> offered_lines(const CheckinFlow& f) {
  std::vector<const ServiceLine*> offered;
  for (const ServiceLine& l : f.settings.lines)
    if (f.desk.runs_line(l.id)) offered.push_back(&l);
  return offered;
}

// Cards of the lines, in one column for up to three, else in two; as tall as fits above the
// bottom bar, up to 40 mm.
void line_cards(CheckinFlow& f, const std::vector<const ServiceLine*>& lines) {
  const Theme& t = f.screen.theme;
  const bool zh = f.screen.lang == Lang::zh;
  const float gap = t.px(6);
  const std::size_t cols = lines.size() > 3 ? 2 : 1, rows = (lines.size() + cols - 1) / cols;
  const float width = ImGui::GetContentRegionAvail().x;
  const float bottom = ImGui::GetContentRegionMax().y - t.target() - ImGui::GetStyle().ItemSpacing.y;
  const float room = bottom - ImGui::GetCursorPosY() - gap * static_cast<float>(rows);
  const float pad = t.px(4);
  const float card_w = cols == 1 ? width * 0.6f : (width * 0.84f - gap) / 2;
  // Tall enough for the longest name and description, wrapped, whatever the language.
  float needed = t.target();
  for (const ServiceLine* l : lines) {
    const ImFont* nf = t.fonts.title;
    const ImFont* af = t.fonts.body;
    const std::string& name = zh ? l->name_zh : l->name_en;
    const std::string& about = zh ? l->about_zh : l->about_en;
    needed = std::max(needed, nf->CalcTextSizeA(nf->FontSize, 1e9f, card_w - 2 * pad, name.c_str()).y +
                                  af->CalcTextSizeA(af->FontSize, 1e9f, card_w - 2 * pad, about.c_str()).y +
                                  pad * 2.5f);
  }
  const ImVec2 card = {card_w, std::min(std::max(needed, t.px(40)), room / static_cast<float>(rows))};
  const float left = (ImGui::GetContentRegionMax().x - (card.x * cols + gap * (cols - 1))) / 2;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const ServiceLine& l = *lines[i];
    if (i % cols) ImGui::SameLine(0, gap);
    else ImGui::SetCursorPosX(left);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const std::string id = "line." + l.id;
    const bool tapped = button(t, id.c_str(), "", card, Tone::primary);
    // The name, then what it is, centred together in the card.
    const std::string& name = zh ? l.name_zh : l.name_en;
    const std::string& about = zh ? l.about_zh : l.about_en;
    ImFont* nf = t.fonts.title;
    ImFont* af = t.fonts.body;  // readable from a metre, as all body text
    const float wrap = card.x - 2 * pad;
    const ImVec2 ns = nf->CalcTextSizeA(nf->FontSize, 1e9f, wrap, name.c_str());
    const ImVec2 as = af->CalcTextSizeA(af->FontSize, 1e9f, wrap, about.c_str());
    const float top = at.y + std::max(0.0f, (card.y - ns.y - pad / 2 - as.y) / 2);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddText(nf, nf->FontSize, {at.x + (card.x - ns.x) / 2, top}, 0xFFFFFFFF, name.c_str(), nullptr, wrap);
    draw->AddText(af, af->FontSize, {at.x + (card.x - as.x) / 2, top + ns.y + pad / 2}, 0xFFFFFFFF, about.c_str(),
                  nullptr, wrap);
    if (i % cols == cols - 1 || i + 1 == lines.size()) ImGui::Dummy({0, gap - ImGui::GetStyle().ItemSpacing.y});
    if (tapped) {
      f.draft.line = l.id;
      f.draft.purpose = Purpose::first_visit;  // the number still finds a returning customer's manager
      f.go(f.next_after(Step::purpose));
    }
  }
}

}  // namespace

void purpose_screen(CheckinFlow& f) {
  const Theme& t = f.screen.theme;
  const std::vector<const ServiceLine*> lines = offered_lines(f);
  if (lines.size() > 1) {
    top_bar(f, "ui.purpose.lines_title");
    line_cards(f, lines);
    bottom_bar(f, false);
    return;
  }
  // One line (or none configured): today's question, on that line.
  top_bar(f, "ui.purpose.title");
  const float width = ImGui::GetContentRegionAvail().x;
  const ImVec2 size = {width * 0.6f, t.px(30)};
  struct Choice {
    const char* id;
    const char* key;
    Purpose purpose;
  };
  static constexpr Choice choices[] = {
      {"purpose.first", "ui.purpose.first", Purpose::first_visit},
      {"purpose.returning", "ui.purpose.returning", Purpose::returning},
      {"purpose.see", "ui.purpose.see", Purpose::see_someone},
  };
  for (const Choice& c : choices) {
    ImGui::SetCursorPosX((ImGui::GetContentRegionMax().x - size.x) / 2);
    if (button(t, c.id, f.screen.tr(c.key), size, Tone::primary)) {
      f.draft.purpose = c.purpose;
      f.draft.line = lines.empty() ? "" : lines.front()->id;
      f.go(f.next_after(Step::purpose));
    }
    ImGui::Dummy({0, t.px(2)});
  }
  bottom_bar(f, false);
}

}  // namespace lobby::ui
