// `kiosk backup`: a verified copy of a kiosk database, taken while the kiosk keeps checking
// customers in. Restoring it is described in README.md ("Backing up and restoring").
#include "kiosk/app/commands.h"
#include "kiosk/store/backup.h"
#include "kiosk/common/db.h"

#include <iostream>

namespace lobby {

int run_backup(const std::string& db, const std::string& to) {
  try {
    const BackupResult r = backup_database(db, to);
    std::cout << "backup of " << db << " written to " << to << ": " << r.pages << " pages, " << r.events
              << " events, integrity ok\n";
    return 0;
  } catch (const StoreError& e) {
    std::cerr << "kiosk backup: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace lobby
