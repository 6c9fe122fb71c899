#!/usr/bin/env bash
# bench.sh — speed and memory benchmarks on the bundled data (make bench).
#   scripts/bench.sh          all tables: Porto Alegre, then the area clusters
#   scripts/bench.sh areas    the area-cluster table alone
# The area clusters are Baltimore's landuse=industrial areas (100 workers
# each, a test value) with its hospital/clinic areas as sites, extracted
# from the shared test data (SP_SHARED, default ../shared, as
# scripts/run-tests.sh; else the bundled copy data/baltimore.osm.pbf) like
# tests/cli/polygon_clusters.sh; without either the table is skipped.
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
ogr2ogr -f GPKG "$tmp/ind.gpkg" "$osm" -dialect sqlite -nln industrial \
  -sql "SELECT COALESCE(osm_id, osm_way_id) AS id, name, 100 AS workers, geometry FROM multipolygons WHERE landuse='industrial'"
ogr2ogr -f GPKG "$tmp/health.gpkg" "$osm" -dialect sqlite -nln health \
  -sql "SELECT COALESCE(osm_id, osm_way_id) AS id, name, geometry FROM multipolygons WHERE amenity IN ('hospital','clinic')"
# the same areas as one point each (their point on surface), for comparison
ogr2ogr -f GPKG "$tmp/ind_pts.gpkg" "$tmp/ind.gpkg" -dialect sqlite -nln industrial \
  -sql "SELECT id, name, workers, ST_PointOnSurface(GEOMETRY) AS geometry FROM industrial"
cat > "$tmp/baltimore.ini" <<INI
[inputs]
network = $osm
clusters = ind.gpkg
clusters.weight = workers
clusters.id = id
clusters.name = name
sites = health.gpkg
sites.id = id
sites.name = name
[render]
enabled = no
[output]
dir = out
INI
sed 's/^clusters = ind.gpkg$/clusters = ind_pts.gpkg/' "$tmp/baltimore.ini" >"$tmp/baltimore_pts.ini"
build/release/bench areas "$tmp/baltimore.ini" "$tmp/baltimore_pts.ini"
