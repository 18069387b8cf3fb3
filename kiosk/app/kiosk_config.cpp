// The kiosk's settings, each declared once: the settings file (assets/config/kiosk.toml lists
// every key), the flags of `kiosk run`, `kiosk display` and `kiosk notify`, and --check all
// come from the declarations below.
#include "kiosk/app/commands.h"
#include "kiosk/app/devices_config.h"
#include "kiosk/common/config_file.h"

#include <cstdio>
#include <filesystem>

namespace lobby {

std::string default_assets_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(LOBBY_ASSETS_DIR, ec)) return LOBBY_ASSETS_DIR;
  // Relative to the program, not a fixed /usr: the package may be installed under any prefix.
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return LOBBY_ASSETS_DIR;  // the error on opening it names the folder looked for
  return (exe.parent_path().parent_path() / "share/lobby-kiosk/assets").string();
}

bool window_size(const std::string& text, int& width, int& height) {
  width = height = 0;
  if (text.empty()) return true;
  int used = 0;
  if (std::sscanf(text.c_str(), "%dx%d%n", &width, &height, &used) != 2 || used != static_cast<int>(text.size()))
    return false;
  return width >= 320 && height >= 240;
}

namespace {

std::string window_problem(const std::string& text) {
  int w = 0, h = 0;
  return window_size(text, w, h) ? "" : "expected WIDTHxHEIGHT of at least 320x240, e.g. 1280x800 (\"\": fullscreen)";
}

std::string url_problem(const std::string& url) {
  return url.empty() || url.starts_with("https://") || url.starts_with("http://")
             ? ""
             : "expected HQ's address, e.g. https://hq.example.com";
}

// The house rules' open choices (POLICY.md), in the file only: the kiosk and the board share
// them. Without a settings file there are none (RunOptions::policy): the first one read makes
// the defaults, and --check says when there are none.
template <class T>
std::function<T()> rule_get(std::optional<Settings>& policy, T Settings::*field) {
  return [&policy, field] {
    static const Settings defaults;
    return (policy ? *policy : defaults).*field;
  };
}
template <class T>
std::function<void(T)> rule_set(std::optional<Settings>& policy, T Settings::*field) {
  return [&policy, field](T v) {
    if (!policy) policy.emplace();
    (*policy).*field = v;
  };
}

void declare_policy(SettingList& list, std::optional<Settings>& p) {
  list.optional_table("policy", [&p] { return p.has_value(); }, "as the database last recorded (no settings file)");
  const auto busy = rule_get(p, &Settings::default_busy_policy);
  const auto set_busy = rule_set(p, &Settings::default_busy_policy);
  list.choice(
      "policy.default_busy_policy", "", [busy] { return std::string(name_of(busy())); },
      [set_busy](const std::string& w) { set_busy(*busy_policy_from(w)); }, {"delegate", "forfeit"},
      "a busy manager on turn: a colleague serves (delegate) or the turn is lost (forfeit)");
  list.yes_no("policy.phone_request_uses_turn", "", rule_get(p, &Settings::phone_request_uses_turn),
              rule_set(p, &Settings::phone_request_uses_turn),
              "a customer who first spoke to the named manager by phone uses that manager's turn");
  list.yes_no("policy.referral_uses_turn", "", rule_get(p, &Settings::referral_uses_turn),
              rule_set(p, &Settings::referral_uses_turn),
              "a referred customer given the referrer's manager uses that manager's turn");
  list.whole("policy.claim_window_days", "", rule_get(p, &Settings::claim_window_days),
             rule_set(p, &Settings::claim_window_days), 0, 30, "how long after a visit a manager may claim the customer");
  list.yes_no("policy.void_returns_turn", "", rule_get(p, &Settings::void_returns_turn),
              rule_set(p, &Settings::void_returns_turn), "voiding a mistaken check-in gives back the turn it used");
  const auto reasons = rule_get(p, &Settings::absence_reasons);
  const auto set_reasons = rule_set(p, &Settings::absence_reasons);
  list.choice_table(
      "policy.absence_reasons",
      [reasons] {
        std::map<std::string, std::string> words;
        for (const auto& [reason, state] : reasons()) words[reason] = std::string(name_of(state));
        return words;
      },
      [set_reasons](const std::map<std::string, std::string>& words) {
        std::map<std::string, State, std::less<>> states;
        for (const auto& [reason, state] : words) states[reason] = *state_from(state);
        set_reasons(states);
      },
      {"break", "task"}, "the staff console's reasons for going away: break (no make-up turn) or task (a make-up turn)");
}

void declare_notify(SettingList& list, NotifySettings& s) {
  list.choice(
      "notify.channel", "", [&s] { return std::string(name_of(s.channel)); },
      [&s](const std::string& w) { s.channel = *channel_from(w); }, {"none", "wecom", "dingtalk", "feishu", "webhook"},
      "the group robot that gets the managers' notices; none: no notices");
  list.text("notify.url", "", s.url, "the robot's webhook address, with its key or access token")
      .checked_by([&s](const std::string& url) -> std::string {
        if (s.channel == Channel::none || url.starts_with("https://") || url.starts_with("http://")) return "";
        return "expected the robot's webhook address, https://..., as its settings page shows it "
               "(README: Notices to managers)";
      })
      .secretly();
  list.text("notify.secret", "", s.secret, "the robot's signing secret (dingtalk, feishu; webhook: a shared secret)")
      .checked_by([&s](const std::string& secret) -> std::string {
        return s.channel == Channel::webhook && secret.empty()
                   ? "expected a shared secret: the webhook channel signs every message"
                   : "";
      })
      .secretly();
  list.whole("notify.fresh_minutes", "", s.fresh_minutes, 1, 1440, "a notice older than this is not sent");
  list.choice("notify.language", "", s.language, {"zh", "en", "both"}, "the language of the messages");
  list.text("notify.ca_file", "", s.ca_file, "a CA bundle to trust for the robot's address, if not the system's");
}

// The branch's service lines (POLICY.md, "Service lines"), each a rotation of its own that the
// customer chooses on the "what brings you here" screen, in the file's order. Six fit that
// screen with their descriptions at a size readable from a metre away.
void declare_lines(SettingList& list, std::vector<ui::ServiceLine>& lines) {
  static const std::vector<std::string> fields = {"id", "name.zh", "name.en", "about.zh", "about.en"};
  list.table_list(
      "lines", fields, ui::kMaxServiceLines,
      [&lines] {
        TableList entries;
        for (const ui::ServiceLine& l : lines)
          entries.push_back({{"id", l.id}, {"name.zh", l.name_zh}, {"name.en", l.name_en},
                             {"about.zh", l.about_zh}, {"about.en", l.about_en}});
        return entries;
      },
      [&lines](const TableList& entries) {
        lines.clear();
        for (const auto& e : entries)
          lines.push_back({e.at("id"), e.at("name.zh"), e.at("name.en"), e.at("about.zh"), e.at("about.en")});
      },
      "the service lines the customer chooses from, each with its own turn order (kiosk roster order --line ID)");
}

}  // namespace

