#!/usr/bin/env bash
# The one-command demo, as a newcomer runs it: deploy/demo.sh (without setup, on this build)
# must start HQ, the lobby board and the kiosk, get the morning's check-ins to HQ, show both
# windows side by side, take HQ offline and back with every check-in arriving once, speak in
# tickets and names, survive HQ being killed, and on SIGTERM stop every process it started,
# with exit status 0, within seconds. The dashboard's address and demo sign-in it prints must
# work: the page answers, the sign-in gets a session, and the session reads the morning.
# Usage: demo_test.sh SOURCE_DIR BUILD_DIR   (ctest runs it under xvfb-run)
set -euo pipefail
src=$1 build=$2
work=$(mktemp -d /tmp/kiosk-demo-test-XXXXXX)
dir=$work/demo
demo_pid=""
children=()
cleanup() {
  for p in $demo_pid "${children[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "demo test: $*" >&2
  echo "--- demo.sh's output" >&2; cat "$work/out" >&2 || true
  for log in kiosk display hq sync; do echo "--- $log.log" >&2; tail -n 20 "$dir/$log.log" >&2 || true; done
  exit 1
}
# The demo's own processes: those with the demo folder on their command line.
demo_processes() { pgrep -f -- "--config $dir/" || true; }

DEMO_SKIP_SETUP=1 DEMO_BUILD_DIR=$build DEMO_DIR=$dir DEMO_PACE=0 "$src/deploy/demo.sh" >"$work/out" 2>&1 &
demo_pid=$!

for _ in $(seq 900); do
  grep -q "^== Ready" "$work/out" && break
  kill -0 "$demo_pid" 2>/dev/null || fail "demo.sh exited before it was ready"
  sleep 0.1
