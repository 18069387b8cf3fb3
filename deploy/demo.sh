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
# beside the board, takes HQ offline for a short scripted stretch (the kiosk goes on, its
# outbox fills, and it catches up once HQ is back), and leaves you to check in yourself.
# It prints HQ's dashboard's address and a demo sign-in before the morning starts: open it
# in a browser to watch the morning arrive at HQ.
# The terminal says what the board says: tickets (A011) and managers' names (王丽).
# Ctrl-C (or `deploy/demo.sh stop`) stops everything.
#
# Usage: deploy/demo.sh [start|stop|hq-down|hq-up]
#   hq-down, hq-up     stop HQ / start it again, in the running demo (HQ may also just be
#                      killed: the demo goes on without it)
#   DEMO_DIR=DIR       the demo folder (default /tmp/lobby-kiosk-demo); emptied at start
#   DEMO_HEADLESS=1    no screen: start a private Xvfb and draw into it
#   DEMO_PACE=SECONDS  pause between the morning's events (default 1.5)
#   DEMO_HQ=postgres   HQ on a throwaway PostgreSQL in the demo's folder (default: an SQLite file)
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
headless=""  # set under Xvfb: nobody sees the windows, so the demo takes screenshots
hq_pid="" hq_old="" hq_listen="127.0.0.1:0" hq_wanted=""  # HQ may stop and start again
declare -A name_of=()   # manager id -> name, as the board shows it (M01 -> 王丽)
declare -A label_of=()  # visit id -> "A011 吴女士", as the board shows it
declare -A phone_of=()  # visit id -> the number given, to say who referred whom

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
    name_of[$id]=$name
    i=$((i + 1))
    "$kiosk" roster add --db "$db" --id "$id" --name "$name" --surname "$surname" --gender "$gender" \
      --pinyin "$pinyin" --pin "10$i$i" --mobile "1391234000$i" >/dev/null
  done
  "$kiosk" roster add --db "$db" --id S01 --name 赵主管 --surname 赵 --gender m --pinyin "zhao4 zhu3 guan3" \
    --pin 9999 --supervisor >/dev/null
  name_of[S01]=赵主管
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
  if [[ -n $software ]]; then
    headless=1
    mkdir -p "$dir/screens"
  fi
}

# The board and the touch screen side by side, not one over the other: each half the
# screen's width (at most 1280), the touch screen 16:10, the board 16:9. Needs xdotool (X11).
kiosk_size=1280x800 board_size=1280x720 half=""
plan_windows() {
  local w h k
  if [[ -z ${DISPLAY:-} ]] || ! command -v xdotool >/dev/null; then
    say "== (no xdotool on X11: the two windows open where the desktop puts them, and may overlap)"
    return 0
  fi
  read -r w h < <(xdotool getdisplaygeometry 2>/dev/null) || return 0
  half=$((w / 2))
  k=$((half < 1280 ? half : 1280))
  kiosk_size=${k}x$((k * 10 / 16)) board_size=${k}x$((k * 9 / 16))
}

# place_window TITLE X: moves the window of that title to (X, 0).
place_window() {
  local id
  [[ -n $half ]] || return 0
  id=$(xdotool search --name "^$1\$" 2>/dev/null | head -1) || return 0
  [[ -z $id ]] || xdotool windowmove "$id" "$2" 0 2>/dev/null || true
}

