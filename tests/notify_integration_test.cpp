// The managers' notices end to end: real SQLite files, the real `kiosk notify` program and
// the real sender thread with libcurl, against the fake robot (fake_robot.cpp), which checks
// each platform's request format and signature and answers as the platform would, or
// misbehaves on request (rate limited, bad signature, slow, HTTP 500).
#include "hq_support.h"
#include "kiosk/core/local_time.h"
#include "kiosk/store/reception.h"
#include "sync/notify/notify_worker.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <map>
#include <thread>

namespace lobby::itest {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

Time local_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return static_cast<Time>(now) + local.tm_gmtoff;
}

// The fake robot of one platform, on a free port.
struct Robot {
  std::string channel, key = "KEY-1", secret = "SEC-1";
  Background process;
  explicit Robot(std::string c, const std::string& mode = "ok") : channel(std::move(c)) {
    process.start({FAKE_ROBOT_BIN, "--channel", channel, "--key", key, "--secret", secret, "--mode", mode,
                   "--slow-ms", "1500", "--quiet"});
  }
  // The robot's address as its settings page would show it, with `k` as its key or token.
  std::string url(const std::string& k) const {
    const std::string base = process.url();
    if (channel == "wecom") return base + "/cgi-bin/webhook/send?key=" + k;
    if (channel == "dingtalk") return base + "/robot/send?access_token=" + k;
    if (channel == "feishu") return base + "/open-apis/bot/v2/hook/" + k;
    return base + "/hook";
  }
  json get(const std::string& path) const {
    httplib::Client c("127.0.0.1", process.port());
    auto r = c.Get(path.c_str());
    return r ? json::parse(r->body) : json();
  }
  json received() const { return get("/received"); }
  json stats() const { return get("/stats"); }
  void mode(const std::string& m) const {
    httplib::Client c("127.0.0.1", process.port());
    c.Post(("/mode?set=" + m).c_str(), "", "text/plain");
  }
  // How many times each ticket was named in the messages received.
  std::map<std::string, int> tickets() const {
    std::map<std::string, int> n;
    for (const json& m : received()) {
      const std::string text = m["text"];
      // Each notice names its ticket once per language; count the first language's lines only.
      const std::string first = text.substr(0, text.find("\n\n"));
      for (std::size_t at = first.find('A'); at != std::string::npos; at = first.find('A', at + 1))
        if (at + 4 <= first.size() && std::isdigit(static_cast<unsigned char>(first[at + 1])) &&
            std::isdigit(static_cast<unsigned char>(first[at + 2])) && std::isdigit(static_cast<unsigned char>(first[at + 3])))
          ++n[first.substr(at, 4)];
    }
    return n;
  }
};

// A branch of three managers (two with mobiles) whose events go through the real transaction.
struct Branch {
  TempDir dir;
  std::string db = dir.file("kiosk.db");
  std::unique_ptr<Store> store = std::make_unique<Store>(db);
  std::unique_ptr<Reception> reception;
  int visits = 0;
  Branch() {
    store->add_manager({"M01", "王丽", "王", "f", "manager"}, "");
    store->add_manager({"M02", "李强", "李", "m", "manager"}, "");
    store->add_manager({"M03", "陈静", "陈", "f", "manager"}, "");
    store->set_manager_mobile("M01", "13912345678");
    store->set_manager_mobile("M02", "13887654321");
    reception = std::make_unique<Reception>(*store);
    handle(R"({"ev":"roster","order":["M01","M02","M03"]})");
    for (const char* m : {"M01", "M02", "M03"}) handle(std::string(R"({"ev":"clock_in","m":")") + m + "\"}");
  }
  void handle(const std::string& line, Time t = 0) {
    Event e = event("{\"t\":\"" + format_local_time(t ? t : local_now()) + "\"," + line.substr(1));
    const Handled h = reception->handle(e, "test");
    ASSERT_TRUE(h.ok()) << line << h.outcome.error << h.failure;
  }
  // A walk-in who is served at once (the one before them is finished first). Returns the visit id.
  std::string walk_in(Time t = 0) {
    const std::string id = "c" + std::to_string(++visits);
    if (visits > 3) handle(R"({"ev":"finish","id":"c)" + std::to_string(visits - 3) + "\"}", t);
    handle(R"({"ev":"arrive","id":")" + id + R"(","surname":"张","title":"先生"})", t);
    return id;
  }
  void settings(const Robot& r, const std::string& key, const std::string& secret, const std::string& language = "en") {
    write_file(dir.file("kiosk.toml"), "database = \"" + db + "\"\n[notify]\nchannel = \"" + r.channel +
                                           "\"\nurl = \"" + r.url(key) + "\"\nsecret = \"" + secret +
                                           "\"\nlanguage = \"" + language + "\"\n");
  }
  Ran drain(int deadline_s = 30) {
    return kiosk({"notify", "--config", dir.file("kiosk.toml"), "--drain", "--deadline", std::to_string(deadline_s),
                  "--assets", SOURCE_DIR "/assets"});
  }
  std::int64_t count(const std::string& status) {
    Sql sql(db);
    return sql.number("SELECT count(*) FROM notices WHERE status = '" + status + "'");
  }
};

