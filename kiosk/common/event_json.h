// Events and decisions as JSON: the replay contract's lines, the store's event log, the audit
// log and the items sent to HQ all use this one encoding. It sits beneath both programs, so
// the store keeps these bytes without building JSON itself, and HQ reads exactly what the
// kiosk recorded (sync/protocol/checkin_batch.h validates items and batches them).
#pragma once

#include "kiosk/core/types.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lobby {

// Parses one replay line. Returns false with a message naming the bad field; unknown
// fields are refused so that a typo never silently changes a decision.
bool event_from_json(std::string_view line, Event& out, std::string& error);
bool event_from_json_value(const nlohmann::json& j, Event& out, std::string& error);  // already parsed
nlohmann::json event_to_json(const Event& e);
nlohmann::json decision_to_json(const Decision& d);
// Reads back what decision_to_json wrote (the audit log shows it). Unknown rule or skip
// names are dropped rather than refused: a newer kiosk's record still reads.
bool decision_from_json(const nlohmann::json& j, Decision& out, std::string& error);

// The same as text, as the store keeps them.
std::string event_text(const Event& e);
std::string decision_text(const Decision& d);

// One recorded event as HQ receives it and the audit log keeps it: its idempotency key, the
// number the kiosk recorded it under, the event, the decisions it caused and, for an arrival,
// its ticket. Its kind is "checkin" for an arrival and "staff_event" for anything else.
std::string_view item_kind(const Event& e);
std::string item_text(std::string_view uuid, std::int64_t event_seq, const Event& e,
                      const std::vector<Decision>& decisions, std::string_view ticket);
// Reads back the event and decisions of what item_text wrote; false with the reason when it
// cannot be read.
bool item_from_text(std::string_view text, Event& e, std::vector<Decision>& decisions, std::string& error);

}  // namespace lobby
