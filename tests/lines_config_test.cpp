// Service lines in the settings file ([[lines]]): the renovation studio's example is taken
// whole by `kiosk run --check` and read into the kiosk's settings; every way of getting a
// line wrong stops the kiosk at start, naming the line and what was expected.
#include "test_support.h"

#include "kiosk/app/commands.h"

namespace lobby::itest {
namespace {

const std::string kStudio = SOURCE_DIR "/deploy/examples/renovation-studio.toml";

// One line's TOML, as a branch would write it.
std::string line_toml(const std::string& id, const std::string& extra = "") {
  return "[[lines]]\nid = \"" + id + "\"\nname = { zh = \"设计\", en = \"Design\" }\n" +
         "about = { zh = \"方案\", en = \"Plans\" }\n" + extra;
}

// What reading `toml` as the kiosk's settings file says: "" when it is taken.
std::string refusal(const std::string& toml, RunOptions* read = nullptr) {
  TempDir dir;
  write_file(dir.file("kiosk.toml"), toml);
  RunOptions run;
  DisplayOptions display;
  try {
    load_kiosk_config(dir.file("kiosk.toml"), run, display);
  } catch (const ConfigError& e) {
    return e.what();
  }
  if (read) *read = run;
  return "";
}

TEST(Settings, TheStudioExampleHasItsFourLevelsInBothLanguages) {
  RunOptions run;
  DisplayOptions display;
  load_kiosk_config(kStudio, run, display);
  ASSERT_EQ(run.settings.lines.size(), 4u);
  const ui::ServiceLine& director = run.settings.lines[3];
  EXPECT_EQ(director.id, "director");
  EXPECT_EQ(director.name_zh, "主任设计师");
  EXPECT_EQ(director.name_en, "Director");
  EXPECT_FALSE(director.about_zh.empty() || director.about_en.empty());
  std::vector<std::string> ids;
  for (const ui::ServiceLine& l : run.settings.lines) ids.push_back(l.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"standard", "senior", "deputy", "director"})) << "in the file's order";
}

TEST(Settings, LinesWrittenAsTablesOrInlineAreTheSame) {
  RunOptions tables, inline_form;
  ASSERT_EQ(refusal(line_toml("a") + line_toml("b"), &tables), "");
  ASSERT_EQ(refusal("lines = [{ id = \"a\", name.zh = \"设计\", name.en = \"Design\", about = { zh = \"方案\", "
                    "en = \"Plans\" } }, { id = \"b\", name = { zh = \"设计\", en = \"Design\" }, about.zh = "
                    "\"方案\", about.en = \"Plans\" }]\n",
                    &inline_form),
            "");
  ASSERT_EQ(tables.settings.lines.size(), 2u);
  ASSERT_EQ(inline_form.settings.lines.size(), 2u);
  EXPECT_EQ(inline_form.settings.lines[1].about_en, "Plans");
  EXPECT_EQ(refusal(""), "") << "no lines: one line, as before";
}

TEST(Settings, ALineWithoutANameOrDescriptionInBothLanguagesIsRefused) {
  const std::string no_english = "[[lines]]\nid = \"a\"\nname = { zh = \"设计\" }\nabout = { zh = \"方案\", en = \"Plans\" }\n";
  const std::string said = refusal(line_toml("x") + no_english);
  EXPECT_NE(said.find("lines[1].name.en is missing"), std::string::npos) << said;
  EXPECT_NE(refusal("[[lines]]\nname = { zh = \"设计\", en = \"D\" }\nabout = { zh = \"方\", en = \"P\" }\n")
                .find("lines[0].id is missing"),
            std::string::npos);
  const std::string empty = refusal(line_toml("a") +
                                    "[[lines]]\nid = \"b\"\nname = { zh = \"\", en = \"D\" }\nabout = { zh = \"方\", en = \"P\" }\n");
  EXPECT_NE(empty.find("lines[1].name.zh = \"\" is not valid: expected text in quotes, not empty"), std::string::npos)
      << empty;
  const std::string number = refusal("[[lines]]\nid = 3\nname = { zh = \"设\", en = \"D\" }\nabout = { zh = \"方\", en = \"P\" }\n");
  EXPECT_NE(number.find("lines[0].id = 3 is not valid"), std::string::npos) << number;
}

TEST(Settings, TwoLinesWithOneIdAreRefused) {
  const std::string said = refusal(line_toml("senior") + line_toml("standard") + line_toml("senior"));
  EXPECT_NE(said.find(":10: lines[2].id = \"senior\" is not valid: expected each id once; [0] has it too"),
            std::string::npos)
      << said;
  const std::string spaced = refusal(line_toml("deputy director"));
  EXPECT_NE(spaced.find("expected letters, digits, - or _"), std::string::npos) << spaced;
}

TEST(Settings, MoreLinesThanTheScreenShowsAreRefused) {
  std::string six, seven;
  for (int i = 1; i <= 7; ++i) (i <= 6 ? six : seven) += line_toml("l" + std::to_string(i));
  EXPECT_EQ(refusal(six), "") << "six fit";
  const std::string said = refusal(six + seven);
  EXPECT_NE(said.find("lines = "), std::string::npos) << said;
  EXPECT_NE(said.find("expected up to 6 [[lines]] tables"), std::string::npos) << said;
  EXPECT_NE(said.find("(there are 7)"), std::string::npos) << said;
}

TEST(Settings, AMistypedFieldOfALineIsRefusedLikeAnyUnknownKey) {
  const std::string said = refusal(line_toml("a", "descripton = \"typo\"\n"));
  EXPECT_NE(said.find("lines[0].descripton"), std::string::npos) << said;
  EXPECT_NE(said.find("not a field of [[lines]]"), std::string::npos) << said;
  const std::string lang =
      refusal("[[lines]]\nid = \"a\"\nname = { zh = \"设\", en = \"D\", fr = \"D\" }\nabout = { zh = \"方\", en = \"P\" }\n");
  EXPECT_NE(lang.find("lines[0].name.fr"), std::string::npos) << lang;
  EXPECT_NE(refusal("[lines]\nid = \"a\"\n").find("expected up to 6 [[lines]] tables"), std::string::npos)
      << "a single [lines] table is not a list of lines";
}

TEST(Config, TheKioskChecksTheStudioExampleAndPrintsItsLevels) {
  const Ran r = kiosk({"run", "--config", kStudio, "--check"});
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* line : {"lines.standard.name.zh = 普通设计师\n", "lines.senior.name.en = Senior designer\n",
                           "lines.deputy.name.zh = 副主任设计师\n", "lines.director.name.en = Director\n",
                           "lines.director.about.en = Lead designer: villas and bespoke homes\n"})
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "not in\n" << r.out;
  const Ran plain = kiosk({"run", "--config", SOURCE_DIR "/assets/config/kiosk.toml", "--check"});
  EXPECT_NE(plain.out.find("lines = (none)\n"), std::string::npos) << plain.out;
  // A bad line stops the kiosk before any window opens, naming the file and the line.
  TempDir dir;
  write_file(dir.file("k.toml"), line_toml("a") + line_toml("a"));
  const Ran bad = kiosk({"run", "--config", dir.file("k.toml"), "--check"});
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("k.toml:6: lines[1].id"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace lobby::itest
