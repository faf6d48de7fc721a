#!/usr/bin/env bash
# The issue-6 benchmark: builds Release, and for each store starts `callbook serve` on a fresh
# database (PostgreSQL: a private cluster on a free loopback port, stopped at the end), drives it
# over HTTP on loopback from the Callbook.Bench process, and prints one markdown table: every
# figure next to the limit it is measured against in the same run, the ratio and the target.
# Usage: bench/run.sh [--quick] [--store sqlite|postgres|both] [--trace DIR] [--divide N] [--only create|import|lookup|list] [--server callbook.dll]
#                     [--pg-options 'Key=Value;…']
#        (default: full sizes, both stores, every workload, this tree's server)
# --only create runs the idle figure, the warm-up and the bulk create (#1) alone;
# --only import runs the idle figure, the warm-up and the CSV and .xlsx imports (#2) alone;
# --only lookup runs the warm-up, the import that fills the lookup's stream (untimed) and #3 alone
# (HttpClient-driven, then wrk -t2 -c16 against the fixed endpoint: #3w);
# --only list runs the warm-up, #1 (bulk create), the import that fills the list's stream (untimed), #4 and #9;
# --server measures another build's server (and its CLI) with this driver, e.g. an older commit's
# Release build in a worktree of its own, for before/after figures of the same run.
# --pg-options appends Npgsql connection-string settings to the PostgreSQL location (e.g.
# "Maximum Pool Size=4"), to measure a deployment setting against the defaults.
# --quick divides every size by 50: CI runs it as a smoke test and never judges its timings.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=""
sizes="full sizes"
store="both"
scope=""
extra=()
server=""
pg_options=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) quick="--quick"; sizes="quick sizes (/ 50)"; shift ;;
        --store) store="$2"; shift 2 ;;
        --divide) extra+=(--divide "$2"); sizes="sizes / $2"; shift 2 ;;   # sizes divided by N, for profiling runs
        --only) extra+=(--only "$2"); scope=", only $2"; shift 2 ;;   # one workload group: create, import, lookup or list (see above)
        --trace) extra+=(--trace "$(realpath -m "$2")"); shift 2 ;;   # dotnet-trace of the server per workload, kept in that folder
        --server) server="$(realpath "$2")"; shift 2 ;;
        --pg-options) pg_options=";$2"; scope="$scope, PostgreSQL with $2"; shift 2 ;;
        *) echo "usage: bench/run.sh [--quick] [--store sqlite|postgres|both] [--trace DIR] [--divide N] [--only create|import|lookup|list] [--server callbook.dll] [--pg-options 'Key=Value;…']" >&2; exit 2 ;;
    esac
done
case "$store" in sqlite) stores=(sqlite) ;; postgres) stores=(postgres) ;; both) stores=(sqlite postgres) ;;
    *) echo "--store is sqlite, postgres or both" >&2; exit 2 ;; esac

work="$(mktemp -d /tmp/callbook-bench.XXXXXX)"
pg_bin=""
pg_data=""
pg_root=""
cleanup() {
    if [[ -n "$pg_data" ]]; then
        as_owner "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$work" ${pg_root:+"$pg_root"}
}
trap cleanup EXIT

# initdb refuses to run as root: the cluster belongs to the postgres user when we are root.
as_owner() { if [[ "$(id -u)" == 0 ]]; then su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_postgres() {
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -n 1)"
    if [[ -z "$pg_bin" ]]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V -r | head -n 1)"
    fi
    pg_root="$(mktemp -d /tmp/callbook-bench-pg.XXXXXX)"
    if [[ "$(id -u)" == 0 ]]; then chown postgres: "$pg_root"; fi
    pg_data="$pg_root/data"
    as_owner "$pg_bin/initdb" -D "$pg_data" -A trust -U postgres >"$pg_root/initdb.log" 2>&1 || { cat "$pg_root/initdb.log" >&2; return 1; }
    for _ in 1 2 3 4 5; do
        pg_port="$(free_port)"
        # Durable commits (fsync on), like SQLite's synchronous=FULL: both stores pay for durability.
        if as_owner "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_root/server.log" -w -t 60 \
            -o "-p $pg_port -k $pg_root -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null; then
            return 0
        fi
    done
    cat "$pg_root/server.log" >&2
    return 1
}

# wrk drives the caller lookup as issue 13 measures it (#3w, WrkLookupBench): Debian's package when missing.
if ! command -v wrk >/dev/null; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } ||
        echo "wrk could not be installed: the wrk-driven lookup (#3w) is skipped" >&2
fi

dotnet build -c Release -v q -nologo bench/Callbook.Bench >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
out=bench/Callbook.Bench/bin/Release/net10.0
callbook="${server:-$out/callbook.dll}"
measured="$(git rev-parse --short HEAD)"
if [[ -n "$server" ]]; then measured="$(git -C "$(dirname "$server")" rev-parse --short HEAD 2>/dev/null || echo "?") ($server)"; fi
json() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])" <<<"$2"; }

for s in "${stores[@]}"; do
    if [[ "$s" == sqlite ]]; then
        mkdir -p "$work/sqlite"
        db="sqlite:$work/sqlite/callbook.db"
    else
        start_postgres
        db="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres$pg_options"
    fi
    init="$(dotnet "$callbook" init --json --name bench --db "$db")"
    import_stream="$(dotnet "$callbook" streams create --account "$(json accountId "$init")" --name import --grant "$(json clientId "$init")" --db "$db")"
    echo "== $s: server $measured, $sizes$scope, $(date -u +%FT%TZ)" >&2
    dotnet "$out/Callbook.Bench.dll" perf --callbook "$callbook" --db "$db" --store "$s" $quick --work "$work" "${extra[@]}" \
        --account "$(json accountId "$init")" --stream "$(json streamId "$init")" --import-stream "$import_stream" \
        --client-id "$(json clientId "$init")" --secret "$(json clientSecret "$init")" >"$work/rows-$s.md"
done

echo
echo "Callbook benchmark: $sizes$scope, server $measured, driver $(git rev-parse --short HEAD), $(date -u +%FT%TZ), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo
echo "| store | # | workload | figure | measured against, same run | ratio | target | met |"
echo "|---|---|---|---|---|---|---|---|"
for s in "${stores[@]}"; do cat "$work/rows-$s.md"; done
