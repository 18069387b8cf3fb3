// The staff console, driven by taps like the customer's screens: the hidden way in, PINs and
// their lock, and every action checked against the engine's state and the records.
#include "kiosk/ui/lobby_board.h"
#include "kiosk/ui/notify_status.h"
#include "ui_harness.h"

#include <filesystem>

namespace lobby::uitest {
namespace {

using ui::StaffScreen;
using ui::Step;

void hold_staff_corner(KioskHarness& h, int frames = 150) { h.hold_staff_corner(frames); }
void sign_in(KioskHarness& h, const std::string& who, const std::string& pin) { h.sign_in(who, pin); }

State state_of(KioskHarness& h, const std::string& m) {
  for (const ManagerView& v : h.reception->engine().managers())
    if (v.id == m) return v.state;
  return State::off;
}

TEST(Console, AShortTouchOfTheCornerDoesNothingAndALongPressOpensTheConsole) {
  KioskHarness h;
  hold_staff_corner(h, 30);  // half a second is just a touch
  EXPECT_EQ(h.step(), Step::welcome);
  hold_staff_corner(h);
  EXPECT_EQ(h.screen(), StaffScreen::sign_in);
}

// Five wrong PINs lock out the person picked, not everyone; each is audited; a restart lifts nothing.
TEST(Console, FiveWrongPinsLockOutThatPersonOnlyAreAuditedAndSurviveARestart) {
  KioskHarness h;
  hold_staff_corner(h);
  sign_in(h, "M01", "0000");
  EXPECT_EQ(h.screen(), StaffScreen::sign_in);
  EXPECT_EQ(h.kiosk->console->message, fill(h.text.zh["staff.wrong_pin"], {{"n", "4"}}));
  for (int i = 0; i < 4; ++i) sign_in(h, "M01", "0000");
  EXPECT_TRUE(h.staff->lock("M01").locked(h.clock));
  EXPECT_FALSE(h.has("key.1")) << "no keypad for M01 while locked";
  EXPECT_EQ(h.kiosk->console->locked_minutes, 5);
  sign_in(h, "S01", "9999");  // the supervisor is not locked out by someone else's wrong PINs
  EXPECT_EQ(h.screen(), StaffScreen::home);
  h.tap("staff.audit");
  const auto& lines = h.kiosk->console->shown.audit;
  ASSERT_GE(lines.size(), 5u);
  EXPECT_NE(lines[0].text.find("王丽  已锁定至"), std::string::npos) << lines[0].text;
  EXPECT_NE(lines[1].text.find("王丽  输入了错误密码（第4次，共5次）"), std::string::npos) << lines[1].text;
  h.tap("start_over");
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.number("SELECT count(*) FROM audit WHERE actor = 'M01' AND action = 'pin_wrong'"), 4);
  EXPECT_EQ(sql.number("SELECT count(*) FROM audit WHERE actor = 'M01' AND action = 'pin_locked'"), 1);

  {  // a restart: a new store connection and desk read the lock back
    Store again(h.store.db().path());
    Reception reception(again);
    ui::StaffDesk desk(reception, again, [&h] { return h.clock; }, h.dir.file("exports"));
    EXPECT_TRUE(desk.lock("M01").locked(h.clock)) << "a restart lifted the lock";
    EXPECT_EQ(desk.locked_minutes("M01"), 5);
    EXPECT_FALSE(desk.lock("S01").locked(h.clock));
  }
  hold_staff_corner(h);
  h.tap("staff.person.M01");
  EXPECT_FALSE(h.has("key.1")) << "still locked";
  h.clock += PinLock::kLockSeconds;
  h.tap("start_over");
  hold_staff_corner(h);
  sign_in(h, "M01", "1111");  // the right PIN works once the lock has expired
  EXPECT_EQ(h.screen(), StaffScreen::home);
  EXPECT_EQ(sql.number("SELECT count(*) FROM events"), 4) << "signing in and out changes nothing in the events";
}

// Trouble with the records is not a wrong PIN: it is said as it is and never locks anyone out.
TEST(Console, ADamagedPinHashOrUnreadableRecordsAreSaidAndNeverCountAsWrongPins) {
  KioskHarness h;
  Sql(h.store.db().path()).exec("UPDATE managers SET pin_hash = 'pbkdf2-sha256$x$zz$' WHERE id = 'M01'");
  hold_staff_corner(h);
  for (int i = 0; i < 6; ++i) sign_in(h, "M01", "1111");
  EXPECT_EQ(h.screen(), StaffScreen::sign_in);
  EXPECT_FALSE(h.staff->lock("M01").locked(h.clock)) << "six tries against a damaged hash locked the console";
  EXPECT_EQ(h.staff->lock("M01").tries_left(), 5);
  EXPECT_EQ(h.kiosk->console->message, fill(h.text.zh["error.pin-unreadable"], {{"m", "王丽"}}));
  sign_in(h, "S01", "9999");  // others still get in
  EXPECT_EQ(h.screen(), StaffScreen::home);
}

TEST(Console, AnUnreadableQuarantineCountIsAnErrorNotZero) {
  KioskHarness h;
  Problem why;
  ASSERT_EQ(h.staff->quarantined(why), std::optional<std::int64_t>(0));
  Sql(h.store.db().path()).exec("ALTER TABLE quarantine RENAME TO quarantine_gone");
  EXPECT_EQ(h.staff->quarantined(why), std::nullopt);
  EXPECT_EQ(why.code, "store-io") << why;
}

TEST(Console, AManagersActionsGoThroughTheRulesAndAreAuditedWithTheirName) {
  KioskHarness h;
  hold_staff_corner(h);
  sign_in(h, "M01", "1111");
  ASSERT_EQ(h.screen(), StaffScreen::home);
  h.tap("staff.absent.site_visit");
  h.tap("staff.ask.yes");
  EXPECT_EQ(state_of(h, "M01"), State::task) << "site visits count as company business";
  h.tap("staff.back");
  EXPECT_EQ(state_of(h, "M01"), State::available);
  h.tap("staff.absent.rest");
  h.tap("staff.ask.yes");
  EXPECT_EQ(state_of(h, "M01"), State::on_break);
  h.tap("staff.back");
  h.tap("staff.policy");
  h.tap("staff.ask.yes");
  EXPECT_EQ(h.reception->engine().managers()[0].policy, BusyPolicy::forfeit);
  h.tap("staff.clock_out");
  h.tap("staff.ask.yes");
  EXPECT_EQ(state_of(h, "M01"), State::off);
  h.tap("staff.clock_in");
  EXPECT_EQ(state_of(h, "M01"), State::available);

  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.number("SELECT count(*) FROM audit WHERE actor = 'M01'"), 7);
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox WHERE kind = 'staff_event'"),
            sql.number("SELECT count(*) FROM events"))
      << "HQ sees every staff action too";
  h.tap("next");  // sign out
  EXPECT_EQ(h.step(), Step::welcome);
  EXPECT_FALSE(h.kiosk->console.has_value()) << "signed out: nothing of the console stays";
}

