// Staff sign-in locks as the console's PinLock left them, one row per person, and each failed
// attempt in the audit log. The store keeps them; whether a PIN locks is PinLock's to say.
#include "kiosk/store/store.h"

#include "kiosk/core/local_time.h"

namespace lobby {

std::map<std::string, PinLock> Store::pin_locks() const {
  std::map<std::string, PinLock> out;
  auto s = db_.prepare("SELECT manager, failures, locked_until FROM pin_locks");
  while (s.step()) out[s.text_at(0)] = {static_cast<int>(s.int_at(1)), s.int_at(2)};
  return out;
}

void Store::record_pin_attempt(const std::string& manager, const PinLock& lock, const std::string& action, Time t) {
  WriteTransaction tx(db_);
  db_.prepare("INSERT OR REPLACE INTO pin_locks(manager, failures, locked_until) VALUES(?, ?, ?)")
      .bind(1, manager).bind(2, std::int64_t{lock.failures}).bind(3, lock.locked_until).run();
  if (!action.empty()) {
    auto s = db_.prepare(
        "INSERT INTO audit(t, actor, action, detail) "
        "VALUES(?1, ?2, ?3, json_object('m', ?2, 'failures', ?4, 'locked_until', ?5))");
    s.bind(1, format_local_time(t)).bind(2, manager).bind(3, action).bind(4, std::int64_t{lock.failures});
    lock.locked(t) ? s.bind(5, format_local_time(lock.locked_until)) : s.bind_null(5);
    s.run();
  }
  tx.commit();
}

}  // namespace lobby
