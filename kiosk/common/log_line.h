// The programs' log: one `level=… event=… key=value …` line on stderr per event, for journald
// and for the people who read it there (and for the tests and benchmarks that read it back).
// Both programs write through this, so a cause holding a quote or a newline can never split
// one event into two lines or make a value unreadable.
#pragma once

#include <cstdint>
#include <vector>
#include <string>
#include <string_view>

namespace lobby {

enum class LogLevel : std::uint8_t { info, warn, error };

struct LogField {
  LogField(std::string_view k, std::string v) : key(k), value(std::move(v)) {}
  LogField(std::string_view k, const char* v) : key(k), value(v) {}
  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, bool v) : key(k), value(v ? "true" : "false") {}
  LogField(std::string_view k, int v) : key(k), value(std::to_string(v)) {}
  LogField(std::string_view k, long v) : key(k), value(std::to_string(v)) {}
  LogField(std::string_view k, long long v) : key(k), value(std::to_string(v)) {}
  LogField(std::string_view k, unsigned long v) : key(k), value(std::to_string(v)) {}
  LogField(std::string_view k, unsigned long long v) : key(k), value(std::to_string(v)) {}
  LogField(std::string_view k, double v);  // one decimal: milliseconds, seconds
  std::string_view key;
  std::string value;
};

// The line without its newline. A value of anything but letters, digits and . _ : / + - is
// written in double quotes, with \ " and line breaks escaped.
std::string log_line(LogLevel level, std::string_view event, const std::vector<LogField>& fields = {});
// Writes log_line and a newline to stderr in one call, so threads never interleave a line.
void log_event(LogLevel level, std::string_view event, const std::vector<LogField>& fields = {});

}  // namespace lobby
