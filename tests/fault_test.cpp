// Exactly once, through any failure. A misbehaving proxy stands between the kiosk and the
// real kiosk-hq (500s, resets after HQ committed, replies slower than the client waits,
// 429 with Retry-After, HTML, truncated bodies, half the acknowledgements); kiosk and HQ
// are killed mid-work. Every test ends with exact counts.
#include "hq_metrics.h"
#include "hq_support.h"
#include "kiosk/core/local_time.h"
#include "kiosk/core/simulate.h"
#include "kiosk/store/reception.h"
#include "kiosk/store/simulated_checkins.h"
#include "sync/protocol/checkin_batch.h"

#include <httplib.h>

#include <random>

namespace lobby::itest {
namespace {

void check_in(const std::string& db, std::size_t checkins, std::uint64_t seed) {
  ASSERT_EQ(add_simulated_checkins(db, checkins, seed), checkins) << "the simulation ran out";
}

std::map<std::string, std::string> kiosk_items(const std::string& db) {
  Sql sql(db);
  std::map<std::string, std::string> items;  // uuid -> payload, as committed (the audit keeps it)
  for (auto& row : sql.rows("SELECT json_extract(detail, '$.uuid'), detail FROM audit")) items[row[0]] = row[1];
  return items;
}

// HQ holds exactly the kiosk's items, each once and with the same payload hash.
void expect_exactly_once(Hq& hq, const std::string& kiosk_db, std::size_t checkins) {
  const auto items = kiosk_items(kiosk_db);
  const auto rows = hq.exported();
  std::set<std::string> uuids;
  std::size_t checkin_rows = 0;
  for (const auto& row : rows) {
    const std::string uuid = row["uuid"];
    EXPECT_TRUE(uuids.insert(uuid).second) << "stored twice: " << uuid;
    auto it = items.find(uuid);
    ASSERT_NE(it, items.end()) << "HQ has an item the kiosk never made: " << uuid;
    EXPECT_EQ(row["payload_hash"], payload_hash(it->second)) << uuid;
    checkin_rows += row["kind"] == "checkin";
  }
  EXPECT_EQ(rows.size(), items.size());
  if (checkins) {
    EXPECT_EQ(checkin_rows, checkins);
  }
  Sql sql(kiosk_db);
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox"), 0);
  EXPECT_EQ(sql.number("SELECT count(*) FROM quarantine"), 0);
}

std::vector<std::string> drain_args(const std::string& db, const std::string& url, const std::string& token) {
  return {KIOSK_BIN, "sync", "--db", db, "--hq", url, "--token", token, "--drain", "--batch", "500",
          "--timeout-ms", "1000", "--backoff-base-ms", "20", "--backoff-cap-ms", "300", "--deadline", "240"};
}

struct Fault : OnBothBackends {};
INSTANTIATE_TEST_SUITE_P(Backends, Fault, kBackends, backend_param_name);

TEST_P(Fault, TenThousandCheckInsArriveExactlyOnceThroughEveryFault) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  check_in(db, 10000, 11);
  Hq hq(backend(), dir);
  hq.serve();
  Background proxy({PROXY_BIN, "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:" + std::to_string(hq.server.port()),
                    "--seed", "7", "--slow-ms", "1500", "--stats", dir.file("stats.json"), "--faults",
                    "pass=40,error500=8,reset_after_commit=10,slow=5,throttle429=3,throttle429_date=2,html=8,"
                    "truncated=10,half_ack=14"});
  const Ran r = run(drain_args(db, proxy.url(), hq.token));
  EXPECT_EQ(r.status, 0) << r.out << r.err.substr(0, 2000);
  EXPECT_EQ(proxy.stop(SIGTERM), 0);
  expect_exactly_once(hq, db, 10000);
  EXPECT_GT(hq_metric(hq.server.url(), "hq_items_duplicate_total"), 0) << "no re-send was absorbed";
  const auto stats = nlohmann::json::parse(read_file(dir.file("stats.json")));
  for (const char* fault : {"error500", "reset_after_commit", "slow", "throttle429", "throttle429_date", "html",
                            "truncated", "half_ack"})
    EXPECT_GT(stats[fault].get<int>(), 0) << fault << " was never injected";
}

TEST_P(Fault, KillingTheKioskWhileItChecksInAndSendsLosesAndDuplicatesNothing) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  Hq hq(backend(), dir);
  hq.serve();
  { Store created(db); }  // so the test can count rows from the first round on
  std::mt19937_64 rng(5);
  for (int round = 0; round < 8; ++round) {
    // A morning's events, visit ids unique per round, checked in by a process we kill.
    SimulationSpec spec;
    spec.seed = 100 + static_cast<std::uint64_t>(round);
    spec.events = 1500;
    spec.start = *parse_local_time("2026-11-24T09:00:00") + round * 2 * kSecondsPerDay;
    auto events = simulate_lobby(spec);
    for (Event& e : events)
      if (!e.id.empty()) e.id.insert(0, std::string("r").append(std::to_string(round)));
    write_file(dir.file("events.jsonl"), to_jsonl(events));
    const pid_t checkin = spawn_quiet({KIOSK_BIN, "replay", "--db", db}, dir.file("events.jsonl"));
    const pid_t sender = spawn_quiet(drain_args(db, hq.server.url(), hq.token));
    // Kill at a random moment once this round has committed something, whatever the load.
    const long long before = Sql(db).number("SELECT count(*) FROM events");
    for (int i = 0; i < 500 && Sql(db).number("SELECT count(*) FROM events") < before + 30; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 150));
    kill(checkin, SIGKILL);
    kill(sender, SIGKILL);
    waitpid(checkin, nullptr, 0);
    waitpid(sender, nullptr, 0);
    Sql sql(db);
    ASSERT_EQ(sql.text("PRAGMA integrity_check"), "ok") << "round " << round;
    // Every committed event has exactly one outbox or audit twin, nothing half-written.
    EXPECT_EQ(sql.number("SELECT count(*) FROM events"), sql.number("SELECT count(*) FROM audit"));
  }
  const Ran r = run(drain_args(db, hq.server.url(), hq.token));
  ASSERT_EQ(r.status, 0) << r.err;
  expect_exactly_once(hq, db, 0);
  EXPECT_GT(kiosk_items(db).size(), 8u * 30) << "the kills came too early to test anything";
}

