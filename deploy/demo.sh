#!/usr/bin/env bash
# The whole Lobby Kiosk system on one machine, in one command:
#
#   HQ (kiosk-hq, on 127.0.0.1)  <-- check-ins --  the kiosk's touch screen (kiosk run)
#                                                   |  same database
#                                                   the lobby board (kiosk display)
#
# It sets the machine up (deploy/setup.sh), makes a fresh demo folder with a branch of six
# managers and a supervisor, starts HQ and the lobby board, plays a morning of check-ins at
# today's times so the board changes and the check-ins reach HQ, then opens the touch screen
# for you to check in yourself. Ctrl-C (or `deploy/demo.sh stop`) stops everything.
#
# Usage: deploy/demo.sh [start|stop]
#   DEMO_DIR=DIR       the demo folder (default /tmp/lobby-kiosk-demo); emptied at start
#   DEMO_HEADLESS=1    no screen: start a private Xvfb and draw into it
#   DEMO_PACE=SECONDS  pause between the morning's events (default 1.5)
#   DEMO_SKIP_SETUP=1  use the programs already built (tests); DEMO_BUILD_DIR says where
#
# The branch's devices are on: a receipt printer (the fake ESC/POS printer from the tests,
# build/tests/fake_printer, which writes what it decoded to printer.log) and the board's
# spoken calls (espeak-ng; silent without an audio device, and a call is written to a WAV).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${DEMO_BUILD_DIR:-$repo/build}
kiosk=$build/kiosk
hq=$build/kiosk-hq
robot=$build/tests/fake_robot  # a stand-in for the branch's WeCom group robot (tests/fake_robot.cpp)
dir=${DEMO_DIR:-/tmp/lobby-kiosk-demo}
pace=${DEMO_PACE:-1.5}
db=$dir/kiosk.db
hq_db=$dir/hq.db
marker=.lobby-kiosk-demo  # a folder holding this file may be emptied by the demo

pids=()      # every process this script started, in start order; stopped in reverse
software=""  # --software for the screens when there is no GPU (Xvfb)

