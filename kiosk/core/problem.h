// Problem: the one shape an error takes wherever it crosses a boundary (the rules refusing
// an event, the records failing, a bad setting, HQ answering nonsense). A code and its
// arguments, never a sentence: screens render it through the string tables ("error.<code>"
// in assets/strings) in the reader's language, and logs render it in English the same way.
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lobby {

struct Problem {
  std::string code;  // empty: no problem
  std::map<std::string, std::string, std::less<>> args;

  bool empty() const { return code.empty(); }
  explicit operator bool() const { return !code.empty(); }
  bool operator==(const Problem&) const = default;
};

inline Problem problem(std::string code, std::map<std::string, std::string, std::less<>> args = {}) {
  return {std::move(code), std::move(args)};
}

// Every code the engine and the layers below the screens can produce; a test checks each has
// words in both languages.
const std::vector<std::string_view>& problem_codes();

// "unknown-manager (m=M09)": for a log line or a test message when no string table is at hand.
std::string plain(const Problem& p);
std::ostream& operator<<(std::ostream& os, const Problem& p);

}  // namespace lobby
