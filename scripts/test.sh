#!/usr/bin/env bash
# Runs every test against its own PostgreSQL (.data/pg-test on port 55433, or a free one; never the run data).
# usage: scripts/test.sh [dotnet test filter, e.g. --filter FullyQualifiedName~Domain]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export COORDINATION_PG_DIR="$root/.data/pg-test"
export COORDINATION_PG_PORT="${COORDINATION_PG_PORT:-55433}"
# Another checkout's test database may hold the port: then take a free one (ours is not running yet).
if [ ! -f "$COORDINATION_PG_DIR/postmaster.pid" ] && python3 -c "import socket, sys; s = socket.socket(); sys.exit(0 if s.connect_ex(('127.0.0.1', int(sys.argv[1]))) == 0 else 1)" "$COORDINATION_PG_PORT"; then
  COORDINATION_PG_PORT=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
  echo "test: port 55433 is taken, using $COORDINATION_PG_PORT for the test database" >&2
fi
export COORDINATION_PG_DB=coordination_test
scripts/db.sh start
trap 'scripts/db.sh stop' EXIT
scripts/web.sh
# The browser tests drive Debian's chromium; install it when missing (never a downloaded browser build).
if ! command -v chromium >/dev/null 2>&1; then
  echo "test: installing chromium..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq chromium >&2
fi
export COORDINATION_TEST_DB="$(scripts/db.sh url)"

echo "test: building..." >&2
dotnet build Coordination.sln -c Release -nologo -v quiet -clp:ErrorsOnly

results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
status=0
dotnet test Coordination.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" --logger "console;verbosity=normal" "$@" || status=$?

scripts/db.sh stop
trap - EXIT

# One closing line for CI, summed over every test project's results.
python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find(".//{*}Counters")
    if c is None: continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
