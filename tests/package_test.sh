#!/usr/bin/env bash
# The .deb: cpack packs this build into a scratch folder, and the package must hold both
# programs, the units, every asset, the example settings as conffiles, and scripts that make
# the user `lobby` and its data folders. Where the machine allows it, the packed kiosk must
# also find its assets beside itself with the source tree out of sight.
# Usage: package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
work=$(mktemp -d /tmp/kiosk-package-XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "package: $*" >&2; failures=$((failures + 1)); }

cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; echo "package: cpack failed" >&2; exit 1; }
debs=("$work"/out/*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || { cat "$work/cpack.log" >&2; echo "package: no single .deb" >&2; exit 1; }
deb=${debs[0]}
echo "package: $(basename "$deb")"

dpkg-deb -c "$deb" | awk '{print $6}' | sed 's#^\./#/#; s#/$##' >"$work/files"
has() { grep -qxF "$1" "$work/files" || fail "missing $1"; }
has /usr/bin/kiosk
has /usr/bin/kiosk-hq
for unit in lobby-kiosk.service lobby-display.service kiosk-hq.service; do has "/usr/lib/systemd/system/$unit"; done
has /etc/pam.d/lobby-kiosk
has /usr/share/lobby-kiosk/nginx/kiosk-hq.conf
(cd "$src/assets" && find . -type f | sed 's#^\./##') >"$work/assets"
[[ -s $work/assets ]] || fail "no assets in $src/assets"
while read -r asset; do has "/usr/share/lobby-kiosk/assets/$asset"; done <"$work/assets"
has /usr/share/lobby-kiosk/assets/strings/zh-CN.txt

dpkg-deb -e "$deb" "$work/control"
configs=$(cd "$src/assets" && ls config/*.toml 2>/dev/null || true)
[[ -n $configs ]] || echo "package: note: no assets/config/*.toml yet, so no example settings to check" >&2
for config in $configs; do
  name=$(basename "$config")
  has "/etc/lobby-kiosk/$name"
  grep -qxF "/etc/lobby-kiosk/$name" "$work/control/conffiles" || fail "/etc/lobby-kiosk/$name is not a conffile"
done
grep -qxF /etc/pam.d/lobby-kiosk "$work/control/conffiles" || fail "/etc/pam.d/lobby-kiosk is not a conffile"

info=$(dpkg-deb -I "$deb")
depends=$(sed -n 's/^ Depends: //p' <<<"$info")
for dep in adduser fontconfig fonts-noto-cjk espeak-ng-data libespeak-ng libsdl2 libsqlite3 libcurl libsystemd0; do
  grep -q "$dep" <<<"$depends" || fail "Depends lacks $dep: $depends"
done
grep -q '^ Recommends:.*cage' <<<"$info" || fail "cage is not recommended"

for script in postinst prerm postrm; do
  [[ -x $work/control/$script ]] || { fail "no executable $script"; continue; }
  sh -n "$work/control/$script" || fail "$script is not valid sh"
done
# Continued lines joined, so each command is one line.
sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$work/control/postinst" >"$work/postinst.joined"
grep -q 'adduser --system.* lobby$' "$work/postinst.joined" || fail "postinst does not create the system user lobby"
grep -q 'install -d -o lobby -g lobby .*/var/lib/lobby-kiosk' "$work/postinst.joined" ||
  fail "postinst does not make /var/lib/lobby-kiosk for lobby"
grep -q 'install -d -o lobby -g lobby .*/var/lib/kiosk-hq' "$work/postinst.joined" ||
  fail "postinst does not make /var/lib/kiosk-hq for lobby"

# systemd's own check of the units, with the programs they start swapped for one that exists.
if command -v systemd-analyze >/dev/null; then
  mkdir "$work/units"
  for unit in "$src"/deploy/systemd/*.service; do
    sed -e 's#/usr/bin/\(cage\|kiosk-hq\|kiosk\) #/usr/bin/env #' "$unit" >"$work/units/$(basename "$unit")"
  done
  verify=$(cd "$work/units" && systemd-analyze verify ./*.service 2>&1) || fail "systemd-analyze verify failed"
  [[ -z $verify ]] || fail "systemd-analyze verify: $verify"
fi

# The installed kiosk looks for its assets in ../share/lobby-kiosk/assets when the source tree
# is gone: hide the whole tree under an empty mount (needs root and mount namespaces).
dpkg-deb -x "$deb" "$work/root"
assets_error() {  # what the packed `kiosk display` says, stopped before any window by a missing database
  unshare --mount --propagation private sh -c 'mount -t tmpfs none "$1" && shift && exec "$@"' sh "$src" \
    env -u DISPLAY -u WAYLAND_DISPLAY timeout 20 "$work/root/usr/bin/kiosk" display --db "$work/none.db" 2>&1 || true
}
if [[ $(id -u) -eq 0 ]] && unshare --mount --propagation private true 2>/dev/null; then
  said=$(assets_error)
  grep -q "cannot open database $work/none.db" <<<"$said" || fail "the packed kiosk did not find its assets: $said"
  # kiosk-hq finds the dashboard's files the same way.
  said=$(unshare --mount --propagation private sh -c 'mount -t tmpfs none "$1" && shift && exec "$@"' sh "$src" \
    "$work/root/usr/bin/kiosk-hq" serve --db "$work/hq.db" --check 2>&1 || true)
  grep -qx "dashboard.files = $work/root/usr/share/lobby-kiosk/assets/dashboard" <<<"$said" ||
    fail "the packed kiosk-hq did not look for the dashboard beside itself: $said"
  mv "$work/root/usr/share/lobby-kiosk/assets" "$work/assets-away"
  said=$(assets_error)
  grep -q "$work/root/usr/share/lobby-kiosk/assets/strings" <<<"$said" ||
    fail "without the packed assets the kiosk should name the folder it looked in: $said"
else
  echo "package: note: not root or no mount namespaces, so the assets lookup is not tried" >&2
fi

((failures == 0)) || { echo "package: $failures problem(s)" >&2; exit 1; }
echo "package: ok"
