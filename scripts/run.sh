#!/usr/bin/env bash
# Set up everything and serve 擂台 at http://127.0.0.1:8000 (embedded mode: SQLite, eager
# Celery, in-process events). Set DATABASE_URL / REDIS_URL to use PostgreSQL and Redis instead.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_debian_packages "${RUNTIME_DEBIAN_PACKAGES[@]}"
ensure_venv
export ARENA_SERVE_MEDIA="${ARENA_SERVE_MEDIA:-1}"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py seed_demo --if-empty
"$PY" manage.py collectstatic --noinput --clear -v0  # --clear: no stale .gz copies
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
"$PY" manage.py show_links --base "http://$HOST:$PORT"
log "服务地址 http://$HOST:$PORT/ （Ctrl-C 停止）"
raise_open_files
exec "$VENV/bin/uvicorn" arena.asgi:application --host "$HOST" --port "$PORT" \
  --timeout-graceful-shutdown 3 --no-server-header --no-access-log
