#!/usr/bin/env bash
# The printer through the real kiosk window: under Xvfb, with the fake ESC/POS printer out of
# paper, a customer checks in with xdotool. The ticket appears (the check-in committed), the
# print fails and the ticket offers "Print again"; the log says why. A new roll, "Print again",
# and the ticket comes out of the printer, with still one visit in the database.
# Usage: printer_smoke.sh KIOSK_BIN FAKE_PRINTER_BIN   (ctest runs it under xvfb-run)
set -euo pipefail
kiosk=$1 fake_printer=$2
work=$(mktemp -d /tmp/kiosk-printer-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "printer smoke: $*" >&2
  for f in kiosk.log printer.log targets; do echo "--- $f" >&2; cat "$work/$f" >&2 || true; done
  exit 1
}
shows() { grep -q "^$1 " "$work/targets" 2>/dev/null; }
# until COMMAND succeeds, for up to 10 s
until_ok() { for _ in $(seq 100); do "$@" && return 0; sleep 0.1; done; return 1; }
press() {
  local line
  until_ok shows "$1" || fail "button $1 never appeared"
  line=$(grep "^$1 " "$work/targets")
  read -r _ x0 y0 x1 y1 <<<"$line"
  xdotool mousemove $(((x0 + x1) / 2)) $(((y0 + y1) / 2)) click 1
}
# Taps $1 until button $2 shows (a click can be lost on a busy X server).
tap() {
  for _ in 1 2 3; do
    press "$1"
    for _ in $(seq 30); do shows "$2" && return 0; sleep 0.1; done
  done
  fail "tapping $1 never led to $2"
}

db=$work/kiosk.db
"$kiosk" roster add --db "$db" --id M01 --name 王丽 --surname 王 >/dev/null
"$kiosk" roster order --db "$db" M01 >/dev/null
echo '{"ev":"clock_in","t":"2026-11-24T09:00:00","m":"M01"}' | "$kiosk" replay --db "$db" >/dev/null

"$fake_printer" --mode paper_end >"$work/printer.log" 2>&1 &
printer_pid=$!
pids+=($printer_pid)
until_ok grep -q "listening on" "$work/printer.log" || fail "the fake printer did not start"
device=$(sed -n 's/.*listening on //p' "$work/printer.log")
printf '%s\n' "database = \"$db\"" '[kiosk]' 'window = "1280x800"' 'software_renderer = true' \
  '[printer]' 'enabled = true' "device = \"$device\"" 'branch_name = "城南销售中心"' 'timeout_ms = 500' >"$work/kiosk.toml"

"$kiosk" run --config "$work/kiosk.toml" --targets-file "$work/targets" 2>"$work/kiosk.log" &
kiosk_pid=$!
pids+=($kiosk_pid)

tap welcome.start purpose.see
tap purpose.see phone.decline
tap phone.decline name.switch
tap next manager.M01
tap manager.M01 next
tap next ticket.done
until_ok shows ticket.print_again || fail "the failed print offered no Print again"
grep -q "level=warn event=ticket_print_failed ticket=A001 problem=paper_end" "$work/kiosk.log" ||
  fail "the failed print was not logged"
[[ $(sqlite3 "$db" "SELECT problem || ' ' || ticket FROM device_status") == "paper_end A001" ]] ||
  fail "the printer's state was not recorded for the board"

kill -USR1 "$printer_pid"  # a new roll
until_ok grep -q "ready (new roll)" "$work/printer.log" || fail "the fake printer did not take the new roll"
for _ in 1 2 3; do
  shows ticket.print_again && press ticket.print_again
  until_ok grep -q "^A001$" "$work/printer.log" && break
done
grep -q "^A001$" "$work/printer.log" || fail "Print again did not print A001"
until_ok bash -c "! grep -q '^ticket.print_again ' '$work/targets'" || fail "Print again stayed after the ticket printed"
[[ $(sqlite3 "$db" "SELECT count(*) FROM visits") == 1 ]] || fail "printing again made a second visit"
[[ $(sqlite3 "$db" "SELECT problem FROM device_status") == none ]] || fail "the printer's state did not clear"

kill -TERM "$kiosk_pid"
status=0
wait "$kiosk_pid" || status=$?
[[ $status == 0 ]] || fail "the kiosk exited with status $status on SIGTERM"
echo "printer smoke: out of paper -> ticket kept up with Print again, logged and recorded; new roll -> printed; one visit"
