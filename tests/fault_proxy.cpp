// fault_proxy: a misbehaving HTTP/1.1 reverse proxy for the fault-injection tests of the
// kiosk's sync to HQ. It sits between the kiosk's sync client (libcurl) and kiosk-hq and,
// for every POST, draws a fault from a seeded PRNG: the failures a branch network really
// produces (500s, resets after HQ has committed, timeouts, 429 throttling, a captive portal's
// HTML, cut-off bodies, partial acknowledgements). The tests then check that no check-in is
// lost or stored twice. Other requests (GET /healthz, /metrics) always pass, so the tests
// can still observe HQ through it.
//
//   fault_proxy --listen HOST:PORT --upstream HOST:PORT [--seed N] [--faults name=weight,...]
//               [--slow-ms MS] [--stats FILE]
//
// Once accepting it prints one line, "listening 127.0.0.1:<port>" (the real port with port 0).
// --stats FILE is rewritten as each request is decided and on SIGTERM/SIGINT (then exit 0).
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace {

using nlohmann::json;

const std::vector<std::string> kFaults = {"pass", "error500", "reset_after_commit", "slow", "throttle429",
                                          "throttle429_date", "html", "truncated", "half_ack"};

struct Options {
  sockaddr_in upstream{};
  std::uint64_t seed = 1;
  std::vector<std::pair<std::string, std::uint64_t>> faults{{"pass", 100}};
  int slow_ms = 3000;
  std::string stats_path;
} opt;

std::mutex mu;  // guards rng and counts; the order of draws is what --seed reproduces
std::mt19937_64 rng;
std::map<std::string, std::uint64_t> counts;

void write_stats_locked() {
  if (opt.stats_path.empty()) return;
  // Write aside and rename, so a test reading the file mid-run never sees half of it.
  const std::string tmp = opt.stats_path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::trunc);
    f << json(counts).dump() << '\n';
    f.close();
    if (!f) return;
  }
  std::rename(tmp.c_str(), opt.stats_path.c_str());
}

void record(const std::string& what, bool upstream_down) {
  std::lock_guard lock(mu);
  ++counts[what];
  if (what != "get") ++counts["requests"];
  if (upstream_down) ++counts["upstream_down"];
  write_stats_locked();
}

std::string pick_fault() {
  std::lock_guard lock(mu);
  std::uint64_t total = 0;
  for (const auto& f : opt.faults) total += f.second;
  // Plain modulo rather than a std distribution: a seed gives the same faults on any libstdc++.
  std::uint64_t r = rng() % total;
  for (const auto& [name, weight] : opt.faults) {
    if (r < weight) return name;
    r -= weight;
  }
  return "pass";
}

bool icontains(std::string_view hay, std::string_view needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         }) != hay.end();
}
bool iequals(std::string_view a, std::string_view b) { return a.size() == b.size() && icontains(a, b); }

// Headers that describe one hop's framing; the proxy writes its own on each side.
bool hop_by_hop(std::string_view k) {
  for (const char* h : {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "upgrade",
                        "content-length", "expect"})
    if (iequals(k, h)) return true;
  return false;
}

struct Message {
  std::string start;  // request line or status line
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  const std::string* header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (iequals(k, name)) return &v;
    return nullptr;
  }
  int status() const { return start.size() >= 12 ? std::atoi(start.c_str() + 9) : 0; }
};

struct Fd {
  int fd;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { if (fd >= 0) ::close(fd); }
};

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// A buffered reader; what is left over stays for the next request on a kept-alive socket.
class Conn {
 public:
  explicit Conn(int fd) : fd_(fd) {}
  std::optional<std::string> read_until(std::string_view delim) {
    std::size_t end;
    while ((end = buf_.find(delim)) == std::string::npos)
      if (buf_.size() > 64 * 1024 || !fill()) return std::nullopt;  // no sane head is that long
    std::string out = buf_.substr(0, end);
    buf_.erase(0, end + delim.size());
    return out;
  }
  bool read_exact(std::size_t n, std::string& out) {
    while (buf_.size() < n)
      if (!fill()) return false;
    out.append(buf_, 0, n);
    buf_.erase(0, n);
    return true;
  }
  void read_to_eof(std::string& out) {
    while (fill()) {}
    out += std::exchange(buf_, {});
  }

