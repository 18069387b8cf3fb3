// `kiosk ticket print`: staff print a customer's ticket again (the printer was out of paper,
// the customer lost it). It reads today's visit and the queue as the records hold them now,
// prints through the same code as the kiosk, logs the result, and records the printer's state
// for the lobby board. The check-in itself is not touched.
#include "kiosk/app/commands.h"
#include "kiosk/common/config_file.h"
#include "kiosk/core/local_time.h"
#include "kiosk/devices/ticket_printer.h"
#include "kiosk/ui/screen_host.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>

namespace lobby {

namespace {

// What the ticket says now: who serves the customer, or where they are in the queue.
escpos::Ticket ticket_now(const RotationEngine& engine, const Store& store, const VisitRecord& v,
                          const std::string& visit, int typical_minutes) {
  std::map<std::string, std::string> names;
  for (const ManagerProfile& p : store.managers()) names[p.id] = p.display_name.empty() ? p.id : p.display_name;
  auto name = [&](const std::string& id) { return names.count(id) ? names[id] : id; };
  escpos::Ticket t;
  t.ticket = v.ticket;
  t.time = v.arrived.size() >= 16 ? v.arrived.substr(11, 5) : v.arrived;
  if (!v.server.empty()) t.manager = name(v.server);
  int serving = 0;
  for (const ManagerView& m : engine.managers()) serving += m.state == State::available || m.state == State::receiving;
  for (const WaitingView& w : engine.waiting()) {
    if (w.visit != visit) continue;
    t.ahead = std::max(0, engine.waiting_ahead(visit));
    if (!w.for_manager.empty()) t.waits_for = name(w.for_manager), serving = 1;
    t.minutes = estimate_wait_minutes(t.ahead, serving, typical_minutes);
  }
  return t;
}

}  // namespace

int run_ticket_print(const TicketPrintOptions& o) {
  RunOptions run;
  DisplayOptions display;
  try {
    load_kiosk_config(o.config, run, display);
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "kiosk ticket print: %s\n", e.what());
    return 2;
  }
  const std::string db = o.db.empty() ? run.db : o.db;
  if (db.empty()) {
    std::fputs("kiosk ticket print: no database: give --db, or `database` in the settings file\n", stderr);
    return 2;
  }
  if (!run.printer.enabled) {
    std::fprintf(stderr, "kiosk ticket print: %s has no printer turned on: set [printer] enabled = true and its "
                         "device (see assets/config/kiosk.toml)\n", o.config.c_str());
    return 2;
  }
  std::string number = o.ticket;
  std::transform(number.begin(), number.end(), number.begin(), [](unsigned char c) { return std::toupper(c); });
  ui::KioskText text;
  std::string error;
  if (!ui::load_kiosk_text(run.assets, text, error)) {
    std::fprintf(stderr, "kiosk ticket print: %s\n", error.c_str());
    return 1;
  }
  try {
    Store store(db, Store::Mode::existing);
    const std::string day = format_day(now_local());
    const auto visit = store.visit_with_ticket(day, number);
    std::optional<VisitRecord> record;
    for (const VisitRecord& r : store.visit_records(day))
      if (r.ticket == number) record = r;
    if (!visit || !record) {
      std::fprintf(stderr, "kiosk ticket print: there is no ticket %s today (%s); numbers start again from A001 "
                           "every day\n", number.c_str(), day.c_str());
      return 2;
    }
    if (!record->voided.empty()) {
      std::fprintf(stderr, "kiosk ticket print: ticket %s was voided at %s: it is not printed again\n", number.c_str(),
                   record->voided.c_str());
      return 2;
    }
    RotationEngine engine;
    store.replay_into(engine);
    escpos::Ticket t = ticket_now(engine, store, *record, *visit, run.settings.typical_reception_minutes);
    t.branch = run.printer.branch_name;
    t.qr_text = run.printer.qr_text;
    const PrintResult r = print_job(run.printer, escpos::ticket_bytes(t, run.printer.paper, text.zh, text.en));
    std::fprintf(stderr, "%s\n", print_log_line(number, r).c_str());
    store.set_device_status(device_status_of(r, number, format_local_time(now_local())));
    if (!r.ok()) {
      std::fprintf(stderr, "kiosk ticket print: %s: the printer %s (%s)\n", number.c_str(),
                   text.en["device.problem." + std::string(escpos::name_of(r.problem))].c_str(), r.detail.c_str());
      return 1;
    }
    std::printf("printed %s%s\n", number.c_str(), r.paper_near_end ? " (the paper is running low)" : "");
    return 0;
  } catch (const StoreError& e) {
    std::fprintf(stderr, "kiosk ticket print: %s\n", e.what());
    return 2;
  }
}

}  // namespace lobby
