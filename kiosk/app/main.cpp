// kiosk: the reception terminal's one program. Subcommands replay event streams, print the
// dispatch log, prepare the roster and measure performance; later ones run the screens.
#include "kiosk/app/commands.h"
#include "kiosk/core/explain.h"
#include "kiosk/common/config_file.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstring>
#include <ctime>

namespace lobby {

long long now_local() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return static_cast<long long>(now) + local.tm_gmtoff;
}

std::string english(const Problem& p) {
  static const StringTable strings = [] {
    StringTable t;
    std::string error;
    load_strings(default_assets_dir() + "/strings/en.txt", t, error);  // none: the plain code
    return t;
  }();
  return render(p, strings);
}

}  // namespace lobby

int main(int argc, char** argv) {
  using namespace lobby;
  CLI::App app{"Lobby Kiosk: reception terminal for a sales office"};
  app.require_subcommand(1);

  ReplayOptions replay;
  auto* rp = app.add_subcommand("replay", "Apply reception events (one JSON object per line) and print each assignment");
  rp->add_option("file", replay.file, "event file; standard input when absent or -");
  rp->add_option("--db", replay.db, "record every event in this database, continuing from its state");

  std::string db, day, line = "main";
  bool csv = false;
  auto* rep = app.add_subcommand("report", "Print the day's dispatch log (派单一览表) per manager");
  rep->add_option("--db", db, "kiosk database")->required();
  rep->add_option("--day", day, "the day, YYYY-MM-DD")->required();
  rep->add_flag("--csv", csv, "comma-separated values with a header line");

  std::string backup_to;
  auto* bk = app.add_subcommand("backup", "Copy the database while the kiosk runs, verified (restore: README.md)");
  bk->add_option("--db", db, "kiosk database")->required();
  bk->add_option("--to", backup_to, "the backup file; written as FILE.tmp, then renamed")->required();

  int purge_days = 0;
  auto* pu = app.add_subcommand("purge", "Forget numbers and names of customers not seen for N days");
  pu->add_option("--db", db, "kiosk database")->required();
  pu->add_option("--older-than-days", purge_days, "keep personal data of customers seen within this many days")
      ->required()->check(CLI::Range(1, 36500));

  auto* roster = app.add_subcommand("roster", "Prepare the branch's managers and turn order");
  roster->require_subcommand(1);
  ManagerOptions m;
  auto* add = roster->add_subcommand("add", "Add a manager, or update one");
  add->add_option("--db", m.db, "kiosk database")->required();
  add->add_option("--id", m.id, "short id used in events and reports, e.g. M01")->required();
  add->add_option("--name", m.name, "name shown on screens, e.g. 王丽");
  add->add_option("--surname", m.surname, "surname, e.g. 王");
  add->add_option("--gender", m.gender, "f or m")->check(CLI::IsMember({"f", "m", ""}));
  add->add_option("--pin", m.pin, "staff console PIN, 4 to 8 digits");
  add->add_flag("--supervisor", m.supervisor, "may set the roster, reassign and export");
  add->add_option("--pinyin", m.pinyin, "how the lobby board says the name, with tone numbers, e.g. \"wang2 li4\"");
  add->add_option("--mobile", m.mobile, "mobile number, to @-mention them in the group's notices");
  std::vector<std::string> order;
  auto* ord = roster->add_subcommand("order", "Set the turn order of a service line");
  ord->add_option("--db", db, "kiosk database")->required();
  ord->add_option("--line", line, "service line (default main)");
  ord->add_option("managers", order, "manager ids, first is next up")->required();
  auto* list = roster->add_subcommand("list", "Show managers, their state and the turn order");
  list->add_option("--db", db, "kiosk database")->required();

  // Each setting is declared once (kiosk_config.cpp): its key in the file, its flag, its
  // checks. The settings file is read first, so that flags given as well override it.
  RunOptions run;
  DisplayOptions display;
  const SettingList run_list = run_settings(run), display_list = display_settings(display);
  std::string config;
  bool check = false;
  auto* ru = app.add_subcommand("run", "Open the customer's check-in screen (fullscreen unless --window)");
  ru->add_option("--config", config, "settings file (example: assets/config/kiosk.toml); flags override it");
  ru->add_flag("--check", check, "check the settings, print those the kiosk would start with, and exit");
  run_list.add_flags(*ru);
  ru->add_option("--targets-file", run.targets_file, "write where each button is after every frame (smoke tests)");

  auto* di = app.add_subcommand("display", "Open the lobby board: being served, waiting, turn order (read-only)");
  di->add_option("--config", config, "the kiosk's settings file; flags override it");
  di->add_flag("--check", check, "check the settings, print those the board would start with, and exit");
  display_list.add_flags(*di);

  BenchOptions bench;
  auto* b = app.add_subcommand("bench", "Measure the engine and the durable store; prints medians");
  b->add_option("--events", bench.events, "events in the engine replay");
  b->add_option("--managers", bench.managers, "managers in the simulated branch");
  b->add_option("--checkins", bench.checkins, "sequential durable check-ins");
  b->add_option("--repeats", bench.repeats, "engine runs to take the median of");
  b->add_option("--dir", bench.dir, "directory on the filesystem to measure");

  auto* ticket = app.add_subcommand("ticket", "The branch's printed tickets");
  ticket->require_subcommand(1);
  TicketPrintOptions tp;
  auto* tpr = ticket->add_subcommand("print", "Print today's ticket again on the branch's printer ([printer])");
  tpr->add_option("--config", tp.config, "the kiosk's settings file, with its [printer] table")->required();
  tpr->add_option("--db", tp.db, "kiosk database (default: the settings file's)");
  tpr->add_option("--ticket", tp.ticket, "today's ticket number, e.g. A023")->required();

  AnnounceOptions an;
  auto* ann = app.add_subcommand("announce", "Write what the lobby board would say for a call to a WAV file");
  ann->add_option("--config", an.config, "the kiosk's settings file (its [voice] table); without it: both languages");
  ann->add_option("--db", an.db, "kiosk database (default: the settings file's)");
  ann->add_option("--ticket", an.ticket, "the ticket called, e.g. A023")->required();
  ann->add_option("--manager", an.manager, "the manager's id, e.g. M01")->required();
  ann->add_option("--wav", an.wav, "the WAV file to write")->required();

  SyncOptions sync;
  auto* sy = app.add_subcommand("sync", "Send the outbox to headquarters");
  sy->add_option("--db", sync.db, "kiosk database")->required();
  sy->add_option("--hq", sync.hq, "HQ base URL, e.g. https://hq.example.com")->required();
  sy->add_option("--token", sync.token, "this kiosk's bearer token (kiosk-hq token add)")->required();
  sy->add_option("--cafile", sync.ca_file, "CA bundle to trust for HQ's certificate");
  bool once_flag = false;
  auto* once = sy->add_flag("--once", once_flag, "one pass: send until empty or the first failure (default)");
  sy->add_flag("--drain", sync.drain, "retry with backoff until the outbox is empty")->excludes(once);
  sy->add_option("--batch", sync.batch, "items per request")->check(CLI::Range(1, 10000));
  sy->add_option("--in-flight", sync.in_flight, "requests sent before the first is answered (1: one connection)")
      ->check(CLI::Range(1, 2));
  sy->add_option("--timeout-ms", sync.timeout_ms, "per-request timeout")->check(CLI::Range(100, 600000));
  sy->add_option("--deadline", sync.deadline_s, "with --drain: give up after this many seconds");
  sy->add_option("--backoff-base-ms", sync.backoff_base_ms, "first wait after a failure")->check(CLI::Range(1, 3600000));
  sy->add_option("--backoff-cap-ms", sync.backoff_cap_ms, "longest wait between tries")->check(CLI::Range(1, 86400000));

  NotifyOptions notify;
  auto* no = app.add_subcommand("notify", "Send the managers' notices to the group robot ([notify] in the settings)");
  no->add_option("--config", config, "the kiosk's settings file, with its [notify] table")->required();
  run_list.add_flags(*no, {"database", "assets"});
  auto* no_drain = no->add_flag("--drain", notify.drain, "send what is pending, as fast as the robot allows, and exit");
  no->add_flag("--test", notify.test, "send one test message and exit")->excludes(no_drain);
  no->add_option("--deadline", notify.deadline_s, "with --drain: give up after this many seconds");

  // CLI11 would only say "a subcommand is required" for a mistyped one: name it instead.
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) known |= sub->get_name() == argv[1];
    if (!known) {
      std::fprintf(stderr, "kiosk: unknown command \"%s\"; commands: run, display, replay, report, roster, sync, "
                           "notify, backup, purge, ticket, announce, bench (kiosk --help)\n", argv[1]);
      return 2;
    }
  }
  const bool screens = argc > 1 && (std::strcmp(argv[1], "run") == 0 || std::strcmp(argv[1], "display") == 0 ||
                                    std::strcmp(argv[1], "notify") == 0);
  if (screens) {
    try {
      if (std::string settings_file; config_argument(argc, argv, settings_file))
        load_kiosk_config(settings_file, run, display);
    } catch (const ConfigError& e) {
      std::fprintf(stderr, "kiosk %s: %s\n", argv[1], e.what());
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // --help is fine; any mistake in the arguments is status 2
  }
  auto need_db = [](const char* cmd, const std::string& db) {
    if (db.empty()) std::fprintf(stderr, "kiosk %s: no database: give --db, or `database` in the --config file\n", cmd);
    return !db.empty();
  };
  if (di->parsed()) {
    if (!need_db("display", display.db)) return 2;
    window_size(display.window, display.width, display.height);  // checked as it was read
    if (check) return std::fputs(describe_settings(display).c_str(), stdout), 0;
    return run_display(display);
  }
  if (ru->parsed()) {
    if (!need_db("run", run.db)) return 2;
    window_size(run.window, run.width, run.height);  // checked as it was read
    if (run.hq.empty() != run.token.empty()) {
      std::fprintf(stderr, "kiosk run: --hq and --token (or hq.url and hq.token) go together (kiosk-hq token add "
                           "gives the token)\n");
      return 2;
    }
    run.settings.start_language = run.language == "en" ? ui::Lang::en : ui::Lang::zh;
    if (check) return std::fputs(describe_settings(run).c_str(), stdout), 0;
    return run_kiosk(run);
  }
  if (sy->parsed()) return run_sync(sync);
  if (no->parsed()) {
    notify.db = run.db, notify.assets = run.assets, notify.settings = run.notify;
    if (!notify.drain && !notify.test) {
      std::fprintf(stderr, "kiosk notify: say what to do: --drain (send what is pending) or --test (one test message)\n");
      return 2;
    }
    if (notify.drain && !need_db("notify", notify.db)) return 2;
    return run_notify(notify);
  }
  if (rp->parsed()) return run_replay(replay);
  if (rep->parsed()) return run_report(db, day, csv);
  if (bk->parsed()) return run_backup(db, backup_to);
  if (pu->parsed()) return run_purge(db, purge_days);
  if (add->parsed()) return run_roster_add(m);
  if (ord->parsed()) return run_roster_order(db, line, order);
  if (list->parsed()) return run_roster_list(db);
  if (b->parsed()) return run_bench(bench);
  if (tpr->parsed()) return run_ticket_print(tp);
  if (ann->parsed()) return run_announce(an);
  return 2;
}
