#include "kiosk/common/event_json.h"

#include "kiosk/common/personal_data.h"
#include "kiosk/core/local_time.h"
#include "kiosk/core/phone.h"

#include <set>

namespace lobby {

using nlohmann::json;

namespace {

// Which fields each event may carry, beyond `ev` and `t`.
const std::set<std::string, std::less<>>& allowed_fields(EventType t) {
  static const std::set<std::string, std::less<>> none{}, m{"m"}, roster{"order", "line", "staff"},
      status{"m", "status"}, absent{"m", "reason"}, policy{"m", "policy"}, id{"id"}, reassign{"id", "to", "reason"},
      claim{"id", "m"}, voided{"id", "reason"}, settings{"settings"},
      arrive{"id", "phone", "request", "phone_enquiry", "referrer", "use_referrer_owner", "line",
             "surname", "title", "consent"};
  switch (t) {
    case EventType::roster: return roster;
    case EventType::clock_in: case EventType::clock_out: return m;
    case EventType::status: return status;
    case EventType::absent: return absent;
    case EventType::busy_policy: return policy;
    case EventType::arrive: return arrive;
    case EventType::finish: case EventType::claim_confirm: case EventType::claim_reject: return id;
    case EventType::reassign: return reassign;
    case EventType::claim: return claim;
    case EventType::void_visit: return voided;
    case EventType::settings: return settings;
  }
  return none;
}

// The same test the engine applies to what it records (recordable_text), said per field.
std::string text_problem(std::string_view s) {
  if (s.size() > kMaxEventText) return "is longer than " + std::to_string(kMaxEventText) + " bytes";
  if (!recordable_text(s)) return "holds a control character";
  return {};
}

struct Reader {
  const json& j;
  std::string& error;
  bool str(const char* key, std::string& out, bool required) {
    auto it = j.find(key);
    if (it == j.end()) {
      if (required) error = std::string("missing field \"") + key + "\"";
      return !required;
    }
    if (!it->is_string()) return error = std::string("field \"") + key + "\" must be a string", false;
    out = it->get<std::string>();
    if (required && out.empty()) return error = std::string("field \"") + key + "\" is empty", false;
    if (auto why = text_problem(out); !why.empty()) return error = std::string("field \"") + key + "\" " + why, false;
    return true;
  }
  // A number as the kiosk records it: 11 digits, or the pseudonym a purge left.
  bool phone(const char* key, std::string& out) {
    if (!str(key, out, false)) return false;
    std::string normalized;
    if (out.empty() || is_pseudonym(out) || (check_mobile(out, normalized) == PhoneError::none && normalized == out))
      return true;
    return error = std::string("field \"") + key + "\" must be an 11-digit mobile number", false;
  }
  bool boolean(const char* key, bool& out) {
    auto it = j.find(key);
    if (it == j.end()) return true;
    if (!it->is_boolean()) return error = std::string("field \"") + key + "\" must be true or false", false;
    out = it->get<bool>();
    return true;
  }
};

// The house rules' choices, in the words of the settings file's [policy] table.
json settings_to_json(const Settings& s) {
  json reasons = json::object();
  for (const auto& [reason, state] : s.absence_reasons) reasons[reason] = name_of(state);
  return {{"default_busy_policy", name_of(s.default_busy_policy)},
          {"phone_request_uses_turn", s.phone_request_uses_turn},
          {"referral_uses_turn", s.referral_uses_turn},
          {"claim_window_days", s.claim_window_days},
          {"void_returns_turn", s.void_returns_turn},
          {"absence_reasons", std::move(reasons)}};
}

bool settings_from_json(const json& j, Event& e, std::string& error) {
  if (!j.is_object()) return error = "field \"settings\" must be an object", false;
  static const std::set<std::string, std::less<>> known{"default_busy_policy", "phone_request_uses_turn",
                                                         "referral_uses_turn",  "claim_window_days",
                                                         "void_returns_turn",   "absence_reasons"};
  for (const auto& [key, value] : j.items())
    if (!known.count(key)) return error = "settings: unknown field \"" + key + "\"", false;
  auto s = std::make_shared<Settings>();
  Reader r{j, error};
  std::string busy(name_of(s->default_busy_policy));
  if (!r.str("default_busy_policy", busy, false) || !r.boolean("phone_request_uses_turn", s->phone_request_uses_turn) ||
      !r.boolean("referral_uses_turn", s->referral_uses_turn) || !r.boolean("void_returns_turn", s->void_returns_turn))
    return false;
  const auto policy = busy_policy_from(busy);
  if (!policy) return error = "settings: default_busy_policy must be delegate or forfeit", false;
  s->default_busy_policy = *policy;
  if (j.contains("claim_window_days")) {
    if (!j["claim_window_days"].is_number_integer()) return error = "settings: claim_window_days must be a number", false;
    s->claim_window_days = j["claim_window_days"].get<int>();
  }
  if (j.contains("absence_reasons")) {
    if (!j["absence_reasons"].is_object()) return error = "settings: absence_reasons must be an object", false;
    s->absence_reasons.clear();
    for (const auto& [reason, state] : j["absence_reasons"].items()) {
      const auto st = state.is_string() ? state_from(state.get<std::string>()) : std::nullopt;
      if (!st || (*st != State::on_break && *st != State::task))
        return error = "settings: absence reason " + reason + " must be break or task", false;
      s->absence_reasons[reason] = *st;
    }
  }
  e.settings = std::move(s);
  return true;
}

// A roster's staff: [{"m": "M01", "name": "王丽"}, ...]. Optional: kiosks before names were
// sent recorded rosters without it.
bool staff_from_json(const json& j, Event& e, std::string& error) {
  auto it = j.find("staff");
  if (it == j.end()) return true;
  const std::string bad = "field \"staff\" must be a list of {\"m\": id, \"name\": name}";
  if (!it->is_array()) return error = bad, false;
  for (const json& s : *it) {
    if (!s.is_object() || s.size() != 2) return error = bad, false;
    StaffName name;
    Reader r{s, error};
    if (!r.str("m", name.id, true) || !r.str("name", name.name, true)) return false;
    e.staff.push_back(std::move(name));
  }
  return true;
}

}  // namespace

bool event_from_json(std::string_view line, Event& e, std::string& error) {
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded()) return error = "not valid JSON", false;
  return event_from_json_value(j, e, error);
}

