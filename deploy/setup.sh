#!/usr/bin/env bash
# Prepares a Debian 12 machine for Lobby Kiosk: installs the Debian packages the
# project builds and tests with, then configures and builds into build/.
# Safe to run again: when every package is present it skips apt entirely.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config
  libsqlite3-dev sqlite3 libssl-dev
  nlohmann-json3-dev libcli11-dev
  libgtest-dev
  libcpp-httplib-dev libcurl4-openssl-dev libmicrohttpd-dev nginx
  postgresql-15 libpq-dev
  clang libclang-rt-14-dev
  libimgui-dev libsdl2-dev libfontconfig-dev fonts-noto-cjk
  libtomlplusplus-dev libsystemd-dev
  libespeak-ng-dev espeak-ng-data
  xvfb xauth xdotool imagemagick
  chromium chromium-driver python3-selenium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

build_type=${BUILD_TYPE:-Release}
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DLOBBY_WERROR="${LOBBY_WERROR:-OFF}" >/dev/null
cmake --build build
