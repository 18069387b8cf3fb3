// `kiosk report`: the daily dispatch log, as an aligned table for people or CSV for
// spreadsheets and HQ.
#include "kiosk/app/commands.h"
#include "kiosk/app/text_table.h"
#include "kiosk/core/local_time.h"
#include "kiosk/store/store.h"

#include <cstdio>
#include <iostream>

namespace lobby {

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
  if (csv) {
    std::cout << dispatch_csv(rows);
    return 0;
  }
  std::printf("派单一览表 Dispatch log %s\n", day.c_str());
  std::printf("%-8s %-12s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s\n", "manager", "name", "total", "rot",
              "mkup", "req", "ret", "ref", "vol", "rea", "forf", "task", "ph", "in", "out");
  for (const DispatchRow& r : rows) {
    std::printf("%s %s", pad_to(r.manager, 8).c_str(), pad_to(r.name, 12).c_str());
    for (int n : dispatch_figures(r)) std::printf(" %5d", n);
    std::printf("\n");
  }
  std::printf("rot rotation, mkup make-up, req requested, ret returning, ref referral, vol voluntary,\n"
              "rea first received after the supervisor moved the waiting customer to them,\n"
              "forf forfeited turns, task task skips (make-up credits earned), ph turns used by phone enquiries,\n"
              "in/out reassignments\n");
  return 0;
}

}  // namespace lobby
