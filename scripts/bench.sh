#!/usr/bin/env bash
# bench.sh — speed and memory benchmarks on the bundled data (make bench).
#   scripts/bench.sh          all tables: Porto Alegre, then the area clusters
#   scripts/bench.sh areas    the area-cluster table alone
# The area clusters are Baltimore's landuse=industrial areas (100 workers
# each, a test value) with its hospital/clinic areas as sites, extracted
# from the shared test data (SP_SHARED, default ../shared, as
# scripts/run-tests.sh; else the bundled copy data/baltimore.osm.pbf) as
# tests/cli/polygon_clusters.sh does (scripts/lib/baltimore_areas.sh);
# without either the table is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory build/release/bench >/dev/null
if [ "${1:-}" != areas ]; then
    build/release/bench data/porto_alegre.ini
    echo
fi
osm="${SP_SHARED:-../shared}/data/osm/baltimore.osm.pbf"
[ -f "$osm" ] || osm=data/baltimore.osm.pbf   # the same file, bundled for the worked example
if [ ! -f "$osm" ]; then
    echo "(area clusters: no baltimore.osm.pbf; skipped)"
    exit 0
fi
osm="$(cd "$(dirname "$osm")" && pwd)/$(basename "$osm")"
tmp=$(mktemp -d /tmp/siteplan-bench-areas-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. scripts/lib/baltimore_areas.sh
baltimore_areas "$osm" "$tmp"
# the same areas as one point each (their point on surface), for comparison
ogr2ogr -f GPKG "$tmp/ind_pts.gpkg" "$tmp/ind.gpkg" -dialect sqlite -nln industrial \
  -sql "SELECT id, name, workers, ST_PointOnSurface(GEOMETRY) AS geometry FROM industrial"
{ baltimore_areas_inputs "$osm"; printf '%s\n' "[render]" "enabled = no" "[output]" "dir = out"; } \
  >"$tmp/baltimore.ini"
sed 's/^clusters = ind.gpkg$/clusters = ind_pts.gpkg/' "$tmp/baltimore.ini" >"$tmp/baltimore_pts.ini"
build/release/bench areas "$tmp/baltimore.ini" "$tmp/baltimore_pts.ini"
