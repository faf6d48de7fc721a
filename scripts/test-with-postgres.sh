#!/usr/bin/env bash
# Runs the test suite with a throwaway PostgreSQL cluster: initdb in a temp folder, a free
# loopback port, CALLBOOK_TEST_POSTGRES pointing at it. The suite creates its own databases.
# The cluster and its folder are removed on exit, whatever happened.
# Usage: scripts/test-with-postgres.sh [dotnet test arguments]
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

find_pg_bin() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

if ! pg_bin="$(find_pg_bin)"; then
    echo "PostgreSQL binaries not found; installing the postgresql package" >&2
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
    pg_bin="$(find_pg_bin)"
fi

# initdb refuses to run as root: the cluster belongs to the postgres user when we are root.
run_as_owner() {
    if [[ "$(id -u)" == 0 ]]; then
        su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

work_dir="$(mktemp -d /tmp/callbook-pg.XXXXXX)"
data_dir="$work_dir/data"
started=0

cleanup() {
    if [[ "$started" == 1 ]]; then
        run_as_owner "$pg_bin/pg_ctl" -D "$data_dir" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$work_dir"
}
trap cleanup EXIT

if [[ "$(id -u)" == 0 ]]; then
    chown postgres: "$work_dir"
fi

run_as_owner "$pg_bin/initdb" -D "$data_dir" -A trust -U postgres --no-sync >"$work_dir/initdb.log" 2>&1 || {
    cat "$work_dir/initdb.log" >&2
    exit 1
}

# A port can be taken between choosing and binding it: try a few.
for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    if run_as_owner "$pg_bin/pg_ctl" -D "$data_dir" -l "$work_dir/server.log" -w -t 60 \
        -o "-p $port -k $work_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null; then
        started=1
        break
    fi
done
if [[ "$started" != 1 ]]; then
    echo "could not start PostgreSQL; server log:" >&2
    cat "$work_dir/server.log" >&2 || true
    exit 1
fi
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2

export CALLBOOK_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
cd "$repo_root"
status=0
dotnet test "$@" || status=$?
exit "$status"
