// `kiosk display`: the lobby's second screen. It opens the kiosk's database read-only,
// rebuilds the engine from the records, and then sleeps until the database changes (inotify);
// only the events added since are read, the board is drawn again, and a chime sounds when a
// customer was assigned, followed by the spoken call when the branch turned the voice on
// ([voice]), while the board shows the call large. Between changes it wakes only when the
// picture is due to change by itself: a page turning, a call ending, the minute (the waits
// count down; midnight starts today's counts again). Each redraw is logged with the time, for
// operators and the latency benchmark.
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

#include <algorithm>
#include <cmath>
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

// The same calls, large on the board for a few seconds each: "A023 → 王丽".
void show_calls(const std::vector<voice::NewCall>& calls, const Store& store, ui::CallQueue& shown) {
  if (calls.empty()) return;
  const std::vector<ManagerProfile> profiles = store.managers();
  for (const voice::NewCall& c : calls) {
    std::string name = c.manager;
    for (const ManagerProfile& p : profiles)
      if (p.id == c.manager && !p.display_name.empty()) name = p.display_name;
    const auto label = store.visit_label(c.visit);
    if (label) shown.push({label->ticket, name});
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
    // The board is read from about 5 m: its sizes come from the screen's real width.
    theme.text = ui::kBoardText;
    theme.mm = ui::board_pixels_per_mm(window.width(), o.screen_width_mm);
    ui::ImguiHost host(window.renderer(), theme, face, ui::board_glyphs(strings, text, store.managers(), o.lines));
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

    ui::BoardWords words{o.language == "en" ? NameLanguage::en : NameLanguage::zh, text.surnames, {}};
    for (const ui::ServiceLine& l : o.lines) words.line_titles[l.id] = o.language == "en" ? l.name_en : l.name_zh;
    std::string day = format_day(now_local());
    ui::Board board = ui::read_board(engine, store, day, o.typical_reception_minutes, now_local(), nullptr, words);
    ui::CallQueue shown_calls;  // the newest assignments, shown large one after another
    // Local time with the millisecond: pages turn and calls end on time, not up to a second late.
    auto board_now = [] { return static_cast<double>(now_local()) + static_cast<double>(epoch_ms() % 1000) / 1000; };
    Pointer pointer;  // the board is not touched, but SDL's events still pass through it
    for (bool first = true;; first = false) {
      const double now = board_now();
      host.begin_frame(pointer.next_frame(), window.width(), window.height(), 0);
      const ui::BoardPages pages = ui::lobby_board_screen(board, theme, strings, {now, shown_calls.showing(now)});
      host.end_frame();
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
      const double due = ui::board_redraw_due(now, pages, shown_calls.next_change());

      // Sleep until the database changes, the window needs drawing again, or the picture is
      // due to change. inotify reports the write to the log before the commit is visible (and
      // a slow disk may take a while to sync), so after any activity the display keeps
      // looking, less and less often, for about two seconds, then sleeps until the next
      // activity or the next change that is due.
      int look_again = first ? 1 : 0;  // commits made while the watch was starting
      for (;;) {
        const int to_due_ms = std::max(1, static_cast<int>(std::ceil((due - board_now()) * 1000)) + 5);
        const int timeout_ms =
            std::min(to_due_ms, look_again > 0 ? 20 * (13 - look_again) : watch.ok() ? to_due_ms : 500);
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
              show_calls(new_calls, store, shown_calls);
            }
            day = format_day(now_local());
            board = ui::read_board(engine, store, day, o.typical_reception_minutes, now_local(), &board, words);
            break;
          }
          // A printer problem (or its end) is recorded without an event: it changes no engine.
          if (format_day(now_local()) != day || store.device_status("printer") != board.printer) {
            day = format_day(now_local());
            board = ui::read_board(engine, store, day, o.typical_reception_minutes, now_local(), &board, words);
            break;
          }
        } catch (const StoreError& e) {  // keep showing the last board; try again shortly
          log_event(LogLevel::error, "board_unreadable", {{"cause", e.what()}});
          look_again = 1;
        }
        if (wake == Window::Wake::other) break;  // exposed or resized: draw again
        if (board_now() >= due) break;
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
