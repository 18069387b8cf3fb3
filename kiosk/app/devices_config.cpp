#include "kiosk/app/devices_config.h"

namespace lobby {

void declare_printer_settings(SettingList& list, PrinterSettings& p) {
  list.yes_no("printer.enabled", "", p.enabled, "print each ticket on the branch's receipt printer");
  list.text("printer.device", "", p.device, "a USB printer's path, or tcp://HOST:9100 for a network printer")
      .checked_by([&p](const std::string& device) { return p.enabled ? device_problem(device) : std::string(); });
  list.whole(
          "printer.paper_mm", "", [&p] { return p.paper == escpos::Paper::mm58 ? 58LL : 80LL; },
          [&p](long long mm) { p.paper = mm == 58 ? escpos::Paper::mm58 : escpos::Paper::mm80; }, 58, 80,
          "the paper's width in mm")
      .checked_by([](const std::string& mm) {
        return mm == "58" || mm == "80" ? "" : "expected 58 or 80 (the paper's width in mm)";
      });
  list.text("printer.branch_name", "", p.branch_name, "printed at the top of the ticket");
  list.text("printer.qr_text", "", p.qr_text, "printed as a QR code; empty: none")
      .checked_by([](const std::string& text) {
        return text.size() <= 500 ? "" : "expected at most 500 bytes (a QR code on a ticket stays small)";
      });
  list.whole("printer.timeout_ms", "", p.timeout_ms, 100, 30000, "the longest the printer may take for any one step");
  list.whole("printer.failed_ticket_seconds", "", p.failed_ticket_seconds, 5, 600,
             "how long a ticket whose print failed stays up");
}

void declare_voice_settings(SettingList& list, voice::VoiceSettings& v) {
  list.yes_no("voice.enabled", "", v.enabled, "the lobby board calls each assigned ticket aloud");
  list.choice_list(
      "voice.languages",
      [&v] {
        std::vector<std::string> words;
        for (const voice::Language l : v.languages) words.emplace_back(voice::name_of(l));
        return words;
      },
      [&v](const std::vector<std::string>& words) {
        v.languages.clear();
        for (const std::string& w : words) v.languages.push_back(w == "zh" ? voice::Language::zh : voice::Language::en);
      },
      {"zh", "en"}, "which languages the call is spoken in, in this order");
}

}  // namespace lobby
