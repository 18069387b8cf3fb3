#include "kiosk/core/phone.h"

namespace lobby {

PhoneError check_mobile(std::string_view typed, std::string& normalized) {
  normalized.clear();
  std::string digits;
  for (std::size_t i = 0; i < typed.size(); ++i) {
    const char c = typed[i];
    if (c >= '0' && c <= '9') digits += c;
    else if (c == ' ' || c == '-' || (c == '+' && i == 0)) continue;
    else return PhoneError::not_digits;
  }
  if (digits.empty()) return PhoneError::empty;
  if (digits.size() == 13 && digits.starts_with("86")) digits.erase(0, 2);
  if (digits.size() != 11) return PhoneError::wrong_length;
  if (digits[0] != '1' || digits[1] < '3') return PhoneError::not_mobile;
  normalized = std::move(digits);
  return PhoneError::none;
}

}  // namespace lobby
