#include "sync/hq/server.h"

#include "kiosk/common/db.h"
#include "kiosk/common/log_line.h"
#include "sync/hq/accounts.h"
#include "sync/hq/branch_tables.h"
#include "sync/hq/read_api.h"
#include "sync/hq/server_metrics.h"

#include <microhttpd.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <algorithm>
#include <chrono>
#include <cstdarg>
#include <unordered_map>

namespace lobby {

using Clock = std::chrono::steady_clock;

namespace {
// A connection that sends nothing for this long is closed by libmicrohttpd: between a kiosk's
// batches a connection is idle for milliseconds, and an idle one still holds a descriptor and a
// place under the connection cap. Shorter than any request deadline, so that a connection still
// open at its deadline is one that is sending, slowly.
constexpr unsigned kIdleSeconds = 5;
// How far past the body limit HQ reads (and drops) a body before closing the connection.
constexpr std::size_t kDiscardBytes = 1 << 20;
// A sign-in is a name and a password: anything longer is not one.
constexpr std::size_t kSignInBytes = 4096;
// The dashboard's session cookie.
constexpr const char* kSessionCookie = "hq_session";
constexpr std::string_view kDashboard = "/dashboard/";
}  // namespace

// One request's state between the access handler's calls.
struct HqServer::Request {
  Clock::time_point t0 = Clock::now();
  bool checkin = false;  // POST /v1/checkins: timed in the latency histogram
  bool sign_in = false;  // POST /v1/session: the body is a name and a password
  std::string kiosk;     // the sender, once its token is known
  std::string body;
  std::size_t received = 0;  // bytes of the body so far, kept or not
  bool refused = false;      // logged and counted as refused already
};

// Every open connection with the time by which its current request must have arrived whole.
// libmicrohttpd only times out silence; a client sending a byte a second is never silent.
struct HqServer::Connections {
  struct Open {
    int fd;
    std::string from;
    Clock::time_point deadline;
  };
  std::mutex m;
  std::unordered_map<const MHD_Connection*, Open> open;
  std::atomic<int> count{0};

