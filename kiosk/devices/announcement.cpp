#include "kiosk/devices/announcement.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace lobby::voice {

std::string_view name_of(Language l) { return l == Language::zh ? "zh" : "en"; }

const char* voice_of(Language l) { return l == Language::zh ? "cmn-latn-pinyin" : "en"; }

std::string pinyin_ticket(std::string_view ticket) {
  static const char* const kDigits[] = {"ling2", "yao1", "er4", "san1", "si4", "wu3", "liu4", "qi1", "ba1", "jiu3"};
  // Letters as Chinese speakers say the English letters on tickets.
  static const char* const kLetters[] = {"ei1", "bi4", "xi1", "di4", "yi4", "ai2 fu1"};
  std::string out;
  for (const char c : ticket) {
    if (!out.empty()) out += ' ';
    if (c >= '0' && c <= '9') out += kDigits[c - '0'];
    else if (c >= 'A' && c <= 'F') out += kLetters[c - 'A'];
    else out += c;
  }
  return out;
}

std::string english_ticket(std::string_view ticket) {
  std::string out;
  for (const char c : ticket) {
    if (!out.empty()) out += ' ';
    out += c;
  }
  return out;
}

std::string latin_name(std::string_view pinyin, int family) {
  std::string out;
  int syllable = 0;
  bool start = true;
  for (const char c : pinyin) {
    if (c >= '0' && c <= '9') continue;
    if (c == ' ') {
      ++syllable;
      if (syllable == family) out += ' ';  // family name, then the given name, each one word
      start = syllable == family;
      continue;
    }
    const char shown = c == 'v' ? 'u' : c;  // lv -> Lu, as passports write ü
    out += start && shown >= 'a' && shown <= 'z' ? static_cast<char>(shown - 'a' + 'A') : shown;
    start = false;
  }
  return out;
}

bool valid_pinyin(std::string_view p) {
  if (p.empty()) return false;
  std::size_t i = 0;
  while (i < p.size()) {
    const std::size_t begin = i;
    while (i < p.size() && p[i] >= 'a' && p[i] <= 'z') ++i;
    if (i == begin || i - begin > 6) return false;  // the longest syllable is "zhuang"
    if (i < p.size() && p[i] >= '1' && p[i] <= '5') ++i;
    if (i == p.size()) return true;
    if (p[i] != ' ' || i + 1 == p.size()) return false;
    ++i;
  }
  return true;
}

SpokenName spoken_name(const ManagerProfile& m, const std::vector<Surname>& surnames) {
  // Hanzi are three bytes in UTF-8: 欧阳 is a two-syllable family name.
  const int family = std::max(1, static_cast<int>(m.surname.size() / 3));
  if (!m.pinyin.empty()) return {m.pinyin, true, family};
  for (const Surname& s : surnames)
    if (!m.surname.empty() && s.hanzi == m.surname) {
      const std::string spoken = s.spoken.empty() ? s.pinyin : s.spoken;
      return {spoken, false, static_cast<int>(std::count(spoken.begin(), spoken.end(), ' ')) + 1};
    }
  return {};
}

std::string call_text(Language l, std::string_view ticket, const SpokenName& name) {
  if (l == Language::zh) {
    std::string who = name.pinyin.empty() ? "ke4 hu4 jing1 li3" : name.full ? name.pinyin : name.pinyin + " jing1 li3";
    return "qing3 " + pinyin_ticket(ticket) + " hao4 ke4 hu4, " + who + " wei4 nin2 fu2 wu4.";
  }
  const std::string who = name.pinyin.empty() ? "your manager"
                          : name.full         ? latin_name(name.pinyin, name.family)
                                              : "Manager " + latin_name(name.pinyin, name.family);
  return "Ticket " + english_ticket(ticket) + ", please see " + who + ".";
}

std::vector<NewCall> new_calls(const std::vector<ManagerView>& before, const std::vector<ManagerView>& after) {
  std::vector<NewCall> calls;
  for (const ManagerView& m : after) {
    if (m.state != State::receiving || m.serving.empty()) continue;
    bool known = false;
    for (const ManagerView& b : before) known |= b.id == m.id && b.serving == m.serving && b.state == State::receiving;
    if (!known) calls.push_back({m.id, m.serving});
  }
  return calls;
}

void Queue::push(Clip clip) {
  std::lock_guard lock(mutex_);
  waiting_.push_back(std::move(clip));
}

void Queue::pull(std::int16_t* out, std::size_t n) {
  std::lock_guard lock(mutex_);
  std::size_t done = 0;
  while (done < n) {
    if (!playing_) {
      if (waiting_.empty()) break;
      current_ = std::move(waiting_.front());
      waiting_.pop_front();
      offset_ = 0;
      playing_ = true;
      played_.push_back({current_.label, position_, position_ + current_.samples.size()});
      if (played_.size() > 1000) played_.erase(played_.begin(), played_.begin() + 500);  // a long day
    }
    const std::size_t take = std::min(n - done, current_.samples.size() - offset_);
    std::memcpy(out + done, current_.samples.data() + offset_, take * sizeof(std::int16_t));
    done += take;
    offset_ += take;
    position_ += take;
    if (offset_ == current_.samples.size()) playing_ = false;
  }
  std::memset(out + done, 0, (n - done) * sizeof(std::int16_t));
  position_ += n - done;
}

std::vector<Queue::Played> Queue::played() const {
  std::lock_guard lock(mutex_);
  return played_;
}

std::size_t Queue::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

bool Queue::busy() const {
  std::lock_guard lock(mutex_);
  return playing_ || !waiting_.empty();
}

std::vector<std::int16_t> silence(int rate, double seconds) {
  return std::vector<std::int16_t>(static_cast<std::size_t>(rate * seconds), 0);
}

double peak(const std::vector<std::int16_t>& s) {
  double p = 0;
  for (const std::int16_t v : s) p = std::max(p, std::abs(static_cast<double>(v)));
  return p;
}

double rms(const std::vector<std::int16_t>& s) {
  if (s.empty()) return 0;
  double sum = 0;
  for (const std::int16_t v : s) sum += static_cast<double>(v) * v;
  return std::sqrt(sum / static_cast<double>(s.size()));
}

bool write_wav(const std::string& path, const std::vector<std::int16_t>& samples, int rate, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    error = path + ": " + std::strerror(errno);
    return false;
  }
  auto u32 = [&](std::uint32_t v) {
    const unsigned char b[4] = {static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8),
                                static_cast<unsigned char>(v >> 16), static_cast<unsigned char>(v >> 24)};
    std::fwrite(b, 1, 4, f);
  };
  auto u16 = [&](std::uint16_t v) {
    const unsigned char b[2] = {static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8)};
    std::fwrite(b, 1, 2, f);
  };
  const auto data = static_cast<std::uint32_t>(samples.size() * 2);
  std::fwrite("RIFF", 1, 4, f);
  u32(36 + data);
  std::fwrite("WAVEfmt ", 1, 8, f);
  u32(16);
  u16(1);  // PCM
  u16(1);  // mono
  u32(static_cast<std::uint32_t>(rate));
  u32(static_cast<std::uint32_t>(rate) * 2);
  u16(2);
  u16(16);
  std::fwrite("data", 1, 4, f);
  u32(data);
  for (const std::int16_t s : samples) u16(static_cast<std::uint16_t>(s));  // little-endian, as WAV wants
  const bool ok = std::fflush(f) == 0 && !std::ferror(f);
  if (std::fclose(f) != 0 || !ok) {
    error = path + ": could not be written completely (disk full?)";
    return false;
  }
  return true;
}

}  // namespace lobby::voice