done
grep -q "^== Ready" "$work/out" || fail "demo.sh was not ready within 90 s"
mapfile -t children < <(demo_processes)
((${#children[@]} == 3)) || fail "expected HQ, the board and the kiosk running, found pids: ${children[*]:-none}"

# Every arrival of the morning and of the offline stretch is a check-in at HQ, each once (the
# kiosk's sync thread sent the stretch's when HQ came back).
expected=$(($(grep -c '"ev": "arrive"' "$src/assets/demo/morning.jsonl") + $(grep -c '"ev": "arrive"' "$src/assets/demo/offline.jsonl")))
at_hq=0
for _ in $(seq 100); do
  at_hq=$("$build/kiosk-hq" export --db "$dir/hq.db" | grep -c '"kind":"checkin"' || true)
  ((at_hq == expected)) && break
  sleep 0.1
done
((at_hq == expected)) || fail "HQ holds $at_hq check-ins; the morning and the offline stretch have $expected"
unique=$("$build/kiosk-hq" export --db "$dir/hq.db" | grep '"kind":"checkin"' | grep -o '"uuid":"[^"]*"' | sort -u | wc -l)
((unique == expected)) || fail "HQ holds $unique distinct check-ins of $at_hq"
grep -q "^== HQ goes offline" "$work/out" || fail "no offline stretch"
grep -q "the kiosk: cannot reach HQ" "$work/out" || fail "the kiosk was not seen failing to reach HQ"
grep -q "HQ is back on" "$work/out" || fail "HQ did not come back"
grep -q "the kiosk caught up: outbox 0, check-ins at HQ $expected, $expected distinct" "$work/out" ||
  fail "the kiosk did not catch up: $(grep 'caught up' "$work/out")"
# The terminal speaks the board's language: tickets and names, not visit or manager ids.
grep -q "A011 吴女士 checks in" "$work/out" || fail "the terminal does not name A011 as the board does"
grep -qE "(王丽|李强|张敏|刘洋|陈静|杨帆) receives A0" "$work/out" || fail "the terminal does not name the managers"
! grep -qE "\bc[0-9]+\b|\bM0[0-9]\b's" "$work/out" || fail "the terminal shows internal ids: $(grep -E '\bc[0-9]+\b' "$work/out" | head -3)"
# Under Xvfb it says where to look, and the pictures are there.
grep -q "no monitor shows" "$work/out" || fail "the guide does not say the windows cannot be seen"
for shot in morning offline caught-up; do [[ -s $dir/screens/$shot.png ]] || fail "no screenshot $shot.png"; done
grep -q "$(sed -n 's/^ *HQ *\(http[^ ]*\).*/\1/p' "$work/out")" "$dir/kiosk.toml" ||
  fail "the kiosk's settings do not point at the HQ the demo printed"

# HQ's dashboard, as printed: the page answers, the demo sign-in works, and its session reads
# the branch's morning (every check-in) from the read API.
dashboard=$(sed -n "s/^ *HQ's dashboard *\(http[^ ]*\) .*/\1/p" "$work/out")
read -r dash_user dash_password < <(sed -n "s/^ *HQ's dashboard .*sign in as \([^,]*\), password \([^ ]*\).*/\1 \2/p" "$work/out") || true
[[ -n $dashboard && -n ${dash_user:-} && -n ${dash_password:-} ]] || fail "the guide does not print the dashboard's address and a sign-in"
grep -q "^== HQ's dashboard: $dashboard " "$work/out" || fail "the dashboard's address is not printed before the morning"
page=$(curl -sS --max-time 5 -w '\n%{http_code}' "$dashboard") || fail "the dashboard at $dashboard does not answer"
[[ $(tail -1 <<<"$page") == 200 && $page == *'<html lang='* ]] || fail "the dashboard's page: $(tail -1 <<<"$page")"
jar=$work/cookies
signed=$(curl -sS --max-time 5 -c "$jar" -H 'Content-Type: application/json' \
  -d "{\"name\": \"$dash_user\", \"password\": \"$dash_password\"}" -w '\n%{http_code}' "${dashboard%/dashboard/}/v1/session") ||
  fail "no answer to the dashboard's sign-in"
[[ $(tail -1 <<<"$signed") == 200 && $signed == *'"role":"supervisor"'* ]] || fail "the demo sign-in was refused: $signed"
branches=$(curl -sS --max-time 5 -b "$jar" "${dashboard%/dashboard/}/v1/branches") || fail "the session reads nothing"
[[ $branches =~ \"branch\":\"demo-branch\" && $branches =~ \"checkins_today\":$expected[,}] ]] ||
  fail "the dashboard does not show the morning's $expected check-ins at demo-branch: $branches"

# The devices: staff reprinted the first ticket on the (fake) printer, and its call was written to a WAV.
grep -q "^A001$" "$dir/printer.log" || fail "the printer did not print A001: $(cat "$dir/printer.log")"
grep -q "QR code: weixin://" "$dir/printer.log" || fail "the ticket had no QR code"
[[ -s $dir/call-A001.wav ]] || fail "no WAV of the board's call"
grep -q "event=printer device=tcp://127.0.0.1:" "$dir/kiosk.log" || fail "the kiosk did not start with the printer"

for name in "Lobby Kiosk" "Lobby board"; do
  xdotool search --name "^$name\$" >/dev/null || fail "no window named \"$name\""
done
# Side by side: the kiosk's window does not cover the board's.
geometry() { xdotool search --name "^$1\$" getwindowgeometry --shell | grep -E '^(X|Y|WIDTH|HEIGHT)=' | cut -d= -f2 | tr '\n' ' '; }
read -r kx ky kw kh <<<"$(geometry "Lobby Kiosk")"
read -r bx by bw bh <<<"$(geometry "Lobby board")"
((kx >= bx + bw || bx >= kx + kw || ky >= by + bh || by >= ky + kh)) ||
  fail "the windows overlap: kiosk $kw x $kh at $kx,$ky, board $bw x $bh at $bx,$by"

# HQ killed by hand: the demo goes on, says so, and brings HQ back when asked.
hq_pid=$(pgrep -f -- "--config $dir/hq.toml")
kill -KILL "$hq_pid"
for _ in $(seq 50); do grep -q "HQ (pid $hq_pid) is gone" "$work/out" && break; sleep 0.1; done
grep -q "HQ (pid $hq_pid) is gone" "$work/out" || fail "the demo did not notice HQ was gone"
kill -0 "$demo_pid" 2>/dev/null || fail "the demo ended when HQ was killed"
DEMO_DIR=$dir "$src/deploy/demo.sh" hq-up >/dev/null
for _ in $(seq 100); do (($(grep -c "HQ is back on" "$work/out") == 2)) && break; sleep 0.1; done
(($(grep -c "HQ is back on" "$work/out") == 2)) || fail "HQ did not come back after hq-up"
mapfile -t children < <(demo_processes)
((${#children[@]} == 3)) || fail "expected HQ, the board and the kiosk running again, found pids: ${children[*]:-none}"

kill -TERM "$demo_pid"
for _ in $(seq 100); do kill -0 "$demo_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$demo_pid" 2>/dev/null && fail "demo.sh did not stop within 10 s of SIGTERM"
status=0
wait "$demo_pid" || status=$?
demo_pid=""
((status == 0)) || fail "demo.sh exited with status $status on SIGTERM"
for p in "${children[@]}"; do
  kill -0 "$p" 2>/dev/null && fail "pid $p ($(ps -o args= -p "$p")) is still running after the demo stopped"
done
[[ -z $(demo_processes) ]] || fail "processes of the demo are left: $(demo_processes)"
[[ ! -e $dir/demo.pid ]] || fail "demo.pid is left behind"
grep -q "stopping on signal" "$dir/hq.log" || fail "HQ did not stop on a signal"
echo "demo test: ready, $at_hq check-ins at HQ each once across an offline stretch, HQ killed and back, a ticket reprinted and a call written, both windows side by side, stopped cleanly"
