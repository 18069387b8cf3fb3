#include "kiosk/common/dispatch_text.h"

#include "kiosk/common/text_table.h"

#include <cstdio>

namespace lobby {

std::vector<int> dispatch_figures(const DispatchRow& r) {
  return {r.receptions(), r.rotation,  r.makeup,   r.requested,  r.returning,     r.referral,
          r.voluntary,    r.reassigned, r.forfeits, r.task_skips, r.already_served, r.reassigned_in, r.reassigned_out};
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string dispatch_csv(const std::vector<DispatchRow>& rows) {
  std::string out =
      "manager,name,receptions,rotation,makeup,requested,returning,referral,voluntary,reassigned,forfeits,task_skips,"
      "already_served,reassigned_in,reassigned_out\n";
  for (const DispatchRow& r : rows) {
    out += csv_field(r.manager) + "," + csv_field(r.name);
    for (int n : dispatch_figures(r)) out.append(",").append(std::to_string(n));
    out += "\n";
  }
  return out;
}

std::string dispatch_table(const std::vector<DispatchRow>& rows, const std::string& day) {
  std::string out = "派单一览表 Dispatch log " + day + "\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-8s %-12s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s\n", "manager",
                "name", "total", "rot", "mkup", "req", "ret", "ref", "vol", "rea", "forf", "task", "ph", "in", "out");
  out += line;
  for (const DispatchRow& r : rows) {
    out += pad_to(r.manager, 8) + " " + pad_to(r.name, 12);
    for (int n : dispatch_figures(r)) {
      std::snprintf(line, sizeof line, " %5d", n);
      out += line;
    }
    out += "\n";
  }
  out +=
      "rot rotation, mkup make-up, req requested, ret returning, ref referral, vol voluntary,\n"
      "rea first received after the supervisor moved the waiting customer to them,\n"
      "forf forfeited turns, task task skips (make-up credits earned), ph turns used by phone enquiries,\n"
      "in/out reassignments\n";
  return out;
}

}  // namespace lobby
