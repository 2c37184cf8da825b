#!/usr/bin/env bash
# Imports a registry CSV (format in the README) into a running server; prints the report (row errors included).
# usage: scripts/import.sh FILE.csv [http://127.0.0.1:5080]
#   COORDINATION_TOKEN: an admin's bearer token; without it, the development sign-in issues one (Development only).
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: scripts/import.sh FILE.csv [base-url]" >&2; exit 2; }
file="$1"; base="${2:-http://127.0.0.1:${COORDINATION_HTTP_PORT:-5080}}"
[ -f "$file" ] || { echo "import: no file $file" >&2; exit 2; }
token="${COORDINATION_TOKEN:-$(curl -sSf -X POST "$base/api/v1/dev/sign-in" -H 'Content-Type: application/json' \
  -d '{"name":"import script","organisation":"coordination","role":"admin"}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')}"
status=$(curl -sS -o /dev/stderr -w '%{http_code}' -X POST "$base/api/v1/import/verbanden" \
  -H 'Content-Type: text/csv' -H "Authorization: Bearer $token" \
  --data-binary "@$file" 2>&1 >/dev/null || true)
echo >&2
case "$status" in 200) exit 0 ;; *) echo "import: HTTP $status" >&2; exit 1 ;; esac
