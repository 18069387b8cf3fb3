// The customer's screens, driven by taps frame by frame on an offscreen canvas, with the
// check-ins asserted in the real database they land in.
#include "kiosk/ui/lobby_board.h"
#include "ui_harness.h"

#include <SDL.h>

#include <chrono>
#include <cstring>
#include <map>
#include <thread>

namespace lobby::uitest {
namespace {

using ui::Step;

// From the welcome screen to the phone keypad, for a customer with `purpose`.
void start(KioskHarness& h, const char* purpose = "purpose.first") {
  h.tap("welcome.start");
  ASSERT_EQ(h.step(), Step::purpose);
  h.tap(purpose);
  ASSERT_EQ(h.step(), Step::phone);
}

TEST(Screens, AFirstVisitWalksEveryStepAndTheTicketFollowsTheCommit) {
  KioskHarness h;
  start(h);
  h.type("13800138000");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::name);
  h.tap("surname.张");
  h.tap("title.xiansheng");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::manager);
  EXPECT_TRUE(h.has("manager.M01") && h.has("manager.M02") && h.has("manager.M03"));
  EXPECT_FALSE(h.has("manager.M04")) << "M04 is off duty and must not be offered";
  h.tap("manager.none");
  ASSERT_EQ(h.step(), Step::referral);
  h.tap("referral.no");
  ASSERT_EQ(h.step(), Step::consent);
  h.tap("consent.yes");
  ASSERT_EQ(h.step(), Step::confirm);
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.number("SELECT count(*) FROM visits"), 0) << "nothing is stored before the customer confirms";
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);

  const auto visit = sql.rows("SELECT ticket, phone, surname, title, owner, kind, status FROM visits");
  ASSERT_EQ(visit.size(), 1u);
  EXPECT_EQ(visit[0], (std::vector<std::string>{"A001", "13800138000", "张", "先生", "M01", "rotation", "receiving"}));
  EXPECT_EQ(sql.text("SELECT consent FROM customers WHERE phone = '13800138000'"), "1");
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox WHERE kind = 'checkin'"), 1);
  EXPECT_EQ(h.kiosk->customer.ticket.ticket, "A001");
  EXPECT_EQ(h.kiosk->customer.ticket.manager, "王丽");

  // The ticket goes away by itself, and the next customer starts from nothing.
  h.wait(h.kiosk->settings.ticket_seconds + 1);
  EXPECT_EQ(h.step(), Step::welcome);
  EXPECT_TRUE(h.kiosk->customer.draft.typed.empty());
}

TEST(Screens, AReturningCustomerIsGreetedByNameAndGoesBackToTheirManager) {
  KioskHarness h;
  Event earlier;  // last week's visit, assigned to M02, then finished
  earlier.type = EventType::arrive, earlier.t = h.clock, earlier.id = "earlier";
  earlier.phone = "13912345678", earlier.surname = "陈", earlier.title = "女士", earlier.request = "M02";
  ASSERT_TRUE(h.reception->handle(earlier, "test").ok());
  Event done;
  done.type = EventType::finish, done.t = h.clock + 60, done.id = "earlier";
  ASSERT_TRUE(h.reception->handle(done, "test").ok());
  h.clock += 120;

  start(h, "purpose.returning");
  number_only(h, "13912345678");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  const ui::TicketInfo& ticket = h.kiosk->customer.ticket;
  ASSERT_TRUE(ticket.known.has_value()) << "recognised at check-in";
  EXPECT_EQ(polite_name(ticket.known->surname, ticket.known->title), "陈女士");
  EXPECT_FALSE(ticket.number_unknown);
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.rows("SELECT owner, kind, surname, title FROM visits WHERE phone = '13912345678' AND id != 'earlier'"),
            (std::vector<std::vector<std::string>>{{"M02", "returning", "陈", "女士"}}))
      << "a name they did not give again is the one the records hold";
}

// Issue 13: a number whose visit is still open is shown its ticket again, and nothing new is
// recorded (staff no longer void a second visit); once that visit is finished, it gets a new one.
TEST(Screens, ANumberWithAnOpenVisitIsShownTheTicketItHasAndOnlyThatOnceFinishedGetsANewOne) {
  KioskHarness h;
  start(h);
  h.type("13800138000");
  h.tap("next");
  h.tap("surname.张");
  h.tap("title.xiansheng");
  h.tap("next");
  h.tap("manager.none");
  h.tap("referral.no");
  h.tap("consent.yes");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  const ui::TicketInfo first = h.kiosk->customer.ticket;
  EXPECT_EQ(first.ticket, "A001");
  EXPECT_FALSE(first.already_had);
  h.tap("ticket.done");

  // Back at the kiosk while M01 is still receiving them.
  start(h, "purpose.returning");
  number_only(h, "13800138000");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.number("SELECT count(*) FROM visits"), 1) << "no second visit";
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox WHERE kind = 'checkin'"), 1) << "nothing new for HQ";
  const ui::TicketInfo again = h.kiosk->customer.ticket;
  EXPECT_TRUE(again.already_had);
  EXPECT_EQ(again.ticket, "A001");
  EXPECT_EQ(again.manager, "王丽");
  EXPECT_EQ(again.waiting, first.waiting);
  EXPECT_EQ(again.time, first.time) << "the ticket's own time, not now";
  EXPECT_EQ(h.kiosk->screen.tr("ui.ticket.already", {{"ticket", "A001"}}), "您已有号码 A001，无需重复取号");
  EXPECT_FALSE(again.known) << "nothing was recorded: no greeting by the number's name";
  EXPECT_EQ(h.words().find("张先生"), std::string::npos) << h.words();
  h.tap("ticket.done");

  // M01 finishes with them: the next time is a new visit with a new ticket.
  Event done;
  done.type = EventType::finish, done.t = h.clock += 60, done.id = sql.text("SELECT id FROM visits");
  ASSERT_TRUE(h.reception->handle(done, "test").ok());
  start(h, "purpose.returning");
  number_only(h, "13800138000");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  EXPECT_FALSE(h.kiosk->customer.ticket.already_had);
  EXPECT_EQ(h.kiosk->customer.ticket.ticket, "A002");
  EXPECT_EQ(sql.number("SELECT count(*) FROM visits WHERE phone = '13800138000'"), 2);
}

