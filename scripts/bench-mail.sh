#!/usr/bin/env bash
# `make bench-mail` (also the last step of `make bench`): on SQLite and on PostgreSQL, a fresh
# database, the release server sending through a local SMTP server (end2end/smtp/server.py,
# aiosmtpd) and BENCH_MAIL_MESSAGES messages (10,000) queued at once; writes the section
# "Mail delivery" of BENCHMARKS.md (replacing an earlier one).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg-env.sh
MESSAGES=${BENCH_MAIL_MESSAGES:-10000}
make -s server-release setup-e2e
cargo build --release -p bench
work=$(mktemp -d /tmp/roster-bench-mail.XXXXXX)
server_pid= smtp_pid=
pg_db="roster_bench_mail_$$"
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  [ -n "$smtp_pid" ] && kill "$smtp_pid" 2>/dev/null
  psql "$ROSTER_TEST_PG_URL" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
  roster_pg_stop
}
trap cleanup EXIT
roster_pg_env
export ROSTER_DATA_DIR=$work RUST_LOG=warn
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# One engine: $1 name, $2 database URL.
measure() {
  local name=$1 db=$2 port smtp_port maildir=$work/mail-$1
  port=$(free_port) smtp_port=$(free_port)
  coproc SMTP { exec .tools/py/bin/python end2end/smtp/server.py "$smtp_port" "$maildir"; }
  smtp_pid=$SMTP_PID
  read -r _ <&"${SMTP[0]}" # "ready"
  ROSTER_DATABASE_URL=$db ROSTER_ADDR=127.0.0.1:$port ROSTER_SMTP_URL=smtp://127.0.0.1:$smtp_port \
    target/release/server serve &
  server_pid=$!
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  echo "== $name: $MESSAGES messages through SMTP"
  ROSTER_DATABASE_URL=$db target/release/bench --url "http://127.0.0.1:$port" --mail-messages "$MESSAGES" --maildir "$maildir" \
    --server-pid "$server_pid" | sed "s/^/| $name /" >>"$work/mail.md"
  kill "$server_pid" "$smtp_pid"; wait "$server_pid" "$smtp_pid" 2>/dev/null || true
  server_pid= smtp_pid=
}

measure SQLite "sqlite://$work/mail.db?mode=rwc"
psql "$ROSTER_TEST_PG_URL" -qc "DROP DATABASE IF EXISTS $pg_db" -c "CREATE DATABASE $pg_db" >/dev/null
measure PostgreSQL "${ROSTER_TEST_PG_URL%/*}/$pg_db"

section=$(cat <<MD
## Mail delivery

$MESSAGES security notices queued in one transaction on a fresh database, drained by the release
server's sender (50 claimed at a time, 4 sent at once) through a local SMTP server
(\`end2end/smtp/server.py\`, Python's aiosmtpd, which writes each message to a file); from the
commit to the last one marked sent, including up to 1 s before the sender's next look at the
outbox. Memory: the server's anonymous RSS before, at its highest while sending, and after.
"received" counts the files the SMTP server wrote (and distinct Message-IDs among them).

| engine | messages | time | messages/s | RSS before | RSS peak | RSS after | received |
|---|---|---|---|---|---|---|---|
$(cat "$work/mail.md")
MD
)
# Replace the section (up to the next "## " heading), or add it at the end.
python3 - "$section" <<'PY'
import re, sys, pathlib
path = pathlib.Path("BENCHMARKS.md")
text = path.read_text() if path.exists() else "# Benchmarks\n"
section = sys.argv[1].strip() + "\n"
pattern = re.compile(r"^## Mail delivery\n.*?(?=^## |\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
else:
    text = text.rstrip() + "\n\n" + section
path.write_text(text)
PY
echo "$section"
