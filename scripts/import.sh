#!/usr/bin/env bash
# Imports a registry CSV (format in the README) into a running server; prints the report (row errors included).
# usage: scripts/import.sh FILE.csv [http://127.0.0.1:5080]
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: scripts/import.sh FILE.csv [base-url]" >&2; exit 2; }
file="$1"; base="${2:-http://127.0.0.1:${COORDINATION_HTTP_PORT:-5080}}"
[ -f "$file" ] || { echo "import: no file $file" >&2; exit 2; }
status=$(curl -sS -o /dev/stderr -w '%{http_code}' -X POST "$base/api/v1/import/verbanden" \
  -H 'Content-Type: text/csv' -H 'X-Actor-Name: import script' -H "X-Actor-Organisation: $(hostname)" \
  --data-binary "@$file" 2>&1 >/dev/null || true)
echo >&2
case "$status" in 200) exit 0 ;; *) echo "import: HTTP $status" >&2; exit 1 ;; esac
