#include "sync/hq/dashboard_files.h"

#include "sync/protocol/checkin_batch.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace lobby {

namespace {

// The kinds of file the dashboard is made of; anything else in the folder is not served.
const char* type_of(const std::filesystem::path& file) {
  static const std::map<std::string, const char*> types = {
      {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},    {".txt", "text/plain; charset=utf-8"},
      {".json", "application/json"},          {".svg", "image/svg+xml"},
      {".png", "image/png"},                  {".ico", "image/x-icon"},
      {".woff2", "font/woff2"}};
  const auto it = types.find(file.extension().string());
  return it == types.end() ? nullptr : it->second;
}

}  // namespace

std::string DashboardFiles::load(const std::string& dir) {
  namespace fs = std::filesystem;
  files_.clear();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return "the dashboard's folder " + dir + " is missing";
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const char* type = type_of(it->path());
    if (!it->is_regular_file() || !type) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    if (!in) return "cannot read " + it->path().string();
    DashboardFile f{body.str(), type, ""};
    f.etag = "\"" + payload_hash(f.body).substr(0, 20) + "\"";
    // Named by where it is in the folder: a link (explain/en.txt, the kiosk's strings) keeps its
    // own name, where fs::relative would resolve it to its target's.
    files_[it->path().lexically_relative(dir).generic_string()] = std::move(f);
  }
  if (ec) return "cannot list " + dir + ": " + ec.message();
  if (!files_.count("index.html")) return "the dashboard's folder " + dir + " has no index.html";
  return "";
}

const DashboardFile* DashboardFiles::find(std::string_view path) const {
  const auto it = files_.find(path.empty() ? std::string_view("index.html") : path);
  return it == files_.end() ? nullptr : &it->second;
}

std::string default_dashboard_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(LOBBY_DASHBOARD_DIR, ec)) return LOBBY_DASHBOARD_DIR;
  // Relative to the program, not a fixed /usr: the package may be installed under any prefix.
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return LOBBY_DASHBOARD_DIR;
  return (exe.parent_path().parent_path() / "share/lobby-kiosk/assets/dashboard").string();
}

}  // namespace lobby
