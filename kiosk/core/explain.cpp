#include "kiosk/core/explain.h"

#include <fstream>

namespace lobby {

std::string fill(std::string s, const std::map<std::string_view, std::string_view>& values) {
  for (std::size_t open = s.find('{'); open != std::string::npos; open = s.find('{', open)) {
    const std::size_t close = s.find('}', open);
    if (close == std::string::npos) break;
    auto it = values.find(std::string_view(s).substr(open + 1, close - open - 1));
    if (it == values.end()) {
      open = close;
      continue;
    }
    s.replace(open, close - open + 1, it->second);
    open += it->second.size();
  }
  return s;
}

namespace {
std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}
}  // namespace

std::string StringTable::operator[](std::string_view key) const {
  auto it = text.find(key);
  return it != text.end() ? it->second : std::string(key);
}

bool load_strings(const std::string& path, StringTable& out, std::string& error) {
  std::ifstream in(path);
  if (!in) return error = "cannot read " + path, false;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const auto eq = t.find('=');
    if (eq == std::string::npos)
      return error = path + ":" + std::to_string(n) + ": expected `key = text`", false;
    const std::string key = trim(t.substr(0, eq));
    if (key.empty() || !out.text.emplace(key, trim(t.substr(eq + 1))).second)
      return error = path + ":" + std::to_string(n) + ": empty or repeated key \"" + key + "\"", false;
  }
  return true;
}

std::string render(const Problem& p, const StringTable& strings) {
  const auto it = strings.text.find("error." + p.code);
  if (it == strings.text.end()) return plain(p);
  std::map<std::string_view, std::string_view> values;
  for (const auto& [k, v] : p.args) values.emplace(k, v);
  return fill(it->second, values);
}

std::vector<std::string> explanation_keys() {
  std::vector<std::string> keys;
  for (int k = 0; k <= static_cast<int>(Kind::reassigned); ++k)
    keys.push_back("kind." + std::string(name_of(static_cast<Kind>(k))));
  for (int s = 0; s <= static_cast<int>(SkipWhy::already_served); ++s)
    keys.push_back("skip." + std::string(name_of(static_cast<SkipWhy>(s))));
  for (int r = 0; r <= static_cast<int>(Rule::new_server); ++r)
    keys.push_back("rule." + std::string(name_of(static_cast<Rule>(r))));
  keys.push_back("turn.used");
  keys.push_back("turn.kept");
  return keys;
}

std::vector<std::string> explain(const Decision& d, const StringTable& strings) {
  const std::map<std::string_view, std::string_view> values{
      {"owner", d.owner}, {"server", d.server}, {"previous", d.previous_owner}};
  std::vector<std::string> out{strings["kind." + std::string(name_of(d.kind))]};
  for (Rule r : d.rules) out.push_back(fill(strings["rule." + std::string(name_of(r))], values));
  for (const Skip& s : d.skipped)
    out.push_back(fill(strings["skip." + std::string(name_of(s.why))], {{"m", s.m}}));
  out.push_back(strings[d.turn_used ? "turn.used" : "turn.kept"]);
  return out;
}

}  // namespace lobby
