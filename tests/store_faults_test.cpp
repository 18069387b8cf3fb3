// A full disk at the worst moment: the check-in is refused whole, nothing half-written
// remains, the kiosk's view of the lobby stays equal to what is on disk, and it carries on
// once there is room again. SQLite's max_page_count makes the disk "full" on demand.
#include "kiosk/core/local_time.h"
#include "kiosk/store/reception.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace lobby {
namespace {

std::int64_t count(Store& s, const char* table) {
  std::string sql = "SELECT count(*) FROM ";
  sql += table;
  auto q = s.db().prepare(sql.c_str());
  q.step();
  return q.int_at(0);
}

Event arrival(int i, Time t) {
  Event e;
  e.type = EventType::arrive;
  e.t = t;
  e.id = std::string("c").append(std::to_string(i));
  e.phone = std::to_string(13800000000LL + i);
  e.surname = "陈";
  e.title = "女士";
  // A long note-sized name makes every check-in need fresh pages soon.
  e.surname += std::string(kMaxEventText - e.surname.size(), 'x');  // as long as a record allows
  return e;
}

TEST(StoreFaults, FullDiskRefusesTheWholeCheckInAndLosesNothing) {
  const auto dir = std::filesystem::temp_directory_path() / ("kiosk-full-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "k.db").string();
  {
    Store store(path);
    Reception r(store);
    Time t = *parse_local_time("2026-11-24T09:00:00");
    Event roster;
    roster.type = EventType::roster;
    roster.t = t;
    roster.order = {"A", "B"};
    ASSERT_TRUE(r.handle(roster, "test").ok());
    for (const char* m : {"A", "B"}) {
      Event in;
      in.type = EventType::clock_in;
      in.t = t;
      in.m = m;
      ASSERT_TRUE(r.handle(in, "test").ok());
    }
    ASSERT_TRUE(r.handle(arrival(1, t), "test").ok());

    auto pages = store.db().prepare("PRAGMA page_count");
    pages.step();
    store.db().exec(("PRAGMA max_page_count=" + std::to_string(pages.int_at(0))).c_str());

    const auto events = count(store, "events"), visits = count(store, "visits"), outbox = count(store, "outbox");
    Handled h;
    int i = 2;
    for (; i < 200; ++i) {
      h = r.handle(arrival(i, t + i), "test");
      if (!h.failure.empty()) break;
    }
    ASSERT_TRUE(h.failure) << "the disk never filled up";
    EXPECT_EQ(h.failure.code, "store-full") << h.failure;
    EXPECT_NE(h.failure.args["detail"].find("disk is full"), std::string::npos) << h.failure;
    EXPECT_TRUE(h.committed.ticket.empty());
    // Everything before the failure is there; nothing of the failed check-in is.
    const int stored = i - 2;
    EXPECT_EQ(count(store, "events"), events + stored);
    EXPECT_EQ(count(store, "visits"), visits + stored);
    EXPECT_EQ(count(store, "outbox"), outbox + stored);
    auto failed = store.db().prepare("SELECT count(*) FROM visits WHERE id = ?");
    failed.bind(1, "c" + std::to_string(i)).step();
    EXPECT_EQ(failed.int_at(0), 0);

    // The kiosk did not run ahead of the disk: its waiting line matches a fresh rebuild.
    RotationEngine rebuilt;
    store.replay_into(rebuilt);
    ASSERT_EQ(rebuilt.waiting().size(), r.engine().waiting().size());
    for (std::size_t k = 0; k < rebuilt.waiting().size(); ++k)
      EXPECT_EQ(rebuilt.waiting()[k].visit, r.engine().waiting()[k].visit);

    // Room again: the same customer checks in and gets the next ticket.
    store.db().exec("PRAGMA max_page_count=1073741823");
    Handled again = r.handle(arrival(i, t + i), "test");
    ASSERT_TRUE(again.ok()) << again.failure;
    char expected[8];
    std::snprintf(expected, sizeof expected, "A%03d", stored + 2);
    EXPECT_EQ(again.committed.ticket, expected);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lobby

namespace lobby {
namespace {

// A visit id from weeks ago is long forgotten by the engine but not by the records: the
// arrival is refused like any impossible event, and replay goes on.
TEST(StoreFaults, AVisitIdIsNeverUsedTwiceEvenAfterTheEngineForgetsIt) {
  const auto dir = std::filesystem::temp_directory_path() / ("kiosk-reuse-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    Store store((dir / "k.db").string());
    Reception r(store);
    Time t = *parse_local_time("2026-11-24T09:00:00");
    auto event = [&](EventType type, const std::string& field) {
      Event e;
      e.type = type;
      e.t = t;
      (type == EventType::arrive || type == EventType::finish ? e.id : e.m) = field;
      if (type == EventType::roster) e.order = {"A"}, e.m.clear();
      return e;
    };
    ASSERT_TRUE(r.handle(event(EventType::roster, ""), "test").ok());
    ASSERT_TRUE(r.handle(event(EventType::clock_in, "A"), "test").ok());
    ASSERT_TRUE(r.handle(event(EventType::arrive, "c1"), "test").ok());
    ASSERT_TRUE(r.handle(event(EventType::finish, "c1"), "test").ok());
    t += 30 * kSecondsPerDay;
    ASSERT_TRUE(r.handle(event(EventType::clock_in, "A"), "test").ok());  // the engine forgets c1 here
    const Handled again = r.handle(event(EventType::arrive, "c1"), "test");
    EXPECT_FALSE(again.failure) << again.failure;
    EXPECT_EQ(again.outcome.error.code, "visit-recorded");
    EXPECT_TRUE(r.handle(event(EventType::arrive, "c2"), "test").ok());  // and the kiosk goes on
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lobby
