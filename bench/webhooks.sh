#!/usr/bin/env bash
# Measures what a webhook subscription costs and how fast its events drain:
#   1. imports N rows into a stream without a subscription, then into one with a subscription;
#   2. counts the events a local receiver gets per second while the outbox drains;
#   3. times API calls (a create and a caller lookup every 200 ms) while idle and during the drain: p50 / p99 / max.
# Usage: bench/webhooks.sh <db location> [rows=1000000] [drain seconds=120]
# e.g.   bench/webhooks.sh sqlite:/tmp/bench/callbook.db 1000000 120
# Needs a Release build (dotnet build -c Release) and python3, curl.
set -euo pipefail

db="$1"; rows="${2:-1000000}"; drain_seconds="${3:-120}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
callbook=(dotnet "$repo_root/src/Callbook/bin/Release/net10.0/callbook.dll")
work="$(mktemp -d /tmp/callbook-bench.XXXXXX)"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

python3 - "$rows" >"$work/contacts.csv" <<'PY'
import sys
n = int(sys.argv[1])
out = sys.stdout
out.write("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\n")
for i in range(n):
    out.write(f"bench,n{i},mr,{20000000 + i},+1,+\n")
PY

init="$("${callbook[@]}" init --json --db "$db")"
account="$(json accountId <<<"$init")"; stream="$(json streamId <<<"$init")"; client="$(json clientId <<<"$init")"
hooked="$("${callbook[@]}" streams create --account "$account" --grant "$client" --db "$db")"

receiver_port="$(free_port)"
cat >"$work/receiver.cs" <<'CS'
#:sdk Microsoft.NET.Sdk.Web
#:property PublishAot=false
var app = WebApplication.CreateSlimBuilder(args).Build();
long count = 0;
app.MapPost("/hook", async (HttpContext context) =>
{
    await context.Request.Body.CopyToAsync(Stream.Null);
    Interlocked.Increment(ref count);
    return Results.Ok();
});
app.MapGet("/count", () => Interlocked.Read(ref count).ToString());
app.Run();
CS
# Built first and run as its own process, so that its pid is the receiver's (dotnet run would fork it).
dotnet build "$work/receiver.cs" -o "$work/receiver" >"$work/receiver-build.log" 2>&1
dotnet "$work/receiver/receiver.dll" --urls "http://127.0.0.1:$receiver_port" >"$work/receiver.log" 2>&1 & pids+=($!)
"${callbook[@]}" webhooks create --stream "$hooked" --url "http://127.0.0.1:$receiver_port/hook" --db "$db" >/dev/null

port="$(free_port)"
"${callbook[@]}" serve --db "$db" --urls "http://127.0.0.1:$port" --no-demo --Logging:LogLevel:Default=Warning >"$work/serve.log" 2>&1 & pids+=($!)
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
until curl -sf "http://127.0.0.1:$receiver_port/count" >/dev/null; do sleep 0.2; done
token="$("${callbook[@]}" token --client-id "$client" --expires-in 600 --db "$db")"
base="http://127.0.0.1:$port/agentassist/api/v1/public"
import() {
    curl -s -o "$work/import.json" -w '%{http_code} %{time_total}' -X POST "$base/$1/contacts/import-contacts?summary=true" \
        -H "accountId: $account" -H "auth: $token" -F "result_file=@$work/contacts.csv"
}
echo "rows: $rows  database: ${db%%:*}"
echo "import without a subscription: $(import "$stream") (status, seconds)"

probe() {
    local i="$1"
    while true; do
        i=$((i + 1))
        curl -s -o /dev/null -w '%{time_total}\n' -X POST "$base/$stream/contacts" -H "accountId: $account" -H "auth: $token" \
            -H 'Content-Type: application/json' --data "[{\"firstName\":\"probe\",\"lastName\":\"n$i\",\"salutation\":\"mr\",\"cellPhone\":{\"extension\":\"+\",\"phoneNumber\":\"$((30000000 + i))\",\"countryCode\":\"+1\"}}]" >>"$work/latency.txt"
        curl -s -o /dev/null -w '%{time_total}\n' "$base/$stream/contacts?phone=%2B1$((30000000 + i))" -H "accountId: $account" -H "auth: $token" >>"$work/latency.txt"
        sleep 0.2
    done
}
latency() {
    python3 - "$work/latency.txt" "$1" <<'PY'
import sys
t = sorted(float(x) * 1000 for x in open(sys.argv[1]) if x.strip())
p = lambda q: t[min(len(t) - 1, int(q * len(t)))]
print(f"API calls {sys.argv[2]}: {len(t)}, p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {t[-1]:.1f} ms")
PY
}
probe 0 & probe_pid=$!; pids+=($probe_pid)
sleep 10; kill "$probe_pid"; latency "while idle"; : >"$work/latency.txt"
echo "import with one subscription:  $(import "$hooked") (status, seconds)"
probe 1000000 & pids+=($!)
start="$(date +%s.%N)"; previous=0; previous_at="$start"
for _ in $(seq 1 $((drain_seconds / 10))); do
    sleep 10
    count="$(curl -s "http://127.0.0.1:$receiver_port/count")"; now="$(date +%s.%N)"
    python3 -c "print(f'after {($now - $start):5.0f} s: {$count:>8} events delivered, {($count - $previous) / ($now - $previous_at):7.0f} events/s')"
    previous="$count"; previous_at="$now"
    [[ "$count" -ge "$rows" ]] && break
done
latency "during the drain"
