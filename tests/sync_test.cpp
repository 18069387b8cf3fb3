// Sync to a real HQ process over real libcurl on 127.0.0.1: delivery, deduplication,
// quarantine, backoff, and HQ refusing bad input without changing anything.
#include "hq_support.h"
#include "kiosk/core/simulate.h"
#include "kiosk/store/reception.h"
#include "sync/client/pusher.h"
#include "sync/client/sync_worker.h"
#include "sync/protocol/checkin_batch.h"

#include <httplib.h>

namespace lobby::itest {
namespace {

Ran sync_once(const std::string& db, const Hq& hq, const std::string& url) {
  return run({KIOSK_BIN, "sync", "--db", db, "--hq", url, "--token", hq.token, "--once", "--timeout-ms", "2000"});
}

// On each backend, with one request at a time on one connection and with two batches in flight.
struct Delivery : ::testing::TestWithParam<std::tuple<Backend, const char*>> {
  void SetUp() override { require_backend(backend()); }
  Backend backend() const { return std::get<0>(GetParam()); }
};
INSTANTIATE_TEST_SUITE_P(InFlight, Delivery, ::testing::Combine(kBackends, ::testing::Values("1", "2")),
                         [](const auto& info) {
                           return backend_name(std::get<0>(info.param)) + "_" + std::get<1>(info.param);
                         });

struct Sync : OnBothBackends {};
INSTANTIATE_TEST_SUITE_P(Backends, Sync, kBackends, backend_param_name);
struct SyncWorkerToHq : OnBothBackends {};
INSTANTIATE_TEST_SUITE_P(Backends, SyncWorkerToHq, kBackends, backend_param_name);
struct HqProcess : OnBothBackends {};
INSTANTIATE_TEST_SUITE_P(Backends, HqProcess, kBackends, backend_param_name);

TEST_P(Delivery, EveryItemArrivesOnceWithTheSamePayload) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  const std::size_t n = fill_kiosk(db, 600);
  std::map<std::string, std::string> sent;  // uuid -> payload, before sending
  {
    Sql sql(db);
    for (auto& row : sql.rows("SELECT uuid, payload FROM outbox")) sent[row[0]] = row[1];
  }
  ASSERT_EQ(sent.size(), n);
  Hq hq(backend(), dir);
  hq.serve();
  const Ran r = run({KIOSK_BIN, "sync", "--db", db, "--hq", hq.server.url(), "--token", hq.token, "--once",
                     "--batch", "64", "--in-flight", std::get<1>(GetParam())});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("sent " + std::to_string(n)), std::string::npos) << r.out;
  Sql sql(db);
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox"), 0);
  const auto rows = hq.exported();
  ASSERT_EQ(rows.size(), n);
  std::set<std::string> uuids;
  for (const auto& row : rows) {
    const std::string uuid = row["uuid"];
    uuids.insert(uuid);
    ASSERT_TRUE(sent.count(uuid));
    EXPECT_EQ(row["payload_hash"], payload_hash(sent[uuid]));
    EXPECT_EQ(row["kiosk"], "branch-01");
  }
  EXPECT_EQ(uuids.size(), n);
}

TEST_P(Sync, AResentItemIsADuplicateAndAChangedOneIsQuarantined) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  const std::size_t n = fill_kiosk(db, 40);
  Hq hq(backend(), dir);
  hq.serve();
  Sql sql(db);
  sql.exec("CREATE TABLE saved AS SELECT * FROM outbox");
  ASSERT_EQ(sync_once(db, hq, hq.server.url()).status, 0);
  const auto before = hq.exported();
  // The same items again (as after a lost reply), one of them with changed content.
  sql.exec("INSERT INTO outbox SELECT * FROM saved");
  const std::string changed = sql.text("SELECT uuid FROM saved ORDER BY seq LIMIT 1 OFFSET 5");
  sql.exec("UPDATE outbox SET payload = replace(payload, '\"event_seq\":6', '\"event_seq\":66') WHERE uuid = '" +
           changed + "'");
  const Ran r = sync_once(db, hq, hq.server.url());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("of which " + std::to_string(n - 1) + " already at HQ"), std::string::npos) << r.out;
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox"), 0);
  EXPECT_EQ(sql.rows("SELECT uuid, status FROM quarantine"),
            (std::vector<std::vector<std::string>>{{changed, "conflict"}}));
  EXPECT_NE(r.err.find("quarantine"), std::string::npos);
  const auto after = hq.exported();
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i], before[i]);  // the original stays
}

