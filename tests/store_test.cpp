// The durable store on real SQLite files: what one check-in writes, that a restart rebuilds
// exactly the engine that was running, consent, errors that leave the records untouched,
// the dispatch log and staff PINs. Every check reads the file through a second connection.
#include "kiosk/core/local_time.h"
#include "kiosk/core/simulate.h"
#include "kiosk/store/reception.h"
#include "kiosk/store/store.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <regex>

namespace lobby::itest {
namespace {

using nlohmann::json;

// Handles an event that must be accepted and stored.
Handled ok(Reception& r, const std::string& line) {
  Handled h = r.handle(event(line), "test");
  EXPECT_TRUE(h.ok()) << line << ": " << h.outcome.error << h.failure;
  return h;
}

// Roster A,B,C (or the given ids) clocked in at 09:00 on 2026-11-24.
void open_lobby(Reception& r, const std::vector<std::string>& ids = {"A", "B", "C"}) {
  ok(r, R"({"ev":"roster","t":"2026-11-24T09:00:00","order":)" + json(ids).dump() + "}");
  for (const auto& m : ids) ok(r, R"({"ev":"clock_in","t":"2026-11-24T09:00:00","m":")" + m + "\"}");
}

bool is_uuid_v4(const std::string& s) {
  static const std::regex v4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  return std::regex_match(s, v4);
}

// Field-by-field comparison of everything an engine shows.
void expect_same_state(const RotationEngine& got, const RotationEngine& want) {
  const auto gm = got.managers(), wm = want.managers();
  ASSERT_EQ(gm.size(), wm.size());
  for (std::size_t i = 0; i < gm.size(); ++i) {
    SCOPED_TRACE("manager " + wm[i].id);
    EXPECT_EQ(gm[i].id, wm[i].id);
    EXPECT_EQ(gm[i].state, wm[i].state);
    EXPECT_EQ(gm[i].policy, wm[i].policy);
    EXPECT_EQ(gm[i].serving, wm[i].serving);
  }
  const auto gl = got.lines(), wl = want.lines();
  ASSERT_EQ(gl.size(), wl.size());
  for (std::size_t i = 0; i < gl.size(); ++i) {
    SCOPED_TRACE("line " + wl[i].name);
    EXPECT_EQ(gl[i].name, wl[i].name);
    EXPECT_EQ(gl[i].order, wl[i].order);
    EXPECT_EQ(gl[i].pointer, wl[i].pointer);
    EXPECT_EQ(gl[i].credits, wl[i].credits);
    EXPECT_EQ(gl[i].debts, wl[i].debts);
  }
  const auto gw = got.waiting(), ww = want.waiting();
  ASSERT_EQ(gw.size(), ww.size());
  for (std::size_t i = 0; i < gw.size(); ++i) {
    SCOPED_TRACE("waiting " + ww[i].visit);
    EXPECT_EQ(gw[i].visit, ww[i].visit);
    EXPECT_EQ(gw[i].line, ww[i].line);
    EXPECT_EQ(gw[i].for_manager, ww[i].for_manager);
    EXPECT_EQ(gw[i].since, ww[i].since);
  }
}

RotationEngine rebuilt_from(const std::string& path) {
  Store store(path, Store::Mode::read_only);
  RotationEngine engine;
  store.replay_into(engine);
  return engine;
}

// Expects `f` to throw a StoreError of `kind`; returns its message.
template <typename F>
std::string store_error(F&& f, StoreError::Kind kind) {
  try {
    f();
  } catch (const StoreError& e) {
    EXPECT_EQ(static_cast<int>(e.kind), static_cast<int>(kind)) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no StoreError thrown";
  return {};
}

int count_commits(void* n) { return ++*static_cast<int*>(n), 0; }

// --- 1. One check-in, one transaction ------------------------------------------------------

TEST(Store, CheckInWritesEveryRecordInOneTransaction) {
  TempDir dir;
  const std::string path = dir.file("kiosk.db");
  Store store(path);
  Reception r(store);
  open_lobby(r);
  ok(r, R"({"ev":"status","t":"2026-11-24T09:01:00","m":"B","status":"break"})");

  int commits = 0;
  sqlite3_commit_hook(store.db().handle(), count_commits, &commits);
  Handled first = ok(r, R"({"ev":"arrive","t":"2026-11-24T09:05:00","id":"c1","phone":"13800000001",
                           "surname":"王","title":"先生"})");
  EXPECT_EQ(commits, 1);
  EXPECT_EQ(first.committed.ticket, "A001");
  EXPECT_TRUE(is_uuid_v4(first.committed.outbox_uuid)) << first.committed.outbox_uuid;

  Sql sql(path);
  EXPECT_EQ(sql.rows("SELECT phone, surname, title, consent, owner, first_seen, last_seen FROM customers"),
            (std::vector<std::vector<std::string>>{
                {"13800000001", "王", "先生", "1", "A", "2026-11-24T09:05:00", "2026-11-24T09:05:00"}}));
  EXPECT_EQ(sql.rows("SELECT id, day, ticket, phone, line, status, kind, owner, server FROM visits"),
            (std::vector<std::vector<std::string>>{
                {"c1", "2026-11-24", "A001", "13800000001", "main", "receiving", "rotation", "A", "A"}}));
  const auto decision = sql.rows("SELECT event_seq, visit, kind, owner, server, turn_used, explanation FROM decisions");
  ASSERT_EQ(decision.size(), 1u);
  EXPECT_EQ(decision[0][0], std::to_string(first.committed.event_seq));
  EXPECT_EQ((std::vector<std::string>(decision[0].begin() + 1, decision[0].end() - 1)),
            (std::vector<std::string>{"c1", "rotation", "A", "A", "1"}));
  const json why = json::parse(decision[0][6]);
  EXPECT_EQ(why["id"], "c1");
  EXPECT_EQ(why["kind"], "rotation");
  EXPECT_EQ(why["skipped"], json::array());
  EXPECT_EQ(why["rules"], json::array({"rotation-scan"}));
  EXPECT_EQ(sql.text("SELECT action FROM audit ORDER BY seq DESC LIMIT 1"), "arrive");
  const auto outbox = sql.rows("SELECT uuid, kind, payload FROM outbox WHERE json_extract(payload, '$.event_seq') = CAST(?1 AS INTEGER)",
                               {std::to_string(first.committed.event_seq)});
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0][0], first.committed.outbox_uuid);
  EXPECT_EQ(outbox[0][1], "checkin");
  const json payload = json::parse(outbox[0][2]);
  EXPECT_EQ(payload["uuid"], first.committed.outbox_uuid);
  EXPECT_EQ(payload["ticket"], "A001");
  EXPECT_EQ(payload["event"]["id"], "c1");
  EXPECT_EQ(payload["decisions"].size(), 1u);

  // The pointer is on B (break): the next walk-in skips B and records the skip.
  commits = 0;
  Handled second = ok(r, R"({"ev":"arrive","t":"2026-11-24T09:07:00","id":"c2","phone":"13800000002"})");
  EXPECT_EQ(commits, 1);
  EXPECT_EQ(second.committed.ticket, "A002");
  EXPECT_EQ(sql.rows("SELECT d.visit, s.m, s.why FROM skips s JOIN decisions d ON d.seq = s.decision"),
            (std::vector<std::vector<std::string>>{{"c2", "B", "break"}}));

  // The same phone again: the customer row is updated, not duplicated; they go back to A.
  ok(r, R"({"ev":"finish","t":"2026-11-24T09:30:00","id":"c1"})");
  Handled again = ok(r, R"({"ev":"arrive","t":"2026-11-24T10:00:00","id":"c3","phone":"13800000001",
                           "surname":"王","title":"女士"})");
  EXPECT_EQ(again.committed.ticket, "A003");
  EXPECT_EQ(sql.rows("SELECT title, first_seen, last_seen, owner FROM customers WHERE phone = '13800000001'"),
            (std::vector<std::vector<std::string>>{{"女士", "2026-11-24T09:05:00", "2026-11-24T10:00:00", "A"}}));
  EXPECT_EQ(sql.number("SELECT count(*) FROM customers"), 2);
  EXPECT_EQ(sql.text("SELECT kind FROM visits WHERE id = 'c3'"), "returning");
  EXPECT_EQ(sql.text("SELECT status || ' ' || finished FROM visits WHERE id = 'c1'"), "done 2026-11-24T09:30:00");

  // Tickets start again the next day.
  Handled tomorrow = ok(r, R"({"ev":"arrive","t":"2026-11-25T09:00:00","id":"c4"})");
  EXPECT_EQ(tomorrow.committed.ticket, "A001");
  EXPECT_EQ(sql.text("SELECT ticket FROM visits WHERE id = 'c4' AND day = '2026-11-25'"), "A001");

  // One audit row and one outbox row per stored event, every uuid a distinct v4 UUID.
  const long long events = sql.number("SELECT count(*) FROM events");
  EXPECT_EQ(events, 10);  // roster, 3 clock_in, status, 4 arrivals, 1 finish
  EXPECT_EQ(sql.number("SELECT count(*) FROM audit"), events);
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox"), events);
  EXPECT_EQ(sql.number("SELECT count(DISTINCT uuid) FROM outbox"), events);
  for (const auto& row : sql.rows("SELECT uuid FROM outbox")) EXPECT_TRUE(is_uuid_v4(row[0])) << row[0];
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox WHERE kind = 'checkin'"), 4);
}

