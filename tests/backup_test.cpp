// `kiosk backup` and the restore steps of README.md: a copy taken while another process
// keeps checking customers in is consistent, restores, replays to exactly the state of the
// events it holds, reports what its records say, and carries on; bad input fails clearly.
#include "kiosk/core/simulate.h"
#include "kiosk/store/backup.h"
#include "kiosk/store/store.h"
#include "ops_support.h"
#include "test_support.h"

#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

namespace lobby::itest {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> event_bodies(const std::string& db) {
  std::vector<std::string> out;
  Sql sql(db);
  for (auto& row : sql.rows("SELECT body FROM events ORDER BY seq")) out.push_back(row[0]);
  return out;
}

// Large inputs go through a file: run() writes standard input in one blocking write, which
// would wait forever for a child that is itself waiting for its output to be read.
std::string jsonl_file(const TempDir& dir, const std::string& name, const std::vector<std::string>& lines) {
  std::string s;
  for (const std::string& l : lines) s += l + "\n";
  write_file(dir.file(name), s);
  return dir.file(name);
}

TEST(Backup, TakenWhileAnotherProcessChecksInRestoresToTheStateOfItsEvents) {
  TempDir dir;
  const std::string live = dir.file("kiosk.db"), copy = dir.file("backup.db");
  SimulationSpec spec;
  spec.seed = 11, spec.managers = 6, spec.events = 4000;
  write_file(dir.file("stream.jsonl"), to_jsonl(simulate_lobby(spec)));

  std::atomic<bool> writing{true};
  Ran writer;
  std::thread t([&] {
    writer = kiosk({"replay", "--db", live, dir.file("stream.jsonl")});
    writing = false;
  });
  // Back up as soon as there is something to copy, and again, while the writer goes on.
  int during = 0;
  for (int i = 0; i < 400 && writing && during < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!fs::exists(live) || Sql(live).number("SELECT count(*) FROM sqlite_master WHERE name = 'events'") == 0 ||
        Sql(live).number("SELECT count(*) FROM events") < 300)
      continue;
    const Ran b = kiosk({"backup", "--db", live, "--to", copy});
    ASSERT_EQ(b.status, 0) << b.err;
    EXPECT_NE(b.out.find("integrity ok"), std::string::npos) << b.out;
    during += writing ? 1 : 0;
  }
  t.join();
  ASSERT_LE(writer.status, 1) << writer.err;  // 1: the simulator's stream may hold refused lines
  ASSERT_GE(during, 1) << "no backup finished while the writer was still checking customers in";
  EXPECT_FALSE(fs::exists(copy + ".tmp"));
  EXPECT_FALSE(fs::exists(copy + "-wal"));
  EXPECT_EQ(Sql(copy).text("PRAGMA journal_mode"), "delete");

  const std::vector<std::string> all = event_bodies(live), saved = event_bodies(copy);
  ASSERT_LT(saved.size(), all.size()) << "the copy should hold a prefix taken mid-stream";
  for (std::size_t i = 0; i < saved.size(); ++i) ASSERT_EQ(saved[i], all[i]) << "event " << i + 1;

  // The restore of README.md: stop the kiosk (the writer has ended), keep the damaged file
  // aside, put the copy in place without stale -wal/-shm, start.
  fs::rename(live, live + ".damaged");
  fs::remove(live + "-wal"), fs::remove(live + "-shm");
  fs::copy_file(copy, live);

  RotationEngine restored, expected;
  {
    Store store(live, Store::Mode::existing);
    EXPECT_EQ(store.replay_into(restored).events, saved.size());
  }
  // The events it holds, fed to a fresh engine, give the same state and the same decisions
  // the restored file recorded.
  const std::string decided = decisions_of(saved, &expected);
  EXPECT_EQ(state_of(restored), state_of(expected));
  std::size_t decision_lines = 0;
  for (const std::string& l : split_lines(decided)) decision_lines += l.starts_with("{");
  EXPECT_EQ(Sql(live).number("SELECT count(*) FROM decisions"), static_cast<long long>(decision_lines));

