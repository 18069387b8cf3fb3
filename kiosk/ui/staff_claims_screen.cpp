// Claims (POLICY.md rule 2.1). A manager who recognises a recent customer as one they received
// before claims them here; the supervisor then confirms, and ownership moves, or rejects, and
// the customer stays with the manager already assigned. The list (claimable customers, or
// claims to decide) is read when the screen opens and after each claim or decision.
#include "kiosk/ui/staff_console.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

namespace {

void decide_claims(StaffConsole& c) {
  const Theme& t = c.screen.theme;
  if (c.shown.customers.empty()) text_wrapped(c.screen.tr("staff.claims.none"), t.fonts.body, colour::muted);
  for (const StaffDesk::Customer& cu : c.shown.customers) {
    ImGui::AlignTextToFramePadding();
    text_wrapped(c.screen.tr("staff.claims.line", {{"customer", customer_words(c, cu, " · ")},
                                                   {"claimant", manager_name(c, cu.claimant)},
                                                   {"owner", manager_name(c, cu.manager)}}),
                 t.fonts.body);
    Event e;
    e.id = cu.visit;
    const std::string confirm = "staff.confirm." + cu.ticket, reject = "staff.reject." + cu.ticket;
    if (button(t, confirm.c_str(), c.screen.tr("staff.claims.confirm"), {t.px(50), 0}, Tone::primary)) {
      e.type = EventType::claim_confirm;
      console_act(c, e);
      break;  // the list changed: it is read again and drawn afresh next frame
    }
    ImGui::SameLine();
    if (button(t, reject.c_str(), c.screen.tr("staff.claims.reject"), {t.px(50), 0})) {
      e.type = EventType::claim_reject;
      console_act(c, e);
      break;
    }
  }
}

void make_claim(StaffConsole& c) {
  text_wrapped(c.screen.tr("staff.claim.which"), c.screen.theme.fonts.small, colour::muted);
  std::string visit;
  if (choose_customer(c, "staff.claim.", c.shown.customers, visit)) {
    Event e;
    e.type = EventType::claim;
    e.id = visit, e.m = c.person;
    if (console_act(c, e)) c.message = c.screen.tr("staff.claim.sent");
  }
}

}  // namespace

void staff_claims_screen(StaffConsole& c) {
  c.refresh([&](StaffConsole::Shown& s) {
    s.customers = c.supervisor ? c.staff.pending_claims() : c.staff.claimable(c.person);
  });
  top_bar(c, c.supervisor ? "staff.claims" : "staff.claim");
  if (c.supervisor) decide_claims(c);
  else make_claim(c);
  console_message(c);
  bottom_bar(c, false);
}

}  // namespace lobby::ui
