#!/usr/bin/env bash
# `kiosk run` with [notify] sends the managers' notices by itself: the real window (under
# xvfb-run), a fake WeCom robot on 127.0.0.1, and check-ins committed by another process
# (`kiosk replay --db`), which the kiosk's sender thread finds on its own. Also checks that
# the robot saw each ticket once, and that the kiosk stops cleanly with the thread running.
# Usage: notify_run.sh KIOSK_BIN FAKE_ROBOT_BIN ASSETS_DIR   (under xvfb-run)
set -euo pipefail
kiosk=$1 robot=$2 assets=$3
work=$(mktemp -d /tmp/kiosk-notify-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; [[ -n ${KEEP_WORK:-} ]] || rm -rf "$work"' EXIT
db=$work/kiosk.db

"$robot" --channel wecom --key K --quiet --address-file "$work/robot.address" >/dev/null &
for _ in $(seq 100); do [[ -s $work/robot.address ]] && break; sleep 0.05; done
robot_url="http://$(cat "$work/robot.address")"
# GET PATH from the robot with bash alone (no curl on a minimal machine).
robot_get() {
  local address port
  address=$(cat "$work/robot.address")
  port=${address##*:}
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&3
  sed '1,/^\r$/d' <&3
  exec 3<&-
}

"$kiosk" roster add --db "$db" --id M01 --name 王丽 --surname 王 --mobile 13912345678 >/dev/null
"$kiosk" roster add --db "$db" --id M02 --name 李强 --surname 李 >/dev/null
"$kiosk" roster order --db "$db" M01 M02 >/dev/null
cat >"$work/kiosk.toml" <<TOML
database = "$db"
assets = "$assets"
[kiosk]
window = "1024x768"
software_renderer = true
[notify]
channel = "wecom"
url = "$robot_url/cgi-bin/webhook/send?key=K"
language = "en"
TOML

"$kiosk" run --config "$work/kiosk.toml" 2>"$work/kiosk.log" &
kiosk_pid=$!
for _ in $(seq 200); do grep -q event=first_frame "$work/kiosk.log" && break; sleep 0.05; done
grep -q event=first_frame "$work/kiosk.log" || { cat "$work/kiosk.log"; echo "the kiosk did not start"; exit 1; }

now=$(date +%FT%T)
for m in M01 M02; do echo "{\"ev\":\"clock_in\",\"t\":\"$now\",\"m\":\"$m\"}"; done >"$work/events.jsonl"
for i in 1 2 3; do echo "{\"ev\":\"arrive\",\"t\":\"$now\",\"id\":\"c$i\",\"surname\":\"张\",\"title\":\"先生\"}"; done \
  >>"$work/events.jsonl"
"$kiosk" replay --db "$db" "$work/events.jsonl" >/dev/null || true  # c3 waits: nobody is free

received=""
for _ in $(seq 150); do  # the thread looks every 5 s for what other programs recorded
  received=$(robot_get /received)
  [[ $received == *A002* ]] && break
  sleep 0.1
done
[[ $received == *A001* && $received == *A002* ]] || { echo "the robot got: $received"; cat "$work/kiosk.log"; exit 1; }
[[ $received == *13912345678* ]] || { echo "M01 was not @-mentioned: $received"; exit 1; }
[[ $(grep -o 'A00[0-9]' <<<"$received" | sort | uniq -d) == "" ]] || { echo "a ticket twice: $received"; exit 1; }
[[ $received != *A003* ]] || { echo "A003 waits for anyone: nobody is told yet: $received"; exit 1; }
# The kiosk marks them sent once the robot's answer is in: give it a moment after the robot has them.
pending=""
for _ in $(seq 50); do
  pending=$(sqlite3 "$db" "SELECT group_concat(visit || ' ' || kind, ', ') FROM notices WHERE status = 'pending'")
  [[ -z $pending ]] && break
  sleep 0.1
done
[[ -z $pending ]] || { echo "still pending after the robot got them: $pending"; cat "$work/kiosk.log"; exit 1; }
grep -q "event=notify_sent" "$work/kiosk.log" || { echo "no event=notify_sent in the kiosk's log"; exit 1; }

kill -TERM "$kiosk_pid"
status=0
wait "$kiosk_pid" || status=$?
[[ $status == 0 ]] || { echo "the kiosk ended with status $status on SIGTERM"; tail "$work/kiosk.log"; exit 1; }
echo "kiosk run sent the notices by itself: $(grep -c 'A00' <<<"$received") ticket line(s)"
