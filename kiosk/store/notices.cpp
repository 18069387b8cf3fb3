#include "kiosk/store/notices.h"

#include "kiosk/store/store.h"

namespace lobby {

// A notice row holds ids and codes only: the customer's polite name is joined from the visit
// when it is sent, so a retention purge needs to know nothing about this table.
const char* const kNoticesMigration = R"sql(
ALTER TABLE managers ADD COLUMN mobile TEXT NOT NULL DEFAULT '';
CREATE TABLE notices(
  seq INTEGER PRIMARY KEY,
  event_seq INTEGER NOT NULL REFERENCES events(seq),
  visit TEXT NOT NULL,
  why TEXT NOT NULL,
  kind TEXT NOT NULL,
  owner TEXT NOT NULL,
  server TEXT NOT NULL DEFAULT '',
  t INTEGER NOT NULL,  -- the decision's branch local time, seconds: notices go stale from here
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'expired')),
  done TEXT
);
CREATE INDEX notices_pending ON notices(seq) WHERE status = 'pending';
CREATE TABLE notify_state(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  channel TEXT NOT NULL DEFAULT '',
  failures INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL DEFAULT 0,
  failing_since_ms INTEGER NOT NULL DEFAULT 0,
  failing_since TEXT NOT NULL DEFAULT '',
  cause TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  stopped TEXT NOT NULL DEFAULT '',
  recent_sends TEXT NOT NULL DEFAULT ''
);
INSERT INTO notify_state(id) VALUES(1);
)sql";

void record_notices(Db& db, std::int64_t event_seq, const std::vector<NoticeDraft>& drafts) {
  for (const NoticeDraft& n : drafts)
    db.prepare("INSERT INTO notices(event_seq, visit, why, kind, owner, server, t) VALUES(?, ?, ?, ?, ?, ?, ?)")
        .bind(1, event_seq).bind(2, n.visit).bind(3, name_of(n.why)).bind(4, name_of(n.kind)).bind(5, n.owner)
        .bind(6, n.server).bind(7, std::int64_t{n.t}).run();
}

std::vector<PendingNotice> Store::pending_notices(std::size_t limit) const {
  auto s = db_.prepare(
      "SELECT n.seq, n.visit, n.why, n.kind, n.owner, n.server, n.t, coalesce(v.ticket, ''), coalesce(v.surname, ''), "
      "coalesce(v.title, ''), v.voided IS NOT NULL FROM notices n LEFT JOIN visits v ON v.id = n.visit WHERE n.status = 'pending' "
      "ORDER BY n.seq LIMIT ?");
  s.bind(1, static_cast<std::int64_t>(limit));
  std::vector<PendingNotice> r;
  while (s.step()) {
    PendingNotice p;
    p.seq = s.int_at(0);
    p.draft.visit = s.text_at(1);
    p.draft.why = notice_why_from(s.text_at(2)).value_or(NoticeWhy::assigned);
    p.draft.kind = kind_from(s.text_at(3)).value_or(Kind::rotation);
    p.draft.owner = s.text_at(4);
    p.draft.server = s.text_at(5);
    p.draft.t = s.int_at(6);
    p.ticket = s.text_at(7);
    p.surname = s.text_at(8);
    p.title = s.text_at(9);
    p.voided = s.int_at(10) != 0;
    r.push_back(std::move(p));
  }
  return r;
}

void Store::settle_notices(const std::vector<std::int64_t>& seqs, const std::string& status, const std::string& now) {
  if (seqs.empty()) return;
  WriteTransaction tx(db_);
  for (std::int64_t seq : seqs)
    db_.prepare("UPDATE notices SET status = ?, done = ? WHERE seq = ? AND status = 'pending'")
        .bind(1, status).bind(2, now).bind(3, seq).run();
  tx.commit();
}

void Store::set_manager_mobile(const std::string& id, const std::string& mobile) {
  WriteTransaction tx(db_);
  db_.prepare("UPDATE managers SET mobile = ? WHERE id = ?").bind(1, mobile).bind(2, id).run();
  tx.commit();
}

std::map<std::string, std::string> Store::manager_mobiles() const {
  std::map<std::string, std::string> r;
  auto s = db_.prepare("SELECT id, mobile FROM managers WHERE mobile != ''");
  while (s.step()) r[s.text_at(0)] = s.text_at(1);
  return r;
}

std::int64_t Store::notices_pending() const {
  auto s = db_.prepare("SELECT count(*) FROM notices WHERE status = 'pending'");
  s.step();
  return s.int_at(0);
}

NotifyState Store::notify_state() const {
  auto s = db_.prepare(
      "SELECT channel, failures, next_attempt_ms, failing_since_ms, failing_since, cause, detail, stopped, recent_sends "
      "FROM notify_state WHERE id = 1");
  NotifyState n;
  if (!s.step()) return n;
  n.channel = s.text_at(0);
  n.failures = static_cast<int>(s.int_at(1));
  n.next_attempt_ms = s.int_at(2);
  n.failing_since_ms = s.int_at(3);
  n.failing_since = s.text_at(4);
  n.cause = s.text_at(5);
  n.detail = s.text_at(6);
  n.stopped = s.text_at(7);
  n.recent_sends = s.text_at(8);
  return n;
}

void Store::set_notify_state(const NotifyState& n) {
  WriteTransaction tx(db_);
  db_.prepare(
         "UPDATE notify_state SET channel = ?, failures = ?, next_attempt_ms = ?, failing_since_ms = ?, "
         "failing_since = ?, cause = ?, detail = ?, stopped = ?, recent_sends = ? WHERE id = 1")
      .bind(1, n.channel).bind(2, std::int64_t{n.failures}).bind(3, n.next_attempt_ms).bind(4, n.failing_since_ms)
      .bind(5, n.failing_since).bind(6, n.cause).bind(7, n.detail).bind(8, n.stopped).bind(9, n.recent_sends).run();
  tx.commit();
}

}  // namespace lobby
