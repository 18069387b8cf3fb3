// Readers who are not kiosks: people (a name and a password) and machines (an API key), each a
// viewer or a supervisor. Kiosk tokens only send; these only read. This decides who is asking;
// the storage only keeps users and key hashes.
#pragma once

#include "sync/hq/storage.h"

#include <optional>
#include <string>

namespace lobby {

// Failed sign-ins in a row that lock a person out, and for how long.
inline constexpr int kSignInAttempts = 5;
inline constexpr int kLockoutMinutes = 15;

bool is_reader_role(const std::string& role);  // "viewer" or "supervisor"

// Makes a person; the password is kept only as a PBKDF2-HMAC-SHA256 hash with a random salt.
// Returns "" or why not (a taken name, a short password).
std::string add_user(HqStorage& storage, const std::string& name, const std::string& role, const std::string& password);
// Makes a machine key; returns it (shown once, only its hash is kept), or "" if the name is taken.
std::string add_api_key(HqStorage& storage, const std::string& name, const std::string& role);

struct Reader {
  std::string name, role;  // role: viewer or supervisor
  bool machine = false;    // an API key, not a person
};

// Who an `Authorization` header names: a reader, or the status to refuse with and why
// (401: no or wrong credentials, or a locked person; 403: a kiosk's token, which only sends).
struct Authorization {
  std::optional<Reader> reader;
  int status = 401;
  std::string why;
  std::string locked_until;  // refused because the person is locked out: until when (UTC)
};
Authorization authorize_reader(HqStorage& storage, const std::string& header);

// Whether a bearer token is a reader's key (so a POST with it is refused 403, not 401).
bool is_reader_key(HqStorage& storage, const std::string& bearer);

// Dashboard sessions. A person signs in with name and password (the same count of failures and
// the same lockout as Basic credentials) and gets a random token for a cookie; HQ keeps only
// its hash, in the database, so that any of several servers knows it. A session not used for
// `idle_minutes` is over, and so is one begun `lifetime_hours` ago however busy it is: an open
// dashboard polls every few seconds, and a cookie copied from it would otherwise never expire.
struct SessionLimits {
  int idle_minutes = 30;
  int lifetime_hours = 12;
};
struct SignedIn {
  Authorization who;
  std::string token;  // "" when refused
};
SignedIn start_session(HqStorage& storage, const std::string& name, const std::string& password, SessionLimits limits);
// The person a session's token belongs to, with their role as it is now (401 if there is no such
// session, it has been idle too long or has lived its lifetime, or the person is gone; a session
// over is removed). Using it keeps it alive, up to its lifetime.
Authorization session_reader(HqStorage& storage, const std::string& token, SessionLimits limits);
void end_session(HqStorage& storage, const std::string& token);

}  // namespace lobby
