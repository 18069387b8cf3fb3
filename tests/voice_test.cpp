// The lobby board's spoken calls: the words (pinyin with tones for Mandarin, digits one by
// one), the names (the roster's pinyin, else the family name's from the surname list),
// synthesis into a buffer with no audio device (long enough, and not silence), and the queue
// that plays one call after another without cutting one off.
#include "kiosk/devices/speech.h"
#include "kiosk/platform/chime.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace lobby::voice {
namespace {

std::vector<Surname> surnames() {
  std::vector<Surname> out;
  std::string error;
  EXPECT_TRUE(load_surnames(SOURCE_DIR "/assets/surnames.txt", out, error)) << error;
  return out;
}

ManagerProfile manager(const std::string& id, const std::string& name, const std::string& surname,
                       const std::string& pinyin = "") {
  ManagerProfile m;
  m.id = id, m.display_name = name, m.surname = surname, m.pinyin = pinyin;
  return m;
}

TEST(Call, TheWordsInEachLanguageSpellTheTicketDigitByDigit) {
  const SpokenName wang_li{"wang2 li4", true};
  EXPECT_EQ(call_text(Language::zh, "A023", wang_li),
            "qing3 ei1 ling2 er4 san1 hao4 ke4 hu4, wang2 li4 wei4 nin2 fu2 wu4.");  // 请A023号客户，王丽为您服务
  EXPECT_EQ(call_text(Language::en, "A023", wang_li), "Ticket A 0 2 3, please see Wang Li.");
  EXPECT_EQ(pinyin_ticket("A105"), "ei1 yao1 ling2 wu3");
  EXPECT_EQ(english_ticket("A105"), "A 1 0 5");
  EXPECT_EQ(latin_name("lv3 xiao3 ou1"), "Lu Xiaoou");
  EXPECT_EQ(latin_name("ou1 yang2 na4 na4", 2), "Ouyang Nana");
  EXPECT_EQ(call_text(Language::en, "A001", spoken_name(manager("M03", "欧阳娜娜", "欧阳", "ou1 yang2 na4 na4"), {})),
            "Ticket A 0 0 1, please see Ouyang Nana.");
}

TEST(Call, ANameWithoutPinyinFallsBackToTheFamilyNameFromTheSurnameList) {
  const auto list = surnames();
  const SpokenName full = spoken_name(manager("M01", "王丽", "王", "wang2 li4"), list);
  EXPECT_TRUE(full.full);
  const SpokenName family = spoken_name(manager("M02", "欧阳娜娜", "欧阳"), list);
  EXPECT_EQ(family.pinyin, "ou1 yang2");
  EXPECT_FALSE(family.full);
  EXPECT_EQ(call_text(Language::zh, "A001", family), "qing3 ei1 ling2 ling2 yao1 hao4 ke4 hu4, ou1 yang2 jing1 li3 wei4 nin2 fu2 wu4.");
  EXPECT_EQ(call_text(Language::en, "A001", family), "Ticket A 0 0 1, please see Manager Ouyang.");
  const SpokenName nobody = spoken_name(manager("M09", "Anna", ""), list);
  EXPECT_EQ(call_text(Language::en, "A001", nobody), "Ticket A 0 0 1, please see your manager.");
}

TEST(Call, EverySurnameInTheListIsSpokenWithTones) {
  for (const Surname& s : surnames()) {
    EXPECT_TRUE(valid_pinyin(s.spoken)) << s.hanzi << " \"" << s.spoken << "\"";
    std::string letters;
    for (const char c : s.spoken)
      if (c >= 'a' && c <= 'z') letters += c;
    EXPECT_EQ(letters, s.pinyin) << s.hanzi << ": the spoken form is the same pinyin";
    EXPECT_NE(s.spoken.find_first_of("12345"), std::string::npos) << s.hanzi << " has no tone";
  }
}

TEST(Call, PinyinIsChecked) {
  EXPECT_TRUE(valid_pinyin("wang2 li4"));
  EXPECT_TRUE(valid_pinyin("lv3 zhuang4"));
  EXPECT_FALSE(valid_pinyin("Wang2 Li4"));
  EXPECT_FALSE(valid_pinyin("wang2  li4"));
  EXPECT_FALSE(valid_pinyin("wang6"));
  EXPECT_FALSE(valid_pinyin("王丽"));
  EXPECT_FALSE(valid_pinyin(""));
}

// The demo's roster (deploy/demo.sh) gives every manager pinyin, one syllable per character.
TEST(Call, EveryNameInTheDemoRosterHasPinyin) {
  std::ifstream f(SOURCE_DIR "/deploy/demo.sh");
  std::stringstream s;
  s << f.rdbuf();
  const std::string script = s.str();
  const std::regex entry("\"(M0[0-9]|S0[0-9]) (\\S+) (\\S+) ([fm])( [a-z1-5 ]+)?\"");
  int managers = 0;
  for (std::sregex_iterator m(script.begin(), script.end(), entry), end; m != end; ++m) {
    ++managers;
    const std::string name = (*m)[2], pinyin = (*m)[5].matched ? std::string((*m)[5]).substr(1) : "";
    EXPECT_TRUE(valid_pinyin(pinyin)) << (*m)[1] << " " << name << " has no pinyin";
    const auto syllables = static_cast<std::size_t>(std::count(pinyin.begin(), pinyin.end(), ' ') + 1);
    EXPECT_EQ(syllables * 3, name.size()) << name << ": one syllable for each character";
  }
  EXPECT_GE(managers, 6) << "the roster's lines were not found in demo.sh";
  std::smatch supervisor;
  ASSERT_TRUE(std::regex_search(script, supervisor, std::regex("--id S01 --name (\\S+) [^\\n]*\\n?[^\\n]*--pinyin \"([^\"]+)\"")))
      << "the supervisor has no pinyin";
  EXPECT_TRUE(valid_pinyin(supervisor[2].str())) << supervisor[2];
}

TEST(Speech, EachAnnouncementIsSynthesisedIntoABufferAndIsSpeechNotSilence) {
  Speech speech;
  ASSERT_TRUE(speech.ok()) << speech.error();
  ASSERT_EQ(speech.rate(), kRate);
  const SpokenName wang_li{"wang2 li4", true};
  for (const Language l : {Language::zh, Language::en}) {
    const auto samples = speech.synthesise(l, call_text(l, "A023", wang_li));
    const double seconds = static_cast<double>(samples.size()) / kRate;
    std::printf("%s: %.2f s, peak %.0f, rms %.0f\n", std::string(name_of(l)).c_str(), seconds, peak(samples), rms(samples));
    EXPECT_GT(seconds, 1.5) << name_of(l);
    EXPECT_LT(seconds, 6.0) << name_of(l);
    EXPECT_GT(peak(samples), 8000) << name_of(l) << ": not silence";
    EXPECT_GT(rms(samples), 800) << name_of(l) << ": speech all along, not a click";
  }
  // Hanzi given to the pinyin voice come out as letters and numbers spelled out: far longer.
  const auto pinyin = speech.synthesise(Language::zh, "wang2 li4");
  EXPECT_GT(pinyin.size(), 0u);
  EXPECT_LT(static_cast<double>(pinyin.size()) / kRate, 1.5) << "two syllables";
}

TEST(Speech, ACallIsTheChimeThenEachLanguageAndOnlyTheChimeWithTheVoiceOff) {
  Speech speech;
  const auto chime = Chime::make_sound(kRate);
  const SpokenName wang_li{"wang2 li4", true};
  VoiceSettings both{true, {Language::zh, Language::en}}, english{true, {Language::en}}, off{false, {Language::zh}};
  const Clip full = make_call(&speech, both, chime, "A023", wang_li, "A023 M01");
  const Clip en = make_call(&speech, english, chime, "A023", wang_li, "A023 M01");
  const Clip quiet = make_call(&speech, off, chime, "A023", wang_li, "A023 M01");
  EXPECT_EQ(quiet.samples, chime) << "voice off: the chime stays";
  EXPECT_TRUE(std::equal(chime.begin(), chime.end(), full.samples.begin())) << "the chime comes first";
  EXPECT_GT(full.samples.size(), en.samples.size() + kRate) << "Mandarin adds more than a second";
  EXPECT_GT(en.samples.size(), chime.size() + kRate);
}

TEST(Queue, CallsPlayInOrderOneAfterAnotherAndNoneIsCutOff) {
  Queue q;
  auto tone = [](std::size_t n, std::int16_t v) { return std::vector<std::int16_t>(n, v); };
  q.push({"A001", tone(5000, 1)});
  std::vector<std::int16_t> heard;
  std::int16_t buffer[1024];
  auto device = [&](int callbacks) {  // as SDL's audio thread pulls
    for (int i = 0; i < callbacks; ++i) {
      q.pull(buffer, 1024);
      heard.insert(heard.end(), buffer, buffer + 1024);
    }
  };
  device(2);  // A001 is half way through when two more customers are assigned
  q.push({"A002", tone(3000, 2)});
  q.push({"A003", tone(100, 3)});
  EXPECT_EQ(q.waiting(), 2u);
  EXPECT_TRUE(q.busy());
  device(10);
  EXPECT_FALSE(q.busy());
  const auto played = q.played();
  ASSERT_EQ(played.size(), 3u);
  EXPECT_EQ(played[0].label, "A001");
  EXPECT_EQ(played[1].label, "A002");
  EXPECT_EQ(played[2].label, "A003");
  for (std::size_t i = 1; i < played.size(); ++i)
    EXPECT_GE(played[i].start, played[i - 1].end) << played[i].label << " starts before the one before ends";
  EXPECT_EQ(played[0].end - played[0].start, 5000u) << "A001 played whole";
  // What the loudspeaker got: each call whole, one after another, then silence; never mixed.
  std::vector<std::int16_t> expected = tone(5000, 1);
  for (const auto& [n, v] : {std::pair{3000, 2}, std::pair{100, 3}}) {
    const auto t = tone(static_cast<std::size_t>(n), static_cast<std::int16_t>(v));
    expected.insert(expected.end(), t.begin(), t.end());
  }
  expected.resize(heard.size(), 0);
  EXPECT_EQ(heard, expected);
}

TEST(Queue, TheBoardCallsOnlyCustomersNewlyAssigned) {
  using V = ManagerView;
  const std::vector<V> before = {{"M01", State::receiving, BusyPolicy::delegate, "v1"},
                                 {"M02", State::available, BusyPolicy::delegate, ""}};
  const std::vector<V> after = {{"M01", State::receiving, BusyPolicy::delegate, "v1"},
                                {"M02", State::receiving, BusyPolicy::delegate, "v2"},
                                {"M03", State::receiving, BusyPolicy::delegate, "v3"}};
  const auto calls = new_calls(before, after);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].manager + calls[0].visit, "M02v2");
  EXPECT_EQ(calls[1].manager + calls[1].visit, "M03v3");
  EXPECT_TRUE(new_calls(after, after).empty()) << "a redraw with nothing new says nothing";
}

}  // namespace
}  // namespace lobby::voice
