#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the test suite and the load script: a temporary directory, a
# free port on 127.0.0.1 only, a password-protected role that may create databases.
#
#   bench/postgres.sh start     # initdb + start; prints the DATABASE_URL (nothing else on stdout)
#   bench/postgres.sh url       # prints the DATABASE_URL of the running cluster
#   bench/postgres.sh restart   # pg_ctl restart (the fault tests restart it under load)
#   bench/postgres.sh stop      # stops the cluster and removes its directory
#
# The cluster's directory is recorded in $PG_STATE (default: var/postgres.state in this checkout),
# so several checkouts, or a test's own cluster, never meet. PG_FSYNC=off makes it faster for tests
# (no durability: never for real data). The server binaries come from Debian's postgresql-15
# package ($PG_BIN overrides). initdb refuses to run as root, so as root the cluster belongs to the
# `postgres` user (created if missing).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_STATE="${PG_STATE:-$ROOT/var/postgres.state}"

die() { echo "postgres.sh: $*" >&2; exit 1; }

[ -x "$PG_BIN/initdb" ] || die "no PostgreSQL server binaries in $PG_BIN (apt-get install postgresql-15)"

# Run a command as the cluster's owner: ourselves, or `postgres` when we are root.
if [ "$(id -u)" = 0 ]; then
    OWNER=postgres
    as_owner() { runuser -u "$OWNER" -- "$@"; }
else
    OWNER="$(id -un)"
    as_owner() { "$@"; }
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cluster_dir() {
    [ -f "$PG_STATE" ] || die "no cluster is running (no $PG_STATE); run: $0 start"
    cat "$PG_STATE"
}

start() {
    if [ -f "$PG_STATE" ] && [ -d "$(cat "$PG_STATE")" ]; then
        die "a cluster is already running in $(cat "$PG_STATE"); run: $0 stop"
    fi
    if [ "$OWNER" = postgres ] && ! id postgres > /dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    fi
    local dir password
    dir="$(mktemp -d "${TMPDIR:-/tmp}/factquiz-pg.XXXXXX")"
    chmod 700 "$dir"
    chown "$OWNER" "$dir"
    mkdir -p "$(dirname "$PG_STATE")"
    echo "$dir" > "$PG_STATE"
    password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
    as_owner sh -c "umask 077; echo '$password' > '$dir/password'"
    as_owner "$PG_BIN/initdb" --pgdata "$dir/data" --username postgres --pwfile "$dir/password" \
        --auth-local peer --auth-host scram-sha-256 --encoding UTF8 --locale C.UTF-8 \
        > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    local fsync="${PG_FSYNC:-on}"
    # A port is free when we look and may be taken when we start: try a few.
    for _ in 1 2 3 4 5; do
        local port
        port="$(free_port)"
        as_owner sh -c "cat >> '$dir/data/postgresql.conf'" <<EOF
# bench/postgres.sh
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
fsync = $fsync
synchronous_commit = $fsync
full_page_writes = $fsync
EOF
        if as_owner "$PG_BIN/pg_ctl" --pgdata "$dir/data" --log "$dir/server.log" --wait \
            --timeout 60 start > /dev/null; then
            echo "$port" > "$dir/port"
            as_owner "$PG_BIN/psql" --quiet --no-psqlrc --host "$dir" --port "$port" \
                --username postgres --dbname postgres --set ON_ERROR_STOP=1 \
                --command "CREATE ROLE quiz LOGIN CREATEDB PASSWORD '$password'" \
                --command "CREATE DATABASE quiz OWNER quiz" > /dev/null
            url
            return
        fi
    done
    cat "$dir/server.log" >&2
    die "the server did not start"
}

url() {
    local dir
    dir="$(cluster_dir)"
    echo "postgres://quiz:$(cat "$dir/password")@127.0.0.1:$(cat "$dir/port")/quiz"
}

restart() {
    local dir
    dir="$(cluster_dir)"
    as_owner "$PG_BIN/pg_ctl" --pgdata "$dir/data" --log "$dir/server.log" --mode fast --wait \
        --timeout 60 restart > /dev/null
}

stop() {
    [ -f "$PG_STATE" ] || return 0
    local dir
    dir="$(cat "$PG_STATE")"
    if [ -d "$dir/data" ]; then
        as_owner "$PG_BIN/pg_ctl" --pgdata "$dir/data" --mode immediate --wait --timeout 60 \
            stop > /dev/null 2>&1 || true
    fi
    case "$dir" in
        */factquiz-pg.*) rm -rf "$dir" ;;
    esac
    rm -f "$PG_STATE"
}

case "${1:-}" in
    start) start ;;
    url) url ;;
    restart) restart ;;
    stop) stop ;;
    *) echo "usage: $0 start|url|restart|stop" >&2; exit 2 ;;
esac
