// The retention purge at the kiosk: customers not seen for N days lose their number (for one
// pseudonym everywhere) and their name, and nothing else changes: the same replay decisions,
// the same engine state, the same dispatch log; the numbers are gone from the file itself.
#include "kiosk/store/reception.h"
#include "ops_support.h"
#include "sync/protocol/checkin_batch.h"
#include "test_support.h"

#include <filesystem>

namespace lobby::itest {
namespace {

struct Snapshot {
  std::string state, decisions, owner_of_old;
  std::vector<std::string> dispatch;  // CSV of each day with decisions
};

Snapshot snapshot(Store& store, Time now) {
  Snapshot s;
  RotationEngine engine;
  store.replay_into(engine);
  s.state = state_of(engine);
  s.owner_of_old = engine.owner_of_phone(kOld);
  std::vector<std::string> bodies;
  auto q = store.db().prepare("SELECT body FROM events ORDER BY seq");
  while (q.step()) bodies.push_back(q.text_at(0));
  s.decisions = decisions_of(bodies);
  for (int days_ago : {100, 90, 10}) s.dispatch.push_back(dispatch_csv(store.dispatch_log(format_day(now - days_ago * kSecondsPerDay))));
  return s;
}

TEST(Purge, ForgetsOldCustomersAndReplaysToTheSameDecisions) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  const Time now = local_now();
  Store store(db);
  Reception reception(store);
  for (const std::string& line : hundred_days(now)) {
    const Handled h = reception.handle(event(line), "test");
    ASSERT_TRUE(h.ok()) << line << ": " << h.outcome.error << h.failure;
  }
  const Snapshot before = snapshot(store, now);
  // The scenario does what it is meant to: a returning customer, referrals through both an old
  // and a kept number, and a customer still waiting.
  for (const char* kind : {"\"kind\":\"returning\"", "\"kind\":\"referral\"", "\"kind\":\"rotation\""})
    EXPECT_NE(before.decisions.find(kind), std::string::npos) << kind << "\n" << before.decisions;
  EXPECT_NE(before.state.find("w v11"), std::string::npos) << before.state;
  ASSERT_EQ(before.owner_of_old, "A");
  ASSERT_EQ(reception.engine().owner_of_phone(kOld), "A");

  const Store::Purged p = reception.purge_personal_data(now, 60);
  EXPECT_EQ(p.customers, 2u);
  EXPECT_EQ(p.numbers, 3u);
  EXPECT_EQ(p.visits, 5u);  // v1, v5, v6 by number; v3 and v4 had only a name

  const Snapshot after = snapshot(store, now);
  EXPECT_EQ(after.state, before.state);
  EXPECT_EQ(after.decisions, before.decisions);
  EXPECT_EQ(after.dispatch, before.dispatch);
  // Neither the records nor the running engine know the number any more.
  EXPECT_EQ(after.owner_of_old, "");
  EXPECT_EQ(reception.engine().owner_of_phone(kOld), "");
  EXPECT_EQ(state_of(reception.engine()), before.state);

  Sql sql(db);
  // One pseudonym per number, the same wherever it appears.
  const std::string alias = sql.text("SELECT phone FROM visits WHERE id = 'v1'");
  EXPECT_TRUE(alias.starts_with("anon-")) << alias;
  EXPECT_EQ(sql.text("SELECT phone FROM visits WHERE id = 'v5'"), alias);
  EXPECT_EQ(sql.text("SELECT json_extract(body, '$.referrer') FROM events WHERE json_extract(body, '$.id') = 'v9'"), alias);
  EXPECT_EQ(sql.number("SELECT count(*) FROM customers WHERE phone = ?1 AND surname = '' AND title = '' AND owner = 'A'",
                       {alias}), 1);
  EXPECT_EQ(sql.number("SELECT count(*) FROM audit WHERE json_extract(detail, '$.event.phone') = ?1", {alias}), 2);
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox WHERE json_extract(payload, '$.event.referrer') = ?1", {alias}), 1);
  // Names went with the numbers, and from number-less visits that old; recent ones stay.
  auto name_of_visit = [&](const char* id) { return sql.text("SELECT surname || title FROM visits WHERE id = ?1", {id}); };
  EXPECT_EQ(name_of_visit("v1"), "");
  EXPECT_EQ(name_of_visit("v3"), "");
  EXPECT_EQ(name_of_visit("v4"), "");
  EXPECT_EQ(name_of_visit("v6"), "");
  EXPECT_EQ(name_of_visit("v2"), "李女士");  // a kept customer keeps their old visits' names
  EXPECT_EQ(name_of_visit("v10"), "陈女士");
  EXPECT_EQ(name_of_visit("v11"), "刘");
  EXPECT_EQ(sql.number("SELECT count(*) FROM events WHERE body LIKE '%王%' OR body LIKE '%张%' OR body LIKE '%赵%' "
                       "OR body LIKE '%周%'"), 0);
  EXPECT_EQ(sql.number("SELECT count(*) FROM audit WHERE detail LIKE '%王%' OR detail LIKE '%周%'"), 0);
  EXPECT_EQ(sql.number("SELECT count(*) FROM customers WHERE phone = ?1 AND surname = '李'", {kRecent}), 1);

