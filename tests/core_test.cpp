// Local times, phone numbers, ticket numbers and names: the small pieces the screens rely on.
#include "kiosk/core/engine.h"
#include "kiosk/core/local_time.h"
#include "kiosk/core/names.h"
#include "kiosk/core/phone.h"
#include "kiosk/core/ticket.h"

#include <gtest/gtest.h>

#include <set>

namespace lobby {
namespace {

TEST(LocalTime, RoundTripsAndSplitsDays) {
  const auto t = parse_local_time("2026-11-24T09:30:05");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_local_time(*t), "2026-11-24T09:30:05");
  EXPECT_EQ(format_day(*t), "2026-11-24");
  EXPECT_EQ(day_of(*parse_local_time("2026-11-24T23:59:59")) + 1, day_of(*parse_local_time("2026-11-25T00:00")));
  EXPECT_EQ(format_local_time(*parse_local_time("2028-02-29T00:00")), "2028-02-29T00:00:00");
  EXPECT_EQ(*parse_local_time("2026-11-24 09:30:05.250"), *t);
}

TEST(LocalTime, RefusesWhatIsNotALocalTime) {
  for (const char* bad : {"", "2026-11-24", "2026-13-01T00:00", "2026-02-29T00:00", "2026-11-24T24:00",
                          "2026-11-24T09:30Z", "24/11/2026 09:30", "2026-11-24T09:3",
                          // A second 60 would roll into the next minute, and this one into year 10000.
                          "2026-11-24T09:30:60", "9999-12-31T23:59:60", "0000-01-01T00:00"})
    EXPECT_FALSE(parse_local_time(bad)) << bad;
  EXPECT_EQ(format_local_time(*parse_local_time("9999-12-31T23:59:59")), "9999-12-31T23:59:59");
}

TEST(LocalTime, TheEngineRefusesATimeNoRecordCanHold) {
  RotationEngine engine;
  Event e;
  e.type = EventType::roster, e.order = {"A"};
  e.t = *parse_local_time("9999-12-31T23:59:59") + 1;
  EXPECT_EQ(engine.apply(e).error.code, "time-out-of-range");
  e.t = *parse_local_time("0001-01-01T00:00") - 1;
  EXPECT_EQ(engine.apply(e).error.code, "time-out-of-range");
  EXPECT_TRUE(engine.lines().empty());
  e.t = *parse_local_time("9999-12-31T23:59:59");
  EXPECT_EQ(engine.apply(e).error.code, "");
}

TEST(EventText, TheEngineRefusesTextNoRecordCanHoldAndSaysWhichField) {
  RotationEngine engine;
  Event roster;
  roster.type = EventType::roster, roster.t = *parse_local_time("2026-11-24T09:00:00");
  roster.order = {"A", std::string("B\x1b[2J")};
  EXPECT_EQ(engine.apply(roster).error, problem("text-unrecordable", {{"field", "order"}}));
  roster.order = {"A"};
  ASSERT_EQ(engine.apply(roster).error.code, "");
  Event in;
  in.type = EventType::clock_in, in.t = roster.t, in.m = "A";
  ASSERT_EQ(engine.apply(in).error.code, "");
  Event arrive;
  arrive.type = EventType::arrive, arrive.t = roster.t + 60, arrive.id = "c1";
  arrive.surname = std::string(kMaxEventText + 1, 'x');
  EXPECT_EQ(engine.apply(arrive).error, problem("text-unrecordable", {{"field", "surname"}}));
  EXPECT_TRUE(engine.visits().empty()) << "a refused event changes nothing";
  arrive.surname = std::string(kMaxEventText, 'x');
  EXPECT_EQ(engine.apply(arrive).error.code, "") << "the longest recordable text is still recorded";
}

TEST(Phone, AcceptsMainlandMobileNumbersAsPeopleTypeThem) {
  std::string n;
  EXPECT_EQ(check_mobile("13812345678", n), PhoneError::none);
  EXPECT_EQ(n, "13812345678");
  EXPECT_EQ(check_mobile("+86 138-1234-5678", n), PhoneError::none);
  EXPECT_EQ(n, "13812345678");
}

TEST(Phone, ExplainsWhatIsWrong) {
  std::string n;
  EXPECT_EQ(check_mobile("", n), PhoneError::empty);
  EXPECT_EQ(check_mobile("1381234567", n), PhoneError::wrong_length);
  EXPECT_EQ(check_mobile("138123456789", n), PhoneError::wrong_length);
  EXPECT_EQ(check_mobile("12812345678", n), PhoneError::not_mobile);
  EXPECT_EQ(check_mobile("010-12345678", n), PhoneError::not_mobile);  // a landline
  EXPECT_EQ(check_mobile("1381234567a", n), PhoneError::not_digits);
  EXPECT_EQ(n, "");
}

TEST(Ticket, LetterAndThreeDigitDailySequence) {
  EXPECT_EQ(format_ticket('A', 1), "A001");
  EXPECT_EQ(format_ticket('A', 23), "A023");
  EXPECT_EQ(format_ticket('B', 1234), "B1234");
}

std::vector<Surname> surname_list() {
  std::vector<Surname> out;
  std::string error;
  EXPECT_TRUE(load_surnames(SOURCE_DIR "/assets/surnames.txt", out, error)) << error;
  return out;
}

TEST(Names, EachLanguageSaysTheNameItsOwnWay) {
  const auto list = surname_list();
  using L = NameLanguage;
  EXPECT_EQ(polite_name("陈", "先生", L::zh, list), "陈先生");
  EXPECT_EQ(polite_name("陈", "先生", L::en, list), "Mr Chen") << "title first, the surname in pinyin";
  EXPECT_EQ(polite_name("欧阳", "女士", L::en, list), "Ms Ouyang");
  EXPECT_EQ(polite_name("Smith-Jones", "Ms", L::en, list), "Ms Smith-Jones");
  EXPECT_EQ(polite_name("Smith-Jones", "Ms", L::zh, list), "Smith-Jones女士");
  EXPECT_EQ(polite_name("陈", "Mr", L::en, list), "Mr Chen") << "a title given in the other language";
  EXPECT_EQ(polite_name("", "女士", L::en, list), "Ms");
  EXPECT_EQ(polite_name("", "Ms", L::zh, list), "女士");
  EXPECT_EQ(polite_name("龘", "先生", L::en, list), "Mr 龘") << "not in the list: kept as written";
  EXPECT_EQ(polite_name("陈", "", L::en, list), "陈") << "no title: nothing to translate";
  EXPECT_EQ(polite_name("O'Brien", "Mr", L::en, list), "Mr O'Brien");
  EXPECT_TRUE(is_latin_name("Van der Berg"));
  EXPECT_FALSE(is_latin_name("陈"));
}

TEST(Names, TheSurnameListHasNamesUnderEveryInitialPinyinUses) {
  const auto list = surname_list();
  std::set<char> initials;
  std::set<std::string> seen;
  for (const Surname& s : list) {
    initials.insert(s.pinyin[0]);
    EXPECT_TRUE(seen.insert(s.hanzi).second) << s.hanzi << " is listed twice";
    EXPECT_FALSE(s.spoken.empty()) << s.hanzi << " has no tones for the board to say it";
  }
  // Pinyin syllables never start with i, u or v; every other letter starts some surname.
  for (char c = 'a'; c <= 'z'; ++c) {
    if (c != 'i' && c != 'u' && c != 'v') {
      EXPECT_TRUE(initials.count(c)) << "no surname under " << c;
    }
  }
  for (const char* name : {"安", "艾", "倪", "聂", "牛", "宁", "鄂"})
    EXPECT_TRUE(seen.count(name)) << name;
}

}  // namespace
}  // namespace lobby
