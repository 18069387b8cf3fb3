// One figure from a running kiosk-hq's /metrics, as the fault and read tests check them.
#pragma once

#include <httplib.h>

#include <string>

namespace lobby {

// The value of the metric `name` at HQ on `url`, or -1 when HQ does not answer or has no such metric.
inline long long hq_metric(const std::string& url, const std::string& name) {
  httplib::Client c(url);
  const auto res = c.Get("/metrics");
  if (!res) return -1;
  const auto at = res->body.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stoll(res->body.substr(at + name.size() + 2));
}

}  // namespace lobby