// A customer still waiting is told again whom they wait for and about how long, from the rules.
TEST(Screens, ACustomerStillWaitingIsToldTheirPlaceAgain) {
  KioskHarness h;
  for (int i = 0; i < 3; ++i) {  // three managers receive number-less customers
    start(h);
    h.tap("phone.decline");
    h.tap("next");
    h.tap("manager.none");
    h.tap("referral.no");
    h.tap("next");
    h.tap("ticket.done");
  }
  for (int i = 0; i < 2; ++i) {
    start(h, i == 0 ? "purpose.first" : "purpose.returning");
    number_only(h, "13800138000");
    h.tap("next");
    ASSERT_EQ(h.step(), Step::ticket);
    EXPECT_EQ(h.kiosk->customer.ticket.ticket, "A004");
    EXPECT_TRUE(h.kiosk->customer.ticket.waiting);
    EXPECT_EQ(h.kiosk->customer.ticket.ahead, 0);
    EXPECT_EQ(h.kiosk->customer.ticket.minutes, estimate_wait_minutes(0, 3, 20));
    EXPECT_EQ(h.kiosk->customer.ticket.already_had, i == 1);
    h.tap("ticket.done");
  }
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.number("SELECT count(*) FROM visits"), 4);
}

TEST(Screens, AnUnknownNumberSaidToBeReturningIsCheckedInAsNewAndToldSoOnTheTicket) {
  KioskHarness h;
  start(h, "purpose.returning");
  number_only(h, "13700000001");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  EXPECT_TRUE(h.kiosk->customer.ticket.number_unknown);
  EXPECT_FALSE(h.kiosk->customer.ticket.known);
  EXPECT_NE(h.words().find(h.kiosk->screen.tr("ui.ticket.not_found")), std::string::npos) << h.words();
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.rows("SELECT kind FROM visits"), (std::vector<std::vector<std::string>>{{"rotation"}}));
}

TEST(Screens, ACustomerWhoNamesAManagerGetsThemWithoutANumber) {
  KioskHarness h;
  start(h, "purpose.see");
  h.tap("phone.decline");
  ASSERT_EQ(h.step(), Step::name);
  h.tap("name.switch");  // a Latin name on the keyboard
  for (const char* k : {"key.S", "key.M", "key.I", "key.T", "key.H"}) h.tap(k);
  h.tap("title.ms");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::manager);
  h.tap("manager.M03");
  ASSERT_EQ(h.step(), Step::confirm) << "no number, so no consent to ask";
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.rows("SELECT owner, kind, phone, surname, title FROM visits"),
            (std::vector<std::vector<std::string>>{{"M03", "requested", "NULL", "Smith", "Ms"}}));
  EXPECT_EQ(sql.number("SELECT count(*) FROM customers"), 0);
  EXPECT_EQ(h.kiosk->customer.ticket.manager, "张敏");
}

TEST(Screens, AReferredCustomerIsOfferedTheirFriendsManager) {
  KioskHarness h;
  Event friend_visit;  // the friend is M02's customer
  friend_visit.type = EventType::arrive, friend_visit.t = h.clock, friend_visit.id = "friend";
  friend_visit.phone = "13611112222", friend_visit.request = "M02";
  ASSERT_TRUE(h.reception->handle(friend_visit, "test").ok());
  Event done;
  done.type = EventType::finish, done.t = h.clock + 60, done.id = "friend";
  ASSERT_TRUE(h.reception->handle(done, "test").ok());
  h.clock += 120;

  start(h);
  h.type("13800138000");
  h.tap("next");
  h.tap("next");  // no name given
  h.tap("manager.none");
  ASSERT_EQ(h.step(), Step::referral);
  h.type("13611112222");
  h.tap("next");
  ASSERT_TRUE(h.has("referral.yes")) << "the customer is asked whether the friend's manager should receive them";
  h.tap("referral.yes");
  ASSERT_EQ(h.step(), Step::consent);
  h.tap("consent.no");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.rows("SELECT owner, kind, phone FROM visits WHERE id != 'friend'"),
            (std::vector<std::vector<std::string>>{{"M02", "referral", "NULL"}}))
      << "without consent the number is not stored";
  EXPECT_EQ(sql.number("SELECT count(*) FROM customers WHERE phone = '13800138000'"), 0);
}

// A public screen says nothing about whose customer a number is: every friend's number gets
// the same question, and the rules decide after the customer confirms.
TEST(Screens, AReferralRevealsNothingBeforeCheckIn) {
  KioskHarness h;
  start(h);
  h.type("13800138000");
  h.tap("next");
  h.tap("next");
  h.tap("manager.none");
  ASSERT_EQ(h.step(), Step::referral);
  h.type("13611119999");  // nobody's number
  h.tap("next");
  ASSERT_EQ(h.step(), Step::referral);
  ASSERT_TRUE(h.has("referral.yes")) << "an unknown number was told apart from a known one";
  h.tap("referral.yes");
  ASSERT_EQ(h.step(), Step::consent);
  h.tap("consent.no");
  EXPECT_EQ(h.kiosk->customer.draft.manager_name, "");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.rows("SELECT owner, kind FROM visits"), (std::vector<std::vector<std::string>>{{"M01", "rotation"}}))
      << "with the friend's manager unknown the rules decide";
}

TEST(Screens, ACustomerWhoNamedAManagerIsNotAskedWhoReferredThem) {
  KioskHarness h;
  start(h);
  h.type("13800138000");
  h.tap("next");
  h.tap("next");
  h.tap("manager.M02");
  EXPECT_EQ(h.step(), Step::consent) << "asked for a referral after naming a manager";
}

