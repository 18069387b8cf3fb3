// Where a supervisor's USB stick is: the desktop mounts each stick as a folder under
// /media/USER (or /run/media/USER), so a stick is a folder there that is a mount point of its
// own. An empty folder left behind by an unplugged stick is not one: writing there would fill
// the kiosk's own disk while the supervisor thinks the file is on the stick.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lobby {

// The desktop's folders for removable media of the user running this program.
std::vector<std::string> usual_media_roots();

// The first writable mount point directly under one of `roots`, in the roots' order and by name
// within a root; nullopt when no stick is plugged in.
std::optional<std::string> mounted_stick(const std::vector<std::string>& roots);

}  // namespace lobby
