// `kiosk purge`: the retention purge run by hand. A running kiosk purges through its own
// Reception, which rebuilds its engine; this command is for a kiosk that is stopped, since a
// running one would keep recognising the purged numbers until it restarts.
#include "kiosk/app/commands.h"
#include "kiosk/store/store.h"

#include <iostream>

namespace lobby {

int run_purge(const std::string& db, int days) {
  try {
    Store store(db, Store::Mode::existing);
    const Store::Purged p = store.purge_personal_data(now_local(), days);
    std::cout << "purged personal data older than " << days << " days: " << p.customers << " customers, "
              << p.numbers << " numbers, " << p.visits << " visits, " << p.rows << " stored events and payloads\n";
    return 0;
  } catch (const StoreError& e) {
    std::cerr << "kiosk purge: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace lobby
