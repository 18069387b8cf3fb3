// The settings files of the kiosk and of HQ, through the real programs: the shipped examples
// hold the defaults, every kind of mistake is refused at start with the file, the key and what
// is expected, and flags given as well override the file.
#include "test_support.h"

#include <csignal>

namespace lobby::itest {
namespace {

Ran hq(std::vector<std::string> args) {
  args.insert(args.begin(), HQ_BIN);
  return run(args);
}

// Every line of `text` but those starting with one of `except`.
std::string without(const std::string& text, std::initializer_list<const char*> except) {
  std::string out;
  for (const std::string& line : split_lines(text)) {
    bool skip = false;
    for (const char* e : except) skip |= line.rfind(e, 0) == 0;
    if (!skip) out += line + "\n";
  }
  return out;
}

TEST(Config, TheShippedExamplesAreValidAndHoldTheDefaults) {
  const Ran file = kiosk({"run", "--config", SOURCE_DIR "/assets/config/kiosk.toml", "--check"});
  ASSERT_EQ(file.status, 0) << file.err;
  const Ran flags = kiosk({"run", "--db", "/var/lib/lobby-kiosk/kiosk.db", "--check"});
  ASSERT_EQ(flags.status, 0) << flags.err;
  EXPECT_EQ(without(file.out, {"privacy.retention_days", "policy"}), without(flags.out, {"privacy.retention_days", "policy"}));
  EXPECT_NE(file.out.find("privacy.retention_days = 365"), std::string::npos) << "the example keeps a year";
  for (const char* policy_default :
       {"policy.default_busy_policy = delegate", "policy.phone_request_uses_turn = true",
        "policy.referral_uses_turn = false", "policy.claim_window_days = 2", "policy.void_returns_turn = true",
        "policy.absence_reasons.rest = break", "policy.absence_reasons.site_visit = task"})
    EXPECT_NE(file.out.find(policy_default), std::string::npos) << policy_default;
  EXPECT_NE(flags.out.find("policy = as the database last recorded"), std::string::npos)
      << "without a settings file the kiosk keeps the recorded rules instead of resetting them";

  const Ran board = kiosk({"display", "--config", SOURCE_DIR "/assets/config/kiosk.toml", "--check"});
  ASSERT_EQ(board.status, 0) << board.err;
  EXPECT_EQ(board.out, kiosk({"display", "--db", "/var/lib/lobby-kiosk/kiosk.db", "--check"}).out);

  const Ran hq_file = hq({"serve", "--config", SOURCE_DIR "/assets/config/hq.toml", "--check"});
  ASSERT_EQ(hq_file.status, 0) << hq_file.err;
  EXPECT_EQ(without(hq_file.out, {"privacy"}), without(hq({"serve", "--db", "/var/lib/kiosk-hq/hq.db", "--check"}).out,
                                                       {"privacy"}));
}

TEST(Config, FlagsOverrideTheFileAndTheFileOverridesTheDefaults) {
  TempDir dir;
  const std::string path = dir.file("kiosk.toml");
  write_file(path, "database = \"" + dir.file("k.db") + "\"\n[kiosk]\nlanguage = \"en\"\nticket_seconds = 20\n"
                   "[policy]\ndefault_busy_policy = \"forfeit\"\n[policy.absence_reasons]\nnap = \"break\"\n");
  const Ran r = kiosk({"run", "--config", path, "--ticket-seconds", "30", "--check"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("database = " + dir.file("k.db")), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("kiosk.language = en"), std::string::npos);
  EXPECT_NE(r.out.find("kiosk.ticket_seconds = 30"), std::string::npos) << "the flag wins";
  EXPECT_NE(r.out.find("policy.default_busy_policy = forfeit"), std::string::npos);
  EXPECT_NE(r.out.find("policy.absence_reasons.nap = break"), std::string::npos);
  EXPECT_EQ(r.out.find("policy.absence_reasons.rest"), std::string::npos) << "a table of reasons replaces the default";
  EXPECT_NE(kiosk({"run", "--config", path, "--db", "/elsewhere.db", "--check"}).out.find("database = /elsewhere.db"),
            std::string::npos);

  write_file(path, "[server]\nthreads = 3\nlisten = \"127.0.0.1:0\"\n");
  const Ran h = hq({"serve", "--config", path, "--db", dir.file("hq.db"), "--threads", "5", "--check"});
  ASSERT_EQ(h.status, 0) << h.err;
  EXPECT_NE(h.out.find("server.threads = 5"), std::string::npos) << h.out;
  EXPECT_NE(h.out.find("server.listen = 127.0.0.1:0"), std::string::npos);
}

struct Mistake {
  const char* file;
  const char* says;  // what the message must contain besides the file's name
};

void expect_refused(const std::vector<std::string>& command, const std::string& path, const Mistake& m) {
  const Ran r = run(command);
  EXPECT_EQ(r.status, 2) << m.file;
  EXPECT_NE(r.err.find(path), std::string::npos) << r.err << ": the message names the file";
  EXPECT_NE(r.err.find(m.says), std::string::npos) << r.err << ": expected it to say " << m.says;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(Config, EveryKindOfMistakeInTheKiosksFileIsRefusedAndNamed) {
  TempDir dir;
  const std::string path = dir.file("kiosk.toml");
  const Mistake mistakes[] = {
      {"[kiosk\n", ":1:7: not valid TOML"},
      {"colour = \"red\"\n", "unknown setting colour"},
      {"[kiosk]\nticket_secs = 5\n", ":2: unknown setting kiosk.ticket_secs"},
      {"[screen]\nwidth = 5\n", "unknown setting screen.width"},
      {"[kiosk]\nticket_seconds = \"ten\"\n", "kiosk.ticket_seconds = \"ten\" is not valid: expected a whole number "
                                              "from 2 to 600"},
      {"[kiosk]\ninactivity_reset_seconds = 1\n", "kiosk.inactivity_reset_seconds = 1 is not valid: expected a whole "
                                                  "number from 5 to 3600"},
      {"[kiosk]\nscreen_width_mm = 5.5\n", "kiosk.screen_width_mm = 5.5 is not valid: expected a number from 100"},
      {"[kiosk]\nsoftware_renderer = \"yes\"\n", "kiosk.software_renderer = \"yes\" is not valid: expected true or false"},
      {"[kiosk]\nlanguage = \"fr\"\n", "kiosk.language = \"fr\" is not valid: expected one of: \"zh\" \"en\""},
      {"database = 5\n", "database = 5 is not valid: expected text"},
      {"[policy]\ndefault_busy_policy = \"grab\"\n", "policy.default_busy_policy = \"grab\" is not valid"},
      {"[policy]\nclaim_window_days = 99\n", "policy.claim_window_days = 99 is not valid"},
      {"[policy.absence_reasons]\nnap = \"sleep\"\n", "policy.absence_reasons.nap = \"sleep\" is not valid: expected "
                                                      "one of: \"break\" \"task\""},
      {"[policy]\nabsence_reasons = \"rest\"\n", "policy.absence_reasons = \"rest\" is not valid: expected a table"},
      {"[privacy]\nretention_days = -1\n", "privacy.retention_days = -1 is not valid"},
  };
  for (const Mistake& m : mistakes) {
    SCOPED_TRACE(m.file);
    write_file(path, m.file);
    expect_refused({KIOSK_BIN, "run", "--config", path, "--db", dir.file("k.db")}, path, m);
    expect_refused({KIOSK_BIN, "display", "--config", path, "--db", dir.file("k.db")}, path, m);
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("k.db"))) << "nothing is opened before the settings are right";
  const std::string missing = dir.file("missing.toml");
  expect_refused({KIOSK_BIN, "run", "--config", missing}, missing, {"", "cannot be read"});
  expect_refused({KIOSK_BIN, "run", "--config", dir.path}, dir.path, {"", "cannot be read"});
  expect_refused({KIOSK_BIN, "display", "--config=", "--db", dir.file("k.db")}, "--config", {"", "needs the settings"});
}

TEST(Config, EveryKindOfMistakeInHQsFileIsRefusedAndNamed) {
  TempDir dir;
  const std::string path = dir.file("hq.toml");
  const Mistake mistakes[] = {
      {"database = \"a\"\ndatabase = \"b\"\n", "not valid TOML"},
      {"[server]\nport = 8080\n", "unknown setting server.port"},
      {"[server]\nthreads = 0\n", "server.threads = 0 is not valid: expected a whole number from 1 to 256"},
      {"[server]\nmax_waiting = true\n", "server.max_waiting = true is not valid"},
      {"[server]\nlisten = 8080\n", "server.listen = 8080 is not valid: expected text"},
      {"[privacy]\nretention_days = 100000\n", "privacy.retention_days = 100000 is not valid"},
  };
  for (const Mistake& m : mistakes) {
    SCOPED_TRACE(m.file);
    write_file(path, m.file);
    expect_refused({HQ_BIN, "serve", "--config", path, "--db", dir.file("hq.db")}, path, m);
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("hq.db")));
}

}  // namespace
}  // namespace lobby::itest