TEST(Console, FinishingAReceptionFreesTheManagerForTheNextCustomer) {
  KioskHarness h;
  Event arrive;
  arrive.type = EventType::arrive, arrive.t = h.clock, arrive.id = "v1";
  ASSERT_TRUE(h.reception->handle(arrive, "test").ok());
  ASSERT_EQ(state_of(h, "M01"), State::receiving);
  hold_staff_corner(h);
  sign_in(h, "M01", "1111");
  h.tap("staff.finish");
  EXPECT_EQ(state_of(h, "M01"), State::available);
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.text("SELECT status FROM visits WHERE id = 'v1'"), "done");
}

// The finish button names the customer being received, so a manager never ends the wrong one.
TEST(Console, TheFinishButtonNamesTheCustomerBeingReceivedInBothLanguages) {
  KioskHarness h;
  Event arrive;
  arrive.type = EventType::arrive, arrive.t = h.clock, arrive.id = "v1", arrive.surname = "陈", arrive.title = "女士";
  ASSERT_TRUE(h.reception->handle(arrive, "test").ok());  // A001 to M01
  hold_staff_corner(h);
  sign_in(h, "M01", "1111");
  ASSERT_EQ(h.screen(), StaffScreen::home);
  const ui::StaffConsole& c = *h.kiosk->console;
  ASSERT_TRUE(c.shown.receiving.has_value()) << "the home read whom M01 receives";
  EXPECT_EQ(c.shown.receiving->visit, "v1");
  EXPECT_TRUE(h.has("staff.finish"));
  EXPECT_EQ(ui::finish_words(c, *c.shown.receiving), "结束接待 A001 陈女士");
  h.tap("language");
  EXPECT_EQ(ui::finish_words(c, *c.shown.receiving), "Finish A001 Ms Chen") << "the name as English says it";
  ui::StaffDesk::Customer latin;
  latin.visit = "v9", latin.ticket = "A009", latin.surname = "Smith-Jones", latin.title = "Ms";
  EXPECT_EQ(ui::finish_words(c, latin), "Finish A009 Ms Smith-Jones");
  h.tap("language");
  EXPECT_EQ(ui::finish_words(c, latin), "结束接待 A009 Smith-Jones女士") << "and as Chinese says it";
  ui::StaffDesk::Customer nameless;
  nameless.visit = "v8", nameless.ticket = "A008";
  EXPECT_EQ(ui::finish_words(c, nameless), "结束接待 A008") << "no dangling space when they gave no name";
}

// The rules refuse a clock-out during a reception: the home does not offer it then, and says why.
TEST(Console, ClockingOutIsNotOfferedDuringAReceptionAndTheHomeSaysWhy) {
  KioskHarness h;
  Event arrive;
  arrive.type = EventType::arrive, arrive.t = h.clock, arrive.id = "v1";
  ASSERT_TRUE(h.reception->handle(arrive, "test").ok());  // A001 to M01
  Sql sql(h.store.db().path());
  const auto events = sql.number("SELECT count(*) FROM events");
  hold_staff_corner(h);
  sign_in(h, "M01", "1111");
  ASSERT_EQ(state_of(h, "M01"), State::receiving);
  EXPECT_EQ(sql.number("SELECT count(*) FROM events"), events) << "asking the rules recorded nothing";
  EXPECT_FALSE(h.has("staff.clock_out")) << "offered while the rules would refuse it";
  EXPECT_EQ(h.kiosk->console->shown.clock_out_refused.code, "manager-receiving");
  EXPECT_EQ(ui::clock_out_refused_words(*h.kiosk->console), "先结束接待 A001，再下班打卡。");
  h.tap("language");
  EXPECT_EQ(ui::clock_out_refused_words(*h.kiosk->console), "Finish A001 first, then clock out.");
  h.tap("staff.finish");
  EXPECT_EQ(state_of(h, "M01"), State::available);
  EXPECT_TRUE(h.has("staff.clock_out")) << "free again: clocking out is offered";
  EXPECT_EQ(ui::clock_out_refused_words(*h.kiosk->console), "");
  h.tap("staff.clock_out");
  h.tap("staff.ask.yes");
  EXPECT_EQ(state_of(h, "M01"), State::off);
}

