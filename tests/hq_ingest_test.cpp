// HQ's ingest as an attacker or a careless operator would try it: one kiosk's token probing
// another kiosk's items, HQ pointed at the kiosk's database (and the reverse), and HQ started
// on a damaged file.
#include "hq_support.h"
#include "sync/protocol/checkin_batch.h"

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>

namespace lobby::itest {
namespace {

httplib::Result post_as(const Hq& hq, const std::string& token, const std::string& items) {
  httplib::Client c("127.0.0.1", hq.server.port());
  return c.Post("/v1/checkins", {{"Authorization", "Bearer " + token}}, "{\"items\":[" + items + "]}",
                "application/json");
}

ItemStatus status_of(const httplib::Result& res) {
  EXPECT_TRUE(res);
  if (!res) return ItemStatus::invalid;
  EXPECT_EQ(res->status, 200) << res->body;
  const auto results = parse_results(res->body);
  EXPECT_TRUE(results && results->size() == 1) << res->body;
  return results && results->size() == 1 ? results->front().status : ItemStatus::invalid;
}

std::string token_for(const Hq& hq, const std::string& kiosk) {
  const Ran r = run({HQ_BIN, "token", "add", "--db", hq.db, "--kiosk", kiosk});
  EXPECT_EQ(r.status, 0) << r.err;
  return r.lines().empty() ? "" : r.lines().back();
}

std::vector<std::string> tables_of(const std::string& path) {
  std::vector<std::string> names;
  for (const auto& row : Sql(path).rows("SELECT name FROM sqlite_schema ORDER BY name")) names.push_back(row[0]);
  return names;
}

// On both backends; the file-only cases (a full disk, an old file, a damaged one, the file
// header) are SQLite's, and PostgreSQL has its own below.
struct HqIngestBoth : OnBothBackends {};
INSTANTIATE_TEST_SUITE_P(Backends, HqIngestBoth, kBackends, backend_param_name);

TEST_P(HqIngestBoth, AnotherKiosksTokenLearnsNothingAboutAnItemByResendingIt) {
  TempDir dir;
  const std::string kdb = dir.file("kiosk.db");
  fill_kiosk(kdb, 2);
  const auto payloads = Sql(kdb).rows("SELECT payload FROM outbox ORDER BY seq");
  Hq hq(backend(), dir, "branch-01");
  const std::string second = token_for(hq, "branch-02"), third = token_for(hq, "branch-03");
  hq.serve();

  ASSERT_EQ(status_of(post_as(hq, hq.token, payloads[0][0])), ItemStatus::stored);
  // Another kiosk re-sending the item whole, or its uuid with a guessed content: each is new
  // to that kiosk, exactly as an item nobody sent would be. Neither confirms the guess.
  auto guessed = nlohmann::json::parse(payloads[1][0]);
  guessed["uuid"] = nlohmann::json::parse(payloads[0][0])["uuid"];
  EXPECT_EQ(status_of(post_as(hq, second, guessed.dump())), ItemStatus::stored) << "not conflict";
  EXPECT_EQ(status_of(post_as(hq, third, payloads[0][0])), ItemStatus::stored) << "not duplicate";
  // Within its own kiosk the uuid still means one item: a re-send and a changed re-send.
  EXPECT_EQ(status_of(post_as(hq, hq.token, payloads[0][0])), ItemStatus::duplicate);
  EXPECT_EQ(status_of(post_as(hq, hq.token, guessed.dump())), ItemStatus::conflict);

  std::map<std::string, int> per_kiosk;
  for (const auto& row : hq.exported()) ++per_kiosk[row["kiosk"].get<std::string>()];
  EXPECT_EQ(per_kiosk, (std::map<std::string, int>{{"branch-01", 1}, {"branch-02", 1}, {"branch-03", 1}}));
}

TEST_P(HqIngestBoth, WhatNoKioskCanProduceIsInvalidAndEveryRefusalIsLogged) {
  TempDir dir;
  const std::string kdb = dir.file("kiosk.db");
  fill_kiosk(kdb, 40);
  nlohmann::json arrival;
  for (const auto& row : Sql(kdb).rows("SELECT payload FROM outbox ORDER BY seq"))
    if (auto j = nlohmann::json::parse(row[0]); j["kind"] == "checkin" && j["event"].contains("phone")) arrival = j;
  ASSERT_FALSE(arrival.is_null()) << "the simulated morning has an arrival with a number";
  Hq hq(backend(), dir);
  hq.serve({"--max-body", "5000000"});

  struct Case { std::string what; std::function<void(nlohmann::json&)> change; const char* mentions; };
  const std::vector<Case> cases{
      {"a phone of NUL and escape characters", [](auto& j) { j["event"]["phone"] = std::string("\0\x1b[2J", 5); }, "phone"},
      {"a 3 MB phone", [](auto& j) { j["event"]["phone"] = std::string(3 << 20, '1'); }, "phone"},
      {"a phone that is not a mobile", [](auto& j) { j["event"]["phone"] = "12345"; }, "phone"},
      {"a 100 KB visit id", [](auto& j) { j["event"]["id"] = std::string(100 << 10, 'x'); }, "\"id\""},
      {"a surname with a newline", [](auto& j) { j["event"]["surname"] = "Smith\nlevel=error"; }, "surname"},
      {"event_seq 2^64-1", [](auto& j) { j["event_seq"] = std::numeric_limits<std::uint64_t>::max(); }, "event_seq"},
      {"a 1 KB ticket", [](auto& j) { j["ticket"] = std::string(1024, 'A'); }, "ticket"},
  };
  for (const Case& c : cases) {
    nlohmann::json item = arrival;
    c.change(item);
    auto res = post_as(hq, hq.token, item.dump());
    ASSERT_TRUE(res) << c.what;
    ASSERT_EQ(res->status, 200) << c.what << ": " << res->body.substr(0, 200);
    const auto results = parse_results(res->body);
    ASSERT_TRUE(results && results->size() == 1) << c.what;
    EXPECT_EQ(results->front().status, ItemStatus::invalid) << c.what;
    EXPECT_NE(results->front().reason.find(c.mentions), std::string::npos) << c.what << ": " << results->front().reason;
  }
  EXPECT_TRUE(hq.exported().empty());

  // Not JSON by its Content-Type, a wrong token, a body over the limit: refused and logged.
  httplib::Client client("127.0.0.1", hq.server.port());
  const httplib::Headers auth{{"Authorization", "Bearer " + hq.token}};
  auto as_text = client.Post("/v1/checkins", auth, "{\"items\":[" + arrival.dump() + "]}", "text/plain");
  ASSERT_TRUE(as_text);
  EXPECT_EQ(as_text->status, 415);
  EXPECT_NE(as_text->body.find("application/json"), std::string::npos) << as_text->body;
  auto unknown = client.Post("/v1/checkins", {{"Authorization", "Bearer wrong"}}, "{}", "application/json");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 401);
  auto huge = client.Post("/v1/checkins", auth, std::string(5100000, ' '), "application/json");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  EXPECT_TRUE(hq.exported().empty());
  const std::string log = hq.log();
  for (const char* status : {"status=415", "status=401", "status=413"})
    EXPECT_NE(log.find(status), std::string::npos) << status << " is not in HQ's log:\n" << log;
}

// A real full disk: a 3 MB tmpfs holding HQ's database (mounting needs root; the test says so
// and skips elsewhere).
TEST(HqIngest, AFullDiskIsA503ThatNamesNoPathIsCountedAndStoresNothingHalf) {
  TempDir dir;
  const std::string small = dir.file("small");
  std::filesystem::create_directory(small);
  if (run({"/bin/mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", small}).status != 0)
    GTEST_SKIP() << "cannot mount a small tmpfs here (needs root)";
  struct Unmount {
    std::string at;
    ~Unmount() { run({"/bin/umount", "-l", at}); }
  } unmount{small};
  const std::string kdb = dir.file("kiosk.db");
  fill_kiosk(kdb, 2000);
  const auto payloads = Sql(kdb).rows("SELECT payload FROM outbox ORDER BY seq");
  Hq hq(small + "/hq.db");
  hq.log_path = dir.file("hq.log");  // not on the full disk
  hq.serve();
  std::size_t stored = 0;
  std::optional<httplib::Response> refused;
  for (std::size_t at = 0; at + 50 <= payloads.size() && !refused; at += 50) {
    std::string items;
    for (std::size_t i = at; i < at + 50; ++i) items += (i > at ? "," : "") + payloads[i][0];
    auto res = post_as(hq, hq.token, items);
    ASSERT_TRUE(res);
    if (res->status == 503) refused = *res;
    else if (res->status == 200) stored += 50;
    else FAIL() << res->status << " " << res->body;
  }
  ASSERT_TRUE(refused) << "2000 items fitted in 3 MB: make the disk smaller";
  EXPECT_TRUE(refused->has_header("Retry-After"));
  EXPECT_NE(refused->body.find("disk is full"), std::string::npos) << refused->body;
  EXPECT_EQ(refused->body.find(small), std::string::npos) << "the answer names HQ's database: " << refused->body;
  httplib::Client c("127.0.0.1", hq.server.port());
  auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("hq_disk_full_total 1"), std::string::npos) << metrics->body;
  EXPECT_NE(hq.log().find("disk_full=true"), std::string::npos) << hq.log();
  hq.server.stop();
  ASSERT_EQ(run({"/bin/mount", "-o", "remount,size=16m", small}).status, 0) << "room to read it back";
  EXPECT_EQ(hq.exported().size(), stored) << "the refused batch was stored in part";
}