TEST_P(Fault, KillingHqMidBatchLosesNothing) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  check_in(db, 3000, 12);
  Hq hq(backend(), dir);
  hq.serve();
  const int port = hq.server.port();
  std::mt19937_64 rng(9);
  // Kill HQ again and again while the kiosk sends; bring it back on the same port each time.
  for (int round = 0; round < 5; ++round) {
    auto args = drain_args(db, "http://127.0.0.1:" + std::to_string(port), hq.token);
    args[static_cast<std::size_t>(std::find(args.begin(), args.end(), "--batch") - args.begin()) + 1] = "50";
    const pid_t sender = spawn_quiet(args);
    std::this_thread::sleep_for(std::chrono::milliseconds(30 + rng() % 200));
    hq.server.stop(SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    hq.serve({}, port);
    kill(sender, SIGKILL);
    waitpid(sender, nullptr, 0);
  }
  const Ran r = run(drain_args(db, "http://127.0.0.1:" + std::to_string(port), hq.token));
  ASSERT_EQ(r.status, 0) << r.err;
  if (backend() == Backend::sqlite) {
    Sql hq_sql(hq.db);
    EXPECT_EQ(hq_sql.text("PRAGMA integrity_check"), "ok");
  }
  expect_exactly_once(hq, db, 3000);
}

