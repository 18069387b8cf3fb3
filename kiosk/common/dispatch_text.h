// The daily dispatch log as people and spreadsheets read it: `kiosk report` at the branch and
// `kiosk-hq dispatch` at HQ print it with these functions, so the two cannot differ in form.
#pragma once

#include "kiosk/core/dispatch_log.h"

#include <string>
#include <vector>

namespace lobby {

// A row's figures in the order of the CSV columns after manager and name.
std::vector<int> dispatch_figures(const DispatchRow& r);
// The log as CSV with a header line: what `kiosk report --csv` prints, what the staff console
// exports and what HQ gives for a branch's day.
std::string dispatch_csv(const std::vector<DispatchRow>& rows);
// The log as an aligned table for a terminal, with its title and legend.
std::string dispatch_table(const std::vector<DispatchRow>& rows, const std::string& day);
// One CSV field, quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& s);

}  // namespace lobby
