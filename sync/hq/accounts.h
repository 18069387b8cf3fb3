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
};
Authorization authorize_reader(HqStorage& storage, const std::string& header);

// Whether a bearer token is a reader's key (so a POST with it is refused 403, not 401).
bool is_reader_key(HqStorage& storage, const std::string& bearer);

}  // namespace lobby
