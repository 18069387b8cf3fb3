// Readers who are not kiosks, on both backends: a person (password, lockout) and a machine key
// read a branch's dispatch log through the API, the same bytes as `kiosk-hq dispatch --csv`;
// kiosk tokens only send and reader keys only read; every refusal is logged and counted.
#include "hq_metrics.h"
#include "hq_support.h"

#include <httplib.h>

namespace lobby::itest {
namespace {

struct HqRead : OnBothBackends {};

// HQ serving one branch that has synced a simulated morning; returns a day with decisions.
std::string synced_branch(Hq& hq, const TempDir& dir) {
  const std::string kiosk = dir.file("kiosk.db");
  fill_kiosk(kiosk, 300);
  hq.serve();
  const Ran sync = run({KIOSK_BIN, "sync", "--db", kiosk, "--hq", hq.server.url(), "--token", hq.token, "--drain",
                        "--deadline", "60"});
  EXPECT_EQ(sync.status, 0) << sync.out << sync.err;
  Sql sql(kiosk);
  const auto days = sql.rows("SELECT DISTINCT day FROM decisions ORDER BY day");
  return days.empty() ? "" : days.front()[0];
}

std::string add_key(const Hq& hq, const std::string& name, const std::string& role) {
  const Ran r = run({HQ_BIN, "apikey", "add", "--db", hq.db, "--name", name, "--role", role});
  EXPECT_EQ(r.status, 0) << r.err;
  return r.lines().empty() ? "" : r.lines().back();
}

TEST_P(HqRead, AnApiKeyReadsTheDispatchCsvThatKioskHqDispatchPrints) {
  TempDir dir;
  Hq hq(backend(), dir);
  const std::string day = synced_branch(hq, dir);
  ASSERT_FALSE(day.empty());
  const std::string key = add_key(hq, "crm", "viewer");
  ASSERT_EQ(key.rfind("hqk_", 0), 0u) << key;

  const Ran cli = run({HQ_BIN, "dispatch", "--db", hq.db, "--branch", "branch-01", "--day", day, "--csv"});
  ASSERT_EQ(cli.status, 0) << cli.err;
  ASSERT_GT(cli.lines().size(), 2u) << cli.out;  // a header and managers who received customers
  httplib::Client c(hq.server.url());
  c.set_bearer_token_auth(key);
  const auto csv = c.Get("/v1/branches/branch-01/dispatch?day=" + day + "&format=csv");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200) << csv->body;
  EXPECT_EQ(csv->body, cli.out);
  EXPECT_EQ(csv->get_header_value("Content-Type").rfind("text/csv", 0), 0u);

  // Without format=csv: JSON rows, one per CSV line, named by the CSV's columns.
  const auto json = c.Get("/v1/branches/branch-01/dispatch?day=" + day);
  ASSERT_TRUE(json);
  ASSERT_EQ(json->status, 200) << json->body;
  const nlohmann::json body = nlohmann::json::parse(json->body);
  ASSERT_EQ(body["rows"].size(), cli.lines().size() - 1);
  const nlohmann::json& first = body["rows"][0];
  EXPECT_EQ(cli.lines()[1].rfind(first["manager"].get<std::string>() + ",", 0), 0u) << cli.lines()[1];
  EXPECT_TRUE(first.contains("receptions") && first.contains("reassigned_out")) << first.dump();
  EXPECT_EQ(hq_metric(hq.server.url(), "hq_reads_total"), 2);

