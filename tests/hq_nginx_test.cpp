// The same attacks through Debian's nginx, configured by deploy/nginx/kiosk-hq.conf (its
// shared lines as they are; plain HTTP on 127.0.0.1 instead of TLS), in front of two kiosk-hq.
#include "attack_support.h"
#include "hq_support.h"

#include <filesystem>
#include <set>
#include <sstream>

namespace lobby::itest {
namespace {

constexpr const char* kNginx = "/usr/sbin/nginx";

// The lines between "# >>> NAME" and "# <<<" in the example configuration.
std::string shared_lines(const std::string& name) {
  std::istringstream in(read_file(SOURCE_DIR "/deploy/nginx/kiosk-hq.conf"));
  std::string out;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    const auto text = line.substr(std::min(line.find_first_not_of(' '), line.size()));
    if (text == "# <<<") inside = false;
    if (inside) out += line + "\n";
    if (text == "# >>> " + name) inside = true;
  }
  return out;
}

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof a;
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size);
  close(fd);
  return ntohs(a.sin_port);
}

// nginx in the foreground, one process, everything it writes under `dir`.
struct Nginx {
  int port = free_port();
  pid_t pid = -1;
  Nginx(const std::string& dir, const std::vector<int>& upstreams) {
    std::string servers;
    for (int p : upstreams) servers += "        server 127.0.0.1:" + std::to_string(p) + ";\n";
    write_file(dir + "/nginx.conf",
               "daemon off;\nmaster_process off;\npid " + dir + "/nginx.pid;\nerror_log " + dir + "/error.log warn;\n"
               "events { worker_connections 4096; }\n"
               "http {\n    access_log off;\n"
               "    client_body_temp_path " + dir + "/body;\n    proxy_temp_path " + dir + "/proxy;\n"
               "    fastcgi_temp_path " + dir + "/fastcgi;\n    uwsgi_temp_path " + dir + "/uwsgi;\n"
               "    scgi_temp_path " + dir + "/scgi;\n" +
               shared_lines("http level") +
               "    upstream kiosk_hq {\n" + servers + "        keepalive 32;\n    }\n"
               "    server {\n        listen 127.0.0.1:" + std::to_string(port) + ";\n" +
               shared_lines("server level") + "    }\n}\n");
    pid = spawn_quiet({kNginx, "-p", dir, "-e", dir + "/error.log", "-c", dir + "/nginx.conf"});
    for (int i = 0; i < 100; ++i) {
      if (const int fd = connect_to(port); fd >= 0) {
        close(fd);
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~Nginx() {
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

TEST(HqNginx, TheExampleConfigurationKeepsTwoServersUpThroughTheSameAttacks) {
  if (access(kNginx, X_OK) != 0) GTEST_SKIP() << "nginx is not installed (deploy/setup.sh installs it)";
  ASSERT_NE(shared_lines("server level").find("client_max_body_size"), std::string::npos);
  TempDir dir;
  const std::string db = dir.file("kiosk.db");
  const std::size_t n = fill_kiosk(db, 600);
  Hq first(dir.file("hq1.db"));
  std::filesystem::copy_file(first.db, dir.file("hq2.db"));  // the same token on both
  Hq second(dir.file("hq2.db"));
  first.serve();
  second.serve();
  Nginx nginx(dir.path, {first.server.port(), second.server.port()});
  ASSERT_EQ(run({"/usr/bin/curl", "-sf", nginx.url() + "/healthz"}).out, "ok\n") << read_file(dir.file("error.log"));

  {
    SlowAndIdleAttack attack(nginx.port, 500, 8);
    for (int i = 0; i < 100 && attack.idle_open() < 500; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_EQ(attack.idle_open(), 500);
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const auto t0 = std::chrono::steady_clock::now();
    const Ran r = run({KIOSK_BIN, "sync", "--db", db, "--hq", nginx.url(), "--token", first.token, "--drain",
                       "--batch", "64", "--deadline", "30"});
    ASSERT_EQ(r.status, 0) << r.out << r.err;
    std::cout << "[ figures  ] kiosk sync of " << n << " items through nginx under attack: "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s\n";
    while (std::chrono::steady_clock::now() - t0 < std::chrono::seconds(14))
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ASSERT_FALSE(attack.slow_lifetimes().empty()) << "nginx never closed a slow sender";
    for (double s : attack.slow_lifetimes()) EXPECT_LE(s, 13.0);
  }
  // Spread over both servers, each item once.
  std::set<std::string> uuids;
  std::size_t rows = 0;
  for (Hq* hq : {&first, &second}) {
    const auto stored = hq->exported();
    EXPECT_FALSE(stored.empty()) << hq->db << " was given nothing";
    for (const auto& row : stored) uuids.insert(row["uuid"].get<std::string>()), ++rows;
  }
  EXPECT_EQ(uuids.size(), n);
  EXPECT_EQ(rows, n);

  // A half-gigabyte chunked upload stops at nginx's limit; neither server sees it.
  const Upload upload = chunked_upload(nginx.port, "", std::size_t{500} << 20);
  EXPECT_EQ(upload.status, 413);
  EXPECT_LT(upload.sent, std::size_t{20} << 20);
  EXPECT_EQ(first.log().find("status=401"), std::string::npos);
  EXPECT_EQ(second.log().find("status=401"), std::string::npos);
}

}  // namespace
}  // namespace lobby::itest