// Which absences earn a make-up turn comes from the branch's settings, not from the reason's name.
TEST(Console, TheAbsenceReasonsThatEarnAMakeUpTurnSaySoFromTheSettings) {
  KioskHarness h;
  hold_staff_corner(h);
  sign_in(h, "M01", "1111");
  const ui::StaffConsole& c = *h.kiosk->console;
  EXPECT_EQ(ui::absence_words(c, "site_visit"), "带看\n补位");
  EXPECT_EQ(ui::absence_words(c, "rest"), "休息") << "a break earns nothing";
  h.tap("language");
  EXPECT_EQ(ui::absence_words(c, "site_visit"), "Site visit\nmake-up turn");
  EXPECT_EQ(ui::absence_words(c, "rest"), "Rest");
  h.tap("start_over");

  Settings swapped = h.reception->engine().settings();  // this branch counts it the other way round
  swapped.absence_reasons["rest"] = State::task;
  swapped.absence_reasons["site_visit"] = State::on_break;
  ASSERT_TRUE(h.reception->adopt_settings(swapped, h.clock += 10, "test").ok());
  hold_staff_corner(h);
  sign_in(h, "M01", "1111");
  const ui::StaffConsole& again = *h.kiosk->console;
  EXPECT_TRUE(h.has("staff.absent.rest"));
  EXPECT_EQ(ui::absence_words(again, "rest"), "休息\n补位");
  EXPECT_EQ(ui::absence_words(again, "site_visit"), "带看");
}

TEST(Console, TheSupervisorReassignsWithAReasonAndAnAbsentManagerIsRefused) {
  KioskHarness h;
  Event arrive;
  arrive.type = EventType::arrive, arrive.t = h.clock, arrive.id = "v1";
  ASSERT_TRUE(h.reception->handle(arrive, "test").ok());  // M01 serves A001
  hold_staff_corner(h);
  sign_in(h, "S01", "9999");
  ASSERT_EQ(h.screen(), StaffScreen::home);
  h.tap("staff.reassign");
  ASSERT_EQ(h.screen(), StaffScreen::reassign);
  h.tap("staff.visit.A001");
  h.tap("staff.to.M04");  // off duty
  h.tap("staff.why.customer_request");
  h.tap("staff.ask.yes");
  EXPECT_TRUE(h.kiosk->console->trouble);
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.text("SELECT owner FROM visits WHERE id = 'v1'"), "M01") << "a refused reassignment changes nothing";
  h.tap("staff.to.M02");
  h.tap("staff.why.customer_request");
  h.tap("staff.ask.yes");
  EXPECT_FALSE(h.kiosk->console->trouble) << h.kiosk->console->message;
  EXPECT_EQ(sql.text("SELECT owner FROM visits WHERE id = 'v1'"), "M02");
  EXPECT_EQ(sql.text("SELECT actor FROM audit WHERE action = 'reassign'"), "S01");
  EXPECT_NE(sql.text("SELECT detail FROM audit WHERE action = 'reassign'").find("customer_request"), std::string::npos);
}

// The turn order is set in one step: managers tapped in the new order, then one Save, one event.
TEST(Console, TheSupervisorSetsTheWholeTurnOrderInOneStepAsOneAuditedEvent) {
  KioskHarness h;
  hold_staff_corner(h);
  sign_in(h, "S01", "9999");
  h.tap("staff.roster");
  ASSERT_EQ(h.screen(), StaffScreen::roster);
  Sql sql(h.store.db().path());
  const long long rosters = sql.number("SELECT count(*) FROM audit WHERE action = 'roster'");
  EXPECT_FALSE(h.has("staff.roster.save")) << "nothing to save before a tap";
  h.tap("staff.pick.M04");
  h.tap("staff.pick.M01");
  h.tap("staff.roster.clear");
  EXPECT_TRUE(h.kiosk->console->new_order.empty());
  h.tap("staff.pick.M03");
  h.tap("staff.pick.M01");
  EXPECT_FALSE(h.has("staff.pick.M03")) << "a manager is numbered once";
  EXPECT_EQ(sql.number("SELECT count(*) FROM audit WHERE action = 'roster'"), rosters) << "nothing before Save";
  h.tap("staff.roster.save");
  EXPECT_FALSE(h.kiosk->console->trouble) << h.kiosk->console->message;
  EXPECT_EQ(h.staff->turn_order(), (std::vector<std::string>{"M03", "M01", "M02", "M04"}))
      << "those not tapped follow in their order";
  EXPECT_EQ(sql.number("SELECT count(*) FROM audit WHERE action = 'roster'"), rosters + 1) << "one audited event";
  EXPECT_EQ(sql.text("SELECT actor FROM audit WHERE action = 'roster' ORDER BY seq DESC LIMIT 1"), "S01");
  EXPECT_EQ(ui::new_turn_order({"A", "B", "C"}, {}), (std::vector<std::string>{"A", "B", "C"}));
}

TEST(Console, TheExportedDispatchLogAgreesWithTheRecords) {
  KioskHarness h;
  for (const char* id : {"v1", "v2", "v3"}) {
    Event arrive;
    arrive.type = EventType::arrive, arrive.t = h.clock, arrive.id = id;
    ASSERT_TRUE(h.reception->handle(arrive, "test").ok());
  }
  hold_staff_corner(h);
  sign_in(h, "M01", "1111");
  EXPECT_FALSE(h.has("staff.export")) << "only the supervisor exports";
  h.tap("next");
  hold_staff_corner(h);
  sign_in(h, "S01", "9999");
  h.tap("staff.export");
  const std::string path = h.dir.file("exports/dispatch-2026-11-24.csv");
  ASSERT_TRUE(std::filesystem::exists(path)) << h.kiosk->console->message;
  const auto lines = itest::split_lines(itest::read_file(path));
  Sql sql(h.store.db().path());
  for (const char* m : {"M01", "M02", "M03"}) {
    const long long served = sql.number("SELECT count(*) FROM visits WHERE owner = ?1", {m});
    bool found = false;
    for (const std::string& line : lines)
      if (line.rfind(std::string(m) + ",", 0) == 0) {
        found = true;
        EXPECT_EQ(line.substr(line.find(',', line.find(',') + 1) + 1, 1), std::to_string(served)) << line;
      }
    EXPECT_TRUE(found) << m << " is missing from the export";
  }
}