// --- 2. A restart rebuilds the engine exactly ----------------------------------------------

TEST(Store, RestartRebuildsTheExactEngineState) {
  TempDir dir;
  const std::string path = dir.file("kiosk.db");
  SimulationSpec spec;
  spec.seed = 20261124;
  spec.managers = 8;
  spec.events = 3500;
  spec.mistakes = true;
  const std::vector<Event> stream = simulate_lobby(spec);
  ASSERT_EQ(stream.size(), 3500u);

  RotationEngine memory;
  int refused = 0, assigned = 0;
  // Restart at the first moment after event 2000 when someone waits or a credit is owed,
  // so the comparison has something to compare.
  auto owes_or_waits = [&] {
    const std::vector<LineView> lines = memory.lines();  // a copy: credits must outlive this line
    const auto& credits = lines[0].credits;
    return !memory.waiting().empty() || std::any_of(credits.begin(), credits.end(), [](int c) { return c > 0; });
  };
  std::size_t cut = 0;
  {
    Store store(path);
    Reception r(store);
    for (std::size_t i = 0; i < 3000 && cut == 0; ++i) {
      const Outcome want = memory.apply(stream[i]);
      const Handled h = r.handle(stream[i], "test");
      ASSERT_FALSE(h.failure) << h.failure << " at event " << i;
      ASSERT_EQ(h.outcome.error, want.error) << "event " << i;
      refused += !want.error.empty();
      assigned += static_cast<int>(want.decisions.size());
      if (i >= 2000 && owes_or_waits()) cut = i + 1;
    }
  }
  ASSERT_NE(cut, 0u) << "nobody waited and no credit was owed after event 2000";
  EXPECT_GT(refused, 0) << "the stream should hold events the rules refuse";
  EXPECT_GT(assigned, 500);

  Store store(path);
  Reception r(store);
  EXPECT_EQ(r.events_replayed(), cut - static_cast<std::size_t>(refused));
  expect_same_state(r.engine(), memory);

  for (std::size_t i = cut; i < stream.size(); ++i) {
    const Outcome want = memory.apply(stream[i]);
    const Handled h = r.handle(stream[i], "test");
    ASSERT_FALSE(h.failure) << h.failure << " at event " << i;
    EXPECT_EQ(h.outcome.decisions, want.decisions) << "event " << i;
    EXPECT_EQ(h.outcome.queued, want.queued) << "event " << i;
    EXPECT_EQ(h.outcome.error, want.error) << "event " << i;
  }
  expect_same_state(r.engine(), memory);
}

