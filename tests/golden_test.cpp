// Golden images: every customer screen and every staff console screen in both languages,
// drawn by SDL's software renderer with no display, compared pixel by pixel with tests/golden/. A changed look fails here
// until someone has looked at it and re-recorded the images:
//   LOBBY_RECORD_GOLDEN=1 build/tests/golden_tests    (then review and commit tests/golden/)
// On a mismatch the drawn image is left in the build tree beside the test, to compare.
#include "board_scene.h"
#include "kiosk/ui/lobby_board.h"
#include "kiosk/ui/sdl_draw.h"
#include "lines_fixture.h"
#include "ui_harness.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>
#include <imgui_internal.h>
#include <stb_image.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <numeric>
#include <vector>

namespace lobby::uitest {
namespace {

// Brings a fresh kiosk to one screen in one state.
struct Scene {
  const char* name;
  std::function<void(KioskHarness&)> reach;
};

void to_phone(KioskHarness& h) {
  h.tap("welcome.start");
  h.tap("purpose.first");
}
void to_name(KioskHarness& h) {
  to_phone(h);
  h.type("13800138000");
  h.tap("next");
}
void to_referral(KioskHarness& h) {
  to_name(h);
  h.tap("next");
  h.tap("manager.none");
}
void to_confirm(KioskHarness& h) {
  to_name(h);
  if (h.has("key.Q")) h.tap("name.switch");  // English shows the keyboard first
  h.tap("surname.张");
  h.tap("title.xiansheng");
  h.tap("next");
  h.tap("manager.M02");  // a named manager: no referral question
  h.tap("consent.yes");
}
void referred_friend(KioskHarness& h) {
  Event e;
  e.type = EventType::arrive, e.t = h.clock, e.id = "friend", e.phone = "13611112222", e.request = "M03";
  ASSERT_TRUE(h.reception->handle(e, "test").ok());
  e.type = EventType::finish, e.t = h.clock + 60;
  ASSERT_TRUE(h.reception->handle(e, "test").ok());
  h.clock += 120;
}
void check_in_walk_in(KioskHarness& h) {
  h.tap("welcome.start");
  h.tap("purpose.first");
  h.tap("phone.decline");
  h.tap("next");
  h.tap("manager.none");
  h.tap("referral.no");
  h.tap("next");
  h.tap("ticket.done");
}

const Scene scenes[] = {
    {"welcome", [](KioskHarness&) {}},
    {"purpose", [](KioskHarness& h) { h.tap("welcome.start"); }},
    {"phone-error",
     [](KioskHarness& h) {
       to_phone(h);
       h.type("1380013800");
       h.tap("next");
     }},
    {"name", [](KioskHarness& h) {
       to_name(h);
       if (h.has("key.Q")) h.tap("name.switch");
       h.tap("surname.张");
       h.tap("title.xiansheng");
     }},
    {"name-latin", [](KioskHarness& h) {
       to_name(h);
       if (!h.has("key.Q")) h.tap("name.switch");  // English shows the keyboard first
       for (const char* k : {"key.L", "key.E", "key.E"}) h.tap(k);
       h.tap("title.ms");
     }},
    {"name-latin-full", [](KioskHarness& h) {  // the longest name, said so, after "not found"
       h.tap("welcome.start");
       h.tap("purpose.returning");
       h.type("13800138000");
       h.tap("next");
       if (!h.has("key.Q")) h.tap("name.switch");
       for (const char* k : {"key.W", "key.O", "key.L", "key.F", "key.E", "key.S", "key.C", "key.H", "key.L",
                             "key.E", "key.G", "key.E", "key.R", "key.-", "key.W", "key.W", "key.W", "key.W",
                             "key.W", "key.W", "key.W", "key.W", "key.W", "key.W"})
         h.tap(k);
       h.tap("title.mr");
     }},
    {"name-english-grid", [](KioskHarness& h) {  // a Chinese surname said in English
       to_name(h);
       if (h.has("key.Q")) h.tap("name.switch");
       h.tap("surname.陈");
       h.tap("title.nvshi");
     }},
    {"manager", [](KioskHarness& h) {
       to_name(h);
       h.tap("next");
     }},
    {"referral", [](KioskHarness& h) {
       to_referral(h);
       h.type("1361111");
     }},
    {"referral-offer", [](KioskHarness& h) {
       referred_friend(h);
       to_referral(h);
       h.type("13611112222");
       h.tap("next");
     }},
    {"consent", [](KioskHarness& h) {
       to_referral(h);
       h.tap("referral.no");
     }},
    {"confirm", to_confirm},
    {"ticket", [](KioskHarness& h) {
       to_confirm(h);
       h.tap("next");
     }},
    {"ticket-waiting", [](KioskHarness& h) {  // waiting for M02, named and busy
       for (int i = 0; i < 3; ++i) check_in_walk_in(h);
       to_confirm(h);
       h.tap("next");
     }},
    {"ticket-waiting-anyone", [](KioskHarness& h) {  // everyone is busy; no one was named
       for (int i = 0; i < 3; ++i) check_in_walk_in(h);
       h.tap("welcome.start");
       h.tap("purpose.first");
       h.tap("phone.decline");
       h.tap("next");
       h.tap("manager.none");
       h.tap("referral.no");
       h.tap("next");
     }},
    {"ticket-returning", [](KioskHarness& h) {  // recognised only now, checked in: greeted by name
       Event e;
       e.type = EventType::arrive, e.t = h.clock, e.id = "earlier", e.phone = "13912345678", e.consent = true;
       e.surname = "陈", e.title = "女士";
       ASSERT_TRUE(h.reception->handle(e, "test").ok());
       e.type = EventType::finish, e.t = h.clock + 60;
       ASSERT_TRUE(h.reception->handle(e, "test").ok());
       h.clock += 120;
       h.tap("welcome.start");
       h.tap("purpose.returning");
       number_only(h, "13912345678");
       h.tap("next");
     }},
    {"ticket-not-found", [](KioskHarness& h) {  // "been here before", but the number is new
       h.tap("welcome.start");
       h.tap("purpose.returning");
       number_only(h, "13700000001");
       h.tap("next");
     }},
    {"confirm-working", [](KioskHarness& h) {  // tapped: "checking you in" is drawn before the commit
       to_confirm(h);
       const ui::Target* go = ui::find_target("next");
       ASSERT_NE(go, nullptr);
       h.pointer.press((go->x0 + go->x1) / 2, (go->y0 + go->y1) / 2);
       h.pointer.release((go->x0 + go->x1) / 2, (go->y0 + go->y1) / 2);
       for (int i = 0; i < 10 && h.kiosk->customer.commit == ui::CheckinFlow::Commit::none; ++i) h.frame();
     }},
    {"idle-warning", [](KioskHarness& h) {
       to_phone(h);
       h.type("1380013");
       h.wait(h.kiosk->settings.inactivity_reset_s - h.kiosk->settings.idle_warning_s + 1);
     }},
    {"failed", [](KioskHarness& h) {
       to_confirm(h);
       Sql other(h.store.db().path());
       other.exec("BEGIN IMMEDIATE");
       h.tap("next");
       other.exec("ROLLBACK");
     }},
};

// A customer as they gave their name at the kiosk.
struct Named {
  const char* surname;
  const char* title;
};
constexpr Named kChen[3] = {{"陈", "女士"}, {"陈", "女士"}, {"陈", "女士"}};

// The staff console, signed in as `who`, with a customer being served, one waiting, a
// pending claim, and a manager away: every console screen has something to show. The three
// customers, A001 to A003, are named by `customers`.
void console_as(KioskHarness& h, const std::string& who, const std::string& pin, const Named (&customers)[3] = kChen) {
  Event e;
  e.type = EventType::absent, e.t = h.clock += 10, e.m = "M03", e.reason = "site_visit";
  ASSERT_TRUE(h.reception->handle(e, "M03").ok());
  for (int i = 0; i < 3; ++i) {
    e = Event{};
    e.type = EventType::arrive, e.t = h.clock += 10, e.id = "v" + std::to_string(i + 1);
    e.surname = customers[i].surname, e.title = customers[i].title;
    ASSERT_TRUE(h.reception->handle(e, "kiosk").ok());
  }
  e = Event{};
  e.type = EventType::claim, e.t = h.clock += 10, e.id = "v2", e.m = "M01";
  ASSERT_TRUE(h.reception->handle(e, "M01").ok());
  h.hold_staff_corner();
  h.sign_in(who, pin);
}

const Scene console_scenes[] = {
    {"staff-sign-in", [](KioskHarness& h) {
       h.hold_staff_corner();
       h.tap("staff.person.M01");
       h.type("12");
     }},
    {"staff-home", [](KioskHarness& h) { console_as(h, "M01", "1111"); }},
    {"staff-home-free", [](KioskHarness& h) {  // receptions finished: the absence reasons show
       console_as(h, "M01", "1111");
       h.tap("staff.finish");  // A001; A003, waiting, comes to M01 next
       h.tap("staff.finish");
     }},
    {"staff-home-supervisor", [](KioskHarness& h) { console_as(h, "S01", "9999"); }},
    {"staff-claim", [](KioskHarness& h) {
       console_as(h, "M01", "1111");
       h.tap("staff.claim");
     }},
    {"staff-claims", [](KioskHarness& h) {
       console_as(h, "S01", "9999");
       h.tap("staff.claims");
     }},
    {"staff-reassign", [](KioskHarness& h) {
       console_as(h, "S01", "9999");
       h.tap("staff.reassign");
       h.tap("staff.visit.A001");
       h.tap("staff.to.M02");
     }},
    {"staff-void", [](KioskHarness& h) {
       console_as(h, "S01", "9999");
       h.tap("staff.void");
       h.tap("staff.void.visit.A003");
     }},
    {"staff-ask-void", [](KioskHarness& h) {  // a destructive action asks first
       console_as(h, "S01", "9999");
       h.tap("staff.void");
       h.tap("staff.void.visit.A003");
       h.tap("staff.void.why.duplicate");
     }},
    {"staff-roster", [](KioskHarness& h) {
       console_as(h, "S01", "9999");
       h.tap("staff.roster");
       h.tap("staff.pick.M03");  // the new order being tapped in
     }},
    {"staff-audit", [](KioskHarness& h) {
       console_as(h, "S01", "9999");
       h.tap("staff.audit");
     }},
};

// Compares the canvas with tests/golden/NAME, or records it there with LOBBY_RECORD_GOLDEN.
void expect_matches_golden(const ui::Offscreen& canvas, const std::string& name) {
  const std::string golden = SOURCE_DIR "/tests/golden/" + name;
  const SDL_Surface* s = canvas.surface;
  if (std::getenv("LOBBY_RECORD_GOLDEN")) {
    ASSERT_TRUE(canvas.save_png(golden)) << "cannot write " << golden;
    GTEST_SKIP() << "recorded " << golden;
  }
  int w = 0, ht = 0, channels = 0;
  unsigned char* want = stbi_load(golden.c_str(), &w, &ht, &channels, 4);
  ASSERT_NE(want, nullptr) << golden << " is missing: record it (see the top of golden_test.cpp)";
  ASSERT_EQ(w, s->w);
  ASSERT_EQ(ht, s->h);
  // Tolerate rounding in antialiased edges, not a moved or changed element.
  long differing = 0;
  for (int y = 0; y < ht; ++y) {
    const auto* got = static_cast<const unsigned char*>(s->pixels) + y * s->pitch;
    for (int x = 0; x < w * 4; x += 4) {
      const unsigned char* a = got + x;
      const unsigned char* b = want + (y * w * 4) + x;
      differing += std::abs(a[0] - b[0]) > 24 || std::abs(a[1] - b[1]) > 24 || std::abs(a[2] - b[2]) > 24;
    }
  }
  stbi_image_free(want);
  if (differing > w * ht / 20000) {
    canvas.save_png(name);
    FAIL() << differing << " pixels differ from " << golden << "; this run's picture is " << name
           << " in the test's working directory";
  }
}

// The host draws differently from imgui_impl_sdlrenderer on the software renderer, to be fast
// and small (kiosk/ui/sdl_draw.cpp): it fills opaque rectangles itself, and draws text from the
// font atlas's coverage bytes with no SDL texture. The last frame is drawn again both ways with
// the atlas given to SDL as a texture: with that texture the host's drawing must match the
// backend's byte for byte, and the frame as the host drew it with coverage may differ from the
// backend's only where SDL places a glyph a pixel away (it cuts positions to whole pixels
// its own way): a sliver of the picture.
void expect_drawn_as_imgui_backend(const ui::Offscreen& canvas) {
  const SDL_Surface* s = canvas.surface;
  const auto* pixels = static_cast<const unsigned char*>(s->pixels);
  const std::size_t size = static_cast<std::size_t>(s->pitch) * s->h;
  const std::vector<unsigned char> with_coverage(pixels, pixels + size);

  ImFontAtlas& fonts = *ImGui::GetIO().Fonts;
  unsigned char* rgba = nullptr;
  int w = 0, h = 0;
  fonts.GetTexDataAsRGBA32(&rgba, &w, &h);
  SDL_Texture* texture = SDL_CreateTexture(canvas.renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, w, h);
  ASSERT_NE(texture, nullptr) << SDL_GetError();
  SDL_UpdateTexture(texture, nullptr, rgba, 4 * w);
  SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
  IM_FREE(fonts.TexPixelsRGBA32);
  fonts.TexPixelsRGBA32 = nullptr;
  ImDrawData* frame = ImGui::GetDrawData();
  auto use_texture = [&](void* from, void* to) {
    for (int n = 0; n < frame->CmdListsCount; ++n)
      for (ImDrawCmd& cmd : frame->CmdLists[n]->CmdBuffer)
        if (cmd.TextureId == from) cmd.TextureId = to;
  };
  use_texture(ui::coverage_atlas_id(), texture);

  const ImVec4 paper = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];  // as ImguiHost::end_frame clears
  auto draw = [&](const std::function<void()>& render) {
    SDL_SetRenderDrawColor(canvas.renderer, static_cast<Uint8>(paper.x * 255), static_cast<Uint8>(paper.y * 255),
                           static_cast<Uint8>(paper.z * 255), 255);
    SDL_RenderClear(canvas.renderer);
    render();
    SDL_RenderFlush(canvas.renderer);
    return std::vector<unsigned char>(pixels, pixels + size);
  };
  const auto ours = draw([&] { ui::render_draw_data(canvas.renderer, frame); });
  ImGui_ImplSDLRenderer_Init(canvas.renderer);
  const auto backend = draw([&] { ImGui_ImplSDLRenderer_RenderDrawData(frame); });
  ImGui_ImplSDLRenderer_Shutdown();
  ImGui::GetIO().BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // Shutdown leaves it; the host set it
  use_texture(texture, ui::coverage_atlas_id());
  SDL_DestroyTexture(texture);

