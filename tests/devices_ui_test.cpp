// The printer seen from the screens: the ticket appears once the check-in has committed,
// whatever the printer does; a failed print keeps the ticket up longer, says why in both
// languages and offers "Print again"; nothing is checked in twice. The staff console and the
// lobby board's footer say what is wrong, with one shared status line.
#include "fake_printer.h"
#include "kiosk/ui/device_status_line.h"
#include "kiosk/ui/lobby_board.h"
#include "ui_harness.h"

#include <chrono>
#include <thread>

namespace lobby::uitest {
namespace {

using ui::Step;

struct PrintingKiosk {
  KioskHarness h;
  fake::Printer printer;
  std::unique_ptr<TicketPrinter> worker;

  explicit PrintingKiosk(fake::Mode mode) {
    printer.set_mode(mode);
    PrinterSettings s;
    s.enabled = true;
    s.device = printer.device();
    s.timeout_ms = 300;
    s.failed_ticket_seconds = 60;
    worker = std::make_unique<TicketPrinter>(s, h.text.zh, h.text.en, h.store.db().path());
    h.kiosk->customer.printer = worker.get();
  }

  // A customer without a number asks for M01 (王丽) and checks in.
  void check_in() {
    h.tap("welcome.start");
    h.tap("purpose.see");
    h.tap("phone.decline");
    h.tap("next");
    h.tap("manager.M01");
    h.tap("next");
  }