say() { printf '%s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

# --- the branch ---------------------------------------------------------------------------

# Today's demo roster; the PINs open the staff console (M01 1011, M02 1022, ... S01 9999).
# The pinyin is how the lobby board calls each name.
seed_roster() {
  local i=0 who id name surname gender pinyin
  for who in "M01 王丽 王 f wang2 li4" "M02 李强 李 m li3 qiang2" "M03 张敏 张 f zhang1 min3" \
             "M04 刘洋 刘 m liu2 yang2" "M05 陈静 陈 f chen2 jing4" "M06 杨帆 杨 m yang2 fan1"; do
    read -r id name surname gender pinyin <<<"$who"
    i=$((i + 1))
    "$kiosk" roster add --db "$db" --id "$id" --name "$name" --surname "$surname" --gender "$gender" \
      --pinyin "$pinyin" --pin "10$i$i" --mobile "1391234000$i" >/dev/null
  done
  "$kiosk" roster add --db "$db" --id S01 --name 赵主管 --surname 赵 --gender m --pinyin "zhao4 zhu3 guan3" \
    --pin 9999 --supervisor >/dev/null
}

# A fresh folder. Only the default folder, or one the demo made before (it holds $marker),
# is emptied.
prepare_folder() {
  if [[ -d $dir && -n $(ls -A "$dir") && ! -e $dir/$marker && $dir != /tmp/lobby-kiosk-demo ]]; then
    die "$dir is not empty and was not made by the demo; choose another DEMO_DIR"
  fi
  if [[ -e $dir/demo.pid ]] && kill -0 "$(cat "$dir/demo.pid")" 2>/dev/null; then
    die "a demo is already running in $dir (pid $(cat "$dir/demo.pid")); stop it with: deploy/demo.sh stop"
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  touch "$dir/$marker"
  echo $$ >"$dir/demo.pid"
}

# --- the display --------------------------------------------------------------------------

# The screens need a display: the desktop's, xvfb-run's, or (DEMO_HEADLESS=1) our own Xvfb.
check_display() {
  [[ ${DEMO_HEADLESS:-0} == 1 || -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]] && return 0
  cat >&2 <<EOF
demo: there is no display to open the kiosk's windows on (DISPLAY is not set, no Wayland).
Run it on a desktop, or headless under Xvfb, either way:
  xvfb-run -a -s "-screen 0 1920x1080x24" deploy/demo.sh
  DEMO_HEADLESS=1 deploy/demo.sh
EOF
  exit 2
}

open_display() {
  if [[ ${DEMO_HEADLESS:-0} == 1 ]]; then
    start_xvfb
    software=1
  elif [[ -n ${DISPLAY:-} ]] && on_xvfb; then
    software=1
  fi
}

# Whether $DISPLAY is served by Xvfb (as under xvfb-run): no GPU, so draw in software.
on_xvfb() {
  local display=${DISPLAY%.*} servers
  servers=$(ps -C Xvfb -o args= 2>/dev/null) || return 1
  grep -qE "(^|[[:space:]])$display([[:space:]]|$)" <<<"$servers"
}

start_xvfb() {
  Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$dir/xvfb.display" 2>"$dir/xvfb.log" &
  pids+=($!)
  wait_for "Xvfb" "$!" 10 test -s "$dir/xvfb.display"
  DISPLAY=":$(cat "$dir/xvfb.display")"
  export DISPLAY
  unset WAYLAND_DISPLAY
  say "== A private X server (Xvfb) on display $DISPLAY"
}

# --- the programs -------------------------------------------------------------------------

# wait_for WHAT PID SECONDS COMMAND...: until COMMAND succeeds; fails if PID exits first.
wait_for() {
  local what=$1 pid=$2 seconds=$3
  shift 3
  for _ in $(seq $((seconds * 10))); do
    "$@" && return 0
    kill -0 "$pid" 2>/dev/null || die "$what exited while starting; see the log in $dir"
    sleep 0.1
  done
  die "$what did not start within $seconds s; see the log in $dir"
}

logged() { grep -q "$2" "$1" 2>/dev/null; }

start_hq() {
  token=$("$hq" token add --db "$hq_db" --kiosk demo-branch | tail -1)
  cat >"$dir/hq.toml" <<EOF
# HQ of the demo (kiosk-hq serve --config $dir/hq.toml); example: assets/config/hq.toml
database = "$hq_db"
[server]
listen = "127.0.0.1:0"   # any free port
EOF
  "$hq" serve --config "$dir/hq.toml" >"$dir/hq.log" 2>&1 &
  pids+=($!)
  wait_for "kiosk-hq" "$!" 10 logged "$dir/hq.log" "listening on"
  hq_url="http://$(sed -n 's/.*listening on //p' "$dir/hq.log")"
  say "== HQ is listening on $hq_url"
}

# The receipt printer: the tests' fake ESC/POS printer on a free port of 127.0.0.1. It answers
# status requests like a real one and writes each ticket it decoded to printer.log.
printer_device=""
start_printer() {
  if [[ ! -x $build/tests/fake_printer ]]; then
    say "== No printer: $build/tests/fake_printer was not built (tests off); the kiosk runs without one"
    return 0
  fi
  "$build/tests/fake_printer" >"$dir/printer.log" 2>&1 &
  pids+=($!)
  wait_for "The fake printer" "$!" 10 logged "$dir/printer.log" "listening on"
  printer_device=$(sed -n 's/.*listening on //p' "$dir/printer.log")
  say "== A receipt printer (fake, ESC/POS) is listening on $printer_device"
}

# The managers' notices go to a fake WeCom group robot on 127.0.0.1, which prints each message
# it accepts here in the terminal (after checking it as WeCom would).
start_robot() {
  robot_url="" notify_channel=none
  if [[ ! -x $robot ]]; then
    say "== (no $robot: the managers' notices are not shown; build the tests to see them)"
    return
  fi
  "$robot" --channel wecom --key demo-robot-key --address-file "$dir/robot.address" &
  pids+=($!)
  wait_for "The fake robot" "$!" 10 test -s "$dir/robot.address"
  robot_url="http://$(cat "$dir/robot.address")/cgi-bin/webhook/send?key=demo-robot-key"
  notify_channel=wecom
  say "== A fake WeCom group robot is listening: the managers' notices print below (---- wecom robot)"
}

# One settings file for the kiosk and the board: the demo database, windows, and the local HQ.
write_kiosk_config() {
  local sw=${software:+true}
  cat >"$dir/kiosk.toml" <<EOF
# The demo branch (kiosk run / kiosk display --config $dir/kiosk.toml);
# every setting is explained in assets/config/kiosk.toml.
database = "$db"
[kiosk]
window = "1280x800"
software_renderer = ${sw:-false}
[display]
window = "1280x720"
software_renderer = ${sw:-false}
[hq]
url = "$hq_url"
token = "$token"
[printer]
enabled = $([[ -n $printer_device ]] && echo true || echo false)
device = "${printer_device:-/dev/usb/lp0}"
paper_mm = 80
branch_name = "城南销售中心"
qr_text = "weixin://lobby-kiosk-demo"
[voice]
enabled = true
languages = ["zh", "en"]
[notify]
channel = "$notify_channel"
url = "$robot_url"
language = "both"
EOF
  chmod 600 "$dir/kiosk.toml"  # it holds the token
}

start_display() {
  "$kiosk" display --config "$dir/kiosk.toml" >"$dir/display.log" 2>&1 &
  pids+=($!)
  wait_for "The lobby board" "$!" 30 logged "$dir/display.log" "event=first_frame"
  say "== The lobby board is open (window \"Lobby board\")"
}

# The kiosk sends its outbox to HQ itself, from a background thread ([hq] in kiosk.toml).
start_kiosk() {
  "$kiosk" run --config "$dir/kiosk.toml" >"$dir/kiosk.log" 2>&1 &
  pids+=($!)
  wait_for "The kiosk" "$!" 30 logged "$dir/kiosk.log" "event=first_frame"
  say "== The kiosk's touch screen is open (window \"Lobby Kiosk\")"
}

# --- the morning --------------------------------------------------------------------------

# assets/demo/morning.jsonl, one event at a time, stamped with the time it is played (so it
# is "today" on the board and at HQ). Each goes through the real check-in transaction
# (`kiosk replay --db`), then the outbox is sent to HQ. The kiosk's touch screen opens
# afterwards: it reads the day's records when it starts, and while it runs it must be the
# only program recording events in its database.
play_morning() {
  local line now answer status decision
  say "== A morning at the branch (assets/demo/morning.jsonl, one event every ${pace}s);"
  say "   watch the board. The touch screen opens when the morning is over."
  while IFS= read -r line; do
    [[ -n $line ]] || continue
    now=$(date +%FT%T)
    line=$(sed -E "s/\"t\": *\"[^\"]*\"/\"t\": \"$now\"/" <<<"$line")
    printf '%s  %s\n' "${now#*T}" "$(describe_event "$line")"
    status=0
    answer=$("$kiosk" replay --db "$db" <<<"$line") || status=$?
    ((status < 2)) || die "kiosk replay could not record the event: $answer"
    while IFS= read -r decision; do
      if [[ -n $decision ]]; then say "           -> $(describe_decision "$decision")"; fi
    done <<<"$answer"
    "$kiosk" sync --db "$db" --hq "$hq_url" --token "$token" --once >>"$dir/sync.log" 2>&1 ||
      say "           (HQ did not take it yet; it stays in the outbox)"
    if [[ -n $robot_url ]]; then
      "$kiosk" notify --config "$dir/kiosk.toml" --drain --deadline 5 >>"$dir/notify.log" 2>&1 ||
        say "           (the managers' notice is not sent yet; see $dir/notify.log)"
    fi
    if [[ $(field ev "$line") == arrive ]]; then say "           check-ins at HQ: $(hq_checkins)"; fi
    sleep "$pace"
  done <"$repo/assets/demo/morning.jsonl"
  say
  "$kiosk" report --db "$db" --day "$(date +%F)"
  say
}

# The value of "key": "text" in a JSON line (enough for the demo's flat events).
field() { if [[ $2 =~ \"$1\":\ *\"([^\"]*)\" ]]; then printf '%s' "${BASH_REMATCH[1]}"; fi; }

describe_event() {
  local e=$1 extra=""
  case $(field ev "$e") in
    roster) echo "turn order: M01 M02 M03 M04 M05 M06" ;;
    clock_in) echo "$(field m "$e") clocks in" ;;
    absent) echo "$(field m "$e") goes away ($(field reason "$e"))" ;;
    status) echo "$(field m "$e") is back" ;;
    busy_policy) echo "$(field m "$e") chooses the busy policy \"$(field policy "$e")\"" ;;
    finish) echo "$(field id "$e") leaves: the reception is over" ;;
    reassign) echo "the supervisor gives $(field id "$e") to $(field to "$e")" ;;
    arrive)
      [[ -n $(field request "$e") ]] && extra=", asks for $(field request "$e")"
      [[ $e == *phone_enquiry* ]] && extra+=" (spoke to them by phone)"
      [[ -n $(field referrer "$e") ]] && extra=", referred by the customer $(field referrer "$e")"
      echo "$(field id "$e"): $(field surname "$e")$(field title "$e") checks in$extra" ;;
    *) echo "$e" ;;
  esac
}

