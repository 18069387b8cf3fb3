// HQ's branch tables on both backends: kept current as items arrive, they equal a rebuild
// from the items (also with two servers writing one PostgreSQL at once); the read API answers
// from them: the dispatch CSV is the branch's `kiosk report --csv`, the board says who waits
// for whom, visits come a page at a time each exactly once, and viewers never see a
// customer's number or name.
#include "hq_support.h"
#include "kiosk/core/local_time.h"

#include <httplib.h>

#include <map>
#include <set>
#include <thread>

namespace lobby::itest {
namespace {

struct HqTables : OnBothBackends {};

// Every row of the branch tables, as text, in a fixed order; the rebuild counter left out.
std::vector<std::string> dump_tables(Backend backend, const std::string& db) {
  const std::vector<std::string> queries{
      "SELECT kiosk, applied_seq, highest_seq, waiting_items, blocked, last_event, last_received, diverged, "
      "first_diverged, repeated_seq, day, checkins_today, waiting_now, longest_wait_minutes, median_wait_minutes, "
      "managers_on_duty, board, last_item FROM branches ORDER BY kiosk",
      "SELECT * FROM branch_managers ORDER BY kiosk, position",
      "SELECT * FROM branch_visits ORDER BY kiosk, n",
      "SELECT * FROM branch_dispatch ORDER BY kiosk, day, position"};
  std::vector<std::string> out;
  for (const std::string& q : queries) {
    if (backend == Backend::sqlite) {
      for (const auto& row : Sql(db).rows(q)) {
        std::string line;
        for (const std::string& c : row) line += c + "|";
        out.push_back(line);
      }
    } else {
      const std::string name = db.substr(db.find("///") + 3, db.find('?') - db.find("///") - 3);
      const Ran r = postgres().psql(name, q);
      EXPECT_EQ(r.status, 0) << r.err;
      for (const std::string& l : r.lines()) out.push_back(l);
    }
    out.push_back("--");
  }
  return out;
}

void exec_sql(Backend backend, const std::string& db, const std::string& sql) {
  if (backend == Backend::sqlite) return Sql(db).exec(sql);
  const std::string name = db.substr(db.find("///") + 3, db.find('?') - db.find("///") - 3);
  const Ran r = postgres().psql(name, sql);
  EXPECT_EQ(r.status, 0) << r.err;
}

std::size_t table_rows(const std::vector<std::string>& dump, int table) {
  std::size_t n = 0;
  for (const std::string& l : dump) {
    if (l == "--") --table;
    else n += table == 0;
  }
  return n;
}

Ran sync_kiosk(const std::string& kiosk, const std::string& url, const std::string& token, int batch = 40) {
  return run({KIOSK_BIN, "sync", "--db", kiosk, "--hq", url, "--token", token, "--drain", "--batch",
              std::to_string(batch), "--deadline", "60"});
}

std::vector<std::string> days_of(const std::string& kiosk) {
  std::vector<std::string> out;
  for (const auto& row : Sql(kiosk).rows("SELECT DISTINCT day FROM decisions ORDER BY day")) out.push_back(row[0]);
  return out;
}

std::string add_key(const std::string& db, const std::string& name, const std::string& role) {
  const Ran r = run({HQ_BIN, "apikey", "add", "--db", db, "--name", name, "--role", role});
  EXPECT_EQ(r.status, 0) << r.err;
  return r.lines().empty() ? "" : r.lines().back();
}

nlohmann::json get_json(const std::string& url, const std::string& key, const std::string& path, int status = 200) {
  httplib::Client c(url);
  c.set_bearer_token_auth(key);
  const auto r = c.Get(path);
  EXPECT_TRUE(r) << path;
  if (!r) return {};
  EXPECT_EQ(r->status, status) << path << ": " << r->body;
  return nlohmann::json::parse(r->body, nullptr, false);
}

std::string kiosk_report(const std::string& kiosk, const std::string& day) {
  const Ran r = run({KIOSK_BIN, "report", "--db", kiosk, "--day", day, "--csv"});
  EXPECT_EQ(r.status, 0) << r.err;
  return r.out;
}

TEST_P(HqTables, TablesKeptLiveEqualARebuildAndDispatchIsTheBranchsReport) {
  TempDir dir;
  Hq hq(backend(), dir);
  const std::string kiosk = dir.file("kiosk.db");
  fill_kiosk(kiosk, 1500, 5);
  hq.serve();
  const Ran synced = sync_kiosk(kiosk, hq.server.url(), hq.token);
  ASSERT_EQ(synced.status, 0) << synced.out << synced.err;
  const std::vector<std::string> live = dump_tables(backend(), hq.db);
  EXPECT_EQ(table_rows(live, 0), 1u);
  EXPECT_GT(table_rows(live, 1), 5u);
  EXPECT_EQ(table_rows(live, 2), static_cast<std::size_t>(Sql(kiosk).number("SELECT count(*) FROM visits")));
  EXPECT_GT(table_rows(live, 3), 10u);

  // The dispatch log from the tables, while the server runs: the branch's own, byte for byte.
  const std::string key = add_key(hq.db, "ops", "viewer");
  const std::vector<std::string> days = days_of(kiosk);
  ASSERT_GE(days.size(), 2u);
  httplib::Client c(hq.server.url());
  c.set_bearer_token_auth(key);
  for (const std::string& day : days) {
    const auto csv = c.Get("/v1/branches/branch-01/dispatch?day=" + day + "&format=csv");
    ASSERT_TRUE(csv);
    EXPECT_EQ(csv->body, kiosk_report(kiosk, day)) << day;
  }
  hq.server.stop();

  const Ran rebuilt = run({HQ_BIN, "rebuild", "--db", hq.db});
  ASSERT_EQ(rebuilt.status, 0) << rebuilt.err;
  EXPECT_EQ(dump_tables(backend(), hq.db), live);
  const Ran one = run({HQ_BIN, "rebuild", "--db", hq.db, "--branch", "branch-01"});
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_EQ(dump_tables(backend(), hq.db), live);
  EXPECT_EQ(run({HQ_BIN, "rebuild", "--db", hq.db, "--branch", "branch-09"}).status, 2);

  // The retention purge reaches the tables too: no purged number is left in any of them.
  std::set<std::string> phones;
  for (const nlohmann::json& row : hq.exported())
    if (const auto& e = row["payload"]["event"]; e.contains("phone")) phones.insert(e["phone"].get<std::string>());
  ASSERT_GT(phones.size(), 10u);
  bool found = false;
  for (const std::string& line : live)
    for (const std::string& phone : phones) found = found || line.find(phone) != std::string::npos;
  EXPECT_TRUE(found);  // the tables held them before
  const Ran purged = run({HQ_BIN, "purge", "--db", hq.db, "--older-than-days", "1"});
  ASSERT_EQ(purged.status, 0) << purged.err;
  for (const std::string& line : dump_tables(backend(), hq.db))
    for (const std::string& phone : phones) ASSERT_EQ(line.find(phone), std::string::npos) << line;
}

// Two managers at work, both receiving; then one customer who asked for 王丽 (M01) and one
// who takes whoever is free first.
void waiting_lobby(const std::string& db) {
  Store store(db);
  for (const auto& [id, name] : {std::pair{"M01", "王丽"}, std::pair{"M02", "李强"}}) {
    ManagerProfile p;
    p.id = id, p.display_name = name;
    store.add_manager(p, "");
  }
  Reception reception(store);
  Time t = *parse_local_time("2026-11-24T09:00:00");
  auto handle = [&](Event e) {
    e.t = t += 60;
    EXPECT_TRUE(reception.handle(e, "test").ok()) << name_of(e.type);
  };
  Event roster;
  roster.type = EventType::roster, roster.order = {"M01", "M02"};
  handle(roster);
  for (const char* m : {"M01", "M02"}) {
    Event in;
    in.type = EventType::clock_in, in.m = m;
    handle(in);
  }
  const char* const phones[] = {"13800000001", "13900000002", "13700000003", "13600000004"};
  for (int i = 0; i < 4; ++i) {
    Event a;
    a.type = EventType::arrive, a.id = "v" + std::to_string(i + 1), a.phone = phones[i];
    a.surname = "陈", a.title = "女士";
    if (i == 2) a.request = "M01";
    handle(a);
  }
}

TEST_P(HqTables, TheBoardSaysWhoWaitsForWhomAndOnlySupervisorsSeeWho) {
  TempDir dir;
  Hq hq(backend(), dir);
  const std::string kiosk = dir.file("kiosk.db");
  waiting_lobby(kiosk);
  hq.serve();
  ASSERT_EQ(sync_kiosk(kiosk, hq.server.url(), hq.token).status, 0);
  const std::string viewer = add_key(hq.db, "wall", "viewer"), supervisor = add_key(hq.db, "boss", "supervisor");

  const nlohmann::json seen = get_json(hq.server.url(), viewer, "/v1/branches/branch-01/board");
  const nlohmann::json& board = seen["board"];
  EXPECT_EQ(seen["as_of"], "2026-11-24T09:07:00");
  ASSERT_EQ(board["serving"].size(), 2u) << board.dump();
  ASSERT_EQ(board["waiting"].size(), 2u) << board.dump();
  const nlohmann::json& named = board["waiting"][0];
  EXPECT_EQ(named["visit"], "v3");
  EXPECT_EQ(named["waits_for"], "named");
  EXPECT_EQ(named["for_manager"], "M01");
  EXPECT_EQ(named["for_manager_name"], "王丽");
  EXPECT_FALSE(named["ticket"].get<std::string>().empty());
  EXPECT_GT(named["estimate_minutes"].get<int>(), 0);
  EXPECT_EQ(board["waiting"][1]["waits_for"], "anyone");
  for (const nlohmann::json& w : board["waiting"])
    for (const char* f : {"phone", "surname", "title"}) EXPECT_FALSE(w.contains(f)) << w.dump();
  ASSERT_EQ(board["lines"].size(), 1u);
  const nlohmann::json& line = board["lines"][0];
  EXPECT_EQ(line["line"], "main");
  ASSERT_EQ(line["order"].size(), 2u);
  EXPECT_EQ(line["order"][0]["name"], "王丽");
  EXPECT_EQ(line["order"][0]["state"], "receiving");
  EXPECT_EQ(line["order"][0]["receptions"], 1);
  EXPECT_EQ(line["next_up"]["why"], "nobody_free");
  EXPECT_EQ(hq.log().find("personal_data_read"), std::string::npos);

  const nlohmann::json full = get_json(hq.server.url(), supervisor, "/v1/branches/branch-01/board");
  EXPECT_EQ(full["board"]["waiting"][0]["phone"], "13700000003");
  EXPECT_EQ(full["board"]["waiting"][0]["surname"], "陈");
  EXPECT_NE(hq.log().find("personal_data_read reader=boss"), std::string::npos) << hq.log();

  // The list's figures, as of the branch's last event (09:07): two waiting, the longest since 09:06.
  const nlohmann::json list = get_json(hq.server.url(), viewer, "/v1/branches");
  ASSERT_EQ(list["branches"].size(), 1u);
  const nlohmann::json& b = list["branches"][0];
  EXPECT_EQ(b["day"], "2026-11-24");
  EXPECT_EQ(b["checkins_today"], 4);
  EXPECT_EQ(b["waiting_now"], 2);
  EXPECT_EQ(b["longest_wait_now_minutes"], 1.0);
  EXPECT_EQ(b["median_wait_today_minutes"], 0.0);
  EXPECT_EQ(b["managers_on_duty"], 2);
  get_json(hq.server.url(), viewer, "/v1/branches/branch-09/board", 404);
}

// A branch's figures over its days, checked against what the branch's own records say,
// counted here independently with SQL on the kiosk's database.
TEST_P(HqTables, StatsAreTheBranchsOwnCountsPerManagerAndKind) {
  TempDir dir;
  Hq hq(backend(), dir);
  const std::string kiosk = dir.file("kiosk.db");
  fill_kiosk(kiosk, 800, 11);
  hq.serve();
  const Ran synced = sync_kiosk(kiosk, hq.server.url(), hq.token);
  ASSERT_EQ(synced.status, 0) << synced.out << synced.err;
  const std::vector<std::string> days = days_of(kiosk);
  ASSERT_FALSE(days.empty());
  const std::string key = add_key(hq.db, "analyst", "viewer");
  const std::string period = "from=" + days.front() + "&to=" + days.back();
  const nlohmann::json per = get_json(hq.server.url(), key, "/v1/branches/branch-01/stats?" + period + "&by=manager");
  std::map<std::string, nlohmann::json> by_manager;
  for (const nlohmann::json& g : per["groups"]) by_manager[g["key"].get<std::string>()] = g;
  Sql records(kiosk);
  int compared = 0;
  for (const auto& row : records.rows("SELECT server, kind, count(*) FROM visits WHERE server IS NOT NULL AND "
                                      "voided IS NULL GROUP BY server, kind")) {
    ASSERT_TRUE(by_manager.count(row[0])) << row[0];
    EXPECT_EQ(by_manager[row[0]]["by_kind"][row[1]].get<int>(), std::stoi(row[2])) << row[0] << " " << row[1];
    ++compared;
  }
  EXPECT_GT(compared, 5);

  const nlohmann::json whole = get_json(hq.server.url(), key, "/v1/branches/branch-01/stats?" + period);
  ASSERT_EQ(whole["groups"].size(), 1u);
  const nlohmann::json& g = whole["groups"][0];
  EXPECT_EQ(g["checkins"].get<std::int64_t>(), records.number("SELECT count(*) FROM visits WHERE voided IS NULL"));
  EXPECT_EQ(g["voids"].get<std::int64_t>(), records.number("SELECT count(*) FROM visits WHERE voided IS NOT NULL"));
  std::vector<double> waits;
  for (const auto& row : records.rows("SELECT (julianday(started) - julianday(arrived)) * 1440 FROM visits "
                                      "WHERE started IS NOT NULL AND voided IS NULL ORDER BY 1"))
    waits.push_back(std::stod(row[0]));
  ASSERT_FALSE(waits.empty());
  const std::size_t mid = waits.size() / 2;
  const double median = waits.size() % 2 ? waits[mid] : (waits[mid - 1] + waits[mid]) / 2;
  EXPECT_NEAR(g["wait_minutes"]["median"].get<double>(), median, 0.02);
  EXPECT_EQ(g["wait_minutes"]["count"].get<std::size_t>(), waits.size());

  get_json(hq.server.url(), key, "/v1/branches/branch-01/stats?" + period + "&by=weekday", 400);
  get_json(hq.server.url(), key, "/v1/branches/branch-01/stats?from=" + days.back() + "&to=2020-01-01", 400);
  get_json(hq.server.url(), key, "/v1/branches/branch-01/stats?from=2024-01-01&to=2026-01-01", 400);
  get_json(hq.server.url(), key, "/v1/branches/branch-09/stats?" + period, 404);
}

// The waiting lobby, then: 王丽 (M01) finishes, so the customer who named her is received;
// the supervisor moves the last customer to 李强 (M02); 李强 claims 王丽's first customer and
// the supervisor confirms; 王丽 claims 李强's and is rejected.
TEST_P(HqTables, EachVisitTellsWhatHappenedToItAndClaimsCountForTheClaimant) {
  TempDir dir;
  Hq hq(backend(), dir);
  const std::string kiosk = dir.file("kiosk.db");
  waiting_lobby(kiosk);
  {
    Store store(kiosk);
    Reception reception(store);
    Time t = *parse_local_time("2026-11-24T10:00:00");
    auto handle = [&](EventType type, const std::string& id, const std::string& m = "", const std::string& to = "",
                      const std::string& reason = "") {
      Event e;
      e.type = type, e.id = id, e.m = m, e.to = to, e.reason = reason, e.t = t += 60;
      EXPECT_TRUE(reception.handle(e, "test").ok()) << name_of(type) << " " << id;
    };
    handle(EventType::finish, "v1", "M01");
    handle(EventType::reassign, "v4", "", "M02", "language");
    handle(EventType::claim, "v1", "M02");
    handle(EventType::claim_confirm, "v1");
    handle(EventType::claim, "v2", "M01");
    handle(EventType::claim_reject, "v2");
  }
  hq.serve();
  ASSERT_EQ(sync_kiosk(kiosk, hq.server.url(), hq.token).status, 0);
  const std::string key = add_key(hq.db, "audit", "viewer");
  std::map<std::string, nlohmann::json> visit;
  const nlohmann::json visits = get_json(hq.server.url(), key, "/v1/branches/branch-01/visits");
  for (const nlohmann::json& v : visits["visits"]) visit[v["id"].get<std::string>()] = v;
  ASSERT_EQ(visit.size(), 4u);
  const auto events = [&](const std::string& id) {
    std::vector<std::string> out;
    for (const nlohmann::json& s : visit[id]["steps"])
      out.push_back(s["event"].get<std::string>() + (s["own"].get<bool>() ? "" : " (other)"));
    return out;
  };
  using Steps = std::vector<std::string>;
  EXPECT_EQ(events("v1"), (Steps{"arrive", "finish", "claim", "claim_confirm"}));
  EXPECT_EQ(events("v3"), (Steps{"arrive", "finish (other)"})) << "received when 王丽 finished";
  EXPECT_EQ(events("v4"), (Steps{"arrive", "reassign"}));
  const nlohmann::json& confirm = visit["v1"]["steps"][3];
  ASSERT_EQ(confirm["decisions"].size(), 1u);
  EXPECT_EQ(confirm["decisions"][0]["owner"], "M02");
  EXPECT_EQ(confirm["decisions"][0]["previous_owner"], "M01");
  EXPECT_EQ(visit["v1"]["steps"][2]["manager"], "M02");
  EXPECT_EQ(visit["v3"]["steps"][1]["decisions"][0]["kind"], "requested");
  EXPECT_EQ(visit["v3"]["steps"][1]["decisions"][0]["server"], "M01");
  const nlohmann::json& move = visit["v4"]["steps"][1];
  EXPECT_EQ(move["to"], "M02");
  EXPECT_EQ(move["reason"], "language");
  ASSERT_EQ(move["decisions"].size(), 1u);
  EXPECT_EQ(move["decisions"][0]["kind"], "reassigned");

  // A manager's visits: those whose story names them. 李强 received v2, was given v4 and claimed
  // v1; v3 was 王丽's alone.
  const nlohmann::json his = get_json(hq.server.url(), key, "/v1/branches/branch-01/visits?manager=M02");
  std::vector<std::string> ids;
  for (const nlohmann::json& v : his["visits"]) ids.push_back(v["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"v4", "v2", "v1"}));
  EXPECT_EQ(get_json(hq.server.url(), key, "/v1/branches/branch-01/visits?manager=M0")["visits"].size(), 0u)
      << "an id is matched whole";
  EXPECT_EQ(get_json(hq.server.url(), key, "/v1/branches/branch-01/visits?manager=owner")["visits"].size(), 0u)
      << "a word of the story is not a manager";
  get_json(hq.server.url(), key, "/v1/branches/branch-01/visits?manager=M02%7C", 400);

  std::map<std::string, nlohmann::json> by;
  const nlohmann::json stats =
      get_json(hq.server.url(), key, "/v1/branches/branch-01/stats?from=2026-11-24&to=2026-11-24&by=manager");
  for (const nlohmann::json& g : stats["groups"]) by[g["key"].get<std::string>()] = g;
  EXPECT_EQ(by["M02"]["claims_made"], 1);
  EXPECT_EQ(by["M02"]["claims_confirmed"], 1);
  EXPECT_EQ(by["M01"]["claims_made"], 1);
  EXPECT_EQ(by["M01"]["claims_rejected"], 1);
  EXPECT_EQ(by["M01"]["claims_confirmed"], 0);

  // The tables as an upgrade leaves them (the visits' stories not written yet, the branches
  // emptied): the next start writes them.
  hq.server.stop();
  exec_sql(backend(), hq.db, "UPDATE branch_visits SET steps = '[]', managers = ''; DELETE FROM branches");
  hq.serve();
  const nlohmann::json again = get_json(hq.server.url(), key, "/v1/branches/branch-01/visits?manager=M02");
  ASSERT_EQ(again["visits"].size(), 3u) << again.dump();
  EXPECT_EQ(again["visits"][2]["steps"], visit["v1"]["steps"]);
}

// Trends of two branches, each checked against its kiosk's own records counted here with SQL,
// and the chain's as their sum.
TEST_P(HqTables, TrendsCountEachBranchsCheckInsAndTheChainTheirSum) {
  TempDir dir;
  Hq hq(backend(), dir);
  const std::string one = dir.file("one.db"), two = dir.file("two.db");
  fill_kiosk(one, 700, 31);
  fill_kiosk(two, 700, 32);
  Hq second(hq.db, "branch-02", dir.file("second.log"));
  hq.serve();
  ASSERT_EQ(sync_kiosk(one, hq.server.url(), hq.token).status, 0);
  ASSERT_EQ(sync_kiosk(two, hq.server.url(), second.token).status, 0);
  std::vector<std::string> days = days_of(one);
  for (const std::string& d : days_of(two)) days.push_back(d);
  std::sort(days.begin(), days.end());
  const std::string period = "?from=" + days.front() + "&to=" + days.back();
  const std::string key = add_key(hq.db, "planner", "viewer");
  const nlohmann::json chain = get_json(hq.server.url(), key, "/v1/trends" + period);
  ASSERT_FALSE(chain["days"].empty());
  EXPECT_EQ(chain["days"].front()["day"], days.front()) << "every day of the period, the quiet ones too";
  EXPECT_EQ(chain["days"].back()["day"], days.back());
  const std::string in_period = " substr(arrived, 1, 10) BETWEEN '" + days.front() + "' AND '" + days.back() + "' ";
  nlohmann::json sum_days = nlohmann::json::array(), sum_grid, sum_waits;
  int branch_index = 0;
  for (const auto& [branch, kiosk] : {std::pair{"branch-01", one}, std::pair{"branch-02", two}}) {
    const nlohmann::json t = get_json(hq.server.url(), key, std::string("/v1/branches/") + branch + "/trends" + period);
    Sql records(kiosk);
    std::map<std::string, std::int64_t> per_day;
    for (const auto& row : records.rows("SELECT substr(arrived, 1, 10), count(*) FROM visits WHERE voided IS NULL GROUP BY 1"))
      per_day[row[0]] = std::stoll(row[1]);
    ASSERT_EQ(t["days"].size(), chain["days"].size());
    for (std::size_t i = 0; i < t["days"].size(); ++i) {
      const std::string day = t["days"][i]["day"];
      EXPECT_EQ(t["days"][i]["checkins"].get<std::int64_t>(), per_day.count(day) ? per_day[day] : 0) << branch << " " << day;
      if (branch_index == 0) sum_days.push_back(t["days"][i]["checkins"]);
      else sum_days[i] = sum_days[i].get<std::int64_t>() + t["days"][i]["checkins"].get<std::int64_t>();
    }
    // By weekday (SQLite: 0 is Sunday; the trends: 0 is Monday) and hour.
    for (const auto& row : records.rows("SELECT (CAST(strftime('%w', arrived) AS INTEGER) + 6) % 7, "
                                        "CAST(substr(arrived, 12, 2) AS INTEGER), count(*) FROM visits "
                                        "WHERE voided IS NULL AND" + in_period + "GROUP BY 1, 2"))
      EXPECT_EQ(t["weekday_hour"][std::stoi(row[0])][std::stoi(row[1])].get<std::int64_t>(), std::stoll(row[2]))
          << branch << " weekday " << row[0] << " hour " << row[1];
    // By wait: under 5, 10, 15, 20, 30, 45 and 60 minutes, then longer; and those not received.
    const auto waits = records.rows(
        "SELECT CASE WHEN started IS NULL THEN -1 ELSE (julianday(started) - julianday(arrived)) * 1440 END "
        "FROM visits WHERE voided IS NULL AND" + in_period);
    std::vector<std::int64_t> buckets(8, 0);
    std::int64_t waiting = 0;
    const double edges[] = {5, 10, 15, 20, 30, 45, 60};
    for (const auto& w : waits) {
      const double m = std::stod(w[0]) + 1e-6;  // julianday's rounding: 5 minutes may read 4.9999999
      if (m < 0) ++waiting;
      else ++buckets[static_cast<std::size_t>(std::upper_bound(std::begin(edges), std::end(edges), m) - std::begin(edges))];
    }
    EXPECT_EQ(t["waiting"].get<std::int64_t>(), waiting) << branch;
    EXPECT_GE(std::count_if(buckets.begin(), buckets.end(), [](std::int64_t n) { return n > 0; }), 3) << "waits that differ";
    EXPECT_GE(per_day.size(), 2u);
    for (std::size_t b = 0; b < 8; ++b)
      EXPECT_EQ(t["wait_histogram"][b]["count"].get<std::int64_t>(), buckets[b]) << branch << " bucket " << b;
    for (std::size_t w = 0; w < 7; ++w)
      for (std::size_t h = 0; h < 24; ++h) {
        if (branch_index == 0) sum_grid[w][h] = t["weekday_hour"][w][h];
        else sum_grid[w][h] = sum_grid[w][h].get<std::int64_t>() + t["weekday_hour"][w][h].get<std::int64_t>();
      }
    for (std::size_t b = 0; b < 8; ++b) {
      const std::int64_t n = t["wait_histogram"][b]["count"];
      sum_waits[b] = branch_index == 0 ? n : sum_waits[b].get<std::int64_t>() + n;
    }
    ++branch_index;
  }
  for (std::size_t i = 0; i < chain["days"].size(); ++i) EXPECT_EQ(chain["days"][i]["checkins"], sum_days[i]);
  EXPECT_EQ(chain["weekday_hour"], sum_grid);
  for (std::size_t b = 0; b < 8; ++b) EXPECT_EQ(chain["wait_histogram"][b]["count"], sum_waits[b]);
  EXPECT_TRUE(chain["branch"].is_null());
  get_json(hq.server.url(), key, "/v1/trends?from=2026-01-01", 400);
  get_json(hq.server.url(), key, "/v1/branches/branch-09/trends" + period, 404);
}

TEST_P(HqTables, VisitsComeAPageAtATimeEachExactlyOnceNewestFirst) {
  TempDir dir;
  Hq hq(backend(), dir);
  const std::string kiosk = dir.file("kiosk.db");
  fill_kiosk(kiosk, 1200, 9);
  hq.serve();
  ASSERT_EQ(sync_kiosk(kiosk, hq.server.url(), hq.token).status, 0);
  const std::string viewer = add_key(hq.db, "crm", "viewer"), supervisor = add_key(hq.db, "boss", "supervisor");
  const auto total = static_cast<std::size_t>(Sql(kiosk).number("SELECT count(*) FROM visits"));
  ASSERT_GT(total, 100u);

  auto all_pages = [&](const std::string& key, const std::string& filter) {
    std::vector<nlohmann::json> out;
    std::string path = "/v1/branches/branch-01/visits?limit=17" + filter;
    for (int pages = 0; pages < 1000; ++pages) {
      const nlohmann::json page = get_json(hq.server.url(), key, path);
      EXPECT_LE(page["visits"].size(), 17u);
      for (const nlohmann::json& v : page["visits"]) out.push_back(v);
      if (page["next"].is_null()) break;
      path = "/v1/branches/branch-01/visits?limit=17" + filter + "&after=" + page["next"].get<std::string>();
    }
    return out;
  };
  const std::vector<nlohmann::json> seen = all_pages(viewer, "");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_TRUE(ids.insert(seen[i]["id"].get<std::string>()).second) << "twice: " << seen[i]["id"];
    if (i > 0) {
      EXPECT_GE(seen[i - 1]["arrived"].get<std::string>(), seen[i]["arrived"].get<std::string>());
    }
    for (const char* f : {"phone", "surname", "title"}) EXPECT_FALSE(seen[i].contains(f));
  }
  EXPECT_EQ(ids.size(), total);
  EXPECT_EQ(hq.log().find("personal_data_read"), std::string::npos);

  // One day, by a supervisor: that day's visits only, with who they are.
  const std::string day = days_of(kiosk).front();
  const std::vector<nlohmann::json> one_day = all_pages(supervisor, "&from=" + day + "&to=" + day);
  ASSERT_FALSE(one_day.empty());
  std::size_t with_phone = 0;
  for (const nlohmann::json& v : one_day) {
    EXPECT_EQ(v["day"], day);
    with_phone += !v["phone"].get<std::string>().empty();
  }
  EXPECT_GT(with_phone, 0u);
  EXPECT_LT(one_day.size(), total);
  EXPECT_NE(hq.log().find("personal_data_read reader=boss"), std::string::npos);
  get_json(hq.server.url(), viewer, "/v1/branches/branch-01/visits?after=bogus", 400);
  get_json(hq.server.url(), viewer, "/v1/branches/branch-01/visits?limit=0", 400);
  get_json(hq.server.url(), viewer, "/v1/branches/branch-01/visits?from=monday", 400);
}

INSTANTIATE_TEST_SUITE_P(Backends, HqTables, kBackends, backend_param_name);

// A chain: two servers on one PostgreSQL write the same branches' tables at once (the same
// batches to both, as a proxy retrying elsewhere would send them, and batches to either), and
// the tables end as a rebuild from the items makes them.
struct HqTablesChain : ::testing::Test {
  void SetUp() override { require_backend(Backend::postgres); }
};

TEST_F(HqTablesChain, TwoServersWritingOnePostgresEndWithTheTablesOfARebuild) {
  TempDir dir;
  const std::string one = dir.file("one.db"), two = dir.file("two.db");
  fill_kiosk(one, 1200, 21);
  fill_kiosk(two, 1200, 22);
  Hq a(postgres().fresh_database(), "branch-01", dir.file("a.log"));
  Hq b(a.db, "branch-02", dir.file("b.log"));
  a.serve(), b.serve();
  const auto payloads = Sql(one).rows("SELECT payload FROM outbox ORDER BY seq");
  std::thread other([&] { EXPECT_EQ(sync_kiosk(two, a.server.url(), b.token, 25).status, 0); });
  int wrong = 0;
  for (std::size_t at = 0, n = 0; at < payloads.size(); at += 30, ++n) {
    std::string items;
    for (std::size_t i = at; i < std::min(at + 30, payloads.size()); ++i) items += (i > at ? "," : "") + payloads[i][0];
    std::vector<const Hq*> to;
    if (n % 3 == 0) to = {&a, &b};
    else to = {n % 3 == 1 ? &a : &b};
    std::vector<std::thread> senders;
    for (const Hq* hq : to)
      senders.emplace_back([&, port = hq->server.port()] {
        httplib::Client c("127.0.0.1", port);
        const auto res = c.Post("/v1/checkins", {{"Authorization", "Bearer " + a.token}}, "{\"items\":[" + items + "]}",
                                "application/json");
        if (!res || res->status != 200) ++wrong;
      });
    for (std::thread& t : senders) t.join();
  }
  other.join();
  EXPECT_EQ(wrong, 0);
  const std::vector<std::string> live = dump_tables(Backend::postgres, a.db);
  ASSERT_EQ(table_rows(live, 0), 2u);
  EXPECT_NE(live[0].find("branch-01|" + std::to_string(payloads.size()) + "|"), std::string::npos) << live[0];
  a.server.stop(), b.server.stop();
  EXPECT_EQ(a.log().find("branch_tables_not_written"), std::string::npos) << a.log();
  EXPECT_EQ(b.log().find("branch_tables_not_written"), std::string::npos) << b.log();
  const Ran rebuilt = run({HQ_BIN, "rebuild", "--db", a.db});
  ASSERT_EQ(rebuilt.status, 0) << rebuilt.err;
  EXPECT_EQ(dump_tables(Backend::postgres, a.db), live);
  for (const char* branch : {"branch-01", "branch-02"}) {
    const Ran at_hq = run({HQ_BIN, "dispatch", "--db", a.db, "--branch", branch, "--day", "2026-11-24", "--csv"});
    EXPECT_EQ(at_hq.out, kiosk_report(std::string(branch) == "branch-01" ? one : two, "2026-11-24"));
  }
}

}  // namespace
}  // namespace lobby::itest
