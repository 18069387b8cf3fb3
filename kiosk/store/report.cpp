// Reports from the records: the daily dispatch log (派单一览表), counted by core's
// count_dispatch from the recorded decisions so it can never disagree with them (HQ counts its
// copy of a branch's day with the same function), the day's visits and the audit log.
#include "kiosk/store/store.h"

#include "kiosk/common/event_json.h"

namespace lobby {

std::vector<DispatchRow> Store::dispatch_log(const std::string& day) const {
  std::vector<StaffName> staff;
  for (const ManagerProfile& p : managers()) staff.push_back({p.id, p.display_name});
  // Every decision about the visits decided that day up to its end, earlier days' included:
  // the count asks whether a moved customer had been received before. The days from those
  // visits' first arrival keep the read to a few days of the decisions_by_day index.
  auto s = db_.prepare(
      "SELECT d.seq, d.explanation, json_extract(e.body, '$.ev'), v.voided IS NOT NULL FROM decisions d "
      "JOIN events e ON e.seq = d.event_seq LEFT JOIN visits v ON v.id = d.visit "
      "WHERE d.day <= ?1 AND d.day >= (SELECT min(day) FROM visits WHERE id IN "
      "(SELECT visit FROM decisions WHERE day = ?1)) AND d.visit IN (SELECT visit FROM decisions WHERE day = ?1) "
      "ORDER BY d.seq");
  s.bind(1, day);
  std::vector<RecordedDecision> decisions;
  while (s.step()) {
    RecordedDecision& r = decisions.emplace_back();
    std::string error;
    const auto cause = event_type_from(s.text_at(2));
    if (!cause || !decision_from_json(nlohmann::json::parse(s.text_at(1), nullptr, false), r.decision, error))
      throw StoreError(StoreError::Kind::corrupt, "database " + db_.path() + ": decision " +
                                                      std::to_string(s.int_at(0)) + " cannot be read: " + error);
    r.cause = *cause;
    r.voided = s.int_at(3) != 0;
  }
  return count_dispatch(staff, decisions, day);
}

std::vector<VisitRecord> Store::visit_records(const std::string& day) const {
  auto s = db_.prepare(
      "SELECT ticket, arrived, surname, title, coalesce(phone, ''), coalesce(kind, ''), coalesce(owner, ''), "
      "coalesce(server, ''), status, coalesce(voided, '') FROM visits WHERE day = ? ORDER BY ticket");
  s.bind(1, day);
  std::vector<VisitRecord> out;
  while (s.step())
    out.push_back({s.text_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.text_at(4), s.text_at(5), s.text_at(6),
                   s.text_at(7), s.text_at(8), s.text_at(9)});
  return out;
}

std::vector<AuditEntry> Store::audit_log(const std::string& day, std::size_t limit) const {
  // The ticket of whichever visit the event names: people know customers by their tickets.
  auto s = db_.prepare(
      "SELECT a.seq, a.t, a.actor, a.detail, v.ticket, a.action, coalesce(json_extract(a.detail, '$.failures'), 0), "
      "coalesce(json_extract(a.detail, '$.locked_until'), '') FROM audit a LEFT JOIN visits v "
      "ON v.id = json_extract(a.detail, '$.event.id') WHERE a.t >= ?1 AND a.t < ?1 || 'U' ORDER BY a.seq DESC LIMIT ?2");
  s.bind(1, day).bind(2, static_cast<std::int64_t>(limit));
  std::vector<AuditEntry> out;
  while (s.step()) {
    AuditEntry a{s.text_at(1), s.text_at(2), {}, {}, {}, s.text_at(5), static_cast<int>(s.int_at(6)), s.text_at(7)};
    if (a.action.starts_with("pin_")) {  // a failed sign-in: no event
      out.push_back(std::move(a));
      continue;
    }
    std::string error;
    if (!item_from_text(s.text_at(3), a.event, a.decisions, error))
      throw StoreError(StoreError::Kind::corrupt, "database " + db_.path() + ": audit entry " +
                                                      std::to_string(s.int_at(0)) + " cannot be read: " + error);
    if (!s.null_at(4)) a.ticket = s.text_at(4);
    out.push_back(std::move(a));
  }
  return out;
}

std::string visits_csv(const std::vector<VisitRecord>& rows) {
  std::string out = "ticket,arrived,surname,title,phone,kind,owner,server,status,voided\n";
  for (const VisitRecord& r : rows)
    for (const std::string* f : {&r.ticket, &r.arrived, &r.surname, &r.title, &r.phone, &r.kind, &r.owner, &r.server,
                                 &r.status, &r.voided})
      out += csv_field(*f) + (f == &r.voided ? "\n" : ",");
  return out;
}

}  // namespace lobby
