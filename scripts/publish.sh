#!/usr/bin/env bash
# One file to deploy: a self-contained single-file `callbook` for linux-x64 (no .NET install needed
# on the target). Usage: scripts/publish.sh [output-folder]   (default artifacts/publish)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/publish}"
dotnet publish src/Callbook/Callbook.csproj -c Release -r linux-x64 --self-contained \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none \
  -o "$out" --nologo -v quiet
ls -l "$out/callbook"
