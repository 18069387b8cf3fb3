// The staff console's home: a manager clocks in and out, goes away with a reason and comes
// back, finishes the current reception, sets their busy policy and claims a customer they
// received before; the supervisor also reassigns, voids mistaken check-ins, decides claims,
// sets the turn order, reads the audit log and exports the day's dispatch log. HQ's refusals
// are flagged here.
#include "kiosk/ui/checkin_flow.h"
#include "kiosk/ui/device_status_line.h"
#include "kiosk/ui/notify_status.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

namespace lobby::ui {

namespace {

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
  Problem unreadable;
  const std::optional<std::int64_t> refused = k.staff->quarantined(unreadable);
  if (!refused || *refused > 0)
    button(t, "staff.quarantine",
           refused ? k.tr("staff.quarantine", {{"n", std::to_string(*refused)}}) : k.say(unreadable),
           {ImGui::GetContentRegionAvail().x, 0}, Tone::selected);
  if (k.printer) device_status_line(k.printer->status(), t, k.lang == Lang::zh ? k.text.zh : k.text.en, true);
  Problem notices_unreadable;
  if (const auto notices = k.staff->notify_state(notices_unreadable))
    notify_status_line(t, *notices, k.lang == Lang::zh ? k.text.zh : k.text.en);
  else
    text_wrapped(k.say(notices_unreadable), t.fonts.body, colour::warning);

  const ImVec2 wide = {t.px(75), 0};
  if (const auto me = k.staff->manager(c.person)) {
    const std::string state = k.tr(std::string("state.") + std::string(name_of(me->state)));
    text_wrapped(k.tr("staff.you_are", {{"state", state}}), t.fonts.body);
    if (me->state == State::off) {
      if (button(t, "staff.clock_in", k.tr("staff.clock_in"), wide, Tone::primary))
        console_act(k, staff_event(EventType::clock_in, c.person));
    } else {
      if (button(t, "staff.clock_out", k.tr("staff.clock_out"), wide))
        console_act(k, staff_event(EventType::clock_out, c.person));
      ImGui::SameLine();
      if (me->state == State::receiving && button(t, "staff.finish", k.tr("staff.finish"), wide, Tone::primary)) {
        Event e = staff_event(EventType::finish, "");
        e.id = me->serving;
        console_act(k, e);
      }
      if (me->state == State::on_break || me->state == State::task) {
        if (button(t, "staff.back", k.tr("staff.back"), wide, Tone::primary)) {
          Event e = staff_event(EventType::status, c.person);
          e.status = State::available;
          console_act(k, e);
        }
      }
      if (me->state == State::available) {
        text_wrapped(k.tr("staff.away"), t.fonts.small, colour::muted);
        bool first = true;
        for (const auto& [reason, counts_as] : k.staff->settings().absence_reasons) {
          flow(t.px(45), first);
          const std::string id = "staff.absent." + reason;
          if (button(t, id.c_str(), k.tr("reason." + reason), {t.px(45), 0})) {
            Event e = staff_event(EventType::absent, c.person);
            e.reason = reason;
            console_act(k, e);
          }
        }
      }
    }
    const bool forfeit = me->policy == BusyPolicy::forfeit;
    if (button(t, "staff.policy", k.tr(forfeit ? "staff.policy.forfeit" : "staff.policy.delegate"), {t.px(120), 0})) {
      Event e = staff_event(EventType::busy_policy, c.person);
      e.policy = forfeit ? BusyPolicy::delegate : BusyPolicy::forfeit;
      console_act(k, e);
    }
  }

  auto open = [&](const char* id, Step step) {
    if (!button(t, id, k.tr(id), {t.px(100), 0})) return;
    c.visit.clear(), c.to.clear(), c.message.clear(), c.audit_lang.reset();
    k.go(step);
  };
  ImGui::Dummy({0, t.px(3)});
  if (!c.supervisor) open("staff.claim", Step::staff_claims);
  if (c.supervisor) {
    open("staff.reassign", Step::staff_reassign);
    ImGui::SameLine();
    open("staff.void", Step::staff_void);
    ImGui::SameLine();
    open("staff.claims", Step::staff_claims);
    open("staff.roster", Step::staff_roster);
    ImGui::SameLine();
    open("staff.audit", Step::staff_audit);
    ImGui::SameLine();
    auto export_button = [&](const char* id, std::string (StaffDesk::*write)(std::string&) const) {
      if (!button(t, id, k.tr(id), {t.px(100), 0})) return;
      std::string error;
      const std::string path = (k.staff->*write)(error);
      c.trouble = path.empty();
      c.message = path.empty() ? k.tr("staff.refused", {{"why", error}}) : k.tr("staff.exported", {{"path", path}});
    };
    export_button("staff.export", &StaffDesk::export_dispatch_log);
    export_button("staff.export_visits", &StaffDesk::export_visits);
  }
  console_message(k);
  if (bottom_bar(k, true, "staff.sign_out")) k.start_over();
}

}  // namespace lobby::ui