TEST_P(Sync, HqDownFailsThePassKeepsEverythingAndBacksOff) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  const std::size_t n = fill_kiosk(db, 30);
  Hq hq(backend(), dir);
  hq.serve();
  const std::string url = hq.server.url();
  hq.server.stop();
  const Ran r = sync_once(db, hq, url);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("cannot reach HQ"), std::string::npos) << r.err;
  Sql sql(db);
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox"), static_cast<long long>(n));
  EXPECT_EQ(sql.number("SELECT failures FROM sync_state"), 1);
  EXPECT_GT(sql.number("SELECT next_attempt_ms FROM sync_state"), wall_clock_ms());
  // The backoff is remembered: a second pass within it does not even try. The first backoff is
  // only 0.5-1 s, less than a slow (sanitizer) build takes to start the next process, so the
  // test stretches the recorded one rather than race it.
  sql.exec("UPDATE sync_state SET next_attempt_ms = " + std::to_string(wall_clock_ms() + 60000));
  const Ran again = sync_once(db, hq, url);
  EXPECT_NE(again.out.find("backing off"), std::string::npos) << again.out;
  EXPECT_EQ(sql.number("SELECT failures FROM sync_state"), 1);
}

// A refused token is recorded as such, with since when, for the staff console; a delivery
// afterwards records when HQ last took something and clears the failure.
TEST_P(Sync, ARefusedTokenIsRecordedWithItsCauseAndASuccessEndsIt) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  fill_kiosk(db, 5);
  Hq hq(backend(), dir);
  hq.serve();
  const std::string url = hq.server.url();
  const Ran refused = run({KIOSK_BIN, "sync", "--db", db, "--hq", url, "--token", "revoked-token", "--once", "--timeout-ms", "2000"});
  EXPECT_EQ(refused.status, 1) << refused.out << refused.err;
  Sql sql(db);
  EXPECT_EQ(sql.text("SELECT cause FROM sync_state"), "token");
  EXPECT_EQ(sql.text("SELECT failing_since FROM sync_state").size(), 19u) << "a local time, 2026-11-24T10:32:00";
  EXPECT_EQ(sql.text("SELECT last_success FROM sync_state"), "") << "nothing was ever delivered";
  sql.exec("UPDATE sync_state SET next_attempt_ms = 0");  // the operator restarted it with a new token
  const Ran r = sync_once(db, hq, url);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(sql.text("SELECT cause || failing_since FROM sync_state"), "");
  EXPECT_EQ(sql.text("SELECT last_success FROM sync_state").size(), 19u);
}

TEST_P(Sync, DrainWaitsOutTheBackoffAndFinishesWhenHqReturns) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  const std::size_t n = fill_kiosk(db, 50);
  Hq hq(backend(), dir);
  hq.serve();
  const std::string url = hq.server.url();
  const int port = hq.server.port();
  hq.server.stop();
  ASSERT_EQ(sync_once(db, hq, url).status, 1);  // fails; next attempt in about a second
  std::thread later([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    hq.serve({}, port);
  });
  const Ran r = run({KIOSK_BIN, "sync", "--db", db, "--hq", url, "--token", hq.token, "--drain", "--deadline", "30"});
  later.join();
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(hq.exported().size(), n);
  Sql sql(db);
  EXPECT_EQ(sql.number("SELECT failures FROM sync_state"), 0);
}

TEST(SyncClient, DrainGivesUpWithNonZeroStatusWhenHqNeverAnswers) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  fill_kiosk(db, 10);
  Hq hq(dir.file("hq.db"));
  const Ran r = run({KIOSK_BIN, "sync", "--db", db, "--hq", "http://127.0.0.1:9", "--token", hq.token, "--drain",
                     "--deadline", "2"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("gave up"), std::string::npos) << r.err;
}

