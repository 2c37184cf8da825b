#!/usr/bin/env bash
# Benchmarks (docs/benchmarks.md): W1 HTTP transitions vs pgbench -N, W2 live latency (both beside a bare floor
# service, FloorServer.cs), W3 memory per grain.
# Starts its own PostgreSQL (.data/pg-bench, port 55434), emptied at every run so no figure depends on what an
# earlier run left behind, and a server on free ports; writes JSON and Markdown to artifacts/bench/. Not part of the
# test command.
# usage: scripts/bench.sh [--workloads w1,w2,w3] [--seconds 10] [--connections 1000] [--boards 1] [--client raw|signalr] [--rate 200] [--activations 10000,100000] [--clients 1,8,64] [--transition move|signal]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export COORDINATION_PG_DIR="$root/.data/pg-bench" COORDINATION_PG_PORT=55434 COORDINATION_PG_DB=coordination_bench
scripts/db.sh reset --yes
scripts/web.sh
echo "bench: building (Release)..." >&2
dotnet build Coordination.sln -c Release -nologo -v quiet -clp:ErrorsOnly

free_port() { python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
http=$(free_port)
db="$(scripts/db.sh url);Maximum Pool Size=64"
log="$root/artifacts/bench/server.log"
mkdir -p "$(dirname "$log")"
echo "bench: starting the server on 127.0.0.1:$http (log: $log)..." >&2
ASPNETCORE_ENVIRONMENT=Development COORDINATION_DB="$db" COORDINATION_HTTP_PORT="$http" \
  COORDINATION_SILO_PORT="$(free_port)" COORDINATION_GATEWAY_PORT="$(free_port)" COORDINATION_CLUSTER_ID="bench-$$" \
  dotnet src/Coordination.Server/bin/Release/net10.0/Coordination.Server.dll --profile test >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; scripts/db.sh stop' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$http/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -sf "http://127.0.0.1:$http/health/ready" >/dev/null || { echo "bench: the server did not become ready; see $log" >&2; exit 1; }

pgbench=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/pgbench
dotnet src/Coordination.Bench/bin/Release/net10.0/Coordination.Bench.dll \
  --url "http://127.0.0.1:$http" --db "$(scripts/db.sh url)" --pgbench "$pgbench" --out "$root/artifacts/bench" \
  --server-pid "$server" --postgres-pid "$(head -n 1 "$COORDINATION_PG_DIR/postmaster.pid")" "$@"
