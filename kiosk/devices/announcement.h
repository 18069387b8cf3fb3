// What the lobby board says when a customer is assigned, and the queue that says it. The
// words are built here (pure): Mandarin as pinyin with tone numbers for espeak-ng's
// cmn-latn-pinyin voice (given Hanzi, it spells out pinyin and tone numbers), English as
// plain text; ticket digits one by one. The queue plays one call after another, whole: a
// second call waits until the first has finished, and the audio device's callback (or a
// test) pulls the samples.
#pragma once

#include "kiosk/core/names.h"
#include "kiosk/store/store.h"

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace lobby::voice {

enum class Language : std::uint8_t { zh, en };
// The sample rate of every sound the board plays: espeak-ng's own (the chime is made at it too).
inline constexpr int kRate = 22050;
std::string_view name_of(Language l);

struct VoiceSettings {
  bool enabled = false;  // off: the board only chimes
  std::vector<Language> languages = {Language::zh, Language::en};  // spoken in this order
};

// "A023" -> "ei1 ling2 er4 san1": each character on its own; the letter as the English
// letter is said in Chinese, 1 as "yao1" as queue calls say it.
std::string pinyin_ticket(std::string_view ticket);
// "A023" -> "A 0 2 3".
std::string english_ticket(std::string_view ticket);
// "wang2 li4" -> "Wang Li", "ou1 yang2 na4 na4" -> "Ouyang Nana" (with `family` 2): the name
// as an English sentence says it, the family name's `family` syllables one word, the rest another.
std::string latin_name(std::string_view pinyin, int family = 1);
// True for syllables of lower-case letters (v for ü), each with a tone number 1-5 or none,
// separated by single spaces: "wang2 li4".
bool valid_pinyin(std::string_view pinyin);

// How the board says a manager's name: the roster's pinyin; else the family name's pinyin
// from the surname list with 经理 (Manager Wang); else nothing (your manager).
struct SpokenName {
  std::string pinyin;  // "wang2 li4", or "wang2" with full = false; "" unknown
  bool full = false;
  int family = 1;      // syllables of the family name (欧阳: 2)
};
SpokenName spoken_name(const ManagerProfile& m, const std::vector<Surname>& surnames);

// The sentence for one language: "qing3 ei1 ling2 er4 san1 hao4 ke4 hu4, wang2 li4 wei4 nin2
// fu2 wu4." (请 A023 号客户，王丽为您服务) or "Ticket A 0 2 3, please see Wang Li."
std::string call_text(Language l, std::string_view ticket, const SpokenName& name);
// espeak-ng's voice for the language.
const char* voice_of(Language l);

// Who began to serve a customer between two looks at the engine (its managers() before and
// after the board read the new events), in the order of `after`: the calls to make.
struct NewCall {
  std::string manager, visit;
};
std::vector<NewCall> new_calls(const std::vector<ManagerView>& before, const std::vector<ManagerView>& after);

// One call as sound: 16-bit mono samples.
struct Clip {
  std::string label;  // "A023 M01", for the log and tests
  std::vector<std::int16_t> samples;
};

// The board's announcements, oldest first. Thread-safe: the board pushes, the audio device's
// callback pulls.
class Queue {
 public:
  void push(Clip clip);
  // Fills `out` with the next `n` samples: the clip being played, then the next one; silence
  // when there is nothing to say.
  void pull(std::int16_t* out, std::size_t n);
  // Every clip started so far, with its first and last sample position on the device's time
  // line (samples since the queue was made); the last may still be playing.
  struct Played {
    std::string label;
    std::uint64_t start = 0, end = 0;
  };
  std::vector<Played> played() const;
  std::size_t waiting() const;  // pushed, not yet started
  bool busy() const;            // a clip is playing or waiting

 private:
  mutable std::mutex mutex_;
  std::deque<Clip> waiting_;
  Clip current_;
  std::size_t offset_ = 0;
  bool playing_ = false;
  std::uint64_t position_ = 0;
  std::vector<Played> played_;
};

// `seconds` of silence at `rate`, to put between the chime and the words.
std::vector<std::int16_t> silence(int rate, double seconds);
// The peak absolute sample and the root mean square, to tell words from silence.
double peak(const std::vector<std::int16_t>& s);
double rms(const std::vector<std::int16_t>& s);

// Writes a 16-bit mono PCM WAV file. False with the reason in `error`.
bool write_wav(const std::string& path, const std::vector<std::int16_t>& samples, int rate, std::string& error);

}  // namespace lobby::voice
