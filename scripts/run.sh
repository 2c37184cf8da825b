#!/usr/bin/env bash
# Runs Coordination on this machine: starts the private PostgreSQL (scripts/db.sh), builds, and serves
# http://127.0.0.1:5080. Ctrl-C stops the server; the data stays for the next run.
# usage: scripts/run.sh [--port N] [--profile local|cluster] [--instance N]
#   COORDINATION_HTTP_PORT, COORDINATION_DB and the other variables in the README override the profile.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

port="${COORDINATION_HTTP_PORT:-5080}"
profile="${COORDINATION_PROFILE:-local}"
instance=0
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --profile) profile="$2"; shift 2 ;;
    --instance) instance="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done

scripts/db.sh start
scripts/web.sh
export COORDINATION_DB="${COORDINATION_DB:-$(scripts/db.sh url);Maximum Pool Size=40}"
# Development: the development sign-in (demo users without passwords) is on. Set ASPNETCORE_ENVIRONMENT=Production
# with COORDINATION_AUTHORITY or COORDINATION_SIGNING_KEY for a real deployment.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"

echo "run: building (Release)..." >&2
dotnet build src/Coordination.Server/Coordination.Server.csproj -c Release -nologo -v quiet -clp:ErrorsOnly

base="http://127.0.0.1:$((port + instance))"
cat >&2 <<MSG

Coordination is starting ($profile profile) on $base
  page        $base/                (development sign-in: pick a name and an organisation)
  API         $base/api/v1/...      (bearer token; in Development from POST /api/v1/dev/sign-in)
  API docs    $base/docs            (admin)   OpenAPI: $base/openapi/v1.json
  dashboard   $base/dashboard       (admin)
  health      $base/health/ready
Ctrl-C stops it; the data stays in .data/ for the next run.

MSG
exec dotnet src/Coordination.Server/bin/Release/net10.0/Coordination.Server.dll \
  --profile "$profile" --port "$port" --instance "$instance" "${args[@]}"