// A customer checked in through the rules at the harness's clock; returns nothing, asserts.
void arrive(KioskHarness& h, const std::string& id, const std::string& phone = "") {
  Event e;
  e.type = EventType::arrive, e.t = h.clock += 10, e.id = id, e.phone = phone;
  ASSERT_TRUE(h.reception->handle(e, "test").ok()) << id;
}

std::string owner_of(KioskHarness& h, const std::string& visit) {
  for (const VisitView& v : h.reception->engine().visits())
    if (v.id == visit) return v.owner;
  return "";
}

// A bare ticket number is not enough to act on: every list names the visit fully (ticket,
// polite name, arrival, manager, state), in the console's language.
TEST(Console, EveryListNamesTheVisitFullyInBothLanguages) {
  KioskHarness h;
  for (const char* id : {"v1", "v2", "v3", "v4"}) {
    Event e;
    e.type = EventType::arrive, e.t = h.clock += 10, e.id = id, e.surname = "陈", e.title = "女士";
    ASSERT_TRUE(h.reception->handle(e, "test").ok()) << id;  // A001-A003 to M01-M03; A004 waits
  }
  hold_staff_corner(h);
  sign_in(h, "S01", "9999");
  h.tap("staff.reassign");
  const ui::StaffConsole& c = *h.kiosk->console;
  ASSERT_EQ(c.shown.customers.size(), 4u);
  EXPECT_EQ(ui::customer_words(c, c.shown.customers[0]), "A001 陈女士\n10:00 到店 · 王丽 · 接待中");
  EXPECT_EQ(ui::customer_words(c, c.shown.customers[3]), "A004 陈女士\n10:00 到店 · 待分配 · 等候中");
  h.tap("language");
  EXPECT_EQ(ui::customer_words(c, c.shown.customers[0]), "A001 Ms Chen\narrived 10:00 · 王丽 · being received");
  EXPECT_EQ(ui::customer_words(c, c.shown.customers[3], " · "), "A004 Ms Chen · arrived 10:00 · for anyone · waiting");
  h.tap("back");
  h.tap("staff.void");  // today's check-ins, newest first
  ASSERT_EQ(c.shown.customers.size(), 4u);
  EXPECT_EQ(ui::customer_words(c, c.shown.customers[3]), "A001 Ms Chen\narrived 10:00 · 王丽 · being received");
  h.tap("back");
  Event claim;
  claim.type = EventType::claim, claim.id = "v2", claim.m = "M01";
  ASSERT_FALSE(h.staff->act(claim, "M01"));
  h.tap("staff.claims");
  ASSERT_EQ(c.shown.customers.size(), 1u);
  EXPECT_EQ(ui::customer_words(c, c.shown.customers[0]), "A002 Ms Chen\narrived 10:00 · 李强 · being received");
}

TEST(Console, AManagerClaimsACustomerAndTheSupervisorConfirmsOrRejects) {
  KioskHarness h;
  arrive(h, "v1", "13800000001");  // A001 to M01
  arrive(h, "v2", "13800000002");  // A002 to M02
  hold_staff_corner(h);
  sign_in(h, "M01", "1111");
  h.tap("staff.claim");
  ASSERT_EQ(h.screen(), StaffScreen::claims);
  EXPECT_FALSE(h.has("staff.claim.A001")) << "nobody claims their own customer";
  h.tap("staff.claim.A002");
  EXPECT_FALSE(h.kiosk->console->trouble) << h.kiosk->console->message;
  EXPECT_FALSE(h.has("staff.claim.A002")) << "claimed once is enough";
  EXPECT_EQ(owner_of(h, "v2"), "M02") << "a claim alone moves nobody";
  h.tap("start_over");

  hold_staff_corner(h);
  sign_in(h, "S01", "9999");
  h.tap("staff.claims");
  ASSERT_TRUE(h.has("staff.confirm.A002"));
  h.tap("staff.confirm.A002");
  EXPECT_EQ(owner_of(h, "v2"), "M01");
  EXPECT_EQ(h.reception->engine().owner_of_phone("13800000002"), "M01");
  EXPECT_FALSE(h.has("staff.confirm.A002"));

  // A second claim, rejected: the customer stays where they are.
  Event claim;
  claim.type = EventType::claim, claim.id = "v1", claim.m = "M03";
  ASSERT_FALSE(h.staff->act(claim, "M03"));
  h.frame();
  h.tap("staff.reject.A001");
  EXPECT_EQ(owner_of(h, "v1"), "M01");
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.text("SELECT group_concat(action || ':' || actor, ' ') FROM audit WHERE action LIKE 'claim%'"),
            "claim:M01 claim_confirm:S01 claim:M03 claim_reject:S01");
}

