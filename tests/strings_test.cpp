// Every word the customer can see exists in both languages, and every character of it is in
// the font the kiosk loads; the font holds only what is used, so it stays small.
#include "ui_harness.h"

#include <imgui.h>

#include <filesystem>
#include <regex>

namespace lobby::uitest {
namespace {

TEST(Strings, EveryKeyTheScreensUseExistsInBothLanguages) {
  ui::KioskText text;
  std::string error;
  ASSERT_TRUE(ui::load_kiosk_text(SOURCE_DIR "/assets", text, error)) << error;
  const std::regex literal("\"(ui\\.[a-z_.]+[a-z_])\"");
  std::set<std::string> used = {"ui.title.xiansheng", "ui.title.nvshi", "ui.title.mr", "ui.title.ms"};  // built from ids
  for (const auto& f : std::filesystem::directory_iterator(SOURCE_DIR "/kiosk/ui")) {
    const std::string source = itest::read_file(f.path());
    for (std::sregex_iterator m(source.begin(), source.end(), literal), end; m != end; ++m) used.insert((*m)[1]);
  }
  EXPECT_GT(used.size(), 50u) << "the scan found too few keys to be reading the screens";
  for (const std::string& key : used) {
    EXPECT_TRUE(text.zh.text.count(key)) << "zh-CN.txt is missing " << key;
    EXPECT_TRUE(text.en.text.count(key)) << "en.txt is missing " << key;
  }
}

// Every Problem the layers beneath the screens can report is said in both languages, with
// every argument the code is given (a {name} left unfilled would show as it is).
TEST(Strings, EveryErrorCodeHasWordsInBothLanguages) {
  ui::KioskText text;
  std::string error;
  ASSERT_TRUE(ui::load_kiosk_text(SOURCE_DIR "/assets", text, error)) << error;
  EXPECT_GT(problem_codes().size(), 30u);
  for (std::string_view code : problem_codes()) {
    const std::string key = "error." + std::string(code);
    EXPECT_TRUE(text.zh.text.count(key)) << "zh-CN.txt is missing " << key;
    EXPECT_TRUE(text.en.text.count(key)) << "en.txt is missing " << key;
    // The same placeholders in both languages.
    const std::regex placeholder("\\{[a-z]+\\}");
    auto names = [&](const std::string& s) {
      std::set<std::string> r;
      for (std::sregex_iterator m(s.begin(), s.end(), placeholder), end; m != end; ++m) r.insert(m->str());
      return r;
    };
    EXPECT_EQ(names(text.zh[key]), names(text.en[key])) << key;
  }
  const Problem p = problem("unknown-manager", {{"m", "M09"}});
  EXPECT_EQ(render(p, text.en), "There is no manager M09. Add them to the roster first.");
  EXPECT_EQ(render(problem("no-such-code"), text.en), "no-such-code") << "an unknown code is shown plain";
}

// Each language writes its own punctuation: English text with Chinese full-width commas or
// stops ("Ms Smith，欢迎回来！" is the Chinese string) reads as a mistake, and the other way round.
TEST(Strings, EnglishUsesEnglishPunctuationAndChineseItsOwn) {
  ui::KioskText text;
  std::string error;
  ASSERT_TRUE(ui::load_kiosk_text(SOURCE_DIR "/assets", text, error)) << error;
  const std::vector<std::string> full_width = {"，", "。", "！", "？", "：", "；", "（", "）", "、", "“", "”", "‘", "’"};
  for (const auto& [key, value] : text.en.text)
    for (const std::string& mark : full_width)
      EXPECT_EQ(value.find(mark), std::string::npos) << "en.txt " << key << " has " << mark << ": " << value;
  // Chinese: no ASCII comma, stop, colon or bracket right after or before a Chinese character.
  for (const auto& [key, value] : text.zh.text) {
    std::u32string wide;
    for (std::size_t i = 0; i < value.size();) {  // decode UTF-8 by hand: <regex> does not
      const unsigned char c = value[i];
      const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
      for (int k = 1; k < n && i + k < value.size(); ++k) cp = cp << 6 | (value[i + k] & 0x3F);
      wide += cp;
      i += n;
    }
    for (std::size_t i = 0; i + 1 < wide.size(); ++i) {
      const bool a = wide[i] >= 0x4E00 && wide[i] <= 0x9FFF, b = wide[i + 1] >= 0x4E00 && wide[i + 1] <= 0x9FFF;
      const std::u32string marks = U",.!?;:()";
      EXPECT_FALSE((a && marks.find(wide[i + 1]) != std::u32string::npos) ||
                   (b && marks.find(wide[i]) != std::u32string::npos && wide[i] != U'.'))
          << "zh-CN.txt " << key << " mixes ASCII punctuation into Chinese: " << value;
    }
  }
  // The test itself sees what it is for.
  EXPECT_NE(std::string("Ms Smith，欢迎回来！").find(full_width[0]), std::string::npos);
}

TEST(Strings, EveryCharacterShownIsInTheLoadedFontAndTheAtlasStaysSmall) {
  KioskHarness h;
  const std::string all = ui::kiosk_glyphs(h.text, h.store.managers());
  for (ImFont* font : {h.theme.fonts.small, h.theme.fonts.body, h.theme.fonts.title}) {
    const auto missing = ui::missing_glyphs(*font, all);
    EXPECT_TRUE(missing.empty()) << missing.size() << " characters missing, the first U+" << std::hex
                                 << (missing.empty() ? 0 : missing[0]);
  }
  EXPECT_TRUE(ui::missing_glyphs(*h.theme.fonts.huge, "A0123456789").empty()) << "ticket numbers";
  // A character nobody uses is not rasterised: that is what keeps the atlas small.
  EXPECT_FALSE(ui::missing_glyphs(*h.theme.fonts.body, "龘").empty());
  const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  const long bytes = static_cast<long>(atlas.TexWidth) * atlas.TexHeight * 4;
  std::printf("font atlas: %d x %d = %.2f MB for %zu bytes of text\n", atlas.TexWidth, atlas.TexHeight, bytes / 1e6,
              all.size());
  EXPECT_LT(bytes, 8l << 20);
}

TEST(Strings, TheKioskStartsWithTheWelcomeCharactersAndThenLoadsTheRest) {
  KioskHarness h;
  ui::Theme theme;
  theme.mm = h.theme.mm;
  ui::Offscreen canvas(320, 240);
  const std::string all = ui::kiosk_glyphs(h.text, h.store.managers());
  ui::ImguiHost host(canvas.renderer, theme, h.face, all, ui::welcome_glyphs(h.text));
  EXPECT_TRUE(ui::missing_glyphs(*theme.fonts.body, ui::welcome_glyphs(h.text)).empty());
  EXPECT_FALSE(ui::missing_glyphs(*theme.fonts.body, h.text.zh["ui.purpose.title"]).empty()) << "not yet";
  host.finish_fonts();
  EXPECT_TRUE(ui::missing_glyphs(*theme.fonts.body, all).empty());
  host.begin_frame({}, 320, 240, 0);  // and it still draws
  ImGui::TextUnformatted(h.text.zh["ui.purpose.title"].c_str());
  host.end_frame();
}

}  // namespace
}  // namespace lobby::uitest