TEST_P(Fault, ChangedPayloadBehindTheProxyIsQuarantinedAndTheOriginalKept) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  check_in(db, 20, 13);
  Hq hq(backend(), dir);
  hq.serve();
  Background proxy({PROXY_BIN, "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:" + std::to_string(hq.server.port()),
                    "--faults", "pass=50,reset_after_commit=50", "--seed", "3"});
  Sql sql(db);
  const std::string victim = sql.text("SELECT uuid FROM outbox ORDER BY seq LIMIT 1 OFFSET 3");
  const std::string original = sql.text("SELECT payload FROM outbox WHERE uuid = ?1", {victim});
  ASSERT_EQ(run(drain_args(db, proxy.url(), hq.token)).status, 0);
  // The same uuid comes again with other content (a kiosk bug, a restored old backup).
  auto changed = nlohmann::json::parse(original);
  changed["event"]["t"] = "2026-01-01T00:00:00";
  sql.exec("INSERT INTO outbox(uuid, created, kind, payload) VALUES('" + victim + "', 'now', 'x', '" +
           changed.dump() + "')");
  const Ran r = run(drain_args(db, proxy.url(), hq.token));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(sql.rows("SELECT uuid, status FROM quarantine"),
            (std::vector<std::vector<std::string>>{{victim, "conflict"}}));
  for (const auto& row : hq.exported())
    if (row["uuid"] == victim) {
      EXPECT_EQ(row["payload_hash"], payload_hash(original));
    }
  EXPECT_EQ(hq_metric(hq.server.url(), "hq_items_conflict_total"), 1);
}

TEST_P(Fault, FiftyThousandCheckInsWaitOutALongOutageThenAllArrive) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  Hq hq(backend(), dir);
  hq.serve();
  const int port = hq.server.port();
  hq.server.stop();  // HQ is down for the whole busy stretch
  // Days of check-ins; the kiosk keeps trying and failing, and nothing is dropped.
  for (int day = 0; day < 5; ++day) {
    check_in(db, 10000, 200 + static_cast<std::uint64_t>(day));
    const Ran attempt = run({KIOSK_BIN, "sync", "--db", db, "--hq", "http://127.0.0.1:" + std::to_string(port),
                             "--token", hq.token, "--once", "--timeout-ms", "500"});
    EXPECT_NE(attempt.status, 0);
    Sql sql(db);
    sql.exec("UPDATE sync_state SET next_attempt_ms = 0");  // as if the backoff had elapsed
  }
  hq.serve({}, port);
  const auto t0 = std::chrono::steady_clock::now();
  const Ran r = run(drain_args(db, "http://127.0.0.1:" + std::to_string(port), hq.token));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(r.status, 0) << r.err;
  expect_exactly_once(hq, db, 50000);
  std::printf("[ figures ] drained %zu items after the outage in %.1f s (%.0f items/s)\n", kiosk_items(db).size(), s,
              static_cast<double>(kiosk_items(db).size()) / s);
}

// A chain's HQ: two servers on one PostgreSQL, kiosks spread over them, the same batches sent
// to both at once, and one server killed mid-batch while the other carries on. Its kiosks go
// on through the survivor (as nginx would send them), and every item is stored once.
struct FaultChain : ::testing::Test {
  void SetUp() override { require_backend(Backend::postgres); }
};