TEST(Console, TheSupervisorVoidsAMistakenCheckInOnceAndTheManagerIsFreeAgain) {
  KioskHarness h;
  arrive(h, "v1");  // A001 to M01
  hold_staff_corner(h);
  sign_in(h, "M01", "1111");
  EXPECT_FALSE(h.has("staff.void")) << "only the supervisor voids";
  h.tap("next");
  hold_staff_corner(h);
  sign_in(h, "S01", "9999");
  h.tap("staff.void");
  ASSERT_EQ(h.screen(), StaffScreen::void_visit);
  h.tap("staff.void.why.duplicate");  // no check-in chosen yet: nothing happens, and it says so
  EXPECT_EQ(state_of(h, "M01"), State::receiving);
  EXPECT_FALSE(h.has("staff.ask.yes")) << "nothing to confirm without a customer";
  EXPECT_TRUE(h.kiosk->console->trouble);
  EXPECT_EQ(h.kiosk->console->message, h.text.zh["staff.choose_customer_first"]);
  h.tap("staff.void.visit.A001");
  h.tap("staff.void.why.duplicate");
  h.tap("staff.ask.yes");
  EXPECT_FALSE(h.kiosk->console->trouble) << h.kiosk->console->message;
  EXPECT_EQ(state_of(h, "M01"), State::available);
  EXPECT_FALSE(h.has("staff.void.visit.A001")) << "a voided check-in is not offered again";
  Sql sql(h.store.db().path());
  EXPECT_EQ(sql.text("SELECT void_reason FROM visits WHERE id = 'v1'"), "duplicate");

  // Voiding it again (say from a second console) is refused in words and changes nothing.
  const long long events = sql.number("SELECT count(*) FROM events");
  Event again;
  again.type = EventType::void_visit, again.id = "v1";
  EXPECT_EQ(h.staff->act(again, "S01").code, "visit-already-void");
  EXPECT_EQ(sql.number("SELECT count(*) FROM events"), events);
}

// A destructive action is asked about first, naming the customer; No changes nothing.
TEST(Console, VoidReassignAbsenceAndClockOutAskFirstAndNoChangesNothing) {
  KioskHarness h;
  Event e;
  e.type = EventType::arrive, e.t = h.clock += 10, e.id = "v1", e.surname = "陈", e.title = "女士";
  ASSERT_TRUE(h.reception->handle(e, "test").ok());  // A001 to M01
  Sql sql(h.store.db().path());
  const long long events = sql.number("SELECT count(*) FROM events");
  hold_staff_corner(h);
  sign_in(h, "S01", "9999");
  h.tap("staff.void");
  h.tap("staff.void.why.test");
  EXPECT_EQ(h.kiosk->console->message, "请先选择客户，再点原因。");
  h.tap("language");
  h.tap("staff.void.why.test");
  EXPECT_EQ(h.kiosk->console->message, "Choose a customer first, then the reason.");
  h.tap("language");
  h.tap("staff.void.visit.A001");
  h.tap("staff.void.why.duplicate");
  ASSERT_TRUE(h.kiosk->console->asking.has_value());
  EXPECT_EQ(h.kiosk->console->asking->question(*h.kiosk->console), "作废 A001 陈女士（重复登记）？");
  EXPECT_FALSE(h.has("staff.void.why.duplicate")) << "only the question shows";
  h.tap("staff.ask.no");
  EXPECT_EQ(sql.number("SELECT count(*) FROM events"), events) << "No changed something";
  EXPECT_EQ(h.screen(), StaffScreen::void_visit);
  h.tap("back");

  h.tap("staff.reassign");
  h.tap("staff.why.mistake");
  EXPECT_EQ(h.kiosk->console->message, h.text.zh["staff.choose_customer_first"]);
  h.tap("staff.visit.A001");
  h.tap("staff.why.mistake");
  EXPECT_EQ(h.kiosk->console->message, h.text.zh["staff.choose_manager_first"]);
  h.tap("staff.to.M02");
  h.tap("staff.why.mistake");
  h.tap("language");
  EXPECT_EQ(h.kiosk->console->asking->question(*h.kiosk->console), "Reassign A001 Ms Chen to 李强 (Assigned by mistake)?");
  h.tap("staff.ask.no");
  EXPECT_EQ(owner_of(h, "v1"), "M01");
  h.tap("staff.why.mistake");  // the choices stay after a No
  h.tap("staff.ask.yes");
  EXPECT_EQ(owner_of(h, "v1"), "M02");
  h.tap("start_over");

  hold_staff_corner(h);
  sign_in(h, "M01", "1111");
  h.tap("staff.clock_out");
  EXPECT_EQ(h.kiosk->console->asking->question(*h.kiosk->console), "王丽，确定下班打卡？");
  h.tap("staff.ask.no");
  EXPECT_EQ(state_of(h, "M01"), State::available);
  h.tap("staff.absent.rest");
  EXPECT_EQ(h.kiosk->console->asking->question(*h.kiosk->console).rfind("确定离开（休息）？", 0), 0u);
  h.tap("staff.ask.no");
  EXPECT_EQ(state_of(h, "M01"), State::available);
  h.tap("staff.policy");
  h.tap("staff.ask.no");
  EXPECT_EQ(h.reception->engine().managers()[0].policy, BusyPolicy::delegate);
  h.tap("staff.clock_out");
  h.tap("staff.ask.yes");
  EXPECT_EQ(state_of(h, "M01"), State::off);
}