  // `kiosk report` on the restored file agrees with a database rebuilt from its events alone.
  const std::string rebuilt = dir.file("rebuilt.db");
  ASSERT_LE(kiosk({"replay", "--db", rebuilt, jsonl_file(dir, "saved.jsonl", saved)}).status, 1);
  std::set<std::string> days;
  for (auto& row : Sql(live).rows("SELECT DISTINCT day FROM decisions")) days.insert(row[0]);
  ASSERT_FALSE(days.empty());
  for (const std::string& day : days) {
    const Ran a = kiosk({"report", "--db", live, "--day", day, "--csv"});
    const Ran b = kiosk({"report", "--db", rebuilt, "--day", day, "--csv"});
    ASSERT_EQ(a.status, 0) << a.err;
    EXPECT_EQ(a.out, b.out) << day;
  }

  // The restored kiosk carries on: the rest of the events make it the same as the original.
  std::vector<std::string> rest(all.begin() + static_cast<std::ptrdiff_t>(saved.size()), all.end());
  ASSERT_EQ(kiosk({"replay", "--db", live, jsonl_file(dir, "rest.jsonl", rest)}).status, 0);
  RotationEngine after, original;
  Store(live, Store::Mode::read_only).replay_into(after);
  Store(live + ".damaged", Store::Mode::read_only).replay_into(original);
  EXPECT_EQ(state_of(after), state_of(original));
}

// Whatever the umask, the database, its -wal and -shm, and a backup are readable by their owner
// only: they hold customers' numbers and staff PIN hashes.
TEST(Backup, TheDatabaseItsLogAndABackupAreOwnerOnlyWhateverTheUmask) {
  TempDir dir;
  const mode_t before = ::umask(0);
  const std::string db = dir.file("kiosk.db"), copy = dir.file("backup.db");
  {
    Store store(db);
    store.add_manager({"M01", "王丽", "王", "f"}, "1111");
    ASSERT_TRUE(std::filesystem::exists(db + "-wal"));
    backup_database(db, copy);
    for (const std::string& f : {db, db + "-wal", db + "-shm", copy}) {
      struct stat st{};
      ASSERT_EQ(::stat(f.c_str(), &st), 0) << f;
      EXPECT_EQ(st.st_mode & 0777, 0600u) << f;
    }
  }
  ::umask(before);
}

TEST(Backup, BadInputFailsWithAClearMessageAndLeavesNothingBehind) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  ASSERT_EQ(kiosk({"replay", "--db", db}, R"({"ev":"roster","t":"2026-11-24T09:00:00","order":["A"]})" "\n").status, 0);

  Ran r = kiosk({"backup", "--db", dir.file("missing.db"), "--to", dir.file("b.db")});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("no kiosk database at " + dir.file("missing.db")), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.file("b.db")));

  write_file(dir.file("notes.txt"), "not a database at all, just some text that is long enough to look at\n");
  r = kiosk({"backup", "--db", dir.file("notes.txt"), "--to", dir.file("b.db")});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("not a kiosk database"), std::string::npos) << r.err;

  // A folder that does not exist, and a path through a regular file: nothing can be written.
  for (const std::string& to : {dir.file("no-such-folder/b.db"), dir.file("notes.txt/b.db")}) {
    r = kiosk({"backup", "--db", db, "--to", to});
    EXPECT_EQ(r.status, 2) << to;
    EXPECT_NE(r.err.find("cannot write the copy"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(to + ".tmp"), std::string::npos) << r.err;
  }
  r = kiosk({"backup", "--db", db, "--to", dir.path});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("is a folder"), std::string::npos) << r.err;

  // An earlier backup survives a failed one.
  ASSERT_EQ(kiosk({"backup", "--db", db, "--to", dir.file("b.db")}).status, 0);
  const std::string before = read_file(dir.file("b.db"));
  r = kiosk({"backup", "--db", dir.file("missing.db"), "--to", dir.file("b.db")});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(read_file(dir.file("b.db")), before);
}

}  // namespace
}  // namespace lobby::itest
