#include "sync/protocol/checkin_batch.h"

#include "kiosk/core/local_time.h"
#include "kiosk/core/types.h"
#include "kiosk/common/event_json.h"

#include <openssl/evp.h>

#include <limits>
#include <set>

namespace lobby {

using nlohmann::json;

std::string_view name_of(ItemStatus s) {
  switch (s) {
    case ItemStatus::stored: return "stored";
    case ItemStatus::duplicate: return "duplicate";
    case ItemStatus::conflict: return "conflict";
    case ItemStatus::invalid: return "invalid";
  }
  return "invalid";
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

std::string payload_hash(std::string_view canonical) {
  unsigned char md[32];
  unsigned int n = 0;
  EVP_Digest(canonical.data(), canonical.size(), md, &n, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (unsigned i = 0; i < n; ++i) s += hex[md[i] >> 4], s += hex[md[i] & 15];
  return s;
}

namespace {

std::string only_fields(const json& j, std::initializer_list<const char*> allowed, const char* what) {
  for (auto& [key, _] : j.items()) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || key == a;
    if (!ok) return std::string("unknown field \"") + key + "\" in " + what;
  }
  return {};
}

std::string validate_decision(const json& d) {
  if (!d.is_object()) return "a decision must be an object";
  if (auto e = only_fields(d, {"id", "kind", "owner", "server", "turn_used", "skipped", "rules", "line", "t",
                               "previous_owner"},
                           "a decision");
      !e.empty())
    return e;
  static const std::set<std::string> kinds{"rotation", "makeup", "requested", "returning",
                                           "voluntary", "referral", "reassigned"};
  static const std::set<std::string> whys{"break", "task", "busy", "already-served"};
  auto str = [&](const char* k) { return d.contains(k) && d[k].is_string(); };
  if (!str("id") || !str("owner") || !str("line") || !str("t") || !str("kind"))
    return "a decision needs string fields id, kind, owner, line and t";
  if (!kinds.count(d["kind"].get<std::string>())) return "unknown decision kind";
  if (!parse_local_time(d["t"].get<std::string>())) return "decision time is not a local time";
  if (!d.contains("server") || !(d["server"].is_string() || d["server"].is_null()))
    return "decision server must be a string or null";
  if (!d.contains("turn_used") || !d["turn_used"].is_boolean()) return "decision turn_used must be true or false";
  if (d.contains("previous_owner") && !d["previous_owner"].is_string()) return "previous_owner must be a string";
  if (!d.contains("skipped") || !d["skipped"].is_array()) return "decision skipped must be a list";
  for (const json& s : d["skipped"])
    if (!s.is_object() || s.size() != 2 || !s.contains("m") || !s["m"].is_string() || !s.contains("why") ||
        !s["why"].is_string() || !whys.count(s["why"].get<std::string>()))
      return "each skip must be {\"m\":…,\"why\":…} with a known reason";
  if (!d.contains("rules") || !d["rules"].is_array()) return "decision rules must be a list";
  for (const json& r : d["rules"])
    if (!r.is_string()) return "decision rules must be strings";
  return {};
}

// A count the kiosk keeps in SQLite (a 64-bit signed count(*)).
bool is_count(const json& v) {
  return v.is_number_unsigned() && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
}

std::string status_from(const json& j, KioskStatus& out) {
  if (!j.is_object()) return "\"status\" must be an object {\"quarantined\":…,\"outbox\":…}";
  if (auto e = only_fields(j, {"quarantined", "outbox"}, "the status"); !e.empty()) return e;
  if (!j.contains("quarantined") || !is_count(j["quarantined"]) || !j.contains("outbox") || !is_count(j["outbox"]))
    return "the status needs quarantined and outbox, each a count (a whole number, 0 or more)";
  out.quarantined = j["quarantined"].get<std::int64_t>();
  out.outbox = j["outbox"].get<std::int64_t>();
  return {};
}

}  // namespace

std::string batch_json(const std::vector<std::string_view>& items, const KioskStatus& status) {
  std::string body = "{\"items\":[";
  for (std::size_t i = 0; i < items.size(); ++i) (body += i ? "," : "") += items[i];
  body += "],\"status\":";
  body += json{{"quarantined", status.quarantined}, {"outbox", status.outbox}}.dump();
  return body += "}";
}

std::string validate_item(const json& item) {
  if (!item.is_object()) return "an item must be an object";
  if (auto e = only_fields(item, {"uuid", "kind", "event_seq", "event", "decisions", "ticket"}, "an item"); !e.empty())
    return e;
  if (!item.contains("uuid") || !item["uuid"].is_string() || !is_uuid(item["uuid"].get<std::string>()))
    return "uuid must be a lowercase UUID string";
  if (!item.contains("kind") || !item["kind"].is_string() ||
      (item["kind"] != "checkin" && item["kind"] != "staff_event"))
    return "kind must be \"checkin\" or \"staff_event\"";
  // The kiosk numbers its records with SQLite's 64-bit signed rowid.
  if (!item.contains("event_seq") || !item["event_seq"].is_number_unsigned() || item["event_seq"].get<std::uint64_t>() == 0 ||
      item["event_seq"].get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return "event_seq must be a positive integer below 2^63";
  if (item.contains("ticket") && (!item["ticket"].is_string() || item["ticket"].get<std::string>().size() > 16))
    return "ticket must be a string of at most 16 characters";
  if (!item.contains("event") || !item["event"].is_object()) return "event must be an object";
  Event e;
  std::string error;
  if (!event_from_json_value(item["event"], e, error)) return "event: " + error;
  if ((item["kind"] == "checkin") != (e.type == EventType::arrive)) return "kind does not match the event";
  if (!item.contains("decisions") || !item["decisions"].is_array()) return "decisions must be a list";
  for (const json& d : item["decisions"])
    if (auto why = validate_decision(d); !why.empty()) return why;
  return {};
}

std::optional<BatchError> parse_batch(std::string_view body, const Limits& limits, ParsedBatch& out) {
  if (body.size() > limits.max_body_bytes)
    return BatchError{413, "the body is larger than " + std::to_string(limits.max_body_bytes) + " bytes: send fewer items"};
  json j;
  try {
    j = json::parse(body);
  } catch (const json::exception& e) {  // parse errors, and numbers too large to hold
    const std::string what = e.what();
    if (what.find("UTF-8") != std::string::npos || what.find("utf-8") != std::string::npos)
      return BatchError{400, "the body is not valid UTF-8"};
    return BatchError{400, "the body is not valid JSON: " + what};
  }
  if (!j.is_object()) return BatchError{400, "the body must be a JSON object {\"items\":[…]}"};
  if (auto e = only_fields(j, {"items", "status"}, "the batch"); !e.empty()) return BatchError{400, e};
  if (!j.contains("items") || !j["items"].is_array()) return BatchError{400, "\"items\" must be a list"};
  // No items is allowed: an idle kiosk's heartbeat, which carries only its status.
  if (j["items"].size() > limits.max_items)
    return BatchError{413, "at most " + std::to_string(limits.max_items) + " items per batch"};
  std::optional<KioskStatus> status;
  if (j.contains("status")) {
    status.emplace();
    if (auto e = status_from(j["status"], *status); !e.empty()) return BatchError{400, e};
  }
  out = {};
  out.status = status;
  out.count = j["items"].size();
  std::set<std::string> seen;
  for (std::size_t i = 0; i < out.count; ++i) {
    json& item = j["items"][i];
    const std::string why = validate_item(item);
    std::string uuid = item.is_object() && item.contains("uuid") && item["uuid"].is_string() ? item["uuid"].get<std::string>() : "";
    if (!why.empty()) {
      out.invalid.push_back({i, {uuid, ItemStatus::invalid, why}});
      continue;
    }
    if (!seen.insert(uuid).second) {
      out.invalid.push_back({i, {uuid, ItemStatus::invalid, "the same uuid appears twice in this batch"}});
      continue;
    }
    CheckinItem c;
    c.uuid = std::move(uuid);
    c.kind = item["kind"].get<std::string>();
    c.canonical = item.dump();
    c.hash = payload_hash(c.canonical);
    c.json = std::move(item);
    out.items.push_back(std::move(c));
  }
  return std::nullopt;
}

std::string results_json(const std::vector<ItemResult>& results) {
  json arr = json::array();
  for (const ItemResult& r : results) {
    json o{{"uuid", r.uuid}, {"status", name_of(r.status)}};
    if (!r.reason.empty()) o["reason"] = r.reason;
    arr.push_back(std::move(o));
  }
  return json{{"results", std::move(arr)}}.dump();
}

std::optional<std::vector<ItemResult>> parse_results(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("results") || !j["results"].is_array()) return std::nullopt;
  std::vector<ItemResult> out;
  for (const json& r : j["results"]) {
    if (!r.is_object() || !r.contains("uuid") || !r["uuid"].is_string() || !r.contains("status") ||
        !r["status"].is_string())
      return std::nullopt;
    ItemResult ir;
    ir.uuid = r["uuid"].get<std::string>();
    const std::string s = r["status"].get<std::string>();
    if (s == "stored") ir.status = ItemStatus::stored;
    else if (s == "duplicate") ir.status = ItemStatus::duplicate;
    else if (s == "conflict") ir.status = ItemStatus::conflict;
    else if (s == "invalid") ir.status = ItemStatus::invalid;
    else return std::nullopt;
    if (r.contains("reason") && r["reason"].is_string()) ir.reason = r["reason"].get<std::string>();
    out.push_back(std::move(ir));
  }
  return out;
}

}  // namespace lobby