  TicketPrinter::State settled_state() {
    for (int i = 0; i < 300 && worker->report(h.kiosk->customer.ticket.ticket).state == TicketPrinter::State::printing; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    h.frame(), h.frame();
    return worker->report(h.kiosk->customer.ticket.ticket).state;
  }
};

TEST(Printing, ATicketPrintsAfterTheCheckInCommitted) {
  PrintingKiosk k(fake::Mode::ready);
  k.check_in();
  ASSERT_EQ(k.h.step(), Step::ticket);
  Sql sql(k.h.store.db().path());
  EXPECT_EQ(sql.number("SELECT count(*) FROM visits"), 1);
  EXPECT_EQ(k.settled_state(), TicketPrinter::State::printed);
  ASSERT_EQ(k.printer.printed().size(), 1u);
  EXPECT_NE(k.printer.printed()[0].text().find("A001"), std::string::npos);
  EXPECT_NE(k.printer.printed()[0].text().find("接待您的客户经理：王丽"), std::string::npos);
  EXPECT_FALSE(k.h.has("ticket.print_again"));
  k.h.wait(k.h.kiosk->settings.ticket_seconds + 1);
  EXPECT_EQ(k.h.step(), Step::welcome) << "a printed ticket goes away as before";
}

TEST(Printing, TheTicketACustomerAlreadyHoldsIsShownAgainButNotPrintedAgain) {
  PrintingKiosk k(fake::Mode::ready);
  for (const char* purpose : {"purpose.first", "purpose.returning"}) {
    k.h.tap("welcome.start");
    k.h.tap(purpose);
    number_only(k.h, "13800138000");
    k.h.tap("next");
    ASSERT_EQ(k.h.step(), Step::ticket);
    EXPECT_EQ(k.h.kiosk->customer.ticket.ticket, "A001");
    EXPECT_EQ(k.settled_state(), TicketPrinter::State::printed);
    k.h.tap("ticket.done");
  }
  EXPECT_EQ(k.printer.printed().size(), 1u) << "printed when it was new, not again";
}

TEST(Printing, OutOfPaperKeepsTheTicketUpSaysWhyAndPrintsAgainWithoutASecondCheckIn) {
  PrintingKiosk k(fake::Mode::paper_end);
  k.check_in();
  ASSERT_EQ(k.h.step(), Step::ticket) << "the check-in stands whatever the printer does";
  ASSERT_EQ(k.settled_state(), TicketPrinter::State::failed);
  EXPECT_TRUE(k.h.has("ticket.print_again"));
  // What the screen says, in both languages at once.
  const auto& zh = k.h.text.zh;
  const auto& en = k.h.text.en;
  EXPECT_EQ(fill(en["ui.print.failed"], {{"problem", en["device.problem.paper_end"]}, {"ticket", "A001"}}),
            "The printer is out of paper: please remember your number A001.");
  EXPECT_EQ(fill(zh["ui.print.failed"], {{"problem", zh["device.problem.paper_end"]}, {"ticket", "A001"}}),
            "打印机缺纸：请记住您的号码 A001。");

  k.h.wait(k.h.kiosk->settings.ticket_seconds + 1);
  EXPECT_EQ(k.h.step(), Step::ticket) << "a failed print keeps the ticket up longer";
  EXPECT_EQ(ui::device_status_text(k.worker->status(), en), "The printer is out of paper: ticket A001 was not printed (" +
                                                               k.worker->status().at.substr(11, 5) + ").");

  k.printer.set_mode(fake::Mode::ready);  // staff put in a new roll
  k.h.tap("ticket.print_again");
  EXPECT_EQ(k.settled_state(), TicketPrinter::State::printed);
  EXPECT_FALSE(k.h.has("ticket.print_again"));
  ASSERT_EQ(k.printer.printed().size(), 1u);
  EXPECT_NE(k.printer.printed()[0].text().find("A001"), std::string::npos);
  Sql sql(k.h.store.db().path());
  EXPECT_EQ(sql.number("SELECT count(*) FROM visits"), 1) << "printing again is not a second check-in";
  EXPECT_EQ(sql.number("SELECT count(*) FROM outbox WHERE kind = 'checkin'"), 1);
  EXPECT_EQ(sql.text("SELECT problem FROM device_status"), "none") << "the board's footer clears";
}

TEST(Printing, AFailedTicketStillGoesAwayAfterItsLongerTime) {
  PrintingKiosk k(fake::Mode::cover_open);
  k.check_in();
  ASSERT_EQ(k.settled_state(), TicketPrinter::State::failed);
  k.h.wait(59);
  EXPECT_EQ(k.h.step(), Step::ticket);
  k.h.wait(2);
  EXPECT_EQ(k.h.step(), Step::welcome);
  Sql sql(k.h.store.db().path());
  EXPECT_EQ(sql.number("SELECT count(*) FROM visits"), 1) << "never undone";
}

TEST(Printing, TheConsoleAndTheBoardShareTheStatusLine) {
  PrintingKiosk k(fake::Mode::silent);
  k.check_in();
  ASSERT_EQ(k.settled_state(), TicketPrinter::State::failed);
  const ui::Board board = ui::read_board(k.h.reception->engine(), k.h.store, "2026-11-24");
  ASSERT_TRUE(board.printer);
  EXPECT_EQ(board.printer->problem, "no_answer");
  EXPECT_EQ(board.printer->ticket, "A001");
  const std::string line = ui::device_status_text(*board.printer, k.h.text.zh);
  EXPECT_NE(line.find("打印机没有应答"), std::string::npos) << line;
  EXPECT_NE(line.find("A001"), std::string::npos) << line;
  DeviceStatus fine;
  fine.problem = "none";
  EXPECT_EQ(ui::device_status_text(fine, k.h.text.en), "") << "nothing on the board when all is well";
  EXPECT_EQ(ui::device_status_text(fine, k.h.text.en, true), "The printer is ready.") << "the console says so";
  fine.paper_near_end = true;
  EXPECT_EQ(ui::device_status_text(fine, k.h.text.en), "The printer's paper is running low: change the roll soon.");
  // Drawn: the glyphs the board needs include the status line's.
  EXPECT_TRUE(ui::missing_glyphs(*k.h.theme.fonts.body, line).empty());
}

}  // namespace
}  // namespace lobby::uitest
