#include "sync/notify/robot_format.h"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace lobby {

std::string_view name_of(Channel c) {
  switch (c) {
    case Channel::none: return "none";
    case Channel::wecom: return "wecom";
    case Channel::dingtalk: return "dingtalk";
    case Channel::feishu: return "feishu";
    case Channel::webhook: return "webhook";
  }
  return "none";
}

std::optional<Channel> channel_from(std::string_view s) {
  for (Channel c : {Channel::none, Channel::wecom, Channel::dingtalk, Channel::feishu, Channel::webhook})
    if (name_of(c) == s) return c;
  return std::nullopt;
}

std::string hmac_sha256(const std::string& key, const std::string& message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), out, &n);
  return std::string(reinterpret_cast<char*>(out), n);
}

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string url_encode(const std::string& s) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~')
      out += static_cast<char>(c);
    else
      out += '%', out += digits[c >> 4], out += digits[c & 15];
  }
  return out;
}

std::string hex_of(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) out += digits[c >> 4], out += digits[c & 15];
  return out;
}

std::string dingtalk_sign(const std::string& secret, std::int64_t timestamp_ms) {
  return base64(hmac_sha256(secret, std::to_string(timestamp_ms) + "\n" + secret));
}

std::string feishu_sign(const std::string& secret, std::int64_t timestamp_s) {
  // Feishu's own sample signs an empty message with "timestamp\nsecret" as the key.
  return base64(hmac_sha256(std::to_string(timestamp_s) + "\n" + secret, ""));
}

std::string webhook_signature(const std::string& secret, const std::string& timestamp, const std::string& body) {
  return "sha256=" + hex_of(hmac_sha256(secret, timestamp + "." + body));
}

RobotRequest robot_request(const NotifySettings& s, const RobotMessage& m, std::int64_t now_ms) {
  using nlohmann::json;
  RobotRequest r;
  r.url = s.url;
  r.headers = {"Content-Type: application/json; charset=utf-8", "Expect:"};
  json mobiles = json::array();
  for (const std::string& mobile : m.mobiles) mobiles.push_back(mobile);
  switch (s.channel) {
    case Channel::wecom:
      r.body = json{{"msgtype", "text"}, {"text", {{"content", m.text}, {"mentioned_mobile_list", mobiles}}}}.dump();
      break;
    case Channel::dingtalk: {
      // DingTalk highlights a mention only when "@mobile" is also in the text.
      std::string text = m.text;
      for (const std::string& mobile : m.mobiles) text += " @" + mobile;
      r.body = json{{"msgtype", "text"}, {"text", {{"content", text}}}, {"at", {{"atMobiles", mobiles}, {"isAtAll", false}}}}
                   .dump();
      if (!s.secret.empty())
        r.url += std::string(r.url.find('?') == std::string::npos ? "?" : "&") + "timestamp=" +
                 std::to_string(now_ms) + "&sign=" + url_encode(dingtalk_sign(s.secret, now_ms));
      break;
    }
    case Channel::feishu: {
      // Feishu mentions need the member's open_id, not a mobile: the names are in the text.
      json body{{"msg_type", "text"}, {"content", {{"text", m.text}}}};
      if (!s.secret.empty()) {
        const std::int64_t ts = now_ms / 1000;
        body["timestamp"] = std::to_string(ts);
        body["sign"] = feishu_sign(s.secret, ts);
      }
      r.body = body.dump();
      break;
    }
    case Channel::webhook:
    case Channel::none: {
      r.body = json{{"source", "lobby-kiosk"}, {"text", m.text}, {"mobiles", mobiles}}.dump();
      const std::string ts = std::to_string(now_ms / 1000);
      r.headers.push_back("X-Lobby-Timestamp: " + ts);
      r.headers.push_back("X-Lobby-Signature: " + webhook_signature(s.secret, ts, r.body));
      break;
    }
  }
  return r;
}

namespace {

// The codes each platform documents for a wrong key or signature (stop: retrying cannot help)
// and for sending too fast (wait).
struct Codes {
  std::vector<long> key, signature, rate;
};
Codes codes_of(Channel c) {
  switch (c) {
    // 93000: invalid webhook url (the key); 45009: over 20 a minute.
    case Channel::wecom: return {{93000, 40001, 40014}, {}, {45009}};
    // 310000: keywords / signature / IP check failed; 300001, 400101: the token is wrong;
    // 130101: over 20 a minute (the robot is muted for 10 minutes).
    case Channel::dingtalk: return {{300001, 400101, 300005}, {310000}, {130101}};
    // 19021: the signature did not match; 19001: param invalid (a wrong token);
    // 9499, 11232: too many requests.
    case Channel::feishu: return {{19001, 19002}, {19021, 19022}, {9499, 11232}};
    case Channel::webhook:
    case Channel::none: return {{}, {}, {}};
  }
  return {};
}

bool has(const std::vector<long>& v, long x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

RobotVerdict judge_reply(Channel c, long http_status, const std::string& body, const std::string& curl_error) {
  RobotVerdict v;
  if (http_status == 0) {
    v.cause = "network";
    v.detail = curl_error.empty() ? "no answer" : curl_error;
    return v;
  }
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  long code = -1;
  std::string msg;
  if (j.is_object()) {
    for (const char* k : {"errcode", "code", "StatusCode"})
      if (j.contains(k) && j[k].is_number_integer()) {
        code = j[k].get<long>();
        break;
      }
    for (const char* k : {"errmsg", "msg", "message", "StatusMessage"})
      if (j.contains(k) && j[k].is_string()) {
        msg = j[k].get<std::string>();
        break;
      }
  }
  v.detail = "HTTP " + std::to_string(http_status) + (code >= 0 ? ", code " + std::to_string(code) : "") +
             (msg.empty() ? "" : ": " + msg);
  const Codes codes = codes_of(c);
  if (code == 0 && http_status / 100 == 2) return v.what = RobotVerdict::What::sent, v;
  if (has(codes.key, code)) {
    v.what = RobotVerdict::What::refused;
    v.cause = "key";
  } else if (has(codes.signature, code) || (c == Channel::webhook && (http_status == 401 || http_status == 403))) {
    v.what = RobotVerdict::What::refused;
    v.cause = "signature";
  } else if (has(codes.rate, code) || http_status == 429) {
    v.what = RobotVerdict::What::rate_limited;
    v.cause = "rate";
    // DingTalk mutes a robot for 10 minutes once it has sent over 20 in a minute.
    v.wait_ms = c == Channel::dingtalk ? 10 * 60 * 1000 : 60 * 1000;
  } else if (http_status / 100 != 2) {
    v.cause = "http";
  } else {
    v.cause = "reply";
  }
  return v;
}

}  // namespace lobby
