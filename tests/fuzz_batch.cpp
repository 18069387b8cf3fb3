// libFuzzer target for what HQ does with bytes from the network: parsing a batch and
// validating its items. Whatever the input, it must not crash, hang or leak, and a batch
// it accepts must be re-encodable (the canonical text HQ hashes and stores).
#include "sync/protocol/checkin_batch.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  lobby::ParsedBatch batch;
  lobby::Limits limits;
  limits.max_items = 64;
  if (auto err = lobby::parse_batch(body, limits, batch)) {
    if (err->http_status < 400 || err->http_status > 499 || err->message.empty()) std::abort();
    return 0;
  }
  if (batch.items.size() + batch.invalid.size() != batch.count) std::abort();
  for (const auto& item : batch.items) {
    if (!lobby::validate_item(item.json).empty()) std::abort();
    if (item.hash != lobby::payload_hash(item.canonical)) std::abort();
  }
  lobby::parse_results(body);
  return 0;
}
