// The senders' thread (kiosk/common/pass_loop.h): a poke sends at once, a backoff holds pokes
// until it is over, a burst is gathered into one pass, and stopping waits for the pass.
#include "kiosk/common/pass_loop.h"

#include <gtest/gtest.h>

#include <atomic>

namespace lobby {
namespace {

using namespace std::chrono_literals;

struct Report {
  long long retry_in_ms = 0;
  int number = 0;
};

// Waits up to 10 s (a shared, busy machine) for `done`.
template <class F>
bool eventually(F done) {
  for (int i = 0; i < 1000 && !done(); ++i) std::this_thread::sleep_for(10ms);
  return done();
}

TEST(PassLoop, APokeStartsAPassAtOnceAndTheLastReportIsKept) {
  std::atomic<int> runs = 0;
  PassLoop<Report> loop([&] { return Report{0, ++runs}; }, {1h});
  ASSERT_TRUE(eventually([&] { return loop.passes() == 1; }));  // the first pass needs no poke
  loop.poke();
  ASSERT_TRUE(eventually([&] { return loop.passes() == 2; }));
  EXPECT_EQ(loop.last().number, 2);
}

TEST(PassLoop, ABackoffHoldsPokesUntilItIsOver) {
  std::atomic<int> runs = 0;
  PassLoop<Report> loop([&] { return Report{++runs == 1 ? 400 : 0, runs}; }, {1h});
  ASSERT_TRUE(eventually([&] { return loop.passes() == 1; }));
  loop.poke();
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(loop.passes(), 1u) << "a poke cut a backoff short";
  ASSERT_TRUE(eventually([&] { return loop.passes() == 2; })) << "the backoff never ended";
}

TEST(PassLoop, ABurstOfPokesIsGatheredIntoOnePass) {
  std::atomic<int> runs = 0;
  PassLoop<Report> loop([&] { return Report{0, ++runs}; }, {1h, 1s});
  ASSERT_TRUE(eventually([&] { return loop.passes() == 1; }));
  for (int i = 0; i < 5; ++i) {
    loop.poke();
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(eventually([&] { return loop.passes() >= 2; }));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(loop.passes(), 2u) << "each poke of the burst made its own pass";
}

TEST(PassLoop, StoppingWaitsForThePassInProgress) {
  std::atomic<bool> in_pass = false, finished = false;
  {
    PassLoop<Report> loop(
        [&] {
          in_pass = true;
          std::this_thread::sleep_for(200ms);
          finished = true;
          return Report{};
        },
        {1h});
    ASSERT_TRUE(eventually([&] { return in_pass.load(); }));
  }
  EXPECT_TRUE(finished) << "the loop stopped in the middle of a pass";
}

}  // namespace
}  // namespace lobby