# snap NAME [quiet]: under Xvfb, the whole screen as $dir/screens/NAME.png: nobody can see
# the windows otherwise.
snap() {
  [[ -n $headless ]] && command -v import >/dev/null || return 0
  import -display "$DISPLAY" -window root "$dir/screens/.$1.png" 2>/dev/null || return 0
  mv "$dir/screens/.$1.png" "$dir/screens/$1.png"
  [[ ${2:-} == quiet ]] || say "   (the screens now, as a picture: $dir/screens/$1.png)"
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

# DEMO_HQ=postgres: HQ's database on a PostgreSQL server of the demo's own, on a unix socket
# only (as the postgres user when run as root); stopped and deleted with the demo. Its folder
# is a fresh one in /tmp: the postgres user may not be able to reach into $dir.
pg_bin=/usr/lib/postgresql/15/bin
pg_dir=""
as_postgres() { if (($(id -u) == 0)); then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
start_postgres() {
  [[ -x $pg_bin/initdb ]] || die "DEMO_HQ=postgres needs PostgreSQL 15 ($pg_bin); deploy/setup.sh installs it"
  pg_dir=$(mktemp -d /tmp/lobby-demo-pg-XXXXXX)
  mkdir -p "$pg_dir/sock"
  (($(id -u) != 0)) || chown -R postgres: "$pg_dir"
  as_postgres "$pg_bin/initdb -D $pg_dir/data -A trust -U postgres -E UTF8 --locale=C" >"$dir/pg.log" 2>&1 ||
    die "initdb failed: see $dir/pg.log"
  as_postgres "$pg_bin/pg_ctl -D $pg_dir/data -l $pg_dir/server.log -w -o \"-k $pg_dir/sock -p 5432 -c listen_addresses=''\" start" \
    >>"$dir/pg.log" 2>&1 || die "PostgreSQL did not start: see $pg_dir/server.log"
  "$pg_bin/createdb" -h "$pg_dir/sock" -p 5432 -U postgres kiosk_hq
  hq_db="postgresql:///kiosk_hq?host=$pg_dir/sock&port=5432&user=postgres"
  say "== HQ's database is PostgreSQL: $hq_db"
}
stop_postgres() {
  [[ -n $pg_dir ]] || return 0
  as_postgres "$pg_bin/pg_ctl -D $pg_dir/data -m fast -w stop" >>"$dir/pg.log" 2>&1 || true
  rm -rf "$pg_dir"
  pg_dir=""
}

# HQ on any free port the first time, on the same one when it comes back (the kiosk's
# settings name it); hq.log goes on.
start_hq() {
  local before
  [[ -n ${token:-} ]] || token=$("$hq" token add --db "$hq_db" --kiosk demo-branch | tail -1)
  [[ -n $dashboard_password ]] || add_dashboard_user
  cat >"$dir/hq.toml" <<EOF
# HQ of the demo (kiosk-hq serve --config $dir/hq.toml); example: assets/config/hq.toml
database = "$hq_db"
[server]
listen = "$hq_listen"   # the first time any free port, then the same one
EOF
  before=$(grep -c "listening on" "$dir/hq.log" 2>/dev/null || true)
  "$hq" serve --config "$dir/hq.toml" >>"$dir/hq.log" 2>&1 &
  hq_pid=$!
  if [[ -z $hq_old ]]; then pids+=("$hq_pid"); else replace_pid "$hq_old" "$hq_pid"; fi
  wait_for "kiosk-hq" "$hq_pid" 10 hq_listening "${before:-0}"
  hq_listen=$(sed -n 's/.*listening on //p' "$dir/hq.log" | tail -1)
  hq_url="http://$hq_listen"
  [[ -n $hq_old ]] || say "== HQ is listening on $hq_url"
  [[ -n $hq_old ]] || say "== HQ's dashboard: $hq_url/dashboard/  (sign in as $dashboard_user, password $dashboard_password):" \
    "open it now to watch the morning arrive, live"
}

# A person for HQ's dashboard, a supervisor (the demo's customers are made up, so they may
# be seen): a fresh password each demo, given to `kiosk-hq user add` on its standard input.
dashboard_user=demo dashboard_password=""
add_dashboard_user() {
  dashboard_password=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$dashboard_password" |
    "$hq" user add --db "$hq_db" --name "$dashboard_user" --role supervisor >>"$dir/hq.log" 2>&1 ||
    die "could not add the dashboard's demo user (see $dir/hq.log)"
}

hq_listening() { (($(grep -c "listening on" "$dir/hq.log" 2>/dev/null || true) > $1)); }

replace_pid() {
  local i
  for i in "${!pids[@]}"; do if [[ ${pids[i]} == "$1" ]]; then pids[i]=$2; fi; done
}

# HQ goes away (SIGTERM; to the kiosk a crash looks the same: no answer); hq_up brings it back.
stop_hq() {
  hq_old=$hq_pid
  alive "$hq_pid" || return 0
  kill -TERM "$hq_pid" 2>/dev/null || true
  for _ in $(seq 50); do alive "$hq_pid" || break; sleep 0.1; done
  wait "$hq_pid" 2>/dev/null || true
}

hq_up() {
  alive "$hq_pid" && return 0
  hq_old=$hq_pid
  start_hq
  say "$(date +%T)  HQ is back on $hq_url: the kiosk sends what waited in its outbox"
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
window = "$kiosk_size"
software_renderer = ${sw:-false}
[display]
window = "$board_size"
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
  place_window "Lobby board" 0
  say "== The lobby board is open (window \"Lobby board\"${half:+, on the left})"
}

# The kiosk sends its outbox to HQ itself, from a background thread ([hq] in kiosk.toml).
start_kiosk() {
  "$kiosk" run --config "$dir/kiosk.toml" >"$dir/kiosk.log" 2>&1 &
  pids+=($!)
  wait_for "The kiosk" "$!" 30 logged "$dir/kiosk.log" "event=first_frame"
  place_window "Lobby Kiosk" "${half:-0}"
  say "== The kiosk's touch screen is open (window \"Lobby Kiosk\"${half:+, on the right, beside the board})"
}

# --- the morning ---------------------------------------------------------------------------

# play FILE SEND: the file's events one at a time, stamped with the time each is played (so it
# is "today" on the board and at HQ). Each goes through the real check-in transaction
# (`kiosk replay --db`; with the kiosk running, it reads what was recorded meanwhile before its
# next check-in). SEND=1: then the outbox is sent to HQ from here (before the kiosk runs);
# SEND=0: the kiosk's own sync thread sends it.
play() {
  local file=$1 send=$2 line now answer status decision id
  while IFS= read -r line; do
    [[ -n $line ]] || continue
    now=$(date +%FT%T)
    line=$(sed -E "s/\"t\": *\"[^\"]*\"/\"t\": \"$now\"/" <<<"$line")
    status=0
    answer=$("$kiosk" replay --db "$db" <<<"$line") || status=$?
    ((status < 2)) || die "kiosk replay could not record the event: $answer"
    id=$(field id "$line")
    if [[ $(field ev "$line") == arrive ]]; then
      label_of[$id]="$(ticket_of "$id") $(field surname "$line")$(field title "$line")"
      phone_of[$id]=$(field phone "$line")
    fi
    printf '%s  %s\n' "${now#*T}" "$(describe_event "$line")"
    while IFS= read -r decision; do
      if [[ -n $decision ]]; then say "           -> $(describe_decision "$decision")"; fi
    done <<<"$answer"
    if ((send)); then
      "$kiosk" sync --db "$db" --hq "$hq_url" --token "$token" --once >>"$dir/sync.log" 2>&1 ||
        say "           (HQ did not take it yet; it stays in the outbox)"
    fi
    if [[ -n $robot_url ]]; then
      "$kiosk" notify --config "$dir/kiosk.toml" --drain --deadline 5 >>"$dir/notify.log" 2>&1 ||
        say "           (the managers' notice is not sent yet; see $dir/notify.log)"
    fi
    if [[ $(field ev "$line") == arrive ]]; then say "           check-ins at HQ: $(hq_checkins)"; fi
    sleep "$pace"
  done <"$file"
}

play_morning() {
  say "== A morning at the branch (assets/demo/morning.jsonl, one event every ${pace}s);"
  say "   watch the board. The touch screen opens when the morning is over."
  play "$repo/assets/demo/morning.jsonl" 1
  say
  "$kiosk" report --db "$db" --day "$(date +%F)"
  say
  snap morning
}

# HQ goes down while the kiosk runs: check-ins go on (assets/demo/offline.jsonl), the kiosk's
# sync thread fails and waits in its outbox, and once HQ is back it sends them, each once.
offline_stretch() {
  local want
  say "== HQ goes offline (the demo stops it): the branch works on without it"
  stop_hq
  play "$repo/assets/demo/offline.jsonl" 0
  for _ in $(seq 150); do logged "$dir/kiosk.log" "event=sync_failed" && break; sleep 0.1; done
  say "           the kiosk: $(sed -n 's/.*event=sync_failed cause=\(.*\) retry_in_ms=\([0-9]*\).*/cannot reach HQ (\1); it tries again in \2 ms/p' "$dir/kiosk.log" | tail -1)"
  say "           waiting in the kiosk's outbox: $(outbox_size) items"
  snap offline
  hq_up
  want=$(($(grep -c '"ev": "arrive"' "$repo/assets/demo/morning.jsonl") + $(grep -c '"ev": "arrive"' "$repo/assets/demo/offline.jsonl")))
  for _ in $(seq 600); do [[ $(outbox_size) == 0 && $(hq_checkins) -ge $want ]] && break; sleep 0.1; done
  say "$(date +%T)  the kiosk caught up: outbox $(outbox_size), check-ins at HQ $(hq_checkins), $(hq_unique) distinct (each once)"
  snap caught-up
}

outbox_size() { sqlite3 -readonly "$db" "SELECT count(*) FROM outbox" 2>/dev/null || echo "?"; }

# A visit's ticket, as the board shows it (A011); its id when it cannot be read.
ticket_of() { sqlite3 -readonly "$db" "SELECT ticket FROM visits WHERE id = '$1'" 2>/dev/null || echo "$1"; }

# The value of "key": "text" in a JSON line (enough for the demo's flat events).
field() { if [[ $2 =~ \"$1\":\ *\"([^\"]*)\" ]]; then printf '%s' "${BASH_REMATCH[1]}"; fi; }

# Names and tickets as the board says them: 王丽, A011 吴女士.
person() { printf '%s' "${name_of[$1]:-$1}"; }
visit() { printf '%s' "${label_of[$1]:-$1}"; }

describe_event() {
  local e=$1 extra="" m order="" v
  m=$(person "$(field m "$e")")
  case $(field ev "$e") in
    roster)
      for v in $(grep -oE '"[A-Z][0-9]+"' <<<"$e" | tr -d '"'); do order+=" $(person "$v")"; done
      echo "turn order:$order" ;;
    clock_in) echo "$m clocks in" ;;
    absent) echo "$m goes away ($(field reason "$e" | tr _ ' '))" ;;
    status) echo "$m is back" ;;
    busy_policy) echo "$m chooses the busy policy \"$(field policy "$e")\"" ;;
    finish) echo "$(visit "$(field id "$e")") leaves: the reception is over" ;;
    reassign) echo "the supervisor gives $(visit "$(field id "$e")") to $(person "$(field to "$e")")" ;;
    arrive)
      [[ -n $(field request "$e") ]] && extra=", asks for $(person "$(field request "$e")")"
      [[ $e == *phone_enquiry* ]] && extra+=" (spoke to them by phone)"
      if [[ -n $(field referrer "$e") ]]; then
        for v in "${!phone_of[@]}"; do
          [[ ${phone_of[$v]} == "$(field referrer "$e")" ]] && extra=", referred by $(visit "$v")" && break
        done
      fi
      echo "$(visit "$(field id "$e")") checks in$extra" ;;
    *) echo "$e" ;;
  esac
}

