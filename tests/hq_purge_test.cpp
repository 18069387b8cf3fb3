// The retention purge at HQ: the same numbers the kiosk would forget become one pseudonym
// each across every stored payload, names go with them, the payloads still replay to the same
// decisions, and the uuid and hash stay, so a late re-send of an original is a duplicate.
#include "kiosk/store/reception.h"
#include "ops_support.h"
#include "sync/hq/storage.h"
#include "hq_backends.h"
#include "test_support.h"

namespace lobby::itest {
namespace {

using nlohmann::json;

// What a kiosk with the purge tests' branch would send HQ, as HQ parses it.
std::vector<CheckinItem> branch_items(const std::string& kiosk_db, Time now) {
  Store store(kiosk_db);
  Reception reception(store);
  for (const std::string& line : hundred_days(now)) EXPECT_TRUE(reception.handle(event(line), "test").ok()) << line;
  json batch{{"items", json::array()}};
  for (const OutboxItem& item : store.outbox_batch(1000)) batch["items"].push_back(json::parse(item.payload));
  ParsedBatch parsed;
  EXPECT_FALSE(parse_batch(batch.dump(), Limits{}, parsed).has_value());
  EXPECT_TRUE(parsed.invalid.empty());
  return parsed.items;
}

std::vector<StoredCheckin> stored(HqStorage& hq) {
  std::vector<StoredCheckin> out;
  hq.export_since("", [&](const StoredCheckin& c) { out.push_back(c); });
  return out;
}

std::vector<std::string> events_of(const std::vector<StoredCheckin>& rows) {
  std::vector<std::string> out;
  for (const StoredCheckin& c : rows) out.push_back(json::parse(c.payload)["event"].dump());
  return out;
}

struct HqPurge : OnBothBackends {};
INSTANTIATE_TEST_SUITE_P(Backends, HqPurge, kBackends, backend_param_name);

TEST_P(HqPurge, ForgetsOldNumbersKeepsHashesAndDecisions) {
  TempDir dir;
  const Time now = local_now();
  const std::vector<CheckinItem> items = branch_items(dir.file("kiosk.db"), now);
  auto hq = open_storage(hq_database(backend(), dir));
  for (const ItemResult& r : hq->ingest("branch-01", items, std::nullopt)) ASSERT_EQ(r.status, ItemStatus::stored);
  const std::vector<StoredCheckin> before = stored(*hq);
  RotationEngine engine_before;
  const std::string decisions_before = decisions_of(events_of(before), &engine_before);

  EXPECT_EQ(hq->purge_personal_data(format_local_time(now - 60 * kSecondsPerDay)), 3u);
  const std::vector<StoredCheckin> after = stored(*hq);
  ASSERT_EQ(after.size(), before.size());
  std::string all;
  std::set<std::string> aliases_of_old;
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].uuid, before[i].uuid);
    EXPECT_EQ(after[i].payload_hash, before[i].payload_hash);
    all += after[i].payload;
    const json e = json::parse(after[i].payload)["event"];
    const json was = json::parse(before[i].payload)["event"];
    if (was.value("phone", "") == kOld) aliases_of_old.insert(e.value("phone", ""));
    if (was.value("referrer", "") == kOld) aliases_of_old.insert(e.value("referrer", ""));
  }
  ASSERT_EQ(aliases_of_old.size(), 1u);  // one pseudonym, as phone and as referrer
  EXPECT_TRUE(aliases_of_old.begin()->starts_with("anon-"));
  for (const char* gone : {kOld, kOldReferred, kReferrerOnly, "王", "张", "赵", "周"})
    EXPECT_EQ(all.find(gone), std::string::npos) << gone;
  for (const char* kept : {kRecent, kNew, "李", "陈", "刘"}) EXPECT_NE(all.find(kept), std::string::npos) << kept;

  RotationEngine engine_after;
  EXPECT_EQ(decisions_of(events_of(after), &engine_after), decisions_before);
  EXPECT_EQ(state_of(engine_after), state_of(engine_before));

  // A kiosk that never heard HQ's answer sends the originals again: still duplicates.
  for (const ItemResult& r : hq->ingest("branch-01", items, std::nullopt)) EXPECT_EQ(r.status, ItemStatus::duplicate) << r.uuid;
  EXPECT_EQ(hq->purge_personal_data(format_local_time(now - 60 * kSecondsPerDay)), 0u);
}

TEST_P(HqPurge, CommandLine) {
  TempDir dir;
  const std::vector<CheckinItem> items = branch_items(dir.file("kiosk.db"), local_now());
  const std::string db = hq_database(backend(), dir);
  open_storage(db)->ingest("branch-01", items, std::nullopt);
  Ran r = run({HQ_BIN, "purge", "--db", db, "--older-than-days", "60"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(": 3 numbers replaced"), std::string::npos) << r.out;
  r = run({HQ_BIN, "export", "--db", db, "--personal-data"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find(kOld), std::string::npos);
  EXPECT_NE(r.out.find(kRecent), std::string::npos);
  r = run({HQ_BIN, "export", "--db", db});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find(kRecent), std::string::npos) << "numbers leave HQ only when asked for by name";
  EXPECT_EQ(r.lines().size(), items.size()) << "the check-ins themselves are all there";

  const std::string missing = backend() == Backend::sqlite ? dir.file("missing.db") : postgres().uri("nonesuch");
  r = run({HQ_BIN, "purge", "--db", missing, "--older-than-days", "60"});
  EXPECT_EQ(r.status, 2);
  r = run({HQ_BIN, "purge", "--db", db, "--older-than-days", "-1"});
  EXPECT_EQ(r.status, 2);
}

}  // namespace
}  // namespace lobby::itest
