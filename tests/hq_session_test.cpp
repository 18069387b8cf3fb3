// People's dashboard sessions on both backends: signed in by name and password, a cookie the
// read API takes as the person (their role as it is now), ended by signing out, by idling or
// by reaching its lifetime however busy, refused from another origin, and kept in the database
// only as a hash.
#include "hq_support.h"
#include "sync/hq/storage.h"
#include "sync/protocol/checkin_batch.h"

#include <httplib.h>

#include <ctime>

namespace lobby::itest {
namespace {

struct HqSession : OnBothBackends {};

const std::string kPassword = "correct horse battery";

httplib::Result sign_in(httplib::Client& c, const std::string& password, httplib::Headers headers = {}) {
  return c.Post("/v1/session", headers, nlohmann::json{{"name", "ann"}, {"password", password}}.dump(), "application/json");
}

// "hq_session=TOKEN" from a Set-Cookie header.
std::string cookie_of(const httplib::Result& r) {
  const std::string set = r ? r->get_header_value("Set-Cookie") : "";
  return set.substr(0, set.find(';'));
}

TEST_P(HqSession, ACookieReadsAsItsPersonUntilSignedOutOrIdle) {
  TempDir dir;
  Hq hq(backend(), dir);
  ASSERT_EQ(run({HQ_BIN, "user", "add", "--db", hq.db, "--name", "ann", "--role", "viewer"}, kPassword + "\n").status, 0);
  hq.serve();
  httplib::Client c(hq.server.url());

  const auto in = sign_in(c, kPassword);
  ASSERT_TRUE(in);
  ASSERT_EQ(in->status, 200) << in->body;
  EXPECT_EQ(nlohmann::json::parse(in->body)["role"], "viewer");
  const std::string set = in->get_header_value("Set-Cookie");
  EXPECT_NE(set.find("; HttpOnly"), std::string::npos) << set;
  EXPECT_NE(set.find("; SameSite=Strict"), std::string::npos) << set;
  EXPECT_EQ(set.find("Secure"), std::string::npos) << "plain HTTP: " << set;
  const std::string cookie = cookie_of(in);
  ASSERT_EQ(cookie.rfind("hq_session=", 0), 0u) << set;
  const std::string token = cookie.substr(std::string("hq_session=").size());

  auto as = [&](const std::string& path, const std::string& with) {
    const auto r = c.Get(path, httplib::Headers{{"Cookie", with}});
    return r ? r->status : -1;
  };
  EXPECT_EQ(as("/v1/branches", cookie), 200);
  EXPECT_EQ(as("/v1/session", cookie), 200);
  EXPECT_EQ(as("/v1/branches", "hq_session=" + std::string(64, '0')), 401);

  // Behind TLS the cookie is Secure; from another origin nothing changes.
  EXPECT_NE(cookie_of(sign_in(c, kPassword, {{"X-Forwarded-Proto", "https"}})).size(), 0u);
  EXPECT_NE(sign_in(c, kPassword, {{"X-Forwarded-Proto", "https"}})->get_header_value("Set-Cookie").find("; Secure"),
            std::string::npos);
  EXPECT_EQ(sign_in(c, kPassword, {{"Origin", "https://evil.example"}})->status, 403);
  EXPECT_EQ(c.Delete("/v1/session", httplib::Headers{{"Cookie", cookie}, {"Origin", "https://evil.example"}})->status, 403);
  EXPECT_EQ(as("/v1/branches", cookie), 200) << "a refused sign-out leaves the session";

  // HQ keeps the token's hash, never the token; an idle session is over, and removed.
  auto storage = open_storage(hq.db, false);
  ASSERT_TRUE(storage->session(payload_hash(token)));
  EXPECT_FALSE(storage->session(token));
  storage->touch_session(payload_hash(token), "2000-01-01T00:00:00Z");
  EXPECT_EQ(as("/v1/branches", cookie), 401);
  EXPECT_FALSE(storage->session(payload_hash(token)));

  // Signing out ends the session at HQ, and clears the cookie.
  const std::string second = cookie_of(sign_in(c, kPassword));
  EXPECT_EQ(as("/v1/branches", second), 200);
  const auto out = c.Delete("/v1/session", httplib::Headers{{"Cookie", second}});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 204);
  EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(as("/v1/branches", second), 401);
  EXPECT_EQ(sign_in(c, "wrong password")->status, 401);
}

// UTC, ISO 8601, `seconds` before now: as HQ writes times in its sessions table.
std::string utc_ago(std::time_t seconds) {
  const std::time_t t = std::time(nullptr) - seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Moves a session's start back, in HQ's database itself (nothing in HQ changes when a session
// began, as nothing should).
void set_session_created(Backend backend, const std::string& db, const std::string& hash, const std::string& created) {
  const std::string sql = "UPDATE sessions SET created = '" + created + "' WHERE hash = '" + hash + "'";
  if (backend == Backend::sqlite) return Sql(db).exec(sql);
  const std::string name = db.substr(db.find("///") + 3, db.find('?') - db.find("///") - 3);
  const Ran r = postgres().psql(name, sql);
  ASSERT_EQ(r.status, 0) << r.err;
}

TEST_P(HqSession, ABusySessionEndsAtItsLifetimeAndIsRemoved) {
  TempDir dir;
  Hq hq(backend(), dir);
  ASSERT_EQ(run({HQ_BIN, "user", "add", "--db", hq.db, "--name", "ann", "--role", "viewer"}, kPassword + "\n").status, 0);
  hq.serve({"--session-lifetime-hours", "2"});
  httplib::Client c(hq.server.url());
  const auto token_of = [](const std::string& cookie) { return cookie.substr(std::string("hq_session=").size()); };
  auto as = [&](const std::string& with) {
    const auto r = c.Get("/v1/branches", httplib::Headers{{"Cookie", with}});
    return r ? r->status : -1;
  };

  // Both sessions are busy (used just now); one began 3 hours ago, past the 2 set, the other
  // 1 hour ago, within them.
  const std::string old = cookie_of(sign_in(c, kPassword)), young = cookie_of(sign_in(c, kPassword));
  ASSERT_FALSE(old.empty());
  ASSERT_FALSE(young.empty());
  set_session_created(backend(), hq.db, payload_hash(token_of(old)), utc_ago(3 * 3600));
  set_session_created(backend(), hq.db, payload_hash(token_of(young)), utc_ago(3600));
  auto storage = open_storage(hq.db, false);
  ASSERT_GT(storage->session(payload_hash(token_of(old)))->last_used, utc_ago(60)) << "used within the last minute";
  const auto refused = c.Get("/v1/session", httplib::Headers{{"Cookie", old}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  EXPECT_NE(refused->body.find("more than 2 hours ago"), std::string::npos) << refused->body;
  EXPECT_FALSE(storage->session(payload_hash(token_of(old)))) << "a session past its lifetime is removed";
  EXPECT_EQ(as(young), 200);

  // One past its lifetime that nobody uses again goes when someone signs in, as an idle one does.
  set_session_created(backend(), hq.db, payload_hash(token_of(young)), utc_ago(3 * 3600));
  ASSERT_TRUE(storage->session(payload_hash(token_of(young))));
  EXPECT_FALSE(cookie_of(sign_in(c, kPassword)).empty());
  EXPECT_FALSE(storage->session(payload_hash(token_of(young))));
  EXPECT_EQ(as(young), 401);
}

TEST_P(HqSession, FiveWrongPasswordsLockAndEachLockoutIsOneLogLine) {
  TempDir dir;
  Hq hq(backend(), dir);
  ASSERT_EQ(run({HQ_BIN, "user", "add", "--db", hq.db, "--name", "ann", "--role", "viewer"}, kPassword + "\n").status, 0);
  hq.serve();
  httplib::Client c(hq.server.url());
  for (int i = 0; i < 4; ++i) EXPECT_EQ(sign_in(c, "guess")->status, 401);
  const auto fifth = sign_in(c, "guess");
  EXPECT_EQ(fifth->status, 401);
  const std::string until = nlohmann::json::parse(fifth->body)["locked_until"];
  EXPECT_EQ(until.size(), 20u) << fifth->body;
  const auto right = sign_in(c, kPassword);
  EXPECT_EQ(right->status, 401);
  EXPECT_EQ(nlohmann::json::parse(right->body)["locked_until"], until);
  EXPECT_TRUE(right->get_header_value("Set-Cookie").empty());
  const std::string log = hq.log();
  std::size_t lines = 0;
  for (std::size_t at = log.find("event=sign_in_locked user=ann"); at != std::string::npos;
       at = log.find("event=sign_in_locked", at + 1))
    ++lines;
  EXPECT_EQ(lines, 1u) << log;
}

INSTANTIATE_TEST_SUITE_P(Backends, HqSession, kBackends, backend_param_name);

}  // namespace
}  // namespace lobby::itest