  // Mistakes are 4xx, logged and counted; a key that is not one is 401.
  EXPECT_EQ(c.Get("/v1/branches/branch-01/dispatch?day=yesterday")->status, 400);
  EXPECT_EQ(c.Get("/v1/branches/branch-09/dispatch?day=" + day)->status, 404);
  httplib::Client wrong(hq.server.url());
  wrong.set_bearer_token_auth("hqk_" + std::string(64, '0'));
  EXPECT_EQ(wrong.Get("/v1/branches/branch-01/dispatch?day=" + day)->status, 401);
  EXPECT_EQ(hq_metric(hq.server.url(), "hq_requests_refused_total"), 3);
}

// The branches, each with how far HQ has replayed its day and how fresh it is: every event the
// kiosk recorded has been replayed, nothing waits behind a gap, and it was heard from just now.
TEST_P(HqRead, TheBranchesListSaysHowFarEachBranchIsReplayedAndHowFreshItIs) {
  TempDir dir;
  Hq hq(backend(), dir);
  ASSERT_FALSE(synced_branch(hq, dir).empty());
  const std::string key = add_key(hq, "ops", "viewer");
  httplib::Client c(hq.server.url());
  c.set_bearer_token_auth(key);
  const auto r = c.Get("/v1/branches");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const nlohmann::json body = nlohmann::json::parse(r->body);
  ASSERT_EQ(body["branches"].size(), 1u) << r->body;
  const nlohmann::json& b = body["branches"][0];
  EXPECT_EQ(b["branch"], "branch-01");
  Sql kiosk(dir.file("kiosk.db"));
  const std::int64_t events = kiosk.number("SELECT max(seq) FROM events");
  EXPECT_GT(events, 100);
  EXPECT_EQ(b["events_replayed"].get<std::int64_t>(), events);
  EXPECT_EQ(b["highest_event_seq"].get<std::int64_t>(), events);
  EXPECT_EQ(b["items_waiting_behind_gap"].get<std::int64_t>(), 0);
  EXPECT_EQ(b["replay_blocked"], "");
  EXPECT_EQ(b["last_event"].get<std::string>().substr(0, 16), kiosk.text("SELECT max(t) FROM events").substr(0, 16));
  const auto ago = b["seconds_since_received"].get<long long>();
  EXPECT_TRUE(ago >= 0 && ago < 120) << ago;
  httplib::Client anonymous(hq.server.url());
  EXPECT_EQ(anonymous.Get("/v1/branches")->status, 401);
}

TEST_P(HqRead, KioskTokensOnlySendAndReaderKeysOnlyRead) {
  TempDir dir;
  Hq hq(backend(), dir);
  const std::string day = synced_branch(hq, dir);
  const std::string key = add_key(hq, "bi", "supervisor");
  const std::string path = "/v1/branches/branch-01/dispatch?day=" + day + "&format=csv";

  httplib::Client kiosk(hq.server.url());
  kiosk.set_bearer_token_auth(hq.token);
  EXPECT_EQ(kiosk.Get(path)->status, 403);
  httplib::Client reader(hq.server.url());
  reader.set_bearer_token_auth(key);
  const auto sent = reader.Post("/v1/checkins", R"({"items":[]})", "application/json");
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->status, 403) << sent->body;
  httplib::Client nobody(hq.server.url());
  EXPECT_EQ(nobody.Get(path)->status, 401);
  EXPECT_EQ(reader.Post(path, "", "application/json")->status, 405);

  EXPECT_EQ(hq_metric(hq.server.url(), "hq_requests_refused_total"), 4);
  const std::string log = hq.log();
  EXPECT_NE(log.find("status=403 from=127.0.0.1 why=\"a kiosk's token can only send check-ins\""), std::string::npos)
      << log;
  EXPECT_NE(log.find("status=403 from=127.0.0.1 why=\"an API key only reads"), std::string::npos) << log;
  EXPECT_NE(log.find("status=401 from=127.0.0.1 why=\"missing credentials"), std::string::npos) << log;
}

TEST_P(HqRead, FiveWrongPasswordsLockAPersonOutEvenWithTheRightOne) {
  TempDir dir;
  Hq hq(backend(), dir);
  const std::string day = synced_branch(hq, dir);
  const std::string password = "correct horse battery";
  Ran added = run({HQ_BIN, "user", "add", "--db", hq.db, "--name", "ann", "--role", "viewer"}, password + "\n");
  ASSERT_EQ(added.status, 0) << added.err;
  added = run({HQ_BIN, "user", "add", "--db", hq.db, "--name", "ann", "--role", "viewer"}, password + "\n");
  EXPECT_EQ(added.status, 2);  // the name is taken
  EXPECT_EQ(run({HQ_BIN, "user", "add", "--db", hq.db, "--name", "bob", "--role", "viewer"}, "short\n").status, 2);
  EXPECT_EQ(run({HQ_BIN, "user", "add", "--db", hq.db, "--name", "bob", "--role", "boss"}, password + "\n").status, 2);

  const std::string path = "/v1/branches/branch-01/dispatch?day=" + day + "&format=csv";
  auto as = [&](const std::string& pw) {
    httplib::Client c(hq.server.url());
    c.set_basic_auth("ann", pw);
    const auto r = c.Get(path);
    return r ? r->status : -1;
  };
  // Four failures and then the right password: in, and the count starts again.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(as("guess" + std::to_string(i)), 401);
  EXPECT_EQ(as(password), 200);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(as("guess" + std::to_string(i)), 401);
  EXPECT_EQ(as(password), 200);
  // Five in a row: locked, the right password too.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(as("guess" + std::to_string(i)), 401);
  EXPECT_EQ(as(password), 401);
  EXPECT_NE(hq.log().find("ann is locked until"), std::string::npos) << hq.log();
  EXPECT_EQ(hq_metric(hq.server.url(), "hq_requests_refused_total"), 14);
}

INSTANTIATE_TEST_SUITE_P(Backends, HqRead, kBackends, backend_param_name);

}  // namespace
}  // namespace lobby::itest
