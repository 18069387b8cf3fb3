// The real `kiosk` program: the replay contract of POLICY.md line by line, standard input,
// continuing from a database, preparing the roster, the dispatch log report, and every kind
// of bad input ending with a non-zero status and a message that says what to do.
#include "kiosk/core/simulate.h"
#include "kiosk/store/store.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace lobby::itest {
namespace {

using nlohmann::json;
using Skips = std::vector<std::pair<std::string, std::string>>;

std::vector<json> parsed(const Ran& r) {
  std::vector<json> out;
  for (const std::string& line : r.lines()) {
    json j = json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << line;
    out.push_back(std::move(j));
  }
  return out;
}

// Checks the contract fields of one assignment line.
void expect_assignment(const json& j, const std::string& id, const std::string& kind, const std::string& owner,
                       const std::string& server, bool turn_used, const Skips& skipped = {}) {
  SCOPED_TRACE(j.dump());
  EXPECT_EQ(j.value("id", ""), id);
  EXPECT_EQ(j.value("kind", ""), kind);
  EXPECT_EQ(j.value("owner", ""), owner);
  EXPECT_EQ(j.value("server", ""), server);
  EXPECT_EQ(j.value("turn_used", !turn_used), turn_used);
  json want = json::array();
  for (const auto& [m, why] : skipped) want.push_back({{"m", m}, {"why", why}});
  EXPECT_EQ(j.value("skipped", json()), want);
}

void expect_queued(const json& j, const std::string& id) { EXPECT_EQ(j, (json{{"id", id}, {"queued", true}})); }

// A refused line: its code, and a sentence in English that names what was wrong.
void expect_error(const json& j, long line, const std::string& code, const std::string& names) {
  SCOPED_TRACE(j.dump());
  ASSERT_TRUE(j.contains("error") && j["error"].is_string());
  EXPECT_EQ(j.value("code", ""), code);
  EXPECT_NE(j["error"].get<std::string>().find(names), std::string::npos);
  EXPECT_EQ(j.value("line", -1L), line);
  EXPECT_EQ(j.size(), 3u);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Four managers; B on break, C on company business. Lines 11-13 are refused.
const char* const kContractStream[] = {
    R"({"ev":"roster","t":"2026-11-24T09:00:00","order":["A","B","C","D"]})",
    R"({"ev":"clock_in","t":"2026-11-24T09:00:00","m":"A"})",
    R"({"ev":"clock_in","t":"2026-11-24T09:00:00","m":"B"})",
    R"({"ev":"clock_in","t":"2026-11-24T09:00:00","m":"C"})",
    R"({"ev":"clock_in","t":"2026-11-24T09:00:00","m":"D"})",
    R"({"ev":"status","t":"2026-11-24T09:01:00","m":"B","status":"break"})",
    R"({"ev":"status","t":"2026-11-24T09:01:00","m":"C","status":"task"})",
    R"({"ev":"arrive","t":"2026-11-24T09:05:00","id":"c1"})",                       // A
    R"({"ev":"arrive","t":"2026-11-24T09:06:00","id":"c2","surname":"张"})",        // skips B, C; D
    R"({"ev":"arrive","t":"2026-11-24T09:07:00","id":"c3"})",                       // nobody free
    R"({"ev":"clock_in","t":"2026-11-24T09:08:00","m":"Z"})",                       // unknown manager
    R"({"ev":"arrive","t":"2026-11-24T09:09:00","id":)",                            // not JSON
    R"({"ev":"finish","t":"2026-11-24T09:10:00","id":"c99"})",                      // unknown visit
    R"({"ev":"finish","t":"2026-11-24T09:20:00","id":"c1"})",                       // A free: takes c3
    R"({"ev":"status","t":"2026-11-24T09:21:00","m":"C","status":"available"})",
    R"({"ev":"arrive","t":"2026-11-24T09:22:00","id":"c4"})",                       // C's make-up turn
};

std::string stream_text(bool with_bad_lines) {
  std::string s;
  for (int i = 0; i < static_cast<int>(std::size(kContractStream)); ++i)
    if (with_bad_lines || i < 10 || i > 12) s += std::string(kContractStream[i]) + "\n";
  return s;
}

// The assignments of the contract stream, the same with and without the refused lines.
void expect_contract_assignments(const std::vector<json>& got) {
  ASSERT_EQ(got.size(), 5u);
  expect_assignment(got[0], "c1", "rotation", "A", "A", true);
  expect_assignment(got[1], "c2", "rotation", "D", "D", true, {{"B", "break"}, {"C", "task"}});
  expect_queued(got[2], "c3");
  expect_assignment(got[3], "c3", "rotation", "A", "A", true);
  expect_assignment(got[4], "c4", "makeup", "C", "C", true);
}

// --- The replay contract -------------------------------------------------------------------

TEST(Cli, ReplayPrintsAssignmentsInOrderAndAnErrorLinePerRefusedEvent) {
  TempDir dir;
  write_file(dir.file("events.jsonl"), stream_text(true));
  const Ran r = kiosk({"replay", dir.file("events.jsonl")});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "");
  const std::vector<json> lines = parsed(r);
  ASSERT_EQ(lines.size(), 8u) << r.out;
  expect_error(lines[3], 11, "unknown-manager", "no manager Z");
  expect_error(lines[4], 12, "malformed-event", "not valid JSON");
  expect_error(lines[5], 13, "unknown-visit", "no visit c99");
  // Replay went on after them.
  expect_contract_assignments({lines[0], lines[1], lines[2], lines[6], lines[7]});
}

TEST(Cli, ReplayOfACleanStreamExitsZero) {
  TempDir dir;
  write_file(dir.file("events.jsonl"), stream_text(false));
  const Ran r = kiosk({"replay", dir.file("events.jsonl")});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  expect_contract_assignments(parsed(r));
}

TEST(Cli, ReplayReadsStandardInputWhenNoFileIsGiven) {
  TempDir dir;
  write_file(dir.file("events.jsonl"), stream_text(true));
  const Ran from_file = kiosk({"replay", dir.file("events.jsonl")});
  const Ran from_stdin = kiosk({"replay"}, stream_text(true));
  const Ran from_dash = kiosk({"replay", "-"}, stream_text(true));
  EXPECT_EQ(from_stdin.status, 1);
  EXPECT_EQ(from_dash.status, 1);
  EXPECT_EQ(from_stdin.lines().size(), 8u);
  EXPECT_EQ(parsed(from_stdin), parsed(from_file));
  EXPECT_EQ(parsed(from_dash), parsed(from_file));
}

// --- Continuing from a database ------------------------------------------------------------

TEST(Cli, ReplayWithADatabaseContinuesWhereTheLastRunStopped) {
  TempDir dir;
  SimulationSpec spec;
  spec.seed = 77;
  spec.events = 1200;
  spec.mistakes = true;
  const std::vector<Event> stream = simulate_lobby(spec);
  const std::size_t half = stream.size() / 2;
  write_file(dir.file("all.jsonl"), to_jsonl(stream));
  write_file(dir.file("first.jsonl"), to_jsonl({stream.begin(), stream.begin() + static_cast<long>(half)}));
  write_file(dir.file("second.jsonl"), to_jsonl({stream.begin() + static_cast<long>(half), stream.end()}));

  const Ran whole = kiosk({"replay", dir.file("all.jsonl")});
  const Ran first = kiosk({"replay", "--db", dir.file("kiosk.db"), dir.file("first.jsonl")});
  const Ran second = kiosk({"replay", "--db", dir.file("kiosk.db"), dir.file("second.jsonl")});
  EXPECT_EQ(first.err, "");
  EXPECT_EQ(second.err, "");
  std::vector<json> joined = parsed(first);
  for (json j : parsed(second)) {
    if (j.contains("error")) j["line"] = j["line"].get<long>() + static_cast<long>(half);  // numbered per run
    joined.push_back(std::move(j));
  }
  const std::vector<json> want = parsed(whole);
  ASSERT_EQ(joined.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) ASSERT_EQ(joined[i], want[i]) << "output line " << i + 1;
  // The stream must have been a real test: refusals, waiting and assignments on both sides.
  EXPECT_EQ(whole.status, 1);
  EXPECT_EQ(std::max(first.status, second.status), 1);
  EXPECT_GT(first.lines().size(), 100u);
  EXPECT_GT(second.lines().size(), 100u);
  EXPECT_TRUE(contains(second.out, "\"queued\":true"));
  Sql sql(dir.file("kiosk.db"));
  EXPECT_EQ(sql.number("SELECT count(*) FROM decisions"),
            static_cast<long long>(std::count_if(want.begin(), want.end(), [](const json& j) { return j.contains("kind"); })));
}

// A customer who declines consent is not recognised by their number with --db (Reception
// clears the phone: kiosk/store/reception.cpp), but is in memory (replay.cpp applies the event
// as read), so the same stream gives different decisions. Disabled until the two paths agree
// (see the report).
TEST(Cli, ConsentIsTreatedTheSameWithAndWithoutADatabase) {
  TempDir dir;
  const std::string stream =
      R"({"ev":"roster","t":"2026-11-24T09:00:00","order":["A","B"]})" "\n"
      R"({"ev":"clock_in","t":"2026-11-24T09:00:00","m":"A"})" "\n"
      R"({"ev":"clock_in","t":"2026-11-24T09:00:00","m":"B"})" "\n"
      R"({"ev":"arrive","t":"2026-11-24T09:01:00","id":"c1","phone":"13800000001"})" "\n"
      R"({"ev":"finish","t":"2026-11-24T09:02:00","id":"c1"})" "\n"
      R"({"ev":"arrive","t":"2026-11-24T09:03:00","id":"c2","phone":"13800000001","consent":false})" "\n";
  const Ran memory = kiosk({"replay"}, stream);
  const Ran stored = kiosk({"replay", "--db", dir.file("kiosk.db")}, stream);
  EXPECT_EQ(memory.status, 0);
  EXPECT_EQ(stored.status, 0);
  EXPECT_EQ(parsed(stored), parsed(memory));
}

// --- Preparing the branch ------------------------------------------------------------------

TEST(Cli, RosterCommandsPrepareTheBranchForReplay) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  Ran r = kiosk({"roster", "add", "--db", db, "--id", "M01", "--name", "王丽", "--pin", "1234"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "added M01\n");
  r = kiosk({"roster", "add", "--db", db, "--id", "M02", "--name", "李强"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "no PIN yet")) << r.out;
  EXPECT_EQ(kiosk({"roster", "add", "--db", db, "--id", "M03", "--supervisor"}).status, 0);
  r = kiosk({"roster", "add", "--db", db, "--id", "M04", "--pin", "12"});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "--pin must be 4 to 8 digits")) << r.err;

  r = kiosk({"roster", "order", "--db", db, "M03", "M01", "M02"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "turn order of line main set\n");
  r = kiosk({"roster", "order", "--db", db, "M01", "X9"});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "no manager X9")) << r.err;
  EXPECT_TRUE(contains(r.err, "kiosk roster add")) << r.err;

  r = kiosk({"replay", "--db", db},
            R"({"ev":"clock_in","t":"2026-11-24T09:00:00","m":"M01"})" "\n"
            R"({"ev":"clock_in","t":"2026-11-24T09:00:00","m":"M02"})" "\n"
            R"({"ev":"clock_in","t":"2026-11-24T09:00:00","m":"M03"})" "\n"
            R"({"ev":"arrive","t":"2026-11-24T09:05:00","id":"c1"})" "\n"
            R"({"ev":"arrive","t":"2026-11-24T09:06:00","id":"c2"})" "\n");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  const std::vector<json> lines = parsed(r);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  expect_assignment(lines[0], "c1", "rotation", "M03", "M03", true);
  expect_assignment(lines[1], "c2", "rotation", "M01", "M01", true);

  r = kiosk({"roster", "list", "--db", db});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "line main: M03 M01 >M02\n")) << r.out;

  Sql sql(db);
  EXPECT_EQ(sql.rows("SELECT id, display_name, role, pin_hash IS NOT NULL FROM managers ORDER BY id"),
            (std::vector<std::vector<std::string>>{
                {"M01", "王丽", "manager", "1"}, {"M02", "李强", "manager", "0"}, {"M03", "M03", "supervisor", "0"}}));
  EXPECT_EQ(sql.number("SELECT count(*) FROM events WHERE body LIKE '%\"roster\"%'"), 1);
}

