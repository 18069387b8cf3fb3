// Helpers shared by the integration tests: a scratch directory per test, files, a second
// SQLite connection that looks at what the kiosk wrote, and running the real `kiosk`
// program with its standard streams captured.
#pragma once

#include "kiosk/core/types.h"
#include "kiosk/common/event_json.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace lobby::itest {

// A fresh directory under /tmp, removed with everything in it when the test ends.
struct TempDir {
  std::string path;
  TempDir() {
    char name[] = "/tmp/kiosk-itest-XXXXXX";
    if (!mkdtemp(name)) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    path = name;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return path + "/" + name; }
};

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  if (!f) throw std::runtime_error("cannot write " + path);
}

inline std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = text.find('\n', at);
    if (end == std::string::npos) break;  // an unfinished last line is not a line
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

// One event per line, in the replay contract's encoding.
inline std::string to_jsonl(const std::vector<Event>& events) {
  std::string out;
  for (const Event& e : events) out += event_to_json(e).dump() + "\n";
  return out;
}

// Parses one replay-contract line; a test failure (and an empty event) if it does not parse.
inline Event event(const std::string& line) {
  Event e;
  std::string error;
  EXPECT_TRUE(event_from_json(line, e, error)) << line << ": " << error;
  return e;
}

// A second connection to a kiosk database, as an auditor (or another program) would open it.
class Sql {
 public:
  explicit Sql(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
      throw std::runtime_error("cannot open " + path + ": " + sqlite3_errmsg(db_));
    sqlite3_busy_timeout(db_, 5000);
  }
  ~Sql() { sqlite3_close(db_); }
  Sql(const Sql&) = delete;
  Sql& operator=(const Sql&) = delete;

  void exec(const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    const std::string msg = err ? err : "";
    sqlite3_free(err);
    if (rc != SQLITE_OK) throw std::runtime_error(sql + ": " + msg);
  }
  // Every row of a query, each column as text ("NULL" for SQL NULL). `args` bind ?1, ?2, ...
  std::vector<std::vector<std::string>> rows(const std::string& sql, const std::vector<std::string>& args = {}) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    for (std::size_t i = 0; i < args.size(); ++i)
      sqlite3_bind_text(s, static_cast<int>(i + 1), args[i].c_str(), -1, SQLITE_TRANSIENT);
    std::vector<std::vector<std::string>> out;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
        row.push_back(p ? p : "NULL");
      }
      out.push_back(std::move(row));
    }
    const std::string msg = sqlite3_errmsg(db_);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) throw std::runtime_error(sql + ": " + msg);
    return out;
  }
  std::string text(const std::string& sql, const std::vector<std::string>& args = {}) {
    auto r = rows(sql, args);
    return r.empty() || r[0].empty() ? std::string("(no row)") : r[0][0];
  }
  long long number(const std::string& sql, const std::vector<std::string>& args = {}) {
    return std::stoll(text(sql, args));
  }
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// What a finished command did.
struct Ran {
  int status = -1;  // exit status; 128 + signal number if killed by a signal
  std::string out, err;
  double seconds = 0;
  std::vector<std::string> lines() const { return split_lines(out); }
};

// Runs `args` (args[0] is the program) with `input` on its standard input and waits for it.
inline Ran run(const std::vector<std::string>& args, const std::string& input = "") {
  int in[2], out[2], err[2];
  if (pipe(in) || pipe(out) || pipe(err)) throw std::runtime_error("pipe failed");
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in[0], 0), dup2(out[1], 1), dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in[0]), close(out[1]), close(err[1]);
  signal(SIGPIPE, SIG_IGN);  // the child may stop reading its input early
  Ran r;
  std::size_t written = 0;
  int to_child = in[1];
  if (input.empty()) close(to_child), to_child = -1;
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open) {
    pollfd fds[3];
    int n = 0;
    if (out_open) fds[n++] = {out[0], POLLIN, 0};
    if (err_open) fds[n++] = {err[0], POLLIN, 0};
    if (to_child >= 0) fds[n++] = {to_child, POLLOUT, 0};
    if (poll(fds, static_cast<nfds_t>(n), -1) < 0 && errno != EINTR) break;
    for (int i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      if (fds[i].fd == to_child) {
        const ssize_t w = write(to_child, input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if (w < 0 || written == input.size()) close(to_child), to_child = -1;
        continue;
      }
      const ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got <= 0) {
        close(fds[i].fd);
        (fds[i].fd == out[0] ? out_open : err_open) = false;
      } else {
        (fds[i].fd == out[0] ? r.out : r.err).append(buf, static_cast<std::size_t>(got));
      }
    }
  }
  if (to_child >= 0) close(to_child);
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  return r;
}

// The kiosk program under test with the given arguments.
inline Ran kiosk(std::vector<std::string> args, const std::string& input = "") {
  args.insert(args.begin(), KIOSK_BIN);
  return run(args, input);
}

}  // namespace lobby::itest
