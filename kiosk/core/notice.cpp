#include "kiosk/core/notice.h"

#include <algorithm>

namespace lobby {

std::string_view name_of(NoticeWhy w) {
  switch (w) {
    case NoticeWhy::assigned: return "assigned";
    case NoticeWhy::waiting: return "waiting";
    case NoticeWhy::reassigned: return "reassigned";
  }
  return "assigned";
}

std::optional<NoticeWhy> notice_why_from(std::string_view s) {
  for (NoticeWhy w : {NoticeWhy::assigned, NoticeWhy::waiting, NoticeWhy::reassigned})
    if (name_of(w) == s) return w;
  return std::nullopt;
}

std::vector<NoticeDraft> plan_notices(const Event& e, const Outcome& o) {
  std::vector<NoticeDraft> out;
  if (!o.error.empty()) return out;
  auto served_later = [&](const std::string& visit, std::size_t after) {
    for (std::size_t j = after + 1; j < o.decisions.size(); ++j)
      if (o.decisions[j].visit == visit && !o.decisions[j].server.empty()) return true;
    return false;
  };
  if (e.type == EventType::arrive && o.queued && !o.waiting_for.empty())
    out.push_back({e.id, NoticeWhy::waiting, Kind::requested, o.waiting_for, "", e.t});
  for (std::size_t i = 0; i < o.decisions.size(); ++i) {
    const Decision& d = o.decisions[i];
    NoticeDraft n{d.visit, NoticeWhy::assigned, d.kind, d.owner, d.server, d.t};
    if (d.kind == Kind::reassigned) {
      // Waiting for the new manager by name, unless the same event already served them.
      if (d.server.empty() && served_later(d.visit, i)) continue;
      n.why = d.server.empty() ? NoticeWhy::waiting : NoticeWhy::reassigned;
    }
    out.push_back(std::move(n));
  }
  return out;
}

std::vector<std::string> recipients(const NoticeDraft& n) {
  std::vector<std::string> r;
  if (n.why == NoticeWhy::assigned && !n.server.empty()) r.push_back(n.server);
  if (!n.owner.empty() && std::find(r.begin(), r.end(), n.owner) == r.end()) r.push_back(n.owner);
  return r;
}

}  // namespace lobby