// --- The dispatch log --------------------------------------------------------------------

TEST(Cli, ReportPrintsTheDispatchLogAsATableAndAsCsv) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  ASSERT_EQ(kiosk({"replay", "--db", db, SOURCE_DIR "/assets/demo/morning.jsonl"}).status, 0);
  std::vector<DispatchRow> want;
  {
    Store store(db, Store::Mode::read_only);
    want = store.dispatch_log("2026-11-24");
  }
  ASSERT_EQ(want.size(), 6u);
  auto numbers = [](const DispatchRow& r) {
    return std::vector<int>{r.receptions(), r.rotation,  r.makeup,    r.requested,      r.returning,
                            r.referral,     r.voluntary, r.reassigned, r.forfeits, r.task_skips, r.already_served,
                            r.reassigned_in, r.reassigned_out};
  };

  const Ran table = kiosk({"report", "--db", db, "--day", "2026-11-24"});
  EXPECT_EQ(table.status, 0) << table.err;
  const auto tl = table.lines();
  ASSERT_GE(tl.size(), 2 + want.size());
  EXPECT_EQ(tl[0], "派单一览表 Dispatch log 2026-11-24");
  EXPECT_TRUE(contains(tl[1], "manager") && contains(tl[1], "total")) << tl[1];
  for (std::size_t i = 0; i < want.size(); ++i) {
    std::istringstream row(tl[2 + i]);
    std::string manager, name;
    row >> manager >> name;
    std::vector<int> got;
    for (int n; row >> n;) got.push_back(n);
    EXPECT_EQ(manager, want[i].manager);
    EXPECT_EQ(name, want[i].name);
    EXPECT_EQ(got, numbers(want[i])) << tl[2 + i];
  }

  const Ran csv = kiosk({"report", "--db", db, "--day", "2026-11-24", "--csv"});
  EXPECT_EQ(csv.status, 0) << csv.err;
  const auto cl = csv.lines();
  ASSERT_EQ(cl.size(), 1 + want.size()) << csv.out;
  EXPECT_EQ(cl[0], "manager,name,receptions,rotation,makeup,requested,returning,referral,voluntary,reassigned,forfeits,"
                   "task_skips,already_served,reassigned_in,reassigned_out");
  int receptions = 0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    std::string expected = want[i].manager + "," + want[i].name;
    for (int n : numbers(want[i])) expected.append(",").append(std::to_string(n));
    EXPECT_EQ(cl[1 + i], expected);
    receptions += want[i].receptions();
  }
  EXPECT_EQ(receptions, 12);  // the demo morning's twelve customers
}

