#!/usr/bin/env bash
# The designers of deploy/examples/renovation-studio.toml and each level's turn order, in the
# kiosk database DB (created if missing). PINs open the staff console: D01 1101, D02 1102, ...
# the supervisor S01 9999. A level's turn order is one line's roster: kiosk roster order --line.
#
# Usage: deploy/examples/renovation-studio-roster.sh DB [KIOSK]   (KIOSK: default build/kiosk)
set -euo pipefail
db=${1:?usage: $0 DB [KIOSK]}
repo=$(cd "$(dirname "$0")/../.." && pwd)
kiosk=${2:-$repo/build/kiosk}

i=0
for who in "D01 周婷 周 f zhou1 ting2" "D02 吴磊 吴 m wu2 lei3" "D03 郑洁 郑 f zheng4 jie2" \
           "D04 孙浩 孙 m sun1 hao4" "D05 马琳 马 f ma3 lin2" \
           "D06 胡斌 胡 m hu2 bin1" "D07 林芳 林 f lin2 fang1" \
           "D08 何建国 何 m he2 jian4 guo2"; do
  read -r id name surname gender pinyin <<<"$who"
  i=$((i + 1))
  "$kiosk" roster add --db "$db" --id "$id" --name "$name" --surname "$surname" --gender "$gender" \
    --pinyin "$pinyin" --pin "110$i" >/dev/null
done
"$kiosk" roster add --db "$db" --id S01 --name 赵主管 --surname 赵 --gender m --pin 9999 --supervisor >/dev/null

# Each level its own rotation; the director also takes turns at the deputy level.
"$kiosk" roster order --db "$db" --line standard D01 D02 D03
"$kiosk" roster order --db "$db" --line senior D04 D05
"$kiosk" roster order --db "$db" --line deputy D06 D07 D08
"$kiosk" roster order --db "$db" --line director D08