bool event_from_json_value(const json& j, Event& e, std::string& error) {
  if (!j.is_object()) return error = "an event must be a JSON object", false;
  Reader r{j, error};
  std::string ev, t;
  if (!r.str("ev", ev, true) || !r.str("t", t, true)) return false;
  auto type = event_type_from(ev);
  if (!type) return error = "unknown event \"" + ev + "\"", false;
  auto time = parse_local_time(t);
  if (!time) return error = "field \"t\" must be a local time like 2026-11-24T09:30:00", false;
  e = Event{};
  e.type = *type;
  e.t = *time;
  const auto& allowed = allowed_fields(*type);
  for (auto& [key, _] : j.items())
    if (key != "ev" && key != "t" && !allowed.count(key))
      return error = "field \"" + key + "\" does not belong in a " + ev + " event", false;
  switch (*type) {
    case EventType::roster: {
      auto it = j.find("order");
      if (it == j.end() || !it->is_array()) return error = "field \"order\" must be a list of manager ids", false;
      for (auto& m : *it) {
        if (!m.is_string() || m.get<std::string>().empty() || !text_problem(m.get<std::string>()).empty())
          return error = "field \"order\" must be a list of manager ids", false;
        e.order.push_back(m.get<std::string>());
      }
      return staff_from_json(j, e, error) && r.str("line", e.line, false);
    }
    case EventType::clock_in:
    case EventType::clock_out: return r.str("m", e.m, true);
    case EventType::status: {
      std::string s;
      if (!r.str("m", e.m, true) || !r.str("status", s, true)) return false;
      auto st = state_from(s);
      if (!st || (*st != State::available && *st != State::on_break && *st != State::task))
        return error = "field \"status\" must be available, break or task", false;
      e.status = *st;
      return true;
    }
    case EventType::absent: return r.str("m", e.m, true) && r.str("reason", e.reason, true);
    case EventType::busy_policy: {
      std::string p;
      if (!r.str("m", e.m, true) || !r.str("policy", p, true)) return false;
      auto bp = busy_policy_from(p);
      if (!bp) return error = "field \"policy\" must be delegate or forfeit", false;
      e.policy = *bp;
      return true;
    }
    case EventType::arrive:
      return r.str("id", e.id, true) && r.phone("phone", e.phone) && r.str("request", e.request, false) &&
             r.boolean("phone_enquiry", e.phone_enquiry) && r.phone("referrer", e.referrer) &&
             r.boolean("use_referrer_owner", e.use_referrer_owner) && r.str("line", e.line, false) &&
             r.str("surname", e.surname, false) && r.str("title", e.title, false) && r.boolean("consent", e.consent);
    case EventType::finish:
    case EventType::claim_confirm:
    case EventType::claim_reject: return r.str("id", e.id, true);
    case EventType::reassign:
      return r.str("id", e.id, true) && r.str("to", e.to, true) && r.str("reason", e.reason, false);
    case EventType::claim: return r.str("id", e.id, true) && r.str("m", e.m, true);
    case EventType::void_visit: return r.str("id", e.id, true) && r.str("reason", e.reason, false);
    case EventType::settings: return settings_from_json(j.value("settings", json()), e, error);
  }
  return error = "unknown event", false;
}