TEST_F(FaultChain, TwoServersOnePostgresOneKilledMidBatchEveryItemStoredOnce) {
  TempDir dir;
  constexpr int kKiosks = 4;
  std::vector<std::string> dbs;
  for (int k = 0; k < kKiosks; ++k) {
    dbs.push_back(dir.file("kiosk" + std::to_string(k) + ".db"));
    check_in(dbs.back(), 1500, 300 + static_cast<std::uint64_t>(k));
  }
  Hq a(postgres().fresh_database(), "branch-0", dir.file("a.log"));
  Hq b(a.db, "branch-1", dir.file("b.log"));
  std::vector<std::string> tokens{a.token, b.token};
  for (int k = 2; k < kKiosks; ++k) {
    const Ran r = run({HQ_BIN, "token", "add", "--db", a.db, "--kiosk", "branch-" + std::to_string(k)});
    ASSERT_EQ(r.status, 0) << r.err;
    tokens.push_back(r.lines().back());
  }
  a.serve(), b.serve();
  const std::string a_url = a.server.url(), b_url = b.server.url();
  // Kiosk 0's whole outbox, sent by the test to both servers at once in batches of 100 (two
  // pushers of one kiosk behind a proxy that retried on the other server).
  const auto zero = Sql(dbs[0]).rows("SELECT payload FROM outbox ORDER BY seq");
  std::atomic<int> conflicts{0};
  std::thread twice([&] {
    for (std::size_t at = 0; at < zero.size(); at += 100) {
      std::string items;
      for (std::size_t i = at; i < std::min(at + 100, zero.size()); ++i) items += (i > at ? "," : "") + zero[i][0];
      std::vector<std::thread> both;
      for (const Hq* hq : {&a, &b})
        both.emplace_back([&, port = hq->server.port()] {
          httplib::Client c("127.0.0.1", port);
          auto res = c.Post("/v1/checkins", {{"Authorization", "Bearer " + tokens[0]}}, "{\"items\":[" + items + "]}",
                            "application/json");
          if (!res || res->status != 200) return;  // the killed one
          for (const ItemResult& r : parse_results(res->body).value_or(std::vector<ItemResult>{}))
            conflicts += r.status != ItemStatus::stored && r.status != ItemStatus::duplicate;
        });
      for (auto& t : both) t.join();
    }
  });
  // Even kiosks send to A, odd ones to B.
  std::vector<pid_t> senders;
  for (int k = 0; k < kKiosks; ++k) {
    auto args = drain_args(dbs[static_cast<std::size_t>(k)], k % 2 ? b_url : a_url, tokens[static_cast<std::size_t>(k)]);
    args[static_cast<std::size_t>(std::find(args.begin(), args.end(), "--batch") - args.begin()) + 1] = "100";
    senders.push_back(spawn_quiet(args));
  }
  // Kill A once B has stored something, mid-batch.
  for (int i = 0; i < 500 && hq_metric(b.server.url(), "hq_items_stored_total") < 200; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(std::mt19937_64(17)() % 100));
  EXPECT_EQ(a.server.stop(SIGKILL), 128 + SIGKILL);
  twice.join();
  // A's kiosks are sent on to B; B's own carry on undisturbed.
  for (int k = 0; k < kKiosks; k += 2) {
    kill(senders[static_cast<std::size_t>(k)], SIGKILL);
    waitpid(senders[static_cast<std::size_t>(k)], nullptr, 0);
    senders[static_cast<std::size_t>(k)] = spawn_quiet(drain_args(dbs[static_cast<std::size_t>(k)], b_url, tokens[static_cast<std::size_t>(k)]));
  }
  for (pid_t p : senders) {
    int w = 0;
    waitpid(p, &w, 0);
    EXPECT_TRUE(WIFEXITED(w) && WEXITSTATUS(w) == 0) << "a kiosk's drain failed";
  }
  EXPECT_EQ(conflicts.load(), 0);
  std::map<std::string, std::map<std::string, std::string>> at_hq;  // kiosk -> uuid -> hash
  for (const auto& row : b.exported()) {
    const bool first = at_hq[row["kiosk"]].emplace(row["uuid"], row["payload_hash"]).second;
    EXPECT_TRUE(first) << "stored twice: " << row["kiosk"] << " " << row["uuid"];
  }
  for (int k = 0; k < kKiosks; ++k) {
    const auto items = kiosk_items(dbs[static_cast<std::size_t>(k)]);
    const auto& stored = at_hq["branch-" + std::to_string(k)];
    EXPECT_EQ(stored.size(), items.size()) << "kiosk " << k;
    for (const auto& [uuid, payload] : items) {
      auto it = stored.find(uuid);
      ASSERT_NE(it, stored.end()) << "kiosk " << k << " lost " << uuid;
      EXPECT_EQ(it->second, payload_hash(payload));
    }
    EXPECT_EQ(Sql(dbs[static_cast<std::size_t>(k)]).number("SELECT count(*) FROM outbox"), 0);
  }
}

}  // namespace
}  // namespace lobby::itest