 private:
  bool fill() {
    char tmp[16384];
    ssize_t n;
    do n = ::recv(fd_, tmp, sizeof tmp, 0);
    while (n < 0 && errno == EINTR);
    if (n > 0) buf_.append(tmp, static_cast<std::size_t>(n));
    return n > 0;
  }
  int fd_;
  std::string buf_;
};

std::optional<Message> read_head(Conn& c) {
  const auto head = c.read_until("\r\n\r\n");
  if (!head) return std::nullopt;
  Message m;
  for (std::size_t pos = 0; pos <= head->size();) {
    std::size_t end = head->find("\r\n", pos);
    if (end == std::string::npos) end = head->size();
    const std::string line = head->substr(pos, end - pos);
    pos = end + 2;
    if (m.start.empty()) { m.start = line; continue; }
    const auto colon = line.find(':');
    if (colon == std::string::npos) return std::nullopt;
    const auto v0 = std::min(line.find_first_not_of(" \t", colon + 1), line.size());
    m.headers.emplace_back(line.substr(0, colon), line.substr(v0, line.find_last_not_of(" \t") + 1 - v0));
  }
  if (m.start.empty()) return std::nullopt;
  return m;
}

// Leaves the body de-chunked, so every answer can be re-sent with a plain Content-Length.
bool read_body(Conn& c, Message& m, bool response) {
  const int st = response ? m.status() : 0;
  if (response && (st / 100 == 1 || st == 204 || st == 304)) return true;
  if (const std::string* te = m.header("Transfer-Encoding"); te && icontains(*te, "chunked")) {
    for (;;) {
      const auto size_line = c.read_until("\r\n");
      if (!size_line) return false;
      const unsigned long size = std::strtoul(size_line->c_str(), nullptr, 16);
      if (size == 0) break;
      if (size > (256u << 20) || !c.read_exact(size, m.body) || !c.read_until("\r\n")) return false;
    }
    for (;;) {  // trailers, up to the empty line
      const auto trailer = c.read_until("\r\n");
      if (!trailer || trailer->empty()) return bool(trailer);
    }
  }
  if (const std::string* cl = m.header("Content-Length")) {
    const unsigned long n = std::strtoul(cl->c_str(), nullptr, 10);
    return n <= (256u << 20) && c.read_exact(n, m.body);
  }
  if (response) c.read_to_eof(m.body);  // no length given: the body runs until upstream closes
  return true;
}

// The head with this hop's framing; `length` lets `truncated` promise more than it sends.
std::string head_of(const Message& res, bool keep_alive, std::size_t length) {
  std::string out = res.start + "\r\n";
  for (const auto& [k, v] : res.headers)
    if (!hop_by_hop(k)) out += k + ": " + v + "\r\n";
  out += "Content-Length: " + std::to_string(length) + "\r\n";
  return out + (keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
}

Message answer(const std::string& start, const std::string& type, std::string body,
               std::vector<std::pair<std::string, std::string>> extra = {}) {
  extra.emplace_back("Content-Type", type);
  return Message{start, std::move(extra), std::move(body)};
}

std::string http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char b[64];
  std::strftime(b, sizeof b, "%a, %d %b %Y %H:%M:%S GMT", &tm);  // C locale: English names
  return b;
}

