#include "kiosk/ui/fonts.h"

#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lobby::ui {

bool find_cjk_face(FontFace& out, std::string& error) {
  FcConfig* config = FcInitLoadConfigAndFonts();
  FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>("sans-serif:lang=zh-cn"));
  FcConfigSubstitute(config, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult result = FcResultNoMatch;
  FcPattern* match = FcFontMatch(config, pattern, &result);
  bool ok = false;
  if (match) {
    FcChar8* file = nullptr;
    int index = 0;
    FcLangSet* langs = nullptr;
    // fontconfig always answers with something; make sure it can actually write Chinese.
    const bool chinese = FcPatternGetLangSet(match, FC_LANG, 0, &langs) == FcResultMatch &&
                         FcLangSetHasLang(langs, reinterpret_cast<const FcChar8*>("zh-cn")) != FcLangDifferentLang;
    if (chinese && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
      FcPatternGetInteger(match, FC_INDEX, 0, &index);
      out = {reinterpret_cast<const char*>(file), index};
      ok = true;
    }
    FcPatternDestroy(match);
  }
  FcPatternDestroy(pattern);
  FcConfigDestroy(config);
  if (!ok) error = "no font for Simplified Chinese was found (install fonts-noto-cjk: deploy/setup.sh does)";
  return ok;
}

namespace {

// The font file, mapped for as long as the atlas is being built and no longer.
struct MappedFile {
  void* data = MAP_FAILED;
  std::size_t size = 0;
  explicit MappedFile(const std::string& path) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
      size = static_cast<std::size_t>(st.st_size);
      data = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    }
    close(fd);
  }
  ~MappedFile() {
    if (data != MAP_FAILED) munmap(data, size);
  }
};

}  // namespace

bool load_fonts(ImFontAtlas& atlas, const FontFace& face, const FontSizes& sizes, std::string_view used_text,
                Fonts& out, std::string& error) {
  MappedFile file(face.file);
  if (file.data == MAP_FAILED) return error = face.file + ": the font file cannot be read", false;

  ImVector<ImWchar> text_ranges, ticket_ranges;
  ImFontGlyphRangesBuilder builder;
  static const ImWchar printable_ascii[] = {0x20, 0x7E, 0};
  builder.AddRanges(printable_ascii);
  builder.AddText(used_text.data(), used_text.data() + used_text.size());
  builder.BuildRanges(&text_ranges);
  ImFontGlyphRangesBuilder tickets;
  tickets.AddText("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  tickets.BuildRanges(&ticket_ranges);

  auto add = [&](float px, const ImVector<ImWchar>& ranges) {
    ImFontConfig cfg;
    // ImGui copies font data it does not own: four copies of a 20 MB collection cost 300 ms
    // and 80 MB. Claiming ownership stores our pointer instead; it is handed back below.
    cfg.FontDataOwnedByAtlas = true;
    cfg.FontNo = face.index;
    cfg.OversampleH = cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    return atlas.AddFontFromMemoryTTF(file.data, static_cast<int>(file.size), px, &cfg, ranges.Data);
  };
  // SDL textures need no power-of-two side: rounding the height up would waste megabytes.
  atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  out.body = add(sizes.body, text_ranges);  // the first font is ImGui's default
  out.small = add(sizes.small, text_ranges);
  out.title = add(sizes.title, text_ranges);
  out.huge = add(sizes.huge, ticket_ranges);
  for (ImFontConfig& c : atlas.ConfigData) c.FontDataOwnedByAtlas = false;  // the mapping is ours to unmap
  if (!out.body || !out.small || !out.title || !out.huge || !atlas.Build()) {
    return error = face.file + ": the font could not be rasterised", false;
  }
  atlas.ClearInputData();  // drops the references to the mapping before it goes away
  return true;
}

std::vector<unsigned> missing_glyphs(const ImFont& font, std::string_view text) {
  std::vector<unsigned> missing;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    unsigned c = 0;
    p += ImTextCharFromUtf8(&c, p, end);
    if (c == 0) break;
    if (c >= 0x20 && !font.FindGlyphNoFallback(static_cast<ImWchar>(c))) missing.push_back(c);
  }
  return missing;
}

}  // namespace lobby::ui
