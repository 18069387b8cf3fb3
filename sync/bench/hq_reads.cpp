// sync_bench's modes for HQ's read API (deploy/bench-hq.sh runs them on PostgreSQL):
//   sync_bench history --branches N --visits V --until DAY --table visits|dispatch
//       prints, as CSV for COPY, the branch tables' rows of V past visits spread over branches
//       branch-001…branch-N, on the days before DAY (about 60 a day each), or those days'
//       dispatch logs: years of history in minutes, where ingesting it would take hours;
//   sync_bench reads --url URL --key KEY --path P [--path P…] [--requests R]
//       R GETs of each path in turn ("{branch}" in a path becomes a random branch-NNN of
//       --branches N), one client, keep-alive; prints each path's p50 and p95 in ms.
// History visits are numbered (n) below the branch's own, so they come before today's.
#include <httplib.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace lobby {

namespace {

constexpr int kManagers = 12;
constexpr std::array<const char*, 6> kKinds = {"rotation", "requested", "returning", "referral", "makeup", "voluntary"};
constexpr std::array<int, 6> kKindWeights = {60, 12, 15, 5, 5, 3};
constexpr std::array<const char*, 4> kSkips = {"break", "task", "busy", "already-served"};

std::string branch_name(int b) {
  char name[32];
  std::snprintf(name, sizeof name, "branch-%03d", b);
  return name;
}

// The day `back` days before `until` (YYYY-MM-DD).
std::string day_before(const std::string& until, int back) {
  std::tm tm{};
  if (!strptime(until.c_str(), "%Y-%m-%d", &tm)) throw std::runtime_error("--until must be a date like 2026-12-03");
  const std::time_t t = timegm(&tm) - static_cast<std::time_t>(back) * 86400;
  gmtime_r(&t, &tm);
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
  return day;
}

std::string local_time(const std::string& day, int minute_of_day) {
  char t[32];
  std::snprintf(t, sizeof t, "%sT%02d:%02d:00", day.c_str(), minute_of_day / 60 % 24, minute_of_day % 60);
  return t;
}

// Every branch's history, a day at a time, oldest first; `each` gets a branch, a day and its
// visits, each as (server index, kind index, skip reason index or -1, voided).
struct Visit {
  int arrive, wait, service, server, kind, skip;
  bool voided;
};

void history(int branches, long long visits, const std::string& until, const std::string& table) {
  const int per_day = 60;
  const long long per_branch = std::max<long long>(1, visits / branches);
  const int days = static_cast<int>((per_branch + per_day - 1) / per_day);
  std::mt19937 rng(20261203);
  std::discrete_distribution<int> kind(kKindWeights.begin(), kKindWeights.end());
  std::uniform_int_distribution<int> minute(9 * 60, 18 * 60), wait(0, 25), service(10, 60), manager(0, kManagers - 1);
  std::uniform_int_distribution<int> percent(0, 99), reason(0, 3);
  for (int b = 1; b <= branches; ++b) {
    const std::string kiosk = branch_name(b);
    long long n = -per_branch;  // below today's, which start at 1
    long long left = per_branch;
    for (int d = days; d >= 1 && left > 0; --d) {
      const std::string day = day_before(until, d);
      const int today = static_cast<int>(std::min<long long>(per_day, left));
      left -= today;
      std::vector<Visit> vs;
      for (int i = 0; i < today; ++i)
        vs.push_back({minute(rng), wait(rng), service(rng), manager(rng), kind(rng), percent(rng) < 10 ? reason(rng) : -1,
                      percent(rng) == 0});
      std::sort(vs.begin(), vs.end(), [](const Visit& a, const Visit& c) { return a.arrive < c.arrive; });
      if (table == "visits") {
        for (int i = 0; i < today; ++i) {
          const Visit& v = vs[static_cast<std::size_t>(i)];
          const std::string arrived = local_time(day, v.arrive);
          const std::string skips = v.skip < 0 ? "[]"
                                                : std::string("[{\"\"manager\"\":\"\"M") +
                                                      std::to_string((v.server + 1) % kManagers + 1) +
                                                      "\"\",\"\"why\"\":\"\"" + kSkips[static_cast<std::size_t>(v.skip)] +
                                                      "\"\"}]";
          char sv[16];
          std::snprintf(sv, sizeof sv, "M%02d", v.server + 1);
          // Its history as the tables keep it (CSV-quoted): checked in, assigned, finished.
          const std::string assigned = local_time(day, v.arrive + v.wait);
          const std::string steps =
              "[{\"\"at\"\":\"\"" + arrived + "\"\",\"\"event\"\":\"\"arrive\"\",\"\"own\"\":true,\"\"decisions\"\":[{\"\"kind\"\":\"\"" +
              kKinds[static_cast<std::size_t>(v.kind)] + "\"\",\"\"owner\"\":\"\"" + sv + "\"\",\"\"server\"\":\"\"" + sv +
              "\"\",\"\"turn_used\"\":true,\"\"skipped\"\":[],\"\"rules\"\":[\"\"rotation-scan\"\"],\"\"t\"\":\"\"" + assigned +
              "\"\"}]},{\"\"at\"\":\"\"" + local_time(day, v.arrive + v.wait + v.service) +
              "\"\",\"\"event\"\":\"\"finish\"\",\"\"own\"\":true,\"\"decisions\"\":[]}]";
          std::printf("%s,h-%s-%lld,%lld,A%03d,main,%s,%s,%s,%s,done,%s,%s,%s,\"%s\",%s,\"%s\",%d,%d,138%08lld,陈,女士,\"%s\",|%s|\n",
                      kiosk.c_str(), kiosk.c_str(), -n, n, i + 1, day.c_str(), arrived.c_str(),
                      local_time(day, v.arrive + v.wait).c_str(), local_time(day, v.arrive + v.wait + v.service).c_str(),
                      kKinds[static_cast<std::size_t>(v.kind)], sv, sv, skips.c_str(),
                      v.voided ? local_time(day, v.arrive + 1).c_str() : "", v.voided ? "duplicate" : "", v.wait,
                      v.service, (-n) % 100000000, steps.c_str(), sv);
          ++n;
        }
      } else {
        // The dispatch log of the day: what each manager received, by kind, and their skips.
        std::map<int, std::array<int, 12>> rows;
        for (int m = 0; m < kManagers; ++m) rows[m] = {};
        for (const Visit& v : vs) {
          if (v.voided) continue;
          const int column[] = {0, 2, 3, 4, 1, 5};  // kKinds in the table's order of columns
          ++rows[v.server][static_cast<std::size_t>(column[v.kind])];
          if (v.skip == 2) ++rows[(v.server + 1) % kManagers][7];       // busy: a forfeit
          else if (v.skip == 1) ++rows[(v.server + 1) % kManagers][8];  // task
          else if (v.skip == 3) ++rows[(v.server + 1) % kManagers][9];
        }
        for (const auto& [m, c] : rows) {
          std::printf("%s,%s,%d,M%02d", kiosk.c_str(), day.c_str(), m, m + 1);
          for (const int x : c) std::printf(",%d", x);
          std::printf("\n");
        }
      }
    }
  }
}

void reads(const std::string& url, const std::string& key, const std::vector<std::string>& paths, int requests,
           int branches) {
  httplib::Client c(url);
  c.set_keep_alive(true);
  c.set_read_timeout(60, 0);
  const httplib::Headers auth = {{"Authorization", "Bearer " + key}};
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> branch(1, branches);
  for (const std::string& pattern : paths) {
    std::vector<double> ms;
    for (int i = 0; i < requests; ++i) {
      std::string path = pattern;
      if (const auto at = path.find("{branch}"); at != std::string::npos) path.replace(at, 8, branch_name(branch(rng)));
      const auto t0 = std::chrono::steady_clock::now();
      const auto r = c.Get(path, auth);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (!r || r->status != 200)
        throw std::runtime_error("GET " + path + ": " + (r ? std::to_string(r->status) + " " + r->body : "no answer"));
    }
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) { return ms[static_cast<std::size_t>(q * static_cast<double>(ms.size() - 1))]; };
    std::printf("path=%s requests=%d p50_ms=%.2f p95_ms=%.2f\n", pattern.c_str(), requests, at(0.5), at(0.95));
  }
}

}  // namespace

// Returns the exit status, or -1 when argv names neither mode.
int hq_reads_main(int argc, char** argv) {
  if (argc < 2) return -1;
  const std::string mode = argv[1];
  if (mode != "history" && mode != "reads") return -1;
  if (argc % 2 != 0) throw std::runtime_error("every option takes a value");
  int branches = 500, requests = 100;
  long long visits = 1000000;
  std::string until, table = "visits", url, key;
  std::vector<std::string> paths;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--branches") branches = std::stoi(value);
    else if (flag == "--visits") visits = std::stoll(value);
    else if (flag == "--until") until = value;
    else if (flag == "--table") table = value;
    else if (flag == "--url") url = value;
    else if (flag == "--key") key = value;
    else if (flag == "--path") paths.push_back(value);
    else if (flag == "--requests") requests = std::stoi(value);
    else throw std::runtime_error("unknown option " + flag);
  }
  if (mode == "history") history(branches, visits, until, table);
  else reads(url, key, paths, requests, branches);
  return 0;
}

}  // namespace lobby