// --- Bad input: a non-zero status and a message saying what to do ---------------------------

TEST(CliErrors, UnknownSubcommandOrMissingOption) {
  Ran r = kiosk({});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(contains(r.err, "subcommand")) << r.err;
  r = kiosk({"frobnicate"});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(contains(r.err, "subcommand") || contains(r.err, "frobnicate")) << r.err;
  r = kiosk({"report", "--db", "/tmp/none.db"});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(contains(r.err, "--day is required")) << r.err;
  r = kiosk({"replay", "--db"});
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(contains(r.err, "--db")) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(CliErrors, UnreadableEventFile) {
  TempDir dir;
  const std::string missing = dir.file("no/such/events.jsonl");
  Ran r = kiosk({"replay", missing});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "cannot read " + missing)) << r.err;
  EXPECT_TRUE(contains(r.err, "No such file")) << r.err;
  EXPECT_EQ(r.out, "");
  r = kiosk({"replay", dir.path});  // a directory opens but cannot be read
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "reading the input failed")) << r.err;
}

TEST(CliErrors, DatabaseFromANewerVersion) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  Sql(db).exec("CREATE TABLE future(x); PRAGMA user_version = " + std::to_string(kSchemaVersion + 1) +
               "; PRAGMA application_id = " + std::to_string(kKioskDatabase.application_id));
  Ran r = kiosk({"replay", "--db", db}, R"({"ev":"roster","t":"2026-11-24T09:00:00","order":["A"]})" "\n");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "newer version")) << r.err;
  EXPECT_EQ(r.out, "");
  r = kiosk({"report", "--db", db, "--day", "2026-11-24"});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "newer version")) << r.err;
  EXPECT_EQ(Sql(db).number("SELECT count(*) FROM sqlite_master"), 1);
}