TEST(Screens, LeavingTheKioskAloneReturnsToWelcomeAndForgetsWhatWasTyped) {
  KioskHarness h;
  start(h);
  h.type("1380013");
  h.wait(h.kiosk->settings.inactivity_reset_s - 5);
  EXPECT_EQ(h.step(), Step::phone) << "not yet";
  h.tap("idle.stay");  // "still there?" is up: a touch restarts the wait
  h.type("8");
  h.wait(h.kiosk->settings.inactivity_reset_s - 5);
  EXPECT_EQ(h.step(), Step::phone);
  h.wait(10);
  EXPECT_EQ(h.step(), Step::welcome);
  EXPECT_TRUE(h.kiosk->customer.draft.typed.empty());
  EXPECT_TRUE(h.kiosk->customer.history.empty());
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.number("SELECT count(*) FROM visits"), 0);
}

TEST(Screens, AMistypedNumberIsExplainedAndNothingMovesOn) {
  KioskHarness h;
  start(h);
  h.tap("next");
  EXPECT_EQ(h.step(), Step::phone);
  EXPECT_EQ(h.kiosk->customer.draft.phone_problem, h.text.zh["ui.phone.error.empty"]);
  h.type("1380013800");  // ten digits
  h.tap("next");
  EXPECT_EQ(h.step(), Step::phone);
  EXPECT_NE(h.kiosk->customer.draft.phone_problem.find("10"), std::string::npos) << h.kiosk->customer.draft.phone_problem;
  h.tap("key.clear");
  EXPECT_TRUE(h.kiosk->customer.draft.phone_problem.empty()) << "typing again clears the complaint";
  h.type("12800138000");  // eleven digits, but not a mobile number
  h.tap("next");
  EXPECT_EQ(h.step(), Step::phone);
  EXPECT_EQ(h.kiosk->customer.draft.phone_problem, h.text.zh["ui.phone.error.mobile"]);
  h.type("999");  // the keypad stops at eleven digits
  EXPECT_EQ(h.kiosk->customer.draft.typed, "12800138000");
  h.tap("key.delete");
  EXPECT_EQ(h.kiosk->customer.draft.typed, "1280013800");
}

TEST(Screens, AFailedCommitShowsACalmMessageAndStoresNothing) {
  KioskHarness h(/*busy_timeout_ms=*/100);
  start(h, "purpose.see");
  h.tap("phone.decline");
  h.tap("next");
  h.tap("manager.M01");
  ASSERT_EQ(h.step(), Step::confirm);
  {
    Sql other(h.store.db().path());  // another program holds the write lock
    other.exec("BEGIN IMMEDIATE");
    h.tap("next");
    EXPECT_EQ(h.step(), Step::failed);
    EXPECT_TRUE(h.has("failed.ok"));
    other.exec("ROLLBACK");
  }
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.number("SELECT count(*) FROM visits"), 0);
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox WHERE kind = 'checkin'"), 0);

  // The kiosk carries on: the next customer gets the first ticket and M01 is still free.
  h.tap("failed.ok");
  start(h, "purpose.see");
  h.tap("phone.decline");
  h.tap("next");
  h.tap("manager.M01");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  EXPECT_EQ(h.kiosk->customer.ticket.ticket, "A001");
  EXPECT_EQ(h.kiosk->customer.ticket.manager, "王丽");
}

TEST(Screens, WhenEveryoneIsBusyTheTicketSaysHowManyAreAheadAndHowLong) {
  KioskHarness h;
  for (int i = 0; i < 4; ++i) {  // three managers receive, the fourth customer waits
    start(h, "purpose.first");
    h.tap("phone.decline");
    h.tap("next");
    h.tap("manager.none");
    h.tap("referral.no");
    h.tap("next");
    ASSERT_EQ(h.step(), Step::ticket);
    h.tap("ticket.done");
  }
  EXPECT_TRUE(h.kiosk->customer.ticket.ticket.empty()) << "done forgets the ticket";
  start(h, "purpose.first");
  h.tap("phone.decline");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::manager);
  h.tap("manager.none");
  h.tap("referral.no");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  EXPECT_TRUE(h.kiosk->customer.ticket.waiting);
  EXPECT_EQ(h.kiosk->customer.ticket.ahead, 1);
  EXPECT_EQ(h.kiosk->customer.ticket.minutes, estimate_wait_minutes(1, 3, 20));
}

TEST(Screens, DraggingTheSurnameListScrollsItAndChoosesNothing) {
  KioskHarness h;
  start(h);
  h.tap("phone.decline");
  ASSERT_EQ(h.step(), Step::name);
  const ui::Target* t = ui::find_target("surname.王");
  ASSERT_NE(t, nullptr);
  const float x = (t->x0 + t->x1) / 2, y = (t->y0 + t->y1) / 2;
  h.pointer.press(x, y);
  h.frame(), h.frame();
  for (int i = 1; i <= 10; ++i) h.pointer.move(x, y - i * 8.0f), h.frame();
  h.pointer.release(x, y - 80);
  h.settle();
  EXPECT_TRUE(h.kiosk->customer.draft.surname.empty()) << "a drag is not a tap";
  h.tap("letter.O");  // the filter shows only surnames under O
  EXPECT_TRUE(h.has("surname.欧阳"));
  EXPECT_FALSE(h.has("surname.王"));
}

TEST(Screens, TheLanguageToggleSwitchesEveryWordAndStartingOverRestoresTheDefault) {
  KioskHarness h;
  h.tap("language");
  EXPECT_EQ(h.kiosk->screen.lang, ui::Lang::en);
  h.tap("welcome.start");
  EXPECT_EQ(h.kiosk->screen.tr("ui.purpose.title"), h.text.en["ui.purpose.title"]);
  h.tap("start_over");
  EXPECT_EQ(h.step(), Step::welcome);
  EXPECT_EQ(h.kiosk->screen.lang, ui::Lang::zh);
}

