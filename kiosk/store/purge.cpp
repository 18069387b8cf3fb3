// The retention purge: customers whose last visit is older than the branch keeps personal
// data lose their number (for a pseudonym) and their name; their visits, decisions and the
// dispatch log stay, so the statistics survive and a replay decides as before.
#include "kiosk/core/local_time.h"
#include "kiosk/common/personal_data.h"
#include "kiosk/store/store.h"

#include <stdexcept>

namespace lobby {

Store::Purged Store::purge_personal_data(Time now, int days) {
  if (days < 0) throw std::invalid_argument("purge_personal_data: days must not be negative");
  const std::string cutoff = format_local_time(now - Time{days} * kSecondsPerDay);
  Purged p;
  {
    WriteTransaction tx(db_);
    p.numbers = choose_numbers_to_purge(db_, {"events", "body", "$"}, cutoff);
    for (const EventColumn& c : {EventColumn{"events", "body", "$"}, EventColumn{"audit", "detail", "$.event"},
                                 EventColumn{"outbox", "payload", "$.event"},
                                 EventColumn{"quarantine", "payload", "$.event"}})
      p.rows += pseudonymise_events(db_, c, cutoff);
    db_.prepare(
           "UPDATE customers SET phone = (SELECT alias FROM temp.purged_numbers WHERE phone = customers.phone), "
           "surname = '', title = '' WHERE phone IN (SELECT phone FROM temp.purged_numbers)")
        .run();
    p.customers = static_cast<std::size_t>(sqlite3_changes(db_.handle()));
    db_.prepare(
           "UPDATE visits SET phone = coalesce((SELECT alias FROM temp.purged_numbers WHERE phone = visits.phone), "
           "phone), surname = '', title = '' WHERE phone IN (SELECT phone FROM temp.purged_numbers) OR (phone IS "
           "NULL AND arrived < ?1 AND (surname <> '' OR title <> ''))")
        .bind(1, cutoff).run();
    p.visits = static_cast<std::size_t>(sqlite3_changes(db_.handle()));
    db_.exec("DELETE FROM temp.purged_numbers");  // the map would link the pseudonyms back to the numbers
    tx.commit();
  }
  // The old pages, numbers and all, stay in the write-ahead log until it is checkpointed and
  // truncated. A reader holding an old snapshot makes this wait or give up; the next purge
  // (or the kiosk's own checkpoints) clears it then.
  db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return p;
}

}  // namespace lobby
