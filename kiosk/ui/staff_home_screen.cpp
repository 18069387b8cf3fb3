// The staff console's home: a manager clocks in and out, goes away with a reason and comes
// back, finishes the current reception and sets their busy policy; the supervisor also
// reassigns customers and exports the day's dispatch log. HQ's refusals are flagged here.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

namespace {

// Applies a staff action and puts its result where the person can see it.
void act(Kiosk& k, Event e, std::string_view done_key) {
  const std::string refused = k.staff->act(std::move(e), k.console.person);
  k.console.trouble = !refused.empty();
  k.console.message = refused.empty() ? k.tr(done_key) : k.tr("staff.refused", {{"why", refused}});
}

Event staff_event(EventType type, const std::string& m) {
  Event e;
  e.type = type;
  e.m = m;
  return e;
}

}  // namespace

void staff_home_screen(Kiosk& k) {
  const Theme& t = k.theme;
  Console& c = k.console;
  top_bar(k, "staff.home.title");
  // An alert, drawn as a button so that it stands out (tapping it changes nothing).
  if (const std::int64_t refused = k.staff->quarantined())
    button(t, "staff.quarantine", k.tr("staff.quarantine", {{"n", std::to_string(refused)}}),
           {ImGui::GetContentRegionAvail().x, 0}, Tone::selected);

  const ImVec2 wide = {t.px(75), 0};
  if (const auto me = k.staff->manager(c.person)) {
    const std::string state = k.tr(std::string("state.") + std::string(name_of(me->state)));
    text_wrapped(k.tr("staff.you_are", {{"state", state}}), t.fonts.body);
    if (me->state == State::off) {
      if (button(t, "staff.clock_in", k.tr("staff.clock_in"), wide, Tone::primary))
        act(k, staff_event(EventType::clock_in, c.person), "staff.done");
    } else {
      if (button(t, "staff.clock_out", k.tr("staff.clock_out"), wide))
        act(k, staff_event(EventType::clock_out, c.person), "staff.done");
      ImGui::SameLine();
      if (me->state == State::receiving && button(t, "staff.finish", k.tr("staff.finish"), wide, Tone::primary)) {
        Event e = staff_event(EventType::finish, "");
        e.id = me->serving;
        act(k, e, "staff.done");
      }
      if (me->state == State::on_break || me->state == State::task) {
        if (button(t, "staff.back", k.tr("staff.back"), wide, Tone::primary)) {
          Event e = staff_event(EventType::status, c.person);
          e.status = State::available;
          act(k, e, "staff.done");
        }
      }
      if (me->state == State::available) {
        text_wrapped(k.tr("staff.away"), t.fonts.small, colour::muted);
        bool first = true;
        for (const auto& [reason, counts_as] : k.staff->settings().absence_reasons) {
          if (!first && ImGui::GetItemRectMax().x + t.px(5) + t.px(45) <= ImGui::GetContentRegionMax().x) ImGui::SameLine();
          first = false;
          const std::string id = "staff.absent." + reason;
          if (button(t, id.c_str(), k.tr("reason." + reason), {t.px(45), 0})) {
            Event e = staff_event(EventType::absent, c.person);
            e.reason = reason;
            act(k, e, "staff.done");
          }
        }
      }
    }
    const bool forfeit = me->policy == BusyPolicy::forfeit;
    if (button(t, "staff.policy", k.tr(forfeit ? "staff.policy.forfeit" : "staff.policy.delegate"), {t.px(120), 0})) {
      Event e = staff_event(EventType::busy_policy, c.person);
      e.policy = forfeit ? BusyPolicy::delegate : BusyPolicy::forfeit;
      act(k, e, "staff.done");
    }
  }

  if (c.supervisor) {
    ImGui::Dummy({0, t.px(3)});
    if (button(t, "staff.reassign", k.tr("staff.reassign"), wide)) {
      c.visit.clear(), c.to.clear(), c.message.clear();
      k.go(Step::staff_reassign);
    }
    ImGui::SameLine();
    if (button(t, "staff.roster", k.tr("staff.roster"), wide)) {
      c.message.clear();
      k.go(Step::staff_roster);
    }
    ImGui::SameLine();
    if (button(t, "staff.export", k.tr("staff.export"), wide)) {
      std::string error;
      const std::string path = k.staff->export_dispatch_log(error);
      c.trouble = path.empty();
      c.message = path.empty() ? k.tr("staff.refused", {{"why", error}}) : k.tr("staff.exported", {{"path", path}});
    }
  }
  if (!c.message.empty()) text_wrapped(c.message, t.fonts.body, c.trouble ? colour::warning : colour::accent);
  if (bottom_bar(k, true, "staff.sign_out")) k.start_over();
}

}  // namespace lobby::ui
