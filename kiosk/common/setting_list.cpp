#include "kiosk/common/setting_list.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cassert>
#include <charconv>
#include <optional>

namespace lobby {

namespace {

std::string number_text(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  return s;
}

bool among(const std::vector<std::string>& choices, const std::string& v) {
  return std::find(choices.begin(), choices.end(), v) != choices.end();
}

std::string range_words(const Setting& s) {
  return s.kind == SettingKind::whole
             ? expected_whole(static_cast<long long>(s.min), static_cast<long long>(s.max))
             : expected_number(s.min, s.max);
}

// A flag's text as the setting's value; nullopt when it is not even of the right kind.
std::optional<SettingValue> from_flag(const Setting& s, const std::string& text) {
  const char* end = text.data() + text.size();
  switch (s.kind) {
    case SettingKind::whole: {
      long long v = 0;
      const auto [at, ec] = std::from_chars(text.data(), end, v);
      if (ec != std::errc() || at != end || text.empty()) return std::nullopt;
      return v;
    }
    case SettingKind::decimal: {
      double v = 0;
      const auto [at, ec] = std::from_chars(text.data(), end, v);
      if (ec != std::errc() || at != end || text.empty()) return std::nullopt;
      return v;
    }
    case SettingKind::text:
    case SettingKind::choice:
      return text;
    default:
      return std::nullopt;  // yes_no is a bare flag; tables and lists have none
  }
}

std::string type_name(const Setting& s) {
  switch (s.kind) {
    case SettingKind::whole:
      return "INT " + number_text(s.min) + "-" + number_text(s.max);
    case SettingKind::decimal:
      return "NUMBER " + number_text(s.min) + "-" + number_text(s.max);
    case SettingKind::choice: {
      std::string words;
      for (const std::string& c : s.choices) words += (words.empty() ? "" : "|") + c;
      return words;
    }
    default:
      return "TEXT";
  }
}

}  // namespace

std::string Setting::problem(const SettingValue& v) const {
  switch (kind) {
    case SettingKind::whole: {
      const auto* n = std::get_if<long long>(&v);
      if (!n || *n < min || *n > max) return range_words(*this);
      break;
    }
    case SettingKind::decimal: {
      const auto* n = std::get_if<double>(&v);
      if (!n || !(*n >= min && *n <= max)) return range_words(*this);
      break;
    }
    case SettingKind::choice: {
      const auto* word = std::get_if<std::string>(&v);
      if (!word || !among(choices, *word)) return expected_one_of(choices);
      break;
    }
    default:
      break;
  }
  return check ? check(text_of(v)) : "";
}

std::string Setting::text() const { return text_of(get()); }

std::string text_of(const SettingValue& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) return x ? "true" : "false";
        else if constexpr (std::is_same_v<T, long long>) return std::to_string(x);
        else if constexpr (std::is_same_v<T, double>) return number_text(x);
        else if constexpr (std::is_same_v<T, std::string>) return x;
        else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          std::string joined;
          for (const std::string& e : x) joined += (joined.empty() ? "" : ", ") + e;
          return joined;
        } else return "";
      },
      v);
}

// ---- declarations -------------------------------------------------------------------------

Setting& SettingList::declare(std::string key, std::string flag, SettingKind kind, std::string help,
                              std::function<SettingValue()> get, std::function<void(const SettingValue&)> set) {
  assert(!key.empty() && get && set);
  assert(std::none_of(settings_.begin(), settings_.end(), [&](const Setting& other) {
    return other.key == key || (!flag.empty() && other.flag == flag);
  }));
  Setting& s = settings_.emplace_back();
  s.key = std::move(key), s.flag = std::move(flag), s.kind = kind, s.help = std::move(help);
  s.get = std::move(get), s.set = std::move(set);
  s.default_text = s.text();
  return s;
}

Setting& SettingList::yes_no(std::string key, std::string flag, bool& value, std::string help) {
  return yes_no(
      std::move(key), std::move(flag), [&value] { return value; }, [&value](bool v) { value = v; }, std::move(help));
}

Setting& SettingList::yes_no(std::string key, std::string flag, std::function<bool()> get,
                             std::function<void(bool)> set, std::string help) {
  return declare(
      std::move(key), std::move(flag), SettingKind::yes_no, std::move(help), [get] { return SettingValue(get()); },
      [set](const SettingValue& v) { set(std::get<bool>(v)); });
}

