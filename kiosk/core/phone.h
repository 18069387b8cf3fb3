// Mainland China mobile numbers as customers type them on the keypad.
#pragma once

#include <string>
#include <string_view>

namespace lobby {

enum class PhoneError { none, empty, not_digits, wrong_length, not_mobile };

// Accepts 11 digits starting 13-19, with an optional +86/86 prefix and spaces or dashes.
// On success `normalized` holds the 11 digits.
PhoneError check_mobile(std::string_view typed, std::string& normalized);

}  // namespace lobby
