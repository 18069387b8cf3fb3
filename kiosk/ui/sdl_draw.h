// ImGui's draw lists onto an SDL_Renderer, as imgui_impl_sdlrenderer draws them, except on
// SDL's software renderer: there an opaque solid rectangle is filled without blending, and text
// is drawn from the font atlas's own coverage bytes (see coverage_atlas_id).
#pragma once

struct SDL_Renderer;
struct SDL_Surface;
struct ImDrawData;

namespace lobby::ui {

void render_draw_data(SDL_Renderer* renderer, ImDrawData* draw_data);

// The texture id of a font atlas kept as ImGui made it, one coverage byte a pixel
// (ImFontAtlas::TexPixelsAlpha8), whose text render_draw_data writes straight onto a software
// canvas. An SDL texture of the atlas takes four bytes a pixel: with every character the kiosk
// can show, 14 MB of its 45, where the coverage takes 3.5.
void* coverage_atlas_id();
// The 32-bit surface a software renderer draws into (its window's, or an offscreen canvas
// registered below), or null when `renderer` is not one: then fonts need an SDL texture.
SDL_Surface* software_canvas(SDL_Renderer* renderer);
// An offscreen software renderer's surface, which SDL does not tell; null forgets it.
void register_canvas(SDL_Renderer* renderer, SDL_Surface* surface);

}  // namespace lobby::ui
