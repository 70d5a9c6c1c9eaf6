#!/usr/bin/env bash
# PostgreSQL and Redis from Debian packages, on loopback with private data directories.
#   scripts/services.sh start   # prints the DATABASE_URL and REDIS_URL lines to eval
#   scripts/services.sh stop
source "$(dirname "$0")/lib.sh"

DIR="${ARENA_SERVICES_DIR:-$ARENA_DATA_DIR/services}"
# Ports below the kernel's ephemeral range (32768–60999 here), where a client socket of any
# program could already hold them. The ports in use are kept in $DIR/ports for `stop`.
PORTS_FILE="$DIR/ports"
if [ -f "$PORTS_FILE" ]; then source "$PORTS_FILE"; fi
PG_PORT="${ARENA_PG_PORT:-${SAVED_PG_PORT:-25432}}"
REDIS_PORT="${ARENA_REDIS_PORT:-${SAVED_REDIS_PORT:-26379}}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"

port_free() {
  "${PY:-python3}" - "$1" <<'PY' 2>/dev/null
import socket, sys
with socket.socket() as probe:
    # As the servers bind: a port whose old connections linger in TIME_WAIT (a Redis or
    # PostgreSQL that just stopped) is free; one held by any live socket is not.
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    probe.bind(("127.0.0.1", int(sys.argv[1])))
PY
}

# The first free port from $1 on (a port held by another program is skipped, not fought over).
free_port_from() {
  local port="$1"
  for _ in $(seq 50); do
    if port_free "$port"; then echo "$port"; return 0; fi
    port=$((port + 1))
  done
  return 1
}

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

# This directory's Redis, not any Redis on the port: another checkout's services (a bench
# stack, a second test run) must never be shared, or its Celery worker takes our tasks.
own_redis_running() {
  [ -f "$DIR/redis/redis.pid" ] && kill -0 "$(cat "$DIR/redis/redis.pid")" 2>/dev/null &&
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1
}

start_redis() {
  mkdir -p "$DIR/redis"
  if ! own_redis_running; then
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DIR/redis" --save "" \
      --appendonly no --daemonize yes --pidfile "$DIR/redis/redis.pid" \
      --logfile "$DIR/redis/redis.log" >/dev/null
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
}

case "${1:-}" in
  start)
    ensure_debian_packages postgresql redis-server
    mkdir -p "$DIR"
    if ! as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg" status >/dev/null 2>&1; then
      PG_PORT="$(free_port_from "$PG_PORT")" || { log "找不到空闲端口给 PostgreSQL"; exit 1; }
    fi
    if ! own_redis_running; then
      REDIS_PORT="$(free_port_from "$REDIS_PORT")" || { log "找不到空闲端口给 Redis"; exit 1; }
    fi
    printf 'SAVED_PG_PORT=%s\nSAVED_REDIS_PORT=%s\n' "$PG_PORT" "$REDIS_PORT" >"$PORTS_FILE"
    start_postgres
    start_redis
    echo "export DATABASE_URL=postgres://arena:arena@127.0.0.1:$PG_PORT/arena"
    echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
    ;;
  stop)
    if own_redis_running; then redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; fi
    if [ -f "$DIR/pg/PG_VERSION" ]; then
      as_pg "$PG_BIN/pg_ctl" -D "$DIR/pg" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
