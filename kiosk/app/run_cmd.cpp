// `kiosk run`: the customer's touch screen. Opens the records, rebuilds the engine from them,
// and runs the check-in screens in a window that sleeps between touches. With --hq it also
// sends the outbox to headquarters on a background thread, poked after every check-in. With a
// [printer], each committed ticket is printed by a thread of its own that wakes the screen
// when it is done.
#include "kiosk/app/commands.h"
#include "kiosk/common/log_line.h"
#include "kiosk/common/removable_media.h"
#include "kiosk/app/process_info.h"
#include "kiosk/platform/watchdog.h"
#include "kiosk/platform/window.h"
#include "kiosk/ui/screen_host.h"
#include "kiosk/ui/widgets.h"
#include "sync/client/sync_worker.h"
#include "sync/notify/notify_worker.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <utility>

namespace lobby {
namespace {

// Where each button is, for the smoke test: "id x0 y0 x1 y1" per line, replaced atomically.
void write_targets(const std::string& path, std::string& last) {
  std::string text;
  for (const ui::Target& t : ui::frame_targets())
    text += t.id + ' ' + std::to_string(static_cast<int>(t.x0)) + ' ' + std::to_string(static_cast<int>(t.y0)) + ' ' +
            std::to_string(static_cast<int>(t.x1)) + ' ' + std::to_string(static_cast<int>(t.y1)) + '\n';
  if (text == last) return;
  last = text;
  { std::ofstream(path + ".tmp") << text; }
  std::rename((path + ".tmp").c_str(), path.c_str());
}

// Which screen is showing, on either side: a new one takes frames to settle, and may follow
// something committed.
std::pair<std::optional<ui::StaffScreen>, ui::Step> showing(const ui::Kiosk& k) {
  return {k.console ? std::optional(k.console->showing) : std::nullopt, k.customer.step};
}

// The retention setting: customers' numbers and names older than it go at start-up and then
// once a day, between customers. A failure is logged and tried again the next day; the
// kiosk goes on receiving customers.
void purge_if_due(Reception& reception, int retention_days, std::int64_t& purged_on) {
  const Time now = now_local();
  if (retention_days <= 0 || day_of(now) == purged_on) return;
  purged_on = day_of(now);
  try {
    const Store::Purged p = reception.purge_personal_data(now, retention_days);
    log_event(LogLevel::info, "retention_purge",
              {{"days", retention_days}, {"customers", p.customers}, {"numbers", p.numbers}, {"visits", p.visits}});
  } catch (const StoreError& e) {
    log_event(LogLevel::error, "retention_purge_failed", {{"cause", e.what()}});
  }
}

}  // namespace

int run_kiosk(const RunOptions& o) {
  const double started = seconds_now();
  ui::KioskText text;
  ui::FontFace face;
  std::string error;
  if (!ui::load_kiosk_text(o.assets, text, error) || !ui::find_cjk_face(face, error)) {
    std::fprintf(stderr, "kiosk run: %s\n", error.c_str());
    return 1;
  }
  try {
    Store store(o.db, Store::Mode::read_write);
    Reception reception(store);
    if (o.policy)
      if (const Handled h = reception.adopt_settings(*o.policy, now_local(), "kiosk"); !h.ok())
        throw StoreError(StoreError::Kind::io, "the settings could not be recorded: " + english(h.problem()));
    ui::CheckinDesk desk(reception, store, now_local, o.settings.typical_reception_minutes);
    // A line the settings offer but nobody set a turn order for is left off the purpose screen.
    for (const ui::ServiceLine& l : o.settings.lines)
      if (!desk.runs_line(l.id))
        log_event(LogLevel::warn, "line_without_roster",
                  {{"line", l.id}, {"fix", "kiosk roster order --db DB --line " + l.id + " M01 M02 ..."}});

    std::unique_ptr<SyncWorker> sync;
    if (!o.hq.empty()) {
      PusherConfig config;
      config.hq_url = o.hq;
      config.token = o.token;
      config.ca_file = o.ca_file;
      config.in_flight = 1;  // one reused handle and connection: a lobby's trickle needs no more
      config.heartbeat_ms = std::int64_t{o.heartbeat_seconds} * 1000;
      sync = std::make_unique<SyncWorker>(o.db, config);
    }

    // Managers' notices go from their own thread and connection: a robot never delays a check-in.
    std::unique_ptr<NotifyWorker> notify;
    if (o.notify.enabled()) {
      NoticeWords words;
      words.language = o.notify.language;
      if (!load_notice_words(o.assets, words, error)) throw std::runtime_error(error);
      notify = std::make_unique<NotifyWorker>(o.db, o.notify, words, []() -> Time { return now_local(); });
    }

    Window window({o.width, o.height, "Lobby Kiosk", o.software});
    ui::Theme theme;
    theme.mm = ui::pixels_per_mm(window.width(), o.settings.screen_width_mm);
    ui::ImguiHost host(window.renderer(), theme, face, ui::kiosk_glyphs(text, store.managers(), o.settings.lines),
                       ui::welcome_glyphs(text));
    const std::string exports = (std::filesystem::absolute(o.db).parent_path() / "exports").string();
    ui::StaffDesk staff(reception, store, now_local, exports,
                        o.export_media.empty() ? usual_media_roots() : std::vector<std::string>{o.export_media});
    ui::Kiosk kiosk(theme, text, desk, o.settings, &staff);
    std::unique_ptr<TicketPrinter> printer;
    if (o.printer.enabled) {
      PrinterSettings p = o.printer;
      printer = std::make_unique<TicketPrinter>(p, text.zh, text.en, o.db, [] { Window::wake(); });
      kiosk.customer.printer = printer.get();  // the console shows its status too
      log_event(LogLevel::info, "printer", {{"device", p.device}, {"paper_mm", p.paper == escpos::Paper::mm58 ? 58 : 80}});
    }

    Pointer pointer;
    Watchdog watchdog;
    std::string targets;
    double last_frame = seconds_now();
    int settle = 2;  // ImGui draws a new screen on the frame after the tap that chose it
    bool first = true;
    std::int64_t purged_on = INT64_MIN;
    for (;;) {
      const bool at_rest = !kiosk.console && kiosk.customer.step == ui::Step::welcome;
      if (at_rest && !first) {  // never before the first frame
        purge_if_due(reception, o.retention_days, purged_on);
        try {
          reception.catch_up();  // the turn order set, or a manager added, from the desk meanwhile
        } catch (const StoreError&) {
          // Unreadable for now: the next check-in says so on screen and in the log.
        }
      }
      const double now = seconds_now();
      const PointerFrame p = pointer.next_frame();
      kiosk.screen.now = now;
      if (p.down || pointer.busy()) kiosk.last_touch = now;
      host.begin_frame(p, window.width(), window.height(), static_cast<float>(now - last_frame));
      const auto before = showing(kiosk);
      ui::draw_kiosk(kiosk);
      host.end_frame();
      window.present();
      last_frame = now;
      const bool moved = showing(kiosk) != before;
      if (moved && kiosk.customer.step == ui::Step::ticket && sync) sync->poke();
      // Any tap may have committed something (a check-in, a staff action): a look costs a query.
      if (notify && (p.down || moved)) notify->poke();
      if (moved) settle = 2;
      if (!o.targets_file.empty()) write_targets(o.targets_file, targets);
      if (first) {
        first = false;
        log_event(LogLevel::info, "first_frame",
                  {{"ms", (seconds_now() - started) * 1000}, {"rss_kb", rss_kb()}, {"epoch_ms", epoch_ms()}});
        host.finish_fonts();  // the rest of the characters, before anyone can touch
        log_event(LogLevel::info, "fonts_ready",
                  {{"ms", (seconds_now() - started) * 1000}, {"rss_kb", rss_kb()},
                   {"atlas", std::to_string(host.atlas_width()) + "x" + std::to_string(host.atlas_height())}});
        watchdog.ready("showing the check-in screens");
      }

      // Sleep until a touch, a timer (inactivity, the ticket) or a wake-up.
      int timeout_ms = -1;
      if (pointer.busy() || settle > 0) {
        timeout_ms = 0;
        --settle;
      } else if (p.down) {
        timeout_ms = 100;  // a finger held down: the staff corner counts how long
      } else if (const auto due = ui::next_deadline(kiosk)) {
        timeout_ms = std::max(0, static_cast<int>((*due - seconds_now()) * 1000) + 1);
      }
      Window::Wake wake;
      for (;;) {
        watchdog.feed();
        const int slice = watchdog.cap(timeout_ms);
        wake = window.wait(pointer, slice);
        if (wake == Window::Wake::quit) {
          watchdog.stopping();
          return 0;
        }
        // With nothing due, an event the screen does not care about is no reason to draw, and
        // neither is waking up to feed the watchdog.
        if (wake != Window::Wake::timeout || (timeout_ms >= 0 && slice == timeout_ms)) break;
        if (timeout_ms > 0) timeout_ms -= slice;
      }
      if (wake == Window::Wake::input) settle = 2;
    }
  } catch (const StoreError& e) {
    std::fprintf(stderr, "kiosk run: %s\n", e.what());
    return 2;
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "kiosk run: %s\n", e.what());
    return 1;
  }
}

}  // namespace lobby