// The engine promises that a refused event changes nothing, so the running kiosk and one
// restarted from the store agree after it. A refused event dated the next day breaks this:
// RotationEngine::apply (kiosk/core/engine.cpp) calls roll_day() before validating, so the
// running engine drops its make-up credits for an event that was never stored.
// Disabled until the engine validates before rolling the day (see the report).
TEST(Store, RefusedEventLeavesTheEngineEqualToTheStore) {
  TempDir dir;
  const std::string path = dir.file("kiosk.db");
  Store store(path);
  Reception r(store);
  open_lobby(r);
  ok(r, R"({"ev":"status","t":"2026-11-24T09:01:00","m":"A","status":"task"})");
  ok(r, R"({"ev":"arrive","t":"2026-11-24T09:02:00","id":"c1"})");  // A skipped on task: a credit
  ASSERT_EQ(r.engine().lines()[0].credits, (std::vector<int>{1, 0, 0}));

  const Handled h = r.handle(event(R"({"ev":"clock_in","t":"2026-11-25T08:00:00","m":"nobody"})"), "test");
  EXPECT_EQ(h.outcome.error.code, "unknown-manager");
  expect_same_state(r.engine(), rebuilt_from(path));
}

// --- 3. Consent --------------------------------------------------------------------------

TEST(Store, WithoutConsentThePhoneIsStoredNowhere) {
  TempDir dir;
  const std::string path = dir.file("kiosk.db");
  const std::string phone = "13912345678";
  {
    Store store(path);
    Reception r(store);
    open_lobby(r);
    Handled h = ok(r, R"({"ev":"arrive","t":"2026-11-24T09:05:00","id":"c1","phone":"13912345678",
                          "surname":"李","title":"女士","consent":false})");
    EXPECT_EQ(h.committed.ticket, "A001");
    ok(r, R"({"ev":"finish","t":"2026-11-24T09:20:00","id":"c1"})");
    // Not remembered either: the same number later is a new walk-in, not A's returning customer.
    Handled later = ok(r, R"({"ev":"arrive","t":"2026-11-24T09:30:00","id":"c2","phone":"13912345678",
                              "consent":false})");
    ASSERT_EQ(later.outcome.decisions.size(), 1u);
    EXPECT_EQ(later.outcome.decisions[0].kind, Kind::rotation);
    EXPECT_EQ(later.outcome.decisions[0].server, "B");
  }
  Sql sql(path);
  EXPECT_EQ(sql.number("SELECT count(*) FROM customers"), 0);
  EXPECT_EQ(sql.number("SELECT count(*) FROM visits"), 2);
  EXPECT_EQ(sql.number("SELECT count(*) FROM visits WHERE phone IS NOT NULL"), 0);
  EXPECT_EQ(sql.number("SELECT count(*) FROM events WHERE body LIKE '%' || ?1 || '%'", {phone}), 0);
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox WHERE payload LIKE '%' || ?1 || '%'", {phone}), 0);
  EXPECT_EQ(sql.number("SELECT count(*) FROM audit WHERE detail LIKE '%' || ?1 || '%'", {phone}), 0);
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox WHERE json_extract(payload, '$.event.consent') = 0"), 2);
  // Nor in any byte the database wrote, journal included.
  for (const auto& f : std::filesystem::directory_iterator(dir.path))
    EXPECT_EQ(read_file(f.path()).find(phone), std::string::npos) << f.path();
}

// --- 4. Errors ---------------------------------------------------------------------------

