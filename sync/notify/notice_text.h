// The words of a notice (pure: no database, no network): which customer (ticket and polite name, never a number), the kind of
// assignment in words (轮序接待, 老客户, 客户指定, ...) and who receives them when that is not the
// owner, in the branch's language or both. Several notices waiting together become one
// message naming each ticket. Pure: the strings come from assets/strings.
#pragma once

#include "kiosk/core/explain.h"
#include "kiosk/store/store.h"
#include "sync/notify/robot_format.h"

#include <map>
#include <string>
#include <vector>

namespace lobby {

struct NoticeWords {
  StringTable zh, en;
  std::string language = "both";  // "zh", "en" or "both"
};
// Reads assets/strings/{zh-CN,en}.txt. Returns false with the problem in `error`.
bool load_notice_words(const std::string& assets_dir, NoticeWords& out, std::string& error);

// How a message names a manager and whom it @-mentions.
struct StaffContact {
  std::string name;    // 王丽
  std::string mobile;  // may be empty: then no mention
};
using Staff = std::map<std::string, StaffContact>;  // by manager id (staff_contacts in notifier.h reads it)

// One sentence for one notice in `strings`' language.
std::string notice_sentence(const PendingNotice& n, const Staff& staff, const StringTable& strings);

// One message for `notices` (one or several), mentioning each recipient's mobile once.
RobotMessage compose_message(const std::vector<PendingNotice>& notices, const Staff& staff, const NoticeWords& words);

// The message `kiosk notify --test` sends.
RobotMessage test_message(const NoticeWords& words);

}  // namespace lobby
