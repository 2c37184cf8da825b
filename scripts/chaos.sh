#!/usr/bin/env bash
# The failure tests on their own: kill -9 under a 64-client keyed load, PostgreSQL stopped and started under the
# server, one of three silos killed, and a battery of malformed requests. They are part of scripts/test.sh too;
# this runs just them, with their output (including time to recovery).
# usage: scripts/chaos.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$root/scripts/test.sh" --filter "FullyQualifiedName~Coordination.Server.Tests.Chaos|FullyQualifiedName~BadInputBattery"
