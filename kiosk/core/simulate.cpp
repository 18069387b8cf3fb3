#include "kiosk/core/simulate.h"

#include "kiosk/core/engine.h"
#include "kiosk/core/local_time.h"

#include <cstdio>
#include <random>

namespace lobby {

namespace {
const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"};
const char* const kReasons[] = {"rest", "leave", "personal", "company_task", "site_visit", "property_fair", "training"};
}  // namespace

std::vector<Event> simulate_lobby(const SimulationSpec& spec) {
  std::mt19937_64 rng(spec.seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };

  std::vector<std::string> ids;
  for (int i = 1; i <= spec.managers; ++i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "M%02d", i);
    ids.push_back(buf);
  }
  auto phone = [&](std::size_t i) { return std::to_string(13800000000ULL + i * 7919ULL % 100000000ULL); };

  RotationEngine engine;
  std::vector<Event> out;
  out.reserve(spec.events);
  Time t = spec.start ? spec.start : *parse_local_time("2026-11-24T09:00:00");
  std::uint64_t visit = 0;
  std::size_t phones_seen = 0;
  auto some_phone = [&](bool returning) {
    return phone(returning && phones_seen ? pick(phones_seen) : phones_seen++);
  };
  std::vector<std::string> in_reception;  // visits being received, refreshed after each event

  auto emit = [&](Event e) {
    e.t = t;
    Outcome o = engine.apply(e);
    out.push_back(std::move(e));
    if (!o.decisions.empty() || out.back().type == EventType::finish) {
      in_reception.clear();
      for (const auto& m : engine.managers())
        if (!m.serving.empty()) in_reception.push_back(m.serving);
    }
  };

  {
    Event r;
    r.type = EventType::roster;
    r.order = ids;
    emit(r);
    if (spec.lines) {
      r.line = "signing";
      r.order.assign(ids.begin(), ids.begin() + (ids.size() + 1) / 2);
      emit(r);
    }
  }
  while (out.size() < spec.events) {
    t += static_cast<Time>(5 + pick(90));
    // Evenings: everyone goes home; next morning they clock in again.
    if ((t % kSecondsPerDay) > 18 * 3600 && in_reception.empty()) {
      for (const auto& id : ids) {
        Event off;
        off.type = EventType::clock_out;
        off.m = id;
        emit(off);
      }
      t = (day_of(t) + 1) * kSecondsPerDay + 9 * 3600;
      for (const auto& id : ids) {
        Event in;
        in.type = EventType::clock_in;
        in.m = id;
        emit(in);
      }
    }
    const auto managers = engine.managers();
    const std::size_t m = pick(ids.size());
    Event e;
    const int roll = static_cast<int>(pick(100));
    if (roll < 36) {
      e.type = EventType::arrive;
      e.id = "v" + std::to_string(++visit);
      if (chance(80)) e.phone = some_phone(chance(spec.returning_percent));
      e.surname = kSurnames[pick(std::size(kSurnames))];
      e.title = chance(50) ? "先生" : "女士";
      if (chance(10)) e.request = ids[pick(ids.size())], e.phone_enquiry = chance(30);
      if (chance(5)) e.referrer = some_phone(true), e.use_referrer_owner = chance(70);
      if (spec.lines && chance(20)) e.line = "signing";
      if (spec.mistakes && chance(2)) e.request = "nobody";
    } else if (roll < 78) {
      if (in_reception.empty()) continue;
      e.type = EventType::finish;
      e.id = in_reception[pick(in_reception.size())];
      if (spec.mistakes && chance(2)) e.id = "v0";
    } else if (roll < 90) {
      const State s = managers[m].state;
      if (s == State::receiving) continue;
      if (s == State::off) {
        e.type = EventType::clock_in;
      } else if (s != State::available) {
        e.type = EventType::status;
        e.status = State::available;
      } else if (chance(50)) {
        e.type = EventType::absent;
        e.reason = kReasons[pick(std::size(kReasons))];
      } else {
        e.type = EventType::status;
        e.status = chance(50) ? State::on_break : State::task;
      }
      e.m = ids[m];
    } else if (roll < 93) {
      e.type = EventType::busy_policy;
      e.m = ids[m];
      e.policy = chance(60) ? BusyPolicy::delegate : BusyPolicy::forfeit;
    } else if (roll < 95) {
      if (in_reception.empty()) continue;
      e.type = EventType::reassign;
      e.id = in_reception[pick(in_reception.size())];
      e.to = ids[m];
    } else if (roll < 97) {
      e.type = managers[m].state == State::off ? EventType::clock_in : EventType::clock_out;
      e.m = ids[m];
    } else {
      if (!spec.mistakes) continue;
      e.type = EventType::clock_in;
      e.m = "ghost";
    }
    emit(std::move(e));
  }
  out.resize(spec.events);
  return out;
}

}  // namespace lobby
