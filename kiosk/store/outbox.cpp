// The outbox as the pusher sees it: read oldest first, settle as HQ's per-item answers say,
// remember the backoff. Nothing here is ever dropped for its age or its number of tries.
#include "kiosk/store/store.h"

namespace lobby {

std::vector<OutboxItem> Store::outbox_batch(std::size_t limit, std::int64_t after_seq) const {
  std::vector<OutboxItem> items;
  auto s = db_.prepare("SELECT seq, uuid, payload FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?");
  s.bind(1, after_seq).bind(2, static_cast<std::int64_t>(limit));
  while (s.step()) items.push_back({s.int_at(0), s.text_at(1), s.text_at(2)});
  return items;
}

void Store::settle_outbox(const std::vector<SentItemFate>& fates, const std::string& now) {
  WriteTransaction tx(db_);
  for (const SentItemFate& f : fates) {
    if (!f.refused_as.empty()) {
      db_.prepare(
             "INSERT OR REPLACE INTO quarantine(uuid, payload, status, reason, at) "
             "SELECT uuid, payload, ?, ?, ? FROM outbox WHERE seq = ?")
          .bind(1, f.refused_as).bind(2, f.reason).bind(3, now).bind(4, f.seq).run();
    }
    db_.prepare("DELETE FROM outbox WHERE seq = ?").bind(1, f.seq).run();
  }
  tx.commit();
}

std::int64_t Store::outbox_pending() const {
  auto s = db_.prepare("SELECT count(*) FROM outbox");
  s.step();
  return s.int_at(0);
}

std::int64_t Store::quarantined() const {
  auto s = db_.prepare("SELECT count(*) FROM quarantine");
  s.step();
  return s.int_at(0);
}

SyncState Store::sync_state() const {
  auto s = db_.prepare(
      "SELECT failures, next_attempt_ms, last_error, last_success, failing_since, cause FROM sync_state WHERE id = 1");
  if (!s.step()) return {};
  return {static_cast<int>(s.int_at(0)), s.int_at(1), s.text_at(2), s.text_at(3), s.text_at(4), s.text_at(5)};
}

void Store::set_sync_state(const SyncState& st) {
  WriteTransaction tx(db_);
  db_.prepare(
         "UPDATE sync_state SET failures = ?, next_attempt_ms = ?, last_error = ?, last_success = ?, failing_since = ?, "
         "cause = ? WHERE id = 1")
      .bind(1, std::int64_t{st.failures}).bind(2, st.next_attempt_ms).bind(3, st.last_error).bind(4, st.last_success)
      .bind(5, st.failing_since).bind(6, st.cause).run();
  tx.commit();
}

}  // namespace lobby
