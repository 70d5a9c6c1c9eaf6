#!/usr/bin/env bash
# PostgreSQL and Redis from Debian packages, on loopback with private data directories.
#   scripts/services.sh start   # prints the DATABASE_URL and REDIS_URL lines to eval
#   scripts/services.sh stop
source "$(dirname "$0")/lib.sh"

DIR="${ARENA_SERVICES_DIR:-$ARENA_DATA_DIR/services}"
PG_PORT="${ARENA_PG_PORT:-55432}"
REDIS_PORT="${ARENA_REDIS_PORT:-56379}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  mkdir -p "$DIR"
  if [ ! -f "$DIR/pg/PG_VERSION" ]; then
    mkdir -p "$DIR/pg" "$DIR/pg-socket"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DIR/pg" "$DIR/pg-socket"
    chmod 700 "$DIR/pg"
    as_pg "$PG_BIN/initdb" -D "$DIR/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg" status >/dev/null 2>&1; then
    as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg" -l "$DIR/pg/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $DIR/pg-socket -c fsync=${ARENA_PG_FSYNC:-on} -c max_connections=300" >/dev/null
  fi
  local psql=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAt)
  if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='arena'")" != "1" ]; then
    "${psql[@]}" -c "create role arena login password 'arena' createdb" >/dev/null
  fi
  if [ "$("${psql[@]}" -c "select 1 from pg_database where datname='arena'")" != "1" ]; then
    "${psql[@]}" -c "create database arena owner arena" >/dev/null
  fi
}

start_redis() {
  mkdir -p "$DIR/redis"
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DIR/redis" --save "" \
      --appendonly no --daemonize yes --pidfile "$DIR/redis/redis.pid" \
      --logfile "$DIR/redis/redis.log" >/dev/null
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
}

case "${1:-}" in
  start)
    ensure_debian_packages postgresql redis-server
    start_postgres
    start_redis
    echo "export DATABASE_URL=postgres://arena:arena@127.0.0.1:$PG_PORT/arena"
    echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
    ;;
  stop)
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    if [ -f "$DIR/pg/PG_VERSION" ]; then
      as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