TEST(SyncClient, RetryAfterIsReadAsSecondsOrAnHttpDate) {
  const std::int64_t now = 1'795'000'000'000;
  EXPECT_EQ(parse_retry_after_ms("7", now), 7000);
  EXPECT_EQ(parse_retry_after_ms("", now), -1);
  EXPECT_EQ(parse_retry_after_ms("soon", now), -1);
  // `now` is Wed, 18 Nov 2026 11:06:40 GMT.
  EXPECT_EQ(parse_retry_after_ms("Wed, 18 Nov 2026 11:06:50 GMT", now), 10000);
  EXPECT_EQ(parse_retry_after_ms("Wed, 18 Nov 2026 11:00:00 GMT", now), 0);  // already past
}

// The background sender inside the kiosk: check-ins never wait for the network, and
// everything arrives once HQ is reachable.
TEST_P(SyncWorkerToHq, SendsAfterEachCheckInAndCatchesUpAfterAnOutage) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  Hq hq(backend(), dir);
  hq.serve();
  const int port = hq.server.port();
  Store store(db);
  Reception reception(store);
  PusherConfig config;
  config.hq_url = hq.server.url();
  config.token = hq.token;
  config.timeout_ms = 1000;
  config.backoff_base_ms = 50;
  config.backoff_cap_ms = 200;
  SyncWorker worker(db, config, std::chrono::seconds(60));  // only pokes and backoff wake it
  SimulationSpec spec;
  spec.events = 200;
  const auto events = simulate_lobby(spec);
  auto wait_for_hq = [&](std::size_t n) {
    for (int i = 0; i < 100 && hq.exported().size() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return hq.exported().size();
  };
  std::size_t stored = 0;
  for (std::size_t i = 0; i < 100; ++i) {
    stored += reception.handle(events[i], "test").ok();
    worker.poke();
  }
  EXPECT_EQ(wait_for_hq(stored), stored);

  hq.server.stop();
  for (std::size_t i = 100; i < events.size(); ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    stored += reception.handle(events[i], "test").ok();
    worker.poke();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(500)) << "a check-in waited";
  }
  for (int i = 0; i < 100 && worker.last_pass().error.empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_NE(worker.last_pass().error, "") << "the worker never noticed HQ was gone";
  hq.serve({}, port);
  EXPECT_EQ(wait_for_hq(stored), stored);
  Sql sql(db);
  for (int i = 0; i < 100 && sql.number("SELECT count(*) FROM outbox") != 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox"), 0);
}

// A stand-in HQ whose answers the test scripts: `answer(n)` is called for the n-th POST.
struct StubHq {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::atomic<int> posts{0};
  explicit StubHq(std::function<void(int, const httplib::Request&, httplib::Response&)> answer) {
    server.Post("/v1/checkins", [this, answer](const httplib::Request& req, httplib::Response& res) {
      answer(posts++, req, res);
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
  }
  ~StubHq() {
    server.stop();
    thread.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

// Acknowledges every item of the batch as stored.
void ack_all(const httplib::Request& req, httplib::Response& res) {
  std::vector<ItemResult> results;
  const auto batch = nlohmann::json::parse(req.body);
  for (const auto& item : batch["items"]) results.push_back({item["uuid"], ItemStatus::stored, {}});
  res.set_content(results_json(results), "application/json");
}

TEST(Backoff, RetryAfterIsHonouredButNeverBeyondTheCap) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  fill_kiosk(db, 10);
  StubHq hq([](int, const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_header("Retry-After", "999999999");
  });
  Store store(db);
  PusherConfig config;
  config.hq_url = hq.url();
  config.backoff_cap_ms = 60000;
  Pusher pusher(store, config);
  const PassReport r = pusher.pass(wall_clock_ms());
  EXPECT_NE(r.error, "");
  EXPECT_EQ(r.retry_in_ms, 60000);
  EXPECT_LE(store.sync_state().next_attempt_ms, wall_clock_ms() + 60000);
}

TEST(Backoff, ASuccessfulBatchEndsTheBackoffEvenIfTheOutboxIsNotEmpty) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  const std::size_t n = fill_kiosk(db, 60);
  // Every second request fails, so the outbox never empties within a pass.
  StubHq hq([](int i, const httplib::Request& req, httplib::Response& res) {
    if (i % 2 == 0) res.status = 500;
    else ack_all(req, res);
  });
  Store store(db);
  PusherConfig config;
  config.hq_url = hq.url();
  config.batch = 5;
  config.backoff_base_ms = 1000;
  Pusher pusher(store, config);
  std::int64_t now = wall_clock_ms();
  for (int pass = 0; pass < 6; ++pass) {
    const PassReport r = pusher.pass(now);
    EXPECT_LE(store.sync_state().failures, 1) << "pass " << pass;
    EXPECT_LE(r.retry_in_ms, 1000) << "pass " << pass;  // never grows past the first step
    now = store.sync_state().next_attempt_ms;
  }
  EXPECT_LT(store.outbox_pending(), static_cast<std::int64_t>(n));
}

// --- HQ refuses bad input, says why, and changes nothing --------------------------------

struct BadInput : OnBothBackends {
  TempDir dir;
  std::unique_ptr<Hq> hq;
  void SetUp() override {
    OnBothBackends::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    hq = std::make_unique<Hq>(backend(), dir);
    hq->serve({"--max-body", "65536", "--max-items", "50"});
  }
  httplib::Result post(const std::string& body, const std::string& token) {
    httplib::Client c("127.0.0.1", hq->server.port());
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return c.Post("/v1/checkins", h, body, "application/json");
  }
};
INSTANTIATE_TEST_SUITE_P(Backends, BadInput, kBackends, backend_param_name);

TEST_P(BadInput, EachBadBatchGetsA4xxSayingWhatWasWrong) {
  struct Case { std::string body; int status; const char* mentions; };
  const std::vector<Case> cases{
      {"{\"items\":[", 400, "not valid JSON"},
      {"[1,2,3]", 400, "object"},
      {"{\"items\":\"lots\"}", 400, "must be a list"},
      {"{\"items\":[],\"extra\":1}", 400, "unknown field"},
      {"{\"items\":[{\"uuid\":\"\xff\xfe\"}]}", 400, "UTF-8"},
      {"{\"items\":[" + std::string(70000, ' ') + "]}", 413, "larger than 65536 bytes"},
      {"{\"items\":[" + [] { std::string s; for (int i = 0; i < 51; ++i) s += i ? ",{}" : "{}"; return s; }() + "]}",
       413, "at most 50"},
  };
  for (const Case& c : cases) {
    auto res = post(c.body, hq->token);
    ASSERT_TRUE(res) << c.body.substr(0, 40);
    EXPECT_EQ(res->status, c.status) << c.body.substr(0, 40) << " -> " << res->body;
    EXPECT_NE(res->body.find(c.mentions), std::string::npos) << res->body;
  }
  auto no_token = post("{\"items\":[{}]}", "");
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 401);
  EXPECT_NE(no_token->body.find("bearer"), std::string::npos);
  auto wrong = post("{\"items\":[{}]}", "not-a-token");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_TRUE(hq->exported().empty());
  httplib::Client c("127.0.0.1", hq->server.port());
  auto health = c.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);  // still standing
}

TEST_P(BadInput, ATokenIsRotatedByAddingTheNewOneAndRevokingTheOld) {
  const Ran added = run({HQ_BIN, "token", "add", "--db", hq->db, "--kiosk", "branch-01"});
  ASSERT_EQ(added.status, 0) << added.err;
  const std::string fresh = added.lines().back();
  // An empty batch (a heartbeat) is let in and answered (200); a bad token is not let in (401).
  const std::string empty_batch = "{\"items\":[]}";
  EXPECT_EQ(post(empty_batch, hq->token)->status, 200) << "both work while the kiosk is reconfigured";
  EXPECT_EQ(post(empty_batch, fresh)->status, 200);

  const Ran listed = run({HQ_BIN, "token", "list", "--db", hq->db});
  ASSERT_EQ(listed.status, 0) << listed.err;
  ASSERT_EQ(listed.lines().size(), 3u) << listed.out;  // a header and two tokens
  const std::string new_id = added.lines()[0].substr(added.lines()[0].find(", id ") + 5, 12);
  std::string old_id;
  for (const std::string& line : listed.lines())
    if (line.find("branch-01") != std::string::npos && line.rfind(new_id, 0) != 0) old_id = line.substr(0, 12);
  ASSERT_EQ(old_id.size(), 12u) << listed.out;

  EXPECT_EQ(run({HQ_BIN, "token", "revoke", "--db", hq->db, "abc"}).status, 2) << "too short to name one token";
  EXPECT_EQ(run({HQ_BIN, "token", "revoke", "--db", hq->db, "0123456789ab"}).status, 2) << "no such token";
  const Ran revoked = run({HQ_BIN, "token", "revoke", "--db", hq->db, old_id});
  ASSERT_EQ(revoked.status, 0) << revoked.err;
  EXPECT_NE(revoked.out.find("branch-01"), std::string::npos);
  EXPECT_EQ(post(empty_batch, hq->token)->status, 401) << "the old token is refused from the next request";
  EXPECT_EQ(post(empty_batch, fresh)->status, 200);
}

TEST_P(BadInput, BadItemsAreInvalidOneByOneWhileGoodOnesAreStored) {
  TempDir kdir;
  const std::string db = kdir.file("kiosk.db");
  fill_kiosk(db, 3);
  Sql sql(db);
  const auto items = sql.rows("SELECT payload FROM outbox ORDER BY seq");
  ASSERT_EQ(items.size(), 3u);
  auto wrong_type = nlohmann::json::parse(items[1][0]);
  wrong_type["event_seq"] = "two";
  auto unknown = nlohmann::json::parse(items[2][0]);
  unknown["colour"] = "red";
  const std::string body = "{\"items\":[" + items[0][0] + "," + wrong_type.dump() + "," + unknown.dump() + "]}";
  auto res = post(body, hq->token);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto results = parse_results(res->body);
  ASSERT_TRUE(results);
  ASSERT_EQ(results->size(), 3u);
  EXPECT_EQ((*results)[0].status, ItemStatus::stored);
  EXPECT_EQ((*results)[1].status, ItemStatus::invalid);
  EXPECT_NE((*results)[1].reason.find("event_seq"), std::string::npos);
  EXPECT_EQ((*results)[2].status, ItemStatus::invalid);
  EXPECT_NE((*results)[2].reason.find("colour"), std::string::npos);
  EXPECT_EQ(hq->exported().size(), 1u);
  httplib::Client c("127.0.0.1", hq->server.port());
  auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("hq_items_received_total 3"), std::string::npos) << metrics->body;
  EXPECT_NE(metrics->body.find("hq_items_stored_total 1"), std::string::npos);
  EXPECT_NE(metrics->body.find("hq_items_invalid_total 2"), std::string::npos);
  EXPECT_NE(metrics->body.find("hq_request_duration_seconds_count"), std::string::npos);
}

