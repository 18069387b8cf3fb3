// Today's audit log for the supervisor, newest first: who did what, when, and for every
// assignment the rules' own explanation, so a decision can be checked after the fact
// (事后登记核查) without opening the database. Managers appear by name.
#include "kiosk/ui/checkin_flow.h"
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

// The log in words, in the console's language. Read once: a drag redraws every frame.
std::vector<Console::AuditLine> audit_lines(const Kiosk& k) {
  std::map<std::string, std::string> names;
  for (const ManagerProfile& p : k.staff->staff()) names[p.id] = p.display_name.empty() ? p.id : p.display_name;
  auto name = [&](const std::string& id) { return names.count(id) ? names[id] : id; };
  const StringTable& words = k.lang == Lang::zh ? k.text.zh : k.text.en;

  std::string error;
  const std::vector<AuditEntry> entries = k.staff->audit_today(error);
  if (!error.empty()) return {{k.tr("staff.refused", {{"why", error}}), false}};
  if (entries.empty()) return {{k.tr("staff.nobody"), true}};
  std::vector<Console::AuditLine> out;
  for (const AuditEntry& a : entries) {
    const Event& e = a.event;
    std::string line = a.t.substr(11, 5) + "  " + (a.actor == "kiosk" ? k.tr("audit.kiosk") : name(a.actor)) + "  " +
                       k.tr("audit.action." + std::string(name_of(e.type)));
    if (!e.m.empty() && e.m != a.actor) line += " " + name(e.m);
    if (!a.ticket.empty()) line += " " + a.ticket;
    if (!e.to.empty()) line += " " + k.tr("audit.to", {{"name", name(e.to)}});
    out.push_back({line, false});
    if (e.type == EventType::reassign || e.type == EventType::void_visit) {
      const std::string why = k.tr((e.type == EventType::reassign ? "reassign." : "void.") + e.reason);
      if (!e.reason.empty()) out.push_back({k.tr("audit.reason", {{"why", why}}), true});
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

void staff_audit_screen(Kiosk& k) {
  const Theme& t = k.theme;
  Console& c = k.console;
  top_bar(k, "staff.audit");
  if (c.audit_lang != k.lang) c.audit = audit_lines(k), c.audit_lang = k.lang;
  const float bottom = ImGui::GetContentRegionMax().y - t.target() - ImGui::GetStyle().ItemSpacing.y;
  begin_drag_scroll("audit", {0, bottom - ImGui::GetCursorPosY()});
  for (const Console::AuditLine& l : c.audit)
    text_wrapped(l.text, l.detail ? t.fonts.small : t.fonts.body, l.detail ? colour::muted : colour::text);
  end_drag_scroll();
  bottom_bar(k, false);
}

}  // namespace lobby::ui