TEST(HqIngest, ADatabaseFromBeforeKioskIdentityIsUpgradedWithNothingLost) {
  TempDir dir;
  const std::string path = dir.file("hq.db");
  {
    // The schema as HQ wrote it before it kept a version: one uuid namespace for every kiosk.
    Sql old(path);
    old.exec("CREATE TABLE tokens(hash TEXT PRIMARY KEY, kiosk TEXT NOT NULL, created TEXT NOT NULL);"
             "CREATE TABLE checkins(seq INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, kiosk TEXT NOT NULL,"
             " kind TEXT NOT NULL, payload_hash TEXT NOT NULL, payload TEXT NOT NULL, received TEXT NOT NULL);"
             "CREATE INDEX checkins_by_received ON checkins(received);"
             "INSERT INTO checkins VALUES(7, 'u-1', 'branch-01', 'event', 'h', '{}', '2026-11-30T09:00:00Z');");
  }
  Hq hq(path, "branch-02");  // token add opens, and so upgrades, the file
  Sql sql(path);
  EXPECT_EQ(sql.number("PRAGMA user_version"), 7);  // and on to readers (3), sessions (4), branch tables (5), contacts (6), visit steps (7)
  EXPECT_EQ(sql.number("PRAGMA application_id"), kHqDatabase.application_id);
  EXPECT_EQ(sql.rows("SELECT seq, uuid, kiosk, received FROM checkins"),
            (std::vector<std::vector<std::string>>{{"7", "u-1", "branch-01", "2026-11-30T09:00:00Z"}}));
  sql.exec("INSERT INTO checkins(uuid, kiosk, kind, payload_hash, payload, received)"
           " VALUES('u-1', 'branch-02', 'event', 'h', '{}', 'now')");  // a second kiosk's own u-1
  EXPECT_EQ(sql.number("SELECT count(*) FROM checkins"), 2);
}