// --- Names in English and Chinese ---

void to_name(KioskHarness& h, ui::Lang lang) {
  if (lang == ui::Lang::en) h.tap("language");
  start(h);
  h.tap("phone.decline");
  ASSERT_EQ(h.step(), Step::name);
}

std::string visit_name(KioskHarness& h) {
  Sql sql(h.store.db().path());
  return sql.text("SELECT surname || '/' || title FROM visits");
}

TEST(Names, InEnglishTheKeyboardComesFirstAndAChineseSurnameIsSaidMrChen) {
  KioskHarness h;
  to_name(h, ui::Lang::en);
  EXPECT_TRUE(h.has("key.Q")) << "the Latin keyboard first in English";
  EXPECT_FALSE(h.has("surname.陈"));
  h.tap("name.switch");  // the Chinese surnames second
  h.tap("surname.陈");
  h.tap("title.xiansheng");
  const std::string shown = h.words();
  EXPECT_NE(shown.find("Mr Chen"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("先生"), std::string::npos) << "no Chinese title on an English screen: " << shown;
  h.tap("language");  // the same name, said in Chinese
  EXPECT_NE(h.words().find("陈先生"), std::string::npos);
  EXPECT_TRUE(h.has("surname.陈")) << "what was chosen stays as it was chosen";
  h.tap("next");
  h.tap("manager.none");
  h.tap("referral.no");
  h.tap("language");  // back to English: the confirm screen says the name the English way too
  const std::string confirm = h.words();
  EXPECT_NE(confirm.find("Mr Chen"), std::string::npos) << confirm;
  EXPECT_EQ(confirm.find("先生"), std::string::npos) << confirm;
  h.tap("next");  // confirm
  ASSERT_EQ(h.step(), Step::ticket);
  EXPECT_EQ(visit_name(h), "陈/先生") << "stored as given, whatever the language";
}

TEST(Names, InChineseTheGridComesFirstAndALatinNameIsSaidWithTheTitleAfter) {
  KioskHarness h;
  to_name(h, ui::Lang::zh);
  EXPECT_TRUE(h.has("surname.陈"));
  EXPECT_FALSE(h.has("key.Q"));
  h.tap("name.switch");
  for (const char* k : {"key.S", "key.M", "key.I", "key.T", "key.H", "key.-", "key.J", "key.O", "key.N", "key.E",
                        "key.S"})
    h.tap(k);
  h.tap("title.ms");
  EXPECT_NE(h.words().find("Smith-Jones女士"), std::string::npos);
  h.tap("language");
  const std::string shown = h.words();
  EXPECT_NE(shown.find("Ms Smith-Jones"), std::string::npos) << shown;
  EXPECT_TRUE(h.has("key.Q")) << "the keyboard stays: the name was typed on it";
  h.tap("next");
  h.tap("manager.none");
  h.tap("referral.no");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  EXPECT_EQ(visit_name(h), "Smith-Jones/Ms");
}

TEST(Names, TheKeyboardHasSpaceApostropheAndClearAndSaysWhenTheNameIsFull) {
  for (const ui::Lang lang : {ui::Lang::en, ui::Lang::zh}) {
    KioskHarness h;
    to_name(h, lang);
    if (!h.has("key.Q")) h.tap("name.switch");
    std::string& name = h.kiosk->customer.draft.surname;
    for (const char* k : {"key.space", "key.'", "key.O", "key.'", "key.'", "key.B", "key.R", "key.I", "key.E", "key.N"})
      h.tap(k);
    EXPECT_EQ(name, "O'Brien") << "no break first or twice, a capital after one";
    h.tap("key.clear");
    EXPECT_EQ(name, "");
    for (const char* k : {"key.V", "key.A", "key.N", "key.space", "key.D", "key.E", "key.R", "key.space"}) h.tap(k);
    EXPECT_EQ(name, "Van Der ");
    const std::string full = h.kiosk->screen.tr("ui.name.full", {{"n", "24"}});
    EXPECT_EQ(h.words().find(full), std::string::npos) << "not full yet";
    for (int i = 0; i < 20; ++i) h.tap("key.B");
    EXPECT_EQ(name.size(), 24u) << "the keyboard stops at 24";
    EXPECT_NE(h.words().find(full), std::string::npos) << "and says so";
    h.tap("key.delete");
    EXPECT_EQ(h.words().find(full), std::string::npos);
    h.tap("key.clear");
    for (const char* k : {"key.L", "key.E", "key.E", "key.-"}) h.tap(k);
    h.tap("next");  // an unfinished break is dropped
    EXPECT_EQ(h.kiosk->customer.draft.surname, "Lee");
  }
}

TEST(Names, TheSurnameGridHasSurnamesUnderAEAndN) {
  KioskHarness h;
  to_name(h, ui::Lang::zh);
  for (const auto& [letter, surnames] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"A", {"安", "艾"}}, {"E", {"鄂"}}, {"N", {"倪", "聂", "牛", "宁"}}}) {
    h.tap("letter." + letter);
    for (const std::string& s : surnames) EXPECT_TRUE(h.has("surname." + s)) << letter << " " << s;
  }
  h.tap("surname.宁");
  h.tap("title.nvshi");
  h.tap("language");
  EXPECT_NE(h.words().find("Ms Ning"), std::string::npos);
}

// --- Sizes: readable from a metre, and nothing cut off ---

// The height of the tallest of `text`'s characters as `font` draws them, in millimetres.
float glyph_mm(const ui::Theme& theme, const ImFont& font, const char* text) {
  float tallest = 0;
  for (const char* p = text; *p;) {
    unsigned c = 0;
    p += ImTextCharFromUtf8(&c, p, nullptr);
    const ImFontGlyph* g = font.FindGlyphNoFallback(static_cast<ImWchar>(c));
    EXPECT_NE(g, nullptr) << "U+" << std::hex << c;
    if (g) tallest = std::max(tallest, g->Y1 - g->Y0);
  }
  return tallest / theme.mm;
}

