// kiosk-hq: the reference headquarters server and its administration commands.
#include "kiosk/store/crypto.h"
#include "kiosk/store/db.h"
#include "sync/hq/server.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <chrono>
#include <ctime>
#include <csignal>
#include <iostream>
#include <thread>

using namespace lobby;

namespace {

bool parse_listen(const std::string& s, HqConfig& c) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos) return false;
  c.host = s.substr(0, colon);
  try {
    std::size_t used = 0;
    c.port = std::stoi(s.substr(colon + 1), &used);
    return used == s.size() - colon - 1 && c.port >= 0 && c.port < 65536 && !c.host.empty();
  } catch (const std::exception&) {
    return false;
  }
}

int serve(const std::string& db, const std::string& listen, HqConfig config) {
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

  std::unique_ptr<HqStorage> storage = open_sqlite_storage(db);
  HqServer server(*storage, config);
  std::string error;
  if (!server.bind(error)) {
    std::cerr << "kiosk-hq serve: " << error << "\n";
    return 2;
  }
  std::cout << "kiosk-hq listening on " << config.host << ":" << server.port() << std::endl;
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
  std::string db, listen = "127.0.0.1:8080", kiosk, since;
  HqConfig config;

  auto* serve_cmd = app.add_subcommand("serve", "Receive check-ins from kiosks");
  serve_cmd->add_option("--db", db, "HQ database file")->required();
  serve_cmd->add_option("--listen", listen, "HOST:PORT (port 0: any free port)");
  serve_cmd->add_option("--threads", config.threads, "request threads")->check(CLI::Range(1, 256));
  serve_cmd->add_option("--max-items", config.limits.max_items, "items per batch")->check(CLI::Range(1, 100000));
  serve_cmd->add_option("--max-body", config.limits.max_body_bytes, "bytes per request body");
  serve_cmd->add_option("--max-waiting", config.max_waiting, "batches queued for the database before answering 503")
      ->check(CLI::Range(1, 10000));

  auto* token = app.add_subcommand("token", "Manage kiosks' bearer tokens");
  token->require_subcommand(1);
  auto* token_add = token->add_subcommand("add", "Create a token for a kiosk; prints it on the last line");
  token_add->add_option("--db", db, "HQ database file")->required();
  token_add->add_option("--kiosk", kiosk, "kiosk id, e.g. branch-01")->required();

  auto* export_cmd = app.add_subcommand("export", "Print stored check-ins as JSON lines");
  export_cmd->add_option("--db", db, "HQ database file")->required();
  export_cmd->add_option("--since", since, "only those received at or after this UTC time, e.g. 2026-11-24T00:00:00Z");

  int purge_days = 0;
  auto* purge_cmd = app.add_subcommand("purge", "Forget numbers and names of customers not seen for N days");
  purge_cmd->add_option("--db", db, "HQ database file")->required();
  purge_cmd->add_option("--older-than-days", purge_days, "keep personal data of customers seen within this many days")
      ->required()->check(CLI::Range(1, 36500));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // --help is fine; any mistake in the arguments is status 2
  }
  try {
    if (serve_cmd->parsed()) return serve(db, listen, config);
    if (token_add->parsed()) {
      auto storage = open_sqlite_storage(db);
      const std::string t = random_hex(32);
      storage->add_token(kiosk, payload_hash(t));
      std::cout << "token for kiosk " << kiosk << " (shown once; HQ keeps only its hash):\n" << t << "\n";
      return 0;
    }
    if (purge_cmd->parsed()) {
      // Visits carry the kiosks' local times; HQ's own local clock is near enough for a limit
      // counted in days.
      const std::time_t now = std::time(nullptr);
      std::tm local{};
      localtime_r(&now, &local);
      const std::time_t cutoff = now + local.tm_gmtoff - std::time_t{purge_days} * 86400;
      std::tm at{};
      gmtime_r(&cutoff, &at);
      char text[32];
      std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &at);
      auto storage = open_sqlite_storage(db, false);
      const std::size_t n = storage->purge_personal_data(text);
      std::cout << "purged personal data of visits before " << text << ": " << n << " numbers replaced\n";
      return 0;
    }
    if (export_cmd->parsed()) {
      auto storage = open_sqlite_storage(db, false);
      storage->export_since(since, [](const StoredCheckin& c) {
        nlohmann::json j{{"uuid", c.uuid}, {"kiosk", c.kiosk}, {"kind", c.kind}, {"payload_hash", c.payload_hash},
                         {"received", c.received}, {"payload", nlohmann::json::parse(c.payload)}};
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
