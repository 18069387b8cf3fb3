#!/usr/bin/env bash
# Smoke test of the real kiosk window: under Xvfb, with a real HQ on 127.0.0.1, a customer
# taps through a check-in with xdotool. The visit must be in the kiosk's database, reach HQ
# through the sync thread, and the kiosk must close cleanly on SIGTERM.
# Usage: ui_smoke.sh KIOSK_BIN HQ_BIN   (ctest runs it under xvfb-run)
set -euo pipefail
kiosk=$1 hq=$2
work=$(mktemp -d /tmp/kiosk-smoke-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "smoke: $*" >&2
  echo "--- kiosk log" >&2; cat "$work/kiosk.log" >&2 || true
  echo "--- buttons on screen" >&2; cat "$work/targets" >&2 || true
  exit 1
}

db=$work/kiosk.db
"$kiosk" roster add --db "$db" --id M01 --name 王丽 --surname 王 >/dev/null
"$kiosk" roster add --db "$db" --id M02 --name 李强 --surname 李 >/dev/null
"$kiosk" roster order --db "$db" M01 M02 >/dev/null
echo '{"ev":"clock_in","t":"2026-11-24T09:00:00","m":"M01"}' | "$kiosk" replay --db "$db" >/dev/null

token=$("$hq" token add --db "$work/hq.db" --kiosk smoke | tail -1)
"$hq" serve --db "$work/hq.db" --listen 127.0.0.1:0 >"$work/hq.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do grep -q listening "$work/hq.out" && break; sleep 0.1; done
url="http://$(sed -n 's/.*listening on //p' "$work/hq.out")"

"$kiosk" run --db "$db" --window 1280x800 --software --targets-file "$work/targets" \
  --hq "$url" --token "$token" 2>"$work/kiosk.log" &
kiosk_pid=$!
pids+=($kiosk_pid)

# Waits for button $1, taps its centre, and waits for button $2 of the next screen. A click
# can be lost while the X server is busy (loaded CI machines): then it taps again, which is
# safe because each of these taps moves to another screen.
shows() { grep -q "^$1 " "$work/targets" 2>/dev/null; }
tap() {
  local id=$1 next=$2 line=""
  for _ in $(seq 100); do
    line=$(grep "^$id " "$work/targets" 2>/dev/null || true)
    [[ -n $line ]] && break
    kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk exited while waiting for $id"
    sleep 0.1
  done
  [[ -n $line ]] || fail "button $id never appeared"
  read -r _ x0 y0 x1 y1 <<<"$line"
  for _ in 1 2 3; do
    xdotool mousemove $(((x0 + x1) / 2)) $(((y0 + y1) / 2)) click 1
    for _ in $(seq 30); do
      shows "$next" && return 0
      sleep 0.1
    done
    echo "smoke: tapping $id again (no $next after 3 s)" >&2
  done
  fail "tapping $id never led to $next"
}

tap welcome.start purpose.see
tap purpose.see phone.decline
tap phone.decline name.switch
tap next manager.M01         # no name
tap manager.M01 next         # the confirm screen (no number, so no consent)
tap next ticket.done         # check in
tap ticket.done welcome.start
visits=$(sqlite3 "$db" "SELECT count(*) || ' ' || owner FROM visits")
[[ $visits == "1 M01" ]] || fail "expected one visit with M01 in the kiosk database, found '$visits'"

for _ in $(seq 100); do
  at_hq=$("$hq" export --db "$work/hq.db" | grep -c '"kind":"checkin"' || true)
  [[ $at_hq == 1 ]] && break
  sleep 0.1
done
[[ $at_hq == 1 ]] || fail "the check-in did not reach HQ within 10 s (HQ holds $at_hq)"

kill -TERM "$kiosk_pid"
status=0
wait "$kiosk_pid" || status=$?
[[ $status == 0 ]] || fail "the kiosk exited with status $status on SIGTERM"
grep -q 'event=first_frame' "$work/kiosk.log" || fail "no first_frame line in the log"
echo "smoke: checked in through the real window; the visit reached HQ; clean exit"
