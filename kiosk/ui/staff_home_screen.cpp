// The staff console's home: a manager clocks in and out, goes away with a reason and comes
// back, finishes the current reception, sets their busy policy and claims a customer they
// received before; the supervisor also reassigns, voids mistaken check-ins, decides claims,
// sets the turn order, reads the audit log and exports the day's dispatch log. HQ's refusals
// are flagged here. What it shows is read when it opens and after each action, not per frame.
#include "kiosk/ui/staff_console.h"
#include "kiosk/ui/device_status_line.h"
#include "kiosk/ui/notify_status.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <algorithm>

namespace lobby::ui {

namespace {

Event staff_event(EventType type, const std::string& m) {
  Event e;
  e.type = type;
  e.m = m;
  return e;
}

// Read when the home opens and after each action: the alerts and the signed-in person's state.
void load_home(StaffConsole& c, StaffConsole::Shown& s) {
  s.quarantined = c.staff.quarantined(s.quarantine_unreadable);
  s.notices = c.staff.notify_state(s.notices_unreadable);
  s.sync = c.staff.sync_health(s.sync_unreadable);
  s.me = c.staff.manager(c.person);
  s.receiving = c.staff.receiving(c.person);
  // The rules' answer, not the console's guess: whether they would take a clock-out now.
  if (s.me && s.me->state != State::off)
    s.clock_out_refused = c.staff.refusal(staff_event(EventType::clock_out, c.person));
  s.absence_reasons = c.staff.settings().absence_reasons;
}

}  // namespace

std::string finish_words(const StaffConsole& c, const StaffDesk::Customer& receiving) {
  return c.screen.tr("staff.finish", {{"customer", customer_label(c, receiving)}});
}

std::string clock_out_refused_words(const StaffConsole& c) {
  const Problem& why = c.shown.clock_out_refused;
  if (why.empty()) return "";
  if (why.code == "manager-receiving" && c.shown.receiving)
    return c.screen.tr("staff.clock_out.finish_first", {{"ticket", c.shown.receiving->ticket}});
  return c.say(why);
}

std::string sync_words(const StaffConsole& c) {
  if (!c.shown.sync) return c.say(c.shown.sync_unreadable);
  const StaffDesk::SyncHealth& h = *c.shown.sync;
  // "10:32" today, "2026-11-23 10:32" on an earlier day.
  auto when = [&](const std::string& iso) {
    if (iso.size() < 16) return c.screen.tr("staff.sync.never");
    return iso.compare(0, 10, h.today) == 0 ? iso.substr(11, 5) : iso.substr(0, 10) + " " + iso.substr(11, 5);
  };
  const std::string n = std::to_string(h.pending), last = when(h.state.last_success),
                    since = when(h.state.failing_since), cause = c.screen.tr("staff.sync.cause." + (h.state.cause.empty() ? "http" : h.state.cause));
  const std::map<std::string_view, std::string_view> args = {
      {"n", n}, {"last", last}, {"since", since}, {"cause", cause}};
  if (!h.state.failing_since.empty()) return c.screen.tr("staff.sync.failing", args);
  return c.screen.tr(h.pending > 0 ? "staff.sync.waiting" : "staff.sync.ok", args);
}

std::string absence_words(const StaffConsole& c, const std::string& reason) {
  std::string words = c.screen.tr("reason." + reason);
  const auto counts_as = c.shown.absence_reasons.find(reason);
  if (counts_as != c.shown.absence_reasons.end() && counts_as->second == State::task)
    words += "\n" + c.screen.tr("staff.away.make_up");
  return words;
}

void staff_home_screen(StaffConsole& c) {
  const Theme& t = c.screen.theme;
  c.refresh([&](StaffConsole::Shown& s) { load_home(c, s); });
  const StaffConsole::Shown& shown = c.shown;
  top_bar(c, "staff.home.title");
  // An alert, drawn as a button so that it stands out (tapping it changes nothing).
  const std::optional<std::int64_t>& refused = shown.quarantined;
  if (!refused || *refused > 0)
    button(t, "staff.quarantine",
           refused ? c.screen.tr("staff.quarantine", {{"n", std::to_string(*refused)}})
                   : c.say(shown.quarantine_unreadable),
           {ImGui::GetContentRegionAvail().x, 0}, Tone::selected);
  if (c.printer) device_status_line(c.printer->status(), t, c.screen.words(), true);
  {  // HQ sync health: a failure in the warning colour, where tests find it as "sync.failing"
    const bool failing = !shown.sync || !shown.sync->state.failing_since.empty();
    const ImVec2 a = ImGui::GetCursorScreenPos();
    text_wrapped(sync_words(c), t.fonts.small, failing ? colour::warning : colour::muted);
    if (failing) frame_targets().push_back({"sync.failing", a.x, a.y, a.x + 1, ImGui::GetCursorScreenPos().y});
  }
  if (shown.notices) notify_status_line(t, *shown.notices, c.screen.words());
  else text_wrapped(c.say(shown.notices_unreadable), t.fonts.body, colour::warning);

  const ImVec2 wide = {t.px(75), 0};
  if (const auto& me = shown.me) {
    const std::string state = c.screen.tr(std::string("state.") + std::string(name_of(me->state)));
    text_wrapped(c.screen.tr("staff.you_are", {{"state", state}}), t.fonts.body);
    if (me->state == State::off) {
      if (button(t, "staff.clock_in", c.screen.tr("staff.clock_in"), wide, Tone::primary))
        console_act(c, staff_event(EventType::clock_in, c.person));
    } else {
      // Clocking out is offered only when the rules would take it; otherwise the home says why.
      const bool may_clock_out = shown.clock_out_refused.empty();
      if (may_clock_out) {
        if (button(t, "staff.clock_out", c.screen.tr("staff.clock_out"), wide))
          console_ask(c, staff_event(EventType::clock_out, c.person), [](const StaffConsole& c) {
            return c.screen.tr("staff.ask.clock_out", {{"name", manager_name(c, c.person)}});
          });
        ImGui::SameLine();
      }
      if (const auto& cu = shown.receiving) {
        if (button(t, "staff.finish", finish_words(c, *cu), {t.px(120), 0}, Tone::primary)) {
          Event e = staff_event(EventType::finish, "");
          e.id = cu->visit;
          console_act(c, e);
        }
      }
      if (!may_clock_out) text_wrapped(clock_out_refused_words(c), t.fonts.body, colour::muted);
      if (me->state == State::on_break || me->state == State::task) {
        if (button(t, "staff.back", c.screen.tr("staff.back"), wide, Tone::primary)) {
          Event e = staff_event(EventType::status, c.person);
          e.status = State::available;
          console_act(c, e);
        }
      }
      if (me->state == State::available) {
        text_wrapped(c.screen.tr("staff.away"), t.fonts.small, colour::muted);
        // In the small letters, so that "make-up turn" under a reason fits the touch target's height
        // and the row keeps its place on the screen; all the same size, in line.
        ImVec2 size = {t.px(52), 0};
        for (const auto& entry : shown.absence_reasons)
          size = button_size(t, absence_words(c, entry.first), size, t.fonts.small);
        bool first = true;
        for (const auto& entry : shown.absence_reasons) {
          const std::string& reason = entry.first;
          flow(size.x, first);
          const std::string id = "staff.absent." + reason;
          if (button(t, id.c_str(), absence_words(c, reason), size, Tone::plain, t.fonts.small)) {
            Event e = staff_event(EventType::absent, c.person);
            e.reason = reason;
            console_ask(c, e, [reason](const StaffConsole& c) {
              return c.screen.tr("staff.ask.absent", {{"why", c.screen.tr("reason." + reason)}});
            });
          }
        }
      }
    }
    const bool forfeit = me->policy == BusyPolicy::forfeit;
    const std::string policy = c.screen.tr(forfeit ? "staff.policy.forfeit" : "staff.policy.delegate");
    const float policy_width = ImGui::CalcTextSize(policy.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x;
    if (button(t, "staff.policy", policy, {std::max(t.px(120), policy_width), 0})) {  // English is long
      Event e = staff_event(EventType::busy_policy, c.person);
      e.policy = forfeit ? BusyPolicy::delegate : BusyPolicy::forfeit;
      // Giving up one's turns loses customers; keeping them loses nothing.
      if (forfeit) console_act(c, e);
      else console_ask(c, e, [](const StaffConsole& c) { return c.screen.tr("staff.ask.forfeit"); });
    }
  }

  auto open = [&](const char* id, StaffScreen screen) {
    if (!button(t, id, c.screen.tr(id), {t.px(100), 0})) return;
    c.visit.clear(), c.to.clear(), c.message.clear();
    c.go(screen);
  };
  if (!c.supervisor) {  // beside the last button when there is room: the home fits a 720-line screen
    bool first = false;
    flow(button_width(t, c.screen.tr("staff.claim"), t.px(100)), first);
    open("staff.claim", StaffScreen::claims);
  } else {
    ImGui::Dummy({0, t.px(3)});
    open("staff.reassign", StaffScreen::reassign);
    ImGui::SameLine();
    open("staff.void", StaffScreen::void_visit);
    ImGui::SameLine();
    open("staff.claims", StaffScreen::claims);
    open("staff.roster", StaffScreen::roster);
    ImGui::SameLine();
    open("staff.audit", StaffScreen::audit);
    ImGui::SameLine();
    auto export_button = [&](const char* id, StaffDesk::Exported (StaffDesk::*write)(Problem&) const) {
      if (!button(t, id, c.screen.tr(id), {t.px(100), 0})) return;
      Problem why;
      const StaffDesk::Exported done = (c.staff.*write)(why);
      c.trouble = done.path.empty() || !done.stick_why.empty();
      if (done.path.empty()) c.message = c.screen.tr("staff.refused", {{"why", c.say(why)}});
      else if (!done.on_stick.empty()) c.message = c.screen.tr("staff.exported_stick", {{"path", done.on_stick}});
      else if (!done.stick_why.empty())
        c.message = c.screen.tr("staff.exported_not_stick", {{"path", done.path}, {"why", c.say(done.stick_why)}});
      else c.message = c.screen.tr("staff.exported", {{"path", done.path}});
    };
    export_button("staff.export", &StaffDesk::export_dispatch_log);
    export_button("staff.export_visits", &StaffDesk::export_visits);
  }
  console_message(c);
  if (bottom_bar(c, true, "staff.sign_out")) c.leave();
}

}  // namespace lobby::ui
