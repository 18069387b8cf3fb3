// Each branch's day at HQ: a busy day at a real kiosk, synced to a real kiosk-hq, must give
// the same dispatch log at HQ as at the branch, byte for byte; and HQ's replay waits at a gap
// in a branch's event_seq until the missing item arrives.
#include "hq_support.h"
#include "ops_support.h"
#include "sync/hq/branch_day.h"

#include <httplib.h>

namespace lobby::itest {
namespace {

// A busy branch: twelve named managers (one name needs CSV quoting) and a supervisor, several
// simulated days (absences that earn make-up credits and absences that do not, returning
// customers, named managers, phone enquiries, reassignments), then voids, a confirmed claim
// and a move of a waiting customer. Returns the days it covers.
std::vector<std::string> busy_branch(const std::string& db) {
  Store store(db);
  const char* const names[] = {"王丽", "李强", "张伟", "刘洋", "陈静", "杨帆", "黄磊", "赵敏", "吴昊", "周婷",
                               "Smith, \"Jo\"", "孙悦"};
  for (int i = 0; i < 12; ++i) {
    ManagerProfile p;
    p.id = (i < 9 ? "M0" : "M") + std::to_string(i + 1), p.display_name = names[i];
    store.add_manager(p, "");
  }
  ManagerProfile supervisor;
  supervisor.id = "S01", supervisor.display_name = "钱主管", supervisor.role = "supervisor";
  store.add_manager(supervisor, "");
  Reception reception(store);
  SimulationSpec spec;
  spec.seed = 11, spec.managers = 12, spec.events = 2500, spec.returning_percent = 30;
  Time t = 0;
  for (const Event& e : simulate_lobby(spec)) reception.handle(e, "test"), t = e.t;

  auto handle = [&](Event e) {
    e.t = t += 60;
    return reception.handle(e, "test").ok();
  };
  int voids = 0, claims = 0, moved_waiting = 0;
  // Void one customer in reception and one already finished.
  for (const VisitView& v : reception.engine().visits()) {
    if (voids >= 2) break;
    if (v.status != VisitView::Status::receiving && v.status != VisitView::Status::done) continue;
    Event e;
    e.type = EventType::void_visit, e.id = v.id, e.reason = "mistake";
    voids += handle(e);
  }
  // A manager claims a finished customer as theirs; the supervisor confirms it.
  for (const VisitView& v : reception.engine().visits()) {
    if (claims || v.status != VisitView::Status::done || v.owner == "M05") continue;
    Event claim;
    claim.type = EventType::claim, claim.id = v.id, claim.m = "M05";
    Event confirm;
    confirm.type = EventType::claim_confirm, confirm.id = v.id;
    claims += handle(claim) && handle(confirm);
  }
  // Everyone at work, walk-ins until one waits, then the supervisor moves the waiting customer.
  for (const ManagerView& m : reception.engine().managers()) {
    Event in;
    in.type = m.state == State::off ? EventType::clock_in : EventType::status, in.m = m.id;
    if (m.state != State::receiving && m.state != State::available) handle(in);
  }
  for (int i = 0; i < 40 && reception.engine().waiting().empty(); ++i) {
    Event a;
    a.type = EventType::arrive, a.id = "late" + std::to_string(i);
    handle(a);
  }
  if (!reception.engine().waiting().empty()) {
    Event r;
    r.type = EventType::reassign, r.id = reception.engine().waiting().front().visit, r.to = "M07";
    moved_waiting += handle(r);
  }
  EXPECT_EQ(voids, 2);
  EXPECT_EQ(claims, 1);
  EXPECT_EQ(moved_waiting, 1);
  Sql sql(db);
  std::vector<std::string> out;
  for (const auto& row : sql.rows("SELECT DISTINCT day FROM decisions ORDER BY day")) out.push_back(row[0]);
  return out;
}

TEST(HqDay, DispatchAtHqEqualsTheBranchsReportByteForByte) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  const std::vector<std::string> days = busy_branch(db);
  ASSERT_GE(days.size(), 3u);
  Hq hq(dir.file("hq.db"));
  hq.serve();
  const Ran sync = run({KIOSK_BIN, "sync", "--db", db, "--hq", hq.server.url(), "--token", hq.token, "--drain",
                        "--deadline", "60"});
  ASSERT_EQ(sync.status, 0) << sync.out << sync.err;

