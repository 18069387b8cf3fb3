#include "kiosk/ui/staff_desk.h"

#include "kiosk/core/local_time.h"

#include <filesystem>
#include <fstream>

namespace lobby::ui {

StaffDesk::StaffDesk(Reception& reception, Store& store, Clock clock, std::string export_dir)
    : reception_(reception), store_(store), clock_(std::move(clock)), export_dir_(std::move(export_dir)) {}

std::vector<ManagerProfile> StaffDesk::staff() const {
  try {
    return store_.managers();
  } catch (const StoreError&) {
    return {};
  }
}

StaffDesk::SignIn StaffDesk::sign_in(const std::string& id, const std::string& pin, double now) {
  if (lock_.locked(now)) return SignIn::locked;
  bool right = false;
  try {
    right = store_.check_pin(id, pin);
  } catch (const StoreError&) {
  }
  if (right) {
    lock_.succeeded();
    return SignIn::ok;
  }
  lock_.failed(now);
  return lock_.locked(now) ? SignIn::locked : SignIn::wrong;
}

std::string StaffDesk::act(Event e, const std::string& actor) {
  e.t = clock_();
  const Handled h = reception_.handle(e, actor);
  if (!h.failure.empty()) return h.failure;
  return h.outcome.error;
}

std::optional<ManagerView> StaffDesk::manager(const std::string& id) const {
  for (const ManagerView& m : reception_.engine().managers())
    if (m.id == id) return m;
  return std::nullopt;
}

std::vector<std::string> StaffDesk::turn_order() const {
  for (const LineView& line : reception_.engine().lines())
    if (line.name == "main") return line.order;
  return {};
}

std::vector<StaffDesk::Customer> StaffDesk::customers() const {
  std::vector<Customer> out;
  auto ticket = [&](const std::string& visit) {
    try {
      const auto label = store_.visit_label(visit);
      return label ? label->ticket : visit;
    } catch (const StoreError&) {
      return visit;
    }
  };
  for (const ManagerView& m : reception_.engine().managers())
    if (m.state == State::receiving && !m.serving.empty()) out.push_back({m.serving, ticket(m.serving), m.id});
  for (const WaitingView& w : reception_.engine().waiting()) out.push_back({w.visit, ticket(w.visit), ""});
  return out;
}

std::string StaffDesk::export_dispatch_log(std::string& error) const {
  const std::string day = format_day(clock_());
  const std::string path = export_dir_ + "/dispatch-" + day + ".csv";
  try {
    std::filesystem::create_directories(export_dir_);
    const std::string csv = dispatch_csv(store_.dispatch_log(day));
    std::ofstream f(path + ".tmp", std::ios::trunc);
    f << csv;
    f.close();
    if (!f) return error = path + ": cannot be written (is the disk full or the folder read-only?)", "";
    std::filesystem::rename(path + ".tmp", path);
  } catch (const std::exception& e) {
    return error = e.what(), "";
  }
  return path;
}

std::int64_t StaffDesk::quarantined() const {
  try {
    return store_.quarantined();
  } catch (const StoreError&) {
    return 0;
  }
}

}  // namespace lobby::ui
