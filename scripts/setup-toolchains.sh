#!/usr/bin/env bash
# Installs the external toolchains the trackplan test suite drives:
#   - npm packages (TypeScript compiler, vendor JS SDKs, playwright-core) from
#     tests/toolchains/package-lock.json into tests/toolchains/node_modules
#   - a Python venv at tests/toolchains/.venv from tests/toolchains/requirements.txt
#     (mypy, vendor Python SDKs, jsonschema)
#   - Debian's chromium package (headless HTML-docs tests)
#   - Debian's postgresql package and a running test server (scripts/test-postgres.sh)
# and writes tests/toolchains/env.sh exporting TRACKPLAN_* paths for the tests.
#
# Idempotent: npm and pip installs are skipped while the stamp (sha256 of the
# lock/requirements file plus the interpreter version) stored next to the
# installed tree matches. A warm re-run takes well under a second.
#
# Needs: node + npm, python3.11 (or python3 >= 3.9 with venv; override with
# TRACKPLAN_SETUP_PYTHON=/path/to/python), and root for apt-get if chromium is
# not yet installed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TC="$ROOT/tests/toolchains"
NODE_MODULES="$TC/node_modules"
VENV="$TC/.venv"
CHROMIUM=/usr/bin/chromium
ENV_FILE="$TC/env.sh"

log() { printf '[setup-toolchains] %s\n' "$*"; }
die() { printf '[setup-toolchains] ERROR: %s\n' "$*" >&2; exit 1; }

# Serialise concurrent runs (two worktrees' test runs share nothing, but two
# runs in the same checkout would race on node_modules/.venv).
if command -v flock >/dev/null 2>&1; then
    exec 9>"$TC/.setup.lock"
    flock 9
fi

hash_of() { # hash_of TEXT FILE... -> sha256 of TEXT followed by the files
    { printf '%s\n' "$1"; shift; cat "$@"; } | sha256sum | cut -d' ' -f1
}

# ---------------------------------------------------------------- npm ------
command -v node >/dev/null 2>&1 || die "node not found on PATH (need Node.js >= 20)"
command -v npm >/dev/null 2>&1 || die "npm not found on PATH"
NODE_BIN="$(command -v node)"
[[ -f "$TC/package-lock.json" ]] || die "missing $TC/package-lock.json"

npm_want="$(hash_of "node-major=$(node -p 'process.versions.node.split(".")[0]')" "$TC/package-lock.json")"
npm_have="$(cat "$NODE_MODULES/.lock-hash" 2>/dev/null || true)"
if [[ "$npm_want" == "$npm_have" && -x "$NODE_MODULES/.bin/tsc" ]]; then
    log "npm packages up to date"
else
    log "installing npm packages (npm ci) ..."
    (cd "$TC" && npm ci --no-audit --no-fund --loglevel=error)
    for bin in tsc esbuild pyright; do
        [[ -x "$NODE_MODULES/.bin/$bin" ]] || die "npm ci finished but node_modules/.bin/$bin is missing"
    done
    printf '%s\n' "$npm_want" >"$NODE_MODULES/.lock-hash"
fi

# ------------------------------------------------------------- python ------
PY_BASE="${TRACKPLAN_SETUP_PYTHON:-}"
if [[ -z "$PY_BASE" ]]; then
    for cand in python3.11 python3; do
        if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
            PY_BASE="$cand"; break
        fi
    done
fi
[[ -n "$PY_BASE" ]] || die "no python3.11 / python3 (>= 3.9) found; set TRACKPLAN_SETUP_PYTHON"
[[ -f "$TC/requirements.txt" ]] || die "missing $TC/requirements.txt"

py_ver="$("$PY_BASE" -c 'import sys; print(sys.version.split()[0])')"
py_want="$(hash_of "python=$py_ver" "$TC/requirements.txt")"
py_have="$(cat "$VENV/.requirements-hash" 2>/dev/null || true)"
# The stamp alone is not enough: the interpreter the venv links to may be gone.
if [[ "$py_want" == "$py_have" ]] && "$VENV/bin/python" -c '' 2>/dev/null && [[ -x "$VENV/bin/mypy" ]]; then
    log "python venv up to date"
