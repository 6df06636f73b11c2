# Sourced by scripts/test.sh: makes sure ROSTER_TEST_PG_URL points at a PostgreSQL server.
# Order: the variable if set; else the local server on 127.0.0.1:5432 if it answers; else
# Debian's postgresql is installed and a throwaway cluster is started (stopped on exit).
roster_pg_env() {
  if [ -n "${ROSTER_TEST_PG_URL:-}" ]; then return 0; fi
  if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
    export ROSTER_TEST_PG_URL="postgres://postgres@127.0.0.1:5432/postgres"
    return 0
  fi
  echo "PostgreSQL is not running on 127.0.0.1:5432: starting a throwaway cluster"
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  local bin dir
  bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
  dir=$(mktemp -d /tmp/roster-pg.XXXXXX)
  chown postgres "$dir"
  su postgres -s /bin/sh -c "$bin/initdb -D $dir/data -A trust -U postgres >/dev/null"
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $dir/data -l $dir/log -w -o '-p 55432 -k $dir -c listen_addresses=127.0.0.1' start >/dev/null"
  export ROSTER_TEST_PG_URL="postgres://postgres@127.0.0.1:55432/postgres"
  export ROSTER_THROWAWAY_PG="$bin/pg_ctl -D $dir/data"
}

roster_pg_stop() {
  if [ -n "${ROSTER_THROWAWAY_PG:-}" ]; then
    su postgres -s /bin/sh -c "$ROSTER_THROWAWAY_PG -m fast stop >/dev/null" || true
  fi
}
