#!/usr/bin/env bash
# Starts, or reuses, the PostgreSQL server that tests/validate_postgres.rs runs against, and
# prints its connection URL on the last line of standard output.
#
#   scripts/test-postgres.sh            # start or reuse; print the URL
#   scripts/test-postgres.sh stop       # stop it
#
# The server belongs to this checkout: data in tests/toolchains/postgres/data (or, when an
# unprivileged user cannot reach that folder, /tmp/trackplan-postgres-<hash of the checkout>),
# listening on 127.0.0.1 at a free port (remembered in the folder's `port` file) and on a Unix
# socket in the folder's `run/`. One superuser `trackplan` with password `trackplan`: trust over
# the socket, scram-sha-256 over TCP (so a wrong password is refused, as tests check).
# PostgreSQL refuses to run as root: as root the server runs as `nobody`; otherwise as the
# current user. Debian's `postgresql` package is installed with apt-get when no
# /usr/lib/postgresql/*/bin/initdb exists (needs root). Idempotent: a running server is reused.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[test-postgres] %s\n' "$*" >&2; }
die() { printf '[test-postgres] ERROR: %s\n' "$*" >&2; exit 1; }

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PG_BIN="$(find_bin)"
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
    [[ "$(id -u)" -eq 0 ]] || die "PostgreSQL is not installed and this is not root; install it with: sudo apt-get install -y postgresql"
    command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is not available"
    log "installing Debian postgresql (apt-get) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    PG_BIN="$(find_bin)"
    [[ -n "$PG_BIN" && -x "$PG_BIN/initdb" ]] || die "apt-get install postgresql did not provide /usr/lib/postgresql/*/bin/initdb"
fi

if [[ "$(id -u)" -eq 0 ]]; then
    RUN_AS=nobody
    as_user() { runuser -u "$RUN_AS" -- "$@"; }
else
    RUN_AS="$(id -un)"
    as_user() { "$@"; }
fi

DIR="$ROOT/tests/toolchains/postgres"
mkdir -p "$DIR"
if [[ "$RUN_AS" == nobody ]]; then
    chown nobody "$DIR"
    if ! as_user test -w "$DIR" 2>/dev/null; then
        # A checkout under a folder `nobody` cannot enter: keep the server in /tmp instead.
        DIR="/tmp/trackplan-postgres-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
        mkdir -p "$DIR"
        chown nobody "$DIR"
    fi
fi
chmod 755 "$DIR"
DATA="$DIR/data"
SOCKETS="$DIR/run"
url() { printf 'postgres://trackplan:trackplan@127.0.0.1:%s/postgres\n' "$(cat "$DIR/port")"; }

if [[ "${1:-}" == stop ]]; then
    if [[ -f "$DATA/PG_VERSION" ]]; then
        as_user "$PG_BIN/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
    fi
    log "stopped"
    exit 0
fi

if [[ ! -f "$DATA/PG_VERSION" ]]; then
    log "initdb $DATA (as $RUN_AS) ..."
    rm -rf "$DATA"
    printf 'trackplan\n' >"$DIR/password"
    [[ "$RUN_AS" == nobody ]] && chown nobody "$DIR/password"
    as_user "$PG_BIN/initdb" -D "$DATA" -U trackplan --pwfile="$DIR/password" \
        --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1 \
        || die "initdb failed; see $DIR/initdb.log"
fi
mkdir -p "$SOCKETS"
[[ "$RUN_AS" == nobody ]] && chown nobody "$SOCKETS"

if as_user "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1 && [[ -f "$DIR/port" ]] \
    && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$(cat "$DIR/port")"; then
    log "reusing the server on port $(cat "$DIR/port")"
    url
    exit 0
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port="$(cat "$DIR/port" 2>/dev/null || true)"
if [[ -z "$port" ]] || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    port="$(free_port)"
fi
printf '%s\n' "$port" >"$DIR/port"
log "starting PostgreSQL ($PG_BIN) as $RUN_AS on 127.0.0.1:$port ..."
# setsid: the server outlives the shell (and process group) that started it.
as_user setsid -w "$PG_BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $SOCKETS -c fsync=off" start >/dev/null \
    || die "the server did not start; see $DIR/server.log"
"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" || die "the server does not answer on 127.0.0.1:$port"
url