TEST(CliErrors, LockedDatabaseFailsAfterTheBusyTimeout) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  ASSERT_EQ(kiosk({"replay", "--db", db}, R"({"ev":"roster","t":"2026-11-24T09:00:00","order":["A"]})" "\n").status, 0);
  Sql other(db);
  other.exec("BEGIN EXCLUSIVE");
  const Ran r = kiosk({"replay", "--db", db}, R"({"ev":"clock_in","t":"2026-11-24T09:01:00","m":"A"})" "\n");
  other.exec("ROLLBACK");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "locked by another program")) << r.err;
  EXPECT_TRUE(contains(r.err, "stopped at line 1")) << r.err;
  EXPECT_GE(r.seconds, 1.5);  // it waited out the store's 2 s busy timeout...
  EXPECT_LT(r.seconds, 10.0); // ...and then gave up
  EXPECT_EQ(other.number("SELECT count(*) FROM events"), 1);
}

TEST(CliErrors, CorruptDatabase) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  const std::string text(4096, 'z');
  write_file(db, text);
  Ran r = kiosk({"replay", "--db", db}, R"({"ev":"roster","t":"2026-11-24T09:00:00","order":["A"]})" "\n");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "not a kiosk database")) << r.err;
  EXPECT_TRUE(contains(r.err, "backup")) << r.err;
  r = kiosk({"report", "--db", db, "--day", "2026-11-24"});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "not a kiosk database")) << r.err;
  EXPECT_EQ(read_file(db), text);
}

