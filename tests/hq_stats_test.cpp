// A branch's figures over a period (sync/hq/branch_stats.h), from rows as the branch tables
// keep them: every figure is checked against visits whose answer is worked out by hand.
#include "sync/hq/arrival_trends.h"
#include "sync/hq/branch_stats.h"

#include <gtest/gtest.h>

namespace lobby {
namespace {

using nlohmann::json;

VisitRow visit(const std::string& arrived, const std::string& kind, const std::string& server,
               std::optional<double> wait, std::optional<double> service, const std::string& skips = "[]") {
  VisitRow v;
  v.arrived = arrived, v.day = arrived.substr(0, 10), v.kind = kind, v.server = server;
  v.wait_minutes = wait, v.service_minutes = service, v.skips = skips;
  return v;
}

const std::vector<ManagerRow> kStaff = {{"M01", "王丽", "present", ""}, {"M02", "李强", "present", ""},
                                        {"M03", "张敏", "off", ""}};

std::vector<VisitRow> morning() {
  std::vector<VisitRow> v = {
      visit("2026-12-01T09:05:00", "rotation", "M01", 0, 30),
      visit("2026-12-01T09:20:00", "rotation", "M02", 4, 20, R"([{"manager":"M03","why":"task"}])"),
      visit("2026-12-01T10:10:00", "requested", "M01", 10, 40),
      visit("2026-12-02T10:30:00", "makeup", "M03", 2, std::nullopt,
            R"([{"manager":"M01","why":"busy"},{"manager":"M02","why":"break"}])"),
      visit("2026-12-02T11:00:00", "", "", std::nullopt, std::nullopt),  // still waiting
  };
  VisitRow voided = visit("2026-12-02T11:05:00", "rotation", "M02", 1, 1);
  voided.voided = "2026-12-02T11:06:00";
  v.push_back(voided);
  return v;
}

std::vector<DispatchDay> dispatch() {
  DispatchRow in, out;
  in.manager = "M02", in.reassigned_in = 2;
  out.manager = "M01", out.reassigned_out = 2;
  return {{"2026-12-01", {in, out}}};
}

TEST(Quantile, InterpolatesBetweenTheNearestRanks) {
  EXPECT_FALSE(quantile({}, 0.5));
  EXPECT_EQ(*quantile({7}, 0.9), 7);
  EXPECT_EQ(*quantile({4, 1, 3, 2}, 0.5), 2.5) << "the median of an even count is the mean of the middle two";
  EXPECT_EQ(*quantile({5, 1, 3}, 0.5), 3);
  EXPECT_DOUBLE_EQ(*quantile({0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, 0.9), 90);
  EXPECT_DOUBLE_EQ(*quantile({0, 10}, 0.9), 9);
}

TEST(BranchStats, TheWholeBranchCountsEveryVisitOnceAndVoidsApart) {
  const json g = branch_stats(morning(), dispatch(), kStaff, StatsBy::branch);
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0]["checkins"], 5) << "the voided visit is not a check-in";
  EXPECT_EQ(g[0]["voids"], 1);
  EXPECT_EQ(g[0]["by_kind"]["rotation"], 2);
  EXPECT_EQ(g[0]["by_kind"]["requested"], 1);
  EXPECT_EQ(g[0]["by_kind"]["referral"], 0) << "every kind is there, with 0 when none";
  EXPECT_EQ(g[0]["wait_minutes"]["count"], 4);
  EXPECT_EQ(g[0]["wait_minutes"]["median"], 3.0);  // 0 2 4 10
  EXPECT_DOUBLE_EQ(g[0]["wait_minutes"]["p90"].get<double>(), 8.2);
  EXPECT_EQ(g[0]["service_minutes"]["median"], 30.0);  // 20 30 40
  EXPECT_EQ(g[0]["skips"]["task"], 1);
  EXPECT_EQ(g[0]["skips"]["busy"], 1);
  EXPECT_EQ(g[0]["skips"]["break"], 1);
  EXPECT_EQ(g[0]["makeup_earned"], 1);
  EXPECT_EQ(g[0]["makeup_used"], 1);
  EXPECT_EQ(g[0]["reassigned_in"], 2);
}

TEST(BranchStats, PerManagerEveryoneHasARowAndSkipsCountForWhoWasPassedOver) {
  const json g = branch_stats(morning(), dispatch(), kStaff, StatsBy::manager);
  ASSERT_EQ(g.size(), 4u) << g.dump();
  EXPECT_EQ(g[0]["key"], "M01");
  EXPECT_EQ(g[0]["name"], "王丽");
  EXPECT_EQ(g[0]["checkins"], 2);
  EXPECT_EQ(g[0]["skips"]["busy"], 1) << "M01 was passed over once, busy";
  EXPECT_EQ(g[0]["reassigned_out"], 2);
  EXPECT_EQ(g[1]["key"], "M02");
  EXPECT_EQ(g[1]["checkins"], 1);
  EXPECT_EQ(g[1]["voids"], 1);
  EXPECT_EQ(g[1]["reassigned_in"], 2);
  EXPECT_EQ(g[2]["key"], "M03");
  EXPECT_EQ(g[2]["makeup_earned"], 1) << "away on company business: a make-up turn owed";
  EXPECT_EQ(g[2]["makeup_used"], 1);
  EXPECT_EQ(g[3]["key"], "") << "the visit nobody has received yet";
  EXPECT_EQ(g[3]["checkins"], 1);
}

TEST(BranchStats, PerHourAndPerDayInOrder) {
  const json hours = branch_stats(morning(), dispatch(), kStaff, StatsBy::hour);
  ASSERT_EQ(hours.size(), 3u);
  EXPECT_EQ(hours[0]["key"], "09");
  EXPECT_EQ(hours[0]["checkins"], 2);
  EXPECT_EQ(hours[1]["key"], "10");
  EXPECT_EQ(hours[1]["checkins"], 2);
  EXPECT_EQ(hours[2]["key"], "11");
  EXPECT_TRUE(hours[0]["reassigned_in"].is_null()) << "the dispatch log does not say at what hour";
  const json days = branch_stats(morning(), dispatch(), kStaff, StatsBy::day);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0]["key"], "2026-12-01");
  EXPECT_EQ(days[0]["checkins"], 3);
  EXPECT_EQ(days[0]["reassigned_in"], 2);
  EXPECT_EQ(days[1]["reassigned_in"], 0);
}

