// The replay contract's event lines: what is accepted, what is refused and why.
#include "kiosk/common/event_json.h"
#include "sync/protocol/checkin_batch.h"

#include <gtest/gtest.h>

namespace lobby {
namespace {

TEST(EventJson, ParsesEveryContractEvent) {
  Event e;
  std::string err;
  ASSERT_TRUE(event_from_json(R"({"ev":"roster","t":"2026-11-24T09:00:00","order":["A","B"],"line":"x"})", e, err)) << err;
  EXPECT_EQ(e.type, EventType::roster);
  EXPECT_EQ(e.order, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(e.line, "x");
  ASSERT_TRUE(event_from_json(R"({"ev":"arrive","t":"2026-11-24T09:00","id":"c1","phone":"13800000001",
      "request":"A","phone_enquiry":true,"referrer":"13800000002","use_referrer_owner":true})", e, err)) << err;
  EXPECT_EQ(e.id, "c1");
  EXPECT_TRUE(e.phone_enquiry);
  EXPECT_TRUE(e.use_referrer_owner);
  ASSERT_TRUE(event_from_json(R"({"ev":"status","t":"2026-11-24T09:00","m":"A","status":"task"})", e, err));
  EXPECT_EQ(e.status, State::task);
  ASSERT_TRUE(event_from_json(R"({"ev":"busy_policy","t":"2026-11-24T09:00","m":"A","policy":"forfeit"})", e, err));
  EXPECT_EQ(e.policy, BusyPolicy::forfeit);
  ASSERT_TRUE(event_from_json(R"({"ev":"reassign","t":"2026-11-24T09:00","id":"c1","to":"B"})", e, err));
  EXPECT_EQ(e.to, "B");
}

// Kiosks send their staff's names with each roster, for HQ; rosters recorded before that
// (without names) still read.
TEST(EventJson, RosterCarriesTheStaffsNamesAndReadsWithout) {
  Event e, back;
  std::string err;
  ASSERT_TRUE(event_from_json(R"({"ev":"roster","t":"2026-11-24T09:00:00","order":["M01"],
      "staff":[{"m":"M01","name":"王丽"},{"m":"S01","name":"Smith, \"Jo\""}]})", e, err)) << err;
  EXPECT_EQ(e.staff, (std::vector<StaffName>{{"M01", "王丽"}, {"S01", "Smith, \"Jo\""}}));
  ASSERT_TRUE(event_from_json(event_to_json(e).dump(), back, err)) << err;
  EXPECT_EQ(back.staff, e.staff);
  ASSERT_TRUE(event_from_json(R"({"ev":"roster","t":"2026-11-24T09:00:00","order":["M01"]})", e, err)) << err;
  EXPECT_TRUE(e.staff.empty());
  EXPECT_FALSE(event_to_json(e).contains("staff"));
  for (const char* bad : {R"("staff":{"M01":"王丽"})", R"("staff":[{"m":"M01"}])", R"("staff":[{"m":"","name":"x"}])",
                          R"("staff":[{"m":"M01","name":"x","pin":"1234"}])", "\"staff\":[{\"m\":\"M01\",\"name\":\"a\\u0007\"}]"})
    EXPECT_FALSE(event_from_json(std::string(R"({"ev":"roster","t":"2026-11-24T09:00:00","order":["M01"],)") + bad + "}",
                                 e, err)) << bad;
}

TEST(EventJson, RoundTripsThroughItsOwnEncoding) {
  Event e, back;
  std::string err;
  ASSERT_TRUE(event_from_json(R"({"ev":"arrive","t":"2026-11-24T09:00:00","id":"c1","phone":"13800000001",
      "surname":"张","title":"先生","consent":false,"line":"signing"})", e, err));
  ASSERT_TRUE(event_from_json(event_to_json(e).dump(), back, err)) << err;
  EXPECT_EQ(event_to_json(back), event_to_json(e));
  EXPECT_FALSE(back.consent);
  EXPECT_EQ(back.surname, "张");
}

TEST(EventJson, RefusesMalformedLinesWithAReason) {
  struct Case { const char* line; const char* mentions; };
  for (auto [line, mentions] : std::initializer_list<Case>{
           {"{not json", "JSON"},
           {"[1,2]", "object"},
           {R"({"t":"2026-11-24T09:00"})", "ev"},
           {R"({"ev":"arrive","id":"c1"})", "\"t\""},
           {R"({"ev":"dance","t":"2026-11-24T09:00"})", "dance"},
           {R"({"ev":"arrive","t":"yesterday","id":"c1"})", "local time"},
           {R"({"ev":"arrive","t":"2026-11-24T09:00","id":7})", "string"},
           {R"({"ev":"arrive","t":"2026-11-24T09:00","id":"c1","phone_enquiry":"yes"})", "true or false"},
           {R"({"ev":"arrive","t":"2026-11-24T09:00","id":"c1","colour":"red"})", "colour"},
           {R"({"ev":"status","t":"2026-11-24T09:00","m":"A","status":"receiving"})", "status"},
           {R"({"ev":"roster","t":"2026-11-24T09:00","order":"A"})", "order"},
       }) {
    Event e;
    std::string err;
    EXPECT_FALSE(event_from_json(line, e, err)) << line;
    EXPECT_NE(err.find(mentions), std::string::npos) << line << " -> " << err;
  }
}

TEST(DecisionJson, HoldsTheContractFields) {
  Decision d;
  d.visit = "c7";
  d.kind = Kind::rotation;
  d.owner = d.server = "B";
  d.turn_used = true;
  d.skipped = {{"A", SkipWhy::on_break}, {"C", SkipWhy::already_served}};
  const auto j = decision_to_json(d);
  EXPECT_EQ(j["id"], "c7");
  EXPECT_EQ(j["kind"], "rotation");
  EXPECT_EQ(j["owner"], "B");
  EXPECT_EQ(j["server"], "B");
  EXPECT_EQ(j["turn_used"], true);
  EXPECT_EQ(j["skipped"][0]["why"], "break");
  EXPECT_EQ(j["skipped"][1]["why"], "already-served");
}

// The item the store keeps for HQ and for the audit log is written beneath the store, and HQ's
// side of the protocol must accept exactly that.
TEST(ItemText, WhatTheStoreKeepsIsWhatHqAcceptsAndReadsBack) {
  Event e;
  std::string err;
  ASSERT_TRUE(event_from_json(R"({"ev":"arrive","t":"2026-11-24T09:05:00","id":"c3","phone":"13800000001"})", e, err));
  Decision d;
  d.visit = "c3";
  d.kind = Kind::returning;
  d.owner = d.server = "M02";
  d.t = e.t;
  d.skipped = {{"M01", SkipWhy::busy}};
  const std::string uuid = "0b7e6a2c-1d3f-4a5b-8c9d-0e1f2a3b4c5d";
  const std::string text = item_text(uuid, 42, e, {d}, "A003");
  const nlohmann::json item = nlohmann::json::parse(text);
  EXPECT_EQ(validate_item(item), "");
  EXPECT_EQ(item["kind"], "checkin");
  EXPECT_EQ(item["event_seq"], 42);
  EXPECT_EQ(item["ticket"], "A003");

  Event back;
  std::vector<Decision> decisions;
  ASSERT_TRUE(item_from_text(text, back, decisions, err)) << err;
  EXPECT_EQ(event_to_json(back), event_to_json(e));
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decision_to_json(decisions[0]), decision_to_json(d));

  Event finish;
  ASSERT_TRUE(event_from_json(R"({"ev":"finish","t":"2026-11-24T09:30:00","id":"c3"})", finish, err));
  const nlohmann::json staff = nlohmann::json::parse(item_text(uuid, 43, finish, {}, ""));
  EXPECT_EQ(staff["kind"], "staff_event");
  EXPECT_FALSE(staff.contains("ticket"));
  EXPECT_EQ(validate_item(staff), "");
  EXPECT_FALSE(item_from_text(R"({"uuid":"x"})", back, decisions, err));
  EXPECT_FALSE(item_from_text("not json", back, decisions, err));
}

// Every batch carries the kiosk's status; a batch of no items is a heartbeat; an older kiosk's
// batch without a status is still taken.
TEST(BatchStatus, TravelsInTheEnvelopeAndAnEmptyBatchIsAHeartbeat) {
  Event e;
  std::string err;
  ASSERT_TRUE(event_from_json(R"({"ev":"finish","t":"2026-11-24T09:30:00","id":"c3"})", e, err));
  const std::string item = item_text("0b7e6a2c-1d3f-4a5b-8c9d-0e1f2a3b4c5d", 7, e, {}, "");
  const Limits limits;

  ParsedBatch parsed;
  ASSERT_EQ(parse_batch(batch_json({item}, {3, 120}), limits, parsed), std::nullopt);
  EXPECT_EQ(parsed.count, 1u);
  ASSERT_EQ(parsed.items.size(), 1u);
  EXPECT_EQ(parsed.items[0].canonical, nlohmann::json::parse(item).dump());
  EXPECT_EQ(parsed.status, (KioskStatus{3, 120}));

  ASSERT_EQ(parse_batch(batch_json({}, {2, 0}), limits, parsed), std::nullopt) << "a heartbeat";
  EXPECT_EQ(parsed.count, 0u);
  EXPECT_TRUE(parsed.items.empty());
  EXPECT_EQ(parsed.status, (KioskStatus{2, 0}));

  ASSERT_EQ(parse_batch("{\"items\":[" + item + "]}", limits, parsed), std::nullopt) << "an older kiosk's batch";
  EXPECT_EQ(parsed.items.size(), 1u);
  EXPECT_EQ(parsed.status, std::nullopt);

  for (const char* bad : {R"({"items":[],"status":3})", R"({"items":[],"status":{"quarantined":1}})",
                          R"({"items":[],"status":{"quarantined":-1,"outbox":0}})",
                          R"({"items":[],"status":{"quarantined":1.5,"outbox":0}})",
                          R"({"items":[],"status":{"quarantined":"2","outbox":0}})",
                          R"({"items":[],"status":{"quarantined":1,"outbox":0,"mood":"fine"}})"}) {
    const auto error = parse_batch(bad, limits, parsed);
    ASSERT_TRUE(error.has_value()) << bad;
    EXPECT_EQ(error->http_status, 400) << bad;
    EXPECT_NE(error->message.find("status"), std::string::npos) << bad << ": " << error->message;
  }
}

}  // namespace
}  // namespace lobby