describe_decision() {
  local d=$1 server
  [[ $d == *'"queued":true'* ]] && { echo "$(field id "$d") waits in the queue"; return; }
  [[ $d == *'"error"'* ]] && { echo "refused: $d"; return; }
  server=$(field server "$d")
  printf '%s is %s'"'"'s customer (%s)' "$(field id "$d")" "$(field owner "$d")" "$(field kind "$d")"
  if [[ $server != "$(field owner "$d")" ]]; then printf ', served by %s' "$server"; fi
  echo
}

hq_checkins() { "$hq" export --db "$hq_db" | grep -c '"kind":"checkin"' || true; }

# The devices after the morning: staff reprint the first ticket (the printer shows what it
# decoded), and the board's call for it is written to a WAV file.
show_devices() {
  local first
  first=$(sqlite3 "$db" "SELECT ticket || ' ' || coalesce(server, '') FROM visits WHERE server IS NOT NULL ORDER BY arrived LIMIT 1" 2>/dev/null || true)
  [[ -n $first ]] || return 0
  read -r ticket server <<<"$first"
  if [[ -n $printer_device ]]; then
    say "== Staff reprint ticket $ticket: kiosk ticket print --config $dir/kiosk.toml --ticket $ticket"
    "$kiosk" ticket print --config "$dir/kiosk.toml" --ticket "$ticket" 2>>"$dir/printer.log" || true
    sleep 0.3
    sed -n '/---- ticket printed ----/,/---- cut ----/p' "$dir/printer.log" | tail -n 20 | sed 's/^/   | /'
  fi
  say "== The board's call for $ticket, as a WAV: kiosk announce ... --ticket $ticket --manager $server"
  "$kiosk" announce --config "$dir/kiosk.toml" --ticket "$ticket" --manager "$server" --wav "$dir/call-$ticket.wav" |
    sed 's/^/   /' || true
}