TEST(BranchStats, TheWaitDistributionPutsEachWaitInItsBucket) {
  // Waits 0 2 4 10 (the voided one's 1 is not counted): three under 5, one at 10 (in 10-15).
  const json h = branch_stats(morning(), dispatch(), kStaff, StatsBy::branch)[0]["wait_histogram"];
  ASSERT_EQ(h.size(), 8u) << h.dump();
  EXPECT_EQ(h[0], json({{"upto", 5}, {"count", 3}}));
  EXPECT_EQ(h[1]["count"], 0) << "10 minutes is not under 10";
  EXPECT_EQ(h[2], json({{"upto", 15}, {"count", 1}}));
  EXPECT_TRUE(h[7]["upto"].is_null()) << "the last bucket is open";
  std::vector<VisitRow> long_waits = {visit("2026-12-01T09:00:00", "rotation", "M01", 75, 10),
                                      visit("2026-12-01T09:01:00", "rotation", "M01", 59.5, 10)};
  const json l = branch_stats(long_waits, {}, kStaff, StatsBy::branch)[0]["wait_histogram"];
  EXPECT_EQ(l[6]["count"], 1) << "59.5 minutes: 45-60";
  EXPECT_EQ(l[7]["count"], 1) << "75 minutes: an hour or more";
}