TEST(Notify, EveryPlatformGetsItsOwnSignedFormatAndEachNoticeOnce) {
  for (const char* channel : {"wecom", "dingtalk", "feishu", "webhook"}) {
    SCOPED_TRACE(channel);
    Robot robot(channel);
    Branch b;
    b.settings(robot, robot.key, robot.secret, "both");
    for (int i = 0; i < 3; ++i) b.walk_in();
    const Ran r = b.drain();
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(b.count("sent"), 3);
    EXPECT_EQ(b.count("pending"), 0);
    const json stats = robot.stats();
    EXPECT_EQ(stats["rejected"], 0) << "the signature and key are right";
    EXPECT_EQ(stats["malformed"], 0) << "the body is in the platform's format";
    ASSERT_EQ(robot.received().size(), 1u) << "three notices waiting together are one message";
    const json m = robot.received()[0];
    const std::string text = m["text"];
    for (const char* t : {"A001", "A002", "A003", "张先生", "轮序接待", "Turn order", "王丽"})
      EXPECT_NE(text.find(t), std::string::npos) << t << " in " << text;
    EXPECT_EQ(text.find("138000"), std::string::npos);
    EXPECT_EQ(robot.tickets(), (std::map<std::string, int>{{"A001", 1}, {"A002", 1}, {"A003", 1}}));
    if (std::string(channel) != "feishu") {  // Feishu mentions need open_ids; the names are in the text
      EXPECT_EQ(m["mobiles"], json::array({"13912345678", "13887654321"})) << "M03 has no mobile";
    }
  }
}

TEST(Notify, NothingIsLostAndNothingSentTwiceThroughServerErrors) {
  Robot robot("wecom", "500");
  Branch b;
  b.settings(robot, robot.key, robot.secret);
  for (int i = 0; i < 4; ++i) b.walk_in();
  const Ran failing = b.drain(3);
  EXPECT_EQ(failing.status, 1) << "the robot answers 500: " << failing.out;
  EXPECT_NE(failing.err.find("HTTP 500"), std::string::npos) << failing.err;
  EXPECT_EQ(b.count("pending"), 4) << "nothing is marked sent on a failure";
  {
    Sql sql(b.db);
    EXPECT_GE(sql.number("SELECT failures FROM notify_state"), 1);
    EXPECT_EQ(sql.text("SELECT cause FROM notify_state"), "http");
  }
  b.walk_in();
  robot.mode("ok");
  const Ran ok = b.drain();
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_EQ(b.count("sent"), 5);
  EXPECT_EQ(robot.tickets(),
            (std::map<std::string, int>{{"A001", 1}, {"A002", 1}, {"A003", 1}, {"A004", 1}, {"A005", 1}}));
  Sql sql(b.db);
  EXPECT_EQ(sql.number("SELECT failing_since_ms FROM notify_state"), 0) << "a success clears the failure";
  const Ran again = b.drain();
  EXPECT_EQ(again.status, 0);
  EXPECT_EQ(robot.received().size(), 1u) << "a second drain sends nothing again";
}

TEST(Notify, ARateLimitedAnswerWaitsAndKeepsTheNotices) {
  Robot robot("dingtalk", "rate");
  Branch b;
  b.settings(robot, robot.key, robot.secret);
  b.walk_in();
  const Ran r = b.drain(2);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(b.count("pending"), 1);
  Sql sql(b.db);
  EXPECT_EQ(sql.text("SELECT cause FROM notify_state"), "rate");
  const std::int64_t wait_ms = sql.number("SELECT next_attempt_ms FROM notify_state") - notify_clock_ms();
  EXPECT_GT(wait_ms, 9 * 60 * 1000) << "DingTalk mutes a robot for 10 minutes: no try before then";
  EXPECT_EQ(robot.stats()["rate_limited"], 1) << "one try, then quiet";
}

