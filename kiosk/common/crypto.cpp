#include "kiosk/common/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <stdexcept>
#include <vector>

namespace lobby {

namespace {
constexpr int kIterations = 200000;

std::string hex(const unsigned char* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += digits[p[i] >> 4], s += digits[p[i] & 15];
  return s;
}
std::vector<unsigned char> unhex(const std::string& s) {
  std::vector<unsigned char> out;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) out.push_back(static_cast<unsigned char>(std::stoi(s.substr(i, 2), nullptr, 16)));
  return out;
}
void random_bytes(unsigned char* p, int n) {
  if (RAND_bytes(p, n) != 1) throw std::runtime_error("the system's random number generator failed");
}
std::vector<unsigned char> derive(const std::string& pin, const std::vector<unsigned char>& salt, int iterations) {
  std::vector<unsigned char> out(32);
  PKCS5_PBKDF2_HMAC(pin.data(), static_cast<int>(pin.size()), salt.data(), static_cast<int>(salt.size()), iterations,
                    EVP_sha256(), static_cast<int>(out.size()), out.data());
  return out;
}
}  // namespace

std::string hash_pin(const std::string& pin) {
  std::vector<unsigned char> salt(16);
  random_bytes(salt.data(), static_cast<int>(salt.size()));
  const auto h = derive(pin, salt, kIterations);
  return "pbkdf2-sha256$" + std::to_string(kIterations) + "$" + hex(salt.data(), salt.size()) + "$" +
         hex(h.data(), h.size());
}

std::optional<bool> verify_pin(const std::string& pin, const std::string& stored) {
  const auto a = stored.find('$');
  const auto b = a == std::string::npos ? a : stored.find('$', a + 1);
  const auto c = b == std::string::npos ? b : stored.find('$', b + 1);
  if (c == std::string::npos || stored.substr(0, a) != "pbkdf2-sha256") return std::nullopt;
  const std::string count = stored.substr(a + 1, b - a - 1);
  if (count.empty() || count.size() > 7 || count.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  const int iterations = std::stoi(count);
  const std::string salt = stored.substr(b + 1, c - b - 1), hash = stored.substr(c + 1);
  auto is_hex = [](const std::string& s) {
    return !s.empty() && s.size() % 2 == 0 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
  };
  if (iterations < 1 || !is_hex(salt) || !is_hex(hash)) return std::nullopt;
  const auto expected = unhex(hash);
  const auto got = derive(pin, unhex(salt), iterations);
  return expected.size() == got.size() && CRYPTO_memcmp(expected.data(), got.data(), got.size()) == 0;
}

std::string random_hex(int bytes) {
  std::vector<unsigned char> b(static_cast<std::size_t>(bytes));
  random_bytes(b.data(), bytes);
  return hex(b.data(), b.size());
}

std::string new_uuid() {
  unsigned char b[16];
  random_bytes(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  const std::string h = hex(b, sizeof b);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

}  // namespace lobby
