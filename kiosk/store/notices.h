// The store's side of notices to managers' phones: the table they wait in and the row the
// sender keeps its state in. Notices are written by Store::record in the event's own
// transaction, so a crash loses none; the sender (sync/notify) marks them sent or expired.
#pragma once

#include "kiosk/core/notice.h"
#include "kiosk/common/db.h"

#include <vector>

namespace lobby {

// Schema migration 3: managers' mobiles, the notices and the sender's state.
extern const char* const kNoticesMigration;

// Inserts `drafts` as pending notices of event `event_seq`. Inside the caller's transaction.
void record_notices(Db& db, std::int64_t event_seq, const std::vector<NoticeDraft>& drafts);

}  // namespace lobby
