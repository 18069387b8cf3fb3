// Service lines on the customer's screens: a branch with several lines (the renovation studio
// of deploy/examples/renovation-studio.toml, designers in four levels) is asked which one,
// in both languages, and the check-in lands on the line chosen, where the rules assign within
// it. With one line the purpose screen is today's.
#include "kiosk/ui/fonts.h"
#include "lines_fixture.h"

#include <SDL.h>

namespace lobby::uitest {
namespace {

using ui::Step;

const char* const kLevels[] = {"line.standard", "line.senior", "line.deputy", "line.director"};

// The light pixels (the words) inside a button drawn in the last frame, as a signature.
std::vector<int> words_in(const KioskHarness& h, const std::string& id) {
  const ui::Target* t = ui::find_target(id);
  EXPECT_NE(t, nullptr) << id;
  std::vector<int> light;
  if (!t) return light;
  const SDL_Surface* s = h.canvas.surface;
  for (int y = static_cast<int>(t->y0); y < static_cast<int>(t->y1); ++y)
    for (int x = static_cast<int>(t->x0); x < static_cast<int>(t->x1); ++x) {
      const auto* p = static_cast<const unsigned char*>(s->pixels) + y * s->pitch + x * 4;
      if (p[0] > 200 && p[1] > 200 && p[2] > 200) light.push_back(y * s->w + x);
    }
  return light;
}

// From the purpose screen through the rest without a number or a named manager.
void walk_in_on(KioskHarness& h, const std::string& line) {
  h.tap("welcome.start");
  h.tap(line);
  ASSERT_EQ(h.step(), Step::phone);
  h.tap("phone.decline");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::manager);
  h.tap("manager.none");
  h.tap("referral.no");
  ASSERT_EQ(h.step(), Step::confirm);
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  h.tap("ticket.done");
}

TEST(Lines, TheStudiosLevelsAreOfferedWithTheirWordsInBothLanguages) {
  const auto h = studio_kiosk();
  h->tap("welcome.start");
  ASSERT_EQ(h->step(), Step::purpose);
  EXPECT_FALSE(h->has("purpose.first")) << "with several lines the screen asks which one";
  std::vector<std::vector<int>> zh;
  for (const char* level : kLevels) {
    EXPECT_TRUE(h->has(level)) << level;
    zh.push_back(words_in(*h, level));
    EXPECT_GT(zh.back().size(), 200u) << level << " shows no words";
  }
  // Every character of every name and description can be drawn (none falls back to a box).
  for (const ui::ServiceLine& l : studio_lines()) {
    EXPECT_TRUE(ui::missing_glyphs(*h->theme.fonts.title, l.name_zh + l.name_en).empty()) << l.id;
    EXPECT_TRUE(ui::missing_glyphs(*h->theme.fonts.body, l.about_zh + l.about_en).empty()) << l.id;
  }
  h->tap("language");
  ASSERT_EQ(h->kiosk->screen.lang, ui::Lang::en);
  for (std::size_t i = 0; i < std::size(kLevels); ++i) {
    const std::vector<int> en = words_in(*h, kLevels[i]);
    EXPECT_GT(en.size(), 200u) << kLevels[i] << " shows no words in English";
    EXPECT_NE(en, zh[i]) << kLevels[i] << " says the same in both languages";
  }
  for (std::size_t i = 1; i < std::size(kLevels); ++i)
    EXPECT_NE(words_in(*h, kLevels[i]), words_in(*h, kLevels[0])) << "each level has its own words";
}

TEST(Lines, PickingALevelChecksInOnThatLineAndTheRulesAssignWithinIt) {
  const auto h = studio_kiosk();
  // M01, first on the main line and free, is not a director: M03 is.
  h->tap("welcome.start");
  h->tap("line.director");
  h->tap("phone.decline");
  h->tap("next");
  ASSERT_EQ(h->step(), Step::manager);
  EXPECT_TRUE(h->has("manager.M03"));
  EXPECT_FALSE(h->has("manager.M01")) << "only the level's own designers may be named";
  h->tap("manager.none");
  h->tap("referral.no");
  h->tap("next");
  ASSERT_EQ(h->step(), Step::ticket);
  EXPECT_EQ(h->kiosk->customer.ticket.manager, "张敏");
  h->tap("ticket.done");
  // The director is busy: the next director's customer waits, though M01 and M02 are free.
  walk_in_on(*h, "line.director");
  // And the standard level's rotation gives its own first, M01.
  walk_in_on(*h, "line.standard");
  Sql sql(h->store.db().path());
  const auto rows = sql.rows("SELECT line, status, coalesce(server, '') FROM visits ORDER BY ticket");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"director", "receiving", "M03"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"director", "waiting", ""}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"standard", "receiving", "M01"}));
}

TEST(Lines, ALevelWithoutATurnOrderIsNotOffered) {
  KioskHarness h(2000, ui::Lang::zh, KioskHarness::kWidth, KioskHarness::kHeight, studio_lines());
  for (const char* line : {"standard", "senior"}) {
    Event e;
    e.type = EventType::roster, e.t = h.clock, e.line = line, e.order = {"M01", "M02"};
    ASSERT_TRUE(h.reception->handle(e, "test").ok());
  }
  h.tap("welcome.start");
  EXPECT_TRUE(h.has("line.standard") && h.has("line.senior"));
  EXPECT_FALSE(h.has("line.deputy") || h.has("line.director")) << "nobody could take their customers";
}

TEST(Lines, WithOneLineThePurposeScreenIsTodaysAndChecksInOnThatLine) {
  std::vector<ui::ServiceLine> one = {studio_lines()[1]};  // senior only
  KioskHarness h(2000, ui::Lang::zh, KioskHarness::kWidth, KioskHarness::kHeight, one);
  Event e;
  e.type = EventType::roster, e.t = h.clock, e.line = "senior", e.order = {"M02", "M03"};
  ASSERT_TRUE(h.reception->handle(e, "test").ok());
  h.tap("welcome.start");
  EXPECT_TRUE(h.has("purpose.first") && h.has("purpose.returning") && h.has("purpose.see"));
  EXPECT_FALSE(h.has("line.senior"));
  h.tap("purpose.first");
  h.tap("phone.decline");
  h.tap("next");
  h.tap("manager.none");
  h.tap("referral.no");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.text("SELECT line || ' ' || server FROM visits"), "senior M02");
}

TEST(Lines, WithoutLinesEveryoneChecksInOnTheMainLine) {
  KioskHarness h;
  h.tap("welcome.start");
  EXPECT_TRUE(h.has("purpose.first"));
  h.tap("purpose.first");
  h.tap("phone.decline");
  h.tap("next");
  h.tap("manager.none");
  h.tap("referral.no");
  h.tap("next");
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.text("SELECT line || ' ' || server FROM visits"), "main M01");
}

}  // namespace
}  // namespace lobby::uitest
