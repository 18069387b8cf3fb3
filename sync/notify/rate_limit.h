// The robots' own limits on how often a group may be written to, kept on our side so that a
// burst of check-ins waits and merges instead of getting the robot muted. Pure.
#pragma once

#include "sync/notify/notify_settings.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lobby {

struct RateLimit {
  int messages;
  std::int64_t per_ms;
};

// WeCom and DingTalk: 20 a minute per robot (DingTalk mutes a robot for 10 minutes past that);
// Feishu: 5 a second and 100 a minute; our webhook: 20 a minute, like the strictest.
std::vector<RateLimit> rate_limits(Channel c);

// The earliest wall-clock time, not before `now_ms`, when one more message keeps within every
// limit, given the times of the messages sent before (any order).
std::int64_t next_send_ms(const std::vector<std::int64_t>& sent_ms, const std::vector<RateLimit>& limits,
                          std::int64_t now_ms);

// The send times worth keeping (within the longest window), as the database keeps them.
std::string keep_recent(std::vector<std::int64_t> sent_ms, const std::vector<RateLimit>& limits, std::int64_t now_ms);
std::vector<std::int64_t> parse_recent(const std::string& text);

}  // namespace lobby