  void set_deadline(const MHD_Connection* c, Clock::time_point t) {
    std::lock_guard lock(m);
    if (auto it = open.find(c); it != open.end()) it->second.deadline = t;
  }
};

namespace {
std::string address_of(MHD_Connection* c) {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  char text[INET6_ADDRSTRLEN] = "";
  if (info && info->client_addr && info->client_addr->sa_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(info->client_addr)->sin_addr, text, sizeof text);
  else if (info && info->client_addr && info->client_addr->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(info->client_addr)->sin6_addr, text, sizeof text);
  return text;
}

std::string header(MHD_Connection* c, const char* name) {
  const char* v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
  return v ? v : "";
}

bool is_json(const std::string& content_type) {
  const std::string_view type = std::string_view(content_type).substr(0, content_type.find(';'));
  return type == "application/json";
}

// Every refusal is in the log, with who asked, so that an operator sees a kiosk with a revoked
// token or a client sending too much without reading the kiosks' own logs.
void log_refusal(const std::string& from, int status, std::string_view why, std::string_view kiosk = {}) {
  std::vector<LogField> fields{{"status", status}, {"from", from}, {"why", why}};
  if (!kiosk.empty()) fields.emplace_back("kiosk", kiosk);
  log_event(status >= 500 ? LogLevel::error : LogLevel::warn, "request_refused", fields);
}

using Headers = std::vector<std::pair<const char*, std::string>>;

// Every answer says its type and that it is to be taken as that type, never sniffed.
MHD_Result respond(MHD_Connection* c, int status, const std::string& body, const char* type, const Headers& extra) {
  MHD_Response* r = MHD_create_response_from_buffer(body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
  if (!r) return MHD_NO;
  if (type) MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  for (const auto& [name, value] : extra) MHD_add_response_header(r, name, value.c_str());
  const MHD_Result queued = MHD_queue_response(c, static_cast<unsigned>(status), r);
  MHD_destroy_response(r);
  return queued;
}

MHD_Result answer(MHD_Connection* c, int status, const std::string& body, const char* type,
                  const char* retry_after = nullptr, bool close = false) {
  Headers extra;
  if (retry_after) extra.emplace_back(MHD_HTTP_HEADER_RETRY_AFTER, retry_after);
  if (close) extra.emplace_back(MHD_HTTP_HEADER_CONNECTION, "close");
  return respond(c, status, body, type, extra);
}

// Answers about a person or read from HQ's data are kept by no cache on the way.
const Headers kNoStore = {{MHD_HTTP_HEADER_CACHE_CONTROL, "no-store"}};

// Whether the browser reached HQ over TLS: nginx in front says so (deploy/nginx).
bool over_tls(MHD_Connection* c) { return header(c, "X-Forwarded-Proto") == "https"; }

// Whether a request that changes something comes from the dashboard's own pages. A browser
// sends the cookie with whatever a page asks; SameSite=Strict keeps it off other sites'
// requests, and this refuses what the browser says came from elsewhere. Programs that are not
// browsers send no Origin.
bool from_own_pages(MHD_Connection* c) {
  const std::string site = header(c, "Sec-Fetch-Site");
  if (!site.empty() && site != "same-origin" && site != "none") return false;
  const std::string origin = header(c, "Origin");
  return origin.empty() || origin == (over_tls(c) ? "https://" : "http://") + header(c, MHD_HTTP_HEADER_HOST);
}

std::string session_cookie(MHD_Connection* c) {
  const char* v = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, kSessionCookie);
  return v ? v : "";
}

// The cookie's attributes: never readable by scripts, never sent by another site's pages,
// only over TLS when the browser uses TLS. No expiry: HQ ends an idle or too old session itself.
std::string set_session_cookie(MHD_Connection* c, const std::string& token) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" +
         (token.empty() ? "; Max-Age=0" : "") + (over_tls(c) ? "; Secure" : "");
}

// The name a CSV download is saved under, dispatch-BRANCH-DAY.csv, of characters safe in a
// header and in a file name.
std::string download_name(std::string_view path, const std::string& day) {
  std::string name = "dispatch";
  for (const std::string_view part : {path.substr(std::string_view("/v1/branches/").size()), std::string_view(day)}) {
    name += '-';
    for (const char ch : part.substr(0, part.find('/')))
      name += std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.' ? ch : '_';
  }
  return name + ".csv";
}
}  // namespace

// libmicrohttpd's callbacks, each a few lines that hand over to the server.
struct Handlers {
  HqServer& s;
  HqServer::Metrics& metrics() { return *s.metrics_; }

  MHD_Result refuse(MHD_Connection* c, const HqServer::Request& req, int status, const std::string& message,
                    const char* retry_after = nullptr, bool close = false) {
    ++metrics().refused;
    if (req.checkin && status < 500) ++metrics().rejected_batches;
    log_refusal(address_of(c), status, message, req.kiosk);
    return answer(c, status, nlohmann::json{{"error", message}}.dump(), "application/json", retry_after, close);
  }

