#!/usr/bin/env bash
# Installs the page's JavaScript packages from npm (pinned in web/package-lock.json) and copies what the page
# serves into src/Coordination.Server/wwwroot/lib. Nothing is loaded from a CDN at run time.
# usage: scripts/web.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lib="$root/src/Coordination.Server/wwwroot/lib"
cd "$root/web"

if [ ! -f node_modules/@microsoft/signalr/dist/browser/signalr.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "web: npm ci (web/package-lock.json)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
mkdir -p "$lib"
cp node_modules/@microsoft/signalr/dist/browser/signalr.min.js "$lib/signalr.min.js"