describe_decision() {
  local d=$1 who server owner
  [[ $d == *'"queued":true'* ]] && { echo "$(visit "$(field id "$d")") waits in the queue"; return; }
  [[ $d == *'"error"'* ]] && { echo "refused: $d"; return; }
  who=$(visit "$(field id "$d")") server=$(field server "$d") owner=$(field owner "$d")
  if [[ -z $server ]]; then
    echo "$who is now $(person "$owner")'s customer and waits for them ($(field kind "$d"))"
  elif [[ $server == "$owner" ]]; then
    echo "$(person "$server") receives $who ($(field kind "$d"))"
  else
    echo "$(person "$server") receives $who for $(person "$owner") ($(field kind "$d"))"
  fi
}

hq_checkins() { "$hq" export --db "$hq_db" 2>/dev/null | grep -c '"kind":"checkin"' || true; }
hq_unique() { "$hq" export --db "$hq_db" 2>/dev/null | grep '"kind":"checkin"' | grep -o '"uuid":"[^"]*"' | sort -u | wc -l; }

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
   HQ's dashboard   $hq_url/dashboard/  sign in as $dashboard_user, password $dashboard_password
                    (the branch demo-branch: its board, check-ins with their reasons, fairness)
   logs             $dir/kiosk.log  display.log  hq.log  sync.log  printer.log  notify.log
   printer          ${printer_device:-none}: each ticket printed at the kiosk appears in printer.log
   voice            the board calls each assigned ticket after the chime (silent without an audio
                    device); try a name: $kiosk announce --config $dir/kiosk.toml --ticket A001 --manager M01 --wav /tmp/call.wav
   notices          the managers' WeCom notices print here (---- wecom robot), from a fake robot
