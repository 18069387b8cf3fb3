// A receipt printer for tests and the demo: a TCP server on 127.0.0.1 that reads the ESC/POS
// stream as a real printer would, answers the real-time status requests (DLE EOT n) with the
// bytes a real printer sends, and decodes each ticket into its lines (GB18030 back to UTF-8),
// their size, and the QR code's payload. It can be put out of paper, cover open, offline,
// silent, in error, or made to hang up mid-ticket. A command it does not know is recorded as
// an error, so a test sees a stream a printer would misread.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lobby::fake {

enum class Mode : std::uint8_t {
  ready,
  paper_near_end,  // prints, and says the roll is nearly used up
  paper_end,
  cover_open,
  offline,         // offline without a reason
  error,           // cutter error
  silent,          // accepts the connection, never answers
  hang_up,         // answers the status, then closes the connection when the ticket comes
  runs_out,        // ready, but the paper runs out during the next ticket
};

struct Line {
  std::string text;  // UTF-8
  int size = 1;      // character magnification (GS !)
  bool bold = false;
};

struct Printout {
  std::vector<Line> lines;
  std::string qr;             // the QR code's payload, if one was printed
  int qr_module = 0;
  bool initialised = false;   // began with ESC @
  bool chinese_mode = false;  // FS & came before any Chinese text
  bool cut = false;
  std::vector<std::string> errors;  // what a real printer would misread
  std::string text() const;         // all lines, one per line
};

class Printer {
 public:
  Printer();  // listens on a free port of 127.0.0.1
  ~Printer();
  Printer(const Printer&) = delete;
  Printer& operator=(const Printer&) = delete;

  int port() const { return port_; }
  std::string device() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  void set_mode(Mode m) { mode_ = m; }
  Mode mode() const { return mode_; }
  std::vector<Printout> printed() const;  // tickets that came out of the printer, in order
  int status_requests() const { return status_requests_; }
  int connections() const { return connections_; }
  // Serves the other end of a device (a pty's master standing for /dev/usb/lp0) as well, on a
  // thread of its own until the printer is destroyed; closes `fd` then.
  void serve_device(int fd);
  // Called with each ticket as it is cut (on the server's thread), e.g. to show it.
  void on_printed(void (*f)(const Printout&)) { on_printed_ = f; }

 private:
  void serve();
  void handle(int fd);
  int listen_fd_ = -1, port_ = 0;
  std::atomic<Mode> mode_{Mode::ready};
  std::atomic<bool> stopping_{false};
  std::atomic<int> status_requests_{0}, connections_{0};
  void (*on_printed_)(const Printout&) = nullptr;
  mutable std::mutex mutex_;
  std::vector<Printout> printed_;
  std::thread thread_, device_thread_;
};

// A port on 127.0.0.1 where nothing listens (a printer switched off).
int closed_port();

}  // namespace lobby::fake
