// The customer's side of the kiosk: which of their screens is showing, what they have told us
// so far, and their ticket. Each screen is drawn by its own function (one file each); they read
// and change a CheckinFlow and the shared ScreenContext (look, words, language, clock), never
// the staff console. The kiosk shell (screen_host.h) owns this flow and the console, and the
// timers that bring the kiosk back to the welcome screen.
#pragma once

#include "kiosk/core/names.h"
#include "kiosk/devices/ticket_printer.h"
#include "kiosk/ui/checkin_desk.h"
#include "kiosk/ui/screen_context.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lobby::ui {

enum class Step : std::uint8_t { welcome, purpose, phone, name, manager, referral, consent, confirm, ticket, failed };
enum class Purpose : std::uint8_t { first_visit, returning, see_someone };

// A service line the customer may choose on the purpose screen (POLICY.md, "Service lines"):
// `id` is the rules' line (its own turn order: kiosk roster order --line ID); the words are the
// branch's own, in both languages. From the settings file's [[lines]].
struct ServiceLine {
  std::string id;
  std::string name_zh, name_en;    // "主任设计师", "Director"
  std::string about_zh, about_en;  // one short line under the name
};
inline constexpr std::size_t kMaxServiceLines = 6;  // as many as the purpose screen shows at a readable size

// Everything the customer has told the kiosk. Discarded whenever it returns to welcome.
struct Draft {
  Purpose purpose = Purpose::first_visit;
  std::string line;                   // the service line chosen; empty: the branch's only one
  std::string typed;                  // digits on the phone keypad
  std::string phone;                  // validated and normalised
  std::string phone_problem;          // why the typed number was refused, in words
  bool phone_declined = false;
  std::string surname, title;
  std::optional<bool> latin;          // typing a Latin name, not choosing a surname; unset: as the language
  char letter = 0;                    // pinyin filter on the surname grid; 0: common ones
  std::string manager;                // named manager's id
  std::string manager_name;
  std::string referrer_typed, referrer, referrer_problem;
  bool referrer_asked = false;        // asked whether the friend's manager should receive them
  bool use_referrer_owner = false;
  bool consent = false;
};

// Settings of the customer's screens (the house rules have their own).
struct KioskSettings {
  int inactivity_reset_s = 45;         // any screen returns to welcome after this long untouched
  int idle_warning_s = 10;             // "still there?" this long before that; 0: no warning
  int ticket_seconds = 30;             // the ticket stays up this long, or until a touch
  int typical_reception_minutes = 20;  // for the wait estimate
  float screen_width_mm = 476;         // a 21.5-inch 16:9 screen; sets the size of everything
  Lang start_language = Lang::zh;
  std::vector<ServiceLine> lines;      // none or one: the purpose screen asks only why they came
};

// The customer's flow. Made once; start_over() makes it as new for the next customer.
struct CheckinFlow {
  CheckinFlow(ScreenContext& screen, CheckinDesk& desk, const KioskSettings& settings, bool staff_corner);
  CheckinFlow(const CheckinFlow&) = delete;
  CheckinFlow& operator=(const CheckinFlow&) = delete;

  ScreenContext& screen;
  CheckinDesk& desk;
  const KioskSettings& settings;
  TicketPrinter* printer = nullptr;  // the receipt printer; none when null
  const bool staff_corner;           // a long press on welcome's corner asks for the staff console
  bool console_asked = false;        // it was pressed: the shell opens the console

  Step step = Step::welcome;
  std::vector<Step> history;  // for Back
  Draft draft;
  TicketInfo ticket;
  double shown_at = 0;  // when the current screen appeared
  // Confirm was tapped: the next frame says "checking you in" and the one after commits, so
  // a slow commit leaves that on screen rather than a frozen form (confirm_screen.cpp).
  enum class Commit : std::uint8_t { none, asked, shown } commit = Commit::none;
  double touches_from = 0;  // the ticket ignores touches before this: made during a slow commit
  double estimated_at = 0;  // when the ticket's wait was last given by the rules
  double asked_at = 0;      // when the rules were last asked about the ticket

  void go(Step next);
  void back();
  void start_over();  // back to welcome in the starting language, forgetting everything typed
  // The screen after the current one, given what the customer has said: only that, never
  // what the records hold about a number, so the path itself tells a stranger nothing.
  Step next_after(Step s) const;
  void check_in();
};

// How long the ticket stays up: longer while it prints and when its print failed, so the
// customer can read why and note their number (ticket_screen.cpp).
double ticket_seconds(const CheckinFlow& f);
// When the ticket's words next change by themselves (the wait counts down, the rules are
// asked again), in screen seconds: the kiosk wakes up then to draw it.
double ticket_next_change(const CheckinFlow& f);
// The minutes still to wait: the rules' estimate less the time since they gave it; 0 when
// it has run out and the customer is still waiting.
int minutes_left(const CheckinFlow& f);
// Hands the ticket to the printer, if there is one; the screen never waits for it.
void print_ticket(CheckinFlow& f);

// Draws the current customer screen (the shell has begun the window and run the timers).
void draw_checkin(CheckinFlow& f);

// The screens.
void welcome_screen(CheckinFlow&);
void purpose_screen(CheckinFlow&);
void phone_screen(CheckinFlow&);
void name_screen(CheckinFlow&);
void manager_screen(CheckinFlow&);
void referral_screen(CheckinFlow&);
void consent_screen(CheckinFlow&);
void confirm_screen(CheckinFlow&);
void ticket_screen(CheckinFlow&);
void failed_screen(CheckinFlow&);

// The bars of a customer screen (screen_context.h): "start over" starts over, Back goes back.
// bottom_bar returns true when Next was tapped.
void top_bar(CheckinFlow& f, std::string_view title_key);
bool bottom_bar(CheckinFlow& f, bool show_next, std::string_view next_key = "ui.next");
// A number typed on the keypad (right) with its hint or problem and `below` (left).
void number_entry(CheckinFlow& f, const char* id, std::string& typed, std::string& problem, std::string_view hint,
                  const std::function<void()>& below);

// The words a phone check gives back, in the customer's language.
std::string phone_problem(const CheckinFlow& f, std::string_view typed);
// A customer's name as the screen's language says it: "Mr Zhang" in English, "张先生" in Chinese.
std::string said_name(const CheckinFlow& f, std::string_view surname, std::string_view title);

}  // namespace lobby::ui
