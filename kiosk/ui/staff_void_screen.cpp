// Voiding a mistaken check-in: a test tap, a customer entered twice, someone who left before
// being received. Only the supervisor, with a reason; the visit stays in the records, marked,
// and the turn it used is given back (see RotationEngine::void_visit).
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

void staff_void_screen(Kiosk& k) {
  const Theme& t = k.theme;
  Console& c = k.console;
  top_bar(k, "staff.void");
  text_wrapped(k.tr("staff.void.which"), t.fonts.small, colour::muted);
  choose_customer(k, "staff.void.visit.", k.staff->voidable(), c.visit);
  text_wrapped(k.tr("staff.void.why"), t.fonts.small, colour::muted);
  const std::string why = tapped_reason(k, "staff.void.why.", "void.", {"duplicate", "test", "left", "wrong_details"});
  if (!why.empty() && !c.visit.empty()) {
    Event e;
    e.type = EventType::void_visit;
    e.id = c.visit, e.reason = why;
    if (console_act(k, e)) c.visit.clear();
  }
  console_message(k);
  bottom_bar(k, false);
}

}  // namespace lobby::ui
