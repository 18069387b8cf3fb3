// The ticket's bytes without a printer: GB18030, the QR command's length bytes, and the status
// bytes a printer answers DLE EOT with. (printer_test.cpp reads whole tickets back through the
// fake printer.)
#include "kiosk/devices/escpos.h"

#include <gtest/gtest.h>

namespace lobby {
namespace {

using escpos::Problem;

escpos::Ticket assigned_ticket() {
  escpos::Ticket t;
  t.branch = "城南销售中心";
  t.ticket = "A023";
  t.manager = "王丽";
  t.time = "09:30";
  t.qr_text = "weixin://城南销售中心";
  return t;
}

TEST(EscPos, ChineseIsEncodedAsGb18030AndComesBack) {
  EXPECT_EQ(escpos::to_gb18030("王丽"), "\xCD\xF5\xC0\xF6");
  EXPECT_EQ(escpos::to_gb18030("A023 号"), "A023 \xBA\xC5");
  EXPECT_EQ(escpos::from_gb18030("\xCD\xF5\xC0\xF6"), "王丽");
  EXPECT_EQ(escpos::from_gb18030(escpos::to_gb18030("𠀀€ 🙂")), "𠀀€ 🙂") << "GB18030 holds every character";
  EXPECT_EQ(escpos::to_gb18030("a\xFF" "b"), "a?b") << "bytes that are not UTF-8";
  StringTable zh, en;
  std::string error;
  ASSERT_TRUE(load_strings(SOURCE_DIR "/assets/strings/zh-CN.txt", zh, error)) << error;
  ASSERT_TRUE(load_strings(SOURCE_DIR "/assets/strings/en.txt", en, error)) << error;
  const std::string job = escpos::ticket_bytes(assigned_ticket(), escpos::Paper::mm80, zh, en);
  EXPECT_NE(job.find("\xCD\xF5\xC0\xF6"), std::string::npos);
  EXPECT_EQ(job.find("王"), std::string::npos) << "no UTF-8 reaches the printer";
  EXPECT_EQ(job.substr(0, 4), "\x1B@\x1C&") << "initialised, then Chinese mode";
}

TEST(EscPos, TheQrCodeIsThePrintersOwnCommandWithItsLength) {
  const std::string text(300, 'x');
  const std::string q = escpos::qr_bytes(text, 6);
  const std::string store = std::string("\x1D(k") + char(303 & 0xFF) + char(303 >> 8) + "1P0" + text;
  EXPECT_NE(q.find(store), std::string::npos) << "pL pH count the data and its three function bytes";
  EXPECT_NE(q.find(std::string("\x1D(k\x03\x00" "1C\x06", 8)), std::string::npos) << "module size";
  EXPECT_NE(q.find(std::string("\x1D(k\x03\x00" "1Q0", 8)), std::string::npos) << "print";
}

TEST(EscPos, StatusBytesAreDecodedAsARealPrinterSendsThem) {
  using escpos::decode_status;
  EXPECT_EQ(decode_status(0x12, 0x12, 0x12, 0x12).problem, Problem::none);
  EXPECT_EQ(decode_status(0x1A, 0x32, 0x12, 0x72).problem, Problem::paper_end);
  EXPECT_EQ(decode_status(0x1A, 0x16, 0x12, 0x12).problem, Problem::cover_open);
  EXPECT_EQ(decode_status(0x1A, 0x12, 0x12, 0x12).problem, Problem::offline);
  EXPECT_EQ(decode_status(0x1A, 0x52, 0x1A, 0x12).problem, Problem::error);
  const escpos::Status low = decode_status(0x12, 0x12, 0x12, 0x1E);
  EXPECT_EQ(low.problem, Problem::none);
  EXPECT_TRUE(low.paper_near_end);
  EXPECT_TRUE(escpos::valid_status_byte(0x12));
  EXPECT_FALSE(escpos::valid_status_byte(0x41)) << "text, not a status";
}

TEST(EscPos, TextIsWrappedToThePaperAtSpacesAndBetweenChineseCharacters) {
  using V = std::vector<std::string>;
  EXPECT_EQ(escpos::text_columns("A023 王丽"), 9);
  EXPECT_EQ(escpos::wrap("Please wait for the next free manager, about 45 min", 32),
            (V{"Please wait for the next free", "manager, about 45 min"}));
  EXPECT_EQ(escpos::wrap("请稍候下一位空闲的客户经理，大约45分钟", 32),
            (V{"请稍候下一位空闲的客户经理，大约", "45分钟"}));
  EXPECT_EQ(escpos::wrap("Your manager: 王丽", 32), (V{"Your manager: 王丽"}));
  EXPECT_EQ(escpos::wrap("A023", 4), (V{"A023"})) << "exactly full";
  EXPECT_EQ(escpos::wrap("abcdefghij", 4), (V{"abcd", "efgh", "ij"})) << "a word longer than the line";
  EXPECT_EQ(escpos::wrap("", 32), (V{""}));
  for (const std::string& l : escpos::wrap("Checked in at 09:30, please wait for 欧阳娜娜 who is with a customer now", 32))
    EXPECT_LE(escpos::text_columns(l), 32) << l;
}

}  // namespace
}  // namespace lobby