TEST(Sizes, TextIsTallEnoughToReadFromAMetre) {
  for (const auto& [w, ht] : {std::pair{1280, 720}, std::pair{1920, 1080}}) {
    KioskHarness h(2000, ui::Lang::zh, w, ht);
    const ui::Fonts& f = h.theme.fonts;
    // Latin capitals, and Chinese characters (the tallest of a line the screens show).
    const char* latin = "HEDT";
    const char* hanzi = "请输入您的手机号码";
    for (const auto& [font, least, what] : {std::tuple{f.small, ui::kMinTextMm, "hints"},
                                             std::tuple{f.body, ui::kMinActionTextMm, "buttons and notices"},
                                             std::tuple{f.title, ui::kMinActionTextMm, "titles"}}) {
      EXPECT_GE(glyph_mm(h.theme, *font, latin), least) << what << " at " << w << "x" << ht;
      EXPECT_GE(glyph_mm(h.theme, *font, hanzi), least) << what << " at " << w << "x" << ht;
    }
    EXPECT_GE(glyph_mm(h.theme, *f.huge, "A0123456789"), 2 * ui::kMinActionTextMm) << "ticket numbers";
    std::printf("at %dx%d: hints %.1f mm (汉字 %.1f), buttons %.1f (%.1f), titles %.1f (%.1f)\n", w, ht,
                glyph_mm(h.theme, *f.small, latin), glyph_mm(h.theme, *f.small, hanzi),
                glyph_mm(h.theme, *f.body, latin), glyph_mm(h.theme, *f.body, hanzi),
                glyph_mm(h.theme, *f.title, latin), glyph_mm(h.theme, *f.title, hanzi));
  }
}

TEST(Sizes, ContinueWithoutANumberIsNotCutOffInEitherLanguage) {
  for (const ui::Lang lang : {ui::Lang::en, ui::Lang::zh}) {
    KioskHarness h(2000, lang);
    start(h);
    const ui::Target* t = ui::find_target("phone.decline");
    ASSERT_NE(t, nullptr);
    const std::string label = h.kiosk->screen.tr("ui.phone.decline");
    ImFont* font = h.theme.fonts.body;
    const float needs = font->CalcTextSizeA(font->FontSize, 1e9f, 0, label.c_str()).x +
                        2 * ImGui::GetStyle().FramePadding.x;
    EXPECT_GE(t->x1 - t->x0, needs) << label;
    EXPECT_LE(t->x1, h.width) << label;
  }
}

// --- The pointer: one tap is one tap, from a finger or a mouse ---

SDL_Event finger(Uint32 type, SDL_FingerID id, float x, float y) {
  SDL_Event e{};
  e.type = type;
  e.tfinger.fingerId = id, e.tfinger.x = x, e.tfinger.y = y;
  return e;
}
SDL_Event mouse(Uint32 type, Uint32 which, int x, int y) {
  SDL_Event e{};
  e.type = type;
  e.button.which = which, e.button.button = SDL_BUTTON_LEFT, e.button.x = x, e.button.y = y;
  return e;
}

TEST(Pointer, ATouchAndTheMouseEventsSynthesisedFromItCountOnce) {
  Pointer p;
  EXPECT_TRUE(p.feed(finger(SDL_FINGERDOWN, 7, 0.5f, 0.5f), 1000, 800));
  EXPECT_FALSE(p.feed(mouse(SDL_MOUSEBUTTONDOWN, SDL_TOUCH_MOUSEID, 500, 400), 1000, 800));
  EXPECT_FALSE(p.feed(finger(SDL_FINGERDOWN, 8, 0.1f, 0.1f), 1000, 800)) << "a second finger is ignored";
  EXPECT_FALSE(p.feed(mouse(SDL_MOUSEBUTTONUP, SDL_TOUCH_MOUSEID, 500, 400), 1000, 800));
  EXPECT_TRUE(p.feed(finger(SDL_FINGERUP, 7, 0.5f, 0.5f), 1000, 800));
  std::vector<PointerFrame> frames;
  while (p.busy()) frames.push_back(p.next_frame());
  ASSERT_EQ(frames.size(), 4u);  // arrive, press, release there, then gone
  int presses = 0;
  for (std::size_t i = 1; i < frames.size(); ++i) presses += frames[i].down && !frames[i - 1].down;
  EXPECT_EQ(presses, 1);
  EXPECT_FLOAT_EQ(frames[1].x, 500);
  EXPECT_FALSE(frames[2].down);
  EXPECT_FLOAT_EQ(frames[2].x, 500) << "the release keeps its place for one frame";
  EXPECT_LT(frames[3].x, 0) << "then the finger is gone, so nothing stays highlighted";
}

TEST(Pointer, AQuickClickBetweenTwoFramesIsStillOneDownAndOneUp) {
  Pointer p;
  p.feed(mouse(SDL_MOUSEBUTTONDOWN, 0, 10, 20), 100, 100);
  p.feed(mouse(SDL_MOUSEBUTTONUP, 0, 10, 20), 100, 100);
  p.feed(mouse(SDL_MOUSEBUTTONUP, 0, 10, 20), 100, 100);  // a stray second release
  std::vector<bool> downs;
  while (p.busy()) downs.push_back(p.next_frame().down);
  EXPECT_EQ(downs, (std::vector<bool>{false, true, false, false}));
  EXPECT_FALSE(p.next_frame().down);
}

