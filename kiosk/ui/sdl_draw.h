// ImGui's draw lists onto an SDL_Renderer, as imgui_impl_sdlrenderer draws them, except that
// on SDL's software renderer an opaque solid rectangle is filled without blending.
#pragma once

struct SDL_Renderer;
struct ImDrawData;

namespace lobby::ui {

void render_draw_data(SDL_Renderer* renderer, ImDrawData* draw_data);

}  // namespace lobby::ui
