// The kiosk's systemd watchdog, seen from systemd's side: the real `kiosk run` window (under
// Xvfb) is started with NOTIFY_SOCKET pointing at a datagram socket this test owns, as
// systemd would, and must say READY=1 after its first frame, WATCHDOG=1 again and again while
// it sits idle on the welcome screen (without drawing for it), and STOPPING=1 on SIGTERM.
#include "test_support.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <fstream>
#include <thread>

namespace lobby::itest {
namespace {

using Clock = std::chrono::steady_clock;

// A socket in the place of systemd's notify socket, and the kiosk started against it.
struct NotifiedKiosk {
  TempDir dir;
  int socket_fd = -1;
  pid_t pid = -1;

  // watchdog_usec empty: started without a watchdog, as the lobby display is.
  explicit NotifiedKiosk(const std::string& watchdog_usec) {
    socket_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const std::string path = dir.file("notify");
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    if (socket_fd < 0 || bind(socket_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error(std::string("notify socket: ") + std::strerror(errno));

    pid = fork();
    if (pid == 0) {
      setenv("NOTIFY_SOCKET", path.c_str(), 1);
      if (!watchdog_usec.empty()) setenv("WATCHDOG_USEC", watchdog_usec.c_str(), 1);
      const std::string log = dir.file("kiosk.log");
      // The shell's $$ is the kiosk's pid after exec: systemd names the watched process the same way.
      execl("/bin/sh", "sh", "-c",
            "export WATCHDOG_PID=$$; exec \"$0\" run --software --window 640x480 --db \"$1\" 2>\"$2\"",
            KIOSK_BIN, dir.file("kiosk.db").c_str(), log.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~NotifiedKiosk() {
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    if (socket_fd >= 0) close(socket_fd);
  }

  // The next message within `ms`, or "" when none came.
  std::string next(int ms) {
    pollfd p{socket_fd, POLLIN, 0};
    if (poll(&p, 1, ms) != 1) return "";
    char buf[4096];
    const ssize_t n = recv(socket_fd, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
  }

  // Waits up to `ms` for a message containing `what`; the messages passed on the way are dropped.
  bool wait_for(const std::string& what, int ms) {
    const auto end = Clock::now() + std::chrono::milliseconds(ms);
    while (Clock::now() < end) {
      const int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count());
      if (next(std::max(left, 1)).find(what) != std::string::npos) return true;
    }
    return false;
  }

  // Write calls the kiosk has made so far: a frame drawn is a frame sent to the X server, while
  // sd_notify's sendmsg is not counted here.
  long writes() const {
    std::ifstream io("/proc/" + std::to_string(pid) + "/io");
    std::string key;
    long value = -1;
    while (io >> key >> value)
      if (key == "syscw:") return value;
    return -1;
  }

  std::string log() const { return read_file(dir.file("kiosk.log")); }
};

TEST(Watchdog, ReadyAfterTheFirstFrameThenFedWhileIdleThenStopping) {
  NotifiedKiosk k("400000");  // 0.4 s: the kiosk sleeps at most 0.2 s between feeds
  ASSERT_TRUE(k.wait_for("READY=1", 60000)) << k.log();
  EXPECT_NE(k.log().find("event=first_frame"), std::string::npos) << "READY=1 came before the first frame";

  // Let the welcome screen settle (a frame or two after the first), then watch it idle.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  while (!k.next(0).empty()) {
  }
  const long writes_before = k.writes();
  ASSERT_GE(writes_before, 0) << "cannot read /proc/" << k.pid << "/io";
  const auto start = Clock::now();
  int feeds = 0;
  std::string message;
  while (Clock::now() - start < std::chrono::seconds(3)) {
    message = k.next(1000);
    ASSERT_FALSE(message.empty()) << "no message for 1 s, more than twice the watchdog interval\n" << k.log();
    if (message == "WATCHDOG=1") ++feeds;
  }
  EXPECT_GE(feeds, 8) << "a 0.4 s watchdog must hear from the kiosk every 0.2 s or so";
  EXPECT_LE(feeds, 40) << "fed far more often than needed";
  EXPECT_LT(k.writes() - writes_before, feeds / 2) << "the idle kiosk drew frames while it was only feeding the watchdog";

  kill(k.pid, SIGTERM);
  EXPECT_TRUE(k.wait_for("STOPPING=1", 10000)) << k.log();
  int status = -1;
  waitpid(k.pid, &status, 0);
  k.pid = -1;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status << "\n" << k.log();
}

TEST(Watchdog, WithoutWatchdogUsecOnlyReadyIsSent) {
  NotifiedKiosk k("");
  ASSERT_TRUE(k.wait_for("READY=1", 60000)) << k.log();
  const std::string more = k.next(1500);
  EXPECT_EQ(more, "") << "the kiosk fed a watchdog systemd did not ask for";
}

}  // namespace
}  // namespace lobby::itest
