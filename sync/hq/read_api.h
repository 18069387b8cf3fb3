// HQ's read API, for readers who are not kiosks (accounts.h), answered from the branch tables
// (branch_tables.h), never by a replay: the branches with how fresh each is and its figures
// now; a branch's lobby board; its visits, a page at a time; and its dispatch log for a day,
// as JSON rows or as exactly the CSV `kiosk report --day D --csv` prints at the branch.
// Viewers never get customers' numbers or names. The server (server.cpp) authenticates, logs
// and counts; this answers.
#pragma once

#include "sync/hq/accounts.h"
#include "sync/hq/storage.h"

#include <functional>
#include <string>
#include <string_view>

namespace lobby {

bool is_read_path(std::string_view path);  // /v1/branches and under it

struct ReadAnswer {
  int status = 200;
  std::string body;                       // for a refusal (status >= 400): why, for the log and the client
  std::string type = "application/json";
  bool personal_data = false;             // the answer holds phone numbers or full names: audit it
};

// `arg` gives a query argument by name ("" if absent).
ReadAnswer answer_read(HqStorage& storage, const Reader& reader, std::string_view path,
                       const std::function<std::string(const char*)>& arg);

}  // namespace lobby
