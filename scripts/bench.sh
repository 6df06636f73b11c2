#!/usr/bin/env bash
# `make bench`: on SQLite and on PostgreSQL, seeds 1,000,000 users (250,000 clients), then
# measures the Manage Users and Manage Clients list functions, the public API's and SCIM's
# searches over HTTP (bench/), the users CSV export, a CSV import, and the
# keystroke-to-rows time in Chromium (end2end/bench/); also the server's idle memory and the
# page's download size.
# Writes everything to BENCHMARKS.md.
# BENCH_SQLITE_DB (a file) and BENCH_PG_URL: measure databases seeded earlier instead (no
# seeding, nothing dropped; their seed times are then not measured).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg-env.sh
USERS=${BENCH_USERS:-1000000}
CLIENTS=${BENCH_CLIENTS:-250000}
REQUESTS=${BENCH_REQUESTS:-300}
LIVE_SUBSCRIBERS=${BENCH_LIVE_SUBSCRIBERS:-500}
LOAD_SESSIONS=${BENCH_LOAD_SESSIONS:-16}
LOAD_SECONDS=${BENCH_LOAD_SECONDS:-60}
IMPORT_ROWS=${BENCH_IMPORT_ROWS:-100000}
make -s site-release server-release setup-e2e
cargo build --release -p bench
bin=target/release/server
work=$(mktemp -d /tmp/roster-bench.XXXXXX)
server_pid=
pg_db="roster_bench_$$"
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  [ -n "${BENCH_PG_URL:-}" ] || psql "$ROSTER_TEST_PG_URL" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
  roster_pg_stop
}
trap cleanup EXIT
roster_pg_env
export ROSTER_DATA_DIR=$work RUST_LOG=warn

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port

serve() {
  # The API's per-token limit is still counted on every request, just never reached here.
  ROSTER_DATABASE_URL=$1 ROSTER_ADDR=127.0.0.1:$port ROSTER_API_PER_MINUTE=100000000 $bin serve &
  server_pid=$!
  for _ in $(seq 150); do curl -sf "$url/healthz" >/dev/null && return; sleep 0.2; done
  echo "the server did not start" >&2
  exit 1
}

