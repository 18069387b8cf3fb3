#include "kiosk/devices/printer.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace lobby {

namespace {

using Fault = escpos::Problem;  // lobby::Problem is the error shape of the layers below
using Clock = std::chrono::steady_clock;

bool parse_tcp(const std::string& device, std::string& host, std::string& port) {
  if (device.rfind("tcp://", 0) != 0) return false;
  const std::string rest = device.substr(6);
  const std::size_t colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = rest.substr(0, colon);
  port = rest.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
  const int n = std::stoi(port);
  return n >= 1 && n <= 65535;
}

// One open connection to the printer, closed on destruction. Non-blocking: every wait is a poll
// with the time left.
struct Link {
  int fd = -1;
  std::string error;
  ~Link() {
    if (fd >= 0) ::close(fd);
  }

  bool wait(short events, int timeout_ms) {
    pollfd p{fd, events, 0};
    const int r = ::poll(&p, 1, timeout_ms);
    if (r == 0) error = "timed out after " + std::to_string(timeout_ms) + " ms";
    else if (r < 0) error = std::strerror(errno);
    return r > 0;
  }

  bool open(const std::string& device, int timeout_ms) {
    std::string host, port;
    if (!parse_tcp(device, host, port)) {
      fd = ::open(device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
      if (fd < 0) error = device + ": " + std::strerror(errno);
      return fd >= 0;
    }
    addrinfo hints{}, *found = nullptr;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (const int r = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); r != 0) {
      error = host + ": " + gai_strerror(r);
      return false;
    }
    fd = ::socket(found->ai_family, found->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, found->ai_protocol);
    int r = fd < 0 ? -1 : ::connect(fd, found->ai_addr, found->ai_addrlen);
    ::freeaddrinfo(found);
    if (fd < 0) return error = std::strerror(errno), false;
    if (r != 0 && errno != EINPROGRESS) return error = device + ": " + std::strerror(errno), false;
    if (r != 0) {
      if (!wait(POLLOUT, timeout_ms)) return error = device + ": connecting " + error, false;
      int so_error = 0;
      socklen_t len = sizeof so_error;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
      if (so_error != 0) return error = device + ": " + std::strerror(so_error), false;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return true;
  }

  bool write_all(const std::string& bytes, Clock::time_point deadline) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + sent, bytes.size() - sent);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno != EAGAIN && errno != EINTR) return error = std::strerror(errno), false;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0 || !wait(POLLOUT, static_cast<int>(left))) {
        if (left <= 0) error = "timed out";
        return false;
      }
    }
    return true;
  }

  // One status byte in answer to `request`; false if none came in time (or the link broke).
  bool ask(std::string_view request, unsigned char& answer, int timeout_ms) {
    if (!write_all(std::string(request), Clock::now() + std::chrono::milliseconds(timeout_ms))) return false;
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0 || !wait(POLLIN, static_cast<int>(left))) {
        if (left <= 0) error = "no answer to the status request";
        return false;
      }
      const ssize_t n = ::read(fd, &answer, 1);
      if (n == 1) {
        if (escpos::valid_status_byte(answer)) return true;
        continue;  // not a status byte (e.g. an older answer's leftovers): keep reading
      }
      if (n == 0) return error = "the printer closed the connection", false;
      if (errno != EAGAIN && errno != EINTR) return error = std::strerror(errno), false;
    }
  }
};

PrintResult status_on(Link& link, const PrinterSettings& s) {
  PrintResult r;
  unsigned char b[4] = {};
  const std::string_view requests[4] = {{escpos::kStatusPrinter, 3}, {escpos::kStatusOffline, 3},
                                        {escpos::kStatusError, 3}, {escpos::kStatusPaper, 3}};
  for (int i = 0; i < 4; ++i)
    if (!link.ask(requests[i], b[i], s.timeout_ms)) {
      r.problem = Fault::no_answer;
      r.detail = link.error;
      return r;
    }
  const escpos::Status st = escpos::decode_status(b[0], b[1], b[2], b[3]);
  r.problem = st.problem;
  r.paper_near_end = st.paper_near_end;
  char hex[32];
  std::snprintf(hex, sizeof hex, "status %02x %02x %02x %02x", b[0], b[1], b[2], b[3]);
  r.detail = hex;
  return r;
}

}  // namespace

std::string device_problem(const std::string& device) {
  if (device.empty())
    return "no device: give \"tcp://HOST:PORT\" (a network printer, port 9100) or a path such as /dev/usb/lp0";
  if (device.rfind("tcp://", 0) == 0) {
    std::string host, port;
    if (parse_tcp(device, host, port)) return "";
    return "expected tcp://HOST:PORT with a port from 1 to 65535, e.g. tcp://192.168.1.50:9100";
  }
  if (device[0] != '/') return "expected tcp://HOST:PORT or an absolute device path such as /dev/usb/lp0";
  return "";
}

PrintResult printer_status(const PrinterSettings& s) {
  Link link;
  if (!link.open(s.device, s.timeout_ms)) return {Fault::unreachable, false, link.error};
  return status_on(link, s);
}

PrintResult print_job(const PrinterSettings& s, const std::string& job) {
  Link link;
  if (!link.open(s.device, s.timeout_ms)) return {Fault::unreachable, false, link.error};
  PrintResult before = status_on(link, s);
  if (!before.ok()) return before;
  // A ticket is a few hundred bytes: the timeout is for a printer that stopped reading.
  if (!link.write_all(job, Clock::now() + std::chrono::milliseconds(s.timeout_ms)))
    return {Fault::write_failed, before.paper_near_end, link.error};
  // Asked after the ticket, the status is answered once the printer has read it: the roll may
  // have run out, or the cover been opened, while it printed.
  PrintResult after = status_on(link, s);
  if (after.problem == Fault::no_answer) after.problem = Fault::write_failed;
  return after;
}

}  // namespace lobby
