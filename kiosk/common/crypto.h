// What the store needs from OpenSSL. Staff PINs are kept only as salted PBKDF2-HMAC-SHA256
// hashes, slow on purpose so that a copied database does not give away short PINs; outbox
// rows get random UUIDs as their idempotency key at HQ.
#pragma once

#include <optional>
#include <string>

namespace lobby {

std::string hash_pin(const std::string& pin);  // "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>"
// Whether `pin` matches a stored hash; nullopt when the stored hash is not one hash_pin makes
// (damaged or edited by hand): that is not a wrong PIN, and must not count as one.
std::optional<bool> verify_pin(const std::string& pin, const std::string& stored);
std::string new_uuid();  // random (version 4), the idempotency key of an outbox row
std::string random_hex(int bytes);  // for bearer tokens

}  // namespace lobby
