#include "fake_printer.h"

#include "kiosk/devices/escpos.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace lobby::fake {

std::string Printout::text() const {
  std::string out;
  for (const Line& l : lines) out += l.text + "\n";
  return out;
}

namespace {

int listen_on(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 8) != 0)
    throw std::runtime_error("fake printer: cannot listen on 127.0.0.1");
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  port = ntohs(a.sin_port);
  return fd;
}

// The byte a real printer answers DLE EOT n with, in `mode`; -1: no answer.
int status_byte(Mode mode, int n) {
  int b = 0x12;
  switch (mode) {
    case Mode::ready: case Mode::hang_up: case Mode::runs_out: break;
    case Mode::silent: return -1;
    case Mode::paper_near_end: if (n == 4) b |= 0x0C; break;
    case Mode::paper_end: if (n == 1) b |= 0x08; if (n == 2) b |= 0x20; if (n == 4) b |= 0x60; break;
    case Mode::cover_open: if (n == 1) b |= 0x08; if (n == 2) b |= 0x04; break;
    case Mode::offline: if (n == 1) b |= 0x08; break;
    case Mode::error: if (n == 1) b |= 0x08; if (n == 2) b |= 0x40; if (n == 3) b |= 0x08; break;
  }
  return b;
}

bool prints(Mode m) { return m == Mode::ready || m == Mode::paper_near_end || m == Mode::runs_out; }

}  // namespace

int closed_port() {
  int port = 0;
  ::close(listen_on(port));
  return port;
}

Printer::Printer() {
  listen_fd_ = listen_on(port_);
  thread_ = std::thread([this] { serve(); });
}

Printer::~Printer() {
  stopping_ = true;
  thread_.join();
  if (device_thread_.joinable()) device_thread_.join();
  ::close(listen_fd_);
}

void Printer::serve_device(int fd) {
  device_thread_ = std::thread([this, fd] {
    while (!stopping_) {  // a device has no connections: it is always there
      handle(fd);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // the other end is closed: wait
    }
    ::close(fd);
  });
}

std::vector<Printout> Printer::printed() const {
  std::lock_guard lock(mutex_);
  return printed_;
}

void Printer::serve() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++connections_;
    handle(fd);  // one job at a time, as a printer takes them
    ::close(fd);
  }
}

void Printer::handle(int fd) {
  std::string in;  // bytes not yet understood
  Printout job;
  Line line;
  std::string qr_data;
  auto end_line = [&] {
    if (!job.chinese_mode)
      for (const char c : line.text)
        if (static_cast<unsigned char>(c) >= 0x80) {
          job.errors.push_back("a byte above 0x7F outside Chinese mode (FS &): printed as a code page symbol");
          break;
        }
    line.text = escpos::from_gb18030(line.text);
    job.lines.push_back(line);
    line.text.clear();
  };
  while (!stopping_) {
    pollfd p{fd, POLLIN, 0};
    const int r = ::poll(&p, 1, 50);
    if (r == 0) continue;
    char buffer[4096];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) return;
    in.append(buffer, static_cast<std::size_t>(n));
    std::size_t i = 0;
    for (;;) {
      if (i >= in.size()) break;
      const auto at = [&](std::size_t k) { return static_cast<unsigned char>(in[i + k]); };
      const std::size_t left = in.size() - i;
      const unsigned char c = at(0);
      std::size_t used = 0;
      if (c == 0x10) {  // DLE EOT n
        if (left < 3) break;
        used = 3;
        if (at(1) != 0x04 || at(2) < 1 || at(2) > 4) job.errors.push_back("unknown DLE command");
        ++status_requests_;
        const int answer = status_byte(mode_, at(2));
        if (answer >= 0) {
          const char b = static_cast<char>(answer);
          if (::write(fd, &b, 1) != 1) return;
        }
      } else if (c == 0x1B || c == 0x1C) {
        if (left < 2) break;
        const unsigned char f = at(1);
        if (c == 0x1B && f == '@') used = 2, job = Printout{}, job.initialised = true, line = Line{};
        else if (c == 0x1C && f == '&') used = 2, job.chinese_mode = true;
        else if (c == 0x1C && f == '.') used = 2, job.chinese_mode = false;
        else if (c == 0x1B && (f == 'a' || f == 'E' || f == 'd')) {
          if (left < 3) break;
          used = 3;
          if (f == 'E') line.bold = at(2) != 0;
        } else {
          used = 1;
          job.errors.push_back("unknown command " + std::to_string(c) + " " + std::to_string(f));
        }
      } else if (c == 0x1D) {
        if (left < 3) break;
        const unsigned char f = at(1);
        if (f == '!') {
          used = 3;
          line.size = (at(2) & 0x07) + 1;
          if (((at(2) >> 4) & 0x07) != (at(2) & 0x07)) job.errors.push_back("stretched characters");
        } else if (f == 'V') {
          const bool feed = at(2) == 'A' || at(2) == 'B';
          if (feed && left < 4) break;
          used = feed ? 4 : 3;
          job.cut = true;
          if (!line.text.empty()) end_line();
          if (mode_ == Mode::runs_out) mode_ = Mode::paper_end;  // it ran out on this one
          else if (prints(mode_)) {
            std::lock_guard lock(mutex_);
            printed_.push_back(job);
            if (on_printed_) on_printed_(job);
          }
          job = Printout{};
        } else if (f == '(' ) {
          if (left < 5) break;
          if (at(2) != 'k') {
            used = 1;
            job.errors.push_back("unknown GS ( function");
          } else {
            const std::size_t len = at(3) | (at(4) << 8);
            if (left < 5 + len) break;
            used = 5 + len;
            const std::string body = in.substr(i + 5, len);
            if (len < 3 || body[0] != '1') job.errors.push_back("not a QR code function");
            else if (body[1] == 'C') job.qr_module = static_cast<unsigned char>(body[2]);
            else if (body[1] == 'P') qr_data = body.substr(3);
            else if (body[1] == 'Q') job.qr = qr_data;
            else if (body[1] != 'A' && body[1] != 'E') job.errors.push_back("unknown QR function");
          }
        } else {
          used = 1;
          job.errors.push_back("unknown GS command " + std::to_string(f));
        }
      } else if (c == 0x0A) {
        used = 1;
        end_line();
      } else if (c < 0x20) {
        used = 1;
        job.errors.push_back("unknown control byte " + std::to_string(c));
      } else {
        used = 1;
        line.text += static_cast<char>(c);
      }
      i += used;
      if (mode_ == Mode::hang_up && job.initialised) return;  // the ticket began: hang up
    }
    in.erase(0, i);
  }
}

}  // namespace lobby::fake
