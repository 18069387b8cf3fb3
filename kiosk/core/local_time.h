// The branch's local time as written in events and records: ISO 8601 without a zone,
// "2026-11-24T09:30:00" (seconds optional, a trailing fraction ignored).
#pragma once

#include "kiosk/core/types.h"

#include <optional>
#include <string>
#include <string_view>

namespace lobby {

std::optional<Time> parse_local_time(std::string_view iso);
std::string format_local_time(Time t);  // "YYYY-MM-DDTHH:MM:SS"
std::string format_day(Time t);         // "YYYY-MM-DD"

}  // namespace lobby
