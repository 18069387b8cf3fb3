// The log's one line per event (kiosk/common/log_line.h): what a reader greps for stays as it
// was, and no cause can split a line or hide a value.
#include "kiosk/common/log_line.h"

#include <gtest/gtest.h>

namespace lobby {
namespace {

TEST(LogLine, PlainValuesStayBareAndNumbersAsTheyAre) {
  EXPECT_EQ(log_line(LogLevel::info, "board_drawn", {{"last_seq", 42LL}, {"epoch_ms", 1764700000000LL}}),
            "level=info event=board_drawn last_seq=42 epoch_ms=1764700000000");
  EXPECT_EQ(log_line(LogLevel::info, "first_frame", {{"ms", 12.34}, {"rss_kb", 30120L}}),
            "level=info event=first_frame ms=12.3 rss_kb=30120");
  EXPECT_EQ(log_line(LogLevel::warn, "printer", {{"device", "tcp://127.0.0.1:9100"}, {"near_end", true}}),
            "level=warn event=printer device=tcp://127.0.0.1:9100 near_end=true");
}

TEST(LogLine, ACauseIsQuotedAndCannotBreakTheLine) {
  const std::string line =
      log_line(LogLevel::error, "sync_failed", {{"cause", "HQ said \"no\"\nlevel=info event=forged"}, {"empty", ""}});
  EXPECT_EQ(line, R"(level=error event=sync_failed cause="HQ said \"no\"\nlevel=info event=forged" empty="")");
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(log_line(LogLevel::warn, "x", {{"path", "C:\\a b"}}), R"(level=warn event=x path="C:\\a b")");
}

}  // namespace
}  // namespace lobby
