// A fake group robot on 127.0.0.1 for the tests and the demo: WeCom's group robot, DingTalk's
// and Feishu's signed custom robots, or the kiosk's signed webhook. It checks each request as
// the real platform documents it (address and key, JSON shape, timestamp and signature,
// computed here on its own, not with the kiosk's code), enforces the platform's rate limit,
// answers with the platform's own codes, and can be told to misbehave.
//
//   fake_robot --channel wecom --key KEY [--secret S] [--mode ok|rate|badsig|slow|500]
//              [--slow-ms N] [--quiet] [--address-file FILE]
// First line on stdout: "fake robot listening on 127.0.0.1:PORT". Then, unless --quiet,
// each accepted message. POST /mode?set=MODE changes the behaviour; GET /received lists the
// accepted messages as JSON; GET /stats counts them.
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace {

using nlohmann::json;
using Clock = std::chrono::system_clock;

std::string b64_hmac(const std::string& key, const std::string& msg) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(msg.data()),
       msg.size(), mac, &n);
  unsigned char out[128];
  const int len = EVP_EncodeBlock(out, mac, static_cast<int>(n));
  return std::string(reinterpret_cast<char*>(out), static_cast<std::size_t>(len));
}

std::string hex_hmac(const std::string& key, const std::string& msg) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(msg.data()),
       msg.size(), mac, &n);
  static const char* d = "0123456789abcdef";
  std::string s;
  for (unsigned int i = 0; i < n; ++i) s += d[mac[i] >> 4], s += d[mac[i] & 15];
  return s;
}

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

struct Robot {
  std::string channel, key, secret, mode = "ok";
  int slow_ms = 3000;
  bool quiet = false;
  std::mutex mutex;
  json received = json::array();
  std::deque<long long> accepted_at;
  int rejected = 0, rate_limited = 0, over_limit = 0, malformed = 0;

  // The platform's answer in its own words.
  json answer(long code, const std::string& msg) const {
    if (channel == "feishu") return {{"code", code}, {"msg", msg}, {"data", json::object()}};
    if (channel == "webhook") return {{"code", code}, {"message", msg}};
    return {{"errcode", code}, {"errmsg", msg}};
  }
  long code_for(const std::string& what) const {
    if (channel == "wecom") return what == "key" ? 93000 : what == "rate" ? 45009 : 40035;
    if (channel == "dingtalk") return what == "key" ? 300001 : what == "sign" ? 310000 : what == "rate" ? 130101 : 400102;
    if (channel == "feishu") return what == "key" ? 19001 : what == "sign" ? 19021 : what == "rate" ? 11232 : 9499;
    return what == "rate" ? 429 : 400;
  }
  // The platform's limit: true when one more message now would exceed it.
  bool over_rate(long long now) {
    while (!accepted_at.empty() && accepted_at.front() <= now - 60000) accepted_at.pop_front();
    if (channel == "feishu") {
      int last_second = 0;
      for (long long t : accepted_at) last_second += t > now - 1000;
      return accepted_at.size() >= 100 || last_second >= 5;
    }
    return accepted_at.size() >= 20;
  }
};

// Checks the request as the platform would. Returns "" if it is right, else "key", "sign"
// or "format", and fills the text and mentions it carries.
std::string check(Robot& r, const httplib::Request& req, std::string& text, json& mobiles) {
  const json body = json::parse(req.body, nullptr, false);
  if (!body.is_object()) return "format";
  const long long now = now_ms();
  if (r.channel == "wecom") {
    if (req.get_param_value("key") != r.key) return "key";
    if (body.value("msgtype", "") != "text" || !body.contains("text") || !body["text"].is_object() ||
        !body["text"].contains("content") || !body["text"]["content"].is_string())
      return "format";
    text = body["text"]["content"];
    mobiles = body["text"].value("mentioned_mobile_list", json::array());
  } else if (r.channel == "dingtalk") {
    if (req.get_param_value("access_token") != r.key) return "key";
    if (!r.secret.empty()) {
      // timestamp in milliseconds, within an hour; sign = base64(HMAC-SHA256(secret, ts\nsecret)),
      // URL-encoded in the query (httplib has decoded it once already).
      const std::string ts = req.get_param_value("timestamp");
      if (ts.empty() || ts.size() != 13 || std::llabs(std::stoll(ts) - now) > 3600000) return "sign";
      if (req.get_param_value("sign") != b64_hmac(r.secret, ts + "\n" + r.secret)) return "sign";
    }
    if (body.value("msgtype", "") != "text" || !body.contains("text") || !body["text"].contains("content")) return "format";
    text = body["text"]["content"];
    mobiles = body.contains("at") ? body["at"].value("atMobiles", json::array()) : json::array();
  } else if (r.channel == "feishu") {
    if (req.path != "/open-apis/bot/v2/hook/" + r.key) return "key";
    if (!r.secret.empty()) {
      // timestamp in seconds, as a string; sign = base64(HMAC-SHA256(key = ts\nsecret, "")).
      if (!body.contains("timestamp") || !body["timestamp"].is_string() || !body.contains("sign")) return "sign";
      const std::string ts = body["timestamp"];
      if (ts.size() != 10 || std::llabs(std::stoll(ts) * 1000 - now) > 3600000) return "sign";
      if (body["sign"] != b64_hmac(ts + "\n" + r.secret, "")) return "sign";
    }
    if (body.value("msg_type", "") != "text" || !body.contains("content") || !body["content"].contains("text"))
      return "format";
    text = body["content"]["text"];
  } else {
    const std::string ts = req.get_header_value("X-Lobby-Timestamp");
    if (ts.empty() || req.get_header_value("X-Lobby-Signature") != "sha256=" + hex_hmac(r.secret, ts + "." + req.body))
      return "sign";
    if (!body.contains("text") || !body["text"].is_string()) return "format";
    text = body["text"];
    mobiles = body.value("mobiles", json::array());
  }
  return "";
}

