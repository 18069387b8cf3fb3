// `kiosk report`: the daily dispatch log, as an aligned table for people or CSV for
// spreadsheets and HQ.
#include "kiosk/app/commands.h"
#include "kiosk/app/text_table.h"
#include "kiosk/core/local_time.h"
#include "kiosk/store/store.h"

#include <cstdio>
#include <iostream>

namespace lobby {

namespace {
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}
}  // namespace

int run_report(const std::string& db, const std::string& day, bool csv) {
  if (!parse_local_time(day + "T00:00")) {
    std::cerr << "kiosk report: --day must be a date like 2026-11-24, not \"" << day << "\"\n";
    return 2;
  }
  std::vector<DispatchRow> rows;
  try {
    Store store(db, Store::Mode::read_only);
    rows = store.dispatch_log(day);
  } catch (const StoreError& e) {
    std::cerr << "kiosk report: " << e.what() << "\n";
    return 2;
  }
  const char* header[] = {"manager", "name",      "receptions", "rotation",  "makeup",
                          "requested", "returning", "referral",  "voluntary", "forfeits",
                          "task_skips", "already_served", "reassigned_in", "reassigned_out"};
  auto numbers = [](const DispatchRow& r) {
    return std::vector<int>{r.receptions(), r.rotation,  r.makeup,    r.requested,      r.returning,
                            r.referral,     r.voluntary, r.forfeits,  r.task_skips,     r.already_served,
                            r.reassigned_in, r.reassigned_out};
  };
  if (csv) {
    for (std::size_t i = 0; i < std::size(header); ++i) std::cout << (i ? "," : "") << header[i];
    std::cout << "\n";
    for (const DispatchRow& r : rows) {
      std::cout << csv_field(r.manager) << "," << csv_field(r.name);
      for (int n : numbers(r)) std::cout << "," << n;
      std::cout << "\n";
    }
    return 0;
  }
  std::printf("派单一览表 Dispatch log %s\n", day.c_str());
  std::printf("%-8s %-12s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s\n", "manager", "name", "total", "rot",
              "mkup", "req", "ret", "ref", "vol", "forf", "task", "ph", "in", "out");
  for (const DispatchRow& r : rows) {
    std::printf("%s %s", pad_to(r.manager, 8).c_str(), pad_to(r.name, 12).c_str());
    for (int n : numbers(r)) std::printf(" %5d", n);
    std::printf("\n");
  }
  std::printf("rot rotation, mkup make-up, req requested, ret returning, ref referral, vol voluntary,\n"
              "forf forfeited turns, task task skips (make-up credits earned), ph turns used by phone enquiries,\n"
              "in/out reassignments\n");
  return 0;
}

}  // namespace lobby
