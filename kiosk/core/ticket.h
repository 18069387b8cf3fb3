// Ticket numbers customers see and staff call out: a letter and a daily sequence, "A023".
#pragma once

#include <cstdio>
#include <string>

namespace lobby {

inline std::string format_ticket(char prefix, int seq) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%03d", prefix, seq);
  return buf;
}

}  // namespace lobby
