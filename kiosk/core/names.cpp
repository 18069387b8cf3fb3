#include "kiosk/core/names.h"

#include <fstream>

namespace lobby {

bool load_surnames(const std::string& path, std::vector<Surname>& out, std::string& error) {
  std::ifstream in(path);
  if (!in) return error = path + ": cannot be read (is the assets folder installed?)", false;
  out.clear();
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.find(' ');
    std::string pinyin = space == std::string::npos ? "" : line.substr(space + 1);
    // The rest of the line, if any, is how it is said: syllables with tone numbers.
    const auto second = pinyin.find(' ');
    std::string spoken = second == std::string::npos ? "" : pinyin.substr(second + 1);
    if (second != std::string::npos) pinyin.resize(second);
    if (space == 0 || pinyin.empty() || pinyin.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos ||
        (second != std::string::npos &&
         (spoken.empty() || spoken.find_first_not_of("abcdefghijklmnopqrstuvwxyz12345 ") != std::string::npos))) {
      error = path + ":" + std::to_string(n) +
              ": expected \"surname pinyin\" with the pinyin in lower-case letters, then optionally how it is "
              "said with tone numbers (wang2)";
      return false;
    }
    out.push_back({line.substr(0, space), std::move(pinyin), std::move(spoken)});
  }
  if (out.empty()) return error = path + ": holds no surnames", false;
  return true;
}

std::string polite_name(std::string_view surname, std::string_view title) {
  if (title == "Mr" || title == "Ms") {
    return surname.empty() ? std::string(title) : std::string(title) + " " + std::string(surname);
  }
  return std::string(surname) + std::string(title);
}

bool is_latin_name(std::string_view surname) {
  for (const char c : surname)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

std::string polite_name(std::string_view surname, std::string_view title, NameLanguage language,
                        const std::vector<Surname>& surnames) {
  const bool male = title == "先生" || title == "Mr";
  const bool female = title == "女士" || title == "Ms";
  if (!male && !female) return std::string(surname) + std::string(title);
  if (language == NameLanguage::zh) return std::string(surname) + (male ? "先生" : "女士");
  std::string written(surname);
  if (!is_latin_name(surname)) {
    for (const Surname& s : surnames) {
      if (s.hanzi != surname) continue;
      written = s.pinyin;  // lower-case letters, checked when the list was read
      written[0] = static_cast<char>(written[0] - 'a' + 'A');
      break;
    }
  }
  const std::string said = male ? "Mr" : "Ms";
  return written.empty() ? said : said + " " + written;
}

std::string masked_phone(std::string_view phone) {
  if (phone.size() < 8) return std::string(phone.size(), '*');
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') + std::string(phone.substr(phone.size() - 4));
}

int estimate_wait_minutes(int ahead, int managers_serving, int typical_reception_minutes) {
  if (managers_serving < 1) managers_serving = 1;
  const int minutes = ((ahead + 1) * typical_reception_minutes + managers_serving - 1) / managers_serving;
  return (minutes + 4) / 5 * 5;
}

int wait_minutes_left(int minutes, std::int64_t estimated_at, std::int64_t now) {
  const std::int64_t gone = now > estimated_at ? (now - estimated_at) / 60 : 0;
  return gone >= minutes ? 0 : static_cast<int>(minutes - gone);
}

}  // namespace lobby
