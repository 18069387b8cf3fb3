// The printed ticket: its bytes (content, GB18030, the QR command, both paper widths) read
// back by a fake printer that speaks the real protocol on 127.0.0.1, every way a print can
// fail (each status a printer reports, silence, a hang-up, no printer at all), the kiosk's
// printing thread (never blocks, records the printer's state for the board), and
// `kiosk ticket print` reprinting today's ticket.
#include "fake_printer.h"
#include "kiosk/core/local_time.h"
#include "kiosk/devices/ticket_printer.h"
#include "kiosk/store/reception.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <termios.h>

#include <chrono>
#include <ctime>
#include <thread>

namespace lobby::itest {
namespace {

using escpos::Problem;

struct Strings {
  StringTable zh, en;
  Strings() {
    std::string error;
    EXPECT_TRUE(load_strings(SOURCE_DIR "/assets/strings/zh-CN.txt", zh, error)) << error;
    EXPECT_TRUE(load_strings(SOURCE_DIR "/assets/strings/en.txt", en, error)) << error;
  }
};

escpos::Ticket assigned_ticket() {
  escpos::Ticket t;
  t.branch = "城南销售中心";
  t.ticket = "A023";
  t.manager = "王丽";
  t.time = "09:30";
  t.qr_text = "weixin://城南销售中心";
  return t;
}

PrinterSettings settings_for(const fake::Printer& p, escpos::Paper paper = escpos::Paper::mm80) {
  PrinterSettings s;
  s.enabled = true;
  s.device = p.device();
  s.paper = paper;
  s.timeout_ms = 400;
  return s;
}

bool has_line(const fake::Printout& p, const std::string& text, int size = 0) {
  for (const fake::Line& l : p.lines)
    if (l.text == text && (size == 0 || l.size == size)) return true;
  return false;
}

// Waits (briefly) until `done` holds.
template <typename F>
bool eventually(F done, int ms = 5000) {
  for (int i = 0; i < ms / 10; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

TEST(Printer, AnAssignedTicketPrintsEverythingInBothLanguages) {
  fake::Printer printer;
  Strings s;
  const PrintResult r = print_job(settings_for(printer), escpos::ticket_bytes(assigned_ticket(), escpos::Paper::mm80, s.zh, s.en));
  ASSERT_TRUE(r.ok()) << escpos::name_of(r.problem) << " " << r.detail;
  EXPECT_FALSE(r.paper_near_end);
  const auto out = printer.printed();
  ASSERT_EQ(out.size(), 1u);
  const fake::Printout& p = out[0];
  EXPECT_TRUE(p.errors.empty()) << p.errors.front();
  EXPECT_TRUE(p.initialised && p.chinese_mode && p.cut);
  EXPECT_TRUE(has_line(p, "城南销售中心", 2)) << p.text();
  EXPECT_TRUE(has_line(p, "A023", 8)) << "the number, very large: " << p.text();
  EXPECT_TRUE(has_line(p, "接待您的客户经理：王丽")) << p.text();
  EXPECT_TRUE(has_line(p, "Your manager: 王丽")) << p.text();
  EXPECT_TRUE(has_line(p, "您前面还有0位") && has_line(p, "Customers ahead of you: 0")) << p.text();
  EXPECT_TRUE(has_line(p, "取号时间：09:30") && has_line(p, "Checked in at 09:30")) << p.text();
  EXPECT_TRUE(has_line(p, std::string(48, '-'))) << "80 mm: 48 columns";
  EXPECT_EQ(p.qr, "weixin://城南销售中心") << "the QR payload as the branch wrote it (UTF-8)";
  EXPECT_EQ(p.qr_module, 8);
  EXPECT_EQ(printer.status_requests(), 8) << "four before the ticket, four after";
}

TEST(Printer, AWaitingTicketOn58mmPaperSaysForWhomAndHowLong) {
  fake::Printer printer;
  Strings s;
  escpos::Ticket t = assigned_ticket();
  t.manager.clear();
  t.waits_for = "李强";
  t.ahead = 2;
  t.minutes = 45;
  t.qr_text.clear();
  ASSERT_TRUE(print_job(settings_for(printer, escpos::Paper::mm58), escpos::ticket_bytes(t, escpos::Paper::mm58, s.zh, s.en)).ok());
  t.waits_for.clear();
  ASSERT_TRUE(print_job(settings_for(printer, escpos::Paper::mm58), escpos::ticket_bytes(t, escpos::Paper::mm58, s.zh, s.en)).ok());
  const auto out = printer.printed();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(has_line(out[0], "A023", 6)) << "58 mm: a smaller number that still fits";
  EXPECT_TRUE(has_line(out[0], std::string(32, '-'))) << "58 mm: 32 columns";
  EXPECT_TRUE(has_line(out[0], "请等候李强，大约45分钟")) << out[0].text();
  EXPECT_TRUE(has_line(out[0], "Please wait for 李强, about 45") && has_line(out[0], "min")) << out[0].text();
  EXPECT_TRUE(has_line(out[0], "您前面还有2位")) << out[0].text();
  EXPECT_TRUE(out[0].qr.empty()) << "no QR text set: no QR code";
  EXPECT_TRUE(has_line(out[1], "Please wait for the next free") && has_line(out[1], "manager, about 45 min"))
      << "wrapped at a space on 58 mm paper: " << out[1].text();
  EXPECT_TRUE(has_line(out[1], "请稍候下一位空闲的客户经理，大约") && has_line(out[1], "45分钟")) << out[1].text();
  for (const fake::Printout& p : out)
    for (const fake::Line& l : p.lines)
      EXPECT_LE(escpos::text_columns(l.text) * l.size, 32) << "wider than 58 mm paper: " << l.text;
}

TEST(Printer, EveryStatusThatStopsAPrintIsReportedAndNothingIsSent) {
  Strings s;
  const std::string job = escpos::ticket_bytes(assigned_ticket(), escpos::Paper::mm80, s.zh, s.en);
  const std::pair<fake::Mode, Problem> cases[] = {
      {fake::Mode::paper_end, Problem::paper_end}, {fake::Mode::cover_open, Problem::cover_open},
      {fake::Mode::offline, Problem::offline},     {fake::Mode::error, Problem::error},
      {fake::Mode::silent, Problem::no_answer}};
  for (const auto& [mode, problem] : cases) {
    fake::Printer printer;
    printer.set_mode(mode);
    const auto start = std::chrono::steady_clock::now();
    const PrintResult r = print_job(settings_for(printer), job);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(r.problem, problem) << static_cast<int>(mode) << ": " << escpos::name_of(r.problem) << " " << r.detail;
    EXPECT_TRUE(printer.printed().empty());
    EXPECT_LT(ms, 1500) << "a silent printer costs one timeout (400 ms), not a frozen kiosk";
  }
}

TEST(Printer, APrinterThatIsOffHangsUpOrRunsOutMidTicketIsAFailure) {
  Strings s;
  const std::string job = escpos::ticket_bytes(assigned_ticket(), escpos::Paper::mm80, s.zh, s.en);
  PrinterSettings off;
  off.device = "tcp://127.0.0.1:" + std::to_string(fake::closed_port());
  off.timeout_ms = 400;
  const PrintResult unreachable = print_job(off, job);
  EXPECT_EQ(unreachable.problem, Problem::unreachable);
  EXPECT_NE(unreachable.detail.find("refused"), std::string::npos) << unreachable.detail;

  PrinterSettings missing;
  missing.device = "/nonexistent/usb/lp0";
  EXPECT_EQ(print_job(missing, job).problem, Problem::unreachable) << "a USB printer that is not plugged in";

  fake::Printer hangs_up;
  hangs_up.set_mode(fake::Mode::hang_up);
  EXPECT_EQ(print_job(settings_for(hangs_up), job).problem, Problem::write_failed);
  EXPECT_TRUE(hangs_up.printed().empty());

  fake::Printer runs_out;
  runs_out.set_mode(fake::Mode::runs_out);
  EXPECT_EQ(print_job(settings_for(runs_out), job).problem, Problem::paper_end) << "asked again after the ticket";
  EXPECT_EQ(print_job(settings_for(runs_out), job).problem, Problem::paper_end) << "and it stays out";

  fake::Printer low;
  low.set_mode(fake::Mode::paper_near_end);
  const PrintResult r = print_job(settings_for(low), job);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.paper_near_end);
  EXPECT_EQ(low.printed().size(), 1u) << "a roll nearly used up still prints";
}

// A USB line printer is a device path (/dev/usb/lp0): here a pseudo-terminal in raw mode,
// with the fake printer on its other end, so the same bytes and status answers go both ways.
TEST(Printer, AUsbLinePrinterIsADevicePath) {
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0);
  ASSERT_EQ(grantpt(master), 0);
  ASSERT_EQ(unlockpt(master), 0);
  const std::string path = ptsname(master);
  const int keep = open(path.c_str(), O_RDWR | O_NOCTTY);  // holds the raw mode while the test runs
  ASSERT_GE(keep, 0);
  termios raw{};
  tcgetattr(keep, &raw);
  cfmakeraw(&raw);
  tcsetattr(keep, TCSANOW, &raw);
  fake::Printer printer;
  printer.serve_device(master);
  PrinterSettings s;
  s.device = path;
  s.timeout_ms = 400;
  Strings strings;
  const std::string job = escpos::ticket_bytes(assigned_ticket(), escpos::Paper::mm80, strings.zh, strings.en);
  const PrintResult r = print_job(s, job);
  ASSERT_TRUE(r.ok()) << escpos::name_of(r.problem) << " " << r.detail;
  ASSERT_EQ(printer.printed().size(), 1u);
  EXPECT_TRUE(has_line(printer.printed()[0], "A023", 8));
  printer.set_mode(fake::Mode::cover_open);
  EXPECT_EQ(print_job(s, job).problem, Problem::cover_open);
  EXPECT_EQ(printer.printed().size(), 1u);
  close(keep);
}

TEST(Printer, DeviceAddressesAreChecked) {
  EXPECT_EQ(device_problem("tcp://192.168.1.50:9100"), "");
  EXPECT_EQ(device_problem("/dev/usb/lp0"), "");
  EXPECT_NE(device_problem("tcp://printer"), "");
  EXPECT_NE(device_problem("tcp://printer:99999"), "");
  EXPECT_NE(device_problem("lp0"), "");
  EXPECT_NE(device_problem(""), "");
}

TEST(TicketPrinter, PrintsOffTheCallersThreadAndRecordsThePrintersStateForTheBoard) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  { Store create(db); }
  fake::Printer printer;
  printer.set_mode(fake::Mode::silent);
  Strings s;
  std::atomic<int> woken{0};
  PrinterSettings settings = settings_for(printer);
  settings.branch_name = "城南销售中心";
  TicketPrinter worker(settings, s.zh, s.en, db, [&] { ++woken; });