TEST_P(HqProcess, WhenOverloadedItAnswers503WithRetryAfterAndStaysCorrect) {
  TempDir dir;
  TempDir kdir;
  const std::string db = kdir.file("kiosk.db");
  fill_kiosk(db, 400);
  Sql sql(db);
  const auto payloads = sql.rows("SELECT payload FROM outbox ORDER BY seq");
  Hq hq(backend(), dir);
  hq.serve({"--max-waiting", "1", "--threads", "8"});
  std::atomic<int> ok{0}, busy{0}, other{0};
  std::atomic<bool> retry_after_seen{false};
  std::vector<std::thread> kiosks;
  for (int k = 0; k < 8; ++k)
    kiosks.emplace_back([&, k] {
      httplib::Client c("127.0.0.1", hq.server.port());
      for (std::size_t at = static_cast<std::size_t>(k); at < payloads.size(); at += 8) {
        auto res = c.Post("/v1/checkins", {{"Authorization", "Bearer " + hq.token}},
                          "{\"items\":[" + payloads[at][0] + "]}", "application/json");
        if (res && res->status == 200) ++ok;
        else if (res && res->status == 503) ++busy, retry_after_seen = retry_after_seen || res->has_header("Retry-After");
        else ++other;
      }
    });
  for (auto& t : kiosks) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_GT(busy.load(), 0) << "eight kiosks never overloaded a server allowed one batch at a time";
  EXPECT_TRUE(retry_after_seen.load());
  EXPECT_EQ(hq.exported().size(), static_cast<std::size_t>(ok.load()));  // a 503 stored nothing
}