  long differing = 0, shifted = 0;
  for (std::size_t i = 0; i < size; ++i) differing += ours[i] != backend[i];
  EXPECT_EQ(differing, 0) << "bytes differ from imgui_impl_sdlrenderer's drawing of the same frame";
  for (std::size_t i = 0; i + 4 <= size; i += 4)
    for (std::size_t k = 0; k < 3; ++k)
      if (std::abs(with_coverage[i + k] - backend[i + k]) > 24) {
        ++shifted;
        break;
      }
  EXPECT_LE(shifted, static_cast<long>(size / 4 / 100)) << "text drawn from coverage lands away from where SDL puts it";
}

// Every letter drawn in the last frame is drawn whole, where it belongs: none cut by the edge of
// the window or region it is drawn in (a list that scrolls may cut its top and bottom rows), and
// none across the edge of a button (a name running out of its card, or into the next one). A
// letter is a pair of triangles textured from the font atlas; filled shapes use its white pixel.
void expect_letters_whole(KioskHarness& h) {
  const ImDrawData* frame = ImGui::GetDrawData();
  ASSERT_NE(frame, nullptr);
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  int reported = 0;  // a few letters say enough; a cut name has many
  auto report = [&](const std::string& what) {
    if (reported++ < 5) ADD_FAILURE() << what << " at " << h.width << "x" << h.height;
  };
  for (int n = 0; n < frame->CmdListsCount; ++n) {
    const ImDrawList& list = *frame->CmdLists[n];
    const ImGuiWindow* owner = ImGui::FindWindowByName(list._OwnerName);
    const bool scrolls = owner && owner->ScrollMax.y > 0;
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      for (unsigned i = 0; i + 3 <= cmd.ElemCount; i += 3) {
        const ImDrawVert* v[3];
        for (int k = 0; k < 3; ++k) v[k] = &list.VtxBuffer[cmd.VtxOffset + list.IdxBuffer[cmd.IdxOffset + i + k]];
        if (v[0]->uv.x == white.x && v[0]->uv.y == white.y && v[1]->uv.x == white.x && v[2]->uv.x == white.x)
          continue;  // a filled shape
        float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
        for (const ImDrawVert* p : v)
          x0 = std::min(x0, p->pos.x), y0 = std::min(y0, p->pos.y), x1 = std::max(x1, p->pos.x),
          y1 = std::max(y1, p->pos.y);
        const ImVec4& c = cmd.ClipRect;
        const bool shows = x1 > c.x && x0 < c.z && y1 > c.y && y0 < c.w;
        if (shows && (x0 < c.x - 0.5f || x1 > c.z + 0.5f))
          report("a letter at " + std::to_string(x0) + "," + std::to_string(y0) + " is cut by the side of " +
                 list._OwnerName);
        if (shows && !scrolls && (y0 < c.y - 0.5f || y1 > c.w + 0.5f))
          report("a letter at " + std::to_string(x0) + "," + std::to_string(y0) + " is cut by the top or bottom of " +
                 list._OwnerName);
        // What shows of the letter against what shows of each button.
        x0 = std::max(x0, c.x), y0 = std::max(y0, c.y), x1 = std::min(x1, c.z), y1 = std::min(y1, c.w);
        for (const ui::Target& t : ui::frame_targets()) {
          const float tx0 = std::max(t.x0, t.clip_x0), ty0 = std::max(t.y0, t.clip_y0);
          const float tx1 = std::min(t.x1, t.clip_x1), ty1 = std::min(t.y1, t.clip_y1);
          const bool meets = x0 < tx1 - 0.5f && tx0 + 0.5f < x1 && y0 < ty1 - 0.5f && ty0 + 0.5f < y1;
          const bool inside = x0 >= tx0 - 0.5f && x1 <= tx1 + 0.5f && y0 >= ty0 - 0.5f && y1 <= ty1 + 0.5f;
          if (meets && !inside)
            report("a letter at " + std::to_string(x0) + "," + std::to_string(y0) + " crosses the edge of " + t.id);
        }
      }
    }
  }
}

