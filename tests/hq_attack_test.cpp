// HQ's ingest stays up when clients misbehave: idle and slow connections hold no worker and
// are closed at the request deadline, too many connections are answered 503, and a body too
// large is refused while it is read, chunked or not, without HQ holding it.
#include "attack_support.h"
#include "hq_metrics.h"
#include "hq_support.h"

#include <httplib.h>

namespace lobby::itest {
namespace {

using Clock = std::chrono::steady_clock;

TEST(HqAttack, AKioskSyncsThrough500IdleAnd8SlowConnections) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  const std::size_t n = fill_kiosk(db, 600);
  Hq hq(dir.file("hq.db"));
  hq.serve({"--request-seconds", "10"});
  SlowAndIdleAttack attack(hq.server.port(), 500, 8);
  for (int i = 0; i < 100 && attack.idle_open() < 500; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(attack.idle_open(), 500);
  std::this_thread::sleep_for(std::chrono::seconds(2));  // the slow ones are well into their headers
  EXPECT_GE(hq_metric(hq.server.url(), "hq_open_connections"), 508) << "the attack is not being held open";

  const auto t0 = Clock::now();
  const Ran r = run({KIOSK_BIN, "sync", "--db", db, "--hq", hq.server.url(), "--token", hq.token, "--drain",
                     "--batch", "64", "--deadline", "30"});
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(hq.exported().size(), n);
  std::cout << "[ figures  ] kiosk sync of " << n << " items under attack: " << seconds << " s\n";

  // The slow senders are cut off at the deadline, however steadily they trickle.
  while (Clock::now() - t0 < std::chrono::seconds(12)) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto lifetimes = attack.slow_lifetimes();
  ASSERT_GE(lifetimes.size(), 8u) << "slow senders were never closed";
  for (double s : lifetimes) {
    EXPECT_GE(s, 9.0);
    EXPECT_LE(s, 12.0);
  }
  EXPECT_GE(hq_metric(hq.server.url(), "hq_requests_timed_out_total"), 8);
  EXPECT_NE(hq.log().find("status=408"), std::string::npos);
}

TEST(HqAttack, AboveTheConnectionCapRequestsAreAnswered503WithRetryAfter) {
  TempDir dir;
  Hq hq(dir.file("hq.db"));
  hq.serve({"--max-connections", "16"});
  std::vector<int> held;
  for (int i = 0; i < 30; ++i) held.push_back(connect_to(hq.server.port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // accepted, counted
  httplib::Client c("127.0.0.1", hq.server.port());
  auto busy = c.Get("/healthz");
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->status, 503);
  EXPECT_EQ(busy->get_header_value("Retry-After"), "1");
  EXPECT_NE(busy->body.find("busy"), std::string::npos) << busy->body;
  for (int fd : held) close(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto fine = c.Get("/healthz");
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->status, 200);
  EXPECT_EQ(hq_metric(hq.server.url(), "hq_connections_over_cap_total"), 1);
  EXPECT_NE(hq.log().find("too many connections"), std::string::npos) << hq.log();
}

TEST(HqAttack, AHalfGigabyteChunkedUploadIsRefusedWithinTheLimit) {
  constexpr std::size_t kLimit = 4 << 20, kHalfGigabyte = std::size_t{500} << 20;
  TempDir dir;
  Hq hq(dir.file("hq.db"));
  hq.serve({"--max-body", std::to_string(kLimit)});
  httplib::Client c("127.0.0.1", hq.server.port());
  ASSERT_TRUE(c.Get("/healthz"));
  const long baseline = peak_rss_kib(hq.server.pid());
  ASSERT_GT(baseline, 0);

  // No token: refused on its headers, before any of the body is read.
  const Upload anonymous = chunked_upload(hq.server.port(), "", kHalfGigabyte);
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_LT(anonymous.sent, kLimit) << "HQ read the body of a request it had already refused";
  // With a token: read up to the limit, then refused.
  const Upload known = chunked_upload(hq.server.port(), "Authorization: Bearer " + hq.token + "\r\n", kHalfGigabyte);
  EXPECT_TRUE(known.status == 413 || known.status == 0) << known.status;
  EXPECT_LT(known.sent, kLimit + (16 << 20)) << "more than the limit and the sockets' buffers";
  EXPECT_GE(known.sent, kLimit) << "refused before the limit";

  const long peak = peak_rss_kib(hq.server.pid());
  std::cout << "[ figures  ] kiosk-hq peak RSS: " << baseline << " KiB at rest, " << peak
            << " KiB after a 500 MB chunked upload (limit " << (kLimit >> 10) << " KiB), of which it let "
            << (known.sent >> 10) << " KiB be sent\n";
  EXPECT_LT(peak - baseline, static_cast<long>(kLimit >> 10) + 4096) << "more than the limit plus 4 MiB";
  EXPECT_EQ(hq_metric(hq.server.url(), "hq_bodies_too_large_total"), 1);
  const std::string log = hq.log();
  EXPECT_NE(log.find("status=401"), std::string::npos) << log;
  EXPECT_NE(log.find("status=413"), std::string::npos) << log;
  ASSERT_TRUE(c.Get("/healthz")) << "still standing";
}

}  // namespace
}  // namespace lobby::itest