  const auto start = std::chrono::steady_clock::now();
  worker.print(assigned_ticket());
  const double queued_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(queued_ms, 50)
      << "the screen never waits for the printer";
  EXPECT_EQ(worker.report("A023").state, TicketPrinter::State::printing);
  ASSERT_TRUE(eventually([&] { return worker.report("A023").state == TicketPrinter::State::failed; }));
  EXPECT_EQ(worker.report("A023").result.problem, Problem::no_answer);
  ASSERT_TRUE(eventually([&] { return woken == 1; })) << "the screen is woken when the print is over";

  Store store(db, Store::Mode::read_only);
  auto recorded = store.device_status("printer");
  ASSERT_TRUE(recorded);
  EXPECT_EQ(recorded->problem, "no_answer");
  EXPECT_EQ(recorded->ticket, "A023");

  printer.set_mode(fake::Mode::paper_end);  // staff look, and it is out of paper
  worker.print(assigned_ticket());
  ASSERT_TRUE(eventually([&] { return woken == 2; }));
  EXPECT_EQ(store.device_status("printer")->problem, "paper_end");
  EXPECT_EQ(worker.status().problem, "paper_end");

  printer.set_mode(fake::Mode::ready);  // a new roll: print again
  worker.print(assigned_ticket());
  ASSERT_TRUE(eventually([&] { return woken == 3; }));
  EXPECT_EQ(worker.report("A023").state, TicketPrinter::State::printed);
  EXPECT_TRUE(store.device_status("printer")->ok()) << "the board's footer clears";
  ASSERT_EQ(printer.printed().size(), 1u);
  EXPECT_TRUE(has_line(printer.printed()[0], "城南销售中心", 2)) << "the branch's name comes from the settings";
}

TEST(TicketPrinter, TheLogSaysWhatHappenedInOneStructuredLine) {
  PrintResult r;
  r.problem = Problem::paper_end;
  r.detail = "status 1a 32 12 72";
  EXPECT_EQ(print_log_line("A023", r),
            "level=warn event=ticket_print_failed ticket=A023 problem=paper_end detail=\"status 1a 32 12 72\"");
  EXPECT_EQ(print_log_line("A024", PrintResult{}), "level=info event=ticket_printed ticket=A024");
}

// The branch's local time now: `kiosk ticket print` looks for today's tickets.
Time local_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return static_cast<Time>(now) + local.tm_gmtoff;
}

