#!/usr/bin/env bash
# Plays the situation of seeds/000 step by step through the API, pausing between steps, so you can watch the
# boards and the case room change live. Starts the product (scripts/run.sh) when it is not running yet.
# usage: scripts/demo.sh [--pause SECONDS] [--port N]
#   Open the printed page addresses in two browser windows (as PO2601 and as PO2602) before the steps begin.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
pause=5
port="${COORDINATION_HTTP_PORT:-5080}"
while [ $# -gt 0 ]; do
  case "$1" in
    --pause) pause="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "demo: unknown argument $1" >&2; exit 2 ;;
  esac
done
base="http://127.0.0.1:$port"
A=PO2602 B=PO2601 C=PO2603

started=""
if ! curl -sf "$base/health/ready" >/dev/null 2>&1; then
  echo "demo: starting the product (scripts/run.sh, log in .data/demo-server.log)..."
  mkdir -p .data
  COORDINATION_HTTP_PORT="$port" scripts/run.sh >.data/demo-server.log 2>&1 &
  started=$!
  trap '[ -n "$started" ] && kill "$started" 2>/dev/null; wait 2>/dev/null || true' EXIT
  for _ in $(seq 1 180); do curl -sf "$base/health/ready" >/dev/null 2>&1 && break; sleep 1; done
  curl -sf "$base/health/ready" >/dev/null || { echo "demo: the server did not become ready; see .data/demo-server.log" >&2; exit 1; }
  sleep 2 # the demo registry loads just after start-up
fi

# post PATH JSON ORGANISATION NAME: prints the response body, fails loudly on an error answer.
post() {
  local out status
  out=$(mktemp)
  status=$(curl -s -o "$out" -w '%{http_code}' -X POST "$base$1" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $(token "$4" "$3")" -d "$2")
  if [ "${status:0:1}" != "2" ]; then echo "demo: POST $1 answered $status: $(cat "$out")" >&2; rm -f "$out"; exit 1; fi
  cat "$out"; rm -f "$out"
}
# token NAME ORGANISATION: a token from the development sign-in (the server runs in Development).
token() {
  python3 - "$base" "$1" "$2" <<'PY'
import json, sys, urllib.request
base, name, org = sys.argv[1:]
role = "integrator" if len(org) == 6 and org[:2].isdigit() else "coordinator"
req = urllib.request.Request(base + "/api/v1/dev/sign-in", json.dumps({"name": name, "organisation": org, "role": role}).encode(), {"Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(req))["token"])
PY
}
field() { python3 -c "import sys, json; d = json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }
today() { python3 -c "import datetime, zoneinfo, sys; print((datetime.datetime.now(zoneinfo.ZoneInfo('Europe/Amsterdam')).date() + datetime.timedelta(days=int(sys.argv[1]))).isoformat())" "$1"; }
step() { echo; echo "── $1"; sleep "$pause"; }

echo
echo "Open these in a browser (sign in with the name you like):"
echo "  board of $B (the school's verband):   $base/#/bord/$B"
echo "  board of $A (where the child lives):  $base/#/bord/$A"
echo "  board of $C (issued the TLV):         $base/#/bord/$C"
step "A child lives and goes to school in Zeist ($C); the school signals that it needs more support."
id=$(post /api/v1/cases '{"parentsInformed":true,"student":{"name":"Mees van Dijk","dateOfBirth":"2015-10-10","municipality":"GM0355","school":"05AA00"},"reason":"ondersteuningsvraag van de school"}' 05AA00 "intern begeleider" | field "['id']")
echo "   case room: $base/#/casus/$id"
step "$C starts the intake and the TLV procedure (SO); two experts advise."
post "/api/v1/cases/$id/transitions" '{"trigger":"StartIntake"}' $C "consulent $C" >/dev/null
post "/api/v1/cases/$id/transitions" '{"trigger":"RequestTlv","schoolType":"SO","reason":"extra ondersteuning nodig"}' $C "consulent $C" >/dev/null
post "/api/v1/cases/$id/transitions" '{"trigger":"RecordExpertAdvice","expert":"Drs. K. de Graaf","discipline":"orthopedagoog"}' $C "consulent $C" >/dev/null
post "/api/v1/cases/$id/transitions" '{"trigger":"RecordExpertAdvice","expert":"Dr. L. Mulder","discipline":"kinderpsychiater"}' $C "consulent $C" >/dev/null
step "$C grants the TLV (SO, category midden) and the child is placed at SO De Heuvel."
post "/api/v1/cases/$id/transitions" "{\"trigger\":\"GrantTlv\",\"schoolType\":\"SO\",\"category\":\"Midden\",\"issuedBy\":\"$C\",\"startDate\":\"$(today -400)\",\"endDate\":\"$(today 330)\"}" $C "directeur $C" >/dev/null
post "/api/v1/cases/$id/transitions" '{"trigger":"StartPlacement"}' $C "consulent $C" >/dev/null
post "/api/v1/cases/$id/transitions" '{"trigger":"Place","school":"05AB00"}' $C "consulent $C" >/dev/null
step "The family moves to Amersfoort ($A) and the child goes to an SO school in Utrecht ($B): three verbanden, a joint resolution opens."
post "/api/v1/cases/$id/transitions" "{\"trigger\":\"ChangeSchool\",\"school\":\"01AD00\",\"date\":\"$(today 0)\"}" $C "consulent $C" >/dev/null
v=$(post "/api/v1/cases/$id/transitions" '{"trigger":"Move","municipality":"GM0307","reason":"verhuisd"}' $B "consulent $B" | field "['resolution']['proposals'][-1]['version']")
echo "   proposal $v: regie with $B (the school's verband), the TLV paid by $C"
step "$C has seen the request."
post "/api/v1/cases/$id/coordination/acknowledge" '{}' $C "coördinator $C" >/dev/null
step "$A objects: the arrangement costs should be shared, and counter-proposes."
v=$(post "/api/v1/cases/$id/coordination/proposals/$v/object" "{\"reason\":\"arrangementskosten delen\",\"counterProposal\":{\"regie\":\"$B\",\"payers\":[{\"verband\":\"$C\",\"cost\":\"TlvFunding\",\"percent\":100},{\"verband\":\"$A\",\"cost\":\"ArrangementCosts\",\"percent\":50},{\"verband\":\"$B\",\"cost\":\"ArrangementCosts\",\"percent\":50}],\"school\":\"01AD00\"}}" $A "coördinator $A" | field "['proposals'][-1]['version']")
step "$B accepts proposal $v."
post "/api/v1/cases/$id/coordination/proposals/$v/accept" '{}' $B "coördinator $B" >/dev/null
step "$C accepts proposal $v: every verband agreed."
state=$(post "/api/v1/cases/$id/coordination/proposals/$v/accept" '{}' $C "coördinator $C" | field "['state']")
echo "   resolution: $state; regie $B, TLV paid by $C, arrangement costs shared by $A and $B"
echo
echo "Done. The case: $base/api/v1/cases/$id  ·  its history: $base/api/v1/cases/$id/history"
if [ -n "$started" ]; then echo "The server keeps running for you; Ctrl-C stops it."; wait "$started"; fi
