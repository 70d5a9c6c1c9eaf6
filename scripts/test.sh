#!/usr/bin/env bash
# The whole test suite: ruff, then pytest on SQLite, then pytest on PostgreSQL + Redis with the
# full stack of scripts/stack.sh (uvicorn ×2, a real Celery worker) for the worker and fault
# tests (services started on loopback, stopped afterwards). Extra arguments go to pytest,
# e.g. scripts/test.sh -k engine.
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
  # The full stack (scripts/stack.sh) starts on the test database for the fault and worker
  # tests; the generated bad-input cases ran 10,000 strong on SQLite, 1,000 suffice here.
  ARENA_FUZZ_EXAMPLES="${ARENA_FUZZ_EXAMPLES:-100}" "$VENV/bin/pytest" -q "$@" || status=1
else
  log "无法启动 PostgreSQL / Redis"
  status=1
fi

if [ "$status" -ne 0 ]; then log "测试失败"; else log "全部通过"; fi
exit "$status"