// --- HQ hears from a kiosk that has nothing to send, and learns its quarantine ----------

struct Contact : OnBothBackends {};
INSTANTIATE_TEST_SUITE_P(Backends, Contact, kBackends, backend_param_name);

// GET /v1/branches as a viewer's API key sees it, by branch.
std::map<std::string, nlohmann::json> branches_at(const Hq& hq) {
  static std::map<std::string, std::string> keys;  // by HQ database: one key each
  std::string& key = keys[hq.db];
  if (key.empty()) {
    const Ran r = run({HQ_BIN, "apikey", "add", "--db", hq.db, "--name", "ops", "--role", "viewer"});
    EXPECT_EQ(r.status, 0) << r.err;
    key = r.lines().empty() ? "" : r.lines().back();
  }
  httplib::Client c(hq.server.url());
  c.set_bearer_token_auth(key);
  const auto r = c.Get("/v1/branches");
  EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
  std::map<std::string, nlohmann::json> out;
  if (!r || r->status != 200) return out;
  const nlohmann::json body = nlohmann::json::parse(r->body);
  for (const auto& b : body["branches"]) out[b["branch"]] = b;
  return out;
}

TEST_P(Contact, AnIdleKiosksContactTimeAdvancesWithoutItems) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  Hq hq(backend(), dir);
  hq.serve();
  { Store created(db); }  // a new kiosk: nothing to send, ever, in this test
  PusherConfig config;
  config.hq_url = hq.server.url();
  config.token = hq.token;
  config.heartbeat_ms = 1000;
  SyncWorker worker(db, config, std::chrono::milliseconds(100));
  auto contact = [&]() -> std::string {
    const auto list = branches_at(hq);
    const auto b = list.find("branch-01");
    return b == list.end() ? "" : b->second["last_contact"].get<std::string>();
  };
  std::string first;
  for (int i = 0; i < 50 && (first = contact()).empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_NE(first, "") << "HQ never heard from the idle kiosk";
  std::string later = first;
  for (int i = 0; i < 60 && later == first; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    later = contact();
  }
  EXPECT_GT(later, first) << "the contact time did not advance";
  const nlohmann::json b = branches_at(hq)["branch-01"];
  EXPECT_GE(b["seconds_since_contact"].get<int>(), 0);
  EXPECT_LE(b["seconds_since_contact"].get<int>(), 3);
  EXPECT_EQ(b["quarantined"], 0);
  EXPECT_EQ(b["outbox"], 0);
  EXPECT_EQ(b["checkins_today"], 0);
  EXPECT_EQ(b["last_received"], "") << "HQ received no item";
  EXPECT_TRUE(hq.exported().empty());
  EXPECT_TRUE(worker.last_pass().error.empty()) << worker.last_pass().error;
}