// Each staff member's PIN lock is kept with its expiry and every failed attempt is audited, so
// a restart neither lifts a lock nor forgets who was guessed at.
TEST(Store, PinLocksAreKeptPerPersonAndEveryFailedAttemptIsAudited) {
  TempDir dir;
  const Time t = *parse_local_time("2026-11-24T10:00:00");
  {
    Store store(dir.file("kiosk.db"));
    PinLock lock;
    for (int i = 0; i < 4; ++i) {
      ASSERT_FALSE(lock.failed(t + i));
      store.record_pin_attempt("M01", lock, "pin_wrong", t + i);
    }
    ASSERT_TRUE(lock.failed(t + 4));
    store.record_pin_attempt("M01", lock, "pin_locked", t + 4);
    PinLock other;
    other.failed(t + 5);
    store.record_pin_attempt("M02", other, "pin_wrong", t + 5);
  }
  Store store(dir.file("kiosk.db"));  // a restart
  const auto locks = store.pin_locks();
  ASSERT_EQ(locks.size(), 2u);
  EXPECT_TRUE(locks.at("M01").locked(t + 299));
  EXPECT_FALSE(locks.at("M01").locked(t + 304));
  EXPECT_EQ(locks.at("M01").locked_until, t + 4 + PinLock::kLockSeconds);
  EXPECT_FALSE(locks.at("M02").locked(t + 5)) << "one person's wrong PINs lock nobody else";
  EXPECT_EQ(locks.at("M02").failures, 1);
  const std::vector<AuditEntry> log = store.audit_log("2026-11-24");
  ASSERT_EQ(log.size(), 6u);
  EXPECT_EQ(log[0].action, "pin_wrong");
  EXPECT_EQ(log[0].actor, "M02");
  EXPECT_EQ(log[1].action, "pin_locked");
  EXPECT_EQ(log[1].locked_until, "2026-11-24T10:05:04");
  EXPECT_EQ(log[2].pin_failures, 4);
  Sql sql(dir.file("kiosk.db"));
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox"), 0) << "sign-in attempts are the kiosk's own, not HQ's";
}

TEST(StoreErrors, DatabaseFromANewerVersionIsRefusedUntouched) {
  TempDir dir;
  const std::string path = dir.file("kiosk.db");
  {
    Sql sql(path);
    // As a newer kiosk would leave it: its own header, a schema this one does not know.
    sql.exec("CREATE TABLE future(x); INSERT INTO future VALUES (42); PRAGMA user_version = " +
             std::to_string(kSchemaVersion + 1) + "; PRAGMA application_id = " +
             std::to_string(kKioskDatabase.application_id));
  }
  const std::string msg = store_error([&] { Store s(path); }, StoreError::Kind::newer_schema);
  EXPECT_NE(msg.find("newer version"), std::string::npos) << msg;
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  Sql sql(path);
  EXPECT_EQ(sql.number("PRAGMA user_version"), kSchemaVersion + 1);
  EXPECT_EQ(sql.rows("SELECT name FROM sqlite_master"), (std::vector<std::vector<std::string>>{{"future"}}));
  EXPECT_EQ(sql.number("SELECT x FROM future"), 42);
}

TEST(StoreErrors, AFileThatIsNotADatabaseIsCorruptAndLeftAlone) {
  TempDir dir;
  const std::string path = dir.file("kiosk.db");
  std::string text;
  while (text.size() < 4096) text += "this is a shopping list, not a database\n";
  text.resize(4096);
  write_file(path, text);
  const std::string msg = store_error([&] { Store s(path); }, StoreError::Kind::corrupt);
  EXPECT_NE(msg.find("not a kiosk database"), std::string::npos) << msg;
  EXPECT_NE(msg.find("backup"), std::string::npos) << msg;
  store_error([&] { Store s(path, Store::Mode::read_only); }, StoreError::Kind::corrupt);
  EXPECT_EQ(read_file(path), text);
}

TEST(StoreErrors, ADatabaseLockedByAnotherProgramFailsWithinTheBusyTimeout) {
  TempDir dir;
  const std::string path = dir.file("kiosk.db");
  {
    Store store(path);
    Reception r(store);
    open_lobby(r);
  }
  Sql other(path);
  other.exec("BEGIN EXCLUSIVE");
  const auto start = std::chrono::steady_clock::now();
  const std::string msg = store_error(
      [&] {
        Store store(path, Store::Mode::read_write, 200);
        Outcome o;
        store.record(event(R"({"ev":"clock_out","t":"2026-11-24T09:10:00","m":"A"})"), o, "test");
      },
      StoreError::Kind::locked);
  const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_NE(msg.find("locked by another program"), std::string::npos) << msg;
  EXPECT_GE(waited, 0.15);  // it did wait for the lock...
  EXPECT_LT(waited, 1.5);   // ...but only as long as it was told to
  other.exec("ROLLBACK");
  EXPECT_EQ(other.number("SELECT count(*) FROM events"), 4);
}

