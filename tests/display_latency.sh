#!/usr/bin/env bash
# The lobby display and the kiosk as two processes: one check-in at a time is committed by
# another process (`kiosk replay --db`, fed one line at a time), and the time from its commit
# to the display's redraw showing it is taken from the display's log. Prints p50, p99 and max,
# the display's RSS and its idle CPU.
# Usage: display_latency.sh KIOSK_BIN CHECKINS [MAX_MS] [idle]   (under xvfb-run; fails if any
# redraw took longer than MAX_MS, or never came; `idle` also measures 10 s of idle CPU)
set -euo pipefail
kiosk=$1 n=$2 max_ms=${3:-} idle=${4:-}
work=$(mktemp -d /tmp/kiosk-display-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
db=$work/kiosk.db
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

"$kiosk" roster add --db "$db" --id M01 --name 王丽 --surname 王 >/dev/null
"$kiosk" roster add --db "$db" --id M02 --name 李强 --surname 李 >/dev/null
"$kiosk" roster order --db "$db" M01 M02 >/dev/null
echo '{"ev":"clock_in","t":"2026-11-24T09:00:00","m":"M01"}' | "$kiosk" replay --db "$db" >/dev/null

"$kiosk" display --db "$db" --window 1280x720 --software 2>"$work/display.log" &
display=$!
for _ in $(seq 100); do grep -q event=first_frame "$work/display.log" && break; sleep 0.05; done
grep -q event=first_frame "$work/display.log" || { cat "$work/display.log"; echo "the display did not start"; exit 1; }
seq=$(sed -n 's/.*event=board_drawn last_seq=\([0-9]*\).*/\1/p' "$work/display.log" | tail -1)

coproc REPLAY { "$kiosk" replay --db "$db"; }
latencies=()
for i in $(seq "$n"); do
  # Each arrival is one commit and one answer line: an assignment or "queued".
  echo "{\"ev\":\"arrive\",\"t\":\"2026-11-24T10:00:00\",\"id\":\"L$i\",\"surname\":\"陈\",\"title\":\"女士\"}" >&"${REPLAY[1]}"
  read -r answer <&"${REPLAY[0]}"
  committed=$(now_ms)
  seq=$((seq + 1))
  drawn=""
  for _ in $(seq 1000); do
    drawn=$(sed -n "s/.*event=board_drawn last_seq=$seq epoch_ms=\([0-9]*\).*/\1/p" "$work/display.log" | head -1)
    [[ -n $drawn ]] && break
    sleep 0.002
  done
  [[ -n $drawn ]] || { echo "check-in $i (event $seq: $answer) never reached the display"; tail "$work/display.log"; exit 1; }
  latencies+=($((drawn > committed ? drawn - committed : 0)))
done
exec {REPLAY[1]}>&-

sorted=($(printf '%s\n' "${latencies[@]}" | sort -n))
count=${#sorted[@]}
p50=${sorted[$((count / 2))]} p99=${sorted[$((count * 99 / 100))]} worst=${sorted[$((count - 1))]}
echo "check-in to board: p50 ${p50} ms, p99 ${p99} ms, max ${worst} ms over $count check-ins (another process commits)"
echo "display RSS: $(awk '/VmRSS/ {print $2}' /proc/$display/status) kB"
if [[ $idle == idle ]]; then
  ticks() { awk '{print $14 + $15}' "/proc/$display/stat"; }
  t0=$(ticks); sleep 10; t1=$(ticks)
  echo "display idle CPU: $(awk -v d=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", 100 * d / hz / 10}')% of a core over 10 s"
fi
if [[ -n $max_ms && $max_ms != 0 ]] && ((worst > max_ms)); then
  echo "FAIL: a check-in took $worst ms to reach the board (limit $max_ms ms)"
  exit 1
fi
