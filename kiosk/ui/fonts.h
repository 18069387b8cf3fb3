// The kiosk's typeface: one CJK face found through fontconfig (Noto Sans CJK covers Latin
// too), rasterised at four sizes for only the characters the screens can show. The whole
// Chinese range would make a 32-128 MB atlas; the used subset stays under a megabyte.
#pragma once

#include <string>
#include <string_view>
#include <vector>

struct ImFont;
struct ImFontAtlas;

namespace lobby::ui {

struct FontFace {
  std::string file;
  int index = 0;  // the face inside a .ttc collection
};

// Asks fontconfig for a Simplified Chinese sans-serif face. Returns false with advice in
// `error` when there is none (install fonts-noto-cjk).
bool find_cjk_face(FontFace& out, std::string& error);

struct FontSizes {
  float small = 0, body = 0, title = 0, huge = 0;  // pixel heights
};
struct Fonts {
  ImFont* small = nullptr;
  ImFont* body = nullptr;
  ImFont* title = nullptr;
  ImFont* huge = nullptr;  // ticket numbers: digits and capitals only
};

// Rasterises `face` into `atlas` at each size, for the printable ASCII range and every
// character in `used_text`. Returns false with the reason in `error`.
bool load_fonts(ImFontAtlas& atlas, const FontFace& face, const FontSizes& sizes, std::string_view used_text,
                Fonts& out, std::string& error);

// The characters of `text` that `font` cannot draw (as code points), for the strings check.
std::vector<unsigned> missing_glyphs(const ImFont& font, std::string_view text);

}  // namespace lobby::ui