TEST(Pointer, LosingFocusMidTouchLiftsTheFingerSoTouchKeepsWorking) {
  Pointer p;
  p.feed(finger(SDL_FINGERDOWN, 1, 0.5f, 0.5f), 100, 100);
  SDL_Event focus{};
  focus.type = SDL_WINDOWEVENT;
  focus.window.event = SDL_WINDOWEVENT_FOCUS_LOST;
  EXPECT_TRUE(p.feed(focus, 100, 100));
  while (p.busy()) p.next_frame();
  EXPECT_FALSE(p.next_frame().down);
  EXPECT_TRUE(p.feed(finger(SDL_FINGERDOWN, 2, 0.2f, 0.2f), 100, 100)) << "the next touch is followed";
}

TEST(Screens, BackingOutToWelcomeForgetsEverythingTyped) {
  KioskHarness h;
  start(h);
  h.type("13800138000");
  h.tap("back");
  ASSERT_EQ(h.step(), Step::purpose);
  h.tap("back");
  ASSERT_EQ(h.step(), Step::welcome);
  EXPECT_TRUE(h.kiosk->customer.draft.typed.empty()) << "the next customer must not see this number";
  start(h);
  EXPECT_TRUE(h.kiosk->customer.draft.typed.empty());
}

}  // namespace
}  // namespace lobby::uitest

namespace lobby::uitest {
namespace {

// Privacy on the lobby board: a waiting customer shows as ticket and polite name only.
TEST(Board, ShowsTicketsAndPoliteNamesButNeverANumber) {
  KioskHarness h;
  for (const char* id : {"v1", "v2", "v3", "v4"}) {  // three served, the fourth waits
    Event e;
    e.type = EventType::arrive, e.t = h.clock += 10, e.id = id, e.phone = "1391234567" + std::string(1, id[1]);
    e.surname = "欧阳", e.title = "女士";
    ASSERT_TRUE(h.reception->handle(e, "kiosk").ok());
  }
  const ui::Board board = ui::read_board(h.reception->engine(), h.store, "2026-11-24");
  ASSERT_EQ(board.waiting.size(), 1u);
  EXPECT_EQ(board.waiting[0].ticket, "A004");
  EXPECT_EQ(board.waiting[0].name, "欧阳女士");
  ASSERT_EQ(board.serving.size(), 3u);
  for (const auto& s : board.serving) EXPECT_EQ(s.ticket.find("139"), std::string::npos);
}

}  // namespace
}  // namespace lobby::uitest

