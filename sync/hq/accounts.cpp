#include "sync/hq/accounts.h"

#include "kiosk/common/crypto.h"
#include "kiosk/common/log_line.h"

#include <openssl/evp.h>

#include <ctime>

namespace lobby {

namespace {

std::string utc_at(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<std::string> base64_decode(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > 4096) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding's zero bytes; drop them.
  std::size_t size = static_cast<std::size_t>(n);
  for (std::size_t i = text.size(); i > 0 && text[i - 1] == '=' && size > 0; --i) --size;
  out.resize(size);
  return out;
}

Authorization refused(int status, std::string why) { return {std::nullopt, status, std::move(why), ""}; }

// A person by HTTP Basic credentials. Every wrong password counts; the fifth in a row locks the
// name for a while, right password or not, so that guessing is slow even across servers.
Authorization sign_in(HqStorage& storage, const std::string& name, const std::string& password) {
  const auto user = storage.user(name);
  const std::string wrong = "wrong name or password";
  if (!user) return refused(401, wrong);
  const std::time_t now = std::time(nullptr);
  if (!user->locked_until.empty() && utc_at(now) < user->locked_until) {
    Authorization locked = refused(401, "too many failed sign-ins: " + name + " is locked until " + user->locked_until);
    locked.locked_until = user->locked_until;
    return locked;
  }
  const std::optional<bool> right = verify_pin(password, user->password_hash);
  // A stored hash HQ cannot read is not a wrong password: refuse, but count nothing.
  if (!right) return refused(401, "the stored password of " + name + " is damaged (edited by hand?): sign-in refused");
  if (*right) {
    if (user->failures != 0 || !user->locked_until.empty()) storage.set_sign_in_state(name, 0, "");
    return {Reader{user->name, user->role, false}, 200, "", ""};
  }
  if (storage.add_sign_in_failure(name) >= kSignInAttempts) {
    const std::string until = utc_at(now + kLockoutMinutes * 60);
    storage.set_sign_in_state(name, 0, until);
    // One line per lockout (the refusals that follow are request_refused lines of their own).
    log_event(LogLevel::warn, "sign_in_locked", {{"user", name}, {"failures", kSignInAttempts}, {"until", until}});
    Authorization locked = refused(401, wrong + ": " + name + " is locked until " + until);
    locked.locked_until = until;
    return locked;
  }
  return refused(401, wrong);
}

// A session's last use is written at most this often: a dashboard polling every few seconds
// would otherwise write to the database on every poll.
constexpr int kTouchSeconds = 30;

}  // namespace

bool is_reader_role(const std::string& role) { return role == "viewer" || role == "supervisor"; }

std::string add_user(HqStorage& storage, const std::string& name, const std::string& role, const std::string& password) {
  if (name.empty() || name.find(':') != std::string::npos) return "a user's name must be non-empty, without ':'";
  if (password.size() < 10) return "the password must be at least 10 characters";
  if (!storage.add_user({name, role, hash_pin(password), 0, ""})) return "there is already a user named " + name;
  return "";
}

std::string add_api_key(HqStorage& storage, const std::string& name, const std::string& role) {
  const std::string key = "hqk_" + random_hex(32);
  return storage.add_api_key(payload_hash(key), {name, role}) ? key : "";
}

bool is_reader_key(HqStorage& storage, const std::string& bearer) {
  return storage.api_key_for_hash(payload_hash(bearer)).has_value();
}

Authorization authorize_reader(HqStorage& storage, const std::string& header) {
  if (header.rfind("Bearer ", 0) == 0) {
    const std::string hash = payload_hash(header.substr(7));
    if (const auto key = storage.api_key_for_hash(hash)) return {Reader{key->name, key->role, true}, 200, "", ""};
    if (storage.kiosk_for_token_hash(hash)) return refused(403, "a kiosk's token can only send check-ins");
    return refused(401, "unknown key: ask HQ for one with `kiosk-hq apikey add`");
  }
  if (header.rfind("Basic ", 0) == 0) {
    const auto pair = base64_decode(header.substr(6));
    const auto colon = pair ? pair->find(':') : std::string::npos;
    if (colon == std::string::npos) return refused(401, "Basic credentials must be base64 of NAME:PASSWORD");
    return sign_in(storage, pair->substr(0, colon), pair->substr(colon + 1));
  }
  return refused(401, "missing credentials: send Authorization: Bearer <API key>, or Basic with a user's password");
}

SignedIn start_session(HqStorage& storage, const std::string& name, const std::string& password, SessionLimits limits) {
  Authorization who = sign_in(storage, name, password);
  if (!who.reader) return {std::move(who), ""};
  const std::time_t now = std::time(nullptr);
  storage.remove_sessions_over(utc_at(now - std::time_t{limits.idle_minutes} * 60),  // the ones left behind
                               utc_at(now - std::time_t{limits.lifetime_hours} * 3600));
  const std::string token = random_hex(32);
  storage.add_session(payload_hash(token), name);
  return {std::move(who), token};
}

Authorization session_reader(HqStorage& storage, const std::string& token, SessionLimits limits) {
  if (token.empty()) return refused(401, "not signed in");
  const std::string hash = payload_hash(token);
  const auto session = storage.session(hash);
  if (!session) return refused(401, "the session has ended: sign in again");
  const std::time_t now = std::time(nullptr);
  if (session->last_used < utc_at(now - std::time_t{limits.idle_minutes} * 60)) {
    storage.remove_session(hash);
    return refused(401, "the session was idle for more than " + std::to_string(limits.idle_minutes) +
                            " minutes: sign in again");
  }
  if (session->created < utc_at(now - std::time_t{limits.lifetime_hours} * 3600)) {
    storage.remove_session(hash);
    return refused(401, "the session began more than " + std::to_string(limits.lifetime_hours) +
                            " hours ago: sign in again");
  }
  if (session->last_used < utc_at(now - kTouchSeconds)) storage.touch_session(hash, utc_at(now));
  return {Reader{session->name, session->role, false}, 200, "", ""};
}

void end_session(HqStorage& storage, const std::string& token) {
  if (!token.empty()) storage.remove_session(payload_hash(token));
}

}  // namespace lobby
