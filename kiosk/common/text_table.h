// Padding for terminal tables that hold Chinese names: a CJK character takes two columns.
#pragma once

#include <string>

namespace lobby {

inline std::string pad_to(const std::string& s, int columns) {
  int width = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    width += c >= 0xE0 ? 2 : 1;       // three- and four-byte sequences are wide here
  }
  return s + std::string(width < columns ? static_cast<std::size_t>(columns - width) : 0, ' ');
}

}  // namespace lobby
