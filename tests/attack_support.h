// Clients that misbehave on purpose, over raw sockets: connections that say nothing, senders
// that trickle a request's headers a byte a second, and an endless chunked upload. For the
// tests that check an HTTP server (kiosk-hq, or nginx in front of it) stays up through them.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace lobby::itest {

inline int connect_to(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) return fd;
  if (fd >= 0) close(fd);
  return -1;
}

// True if the peer has closed `fd` (or reset it); reads and drops whatever it sent.
inline bool closed_by_peer(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, 0) <= 0) return false;
  char buffer[4096];
  const ssize_t n = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

// `idle` connections that send nothing and `slow` ones sending a request's headers a byte a
// second, each reopened as soon as the server closes it, until the attack is destroyed.
class SlowAndIdleAttack {
 public:
  SlowAndIdleAttack(int port, int idle, int slow) : port_(port) {
    thread_ = std::thread([this, idle, slow] { attack(idle, slow); });
  }
  ~SlowAndIdleAttack() {
    stop_ = true;
    thread_.join();
  }
  int idle_open() const { return idle_open_; }
  // How long each slow connection the server closed had been open, in seconds.
  std::vector<double> slow_lifetimes() {
    std::lock_guard lock(m_);
    return slow_lifetimes_;
  }

 private:
  using Clock = std::chrono::steady_clock;
  struct Slow {
    int fd = -1;
    Clock::time_point opened;
    std::size_t sent = 0;
  };
  void attack(int idle, int slow) {
    const std::string request =
        "POST /v1/checkins HTTP/1.1\r\nHost: hq\r\nContent-Type: application/json\r\nX-Padding: " +
        std::string(200, 'p') + "\r\n";  // never ends: the blank line never comes
    std::vector<int> idle_fds(static_cast<std::size_t>(idle), -1);
    std::vector<Slow> slows(static_cast<std::size_t>(slow));
    auto next_byte = Clock::now();
    while (!stop_) {
      int open = 0;
      for (int& fd : idle_fds) {
        if (fd >= 0 && closed_by_peer(fd)) close(fd), fd = -1;
        if (fd < 0) fd = connect_to(port_);
        open += fd >= 0;
      }
      idle_open_ = open;
      const bool tick = Clock::now() >= next_byte;
      for (Slow& s : slows) {
        if (s.fd >= 0 && closed_by_peer(s.fd)) {
          std::lock_guard lock(m_);
          slow_lifetimes_.push_back(std::chrono::duration<double>(Clock::now() - s.opened).count());
          close(s.fd), s.fd = -1;
        }
        if (s.fd < 0) s = {connect_to(port_), Clock::now(), 0};
        if (tick && s.fd >= 0 && send(s.fd, &request[s.sent % request.size()], 1, MSG_NOSIGNAL) == 1) ++s.sent;
      }
      if (tick) next_byte += std::chrono::seconds(1);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (int fd : idle_fds) if (fd >= 0) close(fd);
    for (Slow& s : slows) if (s.fd >= 0) close(s.fd);
  }
  int port_;
  std::atomic<bool> stop_{false};
  std::atomic<int> idle_open_{0};
  std::mutex m_;
  std::vector<double> slow_lifetimes_;
  std::thread thread_;
};

// What became of an upload the server did not want.
struct Upload {
  std::size_t sent = 0;  // body bytes the server let us send before it answered or closed
  int status = 0;        // its answer's status, 0 if it closed without one
};

// POSTs a chunked body of up to `total` bytes, 64 KiB a chunk, stopping as soon as the server
// answers or closes; `headers` are extra header lines, each ending in \r\n.
inline Upload chunked_upload(int port, const std::string& headers, std::size_t total) {
  Upload u;
  const int fd = connect_to(port);
  if (fd < 0) return u;
  const std::string head = "POST /v1/checkins HTTP/1.1\r\nHost: hq\r\nContent-Type: application/json\r\n" + headers +
                           "Transfer-Encoding: chunked\r\n\r\n";
  send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  std::string chunk = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";
  chunk[7] = '[';  // any bytes: it is never parsed whole
  std::string answer;
  for (bool open = true; open && u.sent < total;) {
    pollfd p{fd, POLLIN | POLLOUT, 0};
    if (poll(&p, 1, 2000) <= 0) break;  // the server stopped reading and says nothing
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      char buffer[4096];
      const ssize_t n = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n > 0) answer.append(buffer, static_cast<std::size_t>(n));
      open = n > 0 || (n < 0 && errno == EAGAIN);
      if (answer.find("\r\n\r\n") != std::string::npos) break;
    } else if (p.revents & POLLOUT) {
      const ssize_t n = send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && errno != EAGAIN) break;
      if (n > 0) u.sent += static_cast<std::size_t>(n);
    }
  }
  if (answer.rfind("HTTP/1.", 0) == 0) u.status = std::stoi(answer.substr(9, 3));
  close(fd);
  return u;
}

// A process's peak resident memory (VmHWM), in KiB; 0 if it cannot be read.
inline long peak_rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

}  // namespace lobby::itest