TEST(HqIngest, NeitherProgramAddsItsTablesToTheOthersDatabase) {
  TempDir dir;
  const std::string kdb = dir.file("kiosk.db");
  fill_kiosk(kdb, 3);
  const auto kiosk_tables = tables_of(kdb);
  const Ran hq_on_kiosk = run({HQ_BIN, "token", "add", "--db", kdb, "--kiosk", "branch-01"});
  EXPECT_EQ(hq_on_kiosk.status, 2);
  EXPECT_NE(hq_on_kiosk.err.find("belongs to the kiosk"), std::string::npos) << hq_on_kiosk.err;
  EXPECT_EQ(tables_of(kdb), kiosk_tables);

  Hq hq(dir.file("hq.db"));
  const auto hq_tables = tables_of(hq.db);
  write_file(dir.file("none.jsonl"), "");
  const Ran kiosk_on_hq = run({KIOSK_BIN, "replay", "--db", hq.db, dir.file("none.jsonl")});
  EXPECT_NE(kiosk_on_hq.status, 0);
  EXPECT_NE(kiosk_on_hq.err.find("belongs to HQ"), std::string::npos) << kiosk_on_hq.err;
  EXPECT_EQ(tables_of(hq.db), hq_tables);

  // A file of some third program, with no header: neither claims it.
  const std::string foreign = dir.file("crm.db");
  Sql(foreign).exec("CREATE TABLE customers(id INTEGER)");
  const Ran hq_on_foreign = run({HQ_BIN, "token", "add", "--db", foreign, "--kiosk", "branch-01"});
  EXPECT_EQ(hq_on_foreign.status, 2);
  EXPECT_NE(hq_on_foreign.err.find("another program's tables"), std::string::npos) << hq_on_foreign.err;
  EXPECT_EQ(tables_of(foreign), std::vector<std::string>{"customers"});
}

