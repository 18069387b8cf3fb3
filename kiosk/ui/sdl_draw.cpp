#include "kiosk/ui/sdl_draw.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>

namespace lobby::ui {

// Why: ImGui draws every solid shape with the font texture's white pixel. SDL 2.26's software
// renderer turns two triangles forming an axis-aligned, one-colour quad with a single texel into
// SDL_RenderFillRect, but always with SDL_BLENDMODE_BLEND, and its blended fill is a per-pixel
// loop (SDL_BlendFillRect) about 30 times slower than a plain fill, even when the colour is
// opaque. At 1080p the drag-scroll lists' paper background alone costs 7-12 ms a frame, each
// large button 1.3 ms. Blending an opaque colour gives exactly that colour (SDL multiplies by
// 255/255 and the destination by 0), so such a quad is filled with SDL_BLENDMODE_NONE here:
// the same rectangle, the same pixels, the fast path. Everything else goes to SDL unchanged, in
// the same order.
namespace {

bool is_software(SDL_Renderer* renderer) {
  SDL_RendererInfo info{};
  return SDL_GetRendererInfo(renderer, &info) == 0 && info.name && std::strcmp(info.name, "software") == 0;
}

// An opaque, one-texel rectangle exactly as ImDrawList::PrimRect writes it: indices
// (a, b, c, a, c, d) with a top-left, b top-right, c bottom-right, d bottom-left. SDL would fill
// it (as a quad of two triangles sharing a-c); `before` is the previous triangle's first index,
// or null, and must share no vertex with it, so that SDL would not have paired that triangle
// with this one instead.
bool opaque_rect(const ImDrawVert* v, const ImDrawIdx* i, const ImDrawIdx* before, SDL_FRect& out) {
  const ImDrawIdx a = i[0], b = i[1], c = i[2], d = i[5];
  if (i[3] != a || i[4] != c || a == b || a == c || a == d || b == c || b == d || c == d) return false;
  if (before)
    for (int k = 0; k < 3; ++k)
      if (before[k] == a || before[k] == b || before[k] == c || before[k] == d) return false;
  const ImDrawVert &va = v[a], &vb = v[b], &vc = v[c], &vd = v[d];
  if ((va.col >> IM_COL32_A_SHIFT & 0xFF) != 0xFF) return false;
  if (vb.col != va.col || vc.col != va.col || vd.col != va.col) return false;
  if (vb.uv.x != va.uv.x || vc.uv.x != va.uv.x || vd.uv.x != va.uv.x) return false;
  if (vb.uv.y != va.uv.y || vc.uv.y != va.uv.y || vd.uv.y != va.uv.y) return false;
  if (!(va.pos.x < vb.pos.x && va.pos.y < vd.pos.y)) return false;
  if (vb.pos.y != va.pos.y || vd.pos.x != va.pos.x || vc.pos.x != vb.pos.x || vc.pos.y != vd.pos.y) return false;
  out = {va.pos.x, va.pos.y, vc.pos.x - va.pos.x, vc.pos.y - va.pos.y};
  return true;
}

// A glyph as ImFont::RenderText writes it (PrimRectUV): the same index pattern, one colour,
// an axis-aligned rectangle whose corners carry the glyph's texture rectangle.
bool glyph_quad(const ImDrawVert* v, const ImDrawIdx* i, const ImDrawVert*& top_left, const ImDrawVert*& bottom_right) {
  const ImDrawIdx a = i[0], b = i[1], c = i[2], d = i[5];
  if (i[3] != a || i[4] != c || a == b || a == c || a == d || b == c || b == d || c == d) return false;
  const ImDrawVert &va = v[a], &vb = v[b], &vc = v[c], &vd = v[d];
  if (vb.col != va.col || vc.col != va.col || vd.col != va.col) return false;
  if (!(va.pos.x < vb.pos.x && va.pos.y < vd.pos.y)) return false;
  if (vb.pos.y != va.pos.y || vd.pos.x != va.pos.x || vc.pos.x != vb.pos.x || vc.pos.y != vd.pos.y) return false;
  if (vb.uv.x != vc.uv.x || vb.uv.y != va.uv.y || vd.uv.x != va.uv.x || vd.uv.y != vc.uv.y) return false;
  if (va.uv.x == vc.uv.x || va.uv.y == vc.uv.y) return false;  // one texel: a solid shape
  top_left = &va, bottom_right = &vc;
  return true;
}

struct Coverage {
  const unsigned char* pixels = nullptr;
  int width = 0, height = 0;
};

// Blends the glyph's colour onto the canvas through its coverage, with SDL_BLENDMODE_BLEND's sums
// (out = src * a + dst * (1 - a)). Placed as SDL's software renderer places a textured
// rectangle: the corners' positions cut to whole pixels, the texels stretched over them.
void blit_glyph(SDL_Surface* s, const SDL_Rect& clip, const ImDrawVert& tl, const ImDrawVert& br, const Coverage& atlas) {
  const int left = static_cast<int>(tl.pos.x), top = static_cast<int>(tl.pos.y);
  const int width = static_cast<int>(br.pos.x - tl.pos.x), height = static_cast<int>(br.pos.y - tl.pos.y);
  const int u0 = static_cast<int>(tl.uv.x * atlas.width), v0 = static_cast<int>(tl.uv.y * atlas.height);
  const int texels_w = static_cast<int>(br.uv.x * atlas.width - u0);
  const int texels_h = static_cast<int>(br.uv.y * atlas.height - v0);
  if (width <= 0 || height <= 0 || texels_w <= 0 || texels_h <= 0) return;
  const int x0 = std::max(clip.x, left), x1 = std::min(clip.x + clip.w, left + width);
  const int y0 = std::max(clip.y, top), y1 = std::min(clip.y + clip.h, top + height);
  const ImU32 col = tl.col;
  const unsigned r = col >> IM_COL32_R_SHIFT & 0xFF, g = col >> IM_COL32_G_SHIFT & 0xFF,
                 b = col >> IM_COL32_B_SHIFT & 0xFF, a = col >> IM_COL32_A_SHIFT & 0xFF;
  const SDL_PixelFormat& f = *s->format;
  const Uint32 keep = ~(f.Rmask | f.Gmask | f.Bmask);
  for (int y = y0; y < y1; ++y) {
    const int ty = std::clamp(v0 + (y - top) * texels_h / height, 0, atlas.height - 1);
    const unsigned char* row = atlas.pixels + static_cast<std::size_t>(ty) * atlas.width;
    auto* dst = reinterpret_cast<Uint32*>(static_cast<Uint8*>(s->pixels) + static_cast<std::size_t>(y) * s->pitch);
    for (int x = x0; x < x1; ++x) {
      const int tx = std::clamp(u0 + (x - left) * texels_w / width, 0, atlas.width - 1);
      const unsigned alpha = (row[tx] * a + 127) / 255;
      if (alpha == 0) continue;
      const Uint32 p = dst[x];
      auto mix = [&](unsigned src, Uint8 shift) {
        const unsigned old = p >> shift & 0xFF;
        return static_cast<Uint32>((src * alpha + old * (255 - alpha) + 127) / 255) << shift;
      };
      dst[x] = (p & keep) | mix(r, f.Rshift) | mix(g, f.Gshift) | mix(b, f.Bshift);
    }
  }
}

std::mutex canvases_mutex;
std::map<SDL_Renderer*, SDL_Surface*> canvases;

}  // namespace

void* coverage_atlas_id() {
  static char id;
  return &id;
}

void register_canvas(SDL_Renderer* renderer, SDL_Surface* surface) {
  std::lock_guard lock(canvases_mutex);
  if (surface) canvases[renderer] = surface;
  else canvases.erase(renderer);
}

SDL_Surface* software_canvas(SDL_Renderer* renderer) {
  if (!is_software(renderer)) return nullptr;
  SDL_Surface* s = nullptr;
  if (SDL_Window* window = SDL_RenderGetWindow(renderer)) {
    s = SDL_GetWindowSurface(window);
  } else {
    std::lock_guard lock(canvases_mutex);
    if (auto it = canvases.find(renderer); it != canvases.end()) s = it->second;
  }
  if (!s || s->format->BytesPerPixel != 4 || s->format->Rloss || s->format->Gloss || s->format->Bloss) return nullptr;
  return s;
}

void render_draw_data(SDL_Renderer* renderer, ImDrawData* draw_data) {
  if (!is_software(renderer)) return ImGui_ImplSDLRenderer_RenderDrawData(draw_data);
  // What imgui_impl_sdlrenderer.cpp (1.86) does, with no SDL_RenderSetScale and a
  // framebuffer scale of 1, as the kiosk draws.
  float sx = 1, sy = 1;
  SDL_RenderGetScale(renderer, &sx, &sy);
  if (sx != 1 || sy != 1 || draw_data->FramebufferScale.x != 1 || draw_data->FramebufferScale.y != 1)
    return ImGui_ImplSDLRenderer_RenderDrawData(draw_data);
  const int fb_width = static_cast<int>(draw_data->DisplaySize.x);
  const int fb_height = static_cast<int>(draw_data->DisplaySize.y);
  if (fb_width == 0 || fb_height == 0) return;

  SDL_Rect old_viewport, old_clip;
  const bool old_clip_enabled = SDL_RenderIsClipEnabled(renderer) == SDL_TRUE;
  SDL_RenderGetViewport(renderer, &old_viewport);
  SDL_RenderGetClipRect(renderer, &old_clip);
  SDL_BlendMode old_blend = SDL_BLENDMODE_NONE;
  Uint8 old_r = 0, old_g = 0, old_b = 0, old_a = 0;
  SDL_GetRenderDrawBlendMode(renderer, &old_blend);
  SDL_GetRenderDrawColor(renderer, &old_r, &old_g, &old_b, &old_a);
  // The backend's SetupRenderState.
  SDL_RenderSetViewport(renderer, nullptr);
  SDL_RenderSetClipRect(renderer, nullptr);

  SDL_Surface* canvas = nullptr;  // looked up at the first glyph
  const ImFontAtlas& fonts = *ImGui::GetIO().Fonts;
  const Coverage atlas{fonts.TexPixelsAlpha8, fonts.TexWidth, fonts.TexHeight};
  const ImVec2 clip_off = draw_data->DisplayPos;
  for (int n = 0; n < draw_data->CmdListsCount; ++n) {
    const ImDrawList* list = draw_data->CmdLists[n];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {
        if (cmd.UserCallback == ImDrawCallback_ResetRenderState) {
          SDL_RenderSetViewport(renderer, nullptr);
          SDL_RenderSetClipRect(renderer, nullptr);
        } else {
          cmd.UserCallback(list, &cmd);
        }
        continue;
      }
      ImVec2 clip_min(cmd.ClipRect.x - clip_off.x, cmd.ClipRect.y - clip_off.y);
      ImVec2 clip_max(cmd.ClipRect.z - clip_off.x, cmd.ClipRect.w - clip_off.y);
      if (clip_min.x < 0.0f) clip_min.x = 0.0f;
      if (clip_min.y < 0.0f) clip_min.y = 0.0f;
      if (clip_max.x > fb_width) clip_max.x = static_cast<float>(fb_width);
      if (clip_max.y > fb_height) clip_max.y = static_cast<float>(fb_height);
      if (clip_max.x <= clip_min.x || clip_max.y <= clip_min.y) continue;
      const SDL_Rect r = {static_cast<int>(clip_min.x), static_cast<int>(clip_min.y),
                          static_cast<int>(clip_max.x - clip_min.x), static_cast<int>(clip_max.y - clip_min.y)};
      SDL_RenderSetClipRect(renderer, &r);

      const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
      const int vtx_count = list->VtxBuffer.Size - static_cast<int>(cmd.VtxOffset);
      const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
      // With the coverage atlas there is no texture: text is blitted here, and every other
      // shape uses only the atlas's white texel, which is the vertex colour untextured.
      const bool coverage = cmd.GetTexID() == coverage_atlas_id();
      SDL_Texture* texture = coverage ? nullptr : static_cast<SDL_Texture*>(cmd.GetTexID());
      // Hands indices [from, to) to SDL as the backend would have.
      auto geometry = [&](unsigned from, unsigned to) {
        if (to <= from) return;
        if (coverage) SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_BLEND);  // untextured: the renderer's mode
        SDL_RenderGeometryRaw(renderer, texture, &vtx->pos.x, sizeof(ImDrawVert),
                              reinterpret_cast<const SDL_Color*>(&vtx->col), sizeof(ImDrawVert),
                              coverage ? nullptr : &vtx->uv.x, coverage ? 0 : sizeof(ImDrawVert), vtx_count,
                              idx + from, static_cast<int>(to - from), sizeof(ImDrawIdx));
      };
      unsigned pending = 0;  // first index not yet drawn
      for (unsigned e = 0; e + 6 <= cmd.ElemCount;) {
        const ImDrawVert *top_left = nullptr, *bottom_right = nullptr;
        if (coverage && glyph_quad(vtx, idx + e, top_left, bottom_right)) {
          geometry(pending, e);
          SDL_RenderFlush(renderer);  // what SDL has queued lies beneath this glyph
          if (!canvas) canvas = software_canvas(renderer);
          if (canvas && atlas.pixels) {
            if (SDL_MUSTLOCK(canvas)) SDL_LockSurface(canvas);
            blit_glyph(canvas, r, *top_left, *bottom_right, atlas);
            if (SDL_MUSTLOCK(canvas)) SDL_UnlockSurface(canvas);
          }
          e += 6;
          pending = e;
          continue;
        }
        SDL_FRect rect;
        if (!opaque_rect(vtx, idx + e, e >= 3 ? idx + e - 3 : nullptr, rect)) {
          e += 3;
          continue;
        }
        geometry(pending, e);
        const ImU32 col = vtx[idx[e]].col;
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
        SDL_SetRenderDrawColor(renderer, col >> IM_COL32_R_SHIFT & 0xFF, col >> IM_COL32_G_SHIFT & 0xFF,
                               col >> IM_COL32_B_SHIFT & 0xFF, 0xFF);
        SDL_RenderFillRectF(renderer, &rect);
        e += 6;
        pending = e;
      }
      geometry(pending, cmd.ElemCount);
    }
  }
  SDL_SetRenderDrawBlendMode(renderer, old_blend);
  SDL_SetRenderDrawColor(renderer, old_r, old_g, old_b, old_a);
  SDL_RenderSetViewport(renderer, &old_viewport);
  SDL_RenderSetClipRect(renderer, old_clip_enabled ? &old_clip : nullptr);
}

}  // namespace lobby::ui