// Nothing runs off the screen or under another thing: every button inside the window's
// margins and clear of every other (but those in a list that scrolls), nothing under the
// bottom bar, nothing below the window's bottom margin.
void expect_everything_fits(KioskHarness& h) {
  const ImVec2 margin = {ImGui::GetStyle().WindowPadding.x - 1, ImGui::GetStyle().WindowPadding.y - 1};
  const auto& targets = ui::frame_targets();
  for (const ui::Target& t : targets) {
    if (t.scrolls) continue;
    EXPECT_TRUE(t.x0 >= margin.x && t.x1 <= h.width - margin.x && t.y0 >= 0 && t.y1 <= h.height - margin.y)
        << t.id << " runs off the " << h.width << "x" << h.height << " screen: " << t.x0 << "," << t.y0 << " - "
        << t.x1 << "," << t.y1;
    for (const ui::Target& o : targets)
      if (&o < &t && !o.scrolls && t.x0 < o.x1 && o.x0 < t.x1 && t.y0 < o.y1 && o.y0 < t.y1)
        ADD_FAILURE() << t.id << " overlaps " << o.id << " at " << h.width << "x" << h.height;
  }
  for (const std::string& o : ui::frame_overflows()) ADD_FAILURE() << o << " at " << h.width << "x" << h.height;
  // A region holds what is drawn in it, unless a finger can drag it (begin_drag_scroll: no
  // scroll bar); what runs below it is out of sight for good.
  for (const ImGuiWindow* r : ImGui::GetCurrentContext()->Windows)
    if (r->Active && (r->Flags & ImGuiWindowFlags_ChildWindow) && !(r->Flags & ImGuiWindowFlags_NoScrollbar) &&
        r->ScrollMax.y > 0.5f)
      ADD_FAILURE() << r->Name << " holds " << r->ScrollMax.y << " pixels more than it shows at " << h.width << "x"
                    << h.height;
  expect_letters_whole(h);
  const ImGuiWindow* w = ImGui::FindWindowByName("kiosk");
  ASSERT_NE(w, nullptr);
  EXPECT_LE(w->DC.CursorMaxPos.y, w->Pos.y + w->Size.y - ImGui::GetStyle().WindowPadding.y + 1)
      << "the screen's contents run below the window at " << h.width << "x" << h.height;
}

