#!/usr/bin/env bash
# Runs a cluster of N silos (the cluster profile: membership in PostgreSQL) on this machine, instance i on
# HTTP 5080+i, silo port 11111+i, gateway 30000+i, all on the private PostgreSQL of scripts/db.sh. Ctrl-C stops all.
# usage: scripts/cluster.sh [N=3]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
n="${1:-3}"
scripts/db.sh start
scripts/web.sh
echo "cluster: building (Release)..." >&2
dotnet build src/Coordination.Server/Coordination.Server.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
export COORDINATION_DB="${COORDINATION_DB:-$(scripts/db.sh url);Maximum Pool Size=30}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
mkdir -p .data/cluster
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM
for i in $(seq 0 $((n - 1))); do
  dotnet src/Coordination.Server/bin/Release/net10.0/Coordination.Server.dll --profile cluster --instance "$i" >".data/cluster/silo-$i.log" 2>&1 &
  pids+=($!)
  echo "cluster: silo $i on http://127.0.0.1:$((5080 + i)) (log .data/cluster/silo-$i.log)" >&2
done
for i in $(seq 0 $((n - 1))); do
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$((5080 + i))/health/ready" >/dev/null 2>&1 && break; sleep 1; done
done
echo "cluster: $n silos ready; Ctrl-C stops them." >&2
wait
