// A lobby for engine tests: events are written as replay-contract JSON without "t", and
// each one happens a minute after the previous, so tests read like the policy's examples.
#pragma once

#include "kiosk/core/engine.h"
#include "kiosk/core/local_time.h"
#include "kiosk/common/event_json.h"

#include <gtest/gtest.h>

#include <string>

namespace lobby::testing {

struct Lobby {
  explicit Lobby(Settings s = {}) : engine(std::move(s)) {}

  // `fields` is the inside of a JSON object, e.g. R"("ev":"arrive","id":"c1")".
  Outcome on(const std::string& fields) {
    clock += 60;
    Event e;
    std::string error;
    const std::string line = "{\"t\":\"" + format_local_time(clock) + "\"," + fields + "}";
    EXPECT_TRUE(event_from_json(line, e, error)) << line << ": " << error;
    return engine.apply(e);
  }
  // Applies an event that must be accepted and assign exactly one customer.
  Decision assigned(const std::string& fields) {
    Outcome o = on(fields);
    EXPECT_EQ(o.error.code, "") << fields << ": " << o.error;
    EXPECT_EQ(o.decisions.size(), 1u) << fields;
    return o.decisions.empty() ? Decision{} : o.decisions[0];
  }
  // A roster of the given managers, all clocked in.
  void open(const std::vector<std::string>& order) {
    std::string list;
    for (const auto& m : order) list += (list.empty() ? "\"" : ",\"") + m + "\"";
    on("\"ev\":\"roster\",\"order\":[" + list + "]");
    for (const auto& m : order) on("\"ev\":\"clock_in\",\"m\":\"" + m + "\"");
  }
  State state(const std::string& m) const {
    for (const auto& v : engine.managers())
      if (v.id == m) return v.state;
    ADD_FAILURE() << "no manager " << m;
    return State::off;
  }
  LineView line(const std::string& name = "main") const {
    for (const auto& l : engine.lines())
      if (l.name == name) return l;
    ADD_FAILURE() << "no line " << name;
    return {};
  }
  int credits(const std::string& m, const std::string& line_name = "main") const {
    const LineView l = line(line_name);
    for (std::size_t i = 0; i < l.order.size(); ++i)
      if (l.order[i] == m) return l.credits[i];
    return -1;
  }
  std::string next_up(const std::string& line_name = "main") const {
    const LineView l = line(line_name);
    return l.order.empty() ? "" : l.order[l.pointer];
  }

  RotationEngine engine;
  Time clock = *parse_local_time("2026-11-24T09:00:00");
};

inline std::vector<Skip> skips(std::initializer_list<std::pair<const char*, SkipWhy>> list) {
  std::vector<Skip> r;
  for (auto [m, why] : list) r.push_back({m, why});
  return r;
}

inline bool has_rule(const Decision& d, Rule r) {
  for (Rule x : d.rules)
    if (x == r) return true;
  return false;
}

}  // namespace lobby::testing