TEST(Console, TheAuditLogExplainsEachDecisionByName) {
  KioskHarness h;
  Event away;
  away.type = EventType::absent, away.t = h.clock += 10, away.m = "M01", away.reason = "site_visit";
  ASSERT_TRUE(h.reception->handle(away, "M01").ok());
  arrive(h, "v1");  // M02, passing M01 on a site visit
  hold_staff_corner(h);
  sign_in(h, "S01", "9999");
  h.tap("staff.audit");
  ASSERT_EQ(h.screen(), StaffScreen::audit);
  const auto& lines = h.kiosk->console->shown.audit;
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines[0].text.find("A001"), std::string::npos) << lines[0].text << ": newest first, by ticket";
  ASSERT_GE(lines.size(), 2u);
  EXPECT_TRUE(lines[1].detail);
  const std::string explained = h.text.zh["skip.task"];
  EXPECT_NE(lines[1].text.find("王丽"), std::string::npos) << lines[1].text << ": managers appear by name";
  EXPECT_NE(lines[1].text.find(fill(explained, {{"m", "王丽"}})), std::string::npos) << lines[1].text;
  h.tap("language");
  EXPECT_NE(h.kiosk->console->shown.audit[1].text.find("was away on company business"), std::string::npos)
      << "the log follows the language toggle";
}

TEST(Console, OnlyTheSupervisorExportsTheVisitsWithNamesAndNumbers) {
  KioskHarness h;
  arrive(h, "v1", "13800000001");  // consented (the default)
  Event shy;
  shy.type = EventType::arrive, shy.t = h.clock += 10, shy.id = "v2", shy.phone = "13800000002", shy.consent = false;
  shy.surname = "李", shy.title = "先生";
  ASSERT_TRUE(h.reception->handle(shy, "kiosk").ok());
  hold_staff_corner(h);
  sign_in(h, "M01", "1111");
  EXPECT_FALSE(h.has("staff.export_visits")) << "personal data is for the supervisor";
  h.tap("next");
  hold_staff_corner(h);
  sign_in(h, "S01", "9999");
  h.tap("staff.export_visits");
  const std::string path = h.dir.file("exports/visits-2026-11-24.csv");
  ASSERT_TRUE(std::filesystem::exists(path)) << h.kiosk->console->message;
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)
      << "names and numbers are for the owner's eyes only";
  const auto lines = itest::split_lines(itest::read_file(path));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "ticket,arrived,surname,title,phone,kind,owner,server,status,voided");
  EXPECT_NE(lines[1].find(",13800000001,"), std::string::npos) << lines[1];
  EXPECT_EQ(lines[2].find("13800000002"), std::string::npos) << "a number kept without consent would be a leak";
  EXPECT_NE(lines[2].find("A002,"), std::string::npos) << lines[2];
}

// A supervisor at a locked-down kiosk takes the export away on a USB stick. The desktop mounts
// a stick as a folder under the media root; a folder left there without a stick is not one.
TEST(Console, AnExportAlsoGoesToAMountedUsbStickButNotToAFolderLeftBehind) {
  KioskHarness h;
  const std::string left_behind = h.dir.file("media/OLD-STICK"), stick = h.dir.file("media/STICK");
  std::filesystem::create_directories(left_behind);
  std::filesystem::create_directories(stick);
  hold_staff_corner(h);
  sign_in(h, "S01", "9999");
  h.tap("staff.export");
  const std::string file = "dispatch-2026-11-24.csv";
  EXPECT_TRUE(std::filesystem::exists(h.dir.file("exports/" + file)));
  EXPECT_FALSE(std::filesystem::exists(stick + "/" + file)) << "no stick is mounted yet";
  EXPECT_FALSE(std::filesystem::exists(left_behind + "/" + file));
  EXPECT_NE(h.kiosk->console->message.find("U盘"), std::string::npos) << "it says a stick would take a copy";

  if (itest::run({"/bin/mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", stick}).status != 0)
    GTEST_SKIP() << "cannot mount a stand-in stick here (needs root)";
  struct Unmount {
    std::string at;
    ~Unmount() { itest::run({"/bin/umount", "-l", at}); }
  } unmount{stick};
  h.tap("staff.export");
  ASSERT_TRUE(std::filesystem::exists(stick + "/" + file)) << h.kiosk->console->message;
  EXPECT_EQ(itest::read_file(stick + "/" + file), itest::read_file(h.dir.file("exports/" + file)));
  EXPECT_FALSE(std::filesystem::exists(left_behind + "/" + file)) << "the stick, not the leftover folder";
  EXPECT_FALSE(h.kiosk->console->trouble);
  EXPECT_NE(h.kiosk->console->message.find(stick + "/" + file), std::string::npos) << h.kiosk->console->message;
}

// An export that cannot be written says why in the console's language, not in the C library's.
TEST(Console, AnExportThatCannotBeWrittenSaysSoInTheConsolesLanguage) {
  KioskHarness h;
  itest::write_file(h.dir.file("exports"), "a file where the export folder should be");
  hold_staff_corner(h);
  sign_in(h, "S01", "9999");
  h.tap("staff.export");
  const std::string file = h.dir.file("exports/dispatch-2026-11-24.csv");
  EXPECT_TRUE(h.kiosk->console->trouble);
  const std::string& said = h.kiosk->console->message;
  const std::string zh = fill(h.text.zh["error.export-failed"], {{"file", file}, {"detail", ""}});
  EXPECT_NE(said.find(zh.substr(0, zh.find(file))), std::string::npos) << said;
  EXPECT_NE(said.find(file), std::string::npos) << "it says which file: " << said;
}

TEST(Console, LeftAloneItReturnsToWelcomeSignedOutAndTheQuarantineIsFlagged) {
  KioskHarness h;
  {
    Sql sql(h.store.db().path());
    sql.exec("INSERT INTO quarantine(uuid, payload, status, reason, at) VALUES('u', '{}', 'conflict', 'x', 'now')");
  }
  hold_staff_corner(h);
  sign_in(h, "S01", "9999");
  EXPECT_TRUE(h.has("staff.quarantine")) << "HQ's refusals are shown to staff";
  h.wait(h.kiosk->settings.inactivity_reset_s + 1);
  EXPECT_EQ(h.step(), Step::welcome);
  EXPECT_FALSE(h.kiosk->console.has_value()) << "nobody stays signed in, and nothing of the console stays";
}

