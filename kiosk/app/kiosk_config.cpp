// The kiosk's settings file. The keys, their ranges and their defaults are the ones the
// flags of `kiosk run` and `kiosk display` have; assets/config/kiosk.toml lists them all.
#include "kiosk/app/commands.h"
#include "kiosk/common/config_file.h"
#include "kiosk/app/devices_config.h"

namespace lobby {

namespace {

void read_policy(ConfigFile& f, Settings& s) {
  std::string busy(name_of(s.default_busy_policy));
  f.read_choice("policy.default_busy_policy", busy, {"delegate", "forfeit"});
  s.default_busy_policy = *busy_policy_from(busy);
  f.read("policy.phone_request_uses_turn", s.phone_request_uses_turn);
  f.read("policy.referral_uses_turn", s.referral_uses_turn);
  f.read("policy.claim_window_days", s.claim_window_days, 0, 30);
  f.read("policy.void_returns_turn", s.void_returns_turn);
  std::map<std::string, std::string> reasons;
  for (const auto& [reason, state] : s.absence_reasons) reasons[reason] = std::string(name_of(state));
  f.read_choices("policy.absence_reasons", reasons, {"break", "task"});
  s.absence_reasons.clear();
  for (const auto& [reason, state] : reasons) s.absence_reasons[reason] = *state_from(state);
}

}  // namespace

void load_kiosk_config(const std::string& path, RunOptions& run, DisplayOptions& display) {
  ConfigFile f(path);
  std::string db;
  f.read("database", db);
  if (!db.empty()) run.db = display.db = db;
  f.read("assets", run.assets);
  display.assets = run.assets;

  f.read_choice("kiosk.language", run.language, {"zh", "en"});
  f.read("kiosk.window", run.window);
  f.read("kiosk.software_renderer", run.software);
  f.read("kiosk.inactivity_reset_seconds", run.settings.inactivity_reset_s, 5, 3600);
  f.read("kiosk.ticket_seconds", run.settings.ticket_seconds, 2, 600);
  f.read("kiosk.screen_width_mm", run.settings.screen_width_mm, 100, 3000);
  f.read("kiosk.typical_reception_minutes", run.settings.typical_reception_minutes, 1, 240);

  f.read_choice("display.language", display.language, {"zh", "en"});
  f.read("display.window", display.window);
  f.read("display.software_renderer", display.software);
  f.read("display.screen_width_mm", display.screen_width_mm, 100, 5000);
  display.typical_reception_minutes = run.settings.typical_reception_minutes;

  f.read("hq.url", run.hq);
  f.read("hq.token", run.token);
  f.read("hq.ca_file", run.ca_file);

  run.policy.emplace();  // a file without a [policy] table means the defaults, as its example says
  read_policy(f, *run.policy);  // the board follows the settings the kiosk recorded
  f.read("privacy.retention_days", run.retention_days, 0, 36500);
  read_printer_settings(f, run.printer);
  read_voice_settings(f, display.voice);
  read_notify_settings(f, run.notify);
  f.refuse_unknown_keys();
}

namespace {

std::string describe_policy(const Settings& s) {
  auto yes = [](bool b) { return b ? "true" : "false"; };
  std::string out = "policy.default_busy_policy = " + std::string(name_of(s.default_busy_policy)) + "\n" +
                    "policy.phone_request_uses_turn = " + yes(s.phone_request_uses_turn) + "\n" +
                    "policy.referral_uses_turn = " + yes(s.referral_uses_turn) + "\n" +
                    "policy.claim_window_days = " + std::to_string(s.claim_window_days) + "\n" +
                    "policy.void_returns_turn = " + yes(s.void_returns_turn) + "\n";
  for (const auto& [reason, state] : s.absence_reasons)
    out += "policy.absence_reasons." + reason + " = " + std::string(name_of(state)) + "\n";
  return out;
}

std::string number(float v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::string describe_settings(const RunOptions& o) {
  return "database = " + o.db + "\n" + "kiosk.language = " + o.language + "\n" + "kiosk.window = " + o.window + "\n" +
         "kiosk.software_renderer = " + (o.software ? "true" : "false") + "\n" +
         "kiosk.inactivity_reset_seconds = " + std::to_string(o.settings.inactivity_reset_s) + "\n" +
         "kiosk.ticket_seconds = " + std::to_string(o.settings.ticket_seconds) + "\n" +
         "kiosk.screen_width_mm = " + number(o.settings.screen_width_mm) + "\n" +
         "kiosk.typical_reception_minutes = " + std::to_string(o.settings.typical_reception_minutes) + "\n" +
         "hq.url = " + o.hq + "\n" + "hq.token = " + (o.token.empty() ? "" : "(set)") + "\n" +
         "hq.ca_file = " + o.ca_file + "\n" +
         (o.policy ? describe_policy(*o.policy) : "policy = as the database last recorded (no settings file)\n") +
         "privacy.retention_days = " + std::to_string(o.retention_days) + "\n" + describe_printer(o.printer) +
         describe_notify(o.notify);
}

std::string describe_settings(const DisplayOptions& o) {
  return "database = " + o.db + "\n" + "display.language = " + o.language + "\n" + "display.window = " + o.window +
         "\n" + "display.software_renderer = " + (o.software ? "true" : "false") + "\n" +
         "display.screen_width_mm = " + number(o.screen_width_mm) + "\n" + describe_voice(o.voice);
}

}  // namespace lobby
