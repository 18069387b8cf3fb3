#!/usr/bin/env bash
# HQ's ingest figures, medians of several runs on this machine, all in one session so that the
# ratios compare like with like: items/s stored (each acknowledged "stored" by HQ) by
#   - kiosk-hq on SQLite (one server, one file),
#   - kiosk-hq on PostgreSQL, one server,
#   - two kiosk-hq servers on one PostgreSQL database, the kiosks spread across both,
# with KIOSKS kiosk-like clients at once, each sending the outbox items of CHECKINS simulated
# check-ins in batches of BATCH (the kiosk's default), through real HTTP. Each run and setup
# gets a fresh database. PostgreSQL is a throwaway server this script starts itself (initdb
# and pg_ctl in a temporary folder, a unix socket only, as the postgres user when run as root),
# with PostgreSQL's default durability (fsync, synchronous_commit), as SQLite's HQ is FULL.
# Then the read API's p50 and p95 on PostgreSQL (one server) for the overview (every branch), a
# branch's board, a month of a branch's stats per manager and of its trends, and a week's and a
# month's trends of the whole chain, with READ_BRANCHES branches whose
# day was ingested live and whose history (READ_VISITS visits in all, on the days before) is
# written straight into the branch tables with COPY, as years of a chain's data would be; and
# the dashboard's first page load on that data, in headless Chromium (deploy/bench_dashboard.py).
# Usage: deploy/bench-hq.sh [RUNS]   (after deploy/setup.sh and a build)
#   KIOSKS=8 CHECKINS=2000 BATCH=500; KIOSK_HQ=path SYNC_BENCH=path compare another build.
#   READ_VISITS="1000000 10000000" (empty: no read figures) READ_BRANCHES=500 READ_REQUESTS=200
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-${RUNS:-3}}
kiosks=${KIOSKS:-8}
checkins=${CHECKINS:-2000}
batch=${BATCH:-500}
hq=${KIOSK_HQ:-$PWD/build/kiosk-hq}
bench=${SYNC_BENCH:-$PWD/build/sync_bench}
pgbin=/usr/lib/postgresql/15/bin
work=$(mktemp -d /tmp/kiosk-bench-hq-XXXXXX)
chmod 711 "$work"  # the postgres user must reach its folder inside
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
cleanup() {
  local left
  mapfile -t left < <(jobs -p)
  [ ${#left[@]} = 0 ] || kill "${left[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -f "$work/pg/data/postmaster.pid" ] && as_postgres "$pgbin/pg_ctl -D $work/pg/data -m immediate -w stop" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# The throwaway PostgreSQL.
mkdir -p "$work/pg/sock"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$work/pg"
as_postgres "$pgbin/initdb -D $work/pg/data -A trust -U postgres -E UTF8 --locale=C" >/dev/null
as_postgres "$pgbin/pg_ctl -D $work/pg/data -l $work/pg/log -w -o \"-k $work/pg/sock -p 5439 -c listen_addresses=''\" start" >/dev/null
pg_uri() { echo "postgresql:///$1?host=$work/pg/sock&port=5439&user=postgres"; }
createdb() { "$pgbin/psql" -X -q -h "$work/pg/sock" -p 5439 -U postgres -d postgres -c "CREATE DATABASE $1"; }

"$bench" items --checkins "$checkins" >"$work/items.jsonl"
items=$(wc -l <"$work/items.jsonl")

# KIOSKS tokens for database $1, one a line, in $work/tokens.
make_tokens() {
  : >"$work/tokens"
  for k in $(seq -w "$kiosks"); do "$hq" token add --db "$1" --kiosk "branch-$k" | tail -n 1 >>"$work/tokens"; done
}
# Starts a server on database $1 and sets url to it. (No command substitution here or in
# measure: the servers must be this shell's own jobs, for kill and for the trap.)
serve() {
  local log
  log=$(mktemp "$work/serve-XXXX")
  "$hq" serve --db "$1" --listen 127.0.0.1:0 >"$log" 2>"$log.err" &
  for _ in $(seq 200); do grep -q listening "$log" && break; sleep 0.05; done
  grep -q listening "$log" || { echo "kiosk-hq did not start: $(cat "$log.err")" >&2; exit 1; }
  url="http://$(sed -n 's/.*listening on \(.*\)/\1/p' "$log")"
}
# CPU seconds used so far by the given processes.
cpu_of() {
  local hz pid
  hz=$(getconf CLK_TCK)
  for pid in "$@"; do cat "/proc/$pid/stat" 2>/dev/null || true; done |
    awk -v hz="$hz" '{s += $14 + $15} END {printf "%.3f", s / hz}'
}
# PostgreSQL's processes: the postmaster and its children (backends, WAL writer, checkpointer…).
pg_cpu() {
  local pm children
  pm=$(head -n 1 "$work/pg/data/postmaster.pid")
  mapfile -t children < <(pgrep -P "$pm")
  cpu_of "$pm" "${children[@]}"
}
# Idle and total jiffies of the whole machine.
machine_ticks() { awk '/^cpu / {print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
per_1000() { awk -v cpu="$1" -v n="$2" 'BEGIN {printf "%.0f", 1000 * 1000 * cpu / n}'; }
# Ingests into database $1 through $2 servers; sets rate to the items/s and cpu to the CPU ms
# per 1000 items stored of the clients, the kiosk-hq servers and PostgreSQL, as "C/H/P". On a
# machine whose cores are all busy the rate is what the CPU allows, and cpu says who spent it.
measure() {
  make_tokens "$1"
  local urls=() pids=() pg0 pg1
  for _ in $(seq "$2"); do serve "$1"; urls+=(--url "$url"); pids+=($!); done
  pg0=$(pg_cpu)
  local m0 m1
  m0=$(machine_ticks)
  "$bench" ingest --items "$work/items.jsonl" --tokens "$work/tokens" --batch "$batch" "${urls[@]}" >"$work/out" 2>&1 ||
    { echo "ingest failed: $(cat "$work/out")" >&2; exit 1; }
  m1=$(machine_ticks)
  pg1=$(pg_cpu)
  local hq_cpu stored client_cpu
  hq_cpu=$(cpu_of "${pids[@]}")
  kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true
  rate=$(sed -n 's/.*items_per_s=\([0-9]*\).*/\1/p' "$work/out")
  stored=$(sed -n 's/.* stored=\([0-9]*\).*/\1/p' "$work/out")
  client_cpu=$(sed -n 's/.*client_cpu_s=\([0-9.]*\).*/\1/p' "$work/out")
  case "$1" in postgresql*) ;; *) pg0=0 pg1=0 ;; esac
  cpu="$(per_1000 "$client_cpu" "$stored")/$(per_1000 "$hq_cpu" "$stored")/$(per_1000 "$(awk -v a="$pg1" -v b="$pg0" 'BEGIN {print a - b}')" "$stored") idle $(echo "$m0 $m1" | awk '{printf "%.0f%%", 100 * ($3 - $1) / ($4 - $2)}')"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

sq=() pg1=() pg2=() r1=() r2=() c_sq=() c_pg1=() c_pg2=()
for run in $(seq "$runs"); do
  measure "$work/hq-$run.db" 1; a=$rate c_sq+=("$cpu")
  createdb "pg1_$run"; measure "$(pg_uri "pg1_$run")" 1; b=$rate c_pg1+=("$cpu")
  createdb "pg2_$run"; measure "$(pg_uri "pg2_$run")" 2; c=$rate c_pg2+=("$cpu")
  sq+=("$a") pg1+=("$b") pg2+=("$c") r1+=("$(ratio "$b" "$a")") r2+=("$(ratio "$c" "$b")")
done
echo "HQ ingest: $kiosks kiosks at once, each $items items (of $checkins check-ins) in batches of $batch; medians of $runs runs"
echo "  SQLite, one server:          $(printf '%s\n' "${sq[@]}" | median) items/s (${sq[*]})"
echo "  PostgreSQL, one server:      $(printf '%s\n' "${pg1[@]}" | median) items/s (${pg1[*]})"
echo "  PostgreSQL, two servers:     $(printf '%s\n' "${pg2[@]}" | median) items/s (${pg2[*]})"
echo "  CPU ms per 1000 items, clients/kiosk-hq/PostgreSQL, each run:"
echo "    SQLite:                  $(IFS=,; echo "${c_sq[*]}")"
echo "    PostgreSQL, one server:  $(IFS=,; echo "${c_pg1[*]}")"
echo "    PostgreSQL, two servers: $(IFS=,; echo "${c_pg2[*]}")"
echo "  (machine-wide idle CPU during each ingest shown as idle N%; clients, servers and database share $(nproc) cores)"
echo "  PG1/SQLite: $(printf '%s\n' "${r1[@]}" | median) (${r1[*]}); PG2/PG1: $(printf '%s\n' "${r2[@]}" | median) (${r2[*]}), each ratio within one run"
goal=$(printf '%s\n' "${pg1[@]}" | median)
awk -v x="$goal" 'BEGIN {exit !(x >= 10000)}' && met=met || met="NOT met"
echo "  goal: at least 10000 items/s into PostgreSQL with one server: $met"

# The read API on histories of each size in READ_VISITS.
read_branches=${READ_BRANCHES:-500}
read_requests=${READ_REQUESTS:-200}
psql_to() { "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h "$work/pg/sock" -p 5439 -U postgres -d "$1" "${@:2}"; }
"$bench" items --checkins 60 >"$work/day.jsonl"
day=$(grep -o '"t":"[0-9-]*T' "$work/day.jsonl" | head -n 1 | cut -c6-15)
month_ago=$(date -u -d "$day - 30 days" +%Y-%m-%d)
for visits in ${READ_VISITS-1000000 10000000}; do
  db="reads_$visits"
  createdb "$db"
  kiosks=$read_branches make_tokens "$(pg_uri "$db")"
  serve "$(pg_uri "$db")"; pid=$!
  t0=$(date +%s)
  "$bench" ingest --items "$work/day.jsonl" --tokens "$work/tokens" --batch "$batch" --url "$url" >"$work/out" 2>&1 ||
    { echo "ingest of the day failed: $(cat "$work/out")" >&2; exit 1; }
  t1=$(date +%s)
  "$bench" history --branches "$read_branches" --visits "$visits" --until "$day" --table visits |
    psql_to "$db" -c "COPY branch_visits FROM STDIN (FORMAT csv)"
  "$bench" history --branches "$read_branches" --visits "$visits" --until "$day" --table dispatch |
    psql_to "$db" -c "COPY branch_dispatch FROM STDIN (FORMAT csv)"
  psql_to "$db" -c "VACUUM ANALYZE"
  t2=$(date +%s)
  key=$("$hq" apikey add --db "$(pg_uri "$db")" --name bench --role supervisor | tail -n 1)
  stored=$(psql_to "$db" -At -c "SELECT count(*) FROM branch_visits")
  echo "HQ reads, PostgreSQL, one server: $read_branches branches, $stored visits (each branch's day ingested live in $((t1 - t0)) s, the history copied in $((t2 - t1)) s)"
  "$bench" reads --url "$url" --key "$key" --branches "$read_branches" --requests "$read_requests" \
    --path /v1/branches --path '/v1/branches/{branch}/board' \
    --path "/v1/branches/{branch}/stats?from=$month_ago&to=$day&by=manager" \
    --path "/v1/branches/{branch}/trends?from=$month_ago&to=$day" |
    sed 's/^/  /'
  # The whole chain's trends add up every branch's visits of the period: fewer requests.
  "$bench" reads --url "$url" --key "$key" --branches "$read_branches" --requests "$(( (read_requests + 9) / 10 ))" \
    --path "/v1/trends?from=$(date -u -d "$day - 6 days" +%Y-%m-%d)&to=$day" --path "/v1/trends?from=$month_ago&to=$day" |
    sed 's/^/  /'
  # The dashboard's first page load, in headless Chromium, on the same data.
  echo 'a bench passphrase' | "$hq" user add --db "$(pg_uri "$db")" --name bench --role supervisor >/dev/null
  /usr/bin/python3 deploy/bench_dashboard.py "$url" bench 'a bench passphrase' "$read_branches" 5 | sed 's/^/  /'
  kill "$pid"; wait "$pid" 2>/dev/null || true
  psql_to postgres -c "DROP DATABASE $db"
done