void handle(Robot& r, const httplib::Request& req, httplib::Response& res) {
  std::string mode;
  {
    std::lock_guard lock(r.mutex);
    mode = r.mode;
  }
  if (mode == "slow") std::this_thread::sleep_for(std::chrono::milliseconds(r.slow_ms));
  std::lock_guard lock(r.mutex);
  if (mode == "500") {
    res.status = 500;
    res.set_content("internal error", "text/plain");
    return;
  }
  auto reply = [&](int status, const json& j) { res.status = status, res.set_content(j.dump(), "application/json"); };
  std::string text;
  json mobiles = json::array();
  std::string wrong = check(r, req, text, mobiles);
  if (mode == "badsig") wrong = r.channel == "wecom" ? "key" : "sign";
  if (wrong == "key" || wrong == "sign") {
    ++r.rejected;
    if (r.channel == "webhook") return reply(401, r.answer(401, "bad signature"));
    return reply(200, r.answer(r.code_for(wrong), wrong == "key" ? "invalid webhook url" : "sign not match"));
  }
  if (wrong == "format") {
    ++r.malformed;
    return reply(r.channel == "webhook" ? 400 : 200, r.answer(r.code_for("format"), "invalid request body"));
  }
  const long long now = now_ms();
  if (mode == "rate" || r.over_rate(now)) {
    ++r.rate_limited;
    if (mode != "rate") ++r.over_limit;  // the kiosk went past the limit by itself
    return reply(r.channel == "webhook" ? 429 : 200, r.answer(r.code_for("rate"), "send too fast"));
  }
  r.accepted_at.push_back(now);
  r.received.push_back({{"text", text}, {"mobiles", mobiles}, {"at_ms", now}});
  if (!r.quiet) {
    std::printf("---- %s robot, message %zu%s\n%s\n", r.channel.c_str(), r.received.size(),
                mobiles.empty() ? "" : (" @" + mobiles.dump()).c_str(), text.c_str());
    std::fflush(stdout);
  }
  reply(200, r.answer(0, "ok"));
}

}  // namespace

int main(int argc, char** argv) {
  Robot r;
  int port = 0;
  std::string address_file, prefix;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--channel") r.channel = next();
    else if (a == "--key") r.key = next();
    else if (a == "--secret") r.secret = next();
    else if (a == "--mode") r.mode = next();
    else if (a == "--slow-ms") r.slow_ms = std::stoi(next());
    else if (a == "--port") port = std::stoi(next());
    else if (a == "--quiet") r.quiet = true;
    else if (a == "--address-file") address_file = next();
    else {
      std::fprintf(stderr, "fake_robot: unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  if (r.channel != "wecom" && r.channel != "dingtalk" && r.channel != "feishu" && r.channel != "webhook") {
    std::fprintf(stderr, "fake_robot: --channel wecom, dingtalk, feishu or webhook\n");
    return 2;
  }
  httplib::Server server;
  server.set_tcp_nodelay(true);
  auto robot = [&r](const httplib::Request& req, httplib::Response& res) { handle(r, req, res); };
  server.Post("/cgi-bin/webhook/send", robot);
  server.Post("/robot/send", robot);
  server.Post(R"(/open-apis/bot/v2/hook/([A-Za-z0-9_-]+))", robot);
  server.Post("/hook", robot);
  server.Post("/mode", [&r](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(r.mutex);
    r.mode = req.get_param_value("set");
    res.set_content("mode " + r.mode + "\n", "text/plain");
  });
  server.Get("/received", [&r](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(r.mutex);
    res.set_content(r.received.dump(), "application/json");
  });
  server.Get("/stats", [&r](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(r.mutex);
    res.set_content(json{{"accepted", r.received.size()}, {"rejected", r.rejected}, {"rate_limited", r.rate_limited},
                         {"over_limit", r.over_limit}, {"malformed", r.malformed}}.dump(),
                    "application/json");
  });
  if (port == 0) port = server.bind_to_any_port("127.0.0.1");
  else if (!server.bind_to_port("127.0.0.1", port)) port = -1;
  if (port <= 0) {
    std::fprintf(stderr, "fake_robot: cannot listen on 127.0.0.1\n");
    return 1;
  }
  std::printf("fake robot listening on 127.0.0.1:%d\n", port);
  std::fflush(stdout);
  if (!address_file.empty()) {  // for a script that leaves stdout on its terminal
    const std::string tmp = address_file + ".tmp";
    if (FILE* f = std::fopen(tmp.c_str(), "w")) {
      std::fprintf(f, "127.0.0.1:%d\n", port);
      std::fclose(f);
      std::rename(tmp.c_str(), address_file.c_str());
    }
  }
  std::signal(SIGTERM, [](int) { std::_Exit(0); });
  server.listen_after_bind();
  return 0;
}