# --- where everything is ------------------------------------------------------------------

print_guide() {
  cat <<EOF
== The demo is running. Everything is in $dir:
   kiosk database   $db  (the touch screen writes it, the board reads it)
   kiosk settings   $dir/kiosk.toml  (database, windows, HQ's url and token)
   HQ               $hq_url  (database $hq_db, settings $dir/hq.toml)
   logs             $dir/kiosk.log  display.log  hq.log  sync.log  printer.log  notify.log
   printer          ${printer_device:-none}: each ticket printed at the kiosk appears in printer.log
   voice            the board calls each assigned ticket after the chime (silent without an audio
                    device); try a name: $kiosk announce --config $dir/kiosk.toml --ticket A001 --manager M01 --wav /tmp/call.wav
   notices          the managers' WeCom notices print here (---- wecom robot), from a fake robot
   windows          "Lobby Kiosk" (the customer's touch screen), "Lobby board" (the lobby's screen)

   Check in on the touch screen: the board changes at once, and HQ has it within seconds.
   Staff console: hold the welcome screen's top-left corner for 2 s; PINs 1011, 1022, ... 1066
   for M01 ... M06, 9999 for the supervisor S01.

   What HQ holds:   $hq export --db $hq_db | grep -c '"kind":"checkin"'
                    $hq export --db $hq_db | tail -1
                    curl -s $hq_url/metrics
   The day so far:  $kiosk report --db $db --day $(date +%F)

== Ready. Stop with Ctrl-C, or from another terminal: ${DEMO_DIR:+DEMO_DIR=$dir }$0 stop
EOF
}

# --- stopping -----------------------------------------------------------------------------

alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $state != Z* ]]
}