void PrintTo(const Scene& s, std::ostream* os) { *os << s.name; }

class Golden : public ::testing::TestWithParam<std::tuple<Scene, ui::Lang>> {};

// A screen reached at 1280x720: big enough for fingers, nothing off it or over anything else,
// as recorded in tests/golden/NAME, and drawn as the ImGui backend would draw it.
void expect_screen_as_recorded(KioskHarness& h, const std::string& name) {
  h.frame();
  // Everything a finger must hit is at least 20 mm each way on the real screen.
  for (const ui::Target& t : ui::frame_targets()) {
    EXPECT_GE((t.x1 - t.x0) / h.theme.mm, 20.0f) << t.id << " is too narrow for a finger";
    EXPECT_GE((t.y1 - t.y0) / h.theme.mm, 20.0f) << t.id << " is too short for a finger";
  }
  expect_everything_fits(h);
  expect_matches_golden(h.canvas, name);
  expect_drawn_as_imgui_backend(h.canvas);
}

TEST_P(Golden, ScreenLooksAsRecorded) {
  const auto& [scene, lang] = GetParam();
  KioskHarness h(/*busy_timeout_ms=*/50, lang);
  scene.reach(h);
  if (::testing::Test::HasFatalFailure()) return;
  expect_screen_as_recorded(h, std::string(scene.name) + (lang == ui::Lang::zh ? ".zh" : ".en") + ".png");
}

