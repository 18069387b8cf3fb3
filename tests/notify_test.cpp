// Unit tests of the managers' notices: who is told about what (plan_notices), the words of a
// message, each robot's request format and signature (against values computed independently
// with Python's hmac), how their answers are judged, and the rate limits.
#include "kiosk/core/engine.h"
#include "kiosk/core/local_time.h"
#include "kiosk/core/notice.h"
#include "sync/notify/notice_text.h"
#include "sync/notify/rate_limit.h"
#include "sync/notify/robot_format.h"
#include "kiosk/common/event_json.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lobby {
namespace {

// An engine fed replay-contract lines, a minute apart; remembers the last event for the plan.
struct Desk {
  RotationEngine engine;
  Time clock = *parse_local_time("2026-11-24T09:00:00");
  std::vector<NoticeDraft> on(const std::string& fields) {
    clock += 60;
    Event e;
    std::string error;
    EXPECT_TRUE(event_from_json("{\"t\":\"" + format_local_time(clock) + "\"," + fields + "}", e, error)) << error;
    const Outcome o = engine.apply(e);
    EXPECT_EQ(o.error.code, "") << fields << ": " << o.error;
    return plan_notices(e, o);
  }
  void open(const std::vector<std::string>& order) {
    std::string list;
    for (const auto& m : order) list += (list.empty() ? "\"" : ",\"") + m + "\"";
    on("\"ev\":\"roster\",\"order\":[" + list + "]");
    for (const auto& m : order) on("\"ev\":\"clock_in\",\"m\":\"" + m + "\"");
  }
};

using Who = std::vector<std::string>;

TEST(NoticePlan, ARotationWalkInTellsTheManagerWhoReceivesThem) {
  Desk d;
  d.open({"A", "B"});
  const auto n = d.on(R"("ev":"arrive","id":"c1")");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].why, NoticeWhy::assigned);
  EXPECT_EQ(n[0].kind, Kind::rotation);
  EXPECT_EQ(recipients(n[0]), Who{"A"});
  EXPECT_EQ(n[0].t, d.clock);
}

TEST(NoticePlan, StaffEventsThatAssignNobodyTellNobody) {
  Desk d;
  d.open({"A"});
  EXPECT_TRUE(d.on(R"("ev":"status","m":"A","status":"break")").empty());
  EXPECT_TRUE(d.on(R"("ev":"busy_policy","m":"A","policy":"forfeit")").empty());
}

TEST(NoticePlan, AReturningCustomerWhoseOwnerIsAwayTellsTheServerAndTheOwner) {
  Desk d;
  d.open({"A", "B"});
  d.on(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A receives and owns them
  d.on(R"("ev":"finish","id":"c1")");
  d.on(R"("ev":"status","m":"A","status":"task")");
  const auto n = d.on(R"("ev":"arrive","id":"c2","phone":"13800000001")");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].kind, Kind::voluntary);
  EXPECT_EQ(recipients(n[0]), (Who{"B", "A"})) << "the server first, and the owner is told too";
}

TEST(NoticePlan, ACustomerWaitingForTheirBusyOwnerByNameTellsTheOwnerThenTheAssignmentTellsThemAgain) {
  Desk d;
  d.open({"A", "B"});
  d.on(R"("ev":"arrive","id":"c1","phone":"13800000001")");  // A
  d.on(R"("ev":"finish","id":"c1")");
  d.on(R"("ev":"arrive","id":"c2")");                        // A again? no: B is next up
  d.on(R"("ev":"arrive","id":"c3")");                        // A: both now busy
  const auto waiting = d.on(R"("ev":"arrive","id":"c4","phone":"13800000001")");
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_EQ(waiting[0].why, NoticeWhy::waiting);
  EXPECT_EQ(waiting[0].visit, "c4");
  EXPECT_EQ(recipients(waiting[0]), Who{"A"});
  const auto served = d.on(R"("ev":"finish","id":"c3")");
  ASSERT_EQ(served.size(), 1u);
  EXPECT_EQ(served[0].why, NoticeWhy::assigned);
  EXPECT_EQ(served[0].kind, Kind::returning);
  EXPECT_EQ(recipients(served[0]), Who{"A"});
}