  // The headers are in: answer what needs no body, and refuse what should not send one.
  MHD_Result headers(MHD_Connection* c, std::string_view path, std::string_view method, HqServer::Request& req) {
    req.checkin = method == "POST" && path == "/v1/checkins";
    if (s.connections_->count.load() > s.config_.max_connections) {
      ++metrics().overloaded, ++metrics().over_connection_cap;
      return refuse(c, req, 503, "HQ is busy (too many connections): retry after 1 second", "1", true);
    }
    if (method == "GET" && path == "/healthz") return answer(c, 200, "ok\n", "text/plain");
    if (method == "GET" && path == "/metrics")
      return answer(c, 200, metrics().text(s.connections_->count.load()), "text/plain; version=0.0.4");
    if ((method == "GET" || method == "HEAD") && (path == "/" || path == "/dashboard"))
      return respond(c, 302, "", nullptr, {{MHD_HTTP_HEADER_LOCATION, std::string(kDashboard)}});
    if (path.substr(0, kDashboard.size()) == kDashboard) return dashboard_file(c, path.substr(kDashboard.size()), method, req);
    if (path == "/v1/session") return session(c, method, req);
    if (is_read_path(path)) return read(c, path, method, req);
    if (!req.checkin)
      return refuse(c, req, 404,
                    "no such path: the API is POST /v1/checkins, GET /v1/branches (and under it), GET /v1/trends, "
                    "POST/GET/DELETE /v1/session, GET /healthz, GET /metrics, "
                    "and the dashboard under /dashboard/");

    const std::string auth = header(c, MHD_HTTP_HEADER_AUTHORIZATION);
    if (auth.rfind("Bearer ", 0) != 0) return refuse(c, req, 401, "missing bearer token: send Authorization: Bearer <token>");
    const auto kiosk = s.storage_.kiosk_for_token_hash(payload_hash(auth.substr(7)));
    if (!kiosk && is_reader_key(s.storage_, auth.substr(7)))
      return refuse(c, req, 403, "an API key only reads: a kiosk sends with its own token (kiosk-hq token add)");
    if (!kiosk) return refuse(c, req, 401, "unknown token: ask HQ for a token with `kiosk-hq token add`");
    req.kiosk = *kiosk;
    if (!is_json(header(c, MHD_HTTP_HEADER_CONTENT_TYPE)))
      return refuse(c, req, 415, "the body must be sent as Content-Type: application/json");
    // Declared too large: answered now if the client waits for "100 Continue" or would send far
    // too much; else read (and dropped) up to the allowance, and answered at its end.
    const std::string length = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const std::size_t limit = s.config_.limits.max_body_bytes;
    const bool waits = header(c, MHD_HTTP_HEADER_EXPECT) == "100-continue";
    if (!length.empty() && (length.size() > 15 || std::stoull(length) > limit + (waits ? 0 : kDiscardBytes)))
      return too_large(c, req, true);
    return MHD_YES;  // read the body
  }

  // One of the dashboard's files, revalidated by the browser each time (ETag, 304): the files
  // keep their names from one version to the next.
  MHD_Result dashboard_file(MHD_Connection* c, std::string_view file, std::string_view method, HqServer::Request& req) {
    if (method != "GET" && method != "HEAD") return refuse(c, req, 405, "the dashboard's files answer GET only");
    const DashboardFile* f = s.dashboard_.find(file);
    if (!f) return refuse(c, req, 404, "no such file in the dashboard: " + std::string(file));
    const Headers headers = {{MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache"},
                             {MHD_HTTP_HEADER_ETAG, f->etag},
                             {"Content-Security-Policy", kDashboardPolicy},
                             {"Referrer-Policy", "no-referrer"},
                             {"X-Frame-Options", "DENY"}};
    if (header(c, MHD_HTTP_HEADER_IF_NONE_MATCH) == f->etag) return respond(c, 304, "", nullptr, headers);
    return respond(c, 200, f->body, f->type.c_str(), headers);
  }

  // /v1/session: GET says who the cookie signs in, DELETE signs out, POST signs in (its body is
  // read first). Those that change something must come from the dashboard's own pages.
  MHD_Result session(MHD_Connection* c, std::string_view method, HqServer::Request& req) {
    if (method == "GET") {
      const Authorization who = session_reader(s.storage_, session_cookie(c), s.config_.sessions);
      if (!who.reader) return respond(c, 401, nlohmann::json{{"error", who.why}}.dump(), "application/json", kNoStore);
      return respond(c, 200, nlohmann::json{{"name", who.reader->name}, {"role", who.reader->role}}.dump(),
                     "application/json", kNoStore);
    }
    if (method != "POST" && method != "DELETE") return refuse(c, req, 405, "/v1/session answers GET, POST and DELETE");
    if (!from_own_pages(c)) return refuse(c, req, 403, "a session is only started or ended from HQ's own pages");
    if (method == "DELETE") {
      end_session(s.storage_, session_cookie(c));
      return respond(c, 204, "", nullptr, {{MHD_HTTP_HEADER_SET_COOKIE, set_session_cookie(c, "")},
                                           {MHD_HTTP_HEADER_CACHE_CONTROL, "no-store"}});
    }
    if (!is_json(header(c, MHD_HTTP_HEADER_CONTENT_TYPE)))
      return refuse(c, req, 415, "sign in with Content-Type: application/json");
    const std::string length = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!length.empty() && (length.size() > 6 || std::stoull(length) > kSignInBytes))
      return refuse(c, req, 413, "a sign-in is a name and a password", nullptr, true);
    req.sign_in = true;
    return MHD_YES;  // read the body
  }

