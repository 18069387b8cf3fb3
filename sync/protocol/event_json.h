// Events and decisions as JSON: the replay contract's lines, the store's event log and
// the payloads sent to HQ all use this one encoding.
#pragma once

#include "kiosk/core/types.h"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

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

}  // namespace lobby