TEST_P(Contact, AKiosksQuarantineCountShowsInTheBranchesList) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  fill_kiosk(db, 30);
  Hq hq(backend(), dir);
  hq.serve();
  Sql sql(db);
  sql.exec("CREATE TABLE saved AS SELECT * FROM outbox");
  ASSERT_EQ(sync_once(db, hq, hq.server.url()).status, 0);
  EXPECT_EQ(branches_at(hq)["branch-01"]["quarantined"], 0);
  // Two items sent again with changed content: HQ refuses them as conflicts, for good.
  sql.exec("INSERT INTO outbox SELECT * FROM saved WHERE seq IN (SELECT seq FROM saved ORDER BY seq LIMIT 2)");
  sql.exec("UPDATE outbox SET payload = replace(payload, '\"event_seq\":', '\"event_seq\":9')");
  ASSERT_EQ(sync_once(db, hq, hq.server.url()).status, 0);
  ASSERT_EQ(sql.number("SELECT count(*) FROM quarantine"), 2);
  const nlohmann::json b = branches_at(hq)["branch-01"];
  EXPECT_EQ(b["quarantined"], 2) << b.dump();
  EXPECT_EQ(b["outbox"], 0) << b.dump();

  // A kiosk older than the status says nothing of its quarantine: unknown, not zero; still heard.
  const Ran old_kiosk = run({HQ_BIN, "token", "add", "--db", hq.db, "--kiosk", "branch-02"});
  ASSERT_EQ(old_kiosk.status, 0) << old_kiosk.err;
  httplib::Client c(hq.server.url());
  c.set_bearer_token_auth(old_kiosk.lines().back());
  const auto posted = c.Post("/v1/checkins", "{\"items\":[]}", "application/json");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 200) << posted->body;
  EXPECT_EQ(posted->body, "{\"results\":[]}");
  const nlohmann::json old = branches_at(hq)["branch-02"];
  EXPECT_TRUE(old["quarantined"].is_null()) << old.dump();
  EXPECT_NE(old["last_contact"], "") << old.dump();
}

