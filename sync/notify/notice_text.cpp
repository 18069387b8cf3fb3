#include "sync/notify/notice_text.h"

#include "kiosk/core/names.h"

#include <algorithm>
#include <functional>

namespace lobby {

bool load_notice_words(const std::string& assets_dir, NoticeWords& out, std::string& error) {
  return load_strings(assets_dir + "/strings/zh-CN.txt", out.zh, error) &&
         load_strings(assets_dir + "/strings/en.txt", out.en, error);
}

std::string notice_sentence(const PendingNotice& n, const Staff& staff, const StringTable& s) {
  auto name = [&](const std::string& id) {
    auto it = staff.find(id);
    return it == staff.end() || it->second.name.empty() ? id : it->second.name;
  };
  std::string customer = polite_name(n.surname, n.title);
  if (customer.empty()) customer = s["notice.customer"];
  const std::string kind = s["kind." + std::string(name_of(n.draft.kind))];
  const std::string owner = name(n.draft.owner), server = name(n.draft.server);
  std::string key = "notice.assigned";
  if (n.draft.why == NoticeWhy::waiting) key = "notice.waiting";
  // Moved to a manager who now receives them: they are asked to come, like any assignment.
  else if (n.draft.why == NoticeWhy::reassigned && n.draft.server != n.draft.owner) key = "notice.reassigned";
  else if (!n.draft.server.empty() && n.draft.server != n.draft.owner) key = "notice.assigned_for";
  return fill(s[key], {{"ticket", n.ticket}, {"name", customer}, {"kind", kind}, {"owner", owner}, {"server", server}});
}

namespace {

std::string block(const std::vector<PendingNotice>& notices, const Staff& staff, const StringTable& s) {
  std::string text;
  if (notices.size() > 1) text = fill(s["notice.several"], {{"n", std::to_string(notices.size())}}) + "\n";
  for (const PendingNotice& n : notices) text += notice_sentence(n, staff, s) + "\n";
  return text;
}

std::string in_languages(const NoticeWords& w, const std::function<std::string(const StringTable&)>& f) {
  std::string text;
  if (w.language != "en") text += f(w.zh);
  if (w.language == "both") text += "\n";
  if (w.language != "zh") text += f(w.en);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

}  // namespace

RobotMessage compose_message(const std::vector<PendingNotice>& notices, const Staff& staff, const NoticeWords& words) {
  RobotMessage m;
  m.text = in_languages(words, [&](const StringTable& s) { return block(notices, staff, s); });
  for (const PendingNotice& n : notices)
    for (const std::string& id : recipients(n.draft)) {
      auto it = staff.find(id);
      if (it == staff.end() || it->second.mobile.empty()) continue;
      if (std::find(m.mobiles.begin(), m.mobiles.end(), it->second.mobile) == m.mobiles.end())
        m.mobiles.push_back(it->second.mobile);
    }
  return m;
}

RobotMessage test_message(const NoticeWords& words) {
  return {in_languages(words, [](const StringTable& s) { return s["notice.test"] + "\n"; }), {}};
}

}  // namespace lobby