TEST(StoreErrors, AFailedCommitLeavesTheEngineEqualToTheStoreAndTheNextOneSucceeds) {
  TempDir dir;
  const std::string path = dir.file("kiosk.db");
  Store store(path, Store::Mode::read_write, 100);
  Reception r(store);
  open_lobby(r);
  ok(r, R"({"ev":"arrive","t":"2026-11-24T09:05:00","id":"c1"})");  // A

  Sql other(path);
  other.exec("BEGIN EXCLUSIVE");
  const std::string c2 = R"({"ev":"arrive","t":"2026-11-24T09:06:00","id":"c2","phone":"13800000002"})";
  const Handled failed = r.handle(event(c2), "test");
  EXPECT_EQ(failed.failure.code, "store-locked") << failed.failure;
  EXPECT_FALSE(failed.ok());
  EXPECT_TRUE(failed.outcome.decisions.empty());
  EXPECT_TRUE(failed.committed.ticket.empty());
  // The running engine forgot c2: B is still free and next up.
  for (const auto& m : r.engine().managers()) {
    if (m.id == "B") {
      EXPECT_EQ(m.state, State::available);
    }
  }
  EXPECT_EQ(r.engine().lines()[0].pointer, 1u);
  other.exec("ROLLBACK");
  expect_same_state(r.engine(), rebuilt_from(path));

  const Handled retried = r.handle(event(c2), "test");
  ASSERT_TRUE(retried.ok()) << retried.failure << retried.outcome.error;
  EXPECT_EQ(retried.committed.ticket, "A002");
  ASSERT_EQ(retried.outcome.decisions.size(), 1u);
  EXPECT_EQ(retried.outcome.decisions[0].server, "B");
  Sql sql(path);
  EXPECT_EQ(sql.number("SELECT count(*) FROM visits WHERE id = 'c2'"), 1);
  EXPECT_EQ(sql.number("SELECT count(*) FROM customers"), 1);
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox"), sql.number("SELECT count(*) FROM events"));
  expect_same_state(r.engine(), rebuilt_from(path));
}

// A failed open must not leak its connection (a kiosk that retries opening would run out of
// file descriptors). It does: Db::Db (kiosk/store/db.cpp) throws from its constructor after
// sqlite3_open_v2 without sqlite3_close, so ~Db never runs and every failed open leaks the
// handle and its descriptor. Disabled until Db closes the handle before throwing (see the report).
TEST(StoreErrors, AFailedOpenLeavesNoFileOpen) {
  TempDir dir;
  const std::string path = dir.file("kiosk.db");
  write_file(path, std::string(4096, 'x'));
  auto open_files = [] {
    return std::distance(std::filesystem::directory_iterator("/proc/self/fd"), std::filesystem::directory_iterator());
  };
  const auto before = open_files();
  for (int i = 0; i < 5; ++i) store_error([&] { Store s(path); }, StoreError::Kind::corrupt);
  EXPECT_EQ(open_files(), before);
}

// --- 5. The dispatch log ---------------------------------------------------------------

TEST(Store, DispatchLogAgreesWithTheDecisionsOfTheDemoMorning) {
  TempDir dir;
  const std::string path = dir.file("kiosk.db");
  Store store(path);
  Reception r(store);
  std::map<std::string, DispatchRow> want;
  std::set<std::string> received;
  for (const std::string& line : split_lines(read_file(SOURCE_DIR "/assets/demo/morning.jsonl"))) {
    const Handled h = ok(r, line);
    for (const Decision& d : h.outcome.decisions) {
      if (d.kind != Kind::reassigned) received.insert(d.visit);
      if (d.kind == Kind::reassigned) {
        const Event e = event(line);
        if (e.type == EventType::reassign || e.type == EventType::claim_confirm) {
          ++want[d.owner].reassigned_in;
          if (!d.previous_owner.empty()) ++want[d.previous_owner].reassigned_out;
        }
        if (!d.server.empty() && !received.count(d.visit)) ++want[d.server].reassigned;
      } else {
        DispatchRow& s = want[d.server];
        ++(d.kind == Kind::rotation    ? s.rotation
           : d.kind == Kind::makeup    ? s.makeup
           : d.kind == Kind::requested ? s.requested
           : d.kind == Kind::returning ? s.returning
           : d.kind == Kind::referral  ? s.referral
                                       : s.voluntary);
      }
      for (const Skip& k : d.skipped)
        ++(k.why == SkipWhy::task             ? want[k.m].task_skips
           : k.why == SkipWhy::already_served ? want[k.m].already_served
                                              : want[k.m].forfeits);
    }
  }
  const std::vector<DispatchRow> log = store.dispatch_log("2026-11-24");
  std::vector<std::string> listed;
  DispatchRow total;
  for (const DispatchRow& got : log) {
    SCOPED_TRACE(got.manager);
    listed.push_back(got.manager);
    const DispatchRow& w = want[got.manager];
    EXPECT_EQ(got.rotation, w.rotation);
    EXPECT_EQ(got.makeup, w.makeup);
    EXPECT_EQ(got.requested, w.requested);
    EXPECT_EQ(got.returning, w.returning);
    EXPECT_EQ(got.referral, w.referral);
    EXPECT_EQ(got.voluntary, w.voluntary);
    EXPECT_EQ(got.reassigned, w.reassigned);
    EXPECT_EQ(got.forfeits, w.forfeits);
    EXPECT_EQ(got.task_skips, w.task_skips);
    EXPECT_EQ(got.already_served, w.already_served);
    EXPECT_EQ(got.reassigned_in, w.reassigned_in);
    EXPECT_EQ(got.reassigned_out, w.reassigned_out);
    total.rotation += got.rotation, total.makeup += got.makeup, total.requested += got.requested;
    total.returning += got.returning, total.referral += got.referral, total.voluntary += got.voluntary;
    total.forfeits += got.forfeits, total.task_skips += got.task_skips, total.already_served += got.already_served;
    total.reassigned_in += got.reassigned_in, total.reassigned_out += got.reassigned_out;
  }
  EXPECT_EQ(listed, (std::vector<std::string>{"M01", "M02", "M03", "M04", "M05", "M06"}));
  // The demo morning exercises every column, so a column the log forgot would show.
  for (int n : {total.rotation, total.makeup, total.requested, total.returning, total.referral, total.voluntary,
                total.forfeits, total.task_skips, total.already_served, total.reassigned_in, total.reassigned_out})
    EXPECT_GT(n, 0);
  EXPECT_TRUE(store.dispatch_log("2026-11-25").size() == 6u);
  for (const DispatchRow& other_day : store.dispatch_log("2026-11-25")) EXPECT_EQ(other_day.receptions(), 0);
}