// The check-in flow's finish: the ticket, privacy before check-in, the buttons that work,
// progress during a slow commit, and "still there?" before the idle reset.
namespace lobby::uitest {
namespace {

using ui::Step;

// The pixel at a fraction of a button's width and half its height, as last drawn.
std::uint32_t pixel_in(const KioskHarness& h, const std::string& id, float fx = 0.1f) {
  const ui::Target* t = ui::find_target(id);
  if (!t) return 0;
  const int x = static_cast<int>(t->x0 + (t->x1 - t->x0) * fx), y = static_cast<int>((t->y0 + t->y1) / 2);
  const auto* row = static_cast<const unsigned char*>(h.canvas.surface->pixels) + y * h.canvas.surface->pitch;
  std::uint32_t p;
  std::memcpy(&p, row + x * 4, 4);
  return p;
}

// The kiosk again with other settings (the harness makes one with the defaults).
void use_settings(KioskHarness& h, const ui::KioskSettings& s) {
  h.kiosk = std::make_unique<ui::Kiosk>(h.theme, h.text, *h.desk, s, h.staff.get());
  h.frame();
}

// Two customers are with M01 and M02; the next one names M02, who is busy.
void name_busy_manager(KioskHarness& h) {
  for (const char* id : {"v1", "v2"}) {
    Event e;
    e.type = EventType::arrive, e.t = h.clock += 10, e.id = id;
    ASSERT_TRUE(h.reception->handle(e, "kiosk").ok());
  }
  start(h, "purpose.see");
  h.tap("phone.decline");
  h.tap("next");
  h.tap("manager.M02");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
}

TEST(Flow, AWaitForABusyNamedManagerSaysForWhomAndCountsDown) {
  KioskHarness h;
  ui::KioskSettings s;
  s.ticket_seconds = 3600;  // up long enough to watch it count down to nothing
  use_settings(h, s);
  name_busy_manager(h);
  const ui::CheckinFlow& f = h.kiosk->customer;
  EXPECT_TRUE(f.ticket.waiting);
  EXPECT_EQ(f.ticket.waits_for, "李强");
  EXPECT_EQ(f.ticket.waits_why, Kind::requested) << "the rules say they wait because they named him";
  EXPECT_EQ(h.kiosk->screen.tr("ui.ticket.for_named", {{"name", f.ticket.waits_for}}),
            "您指定的李强正在接待其他客人，空闲后就来接待您。");
  EXPECT_EQ(ui::minutes_left(f), 20);
  const auto wake = ui::next_deadline(*h.kiosk);
  ASSERT_TRUE(wake);
  EXPECT_LE(*wake, h.now + 60) << "the kiosk wakes up to count down";
  h.wait(61);
  EXPECT_EQ(h.step(), Step::ticket);
  EXPECT_EQ(ui::minutes_left(f), 19) << "the estimate counts down";
  h.wait(60 * 19);
  EXPECT_EQ(ui::minutes_left(f), 0);
  EXPECT_EQ(h.step(), Step::ticket);

  // M02 is done with v2: asked again, the ticket says he is coming now.
  Event done;
  done.type = EventType::finish, done.t = h.clock += 10, done.id = "v2";
  ASSERT_TRUE(h.reception->handle(done, "M02").ok());
  h.wait(16);
  EXPECT_FALSE(f.ticket.waiting);
  EXPECT_EQ(f.ticket.manager, "李强");
}

TEST(Flow, AWaitForAnyoneAndForOnesOwnManagerSaySo) {
  KioskHarness h;
  for (const char* id : {"v1", "v2", "v3"}) {
    Event e;
    e.type = EventType::arrive, e.t = h.clock += 10, e.id = id;
    if (std::string(id) == "v2") e.phone = "13912345678", e.consent = true, e.surname = "陈", e.title = "女士";
    ASSERT_TRUE(h.reception->handle(e, "kiosk").ok());  // v2 is M02's customer from now on
  }
  start(h);
  h.tap("phone.decline");
  h.tap("next");
  h.tap("manager.none");
  h.tap("referral.no");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  EXPECT_TRUE(h.kiosk->customer.ticket.waiting);
  EXPECT_EQ(h.kiosk->customer.ticket.waits_for, "") << "the first free manager";
  h.tap("ticket.done");

  Event done;  // v2's visit ends; she comes back while M02 is with someone else
  done.type = EventType::finish, done.t = h.clock += 10, done.id = "v2";
  ASSERT_TRUE(h.reception->handle(done, "M02").ok());  // M02 takes the waiting walk-in
  start(h, "purpose.returning");
  number_only(h, "13912345678");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  EXPECT_EQ(h.kiosk->customer.ticket.waits_for, "李强");
  EXPECT_EQ(h.kiosk->customer.ticket.waits_why, Kind::returning);
}

TEST(Flow, TheTicketStaysUpToBeReadAndATouchEndsIt) {
  KioskHarness h;
  ui::KioskSettings s;
  s.inactivity_reset_s = 20;  // shorter than the ticket's time, which it must not cut short
  use_settings(h, s);
  name_busy_manager(h);
  EXPECT_GE(h.kiosk->settings.ticket_seconds, 30) << "long enough to read, not 10 s";
  h.wait(h.kiosk->settings.ticket_seconds - 2);
  EXPECT_EQ(h.step(), Step::ticket);
  EXPECT_NE(h.text.zh["ui.ticket.next"].find("屏幕"), std::string::npos) << "watch the board";
  EXPECT_NE(h.text.en["ui.ticket.next"].find("screen"), std::string::npos);
  // The next customer touches the screen anywhere: a fresh welcome.
  h.pointer.press(h.width * 0.5f, h.height * 0.02f);
  h.pointer.release(h.width * 0.5f, h.height * 0.02f);
  h.settle();
  EXPECT_EQ(h.step(), Step::welcome);
  EXPECT_TRUE(h.kiosk->customer.ticket.ticket.empty());
  // Left alone, it goes by itself after the setting's time.
  start(h, "purpose.see");
  h.tap("phone.decline");
  h.tap("next");
  h.tap("manager.M02");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::ticket);
  h.wait(h.kiosk->settings.ticket_seconds + 1);
  EXPECT_EQ(h.step(), Step::welcome);
}

// Up to check-in, what the kiosk draws must be the same pixels whoever owns the typed number,
// or whether anyone does: the screens follow only the customer's own choices.
TEST(Flow, AReturningNumberRevealsNothingBeforeCheckIn) {
  std::map<std::string, std::vector<std::vector<unsigned char>>> screens;  // by purpose and step
  std::vector<std::vector<unsigned char>> tickets;
  for (const char* purpose : {"purpose.see", "purpose.first", "purpose.returning"}) {
    // Two branches where the number's owner has different surnames, and one that never saw it.
    for (const char* surname : {"陈", "欧阳", ""}) {
      KioskHarness h;
      if (*surname) {
        Event earlier;
        earlier.type = EventType::arrive, earlier.t = h.clock, earlier.id = "earlier", earlier.consent = true;
        earlier.phone = "13912345678", earlier.surname = surname, earlier.title = "女士", earlier.request = "M02";
        ASSERT_TRUE(h.reception->handle(earlier, "test").ok());
        Event done;
        done.type = EventType::finish, done.t = h.clock + 60, done.id = "earlier";
        ASSERT_TRUE(h.reception->handle(done, "test").ok());
      }
      h.clock += 120;
      auto picture = [&] {
        h.frame();
        const auto* p = static_cast<const unsigned char*>(h.canvas.surface->pixels);
        return std::vector<unsigned char>(p, p + h.canvas.surface->pitch * h.canvas.surface->h);
      };
      start(h, purpose);
      h.type("13912345678");
      for (int i = 0; i < 8 && h.step() != Step::ticket; ++i) {
        screens[std::string(purpose) + "." + std::to_string(i)].push_back(picture());
        switch (*h.step()) {
          case Step::manager: h.tap("manager.none"); break;
          case Step::referral: h.tap("referral.no"); break;
          case Step::consent: h.tap("consent.yes"); break;
          default: h.tap("next");
        }
      }
      ASSERT_EQ(h.step(), Step::ticket) << purpose;
      tickets.push_back(picture());
    }
  }
  for (const auto& [screen, pictures] : screens) {
    ASSERT_EQ(pictures.size(), 3u) << screen << ": a different number of screens for a known number";
    EXPECT_TRUE(pictures[0] == pictures[1] && pictures[1] == pictures[2])
        << screen << " shows something of the number's owner";
  }
  EXPECT_GE(screens.size(), 16u) << "every screen of every purpose was compared";
  EXPECT_FALSE(tickets[0] == tickets[1]) << "once checked in, the ticket greets them by name";
}

TEST(Flow, ThePhoneAndConsentScreensSayTheSameAboutTheNumber) {
  KioskHarness h;
  for (const StringTable* s : {&h.text.zh, &h.text.en}) {
    const std::string why = (*s)["ui.phone.why"], consent = (*s)["ui.consent.body"];
    for (const char* claim : {"认出您", "同一位顾问", "recognise you", "same manager"}) {
      const bool in_why = why.find(claim) != std::string::npos, in_consent = consent.find(claim) != std::string::npos;
      EXPECT_EQ(in_why, in_consent) << claim << ": " << why << " / " << consent;
    }
    for (const char* contact : {"联系", "reach", "contact"})
      EXPECT_EQ(why.find(contact), std::string::npos) << "nobody contacts the customer by this number: " << why;
  }
}

TEST(Flow, TheReferralScreenHighlightsWhatWorksNow) {
  KioskHarness h;
  start(h);
  h.tap("phone.decline");
  h.tap("next");
  h.tap("manager.none");
  ASSERT_EQ(h.step(), Step::referral);
  EXPECT_FALSE(h.has("next")) << "nothing typed: Next could only complain";
  const std::uint32_t no_empty = pixel_in(h, "referral.no");
  h.type("136");
  EXPECT_TRUE(h.has("next"));
  const std::uint32_t no_typed = pixel_in(h, "referral.no");
  EXPECT_NE(no_empty, no_typed) << "No is highlighted only while nothing is typed";
  EXPECT_EQ(pixel_in(h, "next"), no_empty) << "Next takes the highlight once there is a number to check";
  h.tap("key.clear");
  EXPECT_FALSE(h.has("next"));
  h.tap("referral.no");
  EXPECT_EQ(h.step(), Step::confirm);
}

TEST(Flow, NoPreferenceComesBeforeTheManagers) {
  KioskHarness h;
  start(h);
  h.tap("phone.decline");
  h.tap("next");
  ASSERT_EQ(h.step(), Step::manager);
  const ui::Target* none = ui::find_target("manager.none");
  const ui::Target* first = ui::find_target("manager.M01");
  ASSERT_TRUE(none && first);
  EXPECT_EQ(none->y0, first->y0);
  EXPECT_LT(none->x1, first->x0);
}

// A slow commit (another program holds the write lock for a while): the screen says it is
// checking in before the commit starts, and touches made meanwhile do not end the ticket.
TEST(Flow, ASlowCommitShowsProgressFirst) {
  KioskHarness h;
  start(h, "purpose.see");
  h.tap("phone.decline");
  h.tap("next");
  h.tap("manager.M01");
  ASSERT_EQ(h.step(), Step::confirm);
  const ui::Target* go = ui::find_target("next");
  ASSERT_NE(go, nullptr);
  const float x = (go->x0 + go->x1) / 2, y = (go->y0 + go->y1) / 2;
  Sql other(h.store.db().path());
  other.exec("BEGIN IMMEDIATE");
  h.pointer.press(x, y);
  h.pointer.release(x, y);
  for (int i = 0; i < 10 && h.kiosk->customer.commit != ui::CheckinFlow::Commit::shown; ++i) h.frame();
  EXPECT_EQ(h.step(), Step::confirm);
  EXPECT_EQ(h.kiosk->customer.commit, ui::CheckinFlow::Commit::shown) << "the progress frame is drawn first";
  EXPECT_FALSE(h.has("next")) << "nothing to tap twice while it commits";
  EXPECT_FALSE(h.has("back"));
  EXPECT_TRUE(ui::next_deadline(*h.kiosk).has_value()) << "the loop draws the commit frame at once";
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    other.exec("ROLLBACK");
  });
  const auto before = std::chrono::steady_clock::now();
  h.frame();  // commits: waits for the lock
  release.join();
  EXPECT_GE(std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count(), 0.4);
  ASSERT_EQ(h.step(), Step::ticket);
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.number("SELECT count(*) FROM visits"), 1);
  // An impatient second tap on the same spot, queued during the commit: not taken as Done.
  h.pointer.press(x, y);
  h.pointer.release(x, y);
  h.settle();
  EXPECT_EQ(h.step(), Step::ticket);
  h.wait(1.5);
  h.tap("ticket.done");
  EXPECT_EQ(h.step(), Step::welcome);
}