TEST(NoticePlan, ACustomerWaitingForAnyoneTellsNobodyUntilAssigned) {
  Desk d;
  d.open({"A"});
  d.on(R"("ev":"arrive","id":"c1")");
  EXPECT_TRUE(d.on(R"("ev":"arrive","id":"c2")").empty());
  const auto n = d.on(R"("ev":"finish","id":"c1")");
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].visit, "c2");
}

TEST(NoticePlan, ABusyOnTurnManagerWhoDelegatesIsToldAsOwner) {
  Desk d;
  d.open({"A", "B", "C"});
  d.on(R"("ev":"arrive","id":"c1")");                 // A, pointer to B
  d.on(R"("ev":"arrive","id":"c2","request":"A")");   // waits for A by name: A is busy
  d.on(R"("ev":"arrive","id":"c3")");                 // B
  d.on(R"("ev":"finish","id":"c3")");
  d.on(R"("ev":"status","m":"B","status":"break")");
  d.on(R"("ev":"status","m":"B","status":"available")");
  d.on(R"("ev":"arrive","id":"c4")");                 // C, pointer back to A (busy)
  const auto n = d.on(R"("ev":"arrive","id":"c5")");  // A's turn, A busy: B serves on A's behalf
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].kind, Kind::voluntary);
  EXPECT_EQ(recipients(n[0]), (Who{"B", "A"}));
}

TEST(NoticePlan, AReassignmentOfAWaitingCustomerServedAtOnceIsOneAssignment) {
  Desk d;
  d.open({"A", "B"});
  d.on(R"("ev":"arrive","id":"c1")");  // A
  d.on(R"("ev":"arrive","id":"c2")");  // B
  d.on(R"("ev":"arrive","id":"c3")");  // waits for anyone
  d.on(R"("ev":"finish","id":"c2")");  // B takes c3
  d.on(R"("ev":"arrive","id":"c4")");  // waits
  const auto n = d.on(R"("ev":"reassign","id":"c4","to":"A")");
  ASSERT_EQ(n.size(), 1u) << "waiting for A by name: A hears once";
  EXPECT_EQ(n[0].why, NoticeWhy::waiting);
  EXPECT_EQ(recipients(n[0]), Who{"A"});
}

// --- Words ------------------------------------------------------------------------------

NoticeWords words(const std::string& language) {
  NoticeWords w;
  std::string error;
  EXPECT_TRUE(load_notice_words(SOURCE_DIR "/assets", w, error)) << error;
  w.language = language;
  return w;
}

Staff staff() { return {{"A", {"王丽", "13912345678"}}, {"B", {"李强", ""}}}; }

PendingNotice pending(std::int64_t seq, const std::string& ticket, NoticeWhy why, Kind kind, const std::string& owner,
                      const std::string& server) {
  PendingNotice p;
  p.seq = seq;
  p.ticket = ticket;
  p.surname = "张";
  p.title = "先生";
  p.draft = {"v" + ticket, why, kind, owner, server, 0};
  return p;
}