// A branch with two managers and two customers today: A001 with M01, A002 waiting.
std::string branch_with_tickets(TempDir& dir) {
  const std::string db = dir.file("kiosk.db");
  Store store(db);
  store.add_manager({"M01", "王丽", "王", "f"}, "");
  Reception reception(store);
  const Time now = local_now();
  for (const std::string line : {R"({"t":"2026-11-24T09:00:00","ev":"roster","order":["M01"]})", R"({"t":"2026-11-24T09:00:00","ev":"clock_in","m":"M01"})",
                                 R"({"t":"2026-11-24T09:00:00","ev":"arrive","id":"v1"})", R"({"t":"2026-11-24T09:00:00","ev":"arrive","id":"v2"})"}) {
    Event e = event(line);
    e.t = now;
    EXPECT_TRUE(reception.handle(e, "test").ok()) << line;
  }
  return db;
}

std::string config_for(TempDir& dir, const std::string& db, const std::string& device) {
  const std::string path = dir.file("kiosk.toml");
  write_file(path, "database = \"" + db + "\"\n[printer]\nenabled = true\ndevice = \"" + device +
                       "\"\npaper_mm = 58\nbranch_name = \"城南销售中心\"\nqr_text = \"weixin://chengnan\"\ntimeout_ms = 500\n");
  return path;
}

