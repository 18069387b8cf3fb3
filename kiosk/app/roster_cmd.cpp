// `kiosk roster`: prepare a branch without the screens: add managers with their PINs and
// set the turn order. The order goes through the engine like any other event.
#include "kiosk/app/commands.h"
#include "kiosk/common/text_table.h"
#include "kiosk/core/local_time.h"
#include "kiosk/core/phone.h"
#include "kiosk/devices/announcement.h"
#include "kiosk/store/reception.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace lobby {

int run_roster_add(const ManagerOptions& m) {
  // Ids appear in events, reports and HQ payloads: keep them short and plain.
  const bool plain = !m.id.empty() && m.id.size() <= 32 && std::all_of(m.id.begin(), m.id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
  });
  if (!plain) {
    std::cerr << "kiosk roster add: --id must be 1 to 32 letters, digits, - or _ (for example M01)\n";
    return 2;
  }
  const bool digits = std::all_of(m.pin.begin(), m.pin.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!m.pin.empty() && (!digits || m.pin.size() < 4 || m.pin.size() > 8)) {
    std::cerr << "kiosk roster add: --pin must be 4 to 8 digits\n";
    return 2;
  }
  if (!m.pinyin.empty() && !voice::valid_pinyin(m.pinyin)) {
    std::cerr << "kiosk roster add: --pinyin must be syllables in lower-case letters (v for ü), each with its tone "
                 "number 1-5, separated by spaces, e.g. \"wang2 li4\"; not \"" << m.pinyin << "\"\n";
    return 2;
  }
  std::string mobile;
  if (!m.mobile.empty() && check_mobile(m.mobile, mobile) != PhoneError::none) {
    std::cerr << "kiosk roster add: --mobile \"" << m.mobile << "\" is not a mainland mobile number: give 11 digits "
                 "starting 13 to 19, e.g. 13912345678 (it is used to @-mention them in the group's notices)\n";
    return 2;
  }
  try {
    Store store(m.db);
    store.add_manager({m.id, m.name, m.surname, m.gender, m.supervisor ? "supervisor" : "manager", m.pinyin}, m.pin);
    if (!mobile.empty()) store.set_manager_mobile(m.id, mobile);
  } catch (const StoreError& e) {
    std::cerr << "kiosk roster add: " << e.what() << "\n";
    return 2;
  }
  std::cout << "added " << m.id << (m.pin.empty() ? " (no PIN yet: the console stays locked for them)" : "") << "\n";
  return 0;
}

int run_roster_order(const std::string& db, const std::string& line, const std::vector<std::string>& order) {
  try {
    Store store(db, Store::Mode::existing);
    for (const std::string& id : order)
      if (!store.has_manager(id)) {
        std::cerr << "kiosk roster order: no manager " << id << ": add them first with `kiosk roster add`\n";
        return 2;
      }
    Reception reception(store);
    Event e;
    e.type = EventType::roster;
    e.t = now_local();
    e.line = line;
    e.order = order;
    Handled h = reception.handle(e, "roster-command");
    if (!h.ok()) {
      std::cerr << "kiosk roster order: " << english(h.problem()) << "\n";
      return 2;
    }
  } catch (const StoreError& e) {
    std::cerr << "kiosk roster order: " << e.what() << "\n";
    return 2;
  }
  std::cout << "turn order of line " << line << " set\n";
  return 0;
}

int run_roster_list(const std::string& db) {
  try {
    Store store(db, Store::Mode::read_only);
    RotationEngine engine;
    store.replay_into(engine);
    std::printf("%-8s %-16s %-10s %-10s %s\n", "id", "name", "role", "state", "policy");
    const auto states = engine.managers();
    for (const ManagerProfile& p : store.managers()) {
      auto it = std::find_if(states.begin(), states.end(), [&](const ManagerView& v) { return v.id == p.id; });
      const bool known = it != states.end();
      std::printf("%s %s %-10s %-10s %s\n", pad_to(p.id, 8).c_str(), pad_to(p.display_name, 16).c_str(), p.role.c_str(),
                  known ? std::string(name_of(it->state)).c_str() : "off",
                  known ? std::string(name_of(it->policy)).c_str() : "-");
    }
    for (const LineView& l : engine.lines()) {
      std::printf("line %s:", l.name.c_str());
      for (std::size_t i = 0; i < l.order.size(); ++i) {
        std::printf(" %s%s", i == l.pointer ? ">" : "", l.order[i].c_str());
        if (l.credits[i]) std::printf("+%d", l.credits[i]);  // make-up credits owed
      }
      std::printf("\n");
    }
  } catch (const StoreError& e) {
    std::cerr << "kiosk roster list: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace lobby
