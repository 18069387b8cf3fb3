#include "kiosk/common/log_line.h"

#include <cstdio>

namespace lobby {

LogField::LogField(std::string_view k, double v) : key(k) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  value = text;
}

namespace {

bool bare(std::string_view v) {
  if (v.empty()) return false;
  for (const char c : v) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!word && c != '.' && c != '_' && c != ':' && c != '/' && c != '+' && c != '-') return false;
  }
  return true;
}

std::string_view name_of(LogLevel l) {
  switch (l) {
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
  }
  return "error";
}

}  // namespace

std::string log_line(LogLevel level, std::string_view event, const std::vector<LogField>& fields) {
  std::string line = "level=" + std::string(name_of(level)) + " event=" + std::string(event);
  for (const LogField& f : fields) {
    line.append(" ").append(f.key).append("=");
    if (bare(f.value)) {
      line += f.value;
      continue;
    }
    line += '"';
    for (const char c : f.value) {
      if (c == '"' || c == '\\') line += '\\', line += c;
      else if (c == '\n') line += "\\n";
      else if (c == '\r') line += "\\r";
      else line += c;
    }
    line += '"';
  }
  return line;
}

void log_event(LogLevel level, std::string_view event, const std::vector<LogField>& fields) {
  const std::string line = log_line(level, event, fields) + "\n";
  std::fputs(line.c_str(), stderr);
}

}  // namespace lobby