else
    log "creating python venv with $PY_BASE ($py_ver) and installing requirements ..."
    rm -rf "$VENV"
    "$PY_BASE" -m venv "$VENV" \
        || die "'$PY_BASE -m venv' failed (on Debian: apt-get install python3-venv)"
    export PIP_DISABLE_PIP_VERSION_CHECK=1
    "$VENV/bin/python" -m pip install --quiet --no-input -r "$TC/requirements.txt"
    "$VENV/bin/python" -m pip check >/dev/null || die "pip check failed in $VENV"
    "$VENV/bin/python" -c 'import segment.analytics, posthog, jsonschema, mypy' \
        || die "venv imports failed"
    printf '%s\n' "$py_want" >"$VENV/.requirements-hash"
fi

# ----------------------------------------------------------- chromium ------
if [[ -x "$CHROMIUM" ]]; then
    log "chromium present"
else
    if [[ "$(id -u)" -ne 0 ]]; then
        die "$CHROMIUM is missing and this is not root; install it with: sudo apt-get update && sudo apt-get install -y chromium fonts-liberation"
    fi
    command -v apt-get >/dev/null 2>&1 || die "$CHROMIUM is missing and apt-get is not available"
    log "installing Debian chromium (apt-get) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
    [[ -x "$CHROMIUM" ]] || die "apt-get install chromium did not provide $CHROMIUM"
fi

# --------------------------------------------------------- postgresql ------
# Installs Debian's postgresql when missing and starts (or reuses) this checkout's server.
# `9>&-`: the server must not inherit the setup lock's descriptor, or it would hold the lock for
# as long as it runs and the next setup would wait forever.
PG_URL="$(bash "$ROOT/scripts/test-postgres.sh" 9>&- | tail -n 1)"
[[ "$PG_URL" == postgres://* ]] || die "scripts/test-postgres.sh printed no URL"

# ------------------------------------------------------------ env.sh -------
tmp_env="$(mktemp "$TC/.env.sh.XXXXXX")"
{
    echo "# Generated by scripts/setup-toolchains.sh; do not edit, do not commit."
    printf 'export TRACKPLAN_TSC=%q\n' "$NODE_MODULES/.bin/tsc"
    printf 'export TRACKPLAN_NODE_MODULES=%q\n' "$NODE_MODULES"
    printf 'export TRACKPLAN_PYTHON=%q\n' "$VENV/bin/python"
    printf 'export TRACKPLAN_MYPY=%q\n' "$VENV/bin/mypy"
    printf 'export TRACKPLAN_RUFF=%q\n' "$VENV/bin/ruff"
    printf 'export TRACKPLAN_PYRIGHT=%q\n' "$NODE_MODULES/.bin/pyright"
    printf 'export TRACKPLAN_ESBUILD=%q\n' "$NODE_MODULES/.bin/esbuild"
    printf 'export TRACKPLAN_CHROMIUM=%q\n' "$CHROMIUM"
    printf 'export TRACKPLAN_NODE=%q\n' "$NODE_BIN"
    printf 'export TRACKPLAN_TEST_DATABASE_URL=%q\n' "$PG_URL"
} >"$tmp_env"
chmod 644 "$tmp_env"
mv -f "$tmp_env" "$ENV_FILE"

# ----------------------------------------------------------- versions ------
log "node:     $(node --version) ($NODE_BIN)"
log "tsc:      $("$NODE_MODULES/.bin/tsc" --version)"
log "python:   $("$VENV/bin/python" --version 2>&1)"
log "mypy:     $("$VENV/bin/mypy" --version)"
log "ruff:     $("$VENV/bin/ruff" --version)"
log "pyright:  $("$NODE_MODULES/.bin/pyright" --version)"
log "esbuild:  $("$NODE_MODULES/.bin/esbuild" --version)"
log "chromium: $("$CHROMIUM" --version 2>/dev/null || echo '(version query failed)')"
log "postgres: $PG_URL"
log "wrote $ENV_FILE"
