// The ticket, shown only after the check-in committed: the number to listen for, and who
// will come, or how many are ahead and about how long. It returns to welcome by itself. The
// failure screen beside it speaks both languages at once: whoever is standing there can read it.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

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
  const float w = t.px(70);
  ImGui::SetCursorPos({(ImGui::GetContentRegionMax().x - w) / 2, ImGui::GetContentRegionMax().y - t.px(30)});
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
