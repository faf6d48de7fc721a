#!/usr/bin/env bash
# OpenTelemetry's cost, same run: `callbook serve` (Release, embedded SQLite) without
# OTEL_EXPORTER_OTLP_ENDPOINT and with it (OTLP/HTTP to a local sink that answers 200), in the order
# off, on, off, on. For each: idle RSS after start and 20 warm-up lookups, and the server's CPU time
# (utime + stime from /proc) per caller lookup over a wrk run. Prints one table and the ratios.
# Usage: bench/telemetry.sh [seconds-per-wrk-run]   (default 15)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-15}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }

work="$(mktemp -d /tmp/callbook-otel.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

dotnet build src/Callbook -c Release -nologo -v q >/dev/null
exe="$PWD/src/Callbook/bin/Release/net10.0/callbook.dll"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

sink_port="$(free_port)"
python3 - "$sink_port" <<'PY' &
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
class Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Type", "application/x-protobuf"); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
HTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
PY
pids+=($!)

db="sqlite:$work/callbook.db"
tenant="$(dotnet "$exe" init --db "$db" --json --name bench)"
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$tenant" "$1"; }
account="$(field accountId)"; stream="$(field streamId)"; client="$(field clientId)"
token="$(dotnet "$exe" token --db "$db" --client-id "$client" --expires-in 600)"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

run() { # $1 = off|on; prints "rss_kb requests cpu_ms_per_1000"
    local port; port="$(free_port)"
    local env=(env -u OTEL_EXPORTER_OTLP_ENDPOINT)
    [[ "$1" == on ]] && env=(env OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$sink_port" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)
    "${env[@]}" dotnet "$exe" serve --db "$db" --urls "http://127.0.0.1:$port" --no-demo \
        --Callbook:RateLimits:PerMinute=100000000 --Callbook:RateLimits:PerHour=100000000 --Logging:LogLevel:Default=Warning >"$work/serve-$1.log" 2>&1 &
    local pid=$!
    pids+=("$pid")
    until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.1; done
    local url="http://127.0.0.1:$port/agentassist/api/v1/public/$stream/contacts?phone=%2B912445612345"
    for _ in $(seq 1 20); do curl -sf -o /dev/null -H "accountId: $account" -H "auth: $token" "$url"; done
    sleep 5
    local rss; rss="$(rss_kb "$pid")"
    local before; before="$(cpu_ticks "$pid")"
    local requests
    requests="$(wrk -t2 -c8 -d"${seconds}s" -H "accountId: $account" -H "auth: $token" "$url" | awk '/requests in/ {print $1}')"
    local after; after="$(cpu_ticks "$pid")"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    local hz; hz="$(getconf CLK_TCK)"
    echo "$rss $requests $(python3 -c "print(f'{($after - $before) * 1000 / $hz / $requests * 1000:.1f}')")"
}

# The contact the lookups find, created through the API.
port="$(free_port)"
dotnet "$exe" serve --db "$db" --urls "http://127.0.0.1:$port" --no-demo >/dev/null 2>&1 & first=$!; pids+=("$first")
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.1; done
curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/agentassist/api/v1/public/$stream/contacts" -H "accountId: $account" -H "auth: $token" \
    -H 'Content-Type: application/json' --data '[{"firstName":"john","lastName":"doe","salutation":"mr","cellPhone":{"extension":"+","phoneNumber":"2445612345","countryCode":"+91"}}]'
kill "$first"; wait "$first" 2>/dev/null || true
echo "| run | OTLP | idle RSS (MB) | lookups | server CPU ms per 1000 lookups |"
echo "|---|---|---|---|---|"
declare -A rss cpu
for round in 1 2; do
    for mode in off on; do
        read -r r n c < <(run "$mode")
        echo "| $round | $mode | $(python3 -c "print(round($r/1024, 1))") | $n | $c |"
        rss[$mode]="${rss[$mode]:-} $r"; cpu[$mode]="${cpu[$mode]:-} $c"
    done
done
python3 - "${rss[off]}" "${rss[on]}" "${cpu[off]}" "${cpu[on]}" <<'PY'
import sys
mean = lambda s: sum(map(float, s.split())) / len(s.split())
ro, rn, co, cn = (mean(a) for a in sys.argv[1:5])
print(f"\nmeans: idle RSS off {ro/1024:.1f} MB, on {rn/1024:.1f} MB (on/off {rn/ro:.2f}); CPU per 1000 lookups off {co:.1f} ms, on {cn:.1f} ms (on/off {cn/co:.2f})")
PY