// The same screens on a 1920x1080 canvas of the same 476 mm screen: the layout is in
// millimetres, so it fits the same; no picture is kept of them.
class Fits : public ::testing::TestWithParam<std::tuple<Scene, ui::Lang>> {};

TEST_P(Fits, NothingOverflowsAt1920x1080) {
  const auto& [scene, lang] = GetParam();
  KioskHarness h(/*busy_timeout_ms=*/50, lang, 1920, 1080);
  scene.reach(h);
  if (::testing::Test::HasFatalFailure()) return;
  h.frame();
  expect_everything_fits(h);
}

std::string scene_name(const ::testing::TestParamInfo<std::tuple<Scene, ui::Lang>>& info) {
  std::string n = std::get<0>(info.param).name;
  for (char& c : n)
    if (c == '-') c = '_';
  return n + (std::get<1>(info.param) == ui::Lang::zh ? "_zh" : "_en");
}

INSTANTIATE_TEST_SUITE_P(EveryScreen, Golden,
                         ::testing::Combine(::testing::ValuesIn(scenes), ::testing::Values(ui::Lang::zh, ui::Lang::en)),
                         scene_name);
INSTANTIATE_TEST_SUITE_P(EveryScreen, Fits,
                         ::testing::Combine(::testing::ValuesIn(scenes), ::testing::Values(ui::Lang::zh, ui::Lang::en)),
                         scene_name);
INSTANTIATE_TEST_SUITE_P(StaffConsole, Fits,
                         ::testing::Combine(::testing::ValuesIn(console_scenes),
                                            ::testing::Values(ui::Lang::zh, ui::Lang::en)),
                         scene_name);