  // POST /v1/session, whole: {"name", "password"} signs a person in, with the lockout of
  // accounts.h. A refusal says until when the person is locked out, for the page to say so.
  MHD_Result sign_in(MHD_Connection* c, HqServer::Request& req) {
    const nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("name") || !body["name"].is_string() || !body.contains("password") ||
        !body["password"].is_string())
      return refuse(c, req, 400, "sign in with {\"name\": …, \"password\": …}");
    const SignedIn in = start_session(s.storage_, body["name"].get<std::string>(), body["password"].get<std::string>(),
                                      s.config_.sessions);
    if (!in.who.reader) {
      ++metrics().refused;
      log_refusal(address_of(c), in.who.status, in.who.why);
      return respond(c, in.who.status,
                     nlohmann::json{{"error", in.who.why}, {"locked_until", in.who.locked_until}}.dump(),
                     "application/json", kNoStore);
    }
    log_event(LogLevel::info, "signed_in", {{"user", in.who.reader->name}, {"from", address_of(c)}});
    return respond(c, 200, nlohmann::json{{"name", in.who.reader->name}, {"role", in.who.reader->role}}.dump(),
                   "application/json",
                   {{MHD_HTTP_HEADER_SET_COOKIE, set_session_cookie(c, in.token)}, {MHD_HTTP_HEADER_CACHE_CONTROL, "no-store"}});
  }

  // A reader's GET: who asks, then the answer. Kiosk tokens only send (403 here). A read of
  // personal data by a supervisor is audited in the log; the dispatch log holds none. A person
  // signed in to the dashboard is asking when there is no Authorization header but the cookie.
  MHD_Result read(MHD_Connection* c, std::string_view path, std::string_view method, HqServer::Request& req) {
    if (method != "GET") return refuse(c, req, 405, "the read API answers GET only");
    const std::string credentials = header(c, MHD_HTTP_HEADER_AUTHORIZATION), cookie = session_cookie(c);
    const Authorization who = credentials.empty() && !cookie.empty()
                                  ? session_reader(s.storage_, cookie, s.config_.sessions)
                                  : authorize_reader(s.storage_, credentials);
    if (!who.reader) return refuse(c, req, who.status, who.why);
    const Reader& reader = *who.reader;
    // What this server has stored is in the tables before it is read (a sync, then a read,
    // sees the sync); a backlog still being written after a few seconds is read as it stands.
    if (!s.tables_writer_->settle(std::chrono::seconds(3))) ++metrics().tables_behind;
    const ReadAnswer a = answer_read(s.storage_, reader, path, [c](const char* name) {
      const char* v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
      return std::string(v ? v : "");
    });
    if (a.status >= 400) return refuse(c, req, a.status, a.body);
    ++metrics().reads;
    if (a.personal_data)
      log_event(LogLevel::info, "personal_data_read",
                {{"reader", reader.name}, {"role", reader.role}, {"path", path}, {"from", address_of(c)}});
    // A CSV asked for with bom=1 is a download for Excel, which reads UTF-8 only after a byte
    // order mark; without it the bytes stay those `kiosk report --csv` prints.
    const char* bom = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "bom");
    if (a.type.rfind("text/csv", 0) == 0 && bom && std::string_view(bom) == "1") {
      const char* day = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "day");
      return respond(c, a.status, "\xEF\xBB\xBF" + a.body, a.type.c_str(),
                     {{MHD_HTTP_HEADER_CACHE_CONTROL, "no-store"},
                      {MHD_HTTP_HEADER_CONTENT_DISPOSITION,
                       "attachment; filename=\"" + download_name(path, day ? day : "") + "\""}});
    }
    return respond(c, a.status, a.body, a.type.c_str(), kNoStore);
  }

  // A body over the limit: counted and logged once, answered 413 if the connection is still
  // to be answered (`respond`), closed otherwise.
  MHD_Result too_large(MHD_Connection* c, HqServer::Request& req, bool respond) {
    const std::string message = "the body is larger than " + std::to_string(s.config_.limits.max_body_bytes) +
                                " bytes: send fewer items per request";
    if (!req.refused) ++metrics().too_large, ++metrics().refused, ++metrics().rejected_batches;
    if (!req.refused) log_refusal(address_of(c), 413, message, req.kiosk);
    req.refused = true;
    return respond ? answer(c, 413, nlohmann::json{{"error", message}}.dump(), "application/json") : MHD_NO;
  }

  // A part of the body, kept up to the limit. Past it, at most kDiscardBytes more are read and
  // dropped, so that a client that sends its whole body before reading (most do, unless they
  // ask `Expect: 100-continue`) can read the 413; past that the connection is closed.
  // libmicrohttpd cannot answer in the middle of a body.
  MHD_Result body_part(MHD_Connection* c, HqServer::Request& req, const char* data, std::size_t& size) {
    const std::size_t limit = s.config_.limits.max_body_bytes;
    req.received += size;
    if (req.sign_in && req.received > kSignInBytes) return MHD_NO;  // not a sign-in: closed
    if (req.received > limit + kDiscardBytes) return too_large(c, req, false);
    if (req.received > limit) std::string().swap(req.body);  // let it go; the 413 comes at the end
    else {
      // One allocation, of the declared length or else of the limit: growing by doubling
      // would hold the old and new copies at once, and leave the old ones to the allocator.
      if (req.body.empty()) {
        const std::string length = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
        req.body.reserve(length.empty() ? limit : std::min<std::size_t>(limit, std::stoull(length)));
      }
      req.body.append(data, size);
    }
    size = 0;
    return MHD_YES;
  }

  // The whole request is in: store the batch.
  MHD_Result batch(MHD_Connection* c, HqServer::Request& req) {
    s.connections_->set_deadline(c, Clock::time_point::max());  // HQ's time now, not the client's
    if (req.received > s.config_.limits.max_body_bytes) return too_large(c, req, true);
    ParsedBatch batch;
    if (auto err = parse_batch(req.body, s.config_.limits, batch)) return refuse(c, req, err->http_status, err->message);
    // Back-pressure: rather than queue without bound behind the database, ask to come back.
    struct Waiting {
      std::atomic<int>& n;
      int now;
      explicit Waiting(std::atomic<int>& w) : n(w), now(++w) {}
      ~Waiting() { --n; }
    } waiting{s.waiting_};
    if (waiting.now > s.config_.max_waiting) {
      ++metrics().overloaded;
      return refuse(c, req, 503, "HQ is busy: retry after 1 second", "1");
    }
    std::vector<ItemResult> stored;
    try {
      stored = s.storage_.ingest(req.kiosk, batch.items, batch.status);
    } catch (const std::exception& e) {
      // The cause, with the database's path, is for HQ's log; the kiosk only needs to retry.
      const auto* store_error = dynamic_cast<const StoreError*>(&e);
      const bool full = store_error && store_error->kind == StoreError::Kind::disk_full;
      ++metrics().store_failed;
      if (full) ++metrics().disk_full;
      log_event(LogLevel::error, "batch_not_stored",
                {{"kiosk", req.kiosk}, {"items", batch.items.size()}, {"disk_full", full}, {"cause", e.what()}});
      return refuse(c, req, 503, full ? "HQ's disk is full: nothing was stored, retry later"
                                      : "HQ could not store the batch: nothing was stored, retry later", "5");
    }
    advance_tables(req.kiosk, stored);
    // Storing may have taken a while: that was not the connection being idle.
    MHD_set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT, kIdleSeconds);
    // Results in the batch's order: valid items in sequence, invalid ones at their positions.
    std::vector<ItemResult> results;
    results.reserve(batch.count);
    auto next_valid = stored.begin();
    auto next_invalid = batch.invalid.begin();
    for (std::size_t i = 0; i < batch.count; ++i) {
      if (next_invalid != batch.invalid.end() && next_invalid->first == i) results.push_back((next_invalid++)->second);
      else results.push_back(*next_valid++);
    }
    metrics().received += batch.count;
    metrics().invalid += batch.invalid.size();
    for (const ItemResult& r : stored) {
      if (r.status == ItemStatus::stored) ++metrics().stored;
      if (r.status == ItemStatus::duplicate) ++metrics().duplicate;
      if (r.status == ItemStatus::conflict) ++metrics().conflict;
    }
    return answer(c, 200, results_json(results), "application/json");
  }

  // The batch is stored and answered whatever happens to the tables (TablesWriter).
  void advance_tables(const std::string& kiosk, const std::vector<ItemResult>& stored) {
    if (std::any_of(stored.begin(), stored.end(), [](const ItemResult& r) { return r.status == ItemStatus::stored; }))
      s.tables_writer_->mark(kiosk);
  }

  // Called after the headers, for each part of the body, and once the request is whole.
  static MHD_Result access(void* cls, MHD_Connection* c, const char* url, const char* method, const char*,
                           const char* data, std::size_t* size, void** context) {
    Handlers h{*static_cast<HqServer*>(cls)};
    auto* req = static_cast<HqServer::Request*>(*context);
    try {
      if (!req) {
        *context = req = new HqServer::Request;
        return h.headers(c, url, method, *req);
      }
      if (*size != 0) return h.body_part(c, *req, data, *size);
      if (req->sign_in) return h.sign_in(c, *req);
      return h.batch(c, *req);
    } catch (const std::exception& e) {
      // A handler that throws must not take the server down; the sender may retry.
      log_event(LogLevel::error, "request_failed", {{"cause", e.what()}});
      return answer(c, 500, nlohmann::json{{"error", "HQ failed to handle the request"}}.dump(), "application/json");
    }
  }

  static void completed(void* cls, MHD_Connection* c, void** context, MHD_RequestTerminationCode) {
    HqServer& s = *static_cast<HqServer*>(cls);
    auto* req = static_cast<HqServer::Request*>(*context);
    if (req && req->checkin) s.metrics_->observe(std::chrono::duration<double>(Clock::now() - req->t0).count());
    delete req;
    *context = nullptr;
    // A kept-alive connection has the same time again for its next request.
    s.connections_->set_deadline(c, Clock::now() + std::chrono::seconds(s.config_.request_seconds));
  }

  static void connection(void* cls, MHD_Connection* c, void**, MHD_ConnectionNotificationCode code) {
    HqServer& s = *static_cast<HqServer*>(cls);
    HqServer::Connections& all = *s.connections_;
    std::lock_guard lock(all.m);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      const MHD_ConnectionInfo* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
      const auto deadline = Clock::now() + std::chrono::seconds(s.config_.request_seconds);
      all.open[c] = {info ? info->connect_fd : -1, address_of(c), deadline};
      ++all.count;
    } else if (all.open.erase(c)) {  // before libmicrohttpd closes the descriptor
      --all.count;
    }
  }

  static void log(void*, const char* format, va_list args) {
    char text[512];
    std::vsnprintf(text, sizeof text, format, args);
    std::string_view message(text);
    while (!message.empty() && message.back() == '\n') message.remove_suffix(1);
    log_event(LogLevel::warn, "http_server", {{"message", message}});
  }
};

