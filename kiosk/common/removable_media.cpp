#include "kiosk/common/removable_media.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

namespace lobby {

std::vector<std::string> usual_media_roots() {
  const passwd* pw = getpwuid(geteuid());
  const std::string user = pw && pw->pw_name ? pw->pw_name : "";
  if (user.empty()) return {"/media"};
  return {"/media/" + user, "/run/media/" + user};
}

std::optional<std::string> mounted_stick(const std::vector<std::string>& roots) {
  namespace fs = std::filesystem;
  for (const std::string& root : roots) {
    struct stat parent {};
    if (stat(root.c_str(), &parent) != 0) continue;
    std::vector<std::string> folders;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec))
      if (entry.is_directory(ec)) folders.push_back(entry.path().string());
    std::sort(folders.begin(), folders.end());
    for (const std::string& folder : folders) {
      struct stat own {};
      if (stat(folder.c_str(), &own) == 0 && own.st_dev != parent.st_dev && access(folder.c_str(), W_OK) == 0)
        return folder;
    }
  }
  return std::nullopt;
}

}  // namespace lobby
