// `kiosk report`: the daily dispatch log, as an aligned table for people or CSV for
// spreadsheets and HQ.
#include "kiosk/app/commands.h"
#include "kiosk/common/dispatch_text.h"
#include "kiosk/core/local_time.h"
#include "kiosk/store/store.h"

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
  std::cout << (csv ? dispatch_csv(rows) : dispatch_table(rows, day));
  return 0;
}

}  // namespace lobby
