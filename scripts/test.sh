#!/usr/bin/env bash
# `make test`: format, lint, unit and data-layer tests on SQLite and PostgreSQL, then the
# end-to-end tests in Chromium. Runs every suite, prints one summary line each, and fails if
# any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/pg-env.sh
logs=target/test-logs
mkdir -p "$logs"
summary=()
failed_suites=0
total_passed=0
total_failed=0

record() { # name, status, detail
  summary+=("$(printf '%-34s %s' "$1:" "$3")")
  [ "$2" = 0 ] || failed_suites=$((failed_suites + 1))
}

step() { # name, command...
  local name=$1; shift
  echo "== $name"
  if "$@" >"$logs/$name.log" 2>&1; then
    record "$name" 0 "ok"
  else
    tail -n 40 "$logs/$name.log"
    record "$name" 1 "FAILED (see $logs/$name.log)"
  fi
}

step format cargo fmt --all -- --check
step clippy make -s lint
step wasm-deps make -s check-wasm-deps

roster_pg_env
trap roster_pg_stop EXIT
echo "== unit + data tests (PostgreSQL at ${ROSTER_TEST_PG_URL%%\?*})"
# Built first, then run under a deadline: a test that hangs fails the suite (timeout's 124)
# with the rest of the report, instead of holding CI until its own limit.
tests=(-p app -p server -p migration --features app/test-support)
cargo test "${tests[@]}" --no-run 2>&1 | tee "$logs/cargo-test.log"
status=${PIPESTATUS[0]}
tests_built=$status
if [ "$status" = 0 ]; then
  timeout --kill-after=30s 20m cargo test "${tests[@]}" 2>&1 | tee -a "$logs/cargo-test.log"
  status=${PIPESTATUS[0]}
  [ "$status" != 124 ] || echo "unit + data tests: still running after 20 minutes (a test hangs); stopped"
fi
passed=$(grep -oE 'test result: [a-zA-Z]+\. [0-9]+ passed' "$logs/cargo-test.log" | awk '{s+=$4} END {print s+0}')
failed=$(grep -oE '; [0-9]+ failed' "$logs/cargo-test.log" | awk '{s+=$2} END {print s+0}')
[ "$status" = 0 ] || [ "$failed" != 0 ] || failed=1
total_passed=$((total_passed + passed)); total_failed=$((total_failed + failed))
record "unit + data (SQLite, PostgreSQL)" "$status" "$passed passed, $failed failed"

echo "== build for end-to-end tests"
# The server binary is the one the tests built (server/tests run it): building it again
# without their features would rebuild half the dependency tree (minutes in CI).
if make -s site-test >"$logs/build.log" 2>&1 &&
  { [ "$tests_built" = 0 ] || cargo build -p server >>"$logs/build.log" 2>&1; }; then
  # The public API against the OpenAPI linter and schemathesis, on both engines.
  for engine in sqlite postgres; do
    step "API ($engine, schemathesis)" scripts/api-test.sh "$engine"
  done
  echo "== end-to-end tests (Chromium)"
  (cd end2end && npx playwright test) 2>&1 | tee "$logs/e2e.log"
  status=${PIPESTATUS[0]}
  passed=$(grep -oE '^ +[0-9]+ passed' "$logs/e2e.log" | awk '{s+=$1} END {print s+0}')
  failed=$(grep -oE '^ +[0-9]+ (failed|flaky)' "$logs/e2e.log" | awk '{s+=$1} END {print s+0}')
  [ "$status" = 0 ] || [ "$failed" != 0 ] || failed=1
  total_passed=$((total_passed + passed)); total_failed=$((total_failed + failed))
  record "end-to-end (Chromium)" "$status" "$passed passed, $failed failed"
else
  tail -n 40 "$logs/build.log"
  record "end-to-end (Chromium)" 1 "build FAILED (see $logs/build.log)"
  total_failed=$((total_failed + 1))
fi

echo
echo "== Summary"
printf '%s\n' "${summary[@]}"
echo "make test: $total_passed passed, $total_failed failed"
[ "$failed_suites" = 0 ]
