#!/usr/bin/env bash
# The kiosk screen's figures, medians of several runs on this machine:
#   - time from launch to the first frame, and RSS then (the kiosk logs both);
#   - idle CPU on the welcome screen under Xvfb, from /proc over 20 s;
#   - CPU time per frame of every screen at 1920x1080 on the software renderer (ui_bench).
# Usage: deploy/bench-ui.sh [RUNS]   (after deploy/setup.sh)
#   KIOSK=path UI_BENCH=path compare another build's programs in the same session.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
kiosk=${KIOSK:-$PWD/build/kiosk}
ui_bench=${UI_BENCH:-$PWD/build/tests/ui_bench}
work=$(mktemp -d /tmp/kiosk-bench-ui-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

"$kiosk" roster add --db "$work/kiosk.db" --id M01 --name 王丽 --surname 王 >/dev/null
Xvfb :97 -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
sleep 1
export DISPLAY=:97

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

first=() main=() rss=() full=()
for _ in $(seq "$runs"); do
  start=$(date +%s%3N)
  "$kiosk" run --db "$work/kiosk.db" --window 1920x1080 --software 2>"$work/log" &
  pid=$!
  for _ in $(seq 50); do grep -q fonts_ready "$work/log" && break; sleep 0.1; done
  kill "$pid"; wait "$pid" || true
  at=$(sed -n 's/.*event=first_frame.*epoch_ms=\([0-9]*\).*/\1/p' "$work/log")
  first+=($((at - start)))
  main+=($(sed -n 's/.*event=first_frame ms=\([0-9]*\).*/\1/p' "$work/log"))
  rss+=($(sed -n 's/.*event=first_frame.*rss_kb=\([0-9]*\).*/\1/p' "$work/log"))
  full+=($(sed -n 's/.*event=fonts_ready.*rss_kb=\([0-9]*\).*/\1/p' "$work/log"))
done
echo "first frame after launch: median $(printf '%s\n' "${first[@]}" | median) ms over $runs runs (${first[*]})"
echo "first frame after run_kiosk starts: median $(printf '%s\n' "${main[@]}" | median) ms (${main[*]})"
echo "RSS at the first frame:   median $(printf '%s\n' "${rss[@]}" | median) kB; with every character loaded: $(printf '%s\n' "${full[@]}" | median) kB"

"$kiosk" run --db "$work/kiosk.db" --window 1920x1080 --software 2>/dev/null &
pid=$!
sleep 2  # past start-up
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
t0=$(ticks); sleep 20; t1=$(ticks)
hz=$(getconf CLK_TCK)
echo "idle CPU on the welcome screen: $(awk -v d=$((t1 - t0)) -v hz="$hz" 'BEGIN {printf "%.2f", 100 * d / hz / 20}')% of a core over 20 s"
kill "$pid"; wait "$pid" || true

"$ui_bench" 120
