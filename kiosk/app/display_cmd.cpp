// `kiosk display`: the lobby's second screen. It opens the kiosk's database read-only,
// rebuilds the engine from the records, and then sleeps until the database changes (inotify);
// only the events added since are read, the board is drawn again, and a chime sounds when a
// customer was assigned, followed by the spoken call when the branch turned the voice on
// ([voice]). Each redraw is logged with the time, for operators and the latency benchmark.
#include "kiosk/app/commands.h"
#include "kiosk/common/log_line.h"
#include "kiosk/app/process_info.h"
#include "kiosk/core/local_time.h"
#include "kiosk/devices/speech.h"
#include "kiosk/platform/chime.h"
#include "kiosk/platform/sound_out.h"
#include "kiosk/platform/file_watch.h"
#include "kiosk/platform/watchdog.h"
#include "kiosk/platform/window.h"
#include "kiosk/store/records_follower.h"
#include "kiosk/ui/screen_host.h"
#include "kiosk/ui/lobby_board.h"

#include <cstdio>
#include <optional>

namespace lobby {

namespace {

// The calls for the customers just assigned, after the board showing them was drawn: each
// whole, after the one before (the queue never cuts one off). A decision that assigned nobody
// new (a reassignment to a waiting list) still chimes.
void announce(const std::vector<voice::NewCall>& calls, std::size_t decisions, const Store& store,
              const std::vector<Surname>& surnames, voice::Speech* speech, const voice::VoiceSettings& settings,
              const std::vector<std::int16_t>& chime, voice::Queue& queue) {
  if (calls.empty() && decisions > 0) queue.push({"chime", chime});
  if (calls.empty()) return;
  const std::vector<ManagerProfile> profiles = store.managers();
  for (const voice::NewCall& c : calls) {
    ManagerProfile who;
    who.id = who.display_name = c.manager;
    for (const ManagerProfile& p : profiles)
      if (p.id == c.manager) who = p;
    const auto label = store.visit_label(c.visit);
    const std::string ticket = label ? label->ticket : "";
    voice::Clip clip = voice::make_call(speech, settings, chime, ticket, voice::spoken_name(who, surnames),
                                        ticket + " " + c.manager);
    log_event(LogLevel::info, "call",
              {{"ticket", ticket}, {"manager", c.manager},
               {"seconds", static_cast<double>(clip.samples.size()) / voice::kRate}, {"waiting", queue.waiting()}});
    queue.push(std::move(clip));
  }
}

}  // namespace

int run_display(const DisplayOptions& o) {
  const double started = seconds_now();
  ui::KioskText text;
  ui::FontFace face;
  std::string error;
  if (!ui::load_kiosk_text(o.assets, text, error) || !ui::find_cjk_face(face, error)) {
    std::fprintf(stderr, "kiosk display: %s\n", error.c_str());
    return 1;
  }
  const StringTable& strings = o.language == "en" ? text.en : text.zh;
  try {
    Store store(o.db, Store::Mode::read_only);
    RecordsFollower records(store);  // the kiosk's settings come with the events it recorded
    const RotationEngine& engine = records.engine();

    Window window({o.width, o.height, "Lobby board", o.software});
    ui::Theme theme;
    // The board is read from across the lobby, about three times as far as the kiosk is.
    theme.mm = ui::pixels_per_mm(window.width(), o.screen_width_mm) * 3;
    theme.text = ui::kBoardText;
    ui::ImguiHost host(window.renderer(), theme, face, ui::board_glyphs(strings, text, store.managers()));
    voice::Queue calls;
    SoundOut speaker(voice::kRate, [&calls](std::int16_t* out, std::size_t n) { calls.pull(out, n); });
    const std::vector<std::int16_t> chime = Chime::make_sound(voice::kRate);
    std::optional<voice::Speech> speech;  // started only for a branch that speaks
    if (o.voice.enabled && speaker.audible()) {
      speech.emplace();
      if (!speech->ok())
        log_event(LogLevel::warn, "no_voice", {{"cause", speech->error()}, {"effect", "the board only chimes"}});
    }
    std::vector<voice::NewCall> new_calls;
    std::size_t new_decisions = 0;
    FileWatch watch(o.db);
    if (!watch.ok()) log_event(LogLevel::warn, "no_inotify", {{"effect", "looking for changes twice a second instead"}});

    std::string day = format_day(now_local());
    ui::Board board = ui::read_board(engine, store, day, o.typical_reception_minutes);
    Pointer pointer;  // the board is not touched, but SDL's events still pass through it
    for (bool first = true;; first = false) {
      // Twice: ImGui's tables settle their column widths on the frame after a change.
      for (int pass = 0; pass < 2; ++pass) {
        host.begin_frame(pointer.next_frame(), window.width(), window.height(), 0);
        ui::lobby_board_screen(board, theme, strings);
        host.end_frame();
      }
      window.present();
      if (speaker.audible())
        announce(new_calls, new_decisions, store, text.surnames, speech ? &*speech : nullptr, o.voice, chime, calls);
      new_calls.clear();
      new_decisions = 0;
      log_event(LogLevel::info, "board_drawn", {{"last_seq", records.last_seq()}, {"epoch_ms", epoch_ms()}});
      if (first) {
        log_event(LogLevel::info, "first_frame", {{"ms", (seconds_now() - started) * 1000}, {"rss_kb", rss_kb()}});
        Watchdog().ready("showing the lobby board");  // the board has no watchdog: it may sleep for hours
      }

      // Sleep until the database changes (or the window needs drawing again). inotify reports
      // the write to the log before the commit is visible (and a slow disk may take a while to
      // sync), so after any activity the display keeps looking, less and less often, for about
      // two seconds, then sleeps until the next activity, or midnight, when today's counts start
      // again from nothing.
      int look_again = first ? 1 : 0;  // commits made while the watch was starting
      for (;;) {
        const int to_midnight_ms = static_cast<int>((kSecondsPerDay - now_local() % kSecondsPerDay + 1) * 1000);
        const int timeout_ms = look_again > 0 ? 20 * (13 - look_again) : watch.ok() ? to_midnight_ms : 500;
        const Window::Wake wake = window.wait(pointer, timeout_ms);
        if (wake == Window::Wake::quit) return 0;
        if (wake != Window::Wake::timeout) look_again = 12;
        else if (look_again > 0) --look_again;
        try {
          const std::vector<ManagerView> before = engine.managers();
          const RecordsFollower::Followed f = records.follow();
          if (f.rebuilt || f.events > 0) {
            if (!f.rebuilt) {  // a purge's rebuild is quiet: nobody was just assigned
              new_decisions = f.decisions;
              new_calls = voice::new_calls(before, engine.managers());
            }
            day = format_day(now_local());
            board = ui::read_board(engine, store, day, o.typical_reception_minutes);
            break;
          }
          // A printer problem (or its end) is recorded without an event: it changes no engine.
          if (format_day(now_local()) != day || store.device_status("printer") != board.printer) {
            day = format_day(now_local());
            board = ui::read_board(engine, store, day, o.typical_reception_minutes);
            break;
          }
        } catch (const StoreError& e) {  // keep showing the last board; try again shortly
          log_event(LogLevel::error, "board_unreadable", {{"cause", e.what()}});
          look_again = 1;
        }
        if (wake == Window::Wake::other) break;  // exposed or resized: draw again
      }
    }
  } catch (const StoreError& e) {
    std::fprintf(stderr, "kiosk display: %s\n", e.what());
    return 2;
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "kiosk display: %s\n", e.what());
    return 1;
  }
}

}  // namespace lobby
