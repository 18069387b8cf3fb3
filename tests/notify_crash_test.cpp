// kill -9 and the managers' notices: notices are committed with their events, so a kiosk
// killed at any moment loses none, and a sender killed mid-work neither loses nor repeats one.
#include "hq_support.h"
#include "kiosk/core/local_time.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <functional>
#include <map>
#include <regex>
#include <thread>

namespace lobby::itest {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

std::string local_iso_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return format_local_time(static_cast<Time>(now) + local.tm_gmtoff);
}

// Starts `args`, lets it run until `ready()` (checked every 2 ms, at most 60 s) or for `for_ms`,
// then kills it with SIGKILL; true if the kill ended it. Waiting for a state, not a time, keeps
// the kill in the middle of the work on a fast machine and on a loaded one alike.
bool run_then_kill(const std::vector<std::string>& args, const std::string& input, int for_ms,
                   const std::function<bool()>& ready = {}) {
  const pid_t pid = spawn_quiet(args, input);
  if (ready) {
    for (int i = 0; i < 30000 && !ready(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  } else {
    std::this_thread::sleep_for(std::chrono::milliseconds(for_ms));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

TEST(NotifyCrash, NoticesCommittedBeforeAKillAreEachSentOnceAfterTheRestart) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  Background robot({FAKE_ROBOT_BIN, "--channel", "wecom", "--key", "K", "--mode", "500", "--quiet"});
  write_file(dir.file("kiosk.toml"), "database = \"" + db + "\"\n[notify]\nchannel = \"wecom\"\nurl = \"" +
                                         robot.url() + "/cgi-bin/webhook/send?key=K\"\nlanguage = \"en\"\n");
  // A morning of walk-ins, every one served at once (the one three before is finished first).
  const std::string t = local_iso_now();
  std::string events = R"({"ev":"roster","order":["M01","M02","M03"],"t":")" + t + "\"}\n";
  for (const char* m : {"M01", "M02", "M03"}) events += std::string(R"({"ev":"clock_in","m":")") + m + R"(","t":")" + t + "\"}\n";
  for (int i = 1; i <= 600; ++i) {
    if (i > 3) events += R"({"ev":"finish","id":"c)" + std::to_string(i - 3) + R"(","t":")" + t + "\"}\n";
    events += R"({"ev":"arrive","id":"c)" + std::to_string(i) + R"(","surname":"张","title":"先生","t":")" + t + "\"}\n";
  }
  write_file(dir.file("events.jsonl"), events);
  // 1. The kiosk is killed while it commits check-ins: once some are committed, long before all.
  auto some_committed = [&] {
    sqlite3* peek = nullptr;
    long long n = 0;
    if (sqlite3_open_v2(db.c_str(), &peek, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* s = nullptr;
      if (sqlite3_prepare_v2(peek, "SELECT count(*) FROM visits", -1, &s, nullptr) == SQLITE_OK &&
          sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
      sqlite3_finalize(s);
    }
    sqlite3_close(peek);
    return n >= 30;
  };
  EXPECT_TRUE(run_then_kill({KIOSK_BIN, "replay", "--db", db}, dir.file("events.jsonl"), 0, some_committed));
  Sql sql(db);
  const long long committed = sql.number("SELECT count(*) FROM visits");
  ASSERT_GT(committed, 3) << "some check-ins were committed before the kill";
  ASSERT_LT(committed, 600) << "the kill came before the end";
  EXPECT_EQ(sql.number("SELECT count(*) FROM notices"), committed) << "each committed check-in has its notice";
  std::printf("%lld check-ins committed before the kill\n", committed);
  // 2. The sender is killed while the robot fails and it backs off.
  EXPECT_TRUE(run_then_kill({KIOSK_BIN, "notify", "--config", dir.file("kiosk.toml"), "--drain", "--assets",
                             SOURCE_DIR "/assets"}, "", 1500));
  EXPECT_EQ(sql.number("SELECT count(*) FROM notices WHERE status = 'pending'"), committed);
  // 3. After the restart, with the robot working again, each is sent once.
  httplib::Client(robot.url()).Post("/mode?set=ok", "", "text/plain");
  sql.exec("UPDATE notify_state SET next_attempt_ms = 0");  // the restart is later than the backoff
  const Ran r = kiosk({"notify", "--config", dir.file("kiosk.toml"), "--drain", "--deadline", "300", "--assets",
                       SOURCE_DIR "/assets"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(sql.number("SELECT count(*) FROM notices WHERE status = 'sent'"), committed);
  httplib::Client c(robot.url());
  const json received = json::parse(c.Get("/received")->body);
  std::map<std::string, int> seen;
  const std::regex ticket("A[0-9]{3,}");
  for (const json& m : received) {
    const std::string text = m["text"];
    for (auto it = std::sregex_iterator(text.begin(), text.end(), ticket); it != std::sregex_iterator(); ++it)
      ++seen[it->str()];
  }
  EXPECT_EQ(static_cast<long long>(seen.size()), committed);
  for (const auto& [t, n] : seen) EXPECT_EQ(n, 1) << t << " was sent " << n << " times";
  EXPECT_EQ(json::parse(c.Get("/stats")->body)["over_limit"], 0) << "the robot's limit was kept";
}

}  // namespace
}  // namespace lobby::itest