INSTANTIATE_TEST_SUITE_P(StaffConsole, Golden,
                         ::testing::Combine(::testing::ValuesIn(console_scenes),
                                            ::testing::Values(ui::Lang::zh, ui::Lang::en)),
                         scene_name);

// A branch with service lines: the renovation studio's four designer levels, each a card with
// its name and a line about it (deploy/examples/renovation-studio.toml).
TEST(GoldenLines, ThePurposeScreenOffersTheStudiosFourLevels) {
  for (const ui::Lang lang : {ui::Lang::zh, ui::Lang::en}) {
    const auto h = studio_kiosk(lang, 50);
    h->tap("welcome.start");
    h->frame();
    for (const ui::Target& t : ui::frame_targets()) {
      EXPECT_GE((t.x1 - t.x0) / h->theme.mm, 20.0f) << t.id << " is too narrow for a finger";
      EXPECT_GE((t.y1 - t.y0) / h->theme.mm, 20.0f) << t.id << " is too short for a finger";
    }
    expect_matches_golden(h->canvas, lang == ui::Lang::zh ? "purpose-lines.zh.png" : "purpose-lines.en.png");
    expect_drawn_as_imgui_backend(h->canvas);
  }
}

// --- Every screen that names a person, in English with long Latin names ---
//
// The managers are "Alexandra Vanderberg-Okonkwo", "Jean-Baptiste O'Sullivan" and the like
// (StaffNames::long_latin); the customer types the longest surname the Latin keyboard takes,
// and the console's customers were recorded with long Latin surnames. Names this long must be
// shortened with an ellipsis or wrapped: never run off a card, under a button or out of sight.

constexpr const char* kLongSurname = "Featherstonehaugh-Smythe";  // 24 letters: the keyboard's most
constexpr Named kLatinCustomers[3] = {
    {"Vanderberg-Okonkwo", "Ms"}, {"O'Shaughnessy-Whitfield", "Mr"}, {"Featherstonehaugh-Smythe", "Ms"}};