// One reassignment is one move in and (when there was an owner) one move out, counted where
// the supervisor made it. A customer moved while waiting, or moved away from the manager who
// was receiving them, is received by the new manager as `reassigned`; the visit keeps the kind
// it first had, and the records follow who serves it.
TEST(Store, AReassignmentOfAWaitingCustomerCountsOnceAndIsReceivedAsReassigned) {
  TempDir dir;
  Store store(dir.file("kiosk.db"));
  Reception r(store);
  open_lobby(r, {"A", "B"});
  ok(r, R"({"ev":"arrive","t":"2026-11-24T09:01:00","id":"c1"})");  // A
  ok(r, R"({"ev":"arrive","t":"2026-11-24T09:02:00","id":"c2"})");  // B
  ok(r, R"({"ev":"arrive","t":"2026-11-24T09:03:00","id":"c3"})");  // waits
  ok(r, R"({"ev":"reassign","t":"2026-11-24T09:04:00","id":"c3","to":"A"})");
  ok(r, R"({"ev":"finish","t":"2026-11-24T09:05:00","id":"c1"})");  // A takes c3
  const std::vector<DispatchRow> log = store.dispatch_log("2026-11-24");
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].manager, "A");
  EXPECT_EQ(log[0].reassigned_in, 1);
  EXPECT_EQ(log[0].rotation, 1);
  EXPECT_EQ(log[0].reassigned, 1);
  EXPECT_EQ(log[0].receptions(), 2);  // c1, and c3 once A was free
  EXPECT_EQ(log[1].reassigned_in + log[0].reassigned_out + log[1].reassigned_out, 0);
  Sql sql(dir.file("kiosk.db"));
  EXPECT_EQ(sql.text("SELECT kind || ' ' || server || ' ' || status FROM visits WHERE id = 'c3'"),
            "reassigned A receiving");
}

TEST(Store, AReassignmentDuringAReceptionMovesTheServerAndKeepsTheOriginalKind) {
  TempDir dir;
  Store store(dir.file("kiosk.db"));
  Reception r(store);
  open_lobby(r, {"A", "B", "C"});
  ok(r, R"({"ev":"arrive","t":"2026-11-24T09:01:00","id":"c1"})");  // A, rotation
  ok(r, R"({"ev":"arrive","t":"2026-11-24T09:02:00","id":"c2"})");  // B
  ok(r, R"({"ev":"reassign","t":"2026-11-24T09:03:00","id":"c1","to":"C"})");
  Sql sql(dir.file("kiosk.db"));
  EXPECT_EQ(sql.text("SELECT kind || ' ' || owner || ' ' || server || ' ' || status FROM visits WHERE id = 'c1'"),
            "rotation C C receiving");
  // Now C is asked to hand c1 to B, who is busy: c1 waits for B, C is free again.
  ok(r, R"({"ev":"reassign","t":"2026-11-24T09:04:00","id":"c1","to":"B"})");
  EXPECT_EQ(sql.text("SELECT kind || ' ' || owner || ' ' || coalesce(server, '-') || ' ' || status FROM visits "
                     "WHERE id = 'c1'"),
            "rotation B - waiting");
  ok(r, R"({"ev":"finish","t":"2026-11-24T09:05:00","id":"c2"})");  // B takes c1
  EXPECT_EQ(sql.text("SELECT server || ' ' || status FROM visits WHERE id = 'c1'"), "B receiving");
  std::map<std::string, DispatchRow> log;
  for (const DispatchRow& row : store.dispatch_log("2026-11-24")) log[row.manager] = row;
  EXPECT_EQ(log["A"].rotation, 1);
  EXPECT_EQ(log["A"].reassigned_out, 1);
  EXPECT_EQ(log["C"].reassigned_in, 1);
  EXPECT_EQ(log["C"].reassigned_out, 1);
  EXPECT_EQ(log["B"].reassigned_in, 1);
  EXPECT_EQ(log["B"].rotation, 1);
  // c1 is one customer: A's reception; the moves are counted as moves.
  EXPECT_EQ(log["A"].receptions() + log["B"].receptions() + log["C"].receptions(), 2);
}

