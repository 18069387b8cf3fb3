// The dashboard's files (assets/dashboard: HTML, scripts, styles, the strings of each
// language), read once when the server starts and served from memory: a request can only name
// a file that was there, never a path outside the folder, and answering is a lookup.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace lobby {

struct DashboardFile {
  std::string body;
  std::string type;  // Content-Type, with the charset for text
  std::string etag;  // quoted, from the content: a browser revalidates and gets 304
};

class DashboardFiles {
 public:
  // Reads every file under `dir` whose kind the dashboard uses (by extension; others are left
  // out). Returns "" or why the folder could not be read; the set is then empty.
  std::string load(const std::string& dir);
  // A file by its path under the folder ("app.js", "strings/en.txt"); "" is index.html.
  const DashboardFile* find(std::string_view path) const;
  std::size_t size() const { return files_.size(); }

 private:
  std::map<std::string, DashboardFile, std::less<>> files_;
};

// Where the files are when the settings do not say: the source tree's assets/dashboard for a
// build that runs where it was built, else share/lobby-kiosk/assets/dashboard beside the
// program's bin/ (where the package installs them).
std::string default_dashboard_dir();

// What every dashboard file is sent with. No script or style but the dashboard's own files:
// nothing inline, nothing from another site, not even in a frame.
inline constexpr const char* kDashboardPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

}  // namespace lobby
