// Power cuts: `kiosk replay --db` is killed with SIGKILL at a random moment, round after
// round on the same database. Whatever it printed was committed (it flushes a line only
// after the commit), so every reported check-in must be on disk exactly once, the file
// must stay intact, and the engine rebuilt from it must keep its invariants.
#include "kiosk/core/local_time.h"
#include "kiosk/core/simulate.h"
#include "kiosk/store/reception.h"
#include "test_support.h"

#include <nlohmann/json.hpp>

#include <map>
#include <random>
#include <set>

namespace lobby::itest {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// `kiosk replay --db DB` reading `events_file`, killed after `delay`. Returns the complete
// lines it printed and whether it was the kill that ended it.
struct Killed {
  std::vector<std::string> lines;
  bool by_kill = false;
};
Killed replay_then_kill(const std::string& db, const std::string& events_file, std::chrono::milliseconds delay) {
  int out[2];
  if (pipe(out)) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int in = open(events_file.c_str(), O_RDONLY);
    const int null = open("/dev/null", O_WRONLY);
    dup2(in, 0), dup2(out[1], 1), dup2(null, 2);
    close(out[0]), close(out[1]), close(in), close(null);
    execl(KIOSK_BIN, KIOSK_BIN, "replay", "--db", db.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string text;
  char buf[65536];
  // `delay` counts from the first line the replay prints, so the kill lands in the middle of
  // the work on a fast machine, a loaded one and a sanitizer build alike.
  auto deadline = Clock::now() + std::chrono::seconds(30);
  bool open_pipe = true, started = false;
  while (open_pipe && Clock::now() < deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left) + 1) > 0) {
      const ssize_t n = read(out[0], buf, sizeof buf);
      if (n <= 0) open_pipe = false;
      else text.append(buf, static_cast<std::size_t>(n));
      if (n > 0 && !started) started = true, deadline = Clock::now() + delay;
    }
  }
  kill(pid, SIGKILL);
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return {split_lines(text), WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL};
}

// A simulated stretch of days starting at `start`, its visit ids made unique to the round.
std::vector<Event> round_stream(int round, Time start) {
  SimulationSpec spec;
  spec.seed = 1000 + static_cast<std::uint64_t>(round);
  spec.managers = 8;
  spec.events = 2000;
  spec.start = start;
  spec.mistakes = true;
  std::vector<Event> events = simulate_lobby(spec);
  for (Event& e : events)
    if (!e.id.empty()) e.id = "r" + std::to_string(round) + "-" + e.id;
  return events;
}

// Finishes whatever the database still has in reception, so a new round starts with free staff.
std::vector<Event> finish_open_receptions(const std::string& db, Time at) {
  std::vector<Event> r;
  Store store(db);
  Reception reception(store);
  for (const ManagerView& m : reception.engine().managers()) {
    if (m.serving.empty()) continue;
    Event e;
    e.type = EventType::finish;
    e.t = at;
    e.id = m.serving;
    r.push_back(e);
  }
  return r;
}

TEST(Crash, KilledReplayLosesNothingItReportedAndKeepsTheFileIntact) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  std::mt19937_64 rng(424242);
  constexpr int kRounds = 16;  // about 2 s in all: each round lives 5-150 ms
  const Time first_day = *parse_local_time("2026-11-24T09:00:00");
  int kills = 0;
  std::size_t reported_total = 0;
  { Store created(db); }  // a kill in the first milliseconds finds the tables there, as a kiosk's would

  for (int round = 1; round <= kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const Time start = first_day + Time{30} * kSecondsPerDay * round;  // days after the last round's
    std::vector<Event> stream = round > 1 ? finish_open_receptions(db, start - 60) : std::vector<Event>{};
    for (Event& e : round_stream(round, start)) stream.push_back(std::move(e));
    const std::string events_file = dir.file("round" + std::to_string(round) + ".jsonl");
    write_file(events_file, to_jsonl(stream));

    const auto delay = std::chrono::milliseconds(5 + rng() % 146);
    const Killed run = replay_then_kill(db, events_file, delay);
    kills += run.by_kill;

    // What the killed program said it had committed.
    std::set<std::string> arrivals;
    std::vector<json> decisions;
    for (const std::string& line : run.lines) {
      const json j = json::parse(line, nullptr, false);
      if (j.is_discarded()) {  // the kill cut the last line short: it was never said in full
        EXPECT_EQ(&line, &run.lines.back()) << line;
        continue;
      }
      if (j.contains("error")) continue;
      if (j.contains("queued")) {
        arrivals.insert(j["id"].get<std::string>());
        continue;
      }
      decisions.push_back(j);
      if (j["kind"] != "reassigned") arrivals.insert(j["id"].get<std::string>());
    }
    reported_total += arrivals.size();

    Sql sql(db);
    ASSERT_EQ(sql.text("PRAGMA integrity_check"), "ok");
    for (const std::string& id : arrivals)
      EXPECT_EQ(sql.number("SELECT count(*) FROM visits WHERE id = ?1", {id}), 1) << id;
    for (const json& d : decisions) {
      const std::string server = d["server"].is_null() ? "NULL" : d["server"].get<std::string>();
      EXPECT_EQ(sql.number("SELECT count(*) FROM decisions WHERE visit = ?1 AND kind = ?2 AND t = ?3 AND "
                           "coalesce(server, 'NULL') = ?4",
                           {d["id"].get<std::string>(), d["kind"].get<std::string>(), d["t"].get<std::string>(),
                            server}),
                1)
          << d.dump();
    }
    EXPECT_EQ(sql.rows("SELECT visit FROM decisions WHERE kind != 'reassigned' GROUP BY visit HAVING count(*) > 1"),
              std::vector<std::vector<std::string>>{});
    const long long events = sql.number("SELECT count(*) FROM events");
    EXPECT_EQ(sql.number("SELECT count(*) FROM outbox"), events);
    EXPECT_EQ(sql.number("SELECT count(*) FROM audit"), events);
  }
  EXPECT_GE(kills, kRounds * 3 / 4) << "most rounds should end in the middle of the stream";
  EXPECT_GT(reported_total, 20u) << "the rounds should get far enough to commit check-ins";

  // The engine rebuilt from what survived keeps its invariants and agrees with the visits table.
  Store store(db);
  Reception reception(store);
  std::map<std::string, std::string> server_of;  // visit -> manager serving it, per the engine
  for (const ManagerView& m : reception.engine().managers()) {
    if (m.serving.empty()) continue;
    EXPECT_EQ(m.state, State::receiving) << m.id;
    EXPECT_TRUE(server_of.emplace(m.serving, m.id).second) << m.serving << " is served twice";
  }
  Sql sql(db);
  const auto receiving = sql.rows("SELECT id, server FROM visits WHERE status = 'receiving'");
  EXPECT_EQ(receiving.size(), server_of.size());
  for (const auto& row : receiving) {
    auto it = server_of.find(row[0]);
    ASSERT_NE(it, server_of.end()) << row[0] << " is receiving in the table but nobody serves it";
    EXPECT_EQ(it->second, row[1]) << row[0];
  }
}

}  // namespace
}  // namespace lobby::itest
