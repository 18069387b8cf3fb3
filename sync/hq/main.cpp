// kiosk-hq: the reference headquarters server and its administration commands.
#include "kiosk/common/log_line.h"
#include "kiosk/common/config_file.h"
#include "kiosk/common/crypto.h"
#include "kiosk/common/db.h"
#include "sync/hq/accounts.h"
#include "sync/hq/branch_tables.h"
#include "sync/hq/dispatch_cmd.h"
#include "sync/hq/hq_settings.h"
#include "sync/hq/server.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ctime>
#include <csignal>
#include <iostream>
#include <thread>

using namespace lobby;

namespace {

const char* const kDbHelp = "HQ's database: a file (SQLite), or postgresql://… (a PostgreSQL database servers share)";

// The start of the retention period: visits before this local time lose their personal data.
// Visits carry the kiosks' local times; HQ's own local clock is near enough for days.
std::string purge_cutoff(int days) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  const std::time_t cutoff = now + local.tm_gmtoff - std::time_t{days} * 86400;
  std::tm at{};
  gmtime_r(&cutoff, &at);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &at);
  return text;
}

// Purges at start and then daily, on its own connection, until `stop` is set.
class RetentionThread {
 public:
  RetentionThread(const std::string& db, int days) {
    if (days > 0) thread_ = std::thread([this, db, days] { loop(db, days); });
  }
  ~RetentionThread() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void loop(const std::string& db, int days) {
    std::unique_lock lock(mutex_);
    while (!stop_) {
      try {
        const std::string cutoff = purge_cutoff(days);
        auto storage = open_storage(db, false);
        const std::size_t n = storage->purge_personal_data(cutoff);
        BranchTables(*storage).rebuild_all();  // the visits tables held the numbers too
        log_event(LogLevel::info, "retention_purge", {{"before", cutoff}, {"numbers", n}});
      } catch (const std::exception& e) {
        log_event(LogLevel::error, "retention_purge_failed", {{"cause", e.what()}});
      }
      wake_.wait_for(lock, std::chrono::hours(24), [this] { return stop_; });
    }
  }
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

int serve(const std::string& db, const std::string& listen, HqConfig config, int retention_days) {
  if (!parse_listen(listen, config)) {
    std::cerr << "kiosk-hq serve: --listen must be HOST:PORT, e.g. 127.0.0.1:8080, not \"" << listen << "\"\n";
    return 2;
  }
  // Signals are taken by one thread with sigwait, so stopping never runs inside a handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  std::unique_ptr<HqStorage> storage = open_storage(db);
  // On PostgreSQL the branch tables are written through a second connection, so that they
  // do not queue behind ingest for the first one (SQLite has one writer whatever we do).
  std::unique_ptr<HqStorage> tables_storage;
  if (is_postgres_uri(db)) tables_storage = open_storage(db);
  HqServer server(*storage, config, tables_storage.get());
  std::string error;
  if (!server.bind(error)) {
    std::cerr << "kiosk-hq serve: " << error << "\n";
    return 2;
  }
  std::cout << "kiosk-hq listening on " << config.host << ":" << server.port() << std::endl;
  RetentionThread retention(db, retention_days);
  std::atomic<bool> ended{false};
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (!ended) std::cerr << "kiosk-hq: stopping on signal " << sig << "\n";
    // A signal that comes before the server is accepting would be lost on stop(): repeat it
    // until run() has returned.
    while (!ended) {
      server.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  server.run();
  ended = true;
  pthread_kill(stopper.native_handle(), SIGTERM);  // wakes the stopper if run() ended by itself
  stopper.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kiosk-hq: Lobby Kiosk headquarters server"};
  app.require_subcommand(1);
  std::string db, kiosk, since, config_file;
  ServeSettings serving;
  const SettingList serve_list = serve_settings(serving);  // each setting declared once (hq_settings.cpp)

  auto* serve_cmd = app.add_subcommand("serve", "Receive check-ins from kiosks");
  serve_cmd->add_option("--config", config_file, "settings file (example: assets/config/hq.toml); flags override it");
  bool check = false;
  serve_cmd->add_flag("--check", check, "check the settings, print those HQ would start with, and exit");
  serve_list.add_flags(*serve_cmd);

  auto* token = app.add_subcommand("token", "Manage kiosks' bearer tokens");
  token->require_subcommand(1);
  auto* token_add = token->add_subcommand("add", "Create a token for a kiosk; prints it on the last line");
  token_add->add_option("--db", db, kDbHelp)->required();
  token_add->add_option("--kiosk", kiosk, "kiosk id, e.g. branch-01")->required();

  auto* token_list = token->add_subcommand("list", "Show each kiosk's tokens (by id; the tokens themselves are not kept)");
  token_list->add_option("--db", db, kDbHelp)->required();
  std::string token_id;
  auto* token_revoke = token->add_subcommand("revoke", "Refuse a token from now on (rotation: add, reconfigure, revoke)");
  token_revoke->add_option("--db", db, kDbHelp)->required();
  token_revoke->add_option("id", token_id, "the token's id from `kiosk-hq token list`")->required();

  auto* export_cmd = app.add_subcommand("export", "Print stored check-ins as JSON lines");
  export_cmd->add_option("--db", db, kDbHelp)->required();
  export_cmd->add_option("--since", since, "only those received at or after this UTC time, e.g. 2026-11-24T00:00:00Z");
  bool personal_data = false;
  export_cmd->add_flag("--personal-data", personal_data,
                       "include customers' numbers and names (for the supervisor's own records only)");

  int purge_days = 0;
  auto* purge_cmd = app.add_subcommand("purge", "Forget numbers and names of customers not seen for N days");
  purge_cmd->add_option("--db", db, kDbHelp)->required();
  purge_cmd->add_option("--older-than-days", purge_days, "keep personal data of customers seen within this many days")
      ->required()->check(CLI::Range(1, 36500));

  std::string day;
  bool csv = false;
  auto* dispatch_cmd = app.add_subcommand(
      "dispatch", "Print a branch's dispatch log for a day, as `kiosk report` prints it at the branch");
  dispatch_cmd->add_option("--db", db, kDbHelp)->required();
  dispatch_cmd->add_option("--branch", kiosk, "the branch's kiosk id, e.g. branch-01")->required();
  dispatch_cmd->add_option("--day", day, "the day, e.g. 2026-11-24")->required();
  dispatch_cmd->add_flag("--csv", csv, "CSV with a header line instead of a table");

  auto* rebuild_cmd = app.add_subcommand(
      "rebuild", "Recompute the branch tables (branches, visits, managers, dispatch) from the stored check-ins");
  rebuild_cmd->add_option("--db", db, kDbHelp)->required();
  rebuild_cmd->add_option("--branch", kiosk, "only this branch's kiosk id (default: every branch)");

  std::string name, role;
  auto* user = app.add_subcommand("user", "Manage people who read HQ's API (viewers and supervisors)");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add a person; their password is read from standard input (one line)");
  auto* apikey = app.add_subcommand("apikey", "Manage machines' keys for HQ's read API");
  apikey->require_subcommand(1);
  auto* apikey_add = apikey->add_subcommand("add", "Create a key for a system (a CRM, BI); prints it on the last line");
  for (CLI::App* add : {user_add, apikey_add}) {
    add->add_option("--db", db, kDbHelp)->required();
    add->add_option("--name", name, "who reads, e.g. chen.li or crm")->required();
    add->add_option("--role", role, "viewer (no phone numbers or full names) or supervisor")
        ->required()->check(CLI::IsMember({"viewer", "supervisor"}));
  }

  // The settings file first, so that flags given as well override it.
  if (argc > 1 && std::string(argv[1]) == "serve") {
    try {
      if (std::string settings_file; config_argument(argc, argv, settings_file)) load_hq_config(settings_file, serving);
    } catch (const ConfigError& e) {
      std::cerr << "kiosk-hq serve: " << e.what() << "\n";
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // --help is fine; any mistake in the arguments is status 2
  }
  try {
    if (serve_cmd->parsed()) {
      if (serving.db.empty()) {
        std::cerr << "kiosk-hq serve: no database: give --db, or `database` in the --config file\n";
        return 2;
      }
      if (check) return std::cout << serve_list.describe(), 0;
      return serve(serving.db, serving.listen, serving.config, serving.retention_days);
    }
    if (token_add->parsed()) {
      auto storage = open_storage(db);
      const std::string t = random_hex(32);
      storage->add_token(kiosk, payload_hash(t));
      std::cout << "token for kiosk " << kiosk << ", id " << payload_hash(t).substr(0, 12)
                << " (shown once; HQ keeps only its hash):\n" << t << "\n";
      return 0;
    }
    if (token_list->parsed()) {
      std::cout << "id            kiosk  created\n";
      for (const auto& t : open_storage(db, false)->tokens())
        std::cout << t.id << "  " << t.kiosk << "  " << t.created << "\n";
      return 0;
    }
    if (token_revoke->parsed()) {
      std::string kiosk_or_why;
      if (!open_storage(db, false)->revoke_token(token_id, kiosk_or_why)) {
        std::cerr << "kiosk-hq token revoke: " << kiosk_or_why << "\n";
        return 2;
      }
      std::cout << "revoked token " << token_id << " of kiosk " << kiosk_or_why << "\n";
      return 0;
    }
    if (purge_cmd->parsed()) {
      const std::string text = purge_cutoff(purge_days);
      auto storage = open_storage(db, false);
      const std::size_t n = storage->purge_personal_data(text);
      BranchTables(*storage).rebuild_all();  // the visits tables held the numbers too
      std::cout << "purged personal data of visits before " << text << ": " << n << " numbers replaced\n";
      return 0;
    }
    if (dispatch_cmd->parsed()) return run_dispatch(*open_storage(db, false), kiosk, day, csv, std::cout, std::cerr);
    if (rebuild_cmd->parsed()) {
      auto storage = open_storage(db, false);
      BranchTables tables(*storage);
      if (kiosk.empty()) {
        const std::vector<std::string> done = tables.rebuild_all();
        std::cout << "rebuilt the tables of " << done.size() << " branches\n";
        return 0;
      }
      tables.rebuild(kiosk);
      if (!storage->branch_row(kiosk)) {
        std::cerr << "kiosk-hq rebuild: HQ holds nothing from kiosk " << kiosk << ": check the name (kiosk-hq token list)\n";
        return 2;
      }
      std::cout << "rebuilt the tables of branch " << kiosk << "\n";
      return 0;
    }
    if (user_add->parsed()) {
      std::string password;
      std::getline(std::cin, password);
      if (!password.empty() && password.back() == '\r') password.pop_back();
      if (const std::string why = add_user(*open_storage(db), name, role, password); !why.empty()) {
        std::cerr << "kiosk-hq user add: " << why << "\n";
        return 2;
      }
      std::cout << "added " << role << " " << name << "\n";
      return 0;
    }
    if (apikey_add->parsed()) {
      const std::string key = add_api_key(*open_storage(db), name, role);
      if (key.empty()) {
        std::cerr << "kiosk-hq apikey add: there is already a key named " << name << "\n";
        return 2;
      }
      std::cout << role << " key " << name << " (shown once; HQ keeps only its hash):\n" << key << "\n";
      return 0;
    }
    if (export_cmd->parsed()) {
      auto storage = open_storage(db, false);
      // Numbers and names leave HQ only when asked for by name; statistics need neither.
      storage->export_since(since, [&](const StoredCheckin& c) {
        nlohmann::json payload = nlohmann::json::parse(c.payload);
        if (!personal_data && payload.contains("event") && payload["event"].is_object())
          for (const char* field : {"phone", "referrer", "surname", "title"}) payload["event"].erase(field);
        nlohmann::json j{{"uuid", c.uuid}, {"kiosk", c.kiosk}, {"kind", c.kind},
                         {"received", c.received}, {"payload", std::move(payload)}};
        // The hash covers the number: with the rest of the payload it would confirm a guessed one.
        if (personal_data) j["payload_hash"] = c.payload_hash;
        std::cout << j.dump() << "\n";
      });
      return 0;
    }
  } catch (const StoreError& e) {
    std::cerr << "kiosk-hq: " << e.what() << "\n";
    return 2;
  }
  return 2;
}