TEST(BranchStats, ClaimsCountForTheManagerWhoClaimed) {
  // Two visits received by M01: M02 claims the first and the supervisor confirms; M03 claims
  // the second and is rejected, then M02 claims it and nobody has decided yet.
  VisitRow confirmed = visit("2026-12-01T09:05:00", "rotation", "M01", 0, 30);
  confirmed.steps = R"([{"at":"2026-12-01T09:05:00","event":"arrive","own":true,"decisions":[]},
    {"at":"2026-12-01T12:00:00","event":"claim","own":true,"manager":"M02","decisions":[]},
    {"at":"2026-12-01T12:10:00","event":"claim_confirm","own":true,"decisions":[{"kind":"rotation"}]}])";
  VisitRow rejected = visit("2026-12-01T10:05:00", "rotation", "M01", 0, 30);
  rejected.steps = R"([{"at":"2026-12-02T09:00:00","event":"claim","own":true,"manager":"M03","decisions":[]},
    {"at":"2026-12-02T09:05:00","event":"claim_reject","own":true,"decisions":[]},
    {"at":"2026-12-02T09:06:00","event":"claim","own":true,"manager":"M02","decisions":[]}])";
  const json g = branch_stats({confirmed, rejected}, {}, kStaff, StatsBy::manager);
  ASSERT_EQ(g.size(), 3u) << g.dump();
  EXPECT_EQ(g[0]["claims_made"], 0) << "M01 received them and claimed nothing";
  EXPECT_EQ(g[1]["claims_made"], 2);
  EXPECT_EQ(g[1]["claims_confirmed"], 1);
  EXPECT_EQ(g[1]["claims_rejected"], 0) << "M02's second claim is still pending";
  EXPECT_EQ(g[2]["claims_made"], 1);
  EXPECT_EQ(g[2]["claims_rejected"], 1);
  VisitRow voided = confirmed;
  voided.voided = "2026-12-01T12:30:00";
  EXPECT_EQ(branch_stats({voided}, {}, kStaff, StatsBy::manager)[1]["claims_made"], 0)
      << "a voided check-in counts in no figure, its claims neither";
  const json branch = branch_stats({confirmed, rejected}, {}, kStaff, StatsBy::branch)[0];
  EXPECT_EQ(branch["claims_made"], 3);
  EXPECT_EQ(branch["claims_confirmed"], 1);
  EXPECT_EQ(branch["claims_rejected"], 1);
}

TEST(ArrivalTrends, EveryDayOfThePeriodWeekdaysFromMondayAndWaitsInBuckets) {
  EXPECT_EQ(weekday_of("2026-11-30"), 0) << "a Monday";
  EXPECT_EQ(weekday_of("2026-12-06"), 6) << "a Sunday";
  EXPECT_EQ(weekday_of("1969-12-29"), 0) << "before 1970 too";
  EXPECT_EQ(weekday_of("1969-12-28"), 6);
  EXPECT_EQ(weekday_of("1969-12-25"), 3);
  EXPECT_EQ(weekday_of("monday"), -1);
  const std::vector<ArrivalCount> counts = {{"2026-11-30", 9, 3, 2}, {"2026-11-30", 9, 12, 1},
                                            {"2026-12-02", 14, std::nullopt, 4}, {"2026-12-02", 15, 70, 1}};
  const json t = arrival_trends(counts, "2026-11-29", "2026-12-02");
  ASSERT_EQ(t["days"].size(), 4u);
  EXPECT_EQ(t["days"][0], json({{"day", "2026-11-29"}, {"checkins", 0}})) << "a quiet day is there with 0";
  EXPECT_EQ(t["days"][1]["checkins"], 3);
  EXPECT_EQ(t["days"][3]["checkins"], 5);
  EXPECT_EQ(t["weekday_hour"][0][9], 3) << "Monday 09:00";
  EXPECT_EQ(t["weekday_hour"][2][14], 4) << "Wednesday 14:00";
  EXPECT_EQ(t["weekday_hour"][2][15], 1);
  EXPECT_EQ(t["waiting"], 4) << "nobody has received them: no wait yet";
  EXPECT_EQ(t["wait_histogram"][0]["count"], 2);
  EXPECT_EQ(t["wait_histogram"][2]["count"], 1) << "12 minutes: 10-15";
  EXPECT_EQ(t["wait_histogram"][7]["count"], 1) << "70 minutes: an hour or more";
}

TEST(BranchStats, NamesTheWaysToSplit) {
  EXPECT_EQ(stats_by(""), StatsBy::branch);
  EXPECT_EQ(stats_by("manager"), StatsBy::manager);
  EXPECT_FALSE(stats_by("weekday"));
}

}  // namespace
}  // namespace lobby