TEST(Store, AVoidedCheckInIsMarkedCountsForNobodyAndItsNewNumberIsForgotten) {
  TempDir dir;
  Store store(dir.file("kiosk.db"));
  Reception r(store);
  open_lobby(r, {"A", "B"});
  ok(r, R"({"ev":"arrive","t":"2026-11-24T09:01:00","id":"c1","phone":"13800000001"})");  // A
  ok(r, R"({"ev":"arrive","t":"2026-11-24T09:02:00","id":"c2","phone":"13800000002"})");  // B
  ok(r, R"({"ev":"void","t":"2026-11-24T09:03:00","id":"c1","reason":"duplicate"})");
  Sql sql(store.db().path());
  EXPECT_EQ(sql.text("SELECT voided || ' ' || void_reason || ' ' || status FROM visits WHERE id = 'c1'"),
            "2026-11-24T09:03:00 duplicate done");
  EXPECT_EQ(sql.number("SELECT count(*) FROM customers WHERE phone = '13800000001'"), 0);
  EXPECT_EQ(sql.number("SELECT count(*) FROM customers WHERE phone = '13800000002'"), 1);
  EXPECT_FALSE(store.known_customer("13800000001")) << "the kiosk must not greet a voided number";
  const std::vector<DispatchRow> log = store.dispatch_log("2026-11-24");
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].receptions(), 0) << "A's voided check-in is no reception";
  EXPECT_EQ(log[1].receptions(), 1);
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox WHERE payload LIKE '%\"ev\":\"void\"%'"), 1) << "HQ hears of it";

  // Voiding twice is refused and writes nothing; a restart rebuilds the same engine.
  const long long events = sql.number("SELECT count(*) FROM events");
  const Handled twice = r.handle(event(R"({"ev":"void","t":"2026-11-24T09:04:00","id":"c1"})"), "test");
  EXPECT_EQ(twice.outcome.error.code, "visit-already-void");
  EXPECT_EQ(sql.number("SELECT count(*) FROM events"), events);
  Reception again(store);
  expect_same_state(again.engine(), r.engine());
}

TEST(Store, TheAuditLogReadsBackEveryActionWithItsTicketAndDecisions) {
  TempDir dir;
  Store store(dir.file("kiosk.db"));
  Reception r(store);
  open_lobby(r, {"A", "B"});
  ok(r, R"({"ev":"status","t":"2026-11-24T09:00:30","m":"A","status":"task"})");
  ok(r, R"({"ev":"arrive","t":"2026-11-24T09:01:00","id":"c1"})");  // B, passing A on a task
  ok(r, R"({"ev":"status","t":"2026-11-24T09:01:30","m":"A","status":"available"})");
  ok(r, R"({"ev":"reassign","t":"2026-11-24T09:02:00","id":"c1","to":"A","reason":"language"})");
  ok(r, R"({"ev":"void","t":"2026-11-25T08:00:00","id":"c1","reason":"test"})");  // another day
  const std::vector<AuditEntry> log = store.audit_log("2026-11-24");
  ASSERT_EQ(log.size(), 7u) << "roster, two clock-ins, two changes of status, arrival, reassignment; not the next "
                               "day's void";
  EXPECT_EQ(log[0].event.type, EventType::reassign) << "newest first";
  EXPECT_EQ(log[0].event.reason, "language");
  EXPECT_EQ(log[0].ticket, "A001");
  const AuditEntry& checkin = log[2];
  EXPECT_EQ(checkin.event.type, EventType::arrive);
  EXPECT_EQ(checkin.t, "2026-11-24T09:01:00");
  EXPECT_EQ(checkin.actor, "test");
  ASSERT_EQ(checkin.decisions.size(), 1u);
  EXPECT_EQ(checkin.decisions[0].server, "B");
  EXPECT_EQ(checkin.decisions[0].skipped, (std::vector<Skip>{{"A", SkipWhy::task}}));
  EXPECT_EQ(store.audit_log("2026-11-24", 2).size(), 2u);
  EXPECT_EQ(store.audit_log("2026-11-25").size(), 1u);
}

TEST(Store, ChangedSettingsAreRecordedOnceAndARebuildDecidesByThem) {
  TempDir dir;
  Store store(dir.file("kiosk.db"));
  Reception r(store);
  open_lobby(r, {"A", "B"});
  Settings s;
  s.phone_request_uses_turn = false;
  const Time t = *parse_local_time("2026-11-24T09:00:30");
  ASSERT_TRUE(r.adopt_settings(s, t, "kiosk").ok());
  EXPECT_EQ(r.engine().settings(), s);
  Sql sql(store.db().path());
  const long long events = sql.number("SELECT count(*) FROM events");
  ASSERT_TRUE(r.adopt_settings(s, t, "kiosk").ok());
  EXPECT_EQ(sql.number("SELECT count(*) FROM events"), events) << "the same settings again record nothing";
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox WHERE payload LIKE '%\"ev\":\"settings\"%'"), 1) << "HQ hears";

  ok(r, R"({"ev":"arrive","t":"2026-11-24T09:01:00","id":"c1","request":"B","phone_enquiry":true})");
  EXPECT_EQ(r.engine().lines()[0].debts[1], 0) << "the phone enquiry used no turn, as set";

  // A kiosk restarted with the defaults, and the display, replay the records to the same state.
  Reception again(store);
  EXPECT_EQ(again.engine().settings(), s);
  expect_same_state(again.engine(), r.engine());
  RotationEngine board;
  store.replay_into(board);
  EXPECT_EQ(board.lines()[0].debts, r.engine().lines()[0].debts);
}