// Types `name` on the name screen's Latin keyboard (it capitalises by itself).
void type_latin(KioskHarness& h, std::string_view name) {
  if (!h.has("key.Q")) h.tap("name.switch");
  for (char c : name) {
    if (c == ' ') h.tap("key.space");
    else h.tap(std::string("key.") + static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
}
void to_latin_name(KioskHarness& h) {
  to_name(h);
  type_latin(h, kLongSurname);
  h.tap("title.mr");
}
void to_latin_referral(KioskHarness& h) {
  to_latin_name(h);
  h.tap("next");
  h.tap("manager.none");
}
void to_latin_confirm(KioskHarness& h) {
  to_latin_name(h);
  h.tap("next");
  h.tap("manager.M02");  // Jean-Baptiste O'Sullivan: no referral question
  h.tap("consent.yes");
}

const Scene latin_scenes[] = {
    {"latin-name", to_latin_name},
    {"latin-manager", [](KioskHarness& h) {
       to_latin_name(h);
       h.tap("next");
     }},
    {"latin-referral", [](KioskHarness& h) {
       to_latin_referral(h);
       h.type("1361111");
     }},
    {"latin-referral-offer", [](KioskHarness& h) {
       referred_friend(h);
       to_latin_referral(h);
       h.type("13611112222");
       h.tap("next");
     }},
    {"latin-confirm", to_latin_confirm},
    {"latin-ticket", [](KioskHarness& h) {
       to_latin_confirm(h);
       h.tap("next");
     }},
    {"latin-ticket-waiting", [](KioskHarness& h) {  // waiting for M02, named and busy
       for (int i = 0; i < 3; ++i) check_in_walk_in(h);
       to_latin_confirm(h);
       h.tap("next");
     }},
    {"latin-ticket-returning", [](KioskHarness& h) {  // greeted by a long name, waiting for another
       Event e;
       e.type = EventType::arrive, e.t = h.clock, e.id = "earlier", e.phone = "13912345678", e.consent = true;
       e.surname = "Vanderberg-Okonkwo", e.title = "Ms", e.request = "M03";
       ASSERT_TRUE(h.reception->handle(e, "test").ok());
       e.type = EventType::finish, e.t = h.clock + 60;
       ASSERT_TRUE(h.reception->handle(e, "test").ok());
       h.clock += 120;
       for (int i = 0; i < 3; ++i) check_in_walk_in(h);  // M03, their own manager, is busy now
       h.tap("welcome.start");
       h.tap("purpose.returning");
       number_only(h, "13912345678");
       h.tap("next");
     }},
    {"latin-failed", [](KioskHarness& h) {
       to_latin_confirm(h);
       Sql other(h.store.db().path());
       other.exec("BEGIN IMMEDIATE");
       h.tap("next");
       other.exec("ROLLBACK");
     }},
    {"latin-staff-sign-in", [](KioskHarness& h) {
       h.hold_staff_corner();
       h.tap("staff.person.M03");
       h.type("12");
     }},
    {"latin-staff-home", [](KioskHarness& h) { console_as(h, "M01", "1111", kLatinCustomers); }},
    {"latin-staff-home-free", [](KioskHarness& h) {
       console_as(h, "M01", "1111", kLatinCustomers);
       h.tap("staff.finish");
       h.tap("staff.finish");
     }},
    {"latin-staff-home-supervisor", [](KioskHarness& h) { console_as(h, "S01", "9999", kLatinCustomers); }},
    {"latin-staff-claim", [](KioskHarness& h) {
       console_as(h, "M01", "1111", kLatinCustomers);
       h.tap("staff.claim");
     }},
    {"latin-staff-claims", [](KioskHarness& h) {
       console_as(h, "S01", "9999", kLatinCustomers);
       h.tap("staff.claims");
     }},
    {"latin-staff-reassign", [](KioskHarness& h) {
       console_as(h, "S01", "9999", kLatinCustomers);
       h.tap("staff.reassign");
       h.tap("staff.visit.A001");
       h.tap("staff.to.M02");
     }},
    {"latin-staff-ask-reassign", [](KioskHarness& h) {
       console_as(h, "S01", "9999", kLatinCustomers);
       h.tap("staff.reassign");
       h.tap("staff.visit.A002");
       h.tap("staff.to.M03");
       h.tap("staff.why.customer_request");
     }},
    {"latin-staff-void", [](KioskHarness& h) {
       console_as(h, "S01", "9999", kLatinCustomers);
       h.tap("staff.void");
       h.tap("staff.void.visit.A003");
     }},
    {"latin-staff-ask-void", [](KioskHarness& h) {
       console_as(h, "S01", "9999", kLatinCustomers);
       h.tap("staff.void");
       h.tap("staff.void.visit.A003");
       h.tap("staff.void.why.duplicate");
     }},
    {"latin-staff-roster", [](KioskHarness& h) {
       console_as(h, "S01", "9999", kLatinCustomers);
       h.tap("staff.roster");
       h.tap("staff.pick.M03");
     }},
    {"latin-staff-audit", [](KioskHarness& h) {
       console_as(h, "S01", "9999", kLatinCustomers);
       h.tap("staff.audit");
     }},
};

std::string latin_scene_name(const ::testing::TestParamInfo<Scene>& info) {
  std::string n = info.param.name;
  for (char& c : n)
    if (c == '-') c = '_';
  return n;
}

class GoldenLatin : public ::testing::TestWithParam<Scene> {};

TEST_P(GoldenLatin, ScreenLooksAsRecorded) {
  KioskHarness h(/*busy_timeout_ms=*/50, ui::Lang::en, KioskHarness::kWidth, KioskHarness::kHeight, {},
                 StaffNames::long_latin);
  GetParam().reach(h);
  if (::testing::Test::HasFatalFailure()) return;
  expect_screen_as_recorded(h, std::string(GetParam().name) + ".en.png");
}

TEST_P(GoldenLatin, NothingOverflowsAt1920x1080) {
  KioskHarness h(/*busy_timeout_ms=*/50, ui::Lang::en, 1920, 1080, {}, StaffNames::long_latin);
  GetParam().reach(h);
  if (::testing::Test::HasFatalFailure()) return;
  h.frame();
  expect_everything_fits(h);
}

INSTANTIATE_TEST_SUITE_P(EveryNamingScreen, GoldenLatin, ::testing::ValuesIn(latin_scenes), latin_scene_name);

}  // namespace
}  // namespace lobby::uitest

namespace lobby::uitest {
namespace {

// The board's words as `kiosk display` has them: customers named in its language.
ui::BoardWords board_words(const KioskHarness& h, ui::Lang lang) {
  return {lang == ui::Lang::en ? NameLanguage::en : NameLanguage::zh, h.text.surnames, {}};
}

// The lobby board: three served, one waiting for a named manager, a make-up credit, who is next,
// on a 55-inch screen at 1280x720 (its letters as large as at 1080p), both lists in one frame.
TEST(GoldenBoard, LooksAsRecordedInBothLanguages) {
  for (const ui::Lang lang : {ui::Lang::zh, ui::Lang::en}) {
    KioskHarness h(2000, lang);
    const Time t = h.clock;
    auto ev = [&](EventType type, const std::string& m, const std::string& id, Time at) {
      Event e;
      e.type = type, e.m = m, e.id = id, e.t = at;
      return e;
    };
    Event away = ev(EventType::absent, "M03", "", t + 1);
    away.reason = "site_visit";
    for (Event e : {away, ev(EventType::clock_in, "M04", "", t + 2)}) ASSERT_TRUE(h.reception->handle(e, "test").ok());
    for (const char* id : {"v1", "v2", "v3", "v4"}) {
      Event a = ev(EventType::arrive, "", id, t + 10);
      a.surname = "陈", a.title = "女士";
      ASSERT_TRUE(h.reception->handle(a, "test").ok()) << id;
    }
    ASSERT_TRUE(h.reception->handle(ev(EventType::finish, "", "v1", t + 20), "test").ok());  // v4 goes to M01
    ASSERT_TRUE(h.reception->handle(ev(EventType::status, "M03", "", t + 30), "test").ok());  // M03 back, owed a turn
    Event named = ev(EventType::arrive, "", "v5", t + 40);  // waits for the busy M02
    named.request = "M02", named.surname = "Smith", named.title = "Mr";
    ASSERT_TRUE(h.reception->handle(named, "test").ok());
    const ui::Board board =
        ui::read_board(h.reception->engine(), h.store, "2026-11-24", 20, t + 40, nullptr, board_words(h, lang));
    BoardScreen screen(h, lang, KioskHarness::kWidth, KioskHarness::kHeight, 1218);
    screen.draw(board, static_cast<double>(t + 40));  // one frame: the board needs no second to settle
    ASSERT_FALSE(screen.pages.by_section) << "both lists in the one frame";
    const ui::Offscreen& canvas = screen.canvas;
    expect_matches_golden(canvas, lang == ui::Lang::zh ? "board.zh.png" : "board.en.png");
    expect_drawn_as_imgui_backend(canvas);
  }
}

}  // namespace
}  // namespace lobby::uitest

