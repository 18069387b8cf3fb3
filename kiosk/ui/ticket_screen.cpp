// The ticket, shown only after the check-in committed: the number to listen for, and who
// will come, or whom they wait for, how many are ahead and about how long, counting down and
// asked of the rules again while it shows. A customer whose visit is still open sees the
// ticket they already hold, said so. It returns to welcome by itself, or at a touch. With
// a printer, it says how the print went; a failed print keeps it up longer, says why in both
// languages and offers to print again (the check-in itself stands either way). The failure
// screen beside it speaks both languages at once: whoever is standing there can read it.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace lobby::ui {

namespace {

TicketPrinter::State print_state(const CheckinFlow& f) {
  return f.printer ? f.printer->report(f.ticket.ticket).state : TicketPrinter::State::unknown;
}

// How the print went, under the ticket; true when "Print again" was tapped.
bool print_report(CheckinFlow& f) {
  const Theme& t = f.screen.theme;
  const TicketPrinter::Report r = f.printer->report(f.ticket.ticket);
  if (r.state == TicketPrinter::State::printing)
    text_centered(f.screen.tr("ui.print.printing"), t.fonts.body, colour::muted);
  if (r.state == TicketPrinter::State::printed)
    text_centered(f.screen.tr("ui.print.printed"), t.fonts.body, colour::muted);
  if (r.state != TicketPrinter::State::failed) return false;
  const std::string problem(escpos::name_of(r.result.problem));
  for (const StringTable* s : {&f.screen.text.zh, &f.screen.text.en}) {
    const std::string why = (*s)["device.problem." + problem];
    text_centered(fill((*s)["ui.print.failed"], {{"problem", why}, {"ticket", f.ticket.ticket}}), t.fonts.body,
                  colour::warning);
  }
  text_centered(f.screen.text.zh["ui.print.staff"] + "  " + f.screen.text.en["ui.print.staff"], t.fonts.small,
                colour::muted);
  return true;
}

}  // namespace

double ticket_seconds(const CheckinFlow& f) {
  switch (print_state(f)) {
    case TicketPrinter::State::printing:
    case TicketPrinter::State::failed:
      return std::max(f.settings.ticket_seconds, f.printer->settings().failed_ticket_seconds);
    default: return f.settings.ticket_seconds;
  }
}

void print_ticket(CheckinFlow& f) {
  if (!f.printer) return;
  escpos::Ticket p;
  p.ticket = f.ticket.ticket;
  p.manager = f.ticket.manager;
  p.waits_for = f.ticket.waits_for;
  p.ahead = f.ticket.ahead;
  p.minutes = f.ticket.minutes;
  p.time = f.ticket.time;
  f.printer->print(p);
}

namespace {

constexpr double kAskAgainSeconds = 15;  // how often the rules are asked again while it shows

// Asks the rules again about the ticket showing: a customer may have been called meanwhile,
// or those ahead of them served. An unchanged answer keeps counting down from when it was
// first given; a new one starts again from now.
void ask_again(CheckinFlow& f) {
  if (f.screen.now - f.asked_at < kAskAgainSeconds) return;
  f.asked_at = f.screen.now;
  const auto now = f.desk.refresh(f.ticket);
  if (!now) return;
  const TicketInfo& was = f.ticket;
  const bool same = now->waiting == was.waiting && now->manager == was.manager && now->ahead == was.ahead &&
                    now->minutes == was.minutes && now->waits_for == was.waits_for;
  if (same) return;
  f.ticket = *now;
  f.estimated_at = f.screen.now;
}

// Whom a waiting customer waits for, in the rules' words.
std::string waits_for(const CheckinFlow& f) {
  const TicketInfo& t = f.ticket;
  if (t.waits_for.empty()) return f.screen.tr("ui.ticket.for_anyone");
  const char* key = "ui.ticket.for_manager";
  if (t.waits_why == Kind::requested) key = "ui.ticket.for_named";
  if (t.waits_why == Kind::returning) key = "ui.ticket.for_own";
  if (t.waits_why == Kind::referral) key = "ui.ticket.for_referral";
  return f.screen.tr(key, {{"name", t.waits_for}});
}

}  // namespace

int minutes_left(const CheckinFlow& f) {
  const int gone = static_cast<int>((f.screen.now - f.estimated_at) / 60);
  return std::max(0, f.ticket.minutes - gone);
}

