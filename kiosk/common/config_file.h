// A role's TOML settings file (assets/config/kiosk.toml, hq.toml), read strictly: a branch that
// mistypes a key or a value must find out when the program starts, not in a month when the
// setting would have mattered. Every error names the file, the key and what was expected.
// Programs do not call the readers one by one: they declare their settings once in a
// SettingList (setting_list.h), which reads the file, adds the flags and prints --check.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lobby {

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ConfigFile {
 public:
  // Parses `path`. Throws ConfigError for a missing, unreadable or malformed file.
  explicit ConfigFile(std::string path);
  ~ConfigFile();
  ConfigFile(ConfigFile&&) noexcept;

  // Each reader leaves `out` alone when the key is absent, and throws ConfigError when it is
  // there with the wrong type or outside its range. Keys are dotted: "policy.claim_window_days".
  void read(std::string_view key, bool& out);
  void read(std::string_view key, std::string& out);
  void read(std::string_view key, long long& out, long long min, long long max);
  void read(std::string_view key, double& out, double min, double max);
  void read_choice(std::string_view key, std::string& out, const std::vector<std::string>& choices);
  // A table of names, each set to one of `choices` (e.g. absence reasons -> break or task).
  // Present: it replaces `out` entirely.
  void read_choices(std::string_view key, std::map<std::string, std::string>& out,
                    const std::vector<std::string>& choices);

  // A list of distinct values, each one of `choices`, at least one. Present: it replaces `out`.
  void read_choice_list(std::string_view key, std::vector<std::string>& out, const std::vector<std::string>& choices);
  // A list of tables ([[key]] in the file), each with exactly `fields`, all text and none
  // empty (a field may be dotted: "name.zh"). fields[0] names the entry: letters, digits, '-'
  // or '_', each name once. At most `max_entries`. Present: it replaces `out`.
  void read_table_list(std::string_view key, std::vector<std::map<std::string, std::string>>& out,
                       const std::vector<std::string>& fields, std::size_t max_entries);
  // For a value its reader accepted but a further check refuses (e.g. a device address):
  // throws ConfigError naming the file, the line, the key and `expected` (or, for a key the
  // file does not have, saying that it is missing).
  [[noreturn]] void refuse(std::string_view key, const std::string& expected) const { fail(key, expected); }
  bool has(std::string_view key) const;

  // Throws ConfigError naming the first key in the file that no reader asked for.
  void refuse_unknown_keys() const;
  const std::string& path() const { return path_; }

 private:
  struct Parsed;
  [[noreturn]] void fail(std::string_view key, const std::string& expected) const;
  std::string path_;
  std::unique_ptr<Parsed> parsed_;
  std::set<std::string, std::less<>> known_;
};

// Finds "--config FILE" or "--config=FILE" among a command's arguments: false if absent. The
// file is read before the flags, so that flags given as well override it. Throws ConfigError
// for "--config=" with no file.
bool config_argument(int argc, char** argv, std::string& path);

// The words for what a value must be, shared by the file's messages and the flags' so that
// both say the same: "expected a whole number from 2 to 600", "expected one of: "zh" "en"".
std::string expected_whole(long long min, long long max);
std::string expected_number(double min, double max);
std::string expected_one_of(const std::vector<std::string>& choices);

}  // namespace lobby