  // The day before the first and every day with decisions, as CSV and as the table.
  DispatchRow total;
  std::vector<std::string> asked{"2026-11-23"};
  asked.insert(asked.end(), days.begin(), days.end());
  for (const std::string& day : asked)
    for (bool csv : {true, false}) {
      std::vector<std::string> k{KIOSK_BIN, "report", "--db", db, "--day", day};
      std::vector<std::string> h{HQ_BIN, "dispatch", "--db", hq.db, "--branch", "branch-01", "--day", day};
      if (csv) k.push_back("--csv"), h.push_back("--csv");
      const Ran at_branch = run(k), at_hq = run(h);
      ASSERT_EQ(at_branch.status, 0) << at_branch.err;
      ASSERT_EQ(at_hq.status, 0) << at_hq.err;
      EXPECT_EQ(at_hq.err, "");  // no gap, nothing replayed differently
      EXPECT_EQ(at_hq.out, at_branch.out) << day;
      if (!csv) continue;
      EXPECT_EQ(at_hq.lines().size(), 14u) << at_hq.out;  // header, 12 managers, the supervisor
      Store store(db, Store::Mode::read_only);
      for (const DispatchRow& r : store.dispatch_log(day)) {
        total.rotation += r.rotation, total.makeup += r.makeup, total.requested += r.requested;
        total.returning += r.returning, total.reassigned_in += r.reassigned_in, total.task_skips += r.task_skips;
        total.forfeits += r.forfeits, total.already_served += r.already_served;
      }
    }
  // The day was busy in every way the log counts, so the equality above means something.
  for (int n : {total.rotation, total.makeup, total.requested, total.returning, total.reassigned_in, total.task_skips,
                total.forfeits, total.already_served})
    EXPECT_GT(n, 0);
  EXPECT_NE(run({HQ_BIN, "dispatch", "--db", hq.db, "--branch", "branch-01", "--day", days[0], "--csv"}).out.find(
                "\"Smith, \"\"Jo\"\"\""),
            std::string::npos);
  EXPECT_EQ(run({HQ_BIN, "dispatch", "--db", hq.db, "--branch", "branch-02", "--day", days[0]}).status, 2);
}

// The kiosk's items as it sends them, in event_seq order.
std::vector<std::string> items_of(const std::string& db) {
  Store store(db, Store::Mode::read_only);
  std::vector<std::string> out;
  for (const OutboxItem& i : store.outbox_batch(100000)) out.push_back(i.payload);
  return out;
}

TEST(HqDay, AGapInEventSeqStopsTheReplayUntilTheMissingItemArrives) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  const std::vector<std::string> days = busy_branch(db);
  const std::vector<std::string> items = items_of(db);
  ASSERT_GT(items.size(), 2000u);
  const std::size_t missing = 300;  // event_seq 301, on the first day
  BranchReplay hq, prefix;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (i != missing) hq.add(items[i], "2026-11-24T10:00:00Z");
  for (std::size_t i = 0; i < missing; ++i) prefix.add(items[i], "2026-11-24T10:00:00Z");
  EXPECT_TRUE(hq.progress().gap());
  EXPECT_EQ(hq.progress().applied_seq, static_cast<std::int64_t>(missing));
  EXPECT_EQ(hq.progress().highest_seq, static_cast<std::int64_t>(items.size()));
  EXPECT_EQ(hq.progress().waiting_items, items.size() - missing - 1);
  EXPECT_EQ(hq.progress().last_event, prefix.progress().last_event);
  EXPECT_EQ(hq.visits().size(), prefix.visits().size());
  Store store(db, Store::Mode::read_only);
  const std::string full = dispatch_csv(store.dispatch_log(days[0]));
  EXPECT_EQ(dispatch_csv(hq.dispatch(days[0])), dispatch_csv(prefix.dispatch(days[0])));
  EXPECT_NE(dispatch_csv(hq.dispatch(days[0])), full);

