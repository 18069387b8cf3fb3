// The reference HQ server: POST /v1/checkins, GET /healthz, GET /metrics, the read API
// (read_api.h), and the dashboard: its files under /dashboard/ and people's sessions
// (POST, GET and DELETE /v1/session, a cookie the read API takes as well).
//
// Event-driven (libmicrohttpd, a pool of epoll threads): a connection holds a worker only while
// its request is being handled, so idle and slow clients cost a file descriptor, not a thread.
// Every request must arrive whole within `request_seconds` of its connection being ready for
// it; bodies are capped while they are read, chunked or not.
#pragma once

#include "sync/hq/accounts.h"
#include "sync/hq/dashboard_files.h"
#include "sync/hq/storage.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

struct MHD_Daemon;
struct MHD_Connection;

namespace lobby {

class BranchTables;
class TablesWriter;

struct HqConfig {
  std::string host = "127.0.0.1";
  int port = 8080;         // 0: any free port (see HqServer::port())
  int threads = 8;
  int max_waiting = 32;    // ingest requests queued for the database before answering 503
  int max_connections = 1000;  // open connections above which requests are answered 503
  int request_seconds = 20;    // for headers and body together; then the connection is closed
  Limits limits;
  std::string dashboard_dir = default_dashboard_dir();
  SessionLimits sessions;  // when a person's dashboard session is over
};

class HqServer {
 public:
  // Brings branch tables that are behind their items up to date first (throws StoreError).
  // `tables_storage`: the same database through a connection of its own, for writing the
  // branch tables beside ingest (PostgreSQL); none: `storage` serves both.
  HqServer(HqStorage& storage, HqConfig config, HqStorage* tables_storage = nullptr);
  ~HqServer();
  // Binds; returns false with a message if the address cannot be used.
  bool bind(std::string& error);
  int port() const { return port_; }
  void run();   // serves until stop()
  void stop();  // may come before run(), then run() returns at once

  struct Metrics;
  struct Request;
  struct Connections;

 private:
  friend struct Handlers;
  HqStorage& storage_;
  HqConfig config_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<Connections> connections_;
  DashboardFiles dashboard_;
  std::unique_ptr<BranchTables> tables_;         // each branch's tables, advanced after its ingest
  std::unique_ptr<TablesWriter> tables_writer_;  // ... on a thread of its own (destroyed first)
  std::atomic<int> waiting_{0};  // batches in the handler, waiting for or holding the database
  MHD_Daemon* daemon_ = nullptr;
  int listen_fd_ = -1;
  int port_ = 0;
  std::mutex stop_mutex_;
  std::condition_variable stop_wake_;
  bool stopping_ = false;
};

}  // namespace lobby
