// Which managers hear about an event on their phones (issue 14): the engine's Outcome says
// what was decided; this says who is told and why. Pure, so the store writes the notices in
// the event's own transaction and tests can check every case without a database or a network.
#pragma once

#include "kiosk/core/types.h"

#include <string>
#include <vector>

namespace lobby {

enum class NoticeWhy : std::uint8_t {
  assigned,    // a customer was given to a manager (any kind); the owner hears too if someone else serves
  waiting,     // a customer started waiting for this manager by name
  reassigned,  // the supervisor moved the customer (or confirmed a claim): the new owner hears
};
std::string_view name_of(NoticeWhy);
std::optional<NoticeWhy> notice_why_from(std::string_view);

// One notice: about one visit, to the managers recipients() names.
struct NoticeDraft {
  std::string visit;
  NoticeWhy why = NoticeWhy::assigned;
  Kind kind = Kind::rotation;
  std::string owner;   // for `waiting`: the manager awaited
  std::string server;  // empty while the customer waits
  Time t = 0;          // when it was decided (branch local time): notices go stale from here
  bool operator==(const NoticeDraft&) const = default;
};

// The notices an accepted event causes, in the order of its decisions. A customer who waits
// and is served within the same event gets only the assignment.
std::vector<NoticeDraft> plan_notices(const Event& e, const Outcome& o);

// Who is told: the server, and the owner too when someone else serves on their behalf; for
// `waiting` and `reassigned`, the owner. No one twice.
std::vector<std::string> recipients(const NoticeDraft& n);

}  // namespace lobby