TEST(CliErrors, ReportRejectsADayThatDoesNotExist) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  ASSERT_EQ(kiosk({"replay", "--db", db}, R"({"ev":"roster","t":"2026-11-24T09:00:00","order":["A"]})" "\n").status, 0);
  for (const char* day : {"2026-13-45", "2026-02-30", "24.11.2026"}) {
    const Ran r = kiosk({"report", "--db", db, "--day", day});
    EXPECT_EQ(r.status, 2) << day;
    EXPECT_TRUE(contains(r.err, "--day must be a date like 2026-11-24")) << r.err;
    EXPECT_EQ(r.out, "") << day;
  }
  const Ran missing = kiosk({"report", "--db", dir.file("missing.db"), "--day", "2026-11-24"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_TRUE(contains(missing.err, "cannot open database")) << missing.err;
}

}  // namespace
}  // namespace lobby::itest

namespace lobby::itest {
namespace {

TEST(CliErrors, MistakesThatLookedLikeSuccessAreRefused) {
  TempDir dir;
  // A mistyped database path is not an empty outbox.
  const Ran sync = kiosk({"sync", "--db", dir.file("typo.db"), "--hq", "http://127.0.0.1:9", "--token", "t"});
  EXPECT_EQ(sync.status, 2);
  EXPECT_NE(sync.err.find("cannot open database"), std::string::npos) << sync.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("typo.db")));
  write_file(dir.file("empty.db"), "");
  const Ran empty = kiosk({"sync", "--db", dir.file("empty.db"), "--hq", "http://127.0.0.1:9", "--token", "t"});
  EXPECT_EQ(empty.status, 2);
  EXPECT_NE(empty.err.find("no kiosk database"), std::string::npos) << empty.err;
  // Manager ids travel in every event: bytes that are not text are refused up front.
  const Ran add = kiosk({"roster", "add", "--db", dir.file("k.db"), "--id", "M\xff"});
  EXPECT_EQ(add.status, 2);
  EXPECT_NE(add.err.find("--id"), std::string::npos) << add.err;
  // Wrong arguments are status 2, like every other failure to run.
  EXPECT_EQ(kiosk({"report", "--db"}).status, 2);
  EXPECT_EQ(kiosk({"frobnicate"}).status, 2);
}

}  // namespace
}  // namespace lobby::itest
