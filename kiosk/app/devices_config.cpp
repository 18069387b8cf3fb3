#include "kiosk/app/devices_config.h"

namespace lobby {

void read_printer_settings(ConfigFile& f, PrinterSettings& p) {
  f.read("printer.enabled", p.enabled);
  f.read("printer.device", p.device);
  int paper = p.paper == escpos::Paper::mm58 ? 58 : 80;
  f.read("printer.paper_mm", paper, 58, 80);
  if (paper != 58 && paper != 80) f.refuse("printer.paper_mm", "expected 58 or 80 (the paper's width in mm)");
  p.paper = paper == 58 ? escpos::Paper::mm58 : escpos::Paper::mm80;
  f.read("printer.branch_name", p.branch_name);
  f.read("printer.qr_text", p.qr_text);
  if (p.qr_text.size() > 500)
    f.refuse("printer.qr_text", "expected at most 500 bytes (a QR code on a ticket stays small)");
  f.read("printer.timeout_ms", p.timeout_ms, 100, 30000);
  f.read("printer.failed_ticket_seconds", p.failed_ticket_seconds, 5, 600);
  if (p.enabled)
    if (const std::string problem = device_problem(p.device); !problem.empty()) f.refuse("printer.device", problem);
}

void read_voice_settings(ConfigFile& f, voice::VoiceSettings& v) {
  f.read("voice.enabled", v.enabled);
  std::vector<std::string> languages;
  for (const voice::Language l : v.languages) languages.emplace_back(voice::name_of(l));
  f.read_choice_list("voice.languages", languages, {"zh", "en"});
  v.languages.clear();
  for (const std::string& l : languages) v.languages.push_back(l == "zh" ? voice::Language::zh : voice::Language::en);
}

std::string describe_printer(const PrinterSettings& p) {
  return std::string("printer.enabled = ") + (p.enabled ? "true" : "false") + "\n" + "printer.device = " + p.device +
         "\n" + "printer.paper_mm = " + (p.paper == escpos::Paper::mm58 ? "58" : "80") + "\n" +
         "printer.branch_name = " + p.branch_name + "\n" + "printer.qr_text = " + p.qr_text + "\n" +
         "printer.timeout_ms = " + std::to_string(p.timeout_ms) + "\n" +
         "printer.failed_ticket_seconds = " + std::to_string(p.failed_ticket_seconds) + "\n";
}

std::string describe_voice(const voice::VoiceSettings& v) {
  std::string languages;
  for (const voice::Language l : v.languages)
    languages += (languages.empty() ? "" : ", ") + std::string(voice::name_of(l));
  return std::string("voice.enabled = ") + (v.enabled ? "true" : "false") + "\n" + "voice.languages = " + languages +
         "\n";
}

}  // namespace lobby