  // A re-send changes nothing; another item under a taken number is counted, not replayed.
  hq.add(items[3], "2026-11-24T10:01:00Z");
  nlohmann::json clash = nlohmann::json::parse(items[3]);
  clash["uuid"] = "00000000-0000-4000-8000-000000000000";
  hq.add(clash.dump(), "2026-11-24T10:01:00Z");
  EXPECT_EQ(hq.progress().repeated_seq, 1u);

  hq.add(items[missing], "2026-11-24T10:02:00Z");
  EXPECT_FALSE(hq.progress().gap());
  EXPECT_EQ(hq.progress().applied_seq, static_cast<std::int64_t>(items.size()));
  EXPECT_EQ(hq.progress().waiting_items, 0u);
  EXPECT_EQ(hq.progress().diverged, 0u);
  EXPECT_EQ(hq.progress().last_received, "2026-11-24T10:02:00Z");
  for (const std::string& day : days) EXPECT_EQ(dispatch_csv(hq.dispatch(day)), dispatch_csv(store.dispatch_log(day)));

  // The visits and the staff are the branch's own too.
  std::vector<VisitRecord> at_hq, at_branch;
  for (const BranchVisit& v : hq.visits())
    at_hq.push_back({v.ticket, format_local_time(v.arrived), v.surname, v.title, v.phone, v.kind, v.owner, v.server,
                     v.status, v.voided ? format_local_time(*v.voided) : ""});
  for (const std::string& day : days)
    for (VisitRecord& r : store.visit_records(day)) at_branch.push_back(std::move(r));
  EXPECT_EQ(visits_csv(at_hq), visits_csv(at_branch));
  std::size_t waited = 0, skipped = 0;
  for (const BranchVisit& v : hq.visits()) {
    EXPECT_GE(v.wait_minutes().value_or(0), 0.0);
    EXPECT_GE(v.service_minutes().value_or(0), 0.0);
    waited += v.wait_minutes().value_or(0) > 0, skipped += !v.skips.empty();
  }
  EXPECT_GT(waited, 0u);
  EXPECT_GT(skipped, 0u);
  RotationEngine branch;
  store.replay_into(branch);
  const std::vector<ManagerProfile> staff = store.managers();
  const std::vector<BranchManager> managers = hq.managers();
  ASSERT_EQ(managers.size(), staff.size());
  for (std::size_t i = 0; i < staff.size(); ++i) {
    EXPECT_EQ(managers[i].id, staff[i].id);
    EXPECT_EQ(managers[i].name, staff[i].display_name);
  }
  EXPECT_EQ(state_of(hq.engine()), state_of(branch));
}

TEST(HqDay, KioskHqDispatchSaysWhereTheReplayWaits) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  fill_kiosk(db, 60);
  const std::vector<std::string> items = items_of(db);
  Hq hq(dir.file("hq.db"));
  hq.serve();
  std::string batch;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (i != 30) batch += (batch.empty() ? "" : ",") + items[i];
  httplib::Client c("127.0.0.1", hq.server.port());
  auto res = c.Post("/v1/checkins", {{"Authorization", "Bearer " + hq.token}}, "{\"items\":[" + batch + "]}",
                    "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const Ran waiting = run({HQ_BIN, "dispatch", "--db", hq.db, "--branch", "branch-01", "--day", "2026-11-24", "--csv"});
  EXPECT_EQ(waiting.status, 0);
  EXPECT_NE(waiting.err.find("event_seq 31 has not arrived"), std::string::npos) << waiting.err;
  EXPECT_NE(waiting.err.find(std::to_string(items.size() - 31) + " later items wait"), std::string::npos) << waiting.err;
  res = c.Post("/v1/checkins", {{"Authorization", "Bearer " + hq.token}}, "{\"items\":[" + items[30] + "]}",
               "application/json");
  ASSERT_TRUE(res);
  const Ran complete = run({HQ_BIN, "dispatch", "--db", hq.db, "--branch", "branch-01", "--day", "2026-11-24", "--csv"});
  EXPECT_EQ(complete.err, "");
  EXPECT_EQ(complete.out, kiosk({"report", "--db", db, "--day", "2026-11-24", "--csv"}).out);
}

}  // namespace
}  // namespace lobby::itest
