// Voiding a mistaken check-in: a test tap, a customer entered twice, someone who left before
// being received. Only the supervisor, with a reason; the visit stays in the records, marked,
// and the turn it used is given back (see RotationEngine::void_visit). Today's check-ins are
// read when the screen opens and after each void.
#include "kiosk/ui/staff_console.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

void staff_void_screen(StaffConsole& c) {
  const Theme& t = c.screen.theme;
  c.refresh([&](StaffConsole::Shown& s) { s.customers = c.staff.voidable(); });
  top_bar(c, "staff.void");
  text_wrapped(c.screen.tr("staff.void.which"), t.fonts.small, colour::muted);
  choose_customer(c, "staff.void.visit.", c.shown.customers, c.visit);
  text_wrapped(c.screen.tr("staff.void.why"), t.fonts.small, colour::muted);
  const std::string why =
      tapped_reason(c, "staff.void.why.", "void.", {"duplicate", "test", "left", "wrong_details"});
  if (!why.empty() && c.visit.empty()) console_refuse(c, "staff.choose_customer_first");
  if (!why.empty() && !c.visit.empty()) {
    Event e;
    e.type = EventType::void_visit;
    e.id = c.visit, e.reason = why;
    const StaffDesk::Customer cu = chosen_customer(c);
    console_ask(c, e, [cu, why](const StaffConsole& c) {
      return c.screen.tr("staff.ask.void", {{"customer", customer_label(c, cu)}, {"why", c.screen.tr("void." + why)}});
    });
  }
  console_message(c);
  bottom_bar(c, false);
}

}  // namespace lobby::ui