// A fresh upstream connection per request with "Connection: close": HQ answers once and hangs
// up, so the proxy never has to track upstream keep-alive state.
std::optional<Message> forward(const Message& req) {
  Fd up(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (up.fd < 0 || ::connect(up.fd, reinterpret_cast<const sockaddr*>(&opt.upstream), sizeof opt.upstream) != 0)
    return std::nullopt;
  const timeval limit{60, 0};  // a hung HQ becomes a 502 rather than a stuck thread
  ::setsockopt(up.fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  std::string out = req.start + "\r\n";
  for (const auto& [k, v] : req.headers)
    if (!hop_by_hop(k)) out += k + ": " + v + "\r\n";
  if (!req.body.empty() || req.header("Content-Length") || req.header("Transfer-Encoding"))
    out += "Content-Length: " + std::to_string(req.body.size()) + "\r\n";
  if (!send_all(up.fd, out + "Connection: close\r\n\r\n" + req.body)) return std::nullopt;
  Conn c(up.fd);
  for (;;) {
    auto res = read_head(c);
    if (!res) return std::nullopt;
    if (res->status() / 100 == 1) continue;  // interim answers are this hop's business only
    if (!read_body(c, *res, true)) return std::nullopt;
    return res;
  }
}

const char* kPortalPage =
    "<!DOCTYPE html>\n<html><head><title>Network Login Required</title></head>\n"
    "<body><h1>Welcome to Branch Guest Wi-Fi</h1>\n"
    "<p>Please accept the terms of use to continue browsing.</p>\n"
    "<form method=\"post\" action=\"/login\"><button>Accept</button></form>\n</body></html>\n";

void serve(int fd) {
  Fd client(fd);
  Conn conn(fd);
  for (;;) {
    std::optional<Message> req = read_head(conn);
    if (!req) return;  // the client left, or sent something that is not HTTP
    const std::string method = req->start.substr(0, req->start.find(' '));
    const std::string* conn_hdr = req->header("Connection");
    const bool keep_alive = req->start.ends_with("HTTP/1.1") ? !(conn_hdr && icontains(*conn_hdr, "close"))
                                                             : (conn_hdr && icontains(*conn_hdr, "keep-alive"));
    if (const std::string* e = req->header("Expect"); e && icontains(*e, "100-continue"))
      send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n");
    if (!read_body(conn, *req, false)) return;

    const std::string fault = method == "POST" ? pick_fault() : "pass";
    const bool forwards = fault != "error500" && fault != "throttle429" && fault != "throttle429_date";
    std::optional<Message> res;
    if (forwards) res = forward(*req);
    const bool upstream_down = forwards && !res;
    // Counted before any sleep or send, so a SIGTERM during `slow` still sees it.
    record(method == "POST" ? fault : "get", upstream_down);
    bool usable = true;  // whether this client connection can carry another request
    if (upstream_down) {
      res = answer("HTTP/1.1 502 Bad Gateway", "text/plain", "fault_proxy: upstream unreachable\n");
    } else if (fault == "error500") {
      res = answer("HTTP/1.1 500 Internal Server Error", "text/plain", "fault_proxy: injected error\n");
    } else if (fault == "throttle429" || fault == "throttle429_date") {
      const std::string after = fault == "throttle429" ? "1" : http_date(std::time(nullptr) + 2);
      res = answer("HTTP/1.1 429 Too Many Requests", "application/json", R"({"error":"slow down"})",
                   {{"Retry-After", after}});
    } else if (fault == "reset_after_commit") {
      // HQ has committed; an RST rather than a FIN makes the client see a hard network error.
      const linger lg{1, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
      usable = false;
    } else if (fault == "slow") {
      std::this_thread::sleep_for(std::chrono::milliseconds(opt.slow_ms));
    } else if (fault == "html") {
      res = answer("HTTP/1.1 200 OK", "text/html; charset=utf-8", kPortalPage);
    } else if (fault == "truncated") {
      // Promise the whole body, deliver half, hang up: the client must not trust a short read.
      send_all(fd, head_of(*res, false, res->body.size()) + res->body.substr(0, res->body.size() / 2));
      ::shutdown(fd, SHUT_WR);
      usable = false;
    } else if (fault == "half_ack" && res->status() == 200) {
      // HQ stored the whole batch, but the client hears about only the first half of it.
      json j = json::parse(res->body, nullptr, false);
      if (j.is_object() && j.contains("results") && j["results"].is_array()) {
        j["results"].get_ref<json::array_t&>().resize(j["results"].size() / 2);
        res->body = j.dump();
      }
    }
    if (usable) usable = send_all(fd, head_of(*res, keep_alive, res->body.size()) + res->body);
    if (!usable || !keep_alive) return;
  }
}

std::optional<sockaddr_in> resolve(const std::string& host_port) {
  const auto colon = host_port.rfind(':');
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* ai = nullptr;
  if (colon == std::string::npos ||
      ::getaddrinfo(host_port.substr(0, colon).c_str(), host_port.substr(colon + 1).c_str(), &hints, &ai) != 0)
    return std::nullopt;
  sockaddr_in a;
  std::memcpy(&a, ai->ai_addr, sizeof a);
  ::freeaddrinfo(ai);
  return a;
}

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "fault_proxy: " << why << "\nusage: fault_proxy --listen HOST:PORT --upstream HOST:PORT [--seed N]"
               " [--faults name=weight,...] [--slow-ms MS] [--stats FILE]\n";
  std::exit(2);
}

void parse_faults(const std::string& spec) {
  opt.faults.clear();
  std::uint64_t total = 0;
  for (std::size_t pos = 0, end; pos < spec.size(); pos = end + 1) {
    end = std::min(spec.find(',', pos), spec.size());
    const std::string item = spec.substr(pos, end - pos);
    const auto eq = item.find('=');
    if (eq == std::string::npos || std::find(kFaults.begin(), kFaults.end(), item.substr(0, eq)) == kFaults.end())
      usage("bad fault '" + item + "'");
    opt.faults.emplace_back(item.substr(0, eq), std::stoull(item.substr(eq + 1)));
    total += opt.faults.back().second;
  }
  if (total == 0) usage("fault weights sum to zero");
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<sockaddr_in> listen_addr, upstream;
  try {
    for (int i = 1; i < argc; i += 2) {
      const std::string a = argv[i];
      if (i + 1 >= argc) usage("missing value for " + a);
      const std::string v = argv[i + 1];
      if (a == "--listen") listen_addr = resolve(v);
      else if (a == "--upstream") upstream = resolve(v);
      else if (a == "--seed") opt.seed = std::stoull(v);
      else if (a == "--faults") parse_faults(v);
      else if (a == "--slow-ms") opt.slow_ms = std::stoi(v);
      else if (a == "--stats") opt.stats_path = v;
      else usage("unknown option " + a);
    }
  } catch (const std::logic_error&) {  // what std::stoi and friends throw on junk
    usage("bad number");
  }
  if (!listen_addr || !upstream) usage("--listen and --upstream must be HOST:PORT");
  opt.upstream = *upstream;

  ::signal(SIGPIPE, SIG_IGN);  // a client hanging up mid-answer must not kill the proxy
  // Only the stats thread takes SIGTERM/SIGINT (threads inherit the mask), so no handler
  // ever interrupts a worker.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  rng.seed(opt.seed);
  for (const std::string& f : kFaults) counts[f] = 0;
  counts["requests"] = counts["get"] = counts["upstream_down"] = 0;

  const int lfd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (lfd < 0 || ::bind(lfd, reinterpret_cast<const sockaddr*>(&*listen_addr), sizeof *listen_addr) != 0 ||
      ::listen(lfd, SOMAXCONN) != 0) {
    std::perror("fault_proxy: listen");
    return 1;
  }
  sockaddr_in bound{};
  socklen_t len = sizeof bound;
  ::getsockname(lfd, reinterpret_cast<sockaddr*>(&bound), &len);
  char host[INET_ADDRSTRLEN];
  ::inet_ntop(AF_INET, &bound.sin_addr, host, sizeof host);
  {
    std::lock_guard lock(mu);
    write_stats_locked();  // the file exists from the start, even if no request ever comes
  }
  std::printf("listening %s:%d\n", host, ntohs(bound.sin_port));
  std::fflush(stdout);

  std::thread([stop] {
    int sig = 0;
    sigwait(&stop, &sig);
    std::lock_guard lock(mu);  // held to the end: no worker rewrites the file after this
    write_stats_locked();
    std::_Exit(0);  // workers may be mid-request; skipping destructors keeps them from tripping
  }).detach();

  for (;;) {
    const int cfd = ::accept4(lfd, nullptr, nullptr, SOCK_CLOEXEC);
    if (cfd < 0) {
      // Out of fds: wait for connections to finish instead of spinning or dying.
      if (errno == EMFILE || errno == ENFILE) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    ::setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // answers go out in one send anyway
    try {
      std::thread(serve, cfd).detach();
    } catch (const std::system_error&) {
      ::close(cfd);  // no thread to spare: the client sees a closed connection and retries
    }
  }
}