// Counts the SQL statements run on the store's connection while it lives.
struct StatementCount {
  explicit StatementCount(Store& store) : db(store.db().handle()) {
    sqlite3_trace_v2(db, SQLITE_TRACE_STMT, &count_one, &n);
  }
  ~StatementCount() { sqlite3_trace_v2(db, 0, nullptr, nullptr); }
  StatementCount(const StatementCount&) = delete;
  StatementCount& operator=(const StatementCount&) = delete;
  static int count_one(unsigned, void* n, void*, void*) {
    ++*static_cast<long*>(n);
    return 0;
  }
  sqlite3* db;
  long n = 0;
};

// Two seconds of frames on the open console screen, nobody touching: it must ask the desk for
// nothing and run no SQL; what it shows was read as it opened.
void expect_reads_nothing_while_open(KioskHarness& h, const std::string& screen) {
  const StatementCount sql(h.store);
  const std::uint64_t reads = h.staff->reads();
  const int loads = h.kiosk->console->loads;
  for (int i = 0; i < 120; ++i) h.frame();
  EXPECT_EQ(h.staff->reads() - reads, 0u) << screen << " asked the desk again in a frame";
  EXPECT_EQ(sql.n, 0) << screen << " ran SQL in a frame";
  EXPECT_EQ(h.kiosk->console->loads, loads) << screen;
}

TEST(Console, EachScreenReadsWhatItShowsOnceAsItOpensNeverInEveryFrame) {
  KioskHarness h;
  arrive(h, "v1", "13800000001");  // A001 to M01
  arrive(h, "v2", "13800000002");  // A002 to M02
  arrive(h, "v3", "13800000003");  // A003 to M03
  Event claim;
  claim.type = EventType::claim, claim.id = "v3", claim.m = "M01";
  ASSERT_FALSE(h.staff->act(claim, "M01"));  // a claim for the supervisor to decide

  hold_staff_corner(h);
  sign_in(h, "M01", "1111");
  ASSERT_EQ(h.screen(), StaffScreen::home);
  EXPECT_EQ(h.kiosk->console->loads, 1) << "the home read its alerts and the manager once as it opened";
  expect_reads_nothing_while_open(h, "the manager's home");
  h.tap("staff.claim");
  ASSERT_EQ(h.screen(), StaffScreen::claims);
  EXPECT_EQ(h.kiosk->console->loads, 1);
  EXPECT_TRUE(h.has("staff.claim.A002")) << "what it read is drawn";
  expect_reads_nothing_while_open(h, "the claim screen");
  h.tap("back");
  EXPECT_EQ(h.kiosk->console->loads, 1) << "the home reads again as it opens again";
  h.tap("start_over");

  hold_staff_corner(h);
  sign_in(h, "S01", "9999");
  expect_reads_nothing_while_open(h, "the supervisor's home");
  for (const char* open : {"staff.reassign", "staff.void", "staff.claims", "staff.roster", "staff.audit"}) {
    const std::uint64_t reads = h.staff->reads();
    h.tap(open);
    EXPECT_EQ(h.kiosk->console->loads, 1) << open << " reads what it shows once as it opens";
    EXPECT_GT(h.staff->reads(), reads) << open << " showed something it never read";
    expect_reads_nothing_while_open(h, open);
    h.tap("back");
    ASSERT_EQ(h.screen(), StaffScreen::home);
  }
}

// The quarantine count and the notices' state are queries: the home reads them as it opens and
// after an action, so a change made meanwhile shows when the home is next opened.
TEST(Console, TheHomeReadsTheQuarantineCountAsItOpensAndAfterAnAction) {
  KioskHarness h;
  hold_staff_corner(h);
  sign_in(h, "M01", "1111");
  EXPECT_FALSE(h.has("staff.quarantine")) << "nothing refused yet";
  Sql(h.store.db().path())
      .exec("INSERT INTO quarantine(uuid, payload, status, reason, at) VALUES('u', '{}', 'conflict', 'x', 'now')");
  expect_reads_nothing_while_open(h, "the home");
  EXPECT_FALSE(h.has("staff.quarantine")) << "read as the home opened, not in every frame";
  h.tap("staff.absent.rest");  // an action: the home reads again
  h.tap("staff.ask.yes");
  EXPECT_EQ(h.kiosk->console->loads, 2);
  EXPECT_TRUE(h.has("staff.quarantine")) << "HQ's refusal shows after the action";
  h.tap("staff.back");
  EXPECT_EQ(h.kiosk->console->loads, 3);
}

TEST(Console, AnActionOrTheLanguageToggleReadsTheListAgainOnce) {
  KioskHarness h;
  arrive(h, "v1");
  arrive(h, "v2");
  hold_staff_corner(h);
  sign_in(h, "S01", "9999");
  h.tap("staff.void");
  ASSERT_EQ(h.kiosk->console->loads, 1);
  h.tap("staff.void.visit.A001");  // choosing changes nothing in the records
  EXPECT_EQ(h.kiosk->console->loads, 1);
  h.tap("staff.void.why.duplicate");
  h.tap("staff.ask.yes");
  EXPECT_FALSE(h.kiosk->console->trouble) << h.kiosk->console->message;
  EXPECT_EQ(h.kiosk->console->loads, 2) << "the void changed the list: read again, once";
  EXPECT_FALSE(h.has("staff.void.visit.A001")) << "the voided check-in left the list";
  EXPECT_TRUE(h.has("staff.void.visit.A002"));
  h.tap("staff.void.why.test");  // no check-in chosen: nothing done, nothing to read again
  EXPECT_EQ(h.kiosk->console->loads, 2);
  h.tap("language");
  EXPECT_EQ(h.kiosk->console->loads, 3) << "the other language reads again";
  expect_reads_nothing_while_open(h, "the void screen in English");
}