json event_to_json(const Event& e) {
  json j{{"ev", name_of(e.type)}, {"t", format_local_time(e.t)}};
  auto put = [&](const char* k, const std::string& v) {
    if (!v.empty()) j[k] = v;
  };
  switch (e.type) {
    case EventType::roster:
      j["order"] = e.order;
      put("line", e.line);
      if (!e.staff.empty()) {
        json staff = json::array();
        for (const StaffName& s : e.staff) staff.push_back({{"m", s.id}, {"name", s.name}});
        j["staff"] = std::move(staff);
      }
      break;
    case EventType::clock_in:
    case EventType::clock_out: put("m", e.m); break;
    case EventType::status: put("m", e.m), j["status"] = name_of(e.status); break;
    case EventType::absent: put("m", e.m), put("reason", e.reason); break;
    case EventType::busy_policy: put("m", e.m), j["policy"] = name_of(e.policy); break;
    case EventType::arrive:
      put("id", e.id), put("phone", e.phone), put("request", e.request), put("referrer", e.referrer);
      put("line", e.line), put("surname", e.surname), put("title", e.title);
      if (e.phone_enquiry) j["phone_enquiry"] = true;
      if (e.use_referrer_owner) j["use_referrer_owner"] = true;
      if (!e.consent) j["consent"] = false;
      break;
    case EventType::finish:
    case EventType::claim_confirm:
    case EventType::claim_reject: put("id", e.id); break;
    case EventType::reassign: put("id", e.id), put("to", e.to), put("reason", e.reason); break;
    case EventType::claim: put("id", e.id), put("m", e.m); break;
    case EventType::void_visit: put("id", e.id), put("reason", e.reason); break;
    case EventType::settings: j["settings"] = settings_to_json(e.settings ? *e.settings : Settings{}); break;
  }
  return j;
}

json decision_to_json(const Decision& d) {
  json skipped = json::array();
  for (const Skip& s : d.skipped) skipped.push_back({{"m", s.m}, {"why", name_of(s.why)}});
  json rules = json::array();
  for (Rule r : d.rules) rules.push_back(name_of(r));
  json j{{"id", d.visit},
         {"kind", name_of(d.kind)},
         {"owner", d.owner},
         {"server", d.server.empty() ? json(nullptr) : json(d.server)},
         {"turn_used", d.turn_used},
         {"skipped", std::move(skipped)},
         {"rules", std::move(rules)},
         {"line", d.line},
         {"t", format_local_time(d.t)}};
  if (!d.previous_owner.empty()) j["previous_owner"] = d.previous_owner;
  return j;
}

bool decision_from_json(const json& j, Decision& out, std::string& error) {
  try {
    const auto kind = kind_from(j.at("kind").get<std::string>());
    if (!kind) return error = "unknown kind " + j.at("kind").dump(), false;
    Decision d;
    d.visit = j.at("id").get<std::string>();
    d.kind = *kind;
    d.owner = j.at("owner").get<std::string>();
    if (j.contains("server") && j["server"].is_string()) d.server = j["server"].get<std::string>();
    d.turn_used = j.at("turn_used").get<bool>();
    d.line = j.value("line", "");
    d.previous_owner = j.value("previous_owner", "");
    for (const json& s : j.at("skipped"))
      if (const auto why = skip_why_from(s.at("why").get<std::string>())) d.skipped.push_back({s.at("m"), *why});
    for (const json& r : j.at("rules"))
      if (const auto rule = rule_from(r.get<std::string>())) d.rules.push_back(*rule);
    if (const auto t = parse_local_time(j.value("t", ""))) d.t = *t;
    out = std::move(d);
    return true;
  } catch (const json::exception& e) {
    return error = std::string("decision: ") + e.what(), false;
  }
}

std::string event_text(const Event& e) { return event_to_json(e).dump(); }
std::string decision_text(const Decision& d) { return decision_to_json(d).dump(); }

std::string_view item_kind(const Event& e) { return e.type == EventType::arrive ? "checkin" : "staff_event"; }

std::string item_text(std::string_view uuid, std::int64_t event_seq, const Event& e,
                      const std::vector<Decision>& decisions, std::string_view ticket) {
  json ds = json::array();
  for (const Decision& d : decisions) ds.push_back(decision_to_json(d));
  json item{{"uuid", uuid}, {"kind", item_kind(e)}, {"event_seq", event_seq}, {"event", event_to_json(e)},
            {"decisions", std::move(ds)}};
  if (!ticket.empty()) item["ticket"] = ticket;
  return item.dump();
}

bool item_from_text(std::string_view text, Event& e, std::vector<Decision>& decisions, std::string& error) {
  const json item = json::parse(text, nullptr, false);
  if (!item.is_object() || !item.contains("event")) return error = "not an item with an event", false;
  if (!event_from_json_value(item["event"], e, error)) return false;
  decisions.clear();
  if (!item.contains("decisions")) return true;
  if (!item["decisions"].is_array()) return error = "decisions is not a list", false;
  for (const json& d : item["decisions"])
    if (!decision_from_json(d, decisions.emplace_back(), error)) return false;
  return true;
}

}  // namespace lobby
