// Today's audit log for the supervisor, newest first: who did what, when, and for every
// assignment the rules' own explanation, so a decision can be checked after the fact
// (事后登记核查) without opening the database. Managers appear by name. The log is read when
// the screen opens and again in the other language, not per frame: a drag redraws every frame.
#include "kiosk/ui/staff_console.h"
#include "kiosk/ui/widgets.h"

#include <imgui.h>

#include <map>

namespace lobby::ui {

namespace {

std::string joined(const std::vector<std::string>& sentences) {
  std::string out;
  for (const std::string& s : sentences) out += (out.empty() ? "" : " ") + s;
  return out;
}

// The log in words, in the console's language.
std::vector<StaffConsole::AuditLine> audit_lines(const StaffConsole& c) {
  std::map<std::string, std::string> names;
  for (const ManagerProfile& p : c.staff.staff()) names[p.id] = p.display_name.empty() ? p.id : p.display_name;
  auto name = [&](const std::string& id) { return names.count(id) ? names[id] : id; };
  const StringTable& words = c.screen.words();

  Problem why;
  const std::vector<AuditEntry> entries = c.staff.audit_today(why);
  if (why) return {{c.screen.tr("staff.refused", {{"why", c.say(why)}}), false}};
  if (entries.empty()) return {{c.screen.tr("staff.nobody"), true}};
  std::vector<StaffConsole::AuditLine> out;
  for (const AuditEntry& a : entries) {
    if (a.action.starts_with("pin_")) {  // a failed sign-in, said of the person picked
      const std::string time = a.locked_until.size() >= 16 ? a.locked_until.substr(11, 5) : a.locked_until;
      out.push_back({a.t.substr(11, 5) + "  " + name(a.actor) + "  " +
                         c.screen.tr("audit.action." + a.action, {{"n", std::to_string(a.pin_failures)}, {"time", time}}),
                     false});
      continue;
    }
    const Event& e = a.event;
    std::string line = a.t.substr(11, 5) + "  " + (a.actor == "kiosk" ? c.screen.tr("audit.kiosk") : name(a.actor)) +
                       "  " + c.screen.tr("audit.action." + std::string(name_of(e.type)));
    if (!e.m.empty() && e.m != a.actor) line += " " + name(e.m);
    if (!a.ticket.empty()) line += " " + a.ticket;
    if (!e.to.empty()) line += " " + c.screen.tr("audit.to", {{"name", name(e.to)}});
    out.push_back({line, false});
    if (e.type == EventType::reassign || e.type == EventType::void_visit) {
      const std::string why = c.screen.tr((e.type == EventType::reassign ? "reassign." : "void.") + e.reason);
      if (!e.reason.empty()) out.push_back({c.screen.tr("audit.reason", {{"why", why}}), true});
    }
    for (Decision d : a.decisions) {
      d.owner = name(d.owner), d.server = name(d.server), d.previous_owner = name(d.previous_owner);
      for (Skip& s : d.skipped) s.m = name(s.m);
      out.push_back({joined(explain(d, words)), true});
    }
  }
  return out;
}

}  // namespace

void staff_audit_screen(StaffConsole& c) {
  const Theme& t = c.screen.theme;
  c.refresh([&](StaffConsole::Shown& s) { s.audit = audit_lines(c); });
  top_bar(c, "staff.audit");
  const float bottom = ImGui::GetContentRegionMax().y - t.target() - ImGui::GetStyle().ItemSpacing.y;
  begin_drag_scroll("audit", {0, bottom - ImGui::GetCursorPosY()});
  for (const StaffConsole::AuditLine& l : c.shown.audit)
    text_wrapped(l.text, l.detail ? t.fonts.small : t.fonts.body, l.detail ? colour::muted : colour::text);
  end_drag_scroll();
  bottom_bar(c, false);
}

}  // namespace lobby::ui
