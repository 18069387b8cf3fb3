// How customers are named on screens: a surname and a title, never a full name, and a phone
// number with its middle hidden. Also the list of common surnames the name screen offers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lobby {

struct Surname {
  std::string hanzi;   // "王"
  std::string pinyin;  // "wang": its first letter files it under W
  std::string spoken;  // "wang2": with tone numbers, as the lobby board says it; "" if not given
};

// Reads `assets/surnames.txt`: one "surname pinyin [spoken]" per line, # comments. Returns false
// with the line number and problem in `error`.
bool load_surnames(const std::string& path, std::vector<Surname>& out, std::string& error);

// "张先生" for a Chinese title, "Ms Smith" for a Latin one, the title alone without a surname:
// the name as the customer gave it, for what is in no one language (a manager's notice).
std::string polite_name(std::string_view surname, std::string_view title);

// The language a customer's screen is in, for saying their name the way that language does.
enum class NameLanguage { zh, en };

// The name as a screen in `language` says it, whichever way it was given. In Chinese the
// title follows the surname ("陈先生", "Smith女士"); in English it comes first ("Mr Chen",
// "Ms Smith-Jones"), a Chinese surname written in its pinyin from `surnames` ("Ouyang"), or
// left in characters when the list does not have it. Titles are 先生/女士/Mr/Ms; anything
// else is kept as it is, after the surname.
std::string polite_name(std::string_view surname, std::string_view title, NameLanguage language,
                        const std::vector<Surname>& surnames);

// True when `surname` is written in Latin letters (as typed on the kiosk's keyboard).
bool is_latin_name(std::string_view surname);

// "138****5678": enough for the customer to recognise their number, not enough to copy it.
std::string masked_phone(std::string_view phone);

// About how many minutes a waiting customer will wait: everyone ahead of them and they
// themselves, shared among the managers who can serve them, rounded up to five minutes.
int estimate_wait_minutes(int ahead, int managers_serving, int typical_reception_minutes);
// What is left of an estimate of `minutes` made at `estimated_at`, at `now` (seconds): one
// minute less for each whole minute gone, never below 0 (the customer is due any moment).
int wait_minutes_left(int minutes, std::int64_t estimated_at, std::int64_t now);

}  // namespace lobby
