// What each group robot expects on the wire and what its answers mean: WeCom's group robot,
// DingTalk's and Feishu's signed custom robots, and our generic signed webhook. Pure apart
// from OpenSSL's HMAC, so the fake robot in the tests checks requests with the same rules.
#pragma once

#include "sync/notify/notify_settings.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lobby {

// One message to the group: its text and the mobiles to @-mention.
struct RobotMessage {
  std::string text;
  std::vector<std::string> mobiles;
};

struct RobotRequest {
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // JSON
};

// The request for `m` on `s.channel`, signed with `s.secret` at wall-clock `now_ms`.
RobotRequest robot_request(const NotifySettings& s, const RobotMessage& m, std::int64_t now_ms);

// What a robot's answer means. Only a body saying errcode 0 (or code 0) is success.
struct RobotVerdict {
  enum class What : std::uint8_t { sent, refused, rate_limited, failed } what = What::failed;
  std::string cause;   // key, signature, rate, http, network, reply (for people: notify.cause.*)
  std::string detail;  // the robot's own words, for the log
  std::int64_t wait_ms = 0;  // rate_limited: how long the robot wants us quiet
};
// `http_status` 0 means no answer (`curl_error` says why).
RobotVerdict judge_reply(Channel c, long http_status, const std::string& body, const std::string& curl_error);

// The building blocks, exposed for the tests and the fake robot.
std::string hmac_sha256(const std::string& key, const std::string& message);  // raw 32 bytes
std::string base64(const std::string& bytes);
std::string url_encode(const std::string& s);  // RFC 3986 unreserved characters kept
std::string hex_of(const std::string& bytes);
std::string dingtalk_sign(const std::string& secret, std::int64_t timestamp_ms);  // not yet URL-encoded
std::string feishu_sign(const std::string& secret, std::int64_t timestamp_s);
std::string webhook_signature(const std::string& secret, const std::string& timestamp, const std::string& body);

}  // namespace lobby
