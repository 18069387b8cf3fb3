// The rows of HQ's branch tables: what each branch's replayed day (branch_day.h) looks like
// once written down, so that reads are queries, not replays. branch_tables.h computes them
// and keeps them current; the storage (storage.h) only keeps them. Times are the branch's
// local times ("YYYY-MM-DDTHH:MM:SS"), "" when there is none (NULL in the tables).
#pragma once

#include "kiosk/core/dispatch_log.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace lobby {

// One row per branch: how far HQ's copy has got, the figures a dashboard shows first, and
// the lobby board now.
struct BranchRow {
  std::string kiosk;
  std::int64_t applied_seq = 0, highest_seq = 0, waiting_items = 0;
  std::string blocked, last_event, last_received;
  std::int64_t diverged = 0, first_diverged = 0, repeated_seq = 0;
  // The branch's day (the local date of its last event) and its figures, as of that event.
  std::string day;
  std::int64_t checkins_today = 0, waiting_now = 0, managers_on_duty = 0;
  std::optional<double> longest_wait_minutes;  // of those waiting now; none when nobody waits
  std::optional<double> median_wait_minutes;   // arrival to assignment, of today's assigned visits
  std::string board;                           // JSON: see board_json in branch_tables.cpp
  // Where the replay stands in the stored items: the id (checkins.seq) of the last one read,
  // and which rebuild the rows come from (a rebuild counts it up, so that every server's
  // in-memory replay knows it must read the items again).
  std::int64_t last_item = 0, generation = 0;
};

struct ManagerRow {
  std::string id, name, state, serving;  // in the branch's order (the table keeps the position)
};

struct VisitRow {
  std::int64_t n = 0;  // arrival order within the branch, from 1: the visits' paging key
  std::string id, ticket, line, day, arrived, assigned, finished, status, kind, owner, server;
  std::string skips = "[]";  // JSON: [{"manager": id, "why": reason}]
  // JSON: what happened to it, in order, as the kiosk's audit log has it: [{"at", "event",
  // "own" (the event is about this visit), "manager", "to", "reason", "decisions": [as the
  // kiosk records them]}]
  std::string steps = "[]";
  std::string managers;  // everyone the steps name, as "|M01|M02|": what a read by manager looks for
  std::string voided, void_reason;
  std::optional<double> wait_minutes, service_minutes;
  std::string phone, surname, title;  // personal data
};

// A day's dispatch log as stored: only the managers counted something; the read puts the
// staff (the managers table) first with zeros, as count_dispatch does.
struct DispatchDay {
  std::string day;
  std::vector<DispatchRow> rows;
};

// What one write of a branch puts in the tables: its row and managers always, the visits and
// days that changed.
struct BranchRows {
  BranchRow branch;
  std::vector<ManagerRow> managers;
  std::vector<VisitRow> visits;
  std::vector<DispatchDay> dispatch;
};

// Which visits a read wants: days `from`..`to` (inclusive, "" for open), newest first, those
// that arrived before `before` (arrival order; 0: from the newest), at most `limit`; with a
// `manager`, only those whose story names them (received, owned, passed over, moved, claimed).
struct VisitQuery {
  std::string from, to, manager;
  std::int64_t before = 0;
  int limit = 50;
};

// How many check-ins arrived on `day` in `hour` (0-23) and waited `wait` whole minutes (none:
// nobody has received them yet).
struct ArrivalCount {
  std::string day;
  int hour = 0;
  std::optional<int> wait;
  std::int64_t count = 0;
};

// The dispatch figures in the order of the tables' columns: rotation, makeup, requested,
// returning, referral, voluntary, reassigned, forfeits, task_skips, already_served,
// reassigned_in, reassigned_out.
inline std::array<int*, 12> dispatch_count_fields(DispatchRow& r) {
  return {&r.rotation, &r.makeup, &r.requested, &r.returning, &r.referral, &r.voluntary, &r.reassigned,
          &r.forfeits, &r.task_skips, &r.already_served, &r.reassigned_in, &r.reassigned_out};
}
inline std::array<int, 12> dispatch_counts(const DispatchRow& r) {
  return {r.rotation, r.makeup, r.requested, r.returning, r.referral, r.voluntary, r.reassigned,
          r.forfeits, r.task_skips, r.already_served, r.reassigned_in, r.reassigned_out};
}

// Minutes as the tables' text for a REAL or double precision column ("" for none), exactly.
inline std::string minutes_text(const std::optional<double>& m) {
  if (!m) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", *m);
  return text;
}

}  // namespace lobby