HqServer::HqServer(HqStorage& storage, HqConfig config, HqStorage* tables_storage)
    : storage_(storage), config_(std::move(config)), metrics_(std::make_unique<Metrics>()),
      connections_(std::make_unique<Connections>()),
      tables_(std::make_unique<BranchTables>(tables_storage ? *tables_storage : storage)) {
  tables_->catch_up();
  tables_writer_ = std::make_unique<TablesWriter>(*tables_);
}

HqServer::~HqServer() {
  stop();
  run();  // returns at once, having stopped the daemon if it was never run
}

bool HqServer::bind(std::string& error) {
  error = "cannot listen on " + config_.host + ":" + std::to_string(config_.port) +
          ": the port is in use or the address is not on this machine";
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  std::string host = config_.host;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (getaddrinfo(host.c_str(), std::to_string(config_.port).c_str(), &hints, &found) != 0) return false;
  for (addrinfo* a = found; a && listen_fd_ < 0; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    const int on = 1;
    if (fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == 0 &&
        ::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && listen(fd, 1024) == 0) listen_fd_ = fd;
    else if (fd >= 0) close(fd);
  }
  freeaddrinfo(found);
  if (listen_fd_ < 0) return false;
  sockaddr_storage bound{};
  socklen_t size = sizeof bound;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &size);
  port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                            : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  // Above the soft cap requests are answered 503; a little room above it lets them be
  // answered at all. Beyond that, connections wait in the kernel's backlog.
  const auto hard_cap = static_cast<unsigned>(config_.max_connections + std::max(64, config_.max_connections / 4));
  // Kiosks are served without the dashboard; its absence is said, not fatal.
  if (const std::string why = dashboard_.load(config_.dashboard_dir); !why.empty())
    log_event(LogLevel::warn, "dashboard_not_served", {{"cause", why}});
  const auto threads = static_cast<unsigned>(config_.threads);
  daemon_ = MHD_start_daemon(
      MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, nullptr, nullptr, &Handlers::access, this,
      MHD_OPTION_EXTERNAL_LOGGER, &Handlers::log, this,
      MHD_OPTION_LISTEN_SOCKET, listen_fd_,
      MHD_OPTION_THREAD_POOL_SIZE, threads > 1 ? threads : 0u,
      MHD_OPTION_CONNECTION_LIMIT, hard_cap,
      MHD_OPTION_CONNECTION_TIMEOUT, kIdleSeconds,
      MHD_OPTION_NOTIFY_COMPLETED, &Handlers::completed, this,
      MHD_OPTION_NOTIFY_CONNECTION, &Handlers::connection, this,
      MHD_OPTION_END);
  if (!daemon_) {
    error = "cannot start the HTTP server on " + config_.host + ":" + std::to_string(port_);
    return false;
  }
  return true;
}

void HqServer::run() {
  // The request deadline, checked a few times a second: a connection past it is shut down,
  // and libmicrohttpd, seeing it end, closes it.
  std::unique_lock lock(stop_mutex_);
  while (!stopping_) {
    stop_wake_.wait_for(lock, std::chrono::milliseconds(200));
    const auto now = Clock::now();
    std::lock_guard open_lock(connections_->m);
    for (auto& [c, open] : connections_->open) {
      if (now < open.deadline) continue;
      open.deadline = Clock::time_point::max();
      shutdown(open.fd, SHUT_RDWR);
      ++metrics_->refused, ++metrics_->timed_out;
      log_refusal(open.from, 408, "the request did not arrive whole within " +
                                      std::to_string(config_.request_seconds) + " seconds: connection closed");
    }
  }
  lock.unlock();
  if (!daemon_) return;
  const int fd = MHD_quiesce_daemon(daemon_);
  MHD_stop_daemon(daemon_);
  daemon_ = nullptr;
  if (fd >= 0) close(fd);
  listen_fd_ = -1;
}

void HqServer::stop() {
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_wake_.notify_all();
}

}  // namespace lobby
