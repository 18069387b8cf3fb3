// The settings files of the kiosk and of HQ, through the real programs: the shipped examples
// hold the defaults, every kind of mistake is refused at start with the file, the key and what
// is expected, and flags given as well override the file. And (Settings.*, label unit) the
// declarations themselves, each setting declared once: the file and the flag refuse the same
// values in the same words, and the examples list exactly the declared keys.
#include "test_support.h"

#include "kiosk/app/commands.h"
#include "sync/hq/hq_settings.h"

#include <CLI/CLI.hpp>

#include <csignal>
#include <regex>
#include <set>

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

TEST(Config, HQsMaxBodyOutOfRangeIsRefusedLikeItsKey) {
  TempDir dir;
  for (const char* bytes : {"5", "2000000000", "lots"}) {
    SCOPED_TRACE(bytes);
    const Ran r = hq({"serve", "--db", dir.file("hq.db"), "--max-body", bytes, "--check"});
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find(std::string("--max-body: ") + bytes +
                         " is not valid: expected a whole number from 1024 to 1073741824"),
              std::string::npos)
        << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  const Ran ok = hq({"serve", "--db", dir.file("hq.db"), "--max-body", "1048576", "--check"});
  ASSERT_EQ(ok.status, 0) << ok.err;
  EXPECT_NE(ok.out.find("server.max_body_bytes = 1048576\n"), std::string::npos) << ok.out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("hq.db")));
}

// The lines of --check that show `s`: "key = value", or "key.name = value" for a table.
bool shows(const std::string& check, const Setting& s) {
  const std::string line = s.kind == SettingKind::choice_table ? s.key + "." : s.key + " = ";
  return check.starts_with(line) || check.find("\n" + line) != std::string::npos;
}

TEST(Config, CheckPrintsEverySettingDeclared) {
  const std::string example = SOURCE_DIR "/assets/config/kiosk.toml";
  RunOptions run;
  DisplayOptions display;
  ServeSettings serve;
  const struct {
    Ran ran;
    SettingList declared;
  } programs[] = {
      {kiosk({"run", "--config", example, "--check"}), run_settings(run)},
      {kiosk({"display", "--config", example, "--check"}), display_settings(display)},
      {hq({"serve", "--config", SOURCE_DIR "/assets/config/hq.toml", "--check"}), serve_settings(serve)},
  };
  for (const auto& p : programs) {
    ASSERT_EQ(p.ran.status, 0) << p.ran.err;
    std::size_t lines = 0;
    for (const Setting& s : p.declared.settings()) {
      EXPECT_TRUE(shows(p.ran.out, s)) << s.key << " is not in\n" << p.ran.out;
      const SettingValue v = s.get();
      lines += s.kind == SettingKind::choice_table ? std::get<std::map<std::string, std::string>>(v).size() : 1;
    }
    EXPECT_EQ(split_lines(p.ran.out).size(), lines) << "one line per setting, nothing else:\n" << p.ran.out;
  }
  EXPECT_NE(programs[0].ran.out.find("hq.token = \n"), std::string::npos) << "no token: nothing to hide";
}

// ---- the declarations, in the process (label unit) ----------------------------------------

// A value a setting's flag must refuse: just outside its range, a word not among its choices,
// text its check does not take. None for a bare yes/no flag or text without a check.
std::vector<std::string> refused_values(const Setting& s) {
  switch (s.kind) {
    case SettingKind::whole:
      return {std::to_string(static_cast<long long>(s.min) - 1), std::to_string(static_cast<long long>(s.max) + 1)};
    case SettingKind::decimal:
      return {text_of(s.min - 1), text_of(s.max + 0.5)};
    case SettingKind::choice:
      return {"nonesuch"};
    case SettingKind::text:
      if (s.check) return {"nonesuch"};
      return {};
    default:
      return {};
  }
}

// `key = value` in its [table], as a settings file would have it.
std::string toml_line(const Setting& s, const std::string& value) {
  const auto dot = s.key.rfind('.');
  const std::string table = dot == std::string::npos ? "" : "[" + s.key.substr(0, dot) + "]\n";
  const bool number = s.kind == SettingKind::whole || s.kind == SettingKind::decimal;
  return table + s.key.substr(dot + 1) + " = " + (number ? value : "\"" + value + "\"") + "\n";
}

// For every setting with a flag, each value it must refuse: from the file, then from the flag,
// each time through a fresh declaration, as the programs do. Both refuse, in the same words.
template <class Options>
void expect_file_and_flags_agree(SettingList (*declare)(Options&), int& tried) {
  TempDir dir;
  Options defaults;
  const SettingList declared = declare(defaults);
  for (const Setting& s : declared.settings()) {
    if (s.flag.empty()) continue;
    for (const std::string& bad : refused_values(s)) {
      SCOPED_TRACE(s.key + " = " + bad);
      ++tried;
      write_file(dir.file("s.toml"), toml_line(s, bad));
      std::string file_says, flag_says;
      try {
        Options o;
        ConfigFile f(dir.file("s.toml"));
        declare(o).read(f);
      } catch (const ConfigError& e) {
        file_says = e.what();
      }
      const auto at = file_says.find(" is not valid: ");
      ASSERT_NE(at, std::string::npos) << "the file took it: " << file_says;
      EXPECT_NE(file_says.find(s.key + " = "), std::string::npos) << file_says;
      const std::string expected = file_says.substr(at + 15);
      try {
        Options o;
        const SettingList list = declare(o);
        CLI::App app;
        list.add_flags(app);
        const char* argv[] = {"program", s.flag.c_str(), bad.c_str()};
        app.parse(3, argv);
      } catch (const CLI::ParseError& e) {
        flag_says = e.what();
      }
      EXPECT_NE(flag_says.find(s.flag + ": " + bad + " is not valid: " + expected), std::string::npos)
          << "the file says: " << file_says << "\nthe flag says: " << flag_says;
    }
  }
}