  // The numbers are gone from the bytes on disk, not only from the rows.
  for (const char* number : {kOld, kOldReferred, kReferrerOnly}) {
    for (const char* suffix : {"", "-wal"}) {
      const std::string file = db + suffix;
      if (!std::filesystem::exists(file)) continue;
      EXPECT_EQ(read_file(file).find(number), std::string::npos) << number << " still in " << file;
    }
  }
  EXPECT_TRUE(read_file(db).find(kRecent) != std::string::npos ||
              read_file(db + "-wal").find(kRecent) != std::string::npos)
      << "a kept number should still be stored";

  // What waits in the outbox still passes HQ's validation: nothing checks a number's syntax
  // there (kiosk/common/event_json.cpp), so the pseudonyms travel as they are.
  nlohmann::json batch{{"items", nlohmann::json::array()}};
  for (const OutboxItem& item : store.outbox_batch(1000)) batch["items"].push_back(nlohmann::json::parse(item.payload));
  ParsedBatch parsed;
  ASSERT_FALSE(parse_batch(batch.dump(), Limits{}, parsed).has_value());
  EXPECT_TRUE(parsed.invalid.empty());
  EXPECT_EQ(parsed.items.size(), batch["items"].size());

  // Nothing is left to purge; a pseudonym is never purged again.
  const Store::Purged again = reception.purge_personal_data(now, 60);
  EXPECT_EQ(again.numbers, 0u);
  EXPECT_EQ(again.customers, 0u);
  EXPECT_EQ(again.visits, 0u);

  // The old number coming back is a new customer, in memory and after a restart alike.
  const Handled back = reception.handle(
      event(R"({"ev":"finish","t":")" + format_local_time(now) + R"(","id":"v8"})"), "test");
  ASSERT_TRUE(back.ok());
  const Handled returning = reception.handle(
      event(R"({"ev":"arrive","t":")" + format_local_time(now + 1) + R"(","id":"v12","phone":")" + kOld + "\"}"),
      "test");
  ASSERT_TRUE(returning.ok());
  RotationEngine restarted;
  store.replay_into(restarted);
  EXPECT_EQ(state_of(restarted), state_of(reception.engine()));
}

TEST(Purge, CommandLine) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  std::string stream;
  for (const std::string& line : hundred_days(local_now())) stream += line + "\n";
  ASSERT_EQ(kiosk({"replay", "--db", db}, stream).status, 0);
  const std::string decisions_before = Sql(db).text("SELECT group_concat(explanation, '\n') FROM decisions");

  Ran r = kiosk({"purge", "--db", db, "--older-than-days", "60"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("2 customers, 3 numbers, 5 visits"), std::string::npos) << r.out;
  EXPECT_EQ(Sql(db).number("SELECT count(*) FROM customers WHERE phone = ?1", {kOld}), 0);
  EXPECT_EQ(Sql(db).text("SELECT group_concat(explanation, '\n') FROM decisions"), decisions_before);
  // The kiosk starts on the purged file and goes on deciding.
  r = kiosk({"replay", "--db", db},
            R"({"ev":"finish","t":")" + format_local_time(local_now()) + R"(","id":"v8"})" "\n");
  EXPECT_EQ(r.status, 0) << r.err << r.out;

  r = kiosk({"purge", "--db", dir.file("missing.db"), "--older-than-days", "60"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("cannot open database " + dir.file("missing.db")), std::string::npos) << r.err;
  r = kiosk({"purge", "--db", db, "--older-than-days", "0"});
  EXPECT_EQ(r.status, 2);
  r = kiosk({"purge", "--db", db});
  EXPECT_EQ(r.status, 2);
}

}  // namespace
}  // namespace lobby::itest
