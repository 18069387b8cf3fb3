// The [notify] settings of kiosk.toml: which group robot gets the managers' notices, and how.
// Plain data, shared by the settings reader, the sender and `kiosk notify`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lobby {

// wecom: 企业微信 group robot; dingtalk: 钉钉 custom robot (signed); feishu: 飞书 custom bot
// (signed); webhook: a JSON POST signed in a header, for anything else.
enum class Channel : std::uint8_t { none, wecom, dingtalk, feishu, webhook };
std::string_view name_of(Channel);
std::optional<Channel> channel_from(std::string_view);

struct NotifySettings {
  Channel channel = Channel::none;  // none: no notices are sent
  std::string url;                  // the robot's webhook address, with its key or token
  std::string secret;               // dingtalk, feishu, webhook: the signing secret
  int fresh_minutes = 10;           // a notice older than this is marked expired, never sent
  std::string language = "both";    // "zh", "en" or "both"
  std::string ca_file;              // a CA bundle to trust, if not the system's
  long connect_timeout_ms = 5000;
  long timeout_ms = 10000;
  std::int64_t backoff_base_ms = 2000;
  std::int64_t backoff_cap_ms = 300000;
  bool enabled() const { return channel != Channel::none && !url.empty(); }
};

}  // namespace lobby
