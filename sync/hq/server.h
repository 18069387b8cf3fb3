// The reference HQ server: POST /v1/checkins, GET /healthz, GET /metrics.
#pragma once

#include "sync/hq/storage.h"

#include <atomic>
#include <memory>
#include <string>

namespace httplib { class Server; }

namespace lobby {

struct HqConfig {
  std::string host = "127.0.0.1";
  int port = 8080;         // 0: any free port (see HqServer::port())
  int threads = 8;
  int max_waiting = 32;    // ingest requests queued for the database before answering 503
  Limits limits;
};

class HqServer {
 public:
  HqServer(HqStorage& storage, HqConfig config);
  ~HqServer();
  // Binds; returns false with a message if the address cannot be used.
  bool bind(std::string& error);
  int port() const { return port_; }
  void run();   // serves until stop()
  void stop();

 private:
  struct Metrics;
  HqStorage& storage_;
  HqConfig config_;
  std::unique_ptr<httplib::Server> http_;
  std::unique_ptr<Metrics> metrics_;
  std::atomic<int> waiting_{0};  // batches in the handler, waiting for or holding the database
  std::atomic<int> queued_{0};   // connections accepted but not yet given a thread
  int port_ = 0;
};

}  // namespace lobby
