// The dashboard's words (assets/dashboard/strings) as the kiosk's are checked: both languages
// hold the same keys with the same {placeholders}, every key the pages use is there, and no
// key is there that no page uses. A key is used where a script or the HTML names it in quotes
// (t("overview.heading"), data-i18n="overview.heading"). The kiosk's own words the pages use
// (I18n.kiosk("board.serving"), K("board.serving")) come from the kiosk's strings, which the
// dashboard serves as explain/<language>.txt: those must be the kiosk's files and hold them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace {

const std::string kDashboard = SOURCE_DIR "/assets/dashboard";
const std::string kKioskStrings = SOURCE_DIR "/assets/strings";

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// `key = text` lines, as i18n.js reads them.
std::map<std::string, std::string> strings(const std::string& language, const std::string& dir = kDashboard + "/strings") {
  std::map<std::string, std::string> table;
  std::istringstream lines(read(dir + "/" + language + ".txt"));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t eq = line.find(" = ");
    EXPECT_NE(eq, std::string::npos) << language << ".txt: not `key = text`: " << line;
    if (eq == std::string::npos) continue;
    EXPECT_FALSE(table.count(line.substr(0, eq))) << language << ".txt has " << line.substr(0, eq) << " twice";
    table[line.substr(0, eq)] = line.substr(eq + 3);
  }
  return table;
}

std::set<std::string> placeholders(const std::string& text) {
  static const std::regex placeholder("\\{[a-z_]+\\}");
  std::set<std::string> names;
  for (std::sregex_iterator m(text.begin(), text.end(), placeholder), end; m != end; ++m) names.insert(m->str());
  return names;
}

// Every quoted string in the dashboard's scripts and page that has the shape of a key of ours.
std::set<std::string> used_keys() {
  static const std::regex key(R"(["'`]((app|nav|role|date|signin|overview|state|problem|branch|dispatch|now|visits|fair|trend)\.[a-z_.]+[a-z_])["'`])");
  std::set<std::string> used;
  for (const auto& f : std::filesystem::directory_iterator(kDashboard)) {
    const std::string ext = f.path().extension().string();
    if (ext != ".js" && ext != ".html") continue;
    const std::string source = read(f.path());
    for (std::sregex_iterator m(source.begin(), source.end(), key), end; m != end; ++m)
      if (!std::regex_search((*m)[1].str(), std::regex(R"(\.(js|css)$)"))) used.insert((*m)[1]);  // a file's name
  }
  return used;
}

// The kiosk's keys the scripts name: I18n.kiosk("board.serving"), K("board.serving").
std::set<std::string> kiosk_keys_used() {
  static const std::regex key(R"((?:\bK|I18n\.kiosk)\(\s*["'`]([a-z_.-]+[a-z_])["'`])");
  std::set<std::string> used;
  for (const auto& f : std::filesystem::directory_iterator(kDashboard)) {
    if (f.path().extension() != ".js") continue;
    const std::string source = read(f.path());
    for (std::sregex_iterator m(source.begin(), source.end(), key), end; m != end; ++m) used.insert((*m)[1]);
  }
  return used;
}

TEST(DashboardStrings, TheKioskWordsAreTheKiosksOwnAndHoldEveryKeyThePagesUse) {
  for (const std::string language : {"en", "zh-CN"}) {
    const std::filesystem::path served = kDashboard + "/explain/" + language + ".txt";
    ASSERT_TRUE(std::filesystem::exists(served)) << served;
    EXPECT_TRUE(std::filesystem::equivalent(served, kKioskStrings + "/" + language + ".txt"))
        << served << " is not the kiosk's own strings file (a link to it), so its words could drift";
    const auto kiosk = strings(language, kKioskStrings);
    const std::set<std::string> used = kiosk_keys_used();
    EXPECT_GT(used.size(), 15u) << "the scan found too few of the kiosk's keys to be reading the scripts";
    for (const std::string& key : used) EXPECT_TRUE(kiosk.count(key)) << "a page uses the kiosk's " << key << ", which its " << language << ".txt lacks";
    // Keys built from the API's values (kind.rotation, skip.busy, state.break, void.test).
    for (const char* key : {"kind.rotation", "kind.reassigned", "skip.break", "skip.already-served",
                                   "state.break", "state.receiving", "void.test", "void.wrong_details"})
      EXPECT_TRUE(kiosk.count(key)) << language << ".txt lacks " << key;
  }
}

TEST(DashboardStrings, BothLanguagesHaveTheSameKeysAndPlaceholders) {
  const auto en = strings("en"), zh = strings("zh-CN");
  EXPECT_GT(en.size(), 40u);
  for (const auto& [key, text] : en) {
    ASSERT_TRUE(zh.count(key)) << "zh-CN.txt is missing " << key;
    EXPECT_EQ(placeholders(text), placeholders(zh.at(key))) << key;
  }
  for (const auto& [key, text] : zh) EXPECT_TRUE(en.count(key)) << "en.txt is missing " << key;
}

TEST(DashboardStrings, EveryKeyThePagesUseExistsAndEveryKeyIsUsed) {
  const auto en = strings("en");
  const std::set<std::string> used = used_keys();
  EXPECT_GT(used.size(), 40u) << "the scan found too few keys to be reading the pages";
  for (const std::string& key : used) EXPECT_TRUE(en.count(key)) << "a page uses " << key << ", which en.txt lacks";
  for (const auto& [key, text] : en) EXPECT_TRUE(used.count(key)) << key << " is in the strings but no page uses it";
}

}  // namespace
