// The staff console, behind a long press on the welcome screen and a PIN: who is signed in, the
// PIN being typed, the result of the last action, the customer chosen, which console screen is
// showing and what it shows. The kiosk shell makes one each time the console opens and drops it
// when the console is left, so nothing of one person's session stays for the next, and nothing
// of it is in the customer's flow. Each screen is drawn by its own function (staff_*_screen.cpp);
// the parts they share are in staff_console.cpp; StaffDesk is their only door to the records.
//
// A screen reads what it shows from the desk when it opens, again after the desk applied an
// action and when the language changes: never in every frame (a drag redraws sixty times a
// second, and the quarantine count and the notices' state are queries).
#pragma once

#include "kiosk/devices/ticket_printer.h"
#include "kiosk/ui/screen_context.h"
#include "kiosk/ui/staff_desk.h"

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lobby::ui {

enum class StaffScreen : std::uint8_t { sign_in, home, reassign, roster, claims, void_visit, audit };

struct StaffConsole {
  StaffConsole(ScreenContext& screen, StaffDesk& staff, TicketPrinter* printer);
  StaffConsole(const StaffConsole&) = delete;
  StaffConsole& operator=(const StaffConsole&) = delete;

  ScreenContext& screen;
  StaffDesk& staff;
  TicketPrinter* const printer;  // its status is on the home screen; none when null

  StaffScreen showing = StaffScreen::sign_in;
  std::vector<StaffScreen> history;  // for Back; Back with nothing to go back to leaves
  bool left = false;                 // signed out or left: the shell returns to a fresh welcome

  std::string person;       // selected on the sign-in screen, then signed in
  bool signed_in = false, supervisor = false;
  std::string pin;          // digits typed; never shown
  int locked_minutes = 0;   // the person picked is locked out for this long (as they were picked)
  std::string message;      // the result of the last action, or why it was refused
  bool trouble = false;
  std::string visit, to;    // the customer chosen for a reassignment or a void, and to whom
  // A destructive action (void, reassign, going away, clock out, giving up turns) waits here
  // for Yes or No; while it does, the console shows only the question (staff_ask_screen).
  struct Asking {
    Event event;
    std::function<std::string(const StaffConsole&)> question;  // in the language showing
  };
  std::optional<Asking> asking;
  std::vector<std::string> new_order;  // the turn order being set: managers in the order tapped

  // What the showing screen shows, as last read from the desk; each screen fills its part.
  struct AuditLine {
    std::string text;
    bool detail = false;  // an explanation or a reason, under the action it belongs to
  };
  struct Shown {
    std::optional<std::int64_t> quarantined;  // HQ's refusals; none with the cause below
    Problem quarantine_unreadable;
    std::optional<NotifyState> notices;       // the managers' notices; none with the cause below
    Problem notices_unreadable;
    std::optional<StaffDesk::SyncHealth> sync;  // HQ sync health; none with the cause below
    Problem sync_unreadable;
    std::optional<ManagerView> me;            // the signed-in person as the rules see them
    std::optional<StaffDesk::Customer> receiving;  // the customer they receive now, if any
    Problem clock_out_refused;                // why the rules would refuse them clocking out now
    std::map<std::string, State, std::less<>> absence_reasons;
    std::vector<StaffDesk::Customer> customers;  // to reassign, void, claim, or claims to decide
    std::vector<std::string> turn_order;
    std::vector<AuditLine> audit;
  };
  Shown shown;
  int loads = 0;  // times `shown` was read since the screen opened: 1, then 1 per action or language

  // Reads what the showing screen shows with `load` (into a fresh Shown) when it must: the
  // screen has just opened, the desk has applied an action since the last read, or the
  // language changed. Otherwise does nothing: the screen draws what it read.
  void refresh(const std::function<void(Shown&)>& load);

  void go(StaffScreen next);
  void back();
  void leave();
  // A refusal or failure in the console's language, managers by name.
  std::string say(Problem p) const;

 private:
  struct Read {
    std::uint64_t changes;
    Lang lang;
    bool operator==(const Read&) const = default;
  };
  std::optional<Read> read_;  // when `shown` was read; none: read it before drawing
};

// Draws the showing console screen (the shell has begun the window and run the timers).
void draw_console(StaffConsole& c);

// The screens.
void staff_sign_in_screen(StaffConsole&);
void staff_home_screen(StaffConsole&);
void staff_reassign_screen(StaffConsole&);
void staff_roster_screen(StaffConsole&);
void staff_claims_screen(StaffConsole&);
void staff_void_screen(StaffConsole&);
void staff_audit_screen(StaffConsole&);
void staff_ask_screen(StaffConsole&);  // "Void A003 陈女士? Yes / No"

// The bars of a console screen (screen_context.h): "start over" leaves the console, Back goes
// back. bottom_bar returns true when Next was tapped.
void top_bar(StaffConsole& c, std::string_view title_key);
bool bottom_bar(StaffConsole& c, bool show_next, std::string_view next_key = "ui.next");
// Applies a staff action as the signed-in person and puts the result in `message`. The
// screen reads what it shows again on the next frame if the action changed anything.
bool console_act(StaffConsole& c, Event e);
void console_message(const StaffConsole& c);
// Asks before a destructive action: nothing is done until Yes; No leaves everything as it was.
void console_ask(StaffConsole& c, Event e, std::function<std::string(const StaffConsole&)> question);
// Says a refusal of the console's own (a tap that cannot act yet) as the last action's result.
void console_refuse(StaffConsole& c, std::string_view key);
// "A003 陈女士" / "A003 Ms Chen": the ticket and the name as the console's language says it, as
// a question or a button says it.
std::string customer_label(const StaffConsole& c, const StaffDesk::Customer& cu);
// The customer chosen on this screen (c.visit) as the list showed them; its ticket alone when
// the list no longer holds them.
StaffDesk::Customer chosen_customer(const StaffConsole& c);
// A visit named fully, as every list of the console shows it: "A003 陈女士" on the first line,
// then "09:12 到店 · 王丽 · 接待中" (arrival, manager, state); `between` joins the two.
std::string customer_words(const StaffConsole& c, const StaffDesk::Customer& cu, std::string_view between = "\n");
// Customers to tap, one button each ("<id_prefix><ticket>") naming the visit fully
// (customer_words); the chosen one is `visit`.
bool choose_customer(StaffConsole& c, std::string_view id_prefix, const std::vector<StaffDesk::Customer>& customers,
                     std::string& visit);
// A row of reasons worded by "<words_prefix><reason>"; returns the one tapped, or "".
std::string tapped_reason(StaffConsole& c, std::string_view id_prefix, std::string_view words_prefix,
                          std::initializer_list<const char*> reasons);
std::string manager_name(const StaffConsole& c, const std::string& id);

// The home's words that depend on what it read (staff_home_screen.cpp), in the console's language.
// "结束接待 A003 陈女士": the finish button names the customer being received.
std::string finish_words(const StaffConsole& c, const StaffDesk::Customer& receiving);
// Why there is no clock-out button ("先结束接待 A003，再下班打卡。"), or "" when there is one.
std::string clock_out_refused_words(const StaffConsole& c);
// The turn order Save sets: the managers `tapped`, then the others in their order `now`.
std::vector<std::string> new_turn_order(const std::vector<std::string>& now, const std::vector<std::string>& tapped);
// HQ sync health in words: "HQ sync failing since 10:32: HQ refused this kiosk's token ...;
// last delivered 09:58", or how much waits and when HQ last took something.
std::string sync_words(const StaffConsole& c);
// An absence reason's button: its name, and a second line "补位" when the settings count it as
// company business (`task`), which earns a make-up turn (POLICY.md).
std::string absence_words(const StaffConsole& c, const std::string& reason);

}  // namespace lobby::ui