stop() {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

seconds() { local t0; t0=$(date +%s%N); "$@" >/dev/null; echo $(( ($(date +%s%N) - t0) / 1000000000 )); }

# One engine: seed, serve, measure. $1 name, $2 database URL.
measure() {
  local name=$1 db=$2
  echo "== $name: seeding $USERS users / $CLIENTS clients"
  if [ "${3:-}" != reuse ]; then
    local s
    s=$(seconds env ROSTER_DATABASE_URL="$db" $bin seed --users "$USERS" --clients "$CLIENTS")
    echo "| seed $USERS users + $CLIENTS clients, $name | ${s} s |" >>"$work/seed.md"
  fi
  serve "$db"
  if [ "$name" = SQLite ]; then
    # Idle memory: after start-up and one page.
    curl -sf "$url/admin/login" >/dev/null
    sleep 2
    awk '/RssAnon/ {printf "| server memory at idle (anonymous RSS, seeded SQLite) | %.1f MB |\n", $2/1024}' \
      "/proc/$server_pid/status" >>"$work/seed.md"
  fi
  echo "== $name: list function over HTTP"
  { echo; echo "### $name"; echo; ROSTER_DATABASE_URL=$db target/release/bench --url "$url" --requests "$REQUESTS"; } >>"$work/list.md"
  echo "== $name: users CSV export"
  ROSTER_DATABASE_URL=$db target/release/bench --url "$url" --server-pid "$server_pid" --export |
    sed "s/^/| $name /" >>"$work/export.md"
  echo "== $name: keystroke to rows in Chromium"
  (cd end2end && ROSTER_E2E_URL=$url ROSTER_E2E_DB=$db ROSTER_E2E_DATA=$work \
    ROSTER_E2E_BIN=$PWD/../$bin ROSTER_BENCH_ENGINE=$name ROSTER_BENCH_OUT=$work/typing.md \
    npx playwright test -c bench.config.ts)
  echo "== $name: live updates, $LIVE_SUBSCRIBERS subscribers"
  ROSTER_DATABASE_URL=$db target/release/bench --url "$url" --server-pid "$server_pid" \
    --live-subscribers "$LIVE_SUBSCRIBERS" | sed "s/^/| $name /" >>"$work/live.md"
  echo "== $name: load, $LOAD_SESSIONS staff sessions for $LOAD_SECONDS s"
  ROSTER_DATABASE_URL=$db target/release/bench --url "$url" --server-pid "$server_pid" \
    --load-sessions "$LOAD_SESSIONS" --load-seconds "$LOAD_SECONDS" | sed "s/^/| $name | /" >>"$work/load.md"
  stop
  echo "== $name: CSV import of $IMPORT_ROWS users"
  local importer="bench-import-$RANDOM@roster.test" out
  echo "quiet harbour lanterns 42" | ROSTER_DATABASE_URL=$db $bin staff create --email "$importer" \
    --name "Bench import" --role Administrator --password-stdin >/dev/null
  out=$(ROSTER_DATABASE_URL=$db $bin import --file "$work/import.csv" --staff "$importer" | grep -E "^(imported|[0-9]+ rows)")
  echo "| $name | $IMPORT_ROWS | $(echo "$out" | tr '\n' ' ') |" >>"$work/import.md"
}

# The import file: WHMCS's client export columns; half the users with a bcrypt hash, every
# tenth row refused (a plain-text password), addresses no seeded user has, and national phone
# numbers of seven countries in turn (as a real directory mixes them).
python3 - "$work/import.csv" "$IMPORT_ROWS" <<'PY'
import csv, sys
path, rows = sys.argv[1], int(sys.argv[2])
bcrypt = "$2y$04$nRfZaC7dohwmAiC1yxanh.rlIko3w.huy8KErY4tLMKwJWv9kNbF."
phones = [("US", "415555{:04d}"), ("GB", "07700{:06d}"), ("DE", "0151{:08d}"), ("PL", "5{:08d}"),
          ("FR", "06{:08d}"), ("UA", "050{:07d}"), ("ES", "6{:08d}")]
with open(path, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["ID", "First Name", "Last Name", "Email Address", "Phone Number", "Country", "Status", "Password"])
    for i in range(rows):
        password = "plain" if i % 10 == 9 else (bcrypt if i % 2 else "")
        country, shape = phones[i % len(phones)]
        phone = shape.format(i % 10000 if country == "US" else i)
        w.writerow([i, f"Imported{i}", "Bench", f"imported{i}@bench-import.test", phone, country, "Active", password])
PY

if [ -n "${BENCH_SQLITE_DB:-}" ]; then
  measure SQLite "sqlite://$BENCH_SQLITE_DB?mode=rwc" reuse
  sqlite_mb=$(du -sm "$BENCH_SQLITE_DB" | cut -f1)
else
  measure SQLite "sqlite://$work/bench.db?mode=rwc"
  sqlite_mb=$(du -sm "$work/bench.db" | cut -f1)
fi
if [ -n "${BENCH_PG_URL:-}" ]; then
  measure PostgreSQL "$BENCH_PG_URL" reuse
else
  psql "$ROSTER_TEST_PG_URL" -qc "DROP DATABASE IF EXISTS $pg_db" -c "CREATE DATABASE $pg_db" >/dev/null
  measure PostgreSQL "${ROSTER_TEST_PG_URL%/*}/$pg_db"
fi

wasm=target/site/pkg/roster_bg.wasm
css=target/site/pkg/roster.css
kb() { echo $(( ($1 + 512) / 1024 )); }
raw_wasm=$(kb "$(stat -c %s $wasm)")
gz_wasm=$(kb "$(gzip -9c $wasm | wc -c)")
gz_js=$(kb "$(gzip -9c target/site/pkg/roster.js | wc -c)")
gz_css=$(kb "$(gzip -9c $css | wc -c)")

cat > BENCHMARKS.md <<MD
# Benchmarks

Written by \`make bench\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB).
Release builds; the benchmark client, the server and PostgreSQL share the machine's cores.

| measure | value |
|---|---|
$(cat "$work/seed.md")
| SQLite database file | ${sqlite_mb} MB |
| WASM (wasm-opt -Oz) | ${raw_wasm} KB raw, ${gz_wasm} KB gzip |
| JS glue, gzip | ${gz_js} KB |
| CSS, gzip | ${gz_css} KB |

## Manage Users and Manage Clients list functions over HTTP

$USERS users, $CLIENTS clients ("clients:" cases). Each case: $REQUESTS sequential requests (c=1), then $((REQUESTS * 16 / 10))
requests 16 at a time (c=16), after 20 warm-up requests; a signed-in Administrator's session,
the browser's own request encoding. "matches" is the total the page shows. Targets: p95 <= 15 ms
at c=1, p99 <= 60 ms at c=16.
$(cat "$work/list.md")

## Users CSV export

Manage Users' Export with no filter: every user, the list's columns, downloaded once
(\`GET /admin/export/users.csv\`), from the request to the last byte. Target: $USERS users in
under 15 s on SQLite; the server's memory (anonymous RSS) stays flat while it streams.

| engine | rows | size | time | RSS before | RSS peak | RSS after |
|---|---|---|---|---|---|---|
$(cat "$work/export.md")

## CSV import

\`server import\` of $IMPORT_ROWS users into the seeded database (WHMCS's client export columns; half
with a bcrypt hash; every tenth row refused for a plain-text password): the file read into
import rows, every row checked (the dry run), then imported, through the same services and
jobs as the console's *Import*. Target: 100,000 rows imported in under 30 s.

| engine | rows | verdicts and times |
|---|---|---|
$(cat "$work/import.md")

## Live updates

$LIVE_SUBSCRIBERS consoles subscribed to \`/api/live\` (server-sent events, one staff session) while
staff calls change a different user 100 times a second for 30 s through the server (Unlock).
Latency: from sending the change to a subscriber reading its event; lost: events a connected
subscriber never received (summed over subscribers); memory: the server's anonymous RSS (not
the database file SQLite maps) before the
subscribers connect, with them connected, and after the run.

| engine | subscribers | changes | failed calls | lost events | p50 | p99 | max | RSS idle | RSS connected | RSS after |
|---|---|---|---|---|---|---|---|---|---|---|
$(cat "$work/live.md")

## Load: staff sessions searching and editing at once

$LOAD_SESSIONS staff sessions for $LOAD_SECONDS s, each calling as fast as it can: four in five calls a
Manage Users search (common and rare names, a surname, an email, phone digits, no term), one
in five an edit (load Edit User, save it with a changed last name). Errors: any answer but
success or an edit conflict (409, two sessions editing one user); memory: the server's
anonymous RSS before and after.

| engine | sessions | time | calls | errors | conflicts | p50 | p99 | search p99 | edits | edit p99 | RSS before | RSS after |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
$(cat "$work/load.md")

## Keystroke to rendered rows in Chromium

Typing a term (40 ms between keys) into Manage Users' search box, from the last key's input
event to the last change of the rendered results. A keystroke searches at once unless a search
is loading; then the latest text goes when that answer is in, or after 150 ms at most.

| engine | searches | p50 | p95 | max |
|---|---|---|---|---|
$(cat "$work/typing.md")
MD
cat BENCHMARKS.md