// The managers' notices (issue 14): a robot that refused the key shows on the console's home
// and in the board's footer, in the screen's language, and goes once sending works again.
TEST(Console, TheHomeAndTheBoardSayWhenTheManagersNoticesAreFailing) {
  KioskHarness h;
  hold_staff_corner(h);
  sign_in(h, "M01", "1111");
  ASSERT_EQ(h.screen(), StaffScreen::home);
  EXPECT_FALSE(h.has("notify.failing")) << "nothing while notices work";

  NotifyState failing;
  failing.channel = "wecom";
  failing.failures = 1;
  failing.failing_since_ms = 1764671520000;
  failing.failing_since = "10:32";
  failing.cause = "key";
  failing.stopped = "0123456789abcdef";
  h.store.set_notify_state(failing);
  h.tap("staff.claim");  // the home reads the notices' state as it opens, not in every frame
  h.tap("back");
  EXPECT_TRUE(h.has("notify.failing")) << "the console's home shows the failure";
  EXPECT_EQ(ui::notify_status_text(failing, h.text.en),
            "WeCom notices failing since 10:32: the robot key is wrong. Sending has stopped: correct [notify] in "
            "kiosk.toml, then restart the kiosk.");
  EXPECT_EQ(ui::notify_status_text(failing, h.text.zh).rfind("企业微信通知自10:32起发送失败：机器人key不正确。", 0), 0u);

  NotifyState once = failing;  // one passing failure (a timeout) is not worth a person's attention
  once.stopped.clear(), once.cause = "network";
  EXPECT_EQ(ui::notify_status_text(once, h.text.en), "");
  once.failures = 3;
  EXPECT_NE(ui::notify_status_text(once, h.text.en).find("cannot be reached"), std::string::npos);

  // The lobby board reads the same state and draws it in its footer.
  const ui::Board board = ui::read_board(h.reception->engine(), h.store, "2026-11-24");
  EXPECT_EQ(board.notify.failing_since, "10:32");
  h.host->begin_frame({}, h.width, h.height, 0);
  ui::lobby_board_screen(board, h.theme, h.text.zh);
  h.host->end_frame();
  EXPECT_TRUE(h.has("notify.failing")) << "the board's footer shows it";

  h.store.set_notify_state({});  // sending works again
  h.tap("staff.clock_out");
  h.tap("staff.ask.yes");
  EXPECT_FALSE(h.has("notify.failing"));
}

// A revoked HQ token (401 for ever) shows on the console's home in words, with since when and
// when HQ last took something, read from what the sync worker recorded as the home opens.
TEST(Console, TheHomeSaysWhenSendingToHqFailsWhySinceWhenAndTheLastDelivery) {
  KioskHarness h;
  hold_staff_corner(h);
  sign_in(h, "S01", "9999");
  EXPECT_FALSE(h.has("sync.failing"));
  SyncState st;
  st.failures = 7, st.last_error = "HQ answered HTTP 401: unauthorized", st.cause = "token";
  st.failing_since = "2026-11-24T10:32:00", st.last_success = "2026-11-23T17:58:00";
  h.store.set_sync_state(st);
  h.tap("staff.roster");  // read as the home opens
  h.tap("back");
  EXPECT_TRUE(h.has("sync.failing"));
  const std::string zh = ui::sync_words(*h.kiosk->console);
  EXPECT_EQ(zh.rfind("自10:32起向总部发送失败：总部拒绝了本机的令牌", 0), 0u) << zh;
  EXPECT_NE(zh.find("最近送达：2026-11-23 17:58。"), std::string::npos) << zh;
  h.tap("language");
  const std::string en = ui::sync_words(*h.kiosk->console);
  EXPECT_EQ(en.rfind("Sending to HQ has failed since 10:32: HQ refused this kiosk's token", 0), 0u) << en;
  EXPECT_NE(en.find("Last delivered: 2026-11-23 17:58."), std::string::npos) << en;
  h.store.set_sync_state({});  // it works again
  h.tap("staff.roster");
  h.tap("back");
  EXPECT_FALSE(h.has("sync.failing"));
  EXPECT_EQ(ui::sync_words(*h.kiosk->console).rfind("HQ: ", 0), 0u) << "what waits, not a failure";
}

// The board builds its font from the strings it uses: the notices' status line is one of them.
TEST(Console, TheBoardsFontHasEveryCharacterOfTheNoticesStatusLine) {
  KioskHarness h;
  ui::Theme theme;
  theme.mm = h.theme.mm;
  ui::Offscreen canvas(320, 240);
  ui::ImguiHost host(canvas.renderer, theme, h.face, ui::board_glyphs(h.text.zh, h.text, h.store.managers()));
  for (const char* channel : {"wecom", "dingtalk", "feishu", "webhook"})
    for (const char* cause : {"key", "signature", "rate", "http", "network", "reply"}) {
      NotifyState s{channel, 2, 0, 1, "10:32", cause, "", "0123456789abcdef", ""};
      const std::string line = ui::notify_status_text(s, h.text.zh);
      EXPECT_TRUE(ui::missing_glyphs(*theme.fonts.body, line).empty()) << line;
    }
}

}  // namespace
}  // namespace lobby::uitest
