// The printed ticket as the bytes an ESC/POS thermal receipt printer reads (58 or 80 mm
// paper, the printer's built-in font, Chinese in GB18030, the QR code drawn by the printer's
// own GS ( k command), and the answers to its real-time status request (DLE EOT n). Pure: bytes
// in, bytes out, so the ticket can be checked without a printer; printer.h sends it.
#pragma once

#include "kiosk/core/explain.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lobby::escpos {

enum class Paper : std::uint8_t { mm58, mm80 };

// Columns of the built-in 12x24 font on the paper: a Chinese character takes two.
int columns(Paper p);

// What one ticket says. Names and words are UTF-8; the builder encodes them.
struct Ticket {
  std::string branch;        // the branch's name, at the top
  std::string ticket;        // "A023", printed very large
  std::string manager;       // who receives the customer now; empty while they wait
  std::string waits_for;     // the manager a waiting customer waits for by name; empty: anyone
  int ahead = 0;             // customers before them
  int minutes = 0;           // estimated wait
  std::string time;          // "09:30", when they checked in
  std::string qr_text;       // the branch's text for the QR code (e.g. its WeChat account); empty: none
};

// The whole print job: initialise, the ticket in both languages (Chinese first), the QR code,
// feed and cut. `zh` and `en` hold the printed words (keys print.*).
std::string ticket_bytes(const Ticket& t, Paper paper, const StringTable& zh, const StringTable& en);

// The columns `utf8` takes in the built-in font: 1 for ASCII, 2 for a Chinese character.
int text_columns(std::string_view utf8);
// `utf8` in lines of at most `columns`, broken at spaces where there are any (English), else
// between characters (Chinese), so the printer never splits a word by itself.
std::vector<std::string> wrap(std::string_view utf8, int columns);

// UTF-8 to GB18030 (glibc's iconv). Bytes that are not UTF-8 become '?'.
std::string to_gb18030(std::string_view utf8);
// And back, for the fake printer in tests. Bytes that are not GB18030 become U+FFFD.
std::string from_gb18030(std::string_view gb);

// The QR code commands for `text` (model 2, error correction M, module size `module`).
std::string qr_bytes(std::string_view text, int module);

// --- Status (DLE EOT n) --------------------------------------------------------------------

// The four requests, each answered by one byte.
inline constexpr char kStatusPrinter[] = {0x10, 0x04, 0x01};  // online or offline
inline constexpr char kStatusOffline[] = {0x10, 0x04, 0x02};  // why offline: cover, paper end
inline constexpr char kStatusError[] = {0x10, 0x04, 0x03};    // cutter, unrecoverable errors
inline constexpr char kStatusPaper[] = {0x10, 0x04, 0x04};    // roll sensor: near end, end

// What stops a print, most serious first; none: it can print.
enum class Problem : std::uint8_t {
  none,
  unreachable,   // no connection: wrong address, switched off, cable
  no_answer,     // connected, but it does not answer the status request
  offline,       // offline for a reason it does not give
  cover_open,
  paper_end,
  error,         // cutter jam or another error it reports
  write_failed,  // the ticket could not be sent completely
};
std::string_view name_of(Problem p);

struct Status {
  Problem problem = Problem::none;
  bool paper_near_end = false;  // it still prints, but staff should change the roll soon
};

// A status byte is valid when its fixed bits are 0x12 (bits 1 and 4 set, 0 and 7 clear).
bool valid_status_byte(unsigned char b);
// The printer's state from its answers to requests 1, 2, 3 and 4 (in that order).
Status decode_status(unsigned char printer, unsigned char offline, unsigned char error, unsigned char paper);

}  // namespace lobby::escpos
