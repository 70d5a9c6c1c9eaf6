#!/usr/bin/env bash
# The whole test suite: ruff, then pytest on SQLite, then pytest on PostgreSQL + Redis with a
# real Celery worker (services started on loopback, stopped afterwards). Extra arguments go
# to pytest, e.g. scripts/test.sh -k engine.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_debian_packages "${RUNTIME_DEBIAN_PACKAGES[@]}" "${TEST_DEBIAN_PACKAGES[@]}"
ensure_venv dev
export ARENA_DATA_DIR="$ROOT/var/test"
mkdir -p "$ARENA_DATA_DIR"
unset DATABASE_URL REDIS_URL DEBUG

status=0
log "ruff"
"$VENV/bin/ruff" check . || status=1
"$VENV/bin/ruff" format --check . || status=1

log "pytest：SQLite，内嵌模式"
"$VENV/bin/pytest" -q "$@" || status=1

log "pytest：PostgreSQL + Redis + Celery worker"
started_services=0
cleanup() { [ "$started_services" = 1 ] && bash "$ROOT/scripts/services.sh" stop; }
trap cleanup EXIT
if service_env="$(ARENA_PG_FSYNC=off bash "$ROOT/scripts/services.sh" start)"; then
  started_services=1
  eval "$service_env"
  "$VENV/bin/pytest" -q "$@" || status=1
else
  log "无法启动 PostgreSQL / Redis"
  status=1
fi

if [ "$status" -ne 0 ]; then log "测试失败"; else log "全部通过"; fi
exit "$status"
