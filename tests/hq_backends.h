// Every HQ test runs on both of HQ's backends: an SQLite file, and a PostgreSQL database on a
// throwaway server the test binary starts itself (initdb and pg_ctl in a temporary folder, a
// unix socket only, as the `postgres` user when run as root). One server per test process,
// started on first use and stopped at the end; a fresh database for each test.
#pragma once

#include "test_support.h"

#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace lobby::itest {

enum class Backend { sqlite, postgres };

inline std::string backend_name(Backend b) { return b == Backend::sqlite ? "sqlite" : "postgres"; }
inline void PrintTo(Backend b, std::ostream* os) { *os << backend_name(b); }
inline std::string backend_param_name(const ::testing::TestParamInfo<Backend>& info) { return backend_name(info.param); }
inline const auto kBackends = ::testing::Values(Backend::sqlite, Backend::postgres);

inline constexpr const char* kPgBin = "/usr/lib/postgresql/15/bin";

// The throwaway server of this process.
class ThrowawayPostgres {
 public:
  // Runs `command` (a shell command line) as the postgres user when we are root.
  static Ran as_postgres(const std::string& command) {
    if (geteuid() == 0) return run({"/bin/su", "postgres", "-s", "/bin/sh", "-c", command});
    return run({"/bin/sh", "-c", command});
  }

  ThrowawayPostgres() {
    // initdb takes seconds, so the cluster it makes is kept as a template, made once for all
    // test processes (under a lock) and copied for each server.
    const std::string tmpl = template_dir();
    char name[] = "/tmp/kiosk-pg-XXXXXX";
    if (!mkdtemp(name)) throw std::runtime_error("mkdtemp failed");
    dir_ = name;
    std::filesystem::create_directory(dir_ + "/sock");
    if (run({"/bin/cp", "-a", tmpl, dir_ + "/data"}).status != 0) throw std::runtime_error("cannot copy " + tmpl);
    if (geteuid() == 0) run({"/bin/chown", "-R", "postgres:postgres", dir_});
    // No fsync: the cluster is thrown away; HQ's commit-before-answer is about its own code.
    const Ran started = as_postgres(std::string(kPgBin) + "/pg_ctl -D " + dir_ + "/data -l " + dir_ +
                                    "/log -w -o \"-k " + dir_ + "/sock -p 5432 -c listen_addresses='' -c fsync=off "
                                    "-c full_page_writes=off -c max_connections=200\" start");
    if (started.status != 0)
      throw std::runtime_error("the throwaway PostgreSQL did not start: " + started.err + read_file(dir_ + "/log"));
  }
  ~ThrowawayPostgres() {
    as_postgres(std::string(kPgBin) + "/pg_ctl -D " + dir_ + "/data -m immediate -w stop");
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  ThrowawayPostgres(const ThrowawayPostgres&) = delete;
  ThrowawayPostgres& operator=(const ThrowawayPostgres&) = delete;

  // Stops every connection and starts again, as an operator's restart or a failover would.
  void restart() const {
    const Ran r = as_postgres(std::string(kPgBin) + "/pg_ctl -D " + dir_ + "/data -l " + dir_ + "/log -m fast -w restart");
    if (r.status != 0) throw std::runtime_error("the throwaway PostgreSQL did not restart: " + r.err);
  }
  std::string socket_dir() const { return dir_ + "/sock"; }
  std::string uri(const std::string& database) const {
    return "postgresql:///" + database + "?host=" + socket_dir() + "&port=5432&user=postgres";
  }
  // Runs SQL through psql in `database`; the output is unaligned, tuples only.
  Ran psql(const std::string& database, const std::string& sql) const {
    return run({std::string(kPgBin) + "/psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", socket_dir(), "-p",
                "5432", "-U", "postgres", "-d", database, "-c", sql});
  }
  // A new empty database; returns its URI.
  std::string fresh_database() {
    const std::string name = "hq_" + std::to_string(getpid()) + "_" + std::to_string(++made_);
    const Ran r = psql("postgres", "CREATE DATABASE " + name);
    if (r.status != 0) throw std::runtime_error("CREATE DATABASE failed: " + r.err);
    return uri(name);
  }

 private:
  static std::string template_dir() {
    const std::string tmpl = "/tmp/kiosk-pg-template-" + std::to_string(geteuid());
    const int lock = open((tmpl + ".lock").c_str(), O_CREAT | O_RDWR, 0600);
    flock(lock, LOCK_EX);
    if (!std::filesystem::exists(tmpl + "/PG_VERSION")) {
      const std::string making = tmpl + ".making";
      std::error_code ignored;
      std::filesystem::remove_all(making, ignored);
      std::filesystem::create_directory(making);
      if (geteuid() == 0) run({"/bin/chown", "postgres:postgres", making});
      const Ran r = as_postgres(std::string(kPgBin) + "/initdb -D " + making +
                                " -A trust -U postgres -E UTF8 --locale=C -N");
      if (r.status != 0) {
        close(lock);
        throw std::runtime_error("initdb failed: " + r.err);
      }
      std::filesystem::rename(making, tmpl);
    }
    close(lock);
    return tmpl;
  }
  std::string dir_;
  int made_ = 0;
};

// Starts the process's server on first use; stops it when the tests end.
class PostgresEnvironment : public ::testing::Environment {
 public:
  static PostgresEnvironment& get() {
    static PostgresEnvironment* env =
        static_cast<PostgresEnvironment*>(::testing::AddGlobalTestEnvironment(new PostgresEnvironment));
    return *env;
  }
  ThrowawayPostgres& server() {
    if (!server_) server_ = std::make_unique<ThrowawayPostgres>();
    return *server_;
  }
  void TearDown() override { server_.reset(); }

 private:
  std::unique_ptr<ThrowawayPostgres> server_;
};
// Registered before the tests run, so that TearDown stops the server.
inline PostgresEnvironment& kPostgresEnvironment = PostgresEnvironment::get();

inline ThrowawayPostgres& postgres() { return kPostgresEnvironment.server(); }

// Why PostgreSQL cannot be used here, or "" if it can.
inline std::string postgres_missing() {
  if (access((std::string(kPgBin) + "/initdb").c_str(), X_OK) != 0)
    return std::string("PostgreSQL 15 is not installed (no ") + kPgBin + "/initdb): deploy/setup.sh installs postgresql-15";
  if (geteuid() == 0 && run({"/usr/bin/id", "postgres"}).status != 0)
    return "running as root and there is no postgres user to run the throwaway PostgreSQL as";
  return "";
}

// Call from SetUp: a postgres test without PostgreSQL skips, or fails under CI=true (where
// deploy/setup.sh has installed it, so its absence is a broken machine, not a choice).
inline void require_backend(Backend b) {
  if (b != Backend::postgres) return;
  if (const std::string why = postgres_missing(); !why.empty()) {
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") FAIL() << why;
    GTEST_SKIP() << why;
  }
}

// HQ's database for a test: a file in `dir`, or a fresh database on the throwaway server.
inline std::string hq_database(Backend b, const TempDir& dir, const std::string& file = "hq.db") {
  return b == Backend::sqlite ? dir.file(file) : postgres().fresh_database();
}

// A test fixture over both backends.
struct OnBothBackends : ::testing::TestWithParam<Backend> {
  void SetUp() override { require_backend(GetParam()); }
  Backend backend() const { return GetParam(); }
};

}  // namespace lobby::itest
