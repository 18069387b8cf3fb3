// The customer's walk through the kiosk: which screen is showing, what they have told us so
// far, and the timers that bring the kiosk back to the welcome screen. Each screen is drawn
// by its own function (one file each); they read and change a Kiosk and nothing else.
#pragma once

#include "kiosk/core/explain.h"
#include "kiosk/core/names.h"
#include "kiosk/devices/ticket_printer.h"
#include "kiosk/ui/checkin_desk.h"
#include "kiosk/ui/staff_desk.h"
#include "kiosk/ui/theme.h"

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lobby::ui {

enum class Step : std::uint8_t {
  welcome, purpose, phone, name, manager, referral, consent, confirm, ticket, failed,
  // The staff console, behind a long press and a PIN.
  staff_sign_in, staff_home, staff_reassign, staff_roster, staff_claims, staff_void, staff_audit,
};
enum class Lang : std::uint8_t { zh, en };
enum class Purpose : std::uint8_t { first_visit, returning, see_someone };

// Everything the customer has told the kiosk. Discarded whenever it returns to welcome.
struct Draft {
  Purpose purpose = Purpose::first_visit;
  std::string typed;                  // digits on the phone keypad
  std::string phone;                  // validated and normalised
  std::string phone_problem;          // why the typed number was refused, in words
  bool phone_declined = false;
  std::optional<KnownCustomer> known;
  bool not_found = false;             // said they had been here, but the number is new
  std::string surname, title;
  bool latin = false;                 // typing a Latin name instead of choosing a surname
  char letter = 0;                    // pinyin filter on the surname grid; 0: common ones
  std::string manager;                // named manager's id
  std::string manager_name;
  std::string referrer_typed, referrer, referrer_problem;
  std::optional<ManagerCard> referrer_offer;  // the friend's manager, on duty
  bool use_referrer_owner = false;
  bool consent = false;
};

// Settings of the customer's screens (the house rules have their own).
struct KioskSettings {
  int inactivity_reset_s = 45;         // any screen returns to welcome after this long untouched
  int ticket_seconds = 10;             // the ticket stays up this long
  int typical_reception_minutes = 20;  // for the wait estimate
  float screen_width_mm = 476;         // a 21.5-inch 16:9 screen; sets the size of everything
  Lang start_language = Lang::zh;
};

struct KioskText {
  StringTable zh, en;
  std::vector<Surname> surnames;
};

// Who is signed in to the staff console and what they are doing. Cleared on leaving it.
struct Console {
  std::string person;       // selected on the sign-in screen, then signed in
  bool signed_in = false, supervisor = false;
  std::string pin;          // digits typed; never shown
  std::string message;      // the result of the last action, or why it was refused
  bool trouble = false;
  std::string visit, to;    // the customer chosen for a reassignment or a void, and to whom
  // The audit log as drawn: read once when its screen opens, again in the other language.
  struct AuditLine {
    std::string text;
    bool detail = false;  // an explanation or a reason, under the action it belongs to
  };
  std::vector<AuditLine> audit;
  std::optional<Lang> audit_lang;
};

struct Kiosk {
  Kiosk(const Theme& theme, const KioskText& text, CheckinDesk& desk, KioskSettings settings);

  const Theme& theme;
  const KioskText& text;
  CheckinDesk& desk;
  KioskSettings settings;

  Lang lang;
  Step step = Step::welcome;
  std::vector<Step> history;  // for Back
  Draft draft;
  TicketInfo ticket;
  StaffDesk* staff = nullptr;  // the staff console; none when null
  TicketPrinter* printer = nullptr;  // the receipt printer; none when null
  Console console;
  double now = 0;             // seconds, monotonic
  double last_touch = 0;
  double shown_at = 0;        // when the current screen appeared

  std::string tr(std::string_view key) const;
  std::string tr(std::string_view key, const std::map<std::string_view, std::string_view>& values) const;
  std::string say(Problem p) const;  // a refusal or failure in the kiosk's language
  void go(Step next);
  void back();
  void start_over();  // back to welcome, forgetting everything typed
  // The screen after the current one, given what the customer has said.
  Step next_after(Step s) const;
  void check_in();
};

// How long the ticket stays up: longer while it prints and when its print failed, so the
// customer can read why and note their number (ticket_screen.cpp).
double ticket_seconds(const Kiosk& k);
// Hands the ticket to the printer, if there is one; the screen never waits for it.
void print_ticket(Kiosk& k);

// The frame: advances timers, then draws the current screen full-window.
void draw_kiosk(Kiosk& k);
// When the kiosk must wake up next without a touch (seconds, monotonic), or none.
std::optional<double> next_deadline(const Kiosk& k);

// The screens.
void welcome_screen(Kiosk&);
void purpose_screen(Kiosk&);
void phone_screen(Kiosk&);
void name_screen(Kiosk&);
void manager_screen(Kiosk&);
void referral_screen(Kiosk&);
void consent_screen(Kiosk&);
void confirm_screen(Kiosk&);
void ticket_screen(Kiosk&);
void failed_screen(Kiosk&);
void staff_sign_in_screen(Kiosk&);
void staff_home_screen(Kiosk&);
void staff_reassign_screen(Kiosk&);
void staff_roster_screen(Kiosk&);
void staff_claims_screen(Kiosk&);
void staff_void_screen(Kiosk&);
void staff_audit_screen(Kiosk&);

// Parts every step screen shares: the top bar (start over, language) with the title, and the
// bottom bar. bottom_bar returns true when Next was tapped.
void top_bar(Kiosk& k, std::string_view title_key);
bool bottom_bar(Kiosk& k, bool show_next, std::string_view next_key = "ui.next");
// A number typed on the keypad (right) with its hint or problem and `below` (left).
void number_entry(Kiosk& k, const char* id, std::string& typed, std::string& problem, std::string_view hint,
                  const std::function<void()>& below);
// Parts the staff console's screens share (staff_console.cpp).
// Applies a staff action as the signed-in person and puts the result in console.message.
bool console_act(Kiosk& k, Event e);
void console_message(const Kiosk& k);
// Tickets to tap, one button each ("<id_prefix><ticket>"); the chosen one is `visit`.
bool choose_customer(Kiosk& k, std::string_view id_prefix, const std::vector<StaffDesk::Customer>& customers,
                     std::string& visit);
// A row of reasons worded by "<words_prefix><reason>"; returns the one tapped, or "".
std::string tapped_reason(Kiosk& k, std::string_view id_prefix, std::string_view words_prefix,
                          std::initializer_list<const char*> reasons);
std::string manager_name(const Kiosk& k, const std::string& id);

// The words a phone check gives back, in the customer's language.
std::string phone_problem(const Kiosk& k, std::string_view typed);

}  // namespace lobby::ui