$(where_to_look)
   HQ offline:      kill HQ (pid $hq_pid) or: ${DEMO_DIR:+DEMO_DIR=$dir }$0 hq-down; back: ${DEMO_DIR:+DEMO_DIR=$dir }$0 hq-up.
                    The demo and the kiosk go on; check-ins wait in the kiosk's outbox and reach HQ once.
   Staff console: hold the welcome screen's top-left corner for 2 s; PINs 1011, 1022, ... 1066
   for M01 ... M06, 9999 for the supervisor S01.

   What HQ holds:   $hq export --db '$hq_db' | grep -c '"kind":"checkin"'
                    $hq export --db '$hq_db' | tail -1
                    curl -s $hq_url/metrics
   The day so far:  $kiosk report --db $db --day $(date +%F)

== Ready. Stop with Ctrl-C, or from another terminal: ${DEMO_DIR:+DEMO_DIR=$dir }$0 stop
EOF
}

# Where the windows are, and honestly what can be seen of them.
where_to_look() {
  if [[ -z $headless ]]; then
    cat <<EOF
   windows          "Lobby board" (the lobby's screen)${half:+ on the left}, "Lobby Kiosk" (the customer's
                    touch screen)${half:+ on the right}. Check in on the touch screen: the board changes at
                    once, HQ has it within seconds, and this terminal says so in the board's words.
EOF
    return
  fi
  cat <<EOF
   windows          drawn on the X server $DISPLAY (Xvfb), which no monitor shows: the board on the
                    left, the touch screen on the right. To see them:
                      $dir/screens/morning.png, offline.png, caught-up.png (taken as the demo went)
                      $dir/screens/live.png (the whole screen again every 5 s; open it in an image viewer)
EOF
  if command -v x11vnc >/dev/null; then
    echo "                      live: x11vnc -display $DISPLAY -localhost -viewonly, then a VNC viewer on 127.0.0.1:5900"
  else
    echo "                      (no VNC server is installed, so there is no live view; x11vnc would give one)"
  fi
  echo "                    Nobody can touch this screen: the check-ins here are the demo's own."
}