TEST(Notify, OwnRateLimitMakesABurstWaitAndMerge) {
  Robot robot("wecom");
  Branch b;
  b.settings(robot, robot.key, robot.secret);
  // Twenty messages went out in the last minute (58 s ago): the next may go in about 2 s.
  std::string recent;
  const std::int64_t now = notify_clock_ms();
  for (int i = 0; i < 20; ++i) {
    if (i) recent += ',';
    recent += std::to_string(now - 58000 + i);
  }
  {
    Sql sql(b.db);
    sql.exec("UPDATE notify_state SET channel = 'wecom', recent_sends = '" + recent + "'");
  }
  for (int i = 0; i < 4; ++i) b.walk_in();
  const Ran r = b.drain();
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_GE(r.seconds, 1.5) << "it waited for the minute's window";
  EXPECT_EQ(robot.received().size(), 1u) << "the burst went as one message";
  EXPECT_EQ(robot.tickets().size(), 4u);
}

TEST(Notify, AStaleNoticeExpiresUnsent) {
  Robot robot("feishu");
  Branch b;
  b.settings(robot, robot.key, robot.secret);
  b.walk_in(local_now() - 30 * 60);  // half an hour ago: fresh_minutes is 10
  b.walk_in();
  const Ran r = b.drain();
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("expired 1"), std::string::npos) << r.out;
  EXPECT_EQ(b.count("expired"), 1);
  EXPECT_EQ(b.count("sent"), 1);
  EXPECT_EQ(robot.tickets(), (std::map<std::string, int>{{"A002", 1}}));
}

TEST(Notify, AVoidedCheckInsNoticeIsNotSent) {
  Robot robot("wecom");
  Branch b;
  b.settings(robot, robot.key, robot.secret);
  b.walk_in();
  const std::string mistake = b.walk_in();
  b.handle(R"({"ev":"void","id":")" + mistake + R"(","reason":"test tap"})");
  const Ran r = b.drain();
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(robot.tickets(), (std::map<std::string, int>{{"A001", 1}}));
  EXPECT_EQ(b.count("expired"), 1);
}

TEST(Notify, ALongOutagesBacklogExpiresInOneDrain) {
  Robot robot("wecom");
  Branch b;
  b.settings(robot, robot.key, robot.secret);
  b.walk_in();
  {
    Sql sql(b.db);  // yesterday's 450 notices, never sent (the kiosk had no network)
    sql.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 450) "
             "INSERT INTO notices(event_seq, visit, why, kind, owner, server, t) "
             "SELECT 1, 'c1', 'assigned', 'rotation', 'M01', 'M01', " + std::to_string(local_now() - 86400) + " FROM n");
  }
  const Ran r = b.drain();
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("sent 1 notice(s) in 1 message(s), expired 450, still to send 0"), std::string::npos) << r.out;
}

TEST(Notify, AWrongKeyOrSignatureStopsTheChannelUntilTheSettingsChange) {
  struct Case {
    const char* channel;
    bool wrong_key;
    const char* cause;
  };
  for (const Case c : {Case{"wecom", true, "key"}, Case{"dingtalk", false, "signature"},
                       Case{"feishu", false, "signature"}, Case{"webhook", false, "signature"}}) {
    SCOPED_TRACE(c.channel);
    Robot robot(c.channel);
    Branch b;
    b.settings(robot, c.wrong_key ? "WRONG" : robot.key, c.wrong_key ? robot.secret : "WRONG");
    b.walk_in();
    Ran r = b.drain();
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("correct [notify]"), std::string::npos) << r.err;
    r = b.drain();  // a restart with the same settings does not try again
    EXPECT_EQ(robot.stats()["rejected"], 1);
    {
      Sql sql(b.db);
      EXPECT_EQ(sql.text("SELECT cause FROM notify_state"), c.cause);
      EXPECT_NE(sql.text("SELECT stopped FROM notify_state"), "");
      EXPECT_EQ(sql.text("SELECT failing_since FROM notify_state").size(), 5u) << "HH:MM";
    }
    EXPECT_EQ(b.count("pending"), 1);
    b.settings(robot, robot.key, robot.secret);  // corrected
    r = b.drain();
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(robot.tickets(), (std::map<std::string, int>{{"A001", 1}}));
    Sql sql(b.db);
    EXPECT_EQ(sql.text("SELECT stopped FROM notify_state"), "");
  }
}

