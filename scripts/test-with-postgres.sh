#!/usr/bin/env bash
# Runs the test suite with a throwaway PostgreSQL cluster: initdb in a temp folder, a free
# loopback port, CALLBOOK_TEST_POSTGRES pointing at it. The suite creates its own databases.
# Two streaming hot standbys of it (pg_basebackup -R, each on its own free port) serve the read
# standby tests: CALLBOOK_TEST_POSTGRES_STANDBY names the shared one; the spare one
# (CALLBOOK_TEST_POSTGRES_SPARE_STANDBY) is stopped and started again by the test that proves reads
# survive a standby going down, through CALLBOOK_TEST_POSTGRES_SPARE_CTL (stop|start).
# The clusters and their folder are removed on exit, whatever happened.
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
    local dir
    for dir in "$work_dir/standby" "$work_dir/spare"; do
        if [[ -f "$dir/postmaster.pid" ]]; then
            run_as_owner "$pg_bin/pg_ctl" -D "$dir" -m immediate -w stop >/dev/null 2>&1 || true
        fi
    done
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

# A hot standby: a base backup of the primary (-R writes primary_conninfo and standby.signal; its own
# replication slot keeps the WAL it has not received yet, also while a test has stopped it), started
# on a free port. Writes the commands that stop and start it beside its folder; prints its port.
start_standby() {
    local name="$1" dir="$work_dir/$1" standby_port attempt options
    run_as_owner "$pg_bin/pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$dir" -R -X stream -C -S "$name" --no-sync \
        >"$work_dir/$name-basebackup.log" 2>&1 || { cat "$work_dir/$name-basebackup.log" >&2; return 1; }
    for attempt in 1 2 3 4 5; do
        standby_port="$(free_port)"
        options="-p $standby_port -k $work_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c hot_standby=on -c hot_standby_feedback=on"
        if run_as_owner "$pg_bin/pg_ctl" -D "$dir" -l "$work_dir/$name.log" -w -t 60 -o "$options" start >/dev/null; then
            printf '%q ' "$pg_bin/pg_ctl" -D "$dir" -m fast -w stop >"$work_dir/$name.stop"
            printf '%q ' "$pg_bin/pg_ctl" -D "$dir" -l "$work_dir/$name.log" -w -t 60 -o "$options" start >"$work_dir/$name.start"
            echo "$standby_port"
            return 0
        fi
    done
    cat "$work_dir/$name.log" >&2 || true
    return 1
}

standby_port="$(start_standby standby)" || { echo "could not start the PostgreSQL standby" >&2; exit 1; }
spare_port="$(start_standby spare)" || { echo "could not start the spare PostgreSQL standby" >&2; exit 1; }
streaming=0
for attempt in $(seq 1 120); do
    streaming="$("$pg_bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" || true
    [[ "$streaming" == 2 ]] && break
    sleep 0.5
done
if [[ "$streaming" != 2 ]]; then
    echo "the PostgreSQL standbys are not streaming; their logs:" >&2
    cat "$work_dir/standby.log" "$work_dir/spare.log" >&2 || true
    exit 1
fi
echo "PostgreSQL hot standbys streaming on 127.0.0.1:$standby_port and 127.0.0.1:$spare_port (spare)" >&2

# stop|start for the spare standby, as its owner (the tests run as root in CI).
spare_ctl="$work_dir/spare-standby.sh"
{
    echo '#!/usr/bin/env bash'
    echo 'set -euo pipefail'
    echo 'case "$1" in stop|start) ;; *) echo "usage: $0 stop|start" >&2; exit 2 ;; esac'
    echo "command=\"\$(cat $(printf '%q' "$work_dir/spare").\$1)\""
    echo 'if [[ "$(id -u)" == 0 ]]; then su postgres -s /bin/bash -c "$command"; else bash -c "$command"; fi'
} >"$spare_ctl"
chmod +x "$spare_ctl"

export CALLBOOK_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
export CALLBOOK_TEST_POSTGRES_STANDBY="Host=127.0.0.1;Port=$standby_port;Username=postgres;Database=postgres"
export CALLBOOK_TEST_POSTGRES_SPARE_STANDBY="Host=127.0.0.1;Port=$spare_port;Username=postgres;Database=postgres"
export CALLBOOK_TEST_POSTGRES_SPARE_CTL="$spare_ctl"
cd "$repo_root"
status=0
dotnet test "$@" || status=$?
exit "$status"
