// What travels between a kiosk and HQ: a batch of outbox items up, with what the kiosk says of
// itself, and one result per item down. Both ends use these functions, so they cannot disagree
// about what is valid.
// The API as OpenAPI 3: sync/protocol/openapi.yaml.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lobby {

enum class ItemStatus { stored, duplicate, conflict, invalid };
std::string_view name_of(ItemStatus);

struct ItemResult {
  std::string uuid;
  ItemStatus status = ItemStatus::invalid;
  std::string reason;  // for invalid and conflict
};

struct Limits {
  std::size_t max_body_bytes = 4 << 20;
  std::size_t max_items = 1000;
};

// An outbox item as HQ accepts it. `canonical` is the item's JSON with sorted keys, and
// `hash` its SHA-256: a re-send with the same UUID and another hash is a conflict.
struct CheckinItem {
  std::string uuid, kind, canonical, hash;
  nlohmann::json json;
};

// What a kiosk says of itself in every batch, so that HQ knows more than when it last got an
// item: how many items it holds in quarantine (refused by HQ for good, for staff to look at)
// and how many still wait in its outbox, this batch's included. A batch of no items is how an
// idle kiosk says it is alive. Older kiosks send no status.
struct KioskStatus {
  std::int64_t quarantined = 0;
  std::int64_t outbox = 0;
  bool operator==(const KioskStatus&) const = default;
};

// The envelope of POST /v1/checkins: {"items":[…],"status":{…}}, the status optional. Fails with an HTTP status and a message for the
// sender when the batch as a whole is unusable; a bad item only makes that item invalid
// (its result is in `invalid`, in the item's position).
struct ParsedBatch {
  std::vector<CheckinItem> items;  // valid ones
  std::vector<std::pair<std::size_t, ItemResult>> invalid;  // position in the batch, result
  std::size_t count = 0;
  std::optional<KioskStatus> status;  // none from a kiosk older than the field
};
struct BatchError {
  int http_status = 400;
  std::string message;
};
std::optional<BatchError> parse_batch(std::string_view body, const Limits& limits, ParsedBatch& out);

// The kiosk's request body: `items` are outbox payloads, each already an item's JSON text.
std::string batch_json(const std::vector<std::string_view>& items, const KioskStatus& status);

// Checks one item; empty when valid.
std::string validate_item(const nlohmann::json& item);
std::string payload_hash(std::string_view canonical);  // lowercase hex SHA-256
bool is_uuid(std::string_view s);

// The response body: {"results":[{"uuid":…,"status":…,"reason":…}]}.
std::string results_json(const std::vector<ItemResult>& results);
// The client's reading of a response body; nullopt when it is not a results document.
std::optional<std::vector<ItemResult>> parse_results(std::string_view body);

}  // namespace lobby