TEST(TicketCommand, ReprintsTodaysTicketAsTheRecordsHoldItNow) {
  TempDir dir;
  const std::string db = branch_with_tickets(dir);
  fake::Printer printer;
  const std::string config = config_for(dir, db, printer.device());
  Sql sql(db);
  const auto visits = sql.number("SELECT count(*) FROM visits");

  const Ran served = kiosk({"ticket", "print", "--config", config, "--ticket", "a001"});
  ASSERT_EQ(served.status, 0) << served.err;
  EXPECT_NE(served.err.find("level=info event=ticket_printed ticket=A001"), std::string::npos) << served.err;
  const Ran waiting = kiosk({"ticket", "print", "--config", config, "--ticket", "A002"});
  ASSERT_EQ(waiting.status, 0) << waiting.err;
  const auto out = printer.printed();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(has_line(out[0], "A001", 6) && has_line(out[0], "接待您的客户经理：王丽")) << out[0].text();
  EXPECT_TRUE(has_line(out[1], "请稍候下一位空闲的客户经理，大约") && has_line(out[1], "20分钟") &&
                  has_line(out[1], "您前面还有0位")) << out[1].text();
  EXPECT_EQ(out[0].qr, "weixin://chengnan");
  EXPECT_EQ(sql.number("SELECT count(*) FROM visits"), visits) << "a reprint is not a check-in";

  const Ran unknown = kiosk({"ticket", "print", "--config", config, "--ticket", "A099"});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("there is no ticket A099 today"), std::string::npos) << unknown.err;

  printer.set_mode(fake::Mode::paper_end);
  const Ran out_of_paper = kiosk({"ticket", "print", "--config", config, "--ticket", "A002"});
  EXPECT_EQ(out_of_paper.status, 1);
  EXPECT_NE(out_of_paper.err.find("the printer is out of paper"), std::string::npos) << out_of_paper.err;
  EXPECT_NE(out_of_paper.err.find("event=ticket_print_failed ticket=A002 problem=paper_end"), std::string::npos);
  EXPECT_EQ(sql.text("SELECT problem || ' ' || ticket FROM device_status WHERE device = 'printer'"), "paper_end A002");
  EXPECT_EQ(printer.printed().size(), 2u);
}

