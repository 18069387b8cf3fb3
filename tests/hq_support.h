// Running the real HQ server (and the fault proxy) as background processes for a test:
// start, read the address they print, stop them politely or kill them.
#pragma once

#include "hq_backends.h"
#include "kiosk/core/simulate.h"
#include "kiosk/store/reception.h"
#include "test_support.h"

#include <csignal>
#include <string>
#include <vector>

namespace lobby::itest {

// Starts `args` in the background with its output discarded and stdin from `input_file`
// (or nothing); the caller kills and reaps it.
inline pid_t spawn_quiet(const std::vector<std::string>& args, const std::string& input_file = "") {
  const pid_t pid = fork();
  if (pid == 0) {
    const int in = open(input_file.empty() ? "/dev/null" : input_file.c_str(), O_RDONLY);
    const int null = open("/dev/null", O_WRONLY);
    dup2(in, 0), dup2(null, 1), dup2(null, 2);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// A child process whose first stdout line ends in "HOST:PORT" (kiosk-hq, fault_proxy).
class Background {
 public:
  Background() = default;
  explicit Background(const std::vector<std::string>& args) { start(args); }
  ~Background() { stop(SIGKILL); }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  // `log_file`: where its stderr goes (appended), for tests that read its log; else the test's.
  void start(const std::vector<std::string>& args, const std::string& log_file = "") {
    int out[2];
    if (pipe(out)) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]), close(out[1]);
      const int null = open("/dev/null", O_RDWR);
      dup2(null, 0);
      if (!log_file.empty()) dup2(open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600), 2);
      std::vector<char*> argv;
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    std::string line;
    char c;
    pollfd p{out[0], POLLIN, 0};
    while (poll(&p, 1, 10000) > 0 && read(out[0], &c, 1) == 1 && c != '\n') line += c;
    out_ = out[0];  // kept open so the child never writes into a closed pipe
    const auto colon = line.rfind(':');
    if (colon == std::string::npos) throw std::runtime_error(args[0] + " did not say where it listens: " + line);
    port_ = std::stoi(line.substr(colon + 1));
  }
  // Sends `sig` and waits; returns the exit status (128 + signal if killed).
  int stop(int sig = SIGTERM) {
    if (pid_ <= 0) return -1;
    kill(pid_, sig);
    int w = 0;
    waitpid(pid_, &w, 0);
    pid_ = -1;
    close(out_);
    return WIFEXITED(w) ? WEXITSTATUS(w) : 128 + WTERMSIG(w);
  }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  bool running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int out_ = -1;
};

// A fresh HQ database with one kiosk token; serve() starts kiosk-hq on a free port.
struct Hq {
  std::string db, token;
  Background server;
  // HQ on `backend`, its file (SQLite) and its log in `dir`.
  Hq(Backend backend, const TempDir& dir, const std::string& kiosk = "branch-01")
      : Hq(hq_database(backend, dir), kiosk, dir.file("hq.log")) {}
  explicit Hq(const std::string& path, const std::string& kiosk = "branch-01", const std::string& log = "")
      : db(path), log_path(log) {
    const Ran r = run({HQ_BIN, "token", "add", "--db", db, "--kiosk", kiosk});
    EXPECT_EQ(r.status, 0) << r.err;
    token = r.lines().empty() ? "" : r.lines().back();
  }
  void serve(std::vector<std::string> extra = {}, int port = 0) {
    std::vector<std::string> args{HQ_BIN, "serve", "--db", db, "--listen", "127.0.0.1:" + std::to_string(port)};
    args.insert(args.end(), extra.begin(), extra.end());
    server.start(args, log_file());
  }
  std::string log_file() const { return log_path.empty() ? db + ".log" : log_path; }
  std::string log() const { return read_file(log_file()); }
  std::string log_path;  // where serve() writes HQ's log; empty: beside the database file
  // Every stored check-in, whole, as `kiosk-hq export --personal-data` prints them.
  std::vector<nlohmann::json> exported(bool personal_data = true) {
    std::vector<std::string> args{HQ_BIN, "export", "--db", db};
    if (personal_data) args.push_back("--personal-data");
    const Ran r = run(args);
    EXPECT_EQ(r.status, 0) << r.err;
    std::vector<nlohmann::json> rows;
    for (const std::string& l : r.lines()) rows.push_back(nlohmann::json::parse(l));
    return rows;
  }
};

// A kiosk database holding a simulated morning (every event is an outbox item).
inline std::size_t fill_kiosk(const std::string& path, std::size_t events, std::uint64_t seed = 3) {
  Store store(path);
  Reception reception(store);
  SimulationSpec spec;
  spec.seed = seed;
  spec.events = events;
  std::size_t stored = 0;
  for (const Event& e : simulate_lobby(spec)) stored += reception.handle(e, "test").ok();
  return stored;
}

}  // namespace lobby::itest
