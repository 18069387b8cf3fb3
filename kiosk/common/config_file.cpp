#include "kiosk/common/config_file.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lobby {

struct ConfigFile::Parsed {
  toml::table table;
};

ConfigFile::ConfigFile(std::string path) : path_(std::move(path)), parsed_(std::make_unique<Parsed>()) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path_, ec) || !std::ifstream(path_))
    throw ConfigError(path_ + ": cannot be read: check the path given to --config (examples are in assets/config/)");
  try {
    parsed_->table = toml::parse_file(path_);
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    const std::string what(e.description());
    throw ConfigError(path_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                      ": not valid TOML: " + what + " (compare with the example in assets/config/)");
  }
}

ConfigFile::~ConfigFile() = default;
ConfigFile::ConfigFile(ConfigFile&&) noexcept = default;

namespace {

const toml::node* find(const toml::table& t, std::string_view key) {
  return t.at_path(key).node();
}

// The value as it was written in the file, near enough to find it.
std::string shown(const toml::node& n) {
  if (n.is_string()) return "\"" + n.as_string()->get() + "\"";
  if (n.is_table()) return "[table]";
  std::ostringstream s;
  n.visit([&](const auto& v) { s << v; });
  return s.str();
}

}  // namespace

void ConfigFile::fail(std::string_view key, const std::string& expected) const {
  const toml::node* n = find(parsed_->table, key);
  if (!n) throw ConfigError(path_ + ": " + std::string(key) + " is missing: " + expected);
  std::string where = path_;
  if (n->source().begin.line) where += ":" + std::to_string(n->source().begin.line);
  throw ConfigError(where + ": " + std::string(key) + " = " + shown(*n) + " is not valid: " + expected);
}

bool ConfigFile::has(std::string_view key) const { return find(parsed_->table, key) != nullptr; }

std::string expected_whole(long long min, long long max) {
  return "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max);
}

std::string expected_number(double min, double max) {
  std::ostringstream s;
  s << "expected a number from " << min << " to " << max;
  return s.str();
}

std::string expected_one_of(const std::vector<std::string>& choices) {
  std::string s = "expected one of:";
  for (const std::string& c : choices) s += " \"" + c + "\"";
  return s;
}

void ConfigFile::read(std::string_view key, bool& out) {
  known_.emplace(key);
  const toml::node* n = find(parsed_->table, key);
  if (!n) return;
  if (!n->is_boolean()) fail(key, "expected true or false");
  out = n->as_boolean()->get();
}

void ConfigFile::read(std::string_view key, std::string& out) {
  known_.emplace(key);
  const toml::node* n = find(parsed_->table, key);
  if (!n) return;
  if (!n->is_string()) fail(key, "expected text in quotes");
  out = n->as_string()->get();
}

void ConfigFile::read(std::string_view key, long long& out, long long min, long long max) {
  known_.emplace(key);
  const toml::node* n = find(parsed_->table, key);
  if (!n) return;
  if (!n->is_integer()) fail(key, expected_whole(min, max));
  const std::int64_t v = n->as_integer()->get();
  if (v < min || v > max) fail(key, expected_whole(min, max));
  out = v;
}

void ConfigFile::read(std::string_view key, double& out, double min, double max) {
  known_.emplace(key);
  const toml::node* n = find(parsed_->table, key);
  if (!n) return;
  double v = 0;
  if (n->is_integer()) v = static_cast<double>(n->as_integer()->get());
  else if (n->is_floating_point()) v = n->as_floating_point()->get();
  else fail(key, expected_number(min, max));
  if (!(v >= min && v <= max)) fail(key, expected_number(min, max));
  out = v;
}

namespace {
bool among(const std::vector<std::string>& choices, const std::string& v) {
  for (const std::string& c : choices)
    if (c == v) return true;
  return false;
}
}  // namespace

void ConfigFile::read_choice(std::string_view key, std::string& out, const std::vector<std::string>& choices) {
  known_.emplace(key);
  const toml::node* n = find(parsed_->table, key);
  if (!n) return;
  if (!n->is_string() || !among(choices, n->as_string()->get())) fail(key, expected_one_of(choices));
  out = n->as_string()->get();
}

void ConfigFile::read_choices(std::string_view key, std::map<std::string, std::string>& out,
                              const std::vector<std::string>& choices) {
  known_.emplace(key);
  const toml::node* n = find(parsed_->table, key);
  if (!n) return;
  if (!n->is_table()) fail(key, "expected a table of names, each set to " + expected_one_of(choices).substr(9));
  std::map<std::string, std::string> read;
  for (auto&& [name, value] : *n->as_table()) {
    const std::string full = std::string(key) + "." + std::string(name.str());
    known_.insert(full);
    if (!value.is_string() || !among(choices, value.as_string()->get())) fail(full, expected_one_of(choices));
    read[std::string(name.str())] = value.as_string()->get();
  }
  if (read.empty()) fail(key, "expected at least one entry");
  out = std::move(read);
}