TEST(TicketCommand, RefusesWithoutAPrinterOrWithABadOne) {
  TempDir dir;
  const std::string db = branch_with_tickets(dir);
  write_file(dir.file("off.toml"), "database = \"" + db + "\"\n");
  const Ran off = kiosk({"ticket", "print", "--config", dir.file("off.toml"), "--ticket", "A001"});
  EXPECT_EQ(off.status, 2);
  EXPECT_NE(off.err.find("no printer turned on"), std::string::npos) << off.err;
  const Ran bad = kiosk({"ticket", "print", "--config", config_for(dir, db, "tcp://printer"), "--ticket", "A001"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("printer.device = \"tcp://printer\" is not valid"), std::string::npos) << bad.err;
}

TEST(DeviceSettings, MistakesInPrinterAndVoiceAreRefusedAndNamed) {
  TempDir dir;
  const std::pair<std::string, std::string> cases[] = {
      {"[printer]\nenabled = true\ndevice = \"printer:9100\"\n", "printer.device = \"printer:9100\" is not valid: expected tcp://HOST:PORT"},
      {"[printer]\nenabled = true\ndevice = \"tcp://10.0.0.5:70000\"\n", "printer.device = \"tcp://10.0.0.5:70000\" is not valid"},
      {"[printer]\npaper_mm = 70\n", "printer.paper_mm = 70 is not valid: expected 58 or 80"},
      {"[printer]\npaper_mm = 110\n", "printer.paper_mm = 110 is not valid"},
      {"[printer]\ntimeout_ms = 5\n", "printer.timeout_ms = 5 is not valid: expected a whole number from 100 to 30000"},
      {"[printer]\nenable = true\n", "unknown setting printer.enable"},
      {"[voice]\nenabled = \"yes\"\n", "voice.enabled = \"yes\" is not valid: expected true or false"},
      {"[voice]\nlanguages = [\"zh\", \"fr\"]\n", "voice.languages = [ 'zh', 'fr' ] is not valid: expected a list of one or more of: \"zh\" \"en\", each once"},
      {"[voice]\nlanguages = [\"en\", \"en\"]\n", "voice.languages"},
      {"[voice]\nlanguages = []\n", "voice.languages"},
  };
  for (const auto& [text, message] : cases) {
    write_file(dir.file("bad.toml"), "database = \"/tmp/x.db\"\n" + text);
    for (const char* cmd : {"run", "display"}) {
      const Ran r = kiosk({cmd, "--config", dir.file("bad.toml"), "--check"});
      EXPECT_EQ(r.status, 2) << text;
      EXPECT_NE(r.err.find(message), std::string::npos) << text << " -> " << r.err;
      EXPECT_NE(r.err.find("bad.toml:"), std::string::npos) << "the file and line are named: " << r.err;
    }
  }
  // A disabled printer's device is not checked: the example's placeholder must not stop a branch.
  write_file(dir.file("ok.toml"), "database = \"/tmp/x.db\"\n[printer]\nenabled = false\ndevice = \"\"\n"
                                  "[voice]\nenabled = true\nlanguages = [\"en\"]\n");
  const Ran ok = kiosk({"display", "--config", dir.file("ok.toml"), "--check"});
  ASSERT_EQ(ok.status, 0) << ok.err;
  EXPECT_NE(ok.out.find("voice.enabled = true\nvoice.languages = en\n"), std::string::npos) << ok.out;
}

TEST(AnnounceCommand, WritesTheBoardsCallToAWavFile) {
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  ASSERT_EQ(kiosk({"roster", "add", "--db", db, "--id", "M01", "--name", "王丽", "--surname", "王", "--pinyin",
                   "wang2 li4"}).status, 0);
  ASSERT_EQ(kiosk({"roster", "add", "--db", db, "--id", "M02", "--name", "欧阳娜娜", "--surname", "欧阳"}).status, 0);
  const Ran bad = kiosk({"roster", "add", "--db", db, "--id", "M03", "--name", "李强", "--pinyin", "Li Qiang"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("--pinyin must be syllables"), std::string::npos) << bad.err;

  const Ran full = kiosk({"announce", "--db", db, "--ticket", "A023", "--manager", "M01", "--wav", dir.file("a.wav")});
  ASSERT_EQ(full.status, 0) << full.err;
  EXPECT_NE(full.out.find("zh: qing3 ei1 ling2 er4 san1 hao4 ke4 hu4, wang2 li4 wei4 nin2 fu2 wu4."), std::string::npos)
      << full.out;
  EXPECT_NE(full.out.find("en: Ticket A 0 2 3, please see Wang Li."), std::string::npos) << full.out;
  const std::string wav = read_file(dir.file("a.wav"));
  ASSERT_GT(wav.size(), 44u);
  EXPECT_EQ(wav.substr(0, 4), "RIFF");
  EXPECT_EQ(wav.substr(8, 8), "WAVEfmt ");
  const auto u32 = [&](std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(wav[at]) | static_cast<unsigned char>(wav[at + 1]) << 8 |
                                      static_cast<unsigned char>(wav[at + 2]) << 16 | static_cast<unsigned char>(wav[at + 3]) << 24);
  };
  EXPECT_EQ(u32(24), 22050u) << "sample rate";
  EXPECT_EQ(u32(40), wav.size() - 44) << "the data chunk holds every sample";
  const double seconds = (wav.size() - 44) / 2.0 / 22050;
  EXPECT_GT(seconds, 5) << "chime, Mandarin and English";
  EXPECT_LT(seconds, 14);

  const Ran family = kiosk({"announce", "--db", db, "--ticket", "A024", "--manager", "M02", "--wav", dir.file("b.wav")});
  ASSERT_EQ(family.status, 0) << family.err;
  EXPECT_NE(family.err.find("M02 has no pinyin in the roster"), std::string::npos) << family.err;
  EXPECT_NE(family.out.find("ou1 yang2 jing1 li3"), std::string::npos) << "the surname list's pinyin: " << family.out;
  EXPECT_NE(family.out.find("please see Manager Ouyang."), std::string::npos) << family.out;

  write_file(dir.file("quiet.toml"), "database = \"" + db + "\"\n[voice]\nenabled = false\n");
  const Ran quiet = kiosk({"announce", "--config", dir.file("quiet.toml"), "--ticket", "A023", "--manager", "M01",
                           "--wav", dir.file("c.wav")});
  ASSERT_EQ(quiet.status, 0) << quiet.err;
  EXPECT_NE(quiet.err.find("the voice is off"), std::string::npos) << quiet.err;
  EXPECT_LT(read_file(dir.file("c.wav")).size(), 44 + 2 * 22050u) << "the chime alone: under a second";

  const Ran nobody = kiosk({"announce", "--db", db, "--ticket", "A023", "--manager", "M09", "--wav", dir.file("d.wav")});
  EXPECT_EQ(nobody.status, 2);
  EXPECT_NE(nobody.err.find("no manager M09"), std::string::npos) << nobody.err;
}

}  // namespace
}  // namespace lobby::itest
