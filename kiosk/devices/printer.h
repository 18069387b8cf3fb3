// Sending a ticket to the branch's receipt printer: a network printer (raw TCP, usually port
// 9100) or a USB line printer (/dev/usb/lp0). The printer's status is asked first (DLE EOT),
// and again after the ticket, so a printer that ran out of paper on the way says so. Every
// wait is bounded: a customer must never stand before a frozen screen because of a printer.
#pragma once

#include "kiosk/devices/escpos.h"

#include <string>

namespace lobby {

struct PrinterSettings {
  bool enabled = false;
  std::string device = "/dev/usb/lp0";  // "tcp://HOST:PORT" (a network printer) or a device path
  escpos::Paper paper = escpos::Paper::mm80;
  std::string branch_name;         // printed at the top of the ticket
  std::string qr_text;             // printed as a QR code; empty: none
  int timeout_ms = 3000;           // the longest any one step (connect, answer, write) may take
  int failed_ticket_seconds = 60;  // a ticket whose print failed stays up this long
};

// Checks `device` ("tcp://HOST:PORT" with a port from 1 to 65535, or an absolute path).
// Returns "" when it can be used, else what is wrong, for the settings file's message.
std::string device_problem(const std::string& device);

struct PrintResult {
  escpos::Problem problem = escpos::Problem::none;
  bool paper_near_end = false;
  std::string detail;  // for the log: the system's words (connection refused, timed out, ...)
  bool ok() const { return problem == escpos::Problem::none; }
};

// Asks the printer's status only (for a staff check, and before printing).
PrintResult printer_status(const PrinterSettings& s);
// Asks the status; if the printer can print, sends `job` and asks again. Never throws.
PrintResult print_job(const PrinterSettings& s, const std::string& job);

}  // namespace lobby
