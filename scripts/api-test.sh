#!/usr/bin/env bash
# The public API and SCIM against independent checkers: the OpenAPI document through
# openapi-spec-validator, schemathesis (every check) with a read-only token and with a full
# one, then SCIM 2.0 through scim2-tester (every check) and scim-sanity's probe with a `scim`
# token, against a running Roster on a fresh database: `sqlite`, or `postgres` (a new
# database on the server at ROSTER_TEST_PG_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1
py=.tools/py/bin
work=target/api-test/$name
rm -rf "$work" && mkdir -p "$work"
if [ "$name" = postgres ]; then
  psql -q "$ROSTER_TEST_PG_URL" -c "DROP DATABASE IF EXISTS roster_api_test" -c "CREATE DATABASE roster_api_test"
  url="${ROSTER_TEST_PG_URL%/*}/roster_api_test"
else
  url="sqlite://$work/roster.db?mode=rwc"
fi
port=$((3300 + RANDOM % 400))
export ROSTER_DATABASE_URL=$url ROSTER_DATA_DIR=$work ROSTER_API_PER_MINUTE=100000
server=target/debug/server
$server seed --users 200 --clients 40 >/dev/null
echo 'correct horse battery staple' |
  $server staff create --email api-admin@example.com --name "API Admin" --password-stdin >/dev/null
full=$($server token create --staff api-admin@example.com --name "schemathesis full" --scopes all 2>/dev/null)
read_only=$($server token create --staff api-admin@example.com --name "schemathesis read" \
  --scopes users:read,clients:read,mail:read,audit:read 2>/dev/null)
scim=$($server token create --staff api-admin@example.com --name "SCIM checkers" --scopes scim 2>/dev/null)
$server serve --addr "127.0.0.1:$port" --site-root target/site-test >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/api/v1/openapi.json" -o "$work/openapi.json"
$py/openapi-spec-validator "$work/openapi.json"
status=0
for token in read_only full; do
  echo "== schemathesis, $name, $token token"
  $py/st --config-file end2end/api/schemathesis.toml run "$work/openapi.json" \
    --url "http://127.0.0.1:$port" \
    -H "Authorization: Bearer ${!token}" \
    --checks all --seed 1 --no-color || status=1
done
echo "== scim2-tester, $name"
$py/python end2end/scim/check.py "http://127.0.0.1:$port/scim/v2" "$scim" || status=1
echo "== scim-sanity probe, $name"
$py/scim-sanity probe "http://127.0.0.1:$port/scim/v2" --token "$scim" --i-accept-side-effects || status=1
# No token may appear in the server's log, whatever happened.
if grep -q 'rst_' "$work/server.log"; then
  echo "an API token appears in the server log ($work/server.log)"
  status=1
fi
exit $status
