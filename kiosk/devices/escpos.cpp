#include "kiosk/devices/escpos.h"

#include <iconv.h>

#include <algorithm>
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

// The next UTF-8 sequence of `s` at `i`: its length, and its code point in `cp`.
std::size_t next_char(std::string_view s, std::size_t i, unsigned& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  const std::size_t n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  cp = n == 1 ? b : b & (0x7F >> n);
  for (std::size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return std::min(n, s.size() - i);
}

int char_columns(unsigned cp) { return cp >= 0x1100 ? 2 : 1; }  // CJK and full-width: two

}  // namespace

int text_columns(std::string_view utf8) {
  int width = 0;
  unsigned cp = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    i += next_char(utf8, i, cp);
    width += char_columns(cp);
  }
  return width;
}

std::vector<std::string> wrap(std::string_view utf8, int columns) {
  std::vector<std::string> lines;
  std::string line;
  int width = 0;
  std::size_t space = std::string::npos;  // in `line`: where it may break
  unsigned cp = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t n = next_char(utf8, i, cp);
    const std::string_view c = utf8.substr(i, n);
    i += n;
    const int w = char_columns(cp);
    if (width + w > columns && !line.empty()) {
      if (c == " ") {  // the break falls on a space: it goes
        lines.push_back(std::move(line));
        line.clear(), width = 0, space = std::string::npos;
        continue;
      }
      std::string rest;
      if (space != std::string::npos) rest = line.substr(space + 1), line.resize(space);
      lines.push_back(std::move(line));
      line = std::move(rest), width = text_columns(line), space = std::string::npos;
    }
    if (c == " ") space = line.size();
    line += c;
    width += w;
  }
  if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
  return lines;
}

namespace {

// Text at magnification `times`, wrapped to the paper, each line ended.
std::string text(std::string_view utf8, Paper paper, int times = 1) {
  std::string out;
  for (const std::string& l : wrap(utf8, columns(paper) / times)) out += to_gb18030(l) + LF;
  return out;
}

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
    out += text(fill(zh[key], values), paper);
    out += text(fill(en[key], values), paper);
  };

  if (!t.branch.empty()) {
    out += {ESC, 'E', 1};
    out += size(2);
    out += text(t.branch, paper, 2);
    out += size(1);
    out += {ESC, 'E', 0};
  }
  out += std::string(static_cast<std::size_t>(columns(paper)), '-') + LF;
  out += text(zh["print.number"] + " " + en["print.number"], paper);
  out += {ESC, 'E', 1};
  out += size(wide ? 8 : 6);
  out += text(t.ticket, paper, wide ? 8 : 6);
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
    out += text(zh["print.scan"] + " " + en["print.scan"], paper);
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
