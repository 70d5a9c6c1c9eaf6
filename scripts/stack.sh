#!/usr/bin/env bash
# The full production stack from Debian packages, without Docker: PostgreSQL and Redis on
# loopback with private data directories (scripts/services.sh), a Celery worker, and uvicorn
# (ASGI) with 2 worker processes. The same shape as docker-compose.yml.
#
#   scripts/stack.sh start          # prints the URL and the environment to eval
#   scripts/stack.sh stop
#   scripts/stack.sh status
#   scripts/stack.sh restart worker|web
#
# DATABASE_URL / REDIS_URL already set: those are used (the test suite points them at its test
# database) and no services are started. ARENA_STACK_PORT (8010), ARENA_WEB_WORKERS (2),
# ARENA_STACK_MIGRATE (1) adjust the rest. Logs and pid files: $ARENA_DATA_DIR/stack/.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

STACK_DIR="${ARENA_STACK_DIR:-$ARENA_DATA_DIR/stack}"
PORT="${ARENA_STACK_PORT:-8010}"
WEB_WORKERS="${ARENA_WEB_WORKERS:-2}"
mkdir -p "$STACK_DIR"

running() { [ -f "$STACK_DIR/$1.pid" ] && kill -0 -- "-$(cat "$STACK_DIR/$1.pid")" 2>/dev/null; }

stop_one() {
  local name="$1"
  running "$name" || { rm -f "$STACK_DIR/$name.pid"; return 0; }
  local pid
  pid="$(cat "$STACK_DIR/$name.pid")"
  # Each piece runs in its own session (setsid), so the whole process group goes: no orphaned
  # uvicorn or Celery child keeps database connections open.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$STACK_DIR/$name.pid"
}

start_worker() {
  running worker && return 0
  # -B: this worker also runs beat, which heals standings that lag after a fault.
  # Under a restart loop, as systemd's Restart=always or compose's restart policy would run it:
  # Celery's Redis transport can exit with "Unrecoverable error" when the broker goes away in
  # the middle of an acknowledgement (a kombu race the Redis fault test hit), and the standings
  # must still catch up when Redis returns. Stopping the process group ends loop and worker.
  setsid bash -c 'while true; do
      "$@"
      echo "stack.sh: Celery worker exited with status $?; restarting in 1 s" >&2
      sleep 1
    done' worker "$VENV/bin/celery" -A arena worker -B -s "$STACK_DIR/celerybeat-schedule" \
    --concurrency 2 -n "stack-$PORT@%h" -l info --without-gossip --without-mingle \
    >>"$STACK_DIR/worker.log" 2>&1 &
  echo $! >"$STACK_DIR/worker.pid"
}

start_web() {
  running web && return 0
  # Another server on the port would answer the health check in this stack's place.
  if "$PY" -c "import socket, sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1)" \
    "$PORT" 2>/dev/null; then
    log "端口 $PORT 已被占用（另一个服务器？）；请先停止它，或设置 ARENA_STACK_PORT"
    return 1
  fi
  raise_open_files
  # --no-access-log: its lines would carry judges' secret links; arena.logs logs redacted ones.
  setsid "$VENV/bin/uvicorn" arena.asgi:application --host 127.0.0.1 --port "$PORT" \
    --workers "$WEB_WORKERS" --no-access-log --no-server-header --timeout-graceful-shutdown 3 \
    >>"$STACK_DIR/web.log" 2>&1 &
  echo $! >"$STACK_DIR/web.pid"
}

wait_healthy() {
  for _ in $(seq 240); do
    if "$PY" - "$PORT" <<'PY' 2>/dev/null; then return 0; fi
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=3)
PY
    sleep 0.5
  done
  log "全栈没有在 120 秒内就绪；日志见 $STACK_DIR/"
  tail -n 20 "$STACK_DIR/web.log" "$STACK_DIR/worker.log" >&2 || true
  return 1
}

environment() {
  echo "export DATABASE_URL=$DATABASE_URL"
  echo "export REDIS_URL=$REDIS_URL"
  echo "export ARENA_STACK_URL=http://127.0.0.1:$PORT"
}

case "${1:-}" in
  start)
    ensure_debian_packages "${RUNTIME_DEBIAN_PACKAGES[@]}"
    ensure_venv
    if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
      # Not eval "$(…)": that would hide a failed start and run the stack on SQLite.
      services_env="$(bash "$ROOT/scripts/services.sh" start)"
      eval "$services_env"
      echo "started" >"$STACK_DIR/services"
    fi
    export DATABASE_URL REDIS_URL
    if [ "${ARENA_STACK_MIGRATE:-1}" = 1 ]; then
      "$PY" manage.py migrate --noinput -v 0
    fi
    "$PY" manage.py collectstatic --noinput -v 0
    start_worker
    start_web
    wait_healthy
    log "全栈已启动：http://127.0.0.1:$PORT/（uvicorn ${WEB_WORKERS} 个进程 + Celery worker + PostgreSQL + Redis）"
    environment
    ;;
  stop)
    stop_one web
    stop_one worker
    if [ -f "$STACK_DIR/services" ]; then
      bash "$ROOT/scripts/services.sh" stop
      rm -f "$STACK_DIR/services"
    fi
    ;;
  status)
    for name in web worker; do
      if running "$name"; then echo "$name: running (pid $(cat "$STACK_DIR/$name.pid"))"; else echo "$name: stopped"; fi
    done
    ;;
  restart)
    case "${2:-}" in
      worker) stop_one worker; start_worker ;;
      web) stop_one web; start_web; wait_healthy ;;
      *) echo "usage: $0 restart worker|web" >&2; exit 2 ;;
    esac
    ;;
  *)
    echo "usage: $0 start|stop|status|restart worker|web" >&2
    exit 2
    ;;
esac
