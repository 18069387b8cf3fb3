#include "kiosk/core/dispatch_log.h"

#include "kiosk/core/local_time.h"

#include <map>
#include <set>
#include <utility>

namespace lobby {

std::vector<DispatchRow> count_dispatch(const std::vector<StaffName>& staff,
                                        const std::vector<RecordedDecision>& decisions, const std::string& day) {
  std::vector<DispatchRow> rows;
  std::map<std::string, std::size_t> at;
  auto row = [&](const std::string& m) -> DispatchRow& {
    auto [it, fresh] = at.try_emplace(m, rows.size());
    if (fresh) rows.push_back({m, m});
    return rows[it->second];
  };
  for (const StaffName& s : staff) row(s.id).name = s.name;

  // Counted in the order the kiosk's report always listed them: by manager, then by kind or
  // reason (that order only shows for someone the records do not name).
  std::map<std::pair<std::string, Kind>, int> kinds;
  std::map<std::pair<std::string, std::string_view>, int> skips;
  std::vector<const Decision*> moves;
  std::set<std::string> received;  // visits some decision has given a server so far
  for (const RecordedDecision& r : decisions) {
    const Decision& d = r.decision;
    const bool received_before = received.count(d.visit) != 0;
    if (!d.server.empty()) received.insert(d.visit);
    if (format_day(d.t) != day) continue;
    // The skips a decision caused count even if its visit was voided: the rules kept them.
    for (const Skip& s : d.skipped) ++skips[{s.m, name_of(s.why)}];
    // A voided check-in was a mistake, not a reception: it counts for nobody.
    if (r.voided) continue;
    // Each customer is one reception, of the manager who first received them: a reassignment
    // counts as one only for a customer the supervisor moved before anyone had received them.
    if (d.kind != Kind::reassigned || (!d.server.empty() && !received_before)) ++kinds[{d.server, d.kind}];
    // A move counts where it was made (the supervisor's reassignment or confirmed claim), not
    // again when a customer who waited for their new manager is served.
    if (d.kind == Kind::reassigned && (r.cause == EventType::reassign || r.cause == EventType::claim_confirm))
      moves.push_back(&d);
  }
  for (const auto& [key, n] : kinds) {
    DispatchRow& r = row(key.first);
    switch (key.second) {
      case Kind::rotation: r.rotation += n; break;
      case Kind::makeup: r.makeup += n; break;
      case Kind::requested: r.requested += n; break;
      case Kind::returning: r.returning += n; break;
      case Kind::referral: r.referral += n; break;
      case Kind::voluntary: r.voluntary += n; break;
      case Kind::reassigned: r.reassigned += n; break;
    }
  }
  for (const auto& [key, n] : skips) {
    DispatchRow& r = row(key.first);
    (key.second == name_of(SkipWhy::task)             ? r.task_skips
     : key.second == name_of(SkipWhy::already_served) ? r.already_served
                                                      : r.forfeits) += n;
  }
  for (const Decision* d : moves) {
    ++row(d->owner).reassigned_in;
    if (!d->previous_owner.empty()) ++row(d->previous_owner).reassigned_out;
  }
  return rows;
}

}  // namespace lobby