# Newest first: the kiosk, the board, HQ, Xvfb. Each gets SIGTERM and 5 s, then SIGKILL.
stop_all() {
  local i p
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    p=${pids[i]}
    kill -TERM "$p" 2>/dev/null || continue
    for _ in $(seq 50); do alive "$p" || break; sleep 0.1; done
    if alive "$p"; then
      say "demo: pid $p did not stop on SIGTERM; killing it" >&2
      kill -KILL "$p" 2>/dev/null || true
    fi
    wait "$p" 2>/dev/null || true
  done
  pids=()
  rm -f "$dir/demo.pid"
}

on_exit() {
  local status=$?
  stop_all
  if ((status == 0)); then say "== Demo stopped; its folder stays: $dir"; fi
}

# Sleep until asked to stop, or until one of the programs ends by itself (say, a window was
# closed): then stop the others. A program that failed makes the exit status 1.
wait_until_stopped() {
  local status=0 p
  wait -n "${pids[@]}" || status=$?
  for p in "${pids[@]}"; do
    alive "$p" || say "demo: $(ps -o args= -p "$p" 2>/dev/null || echo "pid $p") ended (status $status); stopping the demo"
  done
  ((status == 0)) || exit 1
}

# `deploy/demo.sh stop`: ends the demo running in $dir as Ctrl-C would.
stop_running_demo() {
  local pid
  pid=$(cat "$dir/demo.pid" 2>/dev/null) || die "no demo is running in $dir"
  grep -q demo.sh "/proc/$pid/cmdline" 2>/dev/null || die "no demo is running in $dir (stale $dir/demo.pid)"
  kill -TERM "$pid"
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || { say "demo: stopped"; return 0; }; sleep 0.1; done
  die "the demo (pid $pid) did not stop within 15 s"
}

start() {
  [[ ${DEMO_SKIP_SETUP:-0} == 1 ]] || "$repo/deploy/setup.sh"
  [[ -x $kiosk && -x $hq ]] || die "no programs in $build; run deploy/setup.sh"
  check_display
  prepare_folder
  trap on_exit EXIT
  trap 'say; say "== Stopping the demo"; exit 0' INT TERM
  open_display
  seed_roster
  start_hq
  start_printer
  start_robot
  write_kiosk_config
  start_display
  play_morning
  show_devices
  start_kiosk
  print_guide
  wait_until_stopped
}

case ${1:-start} in
  start) start ;;
  stop) stop_running_demo ;;
  -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command \"$1\"; use: deploy/demo.sh [start|stop]" ;;
esac