TEST(Flow, StillThereWarnsBeforeTheIdleResetAndATouchKeepsEverything) {
  KioskHarness h;
  const ui::KioskSettings& s = h.kiosk->settings;
  start(h);
  h.type("1380013");
  const ui::Target* five = ui::find_target("key.5");
  ASSERT_NE(five, nullptr);
  const float x = (five->x0 + five->x1) / 2, y = (five->y0 + five->y1) / 2;
  EXPECT_EQ(ui::next_deadline(*h.kiosk), h.kiosk->last_touch + s.inactivity_reset_s - s.idle_warning_s)
      << "the kiosk wakes up to warn";
  h.wait(s.inactivity_reset_s - s.idle_warning_s - 1);
  EXPECT_FALSE(h.kiosk->warning);
  h.wait(2);
  EXPECT_TRUE(h.kiosk->warning);
  EXPECT_TRUE(h.has("idle.stay"));
  EXPECT_FALSE(h.has("key.5")) << "only the warning takes touches";
  EXPECT_EQ(h.kiosk->screen.tr("ui.idle.body", {{"s", "9"}}), "9秒后将回到首页，已填写的内容会被清除。轻触屏幕继续。");
  // A touch where "5" is beneath: the warning goes, and the touch typed nothing.
  h.pointer.press(x, y);
  h.pointer.release(x, y);
  h.settle();
  EXPECT_FALSE(h.kiosk->warning);
  EXPECT_EQ(h.step(), Step::phone);
  EXPECT_EQ(h.kiosk->customer.draft.typed, "1380013");
  h.tap("key.5");
  EXPECT_EQ(h.kiosk->customer.draft.typed, "13800135");

  // Unanswered, it counts down and the kiosk starts over.
  h.wait(s.inactivity_reset_s - 3);
  EXPECT_TRUE(h.kiosk->warning);
  const auto tick = ui::next_deadline(*h.kiosk);
  ASSERT_TRUE(tick);
  EXPECT_LE(*tick, h.now + 1) << "the countdown is drawn every second";
  h.wait(4);
  EXPECT_EQ(h.step(), Step::welcome);
  EXPECT_FALSE(h.kiosk->warning);
  EXPECT_TRUE(h.kiosk->customer.draft.typed.empty());
}

}  // namespace
}  // namespace lobby::uitest