SettingList run_settings(RunOptions& run) {
  SettingList list;
  list.text("database", "--db", run.db, "the kiosk's database (kiosk run creates it if missing)");
  list.text("assets", "--assets", run.assets, "folder with strings/ and surnames.txt");
  list.choice("kiosk.language", "--language", run.language, {"zh", "en"}, "the language the welcome screen starts in");
  list.text("kiosk.window", "--window", run.window, "a window of this size instead of fullscreen, e.g. 1280x800")
      .checked_by(window_problem);
  list.yes_no("kiosk.software_renderer", "--software", run.software,
              "draw with SDL's software renderer (no GPU; e.g. under Xvfb)");
  list.whole("kiosk.inactivity_reset_seconds", "--inactivity-reset", run.settings.inactivity_reset_s, 5, 3600,
             "seconds untouched before any screen returns to welcome");
  list.whole("kiosk.idle_warning_seconds", "", run.settings.idle_warning_s, 0, 60,
             "\"still there?\" counts down this long before that reset; 0: no warning");
  list.whole("kiosk.ticket_seconds", "--ticket-seconds", run.settings.ticket_seconds, 2, 600,
             "how long the ticket stays up, unless touched");
  list.decimal("kiosk.screen_width_mm", "--screen-width-mm", run.settings.screen_width_mm, 100, 3000,
               "the screen's real width, so buttons are 20 mm or more");
  list.whole("kiosk.typical_reception_minutes", "", run.settings.typical_reception_minutes, 1, 240,
             "for \"about M minutes\" on the ticket and the board");
  list.text("kiosk.export_media", "", run.export_media,
            "the folder USB sticks are mounted under, for the console's exports (\"\": /media/USER and /run/media/USER)");
  declare_lines(list, run.settings.lines);
  list.text("hq.url", "--hq", run.hq, "send check-ins to this HQ (with --token); without it nothing is sent")
      .checked_by(url_problem);
  list.text("hq.token", "--token", run.token, "this kiosk's bearer token (kiosk-hq token add)").secretly();
  list.text("hq.ca_file", "--cafile", run.ca_file, "a CA bundle to trust for HQ's certificate");
  list.whole("hq.heartbeat_seconds", "", run.heartbeat_seconds, 5, 120,
             "with nothing to send, tell HQ this often that the kiosk is alive (and its quarantine count)");
  declare_policy(list, run.policy);
  list.whole("privacy.retention_days", "", run.retention_days, 0, 36500,
             "purge customers' numbers and names older than this many days (0: keep)");
  declare_printer_settings(list, run.printer);
  declare_notify(list, run.notify);
  return list;
}

SettingList display_settings(DisplayOptions& display) {
  SettingList list;
  list.text("database", "--db", display.db, "the kiosk's database, opened read-only");
  list.text("assets", "--assets", display.assets, "folder with strings/ and surnames.txt");
  list.choice("display.language", "--language", display.language, {"zh", "en"}, "the board's language");
  list.text("display.window", "--window", display.window, "a window of this size instead of fullscreen, e.g. 1280x720")
      .checked_by(window_problem);
  list.yes_no("display.software_renderer", "--software", display.software,
              "draw with SDL's software renderer (no GPU; e.g. under Xvfb)");
  list.decimal("display.screen_width_mm", "--screen-width-mm", display.screen_width_mm, 100, 5000,
               "the board's real width, to size its text");
  declare_voice_settings(list, display.voice);
  return list;
}

void load_kiosk_config(const std::string& path, RunOptions& run, DisplayOptions& display) {
  ConfigFile f(path);
  run.policy.emplace();  // a file without a [policy] table means the defaults, as its example says
  run_settings(run).read(f);
  display_settings(display).read(f);
  display.typical_reception_minutes = run.settings.typical_reception_minutes;  // the board estimates waits too
  display.lines = run.settings.lines;  // and names the lines as the kiosk does
  f.refuse_unknown_keys();
}

std::string describe_settings(const RunOptions& o) {
  RunOptions copy = o;
  return run_settings(copy).describe();
}

std::string describe_settings(const DisplayOptions& o) {
  DisplayOptions copy = o;
  return display_settings(copy).describe();
}

}  // namespace lobby
