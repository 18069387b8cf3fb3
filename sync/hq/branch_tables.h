// HQ's branch tables kept current: each branch's replay (branch_day.h) written down as rows
// (branch_rows.h) after every ingest, so that reads query tables instead of replaying every
// item. The raw items stay the truth: `kiosk-hq rebuild` recomputes the tables from them, and
// live writing and a rebuild go through the same branch_rows(), so they cannot differ.
#pragma once

#include "sync/hq/branch_day.h"
#include "sync/hq/storage.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace lobby {

// The rows of `kiosk`'s replay: the branch row and managers whole; the visits and dispatch
// days changed after event_seq `since` (0: all of them). The one way a replay becomes rows.
BranchRows branch_rows(const std::string& kiosk, const BranchReplay& replay, std::int64_t since);

// Keeps a replay per branch in memory (built from the stored items on first use) and writes
// the tables under the branch's writer lock. Several processes may each keep their own: each
// reads the items stored since it last looked, whoever stored them. Throws StoreError.
class BranchTables {
 public:
  explicit BranchTables(HqStorage& storage) : storage_(storage) {}
  // Brings `kiosk`'s tables up to every item stored for it.
  void advance(const std::string& kiosk);
  // Advances every branch whose tables are behind its items (after an upgrade or a failure).
  // Returns the branches it advanced.
  std::vector<std::string> catch_up();
  // Recomputes `kiosk`'s tables from its stored items alone, in one transaction.
  void rebuild(const std::string& kiosk);
  std::vector<std::string> rebuild_all();  // every branch with items; returns them

 private:
  struct Kept {
    BranchReplay replay;
    std::int64_t last_item = 0, generation = -1;
  };
  HqStorage& storage_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Kept>> kept_;
};

// Advances branches' tables on a thread of its own: a kiosk's batch is answered once it is
// stored, and the batches that arrive while a branch is being written are written in one go
// (fewer, larger writes: ingest is not held to the pace of the tables).
class TablesWriter {
 public:
  explicit TablesWriter(BranchTables& tables);
  ~TablesWriter();  // writes what is pending, then stops
  TablesWriter(const TablesWriter&) = delete;
  TablesWriter& operator=(const TablesWriter&) = delete;
  void mark(const std::string& kiosk);  // new items were stored for it
  // Waits (at most `timeout`) until every branch marked so far is written, so that a read
  // made after a sync sees that sync's items. False if it had to stop waiting.
  bool settle(std::chrono::milliseconds timeout);

 private:
  void run();
  BranchTables& tables_;
  std::mutex mutex_;
  std::condition_variable wake_, settled_;
  std::set<std::string> marked_;
  bool writing_ = false, stopping_ = false;
  std::thread thread_;
};

// A day's dispatch log from the tables: the staff first in their order (zeros for those the
// day did not count), then anyone else counted, as count_dispatch orders them.
std::vector<DispatchRow> dispatch_from_tables(const std::vector<ManagerRow>& staff,
                                              const std::vector<DispatchRow>& counted);

}  // namespace lobby
