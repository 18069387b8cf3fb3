#!/usr/bin/env bash
# Sets up, then runs a realistic morning at a demo branch: six managers, their turn order,
# absences, busy managers, returning and referred customers. Every event goes through the
# real check-in transaction into a SQLite database; then the day's dispatch log is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/setup.sh
dir=${DEMO_DIR:-/tmp/lobby-kiosk-demo}
mkdir -p "$dir"
db="$dir/kiosk.db"
rm -f "$db" "$db-wal" "$db-shm"

kiosk=build/kiosk
i=0
for who in "M01 王丽 王 f" "M02 李强 李 m" "M03 张敏 张 f" "M04 刘洋 刘 m" "M05 陈静 陈 f" "M06 杨帆 杨 m"; do
  read -r id name surname gender <<<"$who"
  i=$((i + 1))
  $kiosk roster add --db "$db" --id "$id" --name "$name" --surname "$surname" --gender "$gender" --pin "10$i$i" >/dev/null
done
$kiosk roster add --db "$db" --id S01 --name 赵主管 --surname 赵 --gender m --pin 9999 --supervisor >/dev/null

echo "== Replaying the demo morning (assets/demo/morning.jsonl) into $db"
$kiosk replay assets/demo/morning.jsonl --db "$db"
echo
$kiosk roster list --db "$db"
echo
$kiosk report --db "$db" --day 2026-11-24
echo
echo "Database: $db   (CSV: $kiosk report --db $db --day 2026-11-24 --csv)"
echo "The customer's touch screen on this branch:"
echo "  $kiosk run --db $db --window 1280x800"
echo "  (no display? xvfb-run -a -s '-screen 0 1280x800x24' $kiosk run --db $db --window 1280x800 --software)"