TEST(NoticeWords, SayTheTicketThePoliteNameTheKindAndWhoServesNeverTheNumber) {
  const auto m = compose_message({pending(1, "A023", NoticeWhy::assigned, Kind::voluntary, "A", "B")}, staff(), words("zh"));
  EXPECT_NE(m.text.find("A023"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("张先生"), std::string::npos);
  EXPECT_NE(m.text.find("代为接待"), std::string::npos) << "the kind in words";
  EXPECT_NE(m.text.find("李强"), std::string::npos) << "who serves";
  EXPECT_NE(m.text.find("王丽"), std::string::npos) << "whose customer";
  EXPECT_EQ(m.text.find("Turn"), std::string::npos) << "Chinese only";
  EXPECT_EQ(m.mobiles, std::vector<std::string>{"13912345678"}) << "B has no mobile; A is mentioned";
  EXPECT_EQ(m.text.find("1391234"), std::string::npos) << "a mention is not written into WeCom's text";
}

TEST(NoticeWords, AMovedCustomerIsAskedForOnlyWhenTheNewOwnerReceivesThem) {
  const auto receives =
      compose_message({pending(1, "A011", NoticeWhy::reassigned, Kind::reassigned, "A", "A")}, staff(), words("en"));
  EXPECT_EQ(receives.text, "A011 张先生 (Reassigned by the supervisor): 王丽, please receive them in the lobby.");
  const auto owns =
      compose_message({pending(1, "A011", NoticeWhy::reassigned, Kind::reassigned, "A", "B")}, staff(), words("en"));
  EXPECT_EQ(owns.text, "A011 张先生 (Reassigned by the supervisor) is now 王丽's customer.");
  EXPECT_EQ(owns.mobiles, std::vector<std::string>{"13912345678"}) << "the new owner hears, not who serves";
}

TEST(NoticeWords, BothLanguagesWhenTheBranchSaysSo) {
  const auto m = compose_message({pending(1, "A001", NoticeWhy::assigned, Kind::rotation, "A", "A")}, staff(), words("both"));
  EXPECT_NE(m.text.find("轮序接待"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("Turn order"), std::string::npos) << m.text;
  const auto en = compose_message({pending(1, "A001", NoticeWhy::waiting, Kind::requested, "A", "")}, staff(), words("en"));
  EXPECT_EQ(en.text, "A001 张先生 is waiting in the lobby for 王丽.");
}

TEST(NoticeWords, SeveralNoticesWaitingTogetherBecomeOneMessageMentioningEachManagerOnce) {
  const auto m = compose_message({pending(1, "A001", NoticeWhy::assigned, Kind::rotation, "A", "A"),
                                  pending(2, "A002", NoticeWhy::assigned, Kind::rotation, "B", "B"),
                                  pending(3, "A003", NoticeWhy::assigned, Kind::makeup, "A", "A")},
                                 staff(), words("en"));
  for (const char* t : {"A001", "A002", "A003", "3 customers:"}) EXPECT_NE(m.text.find(t), std::string::npos) << t;
  EXPECT_EQ(m.mobiles.size(), 1u);
}

// --- Robots' formats ----------------------------------------------------------------------

TEST(RobotFormat, SignaturesMatchValuesComputedIndependently) {
  // python3: base64(hmac.new(secret, f"{ts}\n{secret}", sha256)) and the others, by hand.
  EXPECT_EQ(dingtalk_sign("SECabc123", 1700000000000), "N5P09a4+p1AMJIJWnIvQd2Yxw9+fu/oEBnPrjCcsLXk=");
  EXPECT_EQ(url_encode(dingtalk_sign("SECabc123", 1700000000000)), "N5P09a4%2Bp1AMJIJWnIvQd2Yxw9%2Bfu%2FoEBnPrjCcsLXk%3D");
  EXPECT_EQ(feishu_sign("SECabc123", 1700000000), "UqhI0v4zAkSwI4hNYBuHQvnrAqshA0UaeBGHCUMPX70=");
  EXPECT_EQ(webhook_signature("shh", "1700000000", R"({"a":1})"),
            "sha256=be310eac0f84daf469d630347a950258de768b365563ab68f29f2f783473d547");
}

TEST(RobotFormat, EachPlatformGetsItsOwnShape) {
  using nlohmann::json;
  NotifySettings s;
  const RobotMessage m{"hello", {"13912345678"}};
  s.channel = Channel::wecom;
  s.url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K";
  RobotRequest r = robot_request(s, m, 1700000000000);
  EXPECT_EQ(r.url, s.url);
  json b = json::parse(r.body);
  EXPECT_EQ(b["msgtype"], "text");
  EXPECT_EQ(b["text"]["content"], "hello");
  EXPECT_EQ(b["text"]["mentioned_mobile_list"], json::array({"13912345678"}));

  s.channel = Channel::dingtalk;
  s.url = "https://oapi.dingtalk.com/robot/send?access_token=T";
  s.secret = "SECabc123";
  r = robot_request(s, m, 1700000000000);
  EXPECT_EQ(r.url, s.url + "&timestamp=1700000000000&sign=N5P09a4%2Bp1AMJIJWnIvQd2Yxw9%2Bfu%2FoEBnPrjCcsLXk%3D");
  b = json::parse(r.body);
  EXPECT_EQ(b["at"]["atMobiles"], json::array({"13912345678"}));
  EXPECT_EQ(b["text"]["content"], "hello @13912345678") << "DingTalk highlights a mention written in the text";

  s.channel = Channel::feishu;
  s.url = "https://open.feishu.cn/open-apis/bot/v2/hook/H";
  r = robot_request(s, m, 1700000000123);
  b = json::parse(r.body);
  EXPECT_EQ(b["msg_type"], "text");
  EXPECT_EQ(b["content"]["text"], "hello");
  EXPECT_EQ(b["timestamp"], "1700000000") << "seconds, as a string";
  EXPECT_EQ(b["sign"], "UqhI0v4zAkSwI4hNYBuHQvnrAqshA0UaeBGHCUMPX70=");

  s.channel = Channel::webhook;
  s.secret = "shh";
  r = robot_request(s, m, 1700000000000);
  EXPECT_NE(std::find(r.headers.begin(), r.headers.end(), "X-Lobby-Timestamp: 1700000000"), r.headers.end());
  EXPECT_NE(std::find(r.headers.begin(), r.headers.end(),
                      "X-Lobby-Signature: " + webhook_signature("shh", "1700000000", r.body)),
            r.headers.end());
}

TEST(RobotFormat, OnlyABodySayingZeroIsSuccess) {
  using W = RobotVerdict::What;
  EXPECT_EQ(judge_reply(Channel::wecom, 200, R"({"errcode":0,"errmsg":"ok"})", "").what, W::sent);
  EXPECT_EQ(judge_reply(Channel::feishu, 200, R"({"code":0,"msg":"success","data":{}})", "").what, W::sent);
  EXPECT_EQ(judge_reply(Channel::wecom, 200, "", "").what, W::failed) << "HTTP 200 alone is not success";
  EXPECT_EQ(judge_reply(Channel::wecom, 200, "<html>ok</html>", "").what, W::failed);
  EXPECT_EQ(judge_reply(Channel::wecom, 500, R"({"errcode":0})", "").what, W::failed);
  EXPECT_EQ(judge_reply(Channel::wecom, 0, "", "Connection refused").cause, "network");

  const RobotVerdict key = judge_reply(Channel::wecom, 200, R"({"errcode":93000,"errmsg":"invalid webhook url"})", "");
  EXPECT_EQ(key.what, W::refused);
  EXPECT_EQ(key.cause, "key");
  EXPECT_EQ(judge_reply(Channel::dingtalk, 200, R"({"errcode":310000,"errmsg":"sign not match"})", "").cause, "signature");
  EXPECT_EQ(judge_reply(Channel::feishu, 200, R"({"code":19021,"msg":"sign match fail"})", "").what, W::refused);
  EXPECT_EQ(judge_reply(Channel::webhook, 401, R"({"code":401})", "").what, W::refused);

  const RobotVerdict muted = judge_reply(Channel::dingtalk, 200, R"({"errcode":130101,"errmsg":"send too fast"})", "");
  EXPECT_EQ(muted.what, W::rate_limited);
  EXPECT_EQ(muted.wait_ms, 600000) << "DingTalk mutes a robot for ten minutes";
  EXPECT_EQ(judge_reply(Channel::wecom, 200, R"({"errcode":45009})", "").what, W::rate_limited);
}

TEST(RateLimit, TwentyAMinuteThenWaitForTheOldestToLeaveTheWindow) {
  const auto limits = rate_limits(Channel::wecom);
  std::vector<std::int64_t> sent;
  for (int i = 0; i < 19; ++i) sent.push_back(1000 + i * 100);
  EXPECT_EQ(next_send_ms(sent, limits, 5000), 5000);
  sent.push_back(5000);
  EXPECT_EQ(next_send_ms(sent, limits, 5000), 61000) << "the first of the twenty leaves the minute at 61 s";
}

TEST(RateLimit, FeishuFiveASecondAndAHundredAMinute) {
  const auto limits = rate_limits(Channel::feishu);
  std::vector<std::int64_t> sent{0, 100, 200, 300, 400};
  EXPECT_EQ(next_send_ms(sent, limits, 500), 1000);
  sent.clear();
  for (int i = 0; i < 100; ++i) sent.push_back(i * 500);
  EXPECT_EQ(next_send_ms(sent, limits, 50000), 60000);
  EXPECT_EQ(parse_recent(keep_recent(sent, limits, 70000)).size(), 79u) << "only the last minute is kept";
}

}  // namespace
}  // namespace lobby