TEST(Notify, TheTestMessageSaysWhetherTheRobotTookIt) {
  Robot robot("dingtalk");
  Branch b;
  b.settings(robot, robot.key, robot.secret);
  Ran r = kiosk({"notify", "--config", b.dir.file("kiosk.toml"), "--test", "--assets", SOURCE_DIR "/assets"});
  EXPECT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(robot.received().size(), 1u);
  EXPECT_NE(robot.received()[0]["text"].get<std::string>().find("test message"), std::string::npos);
  b.settings(robot, robot.key, "WRONG");
  r = kiosk({"notify", "--config", b.dir.file("kiosk.toml"), "--test", "--assets", SOURCE_DIR "/assets"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("the signature is wrong"), std::string::npos) << r.err;
}

TEST(Notify, TheSenderThreadNeverDelaysACheckInAndMergesABurst) {
  Robot robot("wecom", "slow");  // every answer takes 1.5 s
  Branch b;
  NotifySettings s;
  s.channel = Channel::wecom;
  s.url = robot.url(robot.key);
  NoticeWords words;
  std::string error;
  ASSERT_TRUE(load_notice_words(SOURCE_DIR "/assets", words, error)) << error;
  NotifyWorker worker(b.db, s, words, [] { return local_now(); }, 300ms, 200ms);
  double slowest = 0;
  for (int i = 0; i < 12; ++i) {
    const auto start = std::chrono::steady_clock::now();
    b.walk_in();
    slowest = std::max(slowest, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    worker.poke();
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_LT(slowest, 0.5) << "a check-in waits for the disk, never for the robot";
  for (int i = 0; i < 200 && b.count("pending") > 0; ++i) std::this_thread::sleep_for(100ms);
  EXPECT_EQ(b.count("sent"), 12);
  const std::size_t messages = robot.received().size();
  EXPECT_LT(messages, 12u) << "notices that waited while the robot was slow went together";
  std::map<std::string, int> once;
  for (int i = 1; i <= 12; ++i) once[(i < 10 ? "A00" : "A0") + std::to_string(i)] = 1;
  EXPECT_EQ(robot.tickets(), once);
  std::printf("12 check-ins 100 ms apart, robot answering in 1.5 s: %zu messages; slowest check-in %.1f ms\n",
              messages, slowest * 1000);
}

TEST(NotifySettings, AMistakeInNotifyIsNamedAndNothingStarts) {
  TempDir dir;
  struct Case {
    const char* table;
    const char* says;
  };
  for (const Case c : {Case{"channel = \"wechat\"\nurl = \"https://x\"", "notify.channel = \"wechat\" is not valid"},
                       Case{"channel = \"wecom\"\nurl = \"qyapi.weixin.qq.com/x\"", "notify.url"},
                       Case{"channel = \"webhook\"\nurl = \"https://x\"", "notify.secret is missing"},
                       Case{"channel = \"wecom\"\nurl = \"https://x\"\nfresh_minutes = 0", "notify.fresh_minutes"},
                       Case{"channel = \"wecom\"\nurl = \"https://x\"\nlanguage = \"fr\"", "notify.language"}}) {
    write_file(dir.file("k.toml"), std::string("[notify]\n") + c.table + "\n");
    const Ran r = kiosk({"notify", "--config", dir.file("k.toml"), "--test"});
    EXPECT_EQ(r.status, 2) << c.table;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    const Ran run = kiosk({"run", "--config", dir.file("k.toml"), "--db", dir.file("k.db"), "--check"});
    EXPECT_EQ(run.status, 2) << "kiosk run refuses the same file: " << c.table;
  }
  write_file(dir.file("k.toml"), "[notify]\nchannel = \"none\"\n");
  const Ran none = kiosk({"notify", "--config", dir.file("k.toml"), "--test"});
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("no robot is set"), std::string::npos) << none.err;
  const Ran example = kiosk({"run", "--config", SOURCE_DIR "/assets/config/kiosk.toml", "--check"});
  EXPECT_EQ(example.status, 0) << example.err;
  EXPECT_NE(example.out.find("notify.channel = none"), std::string::npos) << example.out;
  EXPECT_NE(example.out.find("notify.fresh_minutes = 10"), std::string::npos);
}

TEST(NotifySettings, AManagersMobileIsCheckedLikeACustomersAndKept) {
  TempDir dir;
  const std::string db = dir.file("k.db");
  Ran r = kiosk({"roster", "add", "--db", db, "--id", "M01", "--name", "王丽", "--mobile", "1391234"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--mobile"), std::string::npos) << r.err;
  r = kiosk({"roster", "add", "--db", db, "--id", "M01", "--name", "王丽", "--mobile", "+86 139-1234-5678"});
  EXPECT_EQ(r.status, 0) << r.err;
  r = kiosk({"roster", "add", "--db", db, "--id", "M01", "--name", "王丽", "--pin", "1234"});  // keeps the mobile
  EXPECT_EQ(r.status, 0) << r.err;
  Store store(db, Store::Mode::read_only);
  EXPECT_EQ(store.manager_mobiles(), (std::map<std::string, std::string>{{"M01", "13912345678"}}));
}

}  // namespace
}  // namespace lobby::itest