double ticket_next_change(const CheckinFlow& f) {
  double at = f.asked_at + kAskAgainSeconds;
  if (f.ticket.waiting) {  // the next whole minute of the countdown
    const double gone = std::floor((f.screen.now - f.estimated_at) / 60) + 1;
    at = std::min(at, f.estimated_at + gone * 60);
  }
  return at;
}

void ticket_screen(CheckinFlow& f) {
  const Theme& t = f.screen.theme;
  ask_again(f);
  const TicketInfo& ticket = f.ticket;
  const bool settled = f.screen.now >= f.touches_from;
  ImGui::SetCursorPosY(ImGui::GetContentRegionMax().y * 0.08f);
  // Only now, checked in, may a returning customer be greeted by name, or told the number is new.
  if (ticket.known) {
    const std::string name = said_name(f, ticket.known->surname, ticket.known->title);
    text_centered(f.screen.tr("ui.ticket.welcome_back", {{"name", name}}), t.fonts.body, colour::accent);
  } else if (ticket.number_unknown && f.draft.purpose == Purpose::returning) {
    text_centered(f.screen.tr("ui.ticket.not_found"), t.fonts.body, colour::warning);
  }
  if (ticket.already_had)  // they checked in again while their visit is open: the same ticket
    text_centered(f.screen.tr("ui.ticket.already", {{"ticket", ticket.ticket}}), t.fonts.title, colour::accent);
  else
    text_centered(f.screen.tr("ui.ticket.number"), t.fonts.body, colour::muted);
  text_centered(ticket.ticket, t.fonts.huge, colour::accent);
  ImGui::Dummy({0, t.px(6)});
  if (!ticket.waiting) {
    text_centered(f.screen.tr("ui.ticket.assigned", {{"name", ticket.manager}}), t.fonts.title);
  } else {
    text_centered(waits_for(f), t.fonts.title);
    const int left = minutes_left(f);
    const std::string ahead = std::to_string(ticket.ahead), minutes = std::to_string(left);
    const char* key = left == 0 ? "ui.ticket.soon" : ticket.ahead == 0 ? "ui.ticket.wait_next" : "ui.ticket.wait";
    text_centered(f.screen.tr(key, {{"n", ahead}, {"m", minutes}}), t.fonts.body);
  }
  ImGui::Dummy({0, t.px(4)});
  text_centered(f.screen.tr("ui.ticket.next"), t.fonts.body, colour::muted);
  const bool failed = f.printer && print_report(f);
  const float w = t.px(70), gap = t.px(6);
  const float x = (ImGui::GetContentRegionMax().x - (failed ? 2 * w + gap : w)) / 2;
  ImGui::SetCursorPos({x, ImGui::GetContentRegionMax().y - t.px(30)});
  if (failed) {
    if (button(t, "ticket.print_again", f.screen.tr("ui.print.again"), {w, 0}) && settled) {
      print_ticket(f);
      f.shown_at = f.screen.now;  // the whole time again, for the new attempt
    }
    ImGui::SameLine(0, gap);
  }
  if (button(t, "ticket.done", f.screen.tr("ui.ticket.done"), {w, 0}, Tone::primary) && settled) return f.start_over();
  // A touch anywhere else ends it too: most likely the next customer has come.
  if (settled && ImGui::IsMouseReleased(ImGuiMouseButton_Left) && !ImGui::IsAnyItemHovered()) f.start_over();
}

void failed_screen(CheckinFlow& f) {
  const Theme& t = f.screen.theme;
  ImGui::SetCursorPosY(ImGui::GetContentRegionMax().y * 0.2f);
  text_centered(f.screen.text.zh["ui.failed.title"], t.fonts.title);
  text_centered(f.screen.text.zh["ui.failed.body"], t.fonts.body, colour::muted);
  ImGui::Dummy({0, t.px(10)});
  text_centered(f.screen.text.en["ui.failed.title"], t.fonts.title);
  text_centered(f.screen.text.en["ui.failed.body"], t.fonts.body, colour::muted);
  const float w = t.px(70);
  ImGui::SetCursorPos({(ImGui::GetContentRegionMax().x - w) / 2, ImGui::GetContentRegionMax().y - t.px(30)});
  if (button(t, "failed.ok", f.screen.tr("ui.failed.ok"), {w, 0}, Tone::primary) && f.screen.now >= f.touches_from)
    f.start_over();
}

}  // namespace lobby::ui
