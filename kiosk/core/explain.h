// Turning a Decision into sentences a person reads, in the language of a string table
// loaded from assets/strings. The engine records codes; only here do they become words.
#pragma once

#include "kiosk/core/types.h"

#include <map>
#include <string>
#include <vector>

namespace lobby {

struct StringTable {
  std::map<std::string, std::string, std::less<>> text;
  // The text for `key`, or the key itself so a missing string is visible, never blank.
  std::string operator[](std::string_view key) const;
};

// Replaces each {name} in `text` with its value; unknown names stay as they are.
std::string fill(std::string text, const std::map<std::string_view, std::string_view>& values);

// Reads `key = text` lines (# comments, blank lines). Returns false with the line number
// and problem in `error`.
bool load_strings(const std::string& path, StringTable& out, std::string& error);

// A Problem in the words of `strings` ("error.<code>" with its arguments filled in); a code
// with no words there comes out plain, so it is never blank.
std::string render(const Problem& p, const StringTable& strings);

// Every key the explanation of any decision can use.
std::vector<std::string> explanation_keys();

// The kind, each rule, each skip and whether a turn was used, one sentence each.
std::vector<std::string> explain(const Decision& d, const StringTable& strings);

}  // namespace lobby