TEST(HqIngest, HqRefusesToStartOnADamagedDatabaseAndSaysSo) {
  TempDir dir;
  Hq hq(dir.file("hq.db"));
  std::int64_t page_size = 0, root = 0;
  {
    Sql sql(hq.db);
    sql.exec("BEGIN");
    for (int i = 0; i < 2000; ++i)
      sql.exec("INSERT INTO checkins(uuid, kiosk, kind, payload_hash, payload, received) VALUES('u-" +
               std::to_string(i) + "', 'branch-01', 'event', 'h', '{}', '2026-11-30T09:00:00Z')");
    sql.exec("COMMIT");
    page_size = sql.number("PRAGMA page_size");
    // The index that tells a re-send from a new item: damaged, it would store duplicates.
    root = sql.number("SELECT rootpage FROM sqlite_schema WHERE name = 'sqlite_autoindex_checkins_1'");
  }
  ASSERT_GT(root, 1);
  {
    std::fstream f(hq.db, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp((root - 1) * page_size + 8);
    const std::string junk(256, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const Ran served = run({HQ_BIN, "serve", "--db", hq.db, "--listen", "127.0.0.1:0"});
  EXPECT_EQ(served.status, 2);
  EXPECT_NE(served.err.find("backup"), std::string::npos) << served.err;
  EXPECT_EQ(served.out.find("listening"), std::string::npos) << "it must not answer kiosks from a damaged file";
}

// --- PostgreSQL only: a database servers share -------------------------------------------

struct HqPostgres : ::testing::Test {
  void SetUp() override { require_backend(Backend::postgres); }
};

std::string database_of(const std::string& uri) { return uri.substr(14, uri.find('?') - 14); }

TEST_F(HqPostgres, ADatabaseThatIsNotHqsIsRefusedAndGetsNoTables) {
  const std::string uri = postgres().fresh_database();
  const std::string name = database_of(uri);
  ASSERT_EQ(postgres().psql(name, "CREATE TABLE customers(id integer)").status, 0);
  const Ran r = run({HQ_BIN, "token", "add", "--db", uri, "--kiosk", "branch-01"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("not HQ's"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("postgresql://"), std::string::npos) << "a URI may hold a password: " << r.err;
  EXPECT_EQ(postgres().psql(name, "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'").out,
            "customers\n");
  // An empty database is HQ's only when a command that sets it up says so, not on export.
  const std::string empty = postgres().fresh_database();
  const Ran exported = run({HQ_BIN, "export", "--db", empty});
  EXPECT_EQ(exported.status, 2);
  EXPECT_NE(exported.err.find("not an HQ database yet"), std::string::npos) << exported.err;
}

TEST_F(HqPostgres, ServersStartingTogetherSetUpTheSchemaOnce) {
  // Several rounds on fresh databases: process start-up jitters, and the race needs overlap.
  for (int round = 0; round < 5; ++round) {
    const std::string uri = postgres().fresh_database();
    std::vector<std::thread> starting;
    std::vector<Ran> ran(8);
    for (std::size_t i = 0; i < ran.size(); ++i)
      starting.emplace_back([&, i] { ran[i] = run({HQ_BIN, "token", "add", "--db", uri, "--kiosk", "branch-" + std::to_string(i)}); });
    for (auto& t : starting) t.join();
    for (const Ran& r : ran) ASSERT_EQ(r.status, 0) << "round " << round << ": " << r.err;
    const std::string name = database_of(uri);
    EXPECT_EQ(postgres().psql(name, "SELECT program || ' ' || version FROM kiosk_hq_schema").out, "kiosk-hq 6\n");
    EXPECT_EQ(postgres().psql(name, "SELECT count(*) FROM tokens").out, "8\n");
  }
}

TEST_F(HqPostgres, AServerRidesOutAPostgresRestart) {
  TempDir dir;
  const std::string kdb = dir.file("kiosk.db");
  fill_kiosk(kdb, 3);
  const auto payloads = Sql(kdb).rows("SELECT payload FROM outbox ORDER BY seq");
  Hq hq(postgres().fresh_database(), "branch-01", dir.file("hq.log"));
  hq.serve();
  ASSERT_EQ(status_of(post_as(hq, hq.token, payloads[0][0])), ItemStatus::stored);
  postgres().restart();  // HQ's connection is gone; the next request finds out
  EXPECT_EQ(status_of(post_as(hq, hq.token, payloads[1][0])), ItemStatus::stored);
  EXPECT_EQ(status_of(post_as(hq, hq.token, payloads[0][0])), ItemStatus::duplicate);
  EXPECT_EQ(hq.exported().size(), 2u);
}

// The same batch sent to two servers at the same moment, again and again: each item is stored
// once, exactly one of its answers says "stored", the others "duplicate", and a changed copy is
// a conflict on either server.
TEST_F(HqPostgres, TheSameBatchToTwoServersAtOnceIsStoredOnceAndAnsweredRightly) {
  TempDir dir;
  const std::string kdb = dir.file("kiosk.db");
  fill_kiosk(kdb, 600);
  const auto payloads = Sql(kdb).rows("SELECT payload FROM outbox ORDER BY seq");
  Hq a(postgres().fresh_database(), "branch-01", dir.file("a.log"));
  Hq b(a.db, "branch-01", dir.file("b.log"));
  a.serve(), b.serve();
  std::map<std::string, int> stored_answers;
  std::mutex answers_mutex;
  std::atomic<int> wrong{0};
  for (std::size_t at = 0; at < payloads.size(); at += 40) {
    std::string items;
    for (std::size_t i = at; i < std::min(at + 40, payloads.size()); ++i) items += (i > at ? "," : "") + payloads[i][0];
    std::vector<std::thread> senders;
    for (const Hq* hq : {&a, &b, &a, &b})
      senders.emplace_back([&, hq] {
        auto res = post_as(*hq, hq->token, items);
        if (!res || res->status != 200) return void(++wrong);
        const auto results = parse_results(res->body);
        if (!results) return void(++wrong);
        for (const ItemResult& r : *results) {
          if (r.status == ItemStatus::stored) {
            std::lock_guard lock(answers_mutex);
            ++stored_answers[r.uuid];
          } else if (r.status != ItemStatus::duplicate) {
            ++wrong;
          }
        }
      });
    for (auto& t : senders) t.join();
  }
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(stored_answers.size(), payloads.size());
  for (const auto& [uuid, times] : stored_answers) EXPECT_EQ(times, 1) << uuid << " was answered stored " << times << " times";
  EXPECT_EQ(a.exported().size(), payloads.size());
  auto changed = nlohmann::json::parse(payloads[7][0]);
  changed["event_seq"] = 99999;
  EXPECT_EQ(status_of(post_as(a, a.token, changed.dump())), ItemStatus::conflict);
  EXPECT_EQ(status_of(post_as(b, b.token, changed.dump())), ItemStatus::conflict);
}

}  // namespace
}  // namespace lobby::itest
