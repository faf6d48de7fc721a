#!/usr/bin/env bash
# Publishes the single-file `callbook`, copies it alone into a fresh folder and checks that it runs
# there: `--version`, then `serve` on the embedded database (the demo tenant is created), /healthz,
# /openapi/v1.json and /docs, and a contact created with the printed token. Prints size and start time.
set -euo pipefail
cd "$(dirname "$0")/.."
publish="$(mktemp -d)"
fresh="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$publish" "$fresh"' EXIT
# CALLBOOK_PUBLISHED: a folder already published by scripts/publish.sh (skips publishing again).
if [[ -n "${CALLBOOK_PUBLISHED:-}" ]]; then publish="$CALLBOOK_PUBLISHED"; trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$fresh"' EXIT
else scripts/publish.sh "$publish" >/dev/null; fi
cp "$publish/callbook" "$fresh/"
cd "$fresh"
echo "single file: $(du -h callbook | cut -f1) ($(stat -c %s callbook) bytes)"
version="$(./callbook --version)"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || { echo "callbook --version printed: $version"; exit 1; }
echo "callbook --version: $version"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
start="$(date +%s%N)"
# A database in the fresh folder and --demo: the output is not a terminal, and the default location is the user's data directory.
./callbook serve --db sqlite:./callbook.db --demo --urls "http://127.0.0.1:$port" > serve.log 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat serve.log; exit 1; }
  sleep 0.1
done
echo "serve answered /healthz after $(( ($(date +%s%N) - start) / 1000000 )) ms (first start: creates and migrates the database)"
curl -sf -o openapi.json "http://127.0.0.1:$port/openapi/v1.json" && grep -q '"CreateContacts"' openapi.json
curl -sf -o docs.html "http://127.0.0.1:$port/docs/" && grep -qi 'scalar' docs.html
# The demo banner's own curl command, pasted as a newcomer would.
create="$(grep -A3 "^curl -s -X POST" serve.log | sed 's/\\$//' | tr -d '\n')"
[ -n "$create" ] || { echo "no demo curl command in the banner:"; cat serve.log; exit 1; }
eval "$create" | grep -q '"status":"ACTIVE"' || { echo "the banner's curl command did not create a contact"; exit 1; }
[ -f callbook.db ] || { echo "no database at ./callbook.db"; exit 1; }
echo "single-file smoke test passed"