namespace lobby::uitest {
namespace {

// A busy morning on 1920x1080 boards of 46 inches (1020 mm: the lists in turn) and 55 inches
// (1218 mm: side by side): 12 managers (10 receiving, long Latin names among them) and 22
// waiting, every page of the cycle, then a new assignment shown large.
TEST(GoldenBoard, BusyMorningEveryPageInBothLanguages) {
  for (const auto& [screen_mm, name] : {std::pair{1020.0f, "board-busy"}, std::pair{1218.0f, "board-large"}})
    for (const ui::Lang lang : {ui::Lang::zh, ui::Lang::en}) {
      KioskHarness h(2000, lang);
      add_busy_managers(h);
      busy_morning(h);
      const ui::Board board =
          ui::read_board(h.reception->engine(), h.store, "2026-11-24", 20, h.clock, nullptr, board_words(h, lang));
      BoardScreen screen(h, lang, 1920, 1080, screen_mm);
      const std::string suffix = lang == ui::Lang::zh ? ".zh.png" : ".en.png";
      const double start = static_cast<double>(h.clock);
      screen.draw(board, start);
      const int cycle = screen.pages.cycle();
      ASSERT_GT(cycle, 1);
      EXPECT_EQ(screen.pages.by_section, screen_mm < 1200) << name;
      for (int k = 0; k < cycle; ++k) {
        screen.draw(board, start + k * ui::kBoardPageSeconds);
        expect_matches_golden(screen.canvas, std::string(name) + "-p" + std::to_string(k + 1) + suffix);
        expect_drawn_as_imgui_backend(screen.canvas);
      }
      const ui::BoardCall call{"A023", lang == ui::Lang::zh ? "王丽" : "Mr Vanderberg-Okonkwo"};
      screen.draw(board, start, &call);
      expect_matches_golden(screen.canvas, std::string(name) == "board-busy" ? "board-call" + suffix
                                                                              : std::string(name) + "-call" + suffix);
    }
}

}  // namespace
}  // namespace lobby::uitest

namespace lobby::uitest {
namespace {

// The same morning on the smallest board, 21.5 inches (476 mm) at 1920x1080, customers named
// in the board's language: too small for the lists side by side, so each takes the whole width
// in turn: the waiting list's pages, then the turn order's. Then a new assignment, shown large.
TEST(GoldenBoard, SmallBoardEveryPageInBothLanguages) {
  for (const ui::Lang lang : {ui::Lang::zh, ui::Lang::en}) {
    KioskHarness h(2000, lang);
    add_busy_managers(h);
    busy_morning(h);
    const ui::Board board =
        ui::read_board(h.reception->engine(), h.store, "2026-11-24", 20, h.clock, nullptr, board_words(h, lang));
    BoardScreen screen(h, lang, 1920, 1080, 476);
    const std::string suffix = lang == ui::Lang::zh ? ".zh.png" : ".en.png";
    const double start = static_cast<double>(h.clock);
    screen.draw(board, start);
    ASSERT_TRUE(screen.pages.by_section);
    for (int k = 0; k < screen.pages.cycle(); ++k) {
      screen.draw(board, start + k * ui::kBoardPageSeconds);
      expect_matches_golden(screen.canvas, "board-small-p" + std::to_string(k + 1) + suffix);
      expect_drawn_as_imgui_backend(screen.canvas);
    }
    const ui::BoardCall call{"A023", lang == ui::Lang::zh ? "王丽" : "Mr Vanderberg-Okonkwo"};
    screen.draw(board, start, &call);
    expect_matches_golden(screen.canvas, "board-small-call" + suffix);
  }
}

}  // namespace
}  // namespace lobby::uitest