# While the demo runs: the touch screen's check-ins in the board's words, the kiosk's outbox
# while HQ is away, and (Xvfb) a fresh screenshot every 5 s.
last_visit=0 last_decision=0 last_outbox=""
report_kiosk() {
  local row seq ticket name kind owner server n
  while IFS='|' read -r seq ticket name; do
    [[ -n $seq ]] || continue
    last_visit=$seq
    say "$(date +%T)  $ticket $name checks in at the touch screen"
  done < <(sqlite3 -readonly "$db" "SELECT rowid, ticket, surname || title FROM visits WHERE rowid > $last_visit ORDER BY rowid" 2>/dev/null)
  while IFS='|' read -r seq ticket name kind owner server; do
    [[ -n $seq ]] || continue
    last_decision=$seq
    if [[ -z $server ]]; then say "           -> $ticket $name is now $(person "$owner")'s customer ($kind)"
    elif [[ $server == "$owner" ]]; then say "           -> $(person "$server") receives $ticket $name ($kind)"
    else say "           -> $(person "$server") receives $ticket $name for $(person "$owner") ($kind)"; fi
  done < <(sqlite3 -readonly "$db" "SELECT d.seq, v.ticket, v.surname || v.title, d.kind, d.owner, coalesce(d.server, '') FROM decisions d JOIN visits v ON v.id = d.visit WHERE d.seq > $last_decision ORDER BY d.seq" 2>/dev/null)
  n=$(outbox_size)
  if [[ $n != "$last_outbox" ]]; then
    if [[ $n != 0 ]] && ! alive "$hq_pid"; then say "$(date +%T)  HQ is down: $n items wait in the kiosk's outbox"
    elif [[ $n == 0 && -n $last_outbox && $last_outbox != 0 ]]; then say "$(date +%T)  the kiosk's outbox is empty: HQ holds $(hq_checkins) check-ins, $(hq_unique) distinct"; fi
    last_outbox=$n
  fi
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
  stop_postgres
  if ((status == 0)); then say "== Demo stopped; its folder stays: $dir"; fi
}

