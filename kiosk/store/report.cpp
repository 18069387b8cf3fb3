// The daily dispatch log (派单一览表), derived from the recorded decisions and skips so it
// can never disagree with them.
#include "kiosk/store/store.h"

#include "kiosk/common/event_json.h"

#include <map>

namespace lobby {

// A voided check-in was a mistake, not a reception: it counts for nobody. The skips it caused
// still count, as the rules kept them (see RotationEngine::void_visit).
#define NOT_VOIDED_SQL "visit NOT IN (SELECT id FROM visits WHERE voided IS NOT NULL)"

std::vector<DispatchRow> Store::dispatch_log(const std::string& day) const {
  std::vector<DispatchRow> rows;
  std::map<std::string, std::size_t> at;
  auto row = [&](const std::string& m) -> DispatchRow& {
    auto [it, fresh] = at.try_emplace(m, rows.size());
    if (fresh) rows.push_back({m, m});
    return rows[it->second];
  };
  for (const ManagerProfile& p : managers()) row(p.id).name = p.display_name;

  // Each customer is one reception, of the manager who first received them: a reassignment
  // counts as one only for a customer the supervisor moved before anyone had received them.
  auto kinds = db_.prepare(
      "SELECT server, kind, count(*) FROM decisions d WHERE day = ? AND " NOT_VOIDED_SQL
      " AND (kind != 'reassigned' OR (server IS NOT NULL AND NOT EXISTS (SELECT 1 FROM decisions e WHERE "
      "e.visit = d.visit AND e.seq < d.seq AND e.server IS NOT NULL))) GROUP BY server, kind");
  kinds.bind(1, day);
  while (kinds.step()) {
    DispatchRow& r = row(kinds.text_at(0));
    const std::string k = kinds.text_at(1);
    const int n = static_cast<int>(kinds.int_at(2));
    (k == "rotation"    ? r.rotation
     : k == "makeup"    ? r.makeup
     : k == "requested" ? r.requested
     : k == "returning" ? r.returning
     : k == "referral"  ? r.referral
     : k == "voluntary" ? r.voluntary
                        : r.reassigned) += n;
  }
  auto skips = db_.prepare(
      "SELECT s.m, s.why, count(*) FROM skips s JOIN decisions d ON d.seq = s.decision WHERE d.day = ? "
      "GROUP BY s.m, s.why");
  skips.bind(1, day);
  while (skips.step()) {
    DispatchRow& r = row(skips.text_at(0));
    const std::string why = skips.text_at(1);
    const int n = static_cast<int>(skips.int_at(2));
    (why == "task" ? r.task_skips : why == "already-served" ? r.already_served : r.forfeits) += n;
  }
  // A move is counted where it was made (the supervisor's reassignment or confirmed claim), not
  // again when a customer who waited for their new manager is served.
  auto moves = db_.prepare(
      "SELECT owner, previous_owner FROM decisions WHERE day = ? AND kind = 'reassigned' AND " NOT_VOIDED_SQL
      " AND event_seq IN (SELECT seq FROM events WHERE json_extract(body, '$.ev') IN ('reassign', 'claim_confirm'))");
  moves.bind(1, day);
  while (moves.step()) {
    ++row(moves.text_at(0)).reassigned_in;
    if (!moves.null_at(1)) ++row(moves.text_at(1)).reassigned_out;
  }
  return rows;
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

std::vector<int> dispatch_figures(const DispatchRow& r) {
  return {r.receptions(), r.rotation,  r.makeup,   r.requested,  r.returning,     r.referral,
          r.voluntary,    r.reassigned, r.forfeits, r.task_skips, r.already_served, r.reassigned_in, r.reassigned_out};
}

namespace {
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}
}  // namespace

std::string visits_csv(const std::vector<VisitRecord>& rows) {
  std::string out = "ticket,arrived,surname,title,phone,kind,owner,server,status,voided\n";
  for (const VisitRecord& r : rows)
    for (const std::string* f : {&r.ticket, &r.arrived, &r.surname, &r.title, &r.phone, &r.kind, &r.owner, &r.server,
                                 &r.status, &r.voided})
      out += csv_field(*f) + (f == &r.voided ? "\n" : ",");
  return out;
}

std::string dispatch_csv(const std::vector<DispatchRow>& rows) {
  std::string out =
      "manager,name,receptions,rotation,makeup,requested,returning,referral,voluntary,reassigned,forfeits,task_skips,"
      "already_served,reassigned_in,reassigned_out\n";
  for (const DispatchRow& r : rows) {
    out += csv_field(r.manager) + "," + csv_field(r.name);
    for (int n : dispatch_figures(r)) out.append(",").append(std::to_string(n));
    out += "\n";
  }
  return out;
}

}  // namespace lobby
