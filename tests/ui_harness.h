// A kiosk on an offscreen canvas, driven frame by frame: taps go through the same Pointer and
// ImGui hit-testing as a real finger, and the check-ins land in a real SQLite file. Used by
// the screen tests and the golden images.
#pragma once

#include "kiosk/core/local_time.h"
#include "kiosk/ui/screen_host.h"
#include "kiosk/ui/widgets.h"
#include "test_support.h"

#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8, for the tests that measure letters

#include <memory>
#include <optional>
#include <string>

namespace lobby::uitest {

using itest::Sql;
using itest::TempDir;

// How the branch's staff are named: in Chinese, as most tests read them, or with long Latin
// names, the English screens' hardest case (golden_test.cpp). The ids, PINs and roles are the same.
enum class StaffNames { chinese, long_latin };

// The branch the tests check in to: three managers on duty in the order M01, M02, M03.
inline void seed_branch(Store& store, StaffNames names = StaffNames::chinese) {
  if (names == StaffNames::long_latin) {
    store.add_manager({"M01", "Alexandra Vanderberg-Okonkwo", "Vanderberg-Okonkwo", "f"}, "1111");
    store.add_manager({"M02", "Jean-Baptiste O'Sullivan", "O'Sullivan", "m"}, "");
    store.add_manager({"M03", "Maximiliana Featherstonehaugh", "Featherstonehaugh", "f"}, "");
    store.add_manager({"M04", "Bartholomew Fitzgerald-Smythe", "Fitzgerald-Smythe", "m"}, "");
    store.add_manager({"S01", "Henrietta Montgomery-Clarke", "Montgomery-Clarke", "f", "supervisor"}, "9999");
    return;
  }
  store.add_manager({"M01", "王丽", "王", "f"}, "1111");
  store.add_manager({"M02", "李强", "李", "m"}, "");
  store.add_manager({"M03", "张敏", "张", "f"}, "");
  store.add_manager({"M04", "刘洋", "刘", "m"}, "");
  store.add_manager({"S01", "赵主管", "赵", "m", "supervisor"}, "9999");
}

struct KioskHarness {
  static constexpr int kWidth = 1280, kHeight = 720;

  // `lines`: the settings' service lines (none: one line, "main"); their turn orders are the
  // test's to set.
  explicit KioskHarness(int busy_timeout_ms = 2000, ui::Lang lang = ui::Lang::zh, int w = kWidth, int h = kHeight,
                        std::vector<ui::ServiceLine> lines = {}, StaffNames names = StaffNames::chinese)
      : width(w), height(h), store(dir.file("kiosk.db"), Store::Mode::read_write, busy_timeout_ms), canvas(w, h) {
    seed_branch(store, names);
    reception = std::make_unique<Reception>(store);
    const Time nine = *parse_local_time("2026-11-24T09:00:00");
    Event e;
    e.type = EventType::roster, e.t = nine, e.order = {"M01", "M02", "M03", "M04"};
    EXPECT_TRUE(reception->handle(e, "test").ok());
    for (const char* m : {"M01", "M02", "M03"}) clock_in(m, nine);
    clock = nine + 3600;
    desk = std::make_unique<ui::CheckinDesk>(*reception, store, [this] { return clock += 10; });
    std::string error;
    EXPECT_TRUE(ui::load_kiosk_text(SOURCE_DIR "/assets", text, error)) << error;
    EXPECT_TRUE(ui::find_cjk_face(face, error)) << error;
    theme.mm = ui::pixels_per_mm(width, 476);
    host = std::make_unique<ui::ImguiHost>(canvas.renderer, theme, face, ui::kiosk_glyphs(text, store.managers(), lines));
    ui::KioskSettings settings;
    settings.start_language = lang;
    settings.lines = std::move(lines);
    staff = std::make_unique<ui::StaffDesk>(*reception, store, [this] { return clock += 10; }, dir.file("exports"),
                                            std::vector<std::string>{dir.file("media")});
    kiosk = std::make_unique<ui::Kiosk>(theme, text, *desk, settings, staff.get());
    frame();
  }

  void clock_in(const std::string& m, Time t) {
    Event e;
    e.type = EventType::clock_in, e.t = t, e.m = m;
    EXPECT_TRUE(reception->handle(e, "test").ok());
  }

