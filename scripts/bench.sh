#!/usr/bin/env bash
# `make bench`: seeding time for 1,000,000 users on SQLite and PostgreSQL, the server's memory
# at idle, and the browser bundle's size. Writes the figures to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg-env.sh
USERS=${BENCH_USERS:-1000000}
CLIENTS=${BENCH_CLIENTS:-250000}
make -s site-release server-release
bin=target/release/server
work=$(mktemp -d /tmp/roster-bench.XXXXXX)
trap 'rm -rf "$work"; roster_pg_stop' EXIT
roster_pg_env
export ROSTER_DATA_DIR=$work RUST_LOG=warn

seconds() { local t0; t0=$(date +%s%N); "$@" >/dev/null; echo $(( ($(date +%s%N) - t0) / 1000000000 )); }

echo "seeding $USERS users / $CLIENTS clients on SQLite"
sqlite_s=$(seconds env ROSTER_DATABASE_URL="sqlite://$work/bench.db?mode=rwc" $bin seed --users "$USERS" --clients "$CLIENTS")
sqlite_mb=$(du -sm "$work" | cut -f1)

pg_db="roster_bench_$$"
pg_base=${ROSTER_TEST_PG_URL%/*}
psql "$ROSTER_TEST_PG_URL" -qc "DROP DATABASE IF EXISTS $pg_db" -c "CREATE DATABASE $pg_db" >/dev/null
echo "seeding $USERS users / $CLIENTS clients on PostgreSQL"
pg_s=$(seconds env ROSTER_DATABASE_URL="$pg_base/$pg_db" $bin seed --users "$USERS" --clients "$CLIENTS")
psql "$ROSTER_TEST_PG_URL" -qc "DROP DATABASE $pg_db WITH (FORCE)" >/dev/null

# Idle memory: a server on the seeded SQLite database, after start-up and one page.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ROSTER_DATABASE_URL="sqlite://$work/bench.db?mode=rwc" ROSTER_ADDR=127.0.0.1:$port $bin serve &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/admin/login" >/dev/null
sleep 2
rss_mb=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$pid/status)
kill $pid; wait $pid 2>/dev/null || true

wasm=target/site/pkg/roster_bg.wasm
raw_kb=$(( $(stat -c %s $wasm) / 1024 ))
gz_kb=$(( $(gzip -9c $wasm | wc -c) / 1024 ))
js_kb=$(( $(stat -c %s target/site/pkg/roster.js) / 1024 ))

cat > BENCHMARKS.md <<MD
# Benchmarks

Written by \`make bench\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB).

| measure | value |
|---|---|
| seed $USERS users + $CLIENTS clients, SQLite | ${sqlite_s} s (database ${sqlite_mb} MB) |
| seed $USERS users + $CLIENTS clients, PostgreSQL | ${pg_s} s |
| server memory at idle (RSS, seeded SQLite) | ${rss_mb} MB |
| WASM bundle (release, wasm-opt -Oz) | ${raw_kb} KB raw, ${gz_kb} KB gzip |
| JS glue | ${js_kb} KB |
MD
cat BENCHMARKS.md
