#include "kiosk/core/local_time.h"

#include <cstdio>

namespace lobby {

namespace {
// Howard Hinnant's days-from-civil: proleptic Gregorian calendar, no time zone.
std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yoe) + static_cast<int>(era * 400) + (m <= 2);
}
bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}
}  // namespace

std::optional<Time> parse_local_time(std::string_view s) {
  int y, mo, d, h, mi, sec = 0;
  if (!digits(s, 0, 4, y) || s.size() < 16 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, h) || s[13] != ':' ||
      !digits(s, 14, 2, mi))
    return std::nullopt;
  std::size_t end = 16;
  if (s.size() > 16 && s[16] == ':') {
    if (!digits(s, 17, 2, sec)) return std::nullopt;
    end = 19;
    if (s.size() > end && s[end] == '.') {
      ++end;
      while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
    }
  }
  if (end != s.size() || y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap)) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * kSecondsPerDay + h * 3600 +
         mi * 60 + sec;
}

bool time_in_range(Time t) {
  static const Time first = days_from_civil(1, 1, 1) * kSecondsPerDay;
  static const Time last = days_from_civil(9999, 12, 31) * kSecondsPerDay + kSecondsPerDay - 1;
  return t >= first && t <= last;
}

std::string format_local_time(Time t) {
  const std::int64_t day = day_of(t);
  const std::int64_t sec = t - day * kSecondsPerDay;
  int y;
  unsigned m, d;
  civil_from_days(day, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", y, m, d, static_cast<int>(sec / 3600),
                static_cast<int>(sec / 60 % 60), static_cast<int>(sec % 60));
  return buf;
}

std::string format_day(Time t) { return format_local_time(t).substr(0, 10); }

}  // namespace lobby