void ConfigFile::read_choice_list(std::string_view key, std::vector<std::string>& out,
                                  const std::vector<std::string>& choices) {
  known_.emplace(key);
  const toml::node* n = find(parsed_->table, key);
  if (!n) return;
  const std::string expected = "expected a list of one or more of:" + expected_one_of(choices).substr(16) + ", each once";
  if (!n->is_array() || n->as_array()->empty()) fail(key, expected);
  std::vector<std::string> got;
  for (const toml::node& v : *n->as_array()) {
    if (!v.is_string() || !among(choices, v.as_string()->get()) || among(got, v.as_string()->get())) fail(key, expected);
    got.push_back(v.as_string()->get());
  }
  out = std::move(got);
}

void ConfigFile::read_table_list(std::string_view key, std::vector<std::map<std::string, std::string>>& out,
                                 const std::vector<std::string>& fields, std::size_t max_entries) {
  known_.emplace(key);
  const toml::node* n = find(parsed_->table, key);
  if (!n) return;
  std::string each;
  for (const std::string& f : fields) each += (each.empty() ? "" : ", ") + f;
  const std::string expected = "expected up to " + std::to_string(max_entries) + " [[" + std::string(key) +
                               "]] tables, each with " + each;
  if (!n->is_array_of_tables() || n->as_array()->empty()) fail(key, expected);
  const toml::array& entries = *n->as_array();
  if (entries.size() > max_entries)
    fail(key, expected + " (there are " + std::to_string(entries.size()) + ")");
  std::vector<std::map<std::string, std::string>> got;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const toml::table& entry = *entries[i].as_table();
    const std::string at = std::string(key) + "[" + std::to_string(i) + "]";
    std::map<std::string, std::string>& read = got.emplace_back();
    for (const std::string& f : fields) {
      const toml::node* v = entry.at_path(f).node();
      if (!v) fail(at + "." + f, "every [[" + std::string(key) + "]] needs " + each);
      if (!v->is_string() || v->as_string()->get().empty()) fail(at + "." + f, "expected text in quotes, not empty");
      read[f] = v->as_string()->get();
    }
    const std::string& name = read[fields[0]];
    const bool word = std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
    if (!word) fail(at + "." + fields[0], "expected letters, digits, - or _ (it names the entry in the records)");
    for (std::size_t j = 0; j + 1 < got.size(); ++j)
      if (got[j].at(fields[0]) == name)
        fail(at + "." + fields[0], "expected each " + fields[0] + " once; [" + std::to_string(j) + "] has it too");
    // The strict file applies inside each entry too: a mistyped field must not pass unread.
    auto walk = [&](auto& self, const toml::table& t, const std::string& prefix) -> void {
      for (auto&& [field, value] : t) {
        const std::string full = prefix + std::string(field.str());
        if (value.is_table()) self(self, *value.as_table(), full + ".");
        else if (std::find(fields.begin(), fields.end(), full) == fields.end())
          fail(at + "." + full, "not a field of [[" + std::string(key) + "]]; expected only " + each);
      }
    };
    walk(walk, entry, "");
  }
  out = std::move(got);
}

void ConfigFile::refuse_unknown_keys() const {
  // Depth first, in the file's order: the first stray key is the one reported.
  auto walk = [&](auto& self, const toml::table& t, const std::string& prefix) -> void {
    for (auto&& [name, value] : t) {
      const std::string full = prefix + std::string(name.str());
      if (known_.count(full)) continue;
      if (value.is_table()) {
        self(self, *value.as_table(), full + ".");
        continue;
      }
      std::string where = path_;
      if (value.source().begin.line) where += ":" + std::to_string(value.source().begin.line);
      throw ConfigError(where + ": unknown setting " + full +
                        ": check its spelling against the example in assets/config/ (every setting is listed there)");
    }
  };
  walk(walk, parsed_->table, "");
}

bool config_argument(int argc, char** argv, std::string& path) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc) path = argv[i + 1];
    else if (std::strncmp(argv[i], "--config=", 9) == 0) path = argv[i] + 9;
    else continue;
    if (path.empty()) throw ConfigError("--config needs the settings file's path (examples are in assets/config/)");
    return true;
  }
  return false;
}

}  // namespace lobby
