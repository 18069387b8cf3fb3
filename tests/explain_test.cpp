// Explanations are shown to staff and HQ in both languages: every code has its sentence in
// every language, and a decision reads as sentences with the right people in them.
#include "kiosk/core/explain.h"

#include <gtest/gtest.h>

namespace lobby {
namespace {

StringTable load(const char* lang) {
  StringTable t;
  std::string error;
  EXPECT_TRUE(load_strings(std::string(SOURCE_DIR) + "/assets/strings/" + lang + ".txt", t, error)) << error;
  return t;
}

TEST(Explain, EveryCodeHasASentenceInBothLanguages) {
  const StringTable en = load("en"), zh = load("zh-CN");
  for (const std::string& key : explanation_keys()) {
    EXPECT_TRUE(en.text.count(key)) << "en is missing " << key;
    EXPECT_TRUE(zh.text.count(key)) << "zh-CN is missing " << key;
  }
  for (const auto& [key, _] : en.text) EXPECT_TRUE(zh.text.count(key)) << "zh-CN is missing " << key;
  for (const auto& [key, _] : zh.text) EXPECT_TRUE(en.text.count(key)) << "en is missing " << key;
}

TEST(Explain, ADecisionReadsAsSentencesNamingThePeople) {
  Decision d;
  d.kind = Kind::voluntary;
  d.owner = "王丽";
  d.server = "李强";
  d.turn_used = true;
  d.rules = {Rule::rotation_scan, Rule::busy_delegate};
  d.skipped = {{"张敏", SkipWhy::task}};
  const auto zh = explain(d, load("zh-CN"));
  ASSERT_EQ(zh.size(), 5u);
  EXPECT_EQ(zh[0], "代为接待");
  EXPECT_EQ(zh[2], "王丽接待中，保留客户，由李强代为接待。");
  EXPECT_EQ(zh[3], "张敏因公外出，记补接一次。");
  EXPECT_EQ(zh[4], "占用一轮。");
  const auto en = explain(d, load("en"));
  EXPECT_EQ(en[3], "张敏 was away on company business and earned a make-up turn.");
}

TEST(Explain, AMissingStringShowsItsKeyAndBadFilesAreRefused) {
  StringTable empty;
  Decision d;
  EXPECT_EQ(explain(d, empty)[0], "kind.rotation");
  StringTable t;
  std::string error;
  EXPECT_FALSE(load_strings("/nonexistent/strings.txt", t, error));
  EXPECT_NE(error.find("cannot read"), std::string::npos);
}

}  // namespace
}  // namespace lobby
