#include "kiosk/devices/escpos.h"

#include <iconv.h>

#include <cerrno>

namespace lobby::escpos {

namespace {

constexpr char ESC = 0x1B, GS = 0x1D, FS = 0x1C, LF = 0x0A;

// iconv from one encoding to another; an unconvertible byte becomes `bad` and is skipped.
std::string convert(std::string_view in, const char* to, const char* from, std::string_view bad) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::string(in);  // glibc always has both
  std::string out;
  char buffer[256];
  char* src = const_cast<char*>(in.data());
  std::size_t left = in.size();
  while (left > 0) {
    char* dst = buffer;
    std::size_t room = sizeof buffer;
    const std::size_t r = iconv(cd, &src, &left, &dst, &room);
    out.append(buffer, static_cast<std::size_t>(dst - buffer));
    if (r == static_cast<std::size_t>(-1) && errno != E2BIG) {  // invalid or truncated input
      out += bad;
      ++src;
      --left;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
  }
  iconv_close(cd);
  return out;
}

std::string size(int times) {  // GS ! n: width and height multiplied by `times` (1-8)
  const int n = (times - 1) & 7;
  return {GS, '!', static_cast<char>((n << 4) | n)};
}

std::string line(std::string_view utf8) { return to_gb18030(utf8) + LF; }

}  // namespace

int columns(Paper p) { return p == Paper::mm58 ? 32 : 48; }

std::string to_gb18030(std::string_view utf8) { return convert(utf8, "GB18030", "UTF-8", "?"); }
std::string from_gb18030(std::string_view gb) { return convert(gb, "UTF-8", "GB18030", "\xEF\xBF\xBD"); }

std::string qr_bytes(std::string_view text, int module) {
  std::string out;
  auto k = [&](std::string_view body) {  // GS ( k pL pH body: the length is the body's
    out += {GS, '(', 'k', static_cast<char>(body.size() & 0xFF), static_cast<char>(body.size() >> 8)};
    out += body;
  };
  k(std::string{'1', 'A', '2', '\0'});                          // model 2
  k(std::string{'1', 'C', static_cast<char>(module)});          // module size in dots
  k(std::string{'1', 'E', '1'});                                // error correction M (15%)
  k(std::string{'1', 'P', '0'} + std::string(text));            // store the data
  k(std::string{'1', 'Q', '0'});                                // print it
  return out;
}

std::string ticket_bytes(const Ticket& t, Paper paper, const StringTable& zh, const StringTable& en) {
  const bool wide = paper == Paper::mm80;
  std::string out{ESC, '@'};  // initialise: forget whatever the last job left set
  out += {FS, '&'};           // Chinese character mode: two-byte GB18030 text in the built-in font
  out += {ESC, 'a', 1};       // centred
  auto both = [&](std::string_view key, const std::map<std::string_view, std::string_view>& values) {
    out += line(fill(zh[key], values));
    out += line(fill(en[key], values));
  };

  if (!t.branch.empty()) {
    out += {ESC, 'E', 1};
    out += size(2);
    out += line(t.branch);
    out += size(1);
    out += {ESC, 'E', 0};
  }
  out += std::string(static_cast<std::size_t>(columns(paper)), '-') + LF;
  out += line(zh["print.number"] + " " + en["print.number"]);
  out += {ESC, 'E', 1};
  out += size(wide ? 8 : 6);
  out += line(t.ticket);
  out += size(1);
  out += {ESC, 'E', 0};

  const std::string ahead = std::to_string(t.ahead), minutes = std::to_string(t.minutes);
  if (!t.manager.empty()) both("print.assigned", {{"name", t.manager}});
  else if (!t.waits_for.empty()) both("print.wait_for", {{"name", t.waits_for}, {"m", minutes}});
  else both("print.wait_any", {{"m", minutes}});
  both("print.ahead", {{"n", ahead}});
  both("print.time", {{"time", t.time}});

  if (!t.qr_text.empty()) {
    out += LF;
    out += qr_bytes(t.qr_text, wide ? 8 : 6);
    out += line(zh["print.scan"] + " " + en["print.scan"]);
  }
  out += {ESC, 'd', 4};             // feed past the cutter
  out += {GS, 'V', 'B', 0};         // feed and partial cut
  out += {FS, '.'};                 // back to single-byte mode for whoever prints next
  return out;
}

std::string_view name_of(Problem p) {
  switch (p) {
    case Problem::none: return "none";
    case Problem::unreachable: return "unreachable";
    case Problem::no_answer: return "no_answer";
    case Problem::offline: return "offline";
    case Problem::cover_open: return "cover_open";
    case Problem::paper_end: return "paper_end";
    case Problem::error: return "error";
    case Problem::write_failed: return "write_failed";
  }
  return "unknown";
}

bool valid_status_byte(unsigned char b) { return (b & 0x93) == 0x12; }

Status decode_status(unsigned char printer, unsigned char offline, unsigned char error, unsigned char paper) {
  Status s;
  s.paper_near_end = (paper & 0x0C) != 0;
  // The cause is more use to staff than "offline": a printer with its cover open is offline too.
  if ((paper & 0x60) || (offline & 0x20)) s.problem = Problem::paper_end;
  else if (offline & 0x04) s.problem = Problem::cover_open;
  else if ((offline & 0x40) || (error & 0x68)) s.problem = Problem::error;
  else if (printer & 0x08) s.problem = Problem::offline;
  return s;
}

}  // namespace lobby::escpos