TEST(Store, AKioskCatchesUpWithEventsAnotherProgramRecorded) {
  TempDir dir;
  Store store(dir.file("kiosk.db"));
  Reception kiosk(store);
  open_lobby(kiosk, {"A", "B"});
  {
    Store desk_store(dir.file("kiosk.db"));  // another program on the same records
    Reception desk(desk_store);
    ok(desk, R"({"ev":"clock_out","t":"2026-11-24T09:00:10","m":"A"})");
  }
  const Handled h = ok(kiosk, R"({"ev":"arrive","t":"2026-11-24T09:01:00","id":"c1"})");
  ASSERT_EQ(h.outcome.decisions.size(), 1u);
  EXPECT_EQ(h.outcome.decisions[0].server, "B") << "A clocked out through the other program";
  Reception restarted(store);
  expect_same_state(restarted.engine(), kiosk.engine());
}

TEST(Store, AnEventDecidedBeforeAnotherProgramsCommitIsDecidedAgain) {
  TempDir dir;
  Store store(dir.file("kiosk.db"));
  Reception kiosk(store);
  open_lobby(kiosk, {"A", "B"});
  const Event walk_in = event(R"({"ev":"arrive","t":"2026-11-24T09:01:00","id":"c1"})");
  const Outcome stale_outcome = RotationEngine(kiosk.engine()).apply(walk_in);  // decided: A
  ASSERT_EQ(stale_outcome.decisions.at(0).server, "A");
  Store desk(dir.file("kiosk.db"));
  Reception desk_reception(desk);
  ok(desk_reception, R"({"ev":"clock_out","t":"2026-11-24T09:00:50","m":"A"})");

  Sql sql(store.db().path());
  const long long events = sql.number("SELECT count(*) FROM events");
  try {
    store.record(walk_in, stale_outcome, "kiosk", events - 1);  // decided before the clock-out
    ADD_FAILURE() << "a stale decision was recorded";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind, StoreError::Kind::stale) << e.what();
  }
  EXPECT_EQ(sql.number("SELECT count(*) FROM events"), events) << "nothing written";
  const Handled h = ok(kiosk, R"({"ev":"arrive","t":"2026-11-24T09:01:00","id":"c1"})");
  EXPECT_EQ(h.outcome.decisions.at(0).server, "B");
}

TEST(Store, AKioskRebuildsWhenAnotherProgramPurgedTheRecords) {
  TempDir dir;
  Store store(dir.file("kiosk.db"));
  Reception kiosk(store);
  open_lobby(kiosk, {"A", "B"});
  ok(kiosk, R"({"ev":"arrive","t":"2026-11-24T09:01:00","id":"c1","phone":"13800000001"})");
  ok(kiosk, R"({"ev":"finish","t":"2026-11-24T09:30:00","id":"c1"})");
  ASSERT_EQ(kiosk.engine().owner_of_phone("13800000001"), "A");
  {
    Store other(dir.file("kiosk.db"));  // `kiosk purge` by hand, a year later
    EXPECT_EQ(other.purge_personal_data(*parse_local_time("2027-11-30T09:00:00"), 365).customers, 1u);
  }
  kiosk.catch_up();
  EXPECT_EQ(kiosk.engine().owner_of_phone("13800000001"), "") << "the purged number is forgotten at once";
  Reception restarted(store);
  expect_same_state(restarted.engine(), kiosk.engine());
}

// --- 6. Staff PINs -----------------------------------------------------------------------

TEST(Store, PinsAreStoredSaltedAndChecked) {
  TempDir dir;
  const std::string path = dir.file("kiosk.db");
  Store store(path);
  store.add_manager({"M01", "王丽", "王", "f", "manager"}, "1234");
  store.add_manager({"M02", "李强", "李", "m", "supervisor"}, "1234");
  store.add_manager({"M03", "", "", "", "manager"}, "");

  EXPECT_TRUE(store.check_pin("M01", "1234"));
  EXPECT_FALSE(store.check_pin("M01", "4321"));
  EXPECT_FALSE(store.check_pin("M01", ""));
  EXPECT_FALSE(store.check_pin("M01", "12345"));
  EXPECT_TRUE(store.check_pin("M02", "1234"));
  EXPECT_FALSE(store.check_pin("M03", "1234"));     // no PIN yet: locked
  EXPECT_FALSE(store.check_pin("nobody", "1234"));

  Sql sql(path);
  const std::string h1 = sql.text("SELECT pin_hash FROM managers WHERE id = 'M01'");
  const std::string h2 = sql.text("SELECT pin_hash FROM managers WHERE id = 'M02'");
  EXPECT_NE(h1, "1234");
  EXPECT_EQ(h1.rfind("pbkdf2-sha256$", 0), 0u) << h1;
  EXPECT_NE(h1, h2) << "same PIN, same hash: not salted";
  EXPECT_EQ(sql.text("SELECT pin_hash FROM managers WHERE id = 'M03'"), "NULL");
  EXPECT_EQ(sql.rows("SELECT display_name, role FROM managers ORDER BY id"),
            (std::vector<std::vector<std::string>>{{"王丽", "manager"}, {"李强", "supervisor"}, {"M03", "manager"}}));

  // Updating a profile without a PIN keeps the PIN; a new PIN replaces it.
  store.add_manager({"M01", "王丽丽", "王", "f", "manager"}, "");
  EXPECT_TRUE(store.check_pin("M01", "1234"));
  store.add_manager({"M01", "王丽丽", "王", "f", "manager"}, "9876");
  EXPECT_FALSE(store.check_pin("M01", "1234"));
  EXPECT_TRUE(store.check_pin("M01", "9876"));
}

}  // namespace
}  // namespace lobby::itest
