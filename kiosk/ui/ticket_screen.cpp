// The ticket, shown only after the check-in committed: the number to listen for, and who
// will come, or how many are ahead and about how long. It returns to welcome by itself. With
// a printer, it says how the print went; a failed print keeps it up longer, says why in both
// languages and offers to print again (the check-in itself stands either way). The failure
// screen beside it speaks both languages at once: whoever is standing there can read it.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <algorithm>

namespace lobby::ui {

namespace {

TicketPrinter::State print_state(const Kiosk& k) {
  return k.printer ? k.printer->report(k.ticket.ticket).state : TicketPrinter::State::unknown;
}

// How the print went, under the ticket; true when "Print again" was tapped.
bool print_report(Kiosk& k) {
  const Theme& t = k.theme;
  const TicketPrinter::Report r = k.printer->report(k.ticket.ticket);
  if (r.state == TicketPrinter::State::printing) text_centered(k.tr("ui.print.printing"), t.fonts.body, colour::muted);
  if (r.state == TicketPrinter::State::printed) text_centered(k.tr("ui.print.printed"), t.fonts.body, colour::muted);
  if (r.state != TicketPrinter::State::failed) return false;
  const std::string problem(escpos::name_of(r.result.problem));
  for (const StringTable* s : {&k.text.zh, &k.text.en}) {
    const std::string why = (*s)["device.problem." + problem];
    text_centered(fill((*s)["ui.print.failed"], {{"problem", why}, {"ticket", k.ticket.ticket}}), t.fonts.body,
                  colour::warning);
  }
  text_centered(k.text.zh["ui.print.staff"] + "  " + k.text.en["ui.print.staff"], t.fonts.small, colour::muted);
  return true;
}

}  // namespace

double ticket_seconds(const Kiosk& k) {
  switch (print_state(k)) {
    case TicketPrinter::State::printing:
    case TicketPrinter::State::failed:
      return std::max(k.settings.ticket_seconds, k.printer->settings().failed_ticket_seconds);
    default: return k.settings.ticket_seconds;
  }
}

void print_ticket(Kiosk& k) {
  if (!k.printer) return;
  escpos::Ticket p;
  p.ticket = k.ticket.ticket;
  p.manager = k.ticket.manager;
  p.waits_for = k.ticket.waits_for;
  p.ahead = k.ticket.ahead;
  p.minutes = k.ticket.minutes;
  p.time = k.ticket.time;
  k.printer->print(p);
}

void ticket_screen(Kiosk& k) {
  const Theme& t = k.theme;
  const TicketInfo& ticket = k.ticket;
  ImGui::SetCursorPosY(ImGui::GetContentRegionMax().y * 0.12f);
  text_centered(k.tr("ui.ticket.number"), t.fonts.body, colour::muted);
  text_centered(ticket.ticket, t.fonts.huge, colour::accent);
  ImGui::Dummy({0, t.px(6)});
  if (!ticket.waiting) {
    text_centered(k.tr("ui.ticket.assigned", {{"name", ticket.manager}}), t.fonts.title);
  } else {
    const std::string ahead = std::to_string(ticket.ahead), minutes = std::to_string(ticket.minutes);
    text_centered(k.tr("ui.ticket.wait", {{"n", ahead}, {"m", minutes}}), t.fonts.title);
  }
  ImGui::Dummy({0, t.px(4)});
  text_centered(k.tr("ui.ticket.next"), t.fonts.body, colour::muted);
  const bool failed = k.printer && print_report(k);
  const float w = t.px(70), gap = t.px(6);
  const float x = (ImGui::GetContentRegionMax().x - (failed ? 2 * w + gap : w)) / 2;
  ImGui::SetCursorPos({x, ImGui::GetContentRegionMax().y - t.px(30)});
  if (failed) {
    if (button(t, "ticket.print_again", k.tr("ui.print.again"), {w, 0})) {
      print_ticket(k);
      k.shown_at = k.now;  // the whole time again, for the new attempt
    }
    ImGui::SameLine(0, gap);
  }
  if (button(t, "ticket.done", k.tr("ui.ticket.done"), {w, 0}, Tone::primary)) k.start_over();
}

void failed_screen(Kiosk& k) {
  const Theme& t = k.theme;
  ImGui::SetCursorPosY(ImGui::GetContentRegionMax().y * 0.2f);
  text_centered(k.text.zh["ui.failed.title"], t.fonts.title);
  text_centered(k.text.zh["ui.failed.body"], t.fonts.body, colour::muted);
  ImGui::Dummy({0, t.px(10)});
  text_centered(k.text.en["ui.failed.title"], t.fonts.title);
  text_centered(k.text.en["ui.failed.body"], t.fonts.body, colour::muted);
  const float w = t.px(70);
  ImGui::SetCursorPos({(ImGui::GetContentRegionMax().x - w) / 2, ImGui::GetContentRegionMax().y - t.px(30)});
  if (button(t, "failed.ok", k.tr("ui.failed.ok"), {w, 0}, Tone::primary)) k.start_over();
}

}  // namespace lobby::ui
