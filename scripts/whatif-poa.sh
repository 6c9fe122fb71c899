#!/usr/bin/env bash
# whatif-poa.sh — what-if scenarios on the bundled Porto Alegre data, from a
# script: each is the default scenario with some keys overridden (--set),
# run into its own folder under out/whatif/, then compared in one table.
#
#   scripts/whatif-poa.sh            (after make)
#
# Every run is a full `siteplan run`; see README.md for the keys.
set -euo pipefail
cd "$(dirname "$0")/.."
base=data/porto_alegre.ini
out=out/whatif
mkdir -p "$out"

# A facility added by hand: the Moinhos de Vento hospital (from
# data/poa_points_of_interest.csv, whose columns are id,lat,lon).
poi=data/poa_points_of_interest.csv

run() { # NAME ARGS...
  local name=$1; shift
  ./siteplan run "$base" -q -o "$out/$name" --set render.enabled=no "$@" >/dev/null 2>"$out/$name.log" ||
    { echo "whatif: $name failed:" >&2; tail -n 1 "$out/$name.log" >&2; exit 1; }
}
num() { sed -n "s/^  \"$2\": \([0-9.]*\),*$/\1/p" "$out/$1/summary.json" | head -n 1; }

run baseline
# Close the station that reaches the most workers (the first in the sites
# layer of the baseline's results, ordered by workers).
busiest=$(ogrinfo -q "$out/baseline/results.gpkg" -sql \
  "SELECT id FROM sites ORDER BY workers DESC, id LIMIT 1" | sed -n 's/.*id (String) = //p')
run close-busiest --set "inputs.sites.where=healthcare > 0 AND id <> '$busiest'"
run close-all --set inputs.sites=
run add-hospitals --set "inputs.facilities=$poi" --set inputs.facilities.x=lon \
  --set inputs.facilities.y=lat --set inputs.facilities.id=id \
  --set "inputs.facilities.where=id LIKE '%hospital%'"
run walk-15 --set travel.minutes=15
run bike-15 --set travel.mode=bike --set travel.minutes=15
run walk-15-plus-5 --set travel.minutes=15 --set siting.budget=5 \
  --set "siting.candidates=data/poa_hexgrid.csv" --set siting.candidates.x=lon \
  --set siting.candidates.y=lat --set siting.candidates.id=id

printf '%-16s %6s %9s %12s %9s %8s\n' scenario sites minutes "workers cov" percent gaps
for s in baseline close-busiest close-all add-hospitals walk-15 bike-15 walk-15-plus-5; do
  pct=$(num "$s" percent_covered)
  cov=$(num "$s" workers_covered)
  if grep -q '"siting"' "$out/$s/summary.json"; then
    # with recommendations: coverage after the new sites
    pct="$(sed -n '/"siting"/,/}/s/^    "percent_covered": \([0-9.]*\),*$/\1/p' "$out/$s/summary.json")*"
    cov="$(sed -n '/"siting"/,/}/s/^    "workers_covered": \([0-9.]*\),*$/\1/p' "$out/$s/summary.json")*"
  fi
  printf '%-16s %6s %9s %12s %9s %8s\n' "$s" "$(num "$s" sites_total)" "$(num "$s" minutes)" \
    "$cov" "$pct" "$(num "$s" gaps_total)"
done
echo "(* after the recommended new sites; closed station: $busiest; results in $out/)"
