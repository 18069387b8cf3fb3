#include "sync/hq/hq_settings.h"

namespace lobby {

bool parse_listen(const std::string& s, HqConfig& c) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos) return false;
  c.host = s.substr(0, colon);
  try {
    std::size_t used = 0;
    c.port = std::stoi(s.substr(colon + 1), &used);
    return used == s.size() - colon - 1 && c.port >= 0 && c.port < 65536 && !c.host.empty();
  } catch (const std::exception&) {
    return false;
  }
}

SettingList serve_settings(ServeSettings& s) {
  SettingList list;
  list.text("database", "--db", s.db, "HQ's database, every check-in from every kiosk: a file (SQLite), or postgresql://… (shared by several servers)");
  list.text("server.listen", "--listen", s.listen, "HOST:PORT (port 0: any free port); keep it behind the TLS proxy")
      .checked_by([](const std::string& listen) {
        HqConfig ignored;
        return parse_listen(listen, ignored) ? "" : "expected HOST:PORT, e.g. 127.0.0.1:8080";
      });
  list.whole("server.threads", "--threads", s.config.threads, 1, 256, "request threads (each serves many connections)");
  list.whole("server.max_items", "--max-items", s.config.limits.max_items, 1, 100000,
             "items per batch; a larger batch is refused with 413");
  list.whole("server.max_body_bytes", "--max-body", s.config.limits.max_body_bytes, 1024, 1 << 30,
             "bytes per request body; match the proxy's client_max_body_size");
  list.whole("server.max_waiting", "--max-waiting", s.config.max_waiting, 1, 10000,
             "batches queued for the database before answering 503");
  list.whole("server.max_connections", "--max-connections", s.config.max_connections, 16, 100000,
             "open connections above which requests are answered 503 (idle ones hold no thread)");
  list.whole("server.request_seconds", "--request-seconds", s.config.request_seconds, 10, 3600,
             "time for a request's headers and body to arrive; then the connection is closed");
  list.text("dashboard.files", "--dashboard-files", s.config.dashboard_dir,
            "the dashboard's folder (index.html, scripts, strings); leave unset: the program finds its own");
  list.whole("dashboard.session_idle_minutes", "--session-idle-minutes", s.config.sessions.idle_minutes, 1, 7 * 24 * 60,
             "a person's dashboard session not used for this long is over (the open dashboard uses it every few seconds)");
  list.whole("dashboard.session_lifetime_hours", "--session-lifetime-hours", s.config.sessions.lifetime_hours, 1, 30 * 24,
             "a person's dashboard session is over this long after signing in, however busy");
  list.whole("privacy.retention_days", "--retention-days", s.retention_days, 0, 36500,
             "purge customers' numbers and names older than this, at start and daily (0: keep)");
  return list;
}

void load_hq_config(const std::string& path, ServeSettings& s) {
  ConfigFile f(path);
  serve_settings(s).read(f);
  f.refuse_unknown_keys();
}

}  // namespace lobby
