// `kiosk replay`: the replay contract of POLICY.md. One JSON event per input line, one JSON
// line per assignment out, in order; refused lines print {"error":…,"line":N} and make the
// exit status 1. With --db every event goes through the real check-in transaction.
#include "kiosk/app/commands.h"
#include "kiosk/store/reception.h"
#include "kiosk/common/event_json.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

namespace lobby {

int run_replay(const ReplayOptions& opt) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (!opt.file.empty() && opt.file != "-") {
    file.open(opt.file);
    if (!file) {
      std::cerr << "kiosk replay: cannot read " << opt.file << ": " << std::strerror(errno)
                << "\n  check the file name and its permissions\n";
      return 2;
    }
    in = &file;
  }

  std::unique_ptr<Store> store;
  std::optional<Reception> reception;
  RotationEngine memory;
  if (!opt.db.empty()) {
    try {
      store = std::make_unique<Store>(opt.db);
      reception.emplace(*store);
    } catch (const StoreError& e) {
      std::cerr << "kiosk replay: " << e.what() << "\n";
      return 2;
    }
  }

  int status = 0;
  std::string text;
  for (long line = 1; std::getline(*in, text); ++line) {
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto error_line = [&](const Problem& why) {
      std::cout << nlohmann::json{{"error", english(why)}, {"code", why.code}, {"line", line}}.dump() << '\n';
      status = 1;
    };
    Event e;
    std::string error;
    if (!event_from_json(text, e, error)) {
      error_line(problem("malformed-event", {{"detail", error}}));
      continue;
    }
    Outcome o;
    if (reception) {
      Handled h = reception->handle(e, "replay");
      if (h.failure) {
        error_line(h.failure);
        std::cerr << "kiosk replay: stopped at line " << line << ": " << english(h.failure) << "\n";
        return 2;
      }
      o = std::move(h.outcome);
    } else {
      o = memory.apply(e);
    }
    if (o.error) {
      error_line(o.error);
      continue;
    }
    if (o.queued) std::cout << nlohmann::json{{"id", e.id}, {"queued", true}}.dump() << '\n';
    for (const Decision& d : o.decisions) std::cout << decision_to_json(d).dump() << '\n';
    // With a database, a printed line means "committed": let a watching process see it now.
    if (reception) std::cout.flush();
  }
  if (in->bad()) {
    std::cerr << "kiosk replay: reading the input failed: " << std::strerror(errno) << "\n";
    return 2;
  }
  return status;
}

}  // namespace lobby