Setting& SettingList::whole(std::string key, std::string flag, std::function<long long()> get,
                            std::function<void(long long)> set, long long min, long long max, std::string help) {
  Setting& s = declare(
      std::move(key), std::move(flag), SettingKind::whole, std::move(help), [get] { return SettingValue(get()); },
      [set](const SettingValue& v) { set(std::get<long long>(v)); });
  s.min = static_cast<double>(min), s.max = static_cast<double>(max);
  return s;
}

Setting& SettingList::decimal(std::string key, std::string flag, float& value, double min, double max,
                              std::string help) {
  Setting& s = declare(
      std::move(key), std::move(flag), SettingKind::decimal, std::move(help),
      [&value] { return SettingValue(static_cast<double>(value)); },
      [&value](const SettingValue& v) { value = static_cast<float>(std::get<double>(v)); });
  s.min = min, s.max = max;
  return s;
}

Setting& SettingList::text(std::string key, std::string flag, std::string& value, std::string help) {
  return declare(
      std::move(key), std::move(flag), SettingKind::text, std::move(help), [&value] { return SettingValue(value); },
      [&value](const SettingValue& v) { value = std::get<std::string>(v); });
}

Setting& SettingList::choice(std::string key, std::string flag, std::string& value, std::vector<std::string> choices,
                             std::string help) {
  return choice(
      std::move(key), std::move(flag), [&value] { return value; }, [&value](const std::string& v) { value = v; },
      std::move(choices), std::move(help));
}

Setting& SettingList::choice(std::string key, std::string flag, std::function<std::string()> get,
                             std::function<void(const std::string&)> set, std::vector<std::string> choices,
                             std::string help) {
  Setting& s = declare(
      std::move(key), std::move(flag), SettingKind::choice, std::move(help), [get] { return SettingValue(get()); },
      [set](const SettingValue& v) { set(std::get<std::string>(v)); });
  s.choices = std::move(choices);
  return s;
}

Setting& SettingList::choice_table(std::string key, std::function<std::map<std::string, std::string>()> get,
                                   std::function<void(const std::map<std::string, std::string>&)> set,
                                   std::vector<std::string> choices, std::string help) {
  Setting& s = declare(
      std::move(key), "", SettingKind::choice_table, std::move(help), [get] { return SettingValue(get()); },
      [set](const SettingValue& v) { set(std::get<std::map<std::string, std::string>>(v)); });
  s.choices = std::move(choices);
  return s;
}

Setting& SettingList::choice_list(std::string key, std::function<std::vector<std::string>()> get,
                                  std::function<void(const std::vector<std::string>&)> set,
                                  std::vector<std::string> choices, std::string help) {
  Setting& s = declare(
      std::move(key), "", SettingKind::choice_list, std::move(help), [get] { return SettingValue(get()); },
      [set](const SettingValue& v) { set(std::get<std::vector<std::string>>(v)); });
  s.choices = std::move(choices);
  return s;
}

Setting& SettingList::table_list(std::string key, std::vector<std::string> fields, std::size_t max_entries,
                                 std::function<TableList()> get, std::function<void(const TableList&)> set,
                                 std::string help) {
  assert(!fields.empty());
  Setting& s = declare(
      std::move(key), "", SettingKind::table_list, std::move(help), [get] { return SettingValue(get()); },
      [set](const SettingValue& v) { set(std::get<TableList>(v)); });
  s.choices = std::move(fields);
  s.max = static_cast<double>(max_entries);
  return s;
}

void SettingList::optional_table(std::string prefix, std::function<bool()> present, std::string absent) {
  optional_.push_back({std::move(prefix), std::move(present), std::move(absent)});
}

// ---- the file -----------------------------------------------------------------------------

