// Claims (POLICY.md rule 2.1). A manager who recognises a recent customer as one they received
// before claims them here; the supervisor then confirms, and ownership moves, or rejects, and
// the customer stays with the manager already assigned.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

namespace {

void decide_claims(Kiosk& k) {
  const Theme& t = k.theme;
  const auto claims = k.staff->pending_claims();
  if (claims.empty()) text_wrapped(k.tr("staff.claims.none"), t.fonts.body, colour::muted);
  for (const StaffDesk::Customer& cu : claims) {
    ImGui::AlignTextToFramePadding();
    text_wrapped(k.tr("staff.claims.line", {{"ticket", cu.ticket},
                                            {"claimant", manager_name(k, cu.claimant)},
                                            {"owner", manager_name(k, cu.manager)}}),
                 t.fonts.body);
    Event e;
    e.id = cu.visit;
    const std::string confirm = "staff.confirm." + cu.ticket, reject = "staff.reject." + cu.ticket;
    if (button(t, confirm.c_str(), k.tr("staff.claims.confirm"), {t.px(50), 0}, Tone::primary)) {
      e.type = EventType::claim_confirm;
      console_act(k, e);
      break;  // the list changed: draw it afresh next frame
    }
    ImGui::SameLine();
    if (button(t, reject.c_str(), k.tr("staff.claims.reject"), {t.px(50), 0})) {
      e.type = EventType::claim_reject;
      console_act(k, e);
      break;
    }
  }
}

void make_claim(Kiosk& k) {
  Console& c = k.console;
  text_wrapped(k.tr("staff.claim.which"), k.theme.fonts.small, colour::muted);
  std::string visit;
  if (choose_customer(k, "staff.claim.", k.staff->claimable(c.person), visit)) {
    Event e;
    e.type = EventType::claim;
    e.id = visit, e.m = c.person;
    if (console_act(k, e)) c.message = k.tr("staff.claim.sent");
  }
}

}  // namespace

void staff_claims_screen(Kiosk& k) {
  top_bar(k, k.console.supervisor ? "staff.claims" : "staff.claim");
  if (k.console.supervisor) decide_claims(k);
  else make_claim(k);
  console_message(k);
  bottom_bar(k, false);
}

}  // namespace lobby::ui
