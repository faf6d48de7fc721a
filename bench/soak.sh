#!/usr/bin/env bash
# Soak run (issue 7): N minutes of mixed traffic at the rate limit's edge against a Release build
# of `callbook serve` on a fresh database; passes when nothing but 2xx and 429 came back and the
# server's memory stayed flat. Usage: bench/soak.sh [minutes=10] [requests/s=11] [db=sqlite in a temp dir]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-10}"
rps="${2:-11}"
work="$(mktemp -d /tmp/callbook-soak.XXXXXX)"
db="${3:-sqlite:$work/callbook.db}"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
server_pid=""
cleanup() { [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet build -c Release -v q bench/Callbook.Bench >/dev/null
callbook="dotnet bench/Callbook.Bench/bin/Release/net10.0/callbook.dll"
init="$($callbook init --json --db "$db")"
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])" <<<"$init"; }

$callbook serve --db "$db" --urls "http://127.0.0.1:$port" --no-demo >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

echo "soak: $minutes min at $rps req/s against $(git rev-parse --short HEAD) on $(nproc) cores, $(date -u +%FT%TZ)"
dotnet bench/Callbook.Bench/bin/Release/net10.0/Callbook.Bench.dll soak \
  --url "http://127.0.0.1:$port" --account "$(field accountId)" --stream "$(field streamId)" \
  --client-id "$(field clientId)" --secret "$(field clientSecret)" --minutes "$minutes" --rps "$rps" --pid "$server_pid"
echo "server log lines: $(wc -l <"$work/server.log"), errors/warnings: $(grep -cE '^(fail|crit|warn):' "$work/server.log" || true)"