void SettingList::read(ConfigFile& file) const {
  std::vector<SettingValue> values;  // as read (a setter may keep a value in another form)
  for (const Setting& s : settings_) {
    // ConfigFile's readers refuse a value of the wrong kind, out of range or not a choice, in
    // the same words a flag's check uses (expected_whole and the rest).
    SettingValue& v = values.emplace_back(s.get());
    switch (s.kind) {
      case SettingKind::yes_no:
        file.read(s.key, std::get<bool>(v));
        break;
      case SettingKind::whole:
        file.read(s.key, std::get<long long>(v), static_cast<long long>(s.min), static_cast<long long>(s.max));
        break;
      case SettingKind::decimal:
        file.read(s.key, std::get<double>(v), s.min, s.max);
        break;
      case SettingKind::text:
        file.read(s.key, std::get<std::string>(v));
        break;
      case SettingKind::choice:
        file.read_choice(s.key, std::get<std::string>(v), s.choices);
        break;
      case SettingKind::choice_table:
        file.read_choices(s.key, std::get<std::map<std::string, std::string>>(v), s.choices);
        break;
      case SettingKind::choice_list:
        file.read_choice_list(s.key, std::get<std::vector<std::string>>(v), s.choices);
        break;
      case SettingKind::table_list:
        file.read_table_list(s.key, std::get<TableList>(v), s.choices, static_cast<std::size_t>(s.max));
        break;
    }
    if (file.has(s.key)) s.set(v);
  }
  // The further checks once everything is read: one may depend on another setting.
  for (std::size_t i = 0; i < settings_.size(); ++i)
    if (const Setting& s = settings_[i]; s.check)
      if (const std::string expected = s.check(text_of(values[i])); !expected.empty()) file.refuse(s.key, expected);
}

// ---- the flags ----------------------------------------------------------------------------

void SettingList::add_flags(CLI::App& command) const {
  std::vector<std::string> all;
  for (const Setting& s : settings_) all.push_back(s.key);
  add_flags(command, all);
}

void SettingList::add_flags(CLI::App& command, const std::vector<std::string>& keys) const {
  for (const Setting& s : settings_) {
    if (s.flag.empty() || !among(keys, s.key)) continue;
    assert(s.kind != SettingKind::choice_table && s.kind != SettingKind::choice_list &&
           s.kind != SettingKind::table_list);
    std::string help = s.help;
    if (s.kind == SettingKind::yes_no) {  // a bare flag: present or not
      command.add_flag_callback(s.flag, [s] { s.set(true); }, help);
      continue;
    }
    if (!s.secret && !s.default_text.empty()) help += " (default: " + s.default_text + ")";
    // The same words as the file's message: "--max-body: 5 is not valid: expected ...".
    CLI::Validator same_as_file(
        [s](std::string& text) -> std::string {
          const std::optional<SettingValue> v = from_flag(s, text);
          const std::string expected = v ? s.problem(*v) : range_words(s);
          return expected.empty() ? "" : text + " is not valid: " + expected;
        },
        "");
    command
        .add_option_function<std::string>(
            s.flag, [s](const std::string& text) { s.set(*from_flag(s, text)); }, help)
        ->check(same_as_file)
        ->type_name(type_name(s));
  }
}

// ---- --check --------------------------------------------------------------------------------

std::string SettingList::describe() const {
  std::string out;
  std::vector<std::string> absent_said;
  for (const Setting& s : settings_) {
    const auto in_table = std::find_if(optional_.begin(), optional_.end(), [&](const OptionalTable& t) {
      return s.key.starts_with(t.prefix + ".");
    });
    if (in_table != optional_.end() && !in_table->present()) {
      if (!among(absent_said, in_table->prefix)) out += in_table->prefix + " = " + in_table->absent + "\n";
      absent_said.push_back(in_table->prefix);
      continue;
    }
    if (s.kind == SettingKind::choice_table) {
      const SettingValue table = s.get();
      for (const auto& [name, word] : std::get<std::map<std::string, std::string>>(table))
        out += s.key + "." + name + " = " + word + "\n";
      continue;
    }
    if (s.kind == SettingKind::table_list) {  // "lines.senior.name.en = Senior designer", a line per field
      const SettingValue list = s.get();
      const TableList& entries = std::get<TableList>(list);
      if (entries.empty()) out += s.key + " = (none)\n";
      for (const auto& entry : entries)
        for (std::size_t f = 1; f < s.choices.size(); ++f)
          out += s.key + "." + entry.at(s.choices[0]) + "." + s.choices[f] + " = " + entry.at(s.choices[f]) + "\n";
      continue;
    }
    const std::string value = s.text();
    out += s.key + " = " + (s.secret ? (value.empty() ? "" : "(set)") : value) + "\n";
  }
  return out;
}

}  // namespace lobby
