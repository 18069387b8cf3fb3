#!/usr/bin/env bash
# The lobby board's calls through the real `kiosk display` (under xvfb-run, with SDL's dummy
# audio driver: a device that plays into nothing, at the real pace): each customer assigned
# is called once, in order, after the chime, and with the voice on the call is seconds long;
# with the voice off only the chime sounds; with no audio device it says so once and stays
# silent. A printer problem recorded in the database reaches the board (it redraws).
# Usage: board_voice.sh KIOSK_BIN
set -euo pipefail
kiosk=$1
work=$(mktemp -d /tmp/kiosk-voice-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
fail() {
  echo "board voice test: $*" >&2
  for l in "$work"/*.log; do echo "--- $l" >&2; cat "$l" >&2; done
  exit 1
}

db=$work/kiosk.db
"$kiosk" roster add --db "$db" --id M01 --name 王丽 --surname 王 --pinyin "wang2 li4" >/dev/null
"$kiosk" roster add --db "$db" --id M02 --name 李强 --surname 李 >/dev/null
"$kiosk" roster order --db "$db" M01 M02 >/dev/null
printf '%s\n' '{"ev":"clock_in","t":"2026-11-24T09:00:00","m":"M01"}' '{"ev":"clock_in","t":"2026-11-24T09:00:00","m":"M02"}' |
  "$kiosk" replay --db "$db" >/dev/null

# board NAME VOICE AUDIO_DRIVER: a board with [voice] enabled = VOICE; waits for its first frame.
board() {
  printf '%s\n' "database = \"$db\"" '[display]' 'window = "640x480"' 'software_renderer = true' \
    '[voice]' "enabled = $2" 'languages = ["zh", "en"]' >"$work/$1.toml"
  SDL_AUDIODRIVER=$3 "$kiosk" display --config "$work/$1.toml" 2>"$work/$1.log" &
  for _ in $(seq 100); do grep -q event=first_frame "$work/$1.log" && return 0; sleep 0.05; done
  fail "the board $1 did not start"
}
board speaking true dummy
board chiming false dummy
board silent true nonexistent_driver

for id in 1 2; do  # both managers free: two assignments, one after the other
  echo "{\"ev\":\"arrive\",\"t\":\"2026-11-24T10:00:0$id\",\"id\":\"v$id\"}" | "$kiosk" replay --db "$db" >/dev/null
  sleep 0.3
done
for _ in $(seq 100); do (($(grep -c event=call "$work/speaking.log") >= 2)) && break; sleep 0.05; done
sleep 0.5

calls=$(grep -o 'event=call ticket=[A-Z0-9]* manager=[A-Z0-9]*' "$work/speaking.log" | tr '\n' ';')
[[ $calls == "event=call ticket=A001 manager=M01;event=call ticket=A002 manager=M02;" ]] || fail "calls: $calls"
seconds_of() { sed -n 's/.*event=call .* seconds=\([0-9.]*\).*/\1/p' "$1"; }
for s in $(seconds_of "$work/speaking.log"); do
  awk -v s="$s" 'BEGIN { exit !(s > 5 && s < 14) }' || fail "a spoken call lasted $s s"
done
for s in $(seconds_of "$work/chiming.log"); do
  awk -v s="$s" 'BEGIN { exit !(s < 1) }' || fail "with the voice off a call lasted $s s (the chime alone is 0.7 s)"
done
(($(grep -c event=call "$work/chiming.log") == 2)) || fail "the chiming board did not chime twice"
(($(grep -c event=no_audio "$work/silent.log") == 1)) || fail "without an audio device it must say so once"
if grep -q event=call "$work/silent.log"; then fail "a board without an audio device queued calls"; fi

before=$(grep -c event=board_drawn "$work/speaking.log")
sqlite3 "$db" "INSERT INTO device_status VALUES('printer', 'paper_end', 0, 'A002', 'status 1a 32 12 72', '2026-11-24T10:00:02')"
for _ in $(seq 100); do (($(grep -c event=board_drawn "$work/speaking.log") > before)) && break; sleep 0.05; done
(($(grep -c event=board_drawn "$work/speaking.log") > before)) || fail "the board did not redraw for the printer's problem"
echo "board voice test: 2 calls in order ($(seconds_of "$work/speaking.log" | tr '\n' ' ')s), chime-only and silent boards as expected, the printer's problem redrawn"
