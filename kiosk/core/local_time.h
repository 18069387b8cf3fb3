// The branch's local time as written in events and records: ISO 8601 without a zone,
// "2026-11-24T09:30:00" (seconds optional, a trailing fraction ignored).
#pragma once

#include "kiosk/core/types.h"

#include <optional>
#include <string>
#include <string_view>

namespace lobby {

// Refuses anything that is not a real moment on the calendar between the years 1 and 9999:
// month 13, 30 February, hour 24, second 60 (a leap second would roll into the next minute,
// and 9999-12-31T23:59:60 into a year no record can be written with).
std::optional<Time> parse_local_time(std::string_view iso);
// Whether `t` lies within the years 1-9999, the range every record and message can hold. The
// engine refuses events outside it, whoever made them.
bool time_in_range(Time t);
std::string format_local_time(Time t);  // "YYYY-MM-DDTHH:MM:SS"
std::string format_day(Time t);         // "YYYY-MM-DD"

}  // namespace lobby
