#!/usr/bin/env bash
# The layers of DESIGN.md, checked on the source: every #include "…" in a folder names a
# header of that folder or of a layer beneath it, and the layers beneath the screens use
# neither SDL nor Dear ImGui. (The build enforces the same through each target's own include
# root; this says which line is wrong, in words.)
set -euo pipefail
cd "$1"

declare -A allowed=(
  [kiosk/core]="kiosk/core"
  [kiosk/common]="kiosk/core kiosk/common"
  [sync/protocol]="kiosk/core kiosk/common sync/protocol"
  [kiosk/store]="kiosk/core kiosk/common kiosk/store"
  [kiosk/platform]="kiosk/common kiosk/platform"
  [kiosk/devices]="kiosk/core kiosk/common kiosk/store kiosk/devices"
  [kiosk/ui]="kiosk/core kiosk/common kiosk/store kiosk/devices kiosk/platform kiosk/ui"
  [sync/client]="kiosk/core kiosk/common sync/protocol kiosk/store sync/client"
  [sync/hq]="kiosk/core kiosk/common sync/protocol sync/hq"
  [sync/notify]="kiosk/core kiosk/common kiosk/store sync/notify"
  [kiosk/app]="kiosk/core kiosk/common sync/protocol kiosk/store kiosk/devices kiosk/platform kiosk/ui sync/client sync/notify kiosk/app"
  [sync/bench]="kiosk/core kiosk/common sync/protocol kiosk/store sync/client sync/hq"
)
no_screen="kiosk/core kiosk/common sync/protocol kiosk/store kiosk/devices sync/client sync/notify sync/hq"

bad=0
for folder in "${!allowed[@]}"; do
  [[ -d $folder ]] || continue
  while IFS=: read -r file line text; do
    header=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"$text")
    [[ $header == */* ]] || continue  # beside the file itself
    ok=0
    for layer in ${allowed[$folder]}; do [[ $header == "$layer"/* ]] && ok=1; done
    if ((!ok)); then
      echo "$file:$line: includes $header, which is not beneath $folder (allowed: ${allowed[$folder]})"
      bad=1
    fi
  done < <(grep -rn --include='*.h' --include='*.cpp' '^#include "' "$folder" || true)
done
for folder in $no_screen; do
  if hits=$(grep -rnE '^#include [<"](SDL|imgui)' "$folder" --include='*.h' --include='*.cpp'); then
    echo "$hits" | sed "s/\$/   <- $folder must build without SDL and Dear ImGui/"
    bad=1
  fi
done
# No target may see the whole source tree: each gets its own include root (CMakeLists.txt).
if grep -nE 'target_include_directories\([a-z_-]+ (PUBLIC|PRIVATE|INTERFACE) \$\{CMAKE_(CURRENT_)?SOURCE_DIR\}\)' CMakeLists.txt; then
  echo "CMakeLists.txt: a target's include root is the whole source tree"
  bad=1
fi
((bad == 0)) && echo "layers: every include goes down a layer or stays in its own"
exit $bad
