#include "sync/notify/rate_limit.h"

#include <algorithm>

namespace lobby {

std::vector<RateLimit> rate_limits(Channel c) {
  switch (c) {
    case Channel::feishu: return {{5, 1000}, {100, 60000}};
    case Channel::wecom:
    case Channel::dingtalk:
    case Channel::webhook:
    case Channel::none: break;
  }
  return {{20, 60000}};
}

std::int64_t next_send_ms(const std::vector<std::int64_t>& sent_ms, const std::vector<RateLimit>& limits,
                          std::int64_t now_ms) {
  std::vector<std::int64_t> sent = sent_ms;
  std::sort(sent.begin(), sent.end(), std::greater<>());  // newest first
  std::int64_t at = now_ms;
  for (const RateLimit& l : limits) {
    // The window ending at `at` may hold at most messages-1 earlier sends: the oldest of the
    // newest `messages` sends must have left it.
    if (static_cast<int>(sent.size()) < l.messages) continue;
    at = std::max(at, sent[static_cast<std::size_t>(l.messages) - 1] + l.per_ms);
  }
  return at;
}

std::string keep_recent(std::vector<std::int64_t> sent_ms, const std::vector<RateLimit>& limits, std::int64_t now_ms) {
  std::int64_t longest = 0;
  for (const RateLimit& l : limits) longest = std::max(longest, l.per_ms);
  std::string out;
  for (std::int64_t t : sent_ms)
    if (t > now_ms - longest) {
      if (!out.empty()) out += ',';
      out += std::to_string(t);
    }
  return out;
}

std::vector<std::int64_t> parse_recent(const std::string& text) {
  std::vector<std::int64_t> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t comma = std::min(text.find(',', i), text.size());
    try {
      out.push_back(std::stoll(text.substr(i, comma - i)));
    } catch (const std::exception&) {
      // A damaged list only loosens the limit for one minute.
    }
    i = comma + 1;
  }
  return out;
}

}  // namespace lobby
