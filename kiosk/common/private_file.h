// Files that hold customers' numbers, names or staff PIN hashes (databases, backups, exports)
// are created readable by their owner only, whatever the process umask: on a shared PC every
// other local account could otherwise read them.
#pragma once

#include <string>
#include <string_view>

namespace lobby {

constexpr unsigned kPrivateFileMode = 0600;

// Creates `path` empty with kPrivateFileMode if it does not exist yet; an existing file is left
// as it is, and never opened (a database another connection of this process holds keeps its
// locks). Returns false with errno set when it cannot be created.
bool create_private_file(const std::string& path);

// Writes `content` to `path` as a whole: PATH.tmp (kPrivateFileMode), synced, then renamed over
// `path`, so a reader never sees half a file and a full disk leaves the old one in place.
// Throws StoreError (disk_full or io) saying what to do.
void write_private_file(const std::string& path, std::string_view content);

}  // namespace lobby
