# Shared helpers for scripts/run.sh, scripts/test.sh and scripts/services.sh (sourced, not run).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ARENA_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
export ARENA_DATA_DIR="${ARENA_DATA_DIR:-$ROOT/var}"
# Absolute: PostgreSQL changes into its data directory, so a relative socket path breaks it.
mkdir -p "$ARENA_DATA_DIR"
ARENA_DATA_DIR="$(cd "$ARENA_DATA_DIR" && pwd)"

log() { printf '\033[1;31m[擂台]\033[0m %s\n' "$*" >&2; }

# Install Debian packages that are missing (needs root, as on a fresh machine or in CI).
ensure_debian_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "缺少 Debian 软件包：${missing[*]}。请以 root 运行，或先执行 sudo apt-get install ${missing[*]}"
    return 1
  fi
  log "安装 Debian 软件包：${missing[*]}"
  if [ ! -f /var/lib/apt/periodic/arena-updated ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ]; then
    apt-get update -qq
    mkdir -p /var/lib/apt/periodic && touch /var/lib/apt/periodic/arena-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A virtualenv with the project installed; reinstalls only when pyproject.toml changes.
ensure_venv() {
  local extras="${1:-}"
  if [ ! -x "$PY" ]; then
    log "创建虚拟环境 $VENV"
    python3 -m venv "$VENV" 2>/dev/null || {
      ensure_debian_packages python3-venv
      python3 -m venv "$VENV"
    }
  fi
  local stamp="$VENV/.arena-installed${extras:+-$extras}"
  local digest
  digest="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
    log "安装 Python 依赖${extras:+（$extras）}"
    # This machine's pip config names local indexes that may be absent: hide that noise only.
    "$PY" -m pip install -q --upgrade pip 2>&1 | { grep -v "^WARNING: Location" || true; }
    # -c: the versions CI tested (constraints.txt), not whatever is newest today.
    "$PY" -m pip install -q -c "$ROOT/constraints.txt" -e "$ROOT${extras:+[$extras]}" 2>&1 \
      | { grep -vE "^WARNING: Location|BuildBackendWarning|^\s*(!!|\*+|Please be careful|name as your package|with strategy)|^\s*$" || true; }
    "$PY" -c "import django, celery, weasyprint" # fail here, clearly, if the install did not work
    echo "$digest" >"$stamp"
  fi
}

# Every projector and phone holds a stream, a socket each: the common 1,024 open files stop a
# web process at ~890 screens. Raise the soft limit to the hard one (the app also caps its
# streams below the limit it finds, live/streams.py).
raise_open_files() {
  local hard
  hard="$(ulimit -Hn)"
  if [ "$hard" = unlimited ]; then hard=1048576; fi
  ulimit -n "$hard" 2>/dev/null || true
  if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 8192 ]; then
    log "可打开文件数上限为 $(ulimit -n)：每个进程最多约 $(( $(ulimit -n) - 200 )) 块大屏/手机同时连接（见 docs/operations.md）"
  fi
}

RUNTIME_DEBIAN_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk)
TEST_DEBIAN_PACKAGES=(postgresql redis-server chromium poppler-utils)
