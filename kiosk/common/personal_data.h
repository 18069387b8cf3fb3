// Forgetting customers' numbers and names inside stored event JSON, shared by the kiosk's
// store and HQ's. A purged number becomes one random pseudonym everywhere it appears: the
// engine only ever compares numbers for equality, so replaying the rewritten events makes
// exactly the decisions the original ones made, while the number itself is gone.
#pragma once

#include "kiosk/common/db.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace lobby {

// Pseudonyms start with a letter, so none can ever equal a number typed on the keypad (digits
// only) and none is picked for purging again.
constexpr std::string_view kPseudonymPrefix = "anon-";
inline bool is_pseudonym(std::string_view phone) { return phone.starts_with(kPseudonymPrefix); }

// A column holding event JSON; `event` is the JSON path of the event inside it: "$" for the
// kiosk's events table, "$.event" for an outbox payload (audit, outbox, quarantine, HQ).
struct EventColumn {
  std::string table, column, event;
};

// Both run inside the caller's write transaction and throw StoreError.
//
// Picks the numbers whose last visit is before `cutoff` (local time, YYYY-MM-DDTHH:MM:SS) in
// `source`; a number only ever given as a referrer counts from its last mention. Gives each a
// fresh pseudonym in temp.purged_numbers(phone, alias), replacing what was there; returns how many.
std::size_t choose_numbers_to_purge(Db& db, const EventColumn& source, const std::string& cutoff);

// Rewrites the arrivals in `where`: each number in temp.purged_numbers becomes its pseudonym (as
// `phone` and as `referrer`); surname and title go from arrivals whose number was purged, and from
// arrivals without a number before `cutoff`. Returns how many rows changed.
std::size_t pseudonymise_events(Db& db, const EventColumn& where, const std::string& cutoff);

}  // namespace lobby
