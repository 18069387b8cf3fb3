// Each setting of a program declared once: its key in the settings file, its flag if it has
// one, what it may be (a range, a choice of words, a further check), the value it starts with
// and a line of help. From that one declaration come the reading of the TOML file, the
// command-line flags and the `key = value` lines of --check, so the three cannot disagree
// (written out three times by hand, HQ's --max-body had lost the range its file key had).
//
// A declaration binds the variable it sets: the value it starts with is its default. Read the
// file first, then parse the flags, and a flag given overrides the file.
#pragma once

#include "kiosk/common/config_file.h"

#include <concepts>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace CLI {
class App;
}

namespace lobby {

enum class SettingKind : std::uint8_t {
  yes_no,        // true or false; as a flag, present or not
  whole,         // a whole number from min to max
  decimal,       // a number from min to max
  text,          // any text its check accepts
  choice,        // one of `choices`
  choice_table,  // a table of names, each set to one of `choices` (in the file only)
  choice_list,   // one or more of `choices`, each once, in order (in the file only)
  table_list,    // [[key]] tables, each with the text fields `choices`, the first naming it (in the file only)
};

// A setting's value: bool (yes_no), long long (whole), double (decimal), string (text, choice),
// a map of names to words (choice_table), a list of words (choice_list), a list of tables of
// field -> text (table_list).
using TableList = std::vector<std::map<std::string, std::string>>;
using SettingValue = std::variant<bool, long long, double, std::string, std::map<std::string, std::string>,
                                  std::vector<std::string>, TableList>;
// A value as --check prints it: true, 20, 476, text as it is, a list as "zh, en".
std::string text_of(const SettingValue& v);

struct Setting {
  std::string key;   // dotted, as in the file: "kiosk.ticket_seconds"
  std::string flag;  // "--ticket-seconds"; empty: the file only
  SettingKind kind = SettingKind::text;
  double min = 0, max = 0;           // whole, decimal: both ends allowed; table_list: at most max entries
  std::vector<std::string> choices;  // choice, choice_table, choice_list; table_list: its fields
  std::string help;                  // one line, for --help
  bool secret = false;               // --check prints "(set)", not the value
  // What a range cannot say (a device's address, HOST:PORT): given the value as --check
  // prints it, "" when it may be used, else what is expected ("expected ..."). It runs after
  // the whole file is read, so it may look at other settings (a device only when enabled).
  std::function<std::string(const std::string&)> check;
  std::function<SettingValue()> get;
  std::function<void(const SettingValue&)> set;
  std::string default_text;  // the value it started with, as --check prints it

  // "" when `v` may be used, else what is expected: the range or the choices, then `check`.
  std::string problem(const SettingValue& v) const;
  // The current value as --check prints it ("" for a table; describe() gives its entries).
  std::string text() const;
  // Modifiers for a declaration, e.g. list.text(...).checked_by(listen_problem).
  Setting& checked_by(std::function<std::string(const std::string&)> f) {
    check = std::move(f);
    return *this;
  }
  Setting& secretly() {
    secret = true;
    return *this;
  }
};

class SettingList {
 public:
  // Each declares one setting bound to `value`, whose current value is the default, and
  // returns it for a modifier. `flag` may be empty: the setting is then in the file only.
  Setting& yes_no(std::string key, std::string flag, bool& value, std::string help);
  Setting& yes_no(std::string key, std::string flag, std::function<bool()> get, std::function<void(bool)> set,
                  std::string help);
  template <std::integral T>
  Setting& whole(std::string key, std::string flag, T& value, long long min, long long max, std::string help) {
    return whole(
        std::move(key), std::move(flag), [&value] { return static_cast<long long>(value); },
        [&value](long long v) { value = static_cast<T>(v); }, min, max, std::move(help));
  }
  Setting& whole(std::string key, std::string flag, std::function<long long()> get, std::function<void(long long)> set,
                 long long min, long long max, std::string help);
  Setting& decimal(std::string key, std::string flag, float& value, double min, double max, std::string help);
  Setting& text(std::string key, std::string flag, std::string& value, std::string help);
  Setting& choice(std::string key, std::string flag, std::string& value, std::vector<std::string> choices,
                  std::string help);
  // Those with `get` and `set` are for a value kept in another form (an enum, an optional):
  // they translate.
  Setting& choice(std::string key, std::string flag, std::function<std::string()> get,
                  std::function<void(const std::string&)> set, std::vector<std::string> choices, std::string help);
  Setting& choice_table(std::string key, std::function<std::map<std::string, std::string>()> get,
                        std::function<void(const std::map<std::string, std::string>&)> set,
                        std::vector<std::string> choices, std::string help);
  Setting& choice_list(std::string key, std::function<std::vector<std::string>()> get,
                       std::function<void(const std::vector<std::string>&)> set, std::vector<std::string> choices,
                       std::string help);

  // A list of tables ([[key]]), each with every one of `fields` as text; fields[0] names the
  // entry (distinct). E.g. the service lines: id, name.zh, name.en, about.zh, about.en.
  Setting& table_list(std::string key, std::vector<std::string> fields, std::size_t max_entries,
                      std::function<TableList()> get, std::function<void(const TableList&)> set, std::string help);

  // The settings under `prefix.` hold only when present() (e.g. the house rules, when a
  // settings file gives them): otherwise --check prints "prefix = absent" in their place.
  void optional_table(std::string prefix, std::function<bool()> present, std::string absent);

  // Sets every setting the file has; throws ConfigError for a value of the wrong kind, out of
  // range, not among the choices or refused by its check. Leaves refusing unknown keys to the
  // caller, as several lists may share one file (the kiosk's and the lobby board's).
  void read(ConfigFile& file) const;
  // Adds a flag for each setting that has one (or only for `keys`), with the same checks as
  // the file's and its default in the help. The list must outlive the parse.
  void add_flags(CLI::App& command) const;
  void add_flags(CLI::App& command, const std::vector<std::string>& keys) const;
  // `key = value` a line, in the order declared: what --check prints.
  std::string describe() const;

  const std::deque<Setting>& settings() const { return settings_; }

 private:
  Setting& declare(std::string key, std::string flag, SettingKind kind, std::string help,
                   std::function<SettingValue()> get, std::function<void(const SettingValue&)> set);
  struct OptionalTable {
    std::string prefix;
    std::function<bool()> present;
    std::string absent;
  };
  std::deque<Setting> settings_;  // a deque: each declaration stays where it is as more are added
  std::vector<OptionalTable> optional_;
};

}  // namespace lobby