// Without a live HQ's clock: a heartbeat goes only when one is due, and once more at once
// when a pass quarantined something, so HQ's count is right before the next heartbeat.
TEST(Heartbeat, AnEmptyBatchGoesEveryIntervalAndWhenTheQuarantineChanged) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  const std::size_t n = fill_kiosk(db, 3);
  ASSERT_GE(n, 2u);
  std::mutex m;
  std::vector<nlohmann::json> bodies;
  StubHq hq([&](int, const httplib::Request& req, httplib::Response& res) {
    const auto batch = nlohmann::json::parse(req.body);
    {
      std::lock_guard lock(m);
      bodies.push_back(batch);
    }
    std::vector<ItemResult> results;
    for (const auto& item : batch["items"])  // the first item is refused for good
      results.push_back({item["uuid"], results.empty() ? ItemStatus::conflict : ItemStatus::stored, "test"});
    res.set_content(results_json(results), "application/json");
  });
  Store store(db);
  PusherConfig config;
  config.hq_url = hq.url();
  config.heartbeat_ms = 60000;
  Pusher pusher(store, config);
  const std::int64_t t0 = 1'000'000'000'000;
  const PassReport first = pusher.pass(t0);
  EXPECT_EQ(first.sent, n - 1);
  EXPECT_EQ(first.quarantined, 1u);
  EXPECT_TRUE(first.heartbeat) << "the new quarantine count went at once";
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(bodies[0]["items"].size(), n);
  EXPECT_EQ(bodies[0]["status"], (nlohmann::json{{"quarantined", 0}, {"outbox", n}}));
  EXPECT_EQ(bodies[1]["items"].size(), 0u);
  EXPECT_EQ(bodies[1]["status"], (nlohmann::json{{"quarantined", 1}, {"outbox", 0}}));
  EXPECT_FALSE(pusher.pass(t0 + 1000).heartbeat);
  EXPECT_FALSE(pusher.pass(t0 + 59999).heartbeat);
  EXPECT_EQ(bodies.size(), 2u) << "nothing due: nothing sent";
  EXPECT_TRUE(pusher.pass(t0 + 60000).heartbeat);
  EXPECT_EQ(bodies.size(), 3u);
  EXPECT_TRUE(pusher.pass(t0 + 130000).heartbeat);
  EXPECT_EQ(bodies.size(), 4u);
  EXPECT_EQ(bodies.back()["status"], (nlohmann::json{{"quarantined", 1}, {"outbox", 0}}));

  PusherConfig off = config;
  off.heartbeat_ms = 0;  // `kiosk sync`: sends what there is, and no heartbeats
  Pusher once(store, off);
  EXPECT_FALSE(once.pass(t0).heartbeat);
  EXPECT_EQ(bodies.size(), 4u);
}

TEST_P(HqProcess, ExportSinceLeavesOutWhatCameEarlier) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  const std::size_t n = fill_kiosk(db, 20);
  Hq hq(backend(), dir);
  hq.serve();
  ASSERT_EQ(sync_once(db, hq, hq.server.url()).status, 0);
  EXPECT_EQ(run({HQ_BIN, "export", "--db", hq.db, "--since", "2000-01-01T00:00:00Z"}).lines().size(), n);
  EXPECT_EQ(run({HQ_BIN, "export", "--db", hq.db, "--since", "2999-01-01T00:00:00Z"}).lines().size(), 0u);
}

}  // namespace
}  // namespace lobby::itest