  // One frame, as the real loop draws it.
  void frame() {
    const PointerFrame p = pointer.next_frame();
    kiosk->screen.now = now;
    if (p.down || pointer.busy()) kiosk->last_touch = now;
    host->begin_frame(p, width, height, 1.0f / 60);
    ui::draw_kiosk(*kiosk);
    host->end_frame();
    now += 1.0 / 60;
  }
  // The words the screen shows, in the order drawn (button labels too): one frame, captured.
  std::string words() {
    kiosk->screen.now = now;
    host->begin_frame({}, width, height, 1.0f / 60);
    // ImGui's log hands what it captured to the clipboard: catch it there.
    std::string shown;
    ImGuiIO& io = ImGui::GetIO();
    io.ClipboardUserData = &shown;
    io.SetClipboardTextFn = [](void* into, const char* text) { *static_cast<std::string*>(into) = text; };
    ImGui::LogToClipboard();
    ui::draw_kiosk(*kiosk);
    ImGui::LogFinish();
    io.SetClipboardTextFn = nullptr, io.ClipboardUserData = nullptr;
    host->end_frame();
    now += 1.0 / 60;
    return shown;
  }
  // Frames until the pointer's queue is empty and the screen has settled.
  void settle() {
    while (pointer.busy()) frame();
    frame(), frame();
  }
  bool has(const std::string& id) const { return ui::find_target(id) != nullptr; }
  // Taps the middle of a button drawn in the last frame.
  void tap(const std::string& id) {
    const ui::Target* t = ui::find_target(id);
    ASSERT_NE(t, nullptr) << "no button \"" << id << "\" on " << showing();
    const float x = (t->x0 + t->x1) / 2, y = (t->y0 + t->y1) / 2;
    pointer.press(x, y);
    pointer.release(x, y);
    settle();
  }
  void type(const std::string& digits) {
    for (char c : digits) tap(std::string("key.") + c);
  }
  void wait(double seconds) {
    now += seconds;
    frame(), frame();
  }
  // The customer's screen, or none while the staff console is showing.
  std::optional<ui::Step> step() const {
    return kiosk->console ? std::nullopt : std::optional(kiosk->customer.step);
  }
  // The staff console's screen, or none while the customer's side is showing.
  std::optional<ui::StaffScreen> screen() const {
    return kiosk->console ? std::optional(kiosk->console->showing) : std::nullopt;
  }
  std::string showing() const {
    return kiosk->console ? "console screen " + std::to_string(static_cast<int>(kiosk->console->showing))
                          : "customer screen " + std::to_string(static_cast<int>(kiosk->customer.step));
  }
  // Holds a finger on the welcome screen's top-left corner (inside the window's margin).
  void hold_staff_corner(int frames = 150) {  // 150: 2.5 s at 60 frames a second
    const float at = theme.px(10);
    pointer.press(at, at);
    for (int i = 0; i < frames; ++i) frame();
    pointer.release(at, at);
    settle();
  }
  void sign_in(const std::string& who, const std::string& pin) {
    tap("staff.person." + who);
    type(pin);
    tap("next");
  }

  int width, height;
  TempDir dir;
  Store store;
  std::unique_ptr<Reception> reception;
  Time clock = 0;
  std::unique_ptr<ui::CheckinDesk> desk;
  ui::KioskText text;
  ui::FontFace face;
  ui::Theme theme;
  ui::Offscreen canvas;
  std::unique_ptr<ui::ImguiHost> host;
  std::unique_ptr<ui::StaffDesk> staff;
  std::unique_ptr<ui::Kiosk> kiosk;
  Pointer pointer;
  double now = 1000;
};

// From the phone keypad to confirm for a customer who gives only their number and names
// nobody: the same taps whether or not the branch knows the number.
inline void number_only(KioskHarness& h, const char* number) {
  h.type(number);
  h.tap("next");
  ASSERT_EQ(h.step(), ui::Step::name);
  h.tap("next");  // the name is optional
  ASSERT_EQ(h.step(), ui::Step::manager);
  h.tap("manager.none");
  if (h.step() == ui::Step::referral) h.tap("referral.no");
  ASSERT_EQ(h.step(), ui::Step::consent);
  h.tap("consent.yes");
  ASSERT_EQ(h.step(), ui::Step::confirm);
}

}  // namespace lobby::uitest
