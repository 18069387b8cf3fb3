// The kiosk's printer on a thread of its own. The check-in has committed before a ticket is
// handed over; the screens only ask how the print went (printing, printed, failed and why)
// and never wait for the printer. Each result is logged, and a change of the printer's state
// is recorded in the database (device_status) for the lobby board's footer, through the
// worker's own connection.
#pragma once

#include "kiosk/devices/printer.h"
#include "kiosk/store/store.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace lobby {

class TicketPrinter {
 public:
  enum class State : std::uint8_t { unknown, printing, printed, failed };
  struct Report {
    State state = State::unknown;
    PrintResult result;
  };

  // `db_path` empty: nothing is recorded. `on_done` runs on the worker after each job (the
  // kiosk wakes its screen with it).
  TicketPrinter(PrinterSettings settings, StringTable zh, StringTable en, std::string db_path,
                std::function<void()> on_done = {});
  ~TicketPrinter();  // finishes the job in progress, drops the rest
  TicketPrinter(const TicketPrinter&) = delete;
  TicketPrinter& operator=(const TicketPrinter&) = delete;

  // Queues the ticket (with the branch's name and QR text from the settings); returns at once.
  void print(const escpos::Ticket& ticket);
  Report report(const std::string& ticket) const;
  // The printer's state after the last job (or as last recorded): for the staff console.
  DeviceStatus status() const;
  const PrinterSettings& settings() const { return settings_; }

 private:
  void loop();
  void record(const escpos::Ticket& t, const PrintResult& r, Store* store);
  PrinterSettings settings_;
  StringTable zh_, en_;
  std::string db_path_;
  std::function<void()> on_done_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<escpos::Ticket> jobs_;
  std::map<std::string, Report> reports_;  // today's tickets; a handful per hour
  DeviceStatus status_;
  bool stopping_ = false;
  std::thread thread_;
};

// The status a print result leaves the printer in, as the board and the console show it.
DeviceStatus device_status_of(const PrintResult& r, const std::string& ticket, const std::string& at);

// One structured log line for a print: event=ticket_printed or event=ticket_print_failed.
std::string print_log_line(const std::string& ticket, const PrintResult& r);

}  // namespace lobby
