// The kiosk program's subcommands. Each returns the process exit status and prints its
// own messages: results on stdout, problems on stderr with what to do about them.
#pragma once

#include "kiosk/common/setting_list.h"
#include "kiosk/devices/announcement.h"
#include "kiosk/devices/printer.h"
#include "kiosk/ui/checkin_flow.h"
#include "sync/notify/notify_settings.h"

#include <optional>
#include <string>
#include <vector>

namespace lobby {

// The strings and surnames when --assets is not given: the source tree's for a developer's
// build; for an installed one, ../share/lobby-kiosk/assets beside the program itself.
std::string default_assets_dir();
// A Problem in English from the assets' string table, for the command line and the log.
std::string english(const Problem& p);

struct ReplayOptions {
  std::string file;  // empty or "-": standard input
  std::string db;    // empty: in memory only
};
int run_replay(const ReplayOptions&);

int run_report(const std::string& db, const std::string& day, bool csv);
int run_backup(const std::string& db, const std::string& to);
int run_purge(const std::string& db, int older_than_days);

struct ManagerOptions {
  std::string db, id, name, surname, gender, pin;
  std::string pinyin;  // "wang2 li4": how the lobby board says the name
  std::string mobile;  // for @-mentions in the group's notices
  bool supervisor = false;
};
int run_roster_add(const ManagerOptions&);
int run_roster_order(const std::string& db, const std::string& line, const std::vector<std::string>& order);
int run_roster_list(const std::string& db);

struct BenchOptions {
  std::size_t events = 1'000'000;
  int managers = 30;
  int checkins = 2000;
  int repeats = 5;
  std::string dir = ".";  // where the store benchmark writes: the filesystem being measured
};
int run_bench(const BenchOptions&);

struct SyncOptions {
  std::string db, hq, token, ca_file;
  bool drain = false;  // retry until the outbox is empty (else one pass)
  std::size_t batch = 500;
  int in_flight = 2;
  long timeout_ms = 20000;
  int deadline_s = 600;  // --drain gives up after this long
  long long backoff_base_ms = 1000, backoff_cap_ms = 300000;
};
int run_sync(const SyncOptions&);

struct RunOptions {
  std::string db;
  std::string window;         // "1280x800"; empty: fullscreen
  std::string language = "zh";
  int width = 0, height = 0;  // from `window`; 0: fullscreen
  bool software = false;
  std::string assets = default_assets_dir();
  std::string hq, token, ca_file;  // empty hq: no sync from this process
  // HQ's overview calls a branch offline after a few missed heartbeats (OFFLINE_AFTER_S in
  // assets/dashboard/overview.js): keep the two in step.
  int heartbeat_seconds = 60;
  std::string targets_file;        // for the smoke test: where each button is
  ui::KioskSettings settings;
  // The house rules' choices from the settings file; none without one: the kiosk then keeps
  // those its records hold, rather than quietly going back to the defaults.
  std::optional<Settings> policy;
  int retention_days = 0;          // purge customers' numbers and names older than this; 0: keep
  std::string export_media;        // where USB sticks are mounted; empty: the desktop's usual places
  PrinterSettings printer;         // [printer]: off unless the settings file turns it on
  NotifySettings notify;           // [notify]: managers' notices, sent by a thread of `kiosk run`
};

struct NotifyOptions {
  std::string db, assets;    // `kiosk notify` takes them, and the settings, from those of `kiosk run`
  NotifySettings settings;
  bool drain = false, test = false;
  int deadline_s = 600;  // --drain gives up after this long
};
int run_notify(const NotifyOptions&);
int run_kiosk(const RunOptions&);

struct DisplayOptions {
  std::string db;
  std::string window;         // "1280x720"; empty: fullscreen
  int width = 0, height = 0;  // from `window`; 0: fullscreen
  bool software = false;
  std::string assets = default_assets_dir();
  std::string language = "zh";
  float screen_width_mm = 1020;  // a 46-inch 16:9 lobby screen
  int typical_reception_minutes = 20;
  std::vector<ui::ServiceLine> lines;  // [[lines]], read with the kiosk's settings: their names
  voice::VoiceSettings voice;  // [voice]: off unless the settings file turns it on
};
int run_display(const DisplayOptions&);

// `kiosk ticket print`: prints today's ticket again on the branch's printer, for staff.
struct TicketPrintOptions {
  std::string config, db, ticket, assets = default_assets_dir();
};
int run_ticket_print(const TicketPrintOptions&);

// `kiosk announce`: writes what the lobby board would say for a ticket and a manager to a WAV.
struct AnnounceOptions {
  std::string config, db, ticket, manager, wav, assets = default_assets_dir();
};
int run_announce(const AnnounceOptions&);

// The settings of `kiosk run` (database, assets, [kiosk], [hq], [policy], [privacy], [printer],
// [notify]) and of `kiosk display` (database, assets, [display], [voice]), each declared once
// and bound to the options it sets: one settings file holds both (assets/config/kiosk.toml).
SettingList run_settings(RunOptions& run);
SettingList display_settings(DisplayOptions& display);
// Reads a kiosk's settings file into the options of `kiosk run` and `kiosk display`. Throws
// ConfigError naming file, key and what is expected, for a bad value or an unknown key
// anywhere in the file.
void load_kiosk_config(const std::string& path, RunOptions& run, DisplayOptions& display);
// The settings `kiosk run` / `kiosk display` would start with, one `key = value` a line, in
// the settings file's words (for --check: an operator tries a file before restarting).
std::string describe_settings(const RunOptions& run);
std::string describe_settings(const DisplayOptions& display);
// "1280x800" into its width and height, "" (fullscreen) into 0 x 0; false for anything else
// or for less than 320x240 (the window settings' check says so before it comes to this).
bool window_size(const std::string& text, int& width, int& height);

// The branch's local wall-clock time, for events made by people at the kiosk.
long long now_local();

}  // namespace lobby