TEST(Settings, EveryFlagRefusesWhatTheFileRefusesInTheSameWords) {
  int tried = 0;
  expect_file_and_flags_agree(run_settings, tried);
  expect_file_and_flags_agree(display_settings, tried);
  expect_file_and_flags_agree(serve_settings, tried);
  EXPECT_GE(tried, 20) << "every range, choice and check with a flag was tried";
}

TEST(Settings, AFlagSetsWhatTheFileSets) {
  TempDir dir;
  ServeSettings from_file, from_flag;
  write_file(dir.file("hq.toml"), "[server]\nmax_body_bytes = 2048\nlisten = \"0.0.0.0:9\"\n");
  ConfigFile f(dir.file("hq.toml"));
  serve_settings(from_file).read(f);
  const SettingList list = serve_settings(from_flag);
  CLI::App app;
  list.add_flags(app);
  const char* argv[] = {"program", "--max-body", "2048", "--listen", "0.0.0.0:9"};
  app.parse(5, argv);
  EXPECT_EQ(from_file.config.limits.max_body_bytes, 2048u);
  EXPECT_EQ(from_flag.config.limits.max_body_bytes, 2048u);
  EXPECT_EQ(from_file.listen, "0.0.0.0:9");
  EXPECT_EQ(from_flag.listen, "0.0.0.0:9");
}

// The keys an example settings file documents: each `name =` line under its [table], also
// `# name =` (a setting left out to keep a default the program finds by itself); a table of
// names such as [policy.absence_reasons] is one key, whatever names it holds.
std::set<std::string> documented_keys(const std::string& path, const std::set<std::string>& name_tables) {
  static const std::regex table(R"(^\[([a-z_.]+)\]\s*$)"), key(R"(^(# )?([a-z_]+) *=)");
  std::set<std::string> keys;
  std::string in;
  for (const std::string& line : split_lines(read_file(path))) {
    std::smatch m;
    if (std::regex_search(line, m, table)) {
      in = m[1];
      if (name_tables.count(in)) keys.insert(in);
    } else if (std::regex_search(line, m, key) && !name_tables.count(in)) {
      keys.insert(in.empty() ? std::string(m[2]) : in + "." + std::string(m[2]));
    }
  }
  return keys;
}

std::set<std::string> declared_keys(std::initializer_list<const SettingList*> lists, std::set<std::string>& tables) {
  std::set<std::string> keys;
  for (const SettingList* list : lists)
    for (const Setting& s : list->settings()) {
      keys.insert(s.key);
      if (s.kind == SettingKind::choice_table) tables.insert(s.key);
    }
  return keys;
}

TEST(Settings, TheExamplesListExactlyTheDeclaredKeys) {
  RunOptions run;
  DisplayOptions display;
  ServeSettings serve;
  const SettingList run_list = run_settings(run), display_list = display_settings(display),
                    serve_list = serve_settings(serve);
  std::set<std::string> tables;
  const std::set<std::string> kiosk_keys = declared_keys({&run_list, &display_list}, tables);
  EXPECT_EQ(documented_keys(SOURCE_DIR "/assets/config/kiosk.toml", tables), kiosk_keys);
  EXPECT_EQ(documented_keys(SOURCE_DIR "/assets/config/hq.toml", tables), declared_keys({&serve_list}, tables));
  EXPECT_GE(kiosk_keys.size(), 30u) << "both lists were read";

  // And the strict reader takes each example whole: no key there that is not declared.
  ConfigFile kiosk_file(SOURCE_DIR "/assets/config/kiosk.toml");
  run_list.read(kiosk_file);
  display_list.read(kiosk_file);
  EXPECT_NO_THROW(kiosk_file.refuse_unknown_keys());
  ConfigFile hq_file(SOURCE_DIR "/assets/config/hq.toml");
  serve_list.read(hq_file);
  EXPECT_NO_THROW(hq_file.refuse_unknown_keys());
  EXPECT_EQ(serve.retention_days, 365) << "the example keeps a year";
}

TEST(Settings, CheckShowsSecretsOnlyAsSet) {
  RunOptions run;
  run.token = "0123456789abcdef";
  run.notify.url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc";
  run.notify.secret = "SECabc";
  const std::string check = describe_settings(run);
  EXPECT_NE(check.find("hq.token = (set)\n"), std::string::npos) << check;
  EXPECT_NE(check.find("notify.url = (set)\n"), std::string::npos) << check;
  EXPECT_NE(check.find("notify.secret = (set)\n"), std::string::npos) << check;
  for (const char* secret : {"0123456789abcdef", "key=abc", "SECabc"})
    EXPECT_EQ(check.find(secret), std::string::npos) << secret << " shown in\n" << check;
  EXPECT_NE(check.find("policy = as the database last recorded (no settings file)\n"), std::string::npos)
      << "without a settings file the house rules are the recorded ones";
}

}  // namespace
}  // namespace lobby::itest
