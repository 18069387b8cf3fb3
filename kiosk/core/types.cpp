// The domain's words as they appear in the replay contract, the store and the protocol.
#include "kiosk/core/types.h"

#include <array>

namespace lobby {

namespace {
template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}
constexpr std::array<std::string_view, 5> kStates{"off", "available", "receiving", "break", "task"};
constexpr std::array<std::string_view, 2> kPolicies{"delegate", "forfeit"};
constexpr std::array<std::string_view, 7> kKinds{"rotation", "makeup",   "requested", "returning",
                                                 "voluntary", "referral", "reassigned"};
constexpr std::array<std::string_view, 4> kSkips{"break", "task", "busy", "already-served"};
constexpr std::array<std::string_view, 16> kRules{
    "makeup-first",  "rotation-scan", "busy-delegate",   "busy-forfeit",      "named-request",
    "phone-enquiry", "request-ignored", "ownership-moved", "returning-owner", "owner-absent",
    "referral",      "referrer-unknown", "reassignment",  "claim-confirmed",   "waited", "new-server"};
constexpr std::array<std::string_view, 14> kEvents{
    "roster",   "clock_in", "clock_out",     "status",       "absent", "busy_policy", "arrive",
    "finish",   "reassign", "claim",         "claim_confirm", "claim_reject", "void", "settings"};
}  // namespace

std::string_view name_of(State v) { return kStates[static_cast<std::size_t>(v)]; }
std::string_view name_of(BusyPolicy v) { return kPolicies[static_cast<std::size_t>(v)]; }
std::string_view name_of(Kind v) { return kKinds[static_cast<std::size_t>(v)]; }
std::string_view name_of(SkipWhy v) { return kSkips[static_cast<std::size_t>(v)]; }
std::string_view name_of(Rule v) { return kRules[static_cast<std::size_t>(v)]; }
std::string_view name_of(EventType v) { return kEvents[static_cast<std::size_t>(v)]; }
std::optional<State> state_from(std::string_view s) { return lookup<State>(kStates, s); }
std::optional<BusyPolicy> busy_policy_from(std::string_view s) { return lookup<BusyPolicy>(kPolicies, s); }
std::optional<Kind> kind_from(std::string_view s) { return lookup<Kind>(kKinds, s); }
std::optional<SkipWhy> skip_why_from(std::string_view s) { return lookup<SkipWhy>(kSkips, s); }
std::optional<Rule> rule_from(std::string_view s) { return lookup<Rule>(kRules, s); }
std::optional<EventType> event_type_from(std::string_view s) { return lookup<EventType>(kEvents, s); }

bool recordable_text(std::string_view s) {
  if (s.size() > kMaxEventText) return false;
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

}  // namespace lobby