# Watch until asked to stop, or until the board or the kiosk ends by itself (say, a window
# was closed): then stop the others; one that failed makes the exit status 1. HQ may go and
# come back (killed, or hq-down / hq-up): the branch works on without it.
wait_until_stopped() {
  local status p tick=0 hq_said=""
  last_visit=$(sqlite3 -readonly "$db" "SELECT coalesce(max(rowid), 0) FROM visits" 2>/dev/null || echo 0)
  last_decision=$(sqlite3 -readonly "$db" "SELECT coalesce(max(seq), 0) FROM decisions" 2>/dev/null || echo 0)
  while :; do
    case $hq_wanted in
      down) hq_wanted=""; stop_hq; say "$(date +%T)  HQ stopped (deploy/demo.sh hq-down)"; hq_said=1 ;;
      up) hq_wanted=""; hq_up; hq_said="" ;;
    esac
    for p in "${pids[@]}"; do
      [[ $p != "$hq_pid" ]] || continue
      alive "$p" && continue
      status=0
      wait "$p" 2>/dev/null || status=$?
      say "demo: pid $p ended (status $status); stopping the demo"
      ((status == 0)) || exit 1
      return 0
    done
    if ! alive "$hq_pid" && [[ -z $hq_said ]]; then
      wait "$hq_pid" 2>/dev/null || true
      say "$(date +%T)  HQ (pid $hq_pid) is gone. The demo goes on: the kiosk keeps every check-in in its outbox."
      say "           Bring HQ back with: ${DEMO_DIR:+DEMO_DIR=$dir }$0 hq-up"
      hq_said=1
    fi
    alive "$hq_pid" && hq_said=""
    report_kiosk
    if ((tick++ % 5 == 0)); then snap live quiet; fi
    sleep 1
  done
}

# `deploy/demo.sh hq-down` / `hq-up`: asks the running demo to stop or restart HQ.
signal_demo() {
  local pid
  pid=$(cat "$dir/demo.pid" 2>/dev/null) || die "no demo is running in $dir"
  grep -q demo.sh "/proc/$pid/cmdline" 2>/dev/null || die "no demo is running in $dir (stale $dir/demo.pid)"
  kill "-$1" "$pid"
  say "demo: asked the demo (pid $pid) to $2; it says so in its terminal"
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
  trap 'hq_wanted=up' USR1
  trap 'hq_wanted=down' USR2
  open_display
  plan_windows
  seed_roster
  [[ ${DEMO_HQ:-sqlite} != postgres ]] || start_postgres
  start_hq
  start_printer
  start_robot
  write_kiosk_config
  start_display
  play_morning
  show_devices
  start_kiosk
  snap kiosk-open
  offline_stretch
  print_guide
  wait_until_stopped
}

case ${1:-start} in
  start) start ;;
  stop) stop_running_demo ;;
  hq-down) signal_demo USR2 "stop HQ" ;;
  hq-up) signal_demo USR1 "start HQ again" ;;
  -h | --help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command \"$1\"; use: deploy/demo.sh [start|stop|hq-down|hq-up]" ;;
esac
