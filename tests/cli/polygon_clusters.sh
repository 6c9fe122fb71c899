#!/usr/bin/env bash
# Polygon worker clusters and polygon sites (Baltimore's landuse=industrial
# areas and its hospital/clinic areas from the OSM file), car, 10 minutes.
# The worker count (100 per area) is a test value, not data.
# Checks: every polygon is kept, is represented by a point on its surface
# (the snapped distance is small for areas that touch roads), the clusters
# layer keeps the polygons, areas count partly (their workers spread over
# lattice points, cover/lattice.h), results schema 7's per-area columns
# agree with an independent lattice, and results are consistent.
set -u
: "${SP_ROOT:?SP_ROOT must name the repository}"
fail() { echo "FAIL: $*" >&2; exit 1; }
osm="$SP_SHARED/data/osm/baltimore.osm.pbf"
[ -f "$osm" ] || fail "missing $osm"
d="$SP_TMP/polygon_clusters"; rm -rf "$d"; mkdir -p "$d"
# the areas as scripts/bench.sh extracts them
. "$SP_ROOT/scripts/lib/baltimore_areas.sh" || fail "cannot read scripts/lib/baltimore_areas.sh"
baltimore_areas "$osm" "$d" || fail "extracting the Baltimore areas"
n_ind=$(ogrinfo -so "$d/ind.gpkg" industrial | sed -n 's/^Feature Count: //p')
n_h=$(ogrinfo -so "$d/health.gpkg" health | sed -n 's/^Feature Count: //p')
[ "$n_ind" -gt 10 ] || fail "expected industrial polygons, got $n_ind"
{ baltimore_areas_inputs "$osm"
  printf '%s\n' "[travel]" "mode = car" "minutes = 10" "[render]" "enabled = no" "[output]" "dir = out"
} >"$d/b.ini"
"$SITEPLAN" run "$d/b.ini" -q > "$d/stdout" 2> "$d/stderr" || { cat "$d/stderr"; fail "run failed"; }
s="$d/out/summary.json"
num() { sed -n "s/^  \"$1\": \([0-9.]*\),*$/\1/p" "$s" | head -n 1; }
[ "$(num clusters_total)" = "$n_ind" ] || fail "clusters_total $(num clusters_total) != $n_ind polygons"
[ "$(num sites_total)" = "$n_h" ] || fail "sites_total $(num sites_total) != $n_h polygons"
[ "$(num workers_total)" = "$((n_ind * 100))" ] || fail "workers_total $(num workers_total)"
grep -q '"crs": "EPSG:32618"' "$s" || fail "Baltimore should be UTM 18N"
rows=$(($(wc -l < "$d/out/coverage.csv") - 1))
[ "$rows" = "$n_ind" ] || fail "coverage.csv has $rows rows"
geom=$(ogrinfo -so "$d/out/results.gpkg" clusters | sed -n 's/^Geometry: //p')
[ "$geom" = "Multi Polygon" ] || fail "clusters layer geometry is '$geom', expected Multi Polygon"
# Area clusters count partly (cover/lattice.h): a cluster is covered when
# its best lattice point is; its covered workers are the shares of its
# covered points, so 0 < workers_covered <= 100 x covered clusters, and
# some areas here are partly covered (names may hold commas: ask the
# GeoPackage rather than splitting the CSV)
ncov=$(ogrinfo -q "$d/out/results.gpkg" -sql "SELECT COUNT(*) AS n FROM clusters WHERE covered = 1" |
       sed -n 's/.*n (Integer) = //p')
wcov=$(num workers_covered)
awk -v w="$wcov" -v n="$ncov" 'BEGIN { exit !(w > 0 && w <= n * 100) }' ||
    fail "workers_covered $wcov not in (0, $ncov x 100]"
awk -v w="$wcov" -v n="$ncov" 'BEGIN { exit !(w < n * 100) }' ||
    fail "workers_covered $wcov = $ncov x 100: no area partly covered"
# An independent computation of the partial shares: each area's lattice
# points (cover/lattice.h: spacing max(car cell 60 m, sqrt(area / 64)),
# aligned to the envelope centre, strictly inside) made by SQLite/SpatiaLite
# in the working CRS, run as point clusters of 1 worker; each area counts
# 100 x its covered points / its points.  summary.json rounds workers, so
# the two agree within 0.5.
ogr2ogr -f GPKG "$d/ind_utm.gpkg" "$d/ind.gpkg" -t_srs EPSG:32618 -nln ind || fail "ogr2ogr ind_utm"
ogr2ogr -f CSV "$d/lat.csv" "$d/ind_utm.gpkg" -dialect sqlite -nln lat -lco GEOMETRY=AS_WKT -sql "
WITH RECURSIVE k(v) AS (SELECT -300 UNION ALL SELECT v + 1 FROM k WHERE v < 300),
p AS (SELECT id, GEOMETRY AS g, (MbrMinX(GEOMETRY) + MbrMaxX(GEOMETRY)) / 2.0 AS cx,
      (MbrMinY(GEOMETRY) + MbrMaxY(GEOMETRY)) / 2.0 AS cy,
      MAX(60.0, SQRT(ST_Area(GEOMETRY) / 64.0)) AS s, MbrMinX(GEOMETRY) AS x0,
      MbrMaxX(GEOMETRY) AS x1, MbrMinY(GEOMETRY) AS y0, MbrMaxY(GEOMETRY) AS y1 FROM ind)
SELECT p.id AS area, MakePoint(p.cx + a.v * p.s, p.cy + b.v * p.s, 32618) AS geometry
FROM p, k a, k b
WHERE p.cx + a.v * p.s > p.x0 AND p.cx + a.v * p.s < p.x1 AND p.cy + b.v * p.s > p.y0
  AND p.cy + b.v * p.s < p.y1
  AND ST_Contains(p.g, MakePoint(p.cx + a.v * p.s, p.cy + b.v * p.s, 32618)) = 1" ||
  fail "ogr2ogr lattice"
n_areas=$(tail -n +2 "$d/lat.csv" | cut -d, -f2 | sort -u | wc -l)
[ "$n_areas" = "$n_ind" ] || fail "the SQL lattice covers $n_areas of $n_ind areas (expected every one)"
awk -F, 'NR == 1 { print "id,area,workers,wkt"; next }
         { a = $2; gsub(/"/, "", a); n[a]++; print a "_" n[a] "," a ",1," $1 }' "$d/lat.csv" > "$d/pts.csv"
ogr2ogr -f GPKG "$d/pts.gpkg" "$d/pts.csv" -nln pts -a_srs EPSG:32618 -oo GEOM_POSSIBLE_NAMES=wkt \
  -oo KEEP_GEOM_COLUMNS=NO -oo AUTODETECT_TYPE=NO || fail "ogr2ogr pts"
sed 's/^clusters = .*/clusters = pts.gpkg/; /^clusters.name = /d; s#^dir = .*#dir = out_pts#' \
  "$d/b.ini" > "$d/pts.ini"
"$SITEPLAN" run "$d/pts.ini" -q > "$d/pts.stdout" 2> "$d/pts.stderr" || { cat "$d/pts.stderr"; fail "points run failed"; }
want=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
                { split($1, q, "_"); n[q[1]]++; if ($k["covered"] == 1) c[q[1]]++ }
                END { for (a in n) t += 100 * c[a] / n[a]; printf "%.4f", t }' "$d/out_pts/coverage.csv")
awk -v w="$wcov" -v x="$want" 'BEGIN { exit !(w - x <= 0.5 && x - w <= 0.5) }' ||
    fail "workers_covered $wcov, the independent lattice gives $want"
# Results schema 7 per area (coverage.csv; names may hold commas: csv
# module) against the independent lattice: demand_points its SQL lattice
# points; workers_covered 100 x its covered points / its points (equal
# shares to 2^-20 worker); share_covered that / 100 (4 decimals);
# minutes_worst empty unless every point is covered; their sum is
# summary.json workers_covered (rounded); summary.json demand_points the SQL
# lattice's points, clusters_areas every area, clusters_partly_covered the
# areas with 0 < share < 1, some here.
python3 - "$d" <<'PY' || fail "schema 7 area columns disagree with the independent lattice (above)"
import csv, json, sys
d = sys.argv[1]
n, c = {}, {}
for r in csv.DictReader(open(d + "/out_pts/coverage.csv")):
    a = r["id"].rsplit("_", 1)[0]
    n[a] = n.get(a, 0) + 1
    c[a] = c.get(a, 0) + (r["covered"] == "1")
s = json.load(open(d + "/out/summary.json"))
bad, wc, partly = [], 0.0, 0
for r in csv.DictReader(open(d + "/out/coverage.csv")):
    a, w, sh = r["id"], float(r["workers_covered"]), float(r["share_covered"])
    want = 100.0 * c[a] / n[a]
    if int(r["demand_points"]) != n[a]: bad.append("%s: demand_points %s, SQL lattice %d" % (a, r["demand_points"], n[a]))
    if abs(w - want) > 1e-3: bad.append("%s: workers_covered %s, lattice 100 x %d / %d" % (a, r["workers_covered"], c[a], n[a]))
    if abs(sh - want / 100) > 0.00005 + 1e-9: bad.append("%s: share_covered %s, lattice %.6f" % (a, r["share_covered"], want / 100))
    if (r["minutes_worst"] != "") != (c[a] == n[a]): bad.append("%s: minutes_worst '%s' with %d of %d points covered" % (a, r["minutes_worst"], c[a], n[a]))
    wc += w
    partly += 0 < c[a] < n[a]
if abs(wc - s["workers_covered"]) > 0.5: bad.append("coverage.csv workers_covered add up to %.4f, summary.json %s" % (wc, s["workers_covered"]))
if s["demand_points"] != sum(n.values()): bad.append("summary demand_points %s, SQL lattice %d" % (s["demand_points"], sum(n.values())))
if s["clusters_areas"] != len(n): bad.append("summary clusters_areas %s, %d areas" % (s["clusters_areas"], len(n)))
if s["clusters_partly_covered"] != partly or partly == 0: bad.append("summary clusters_partly_covered %s, lattice %d (expected some)" % (s["clusters_partly_covered"], partly))
print("polygon clusters: %d demand points, %d areas partly covered, coverage.csv workers_covered %.4f" % (s["demand_points"], partly, wc))
for b in bad[:10]: print("FAIL: " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
# Every cluster counted reachable snapped within max_snap_m.
bad=$(ogrinfo -q "$d/out/results.gpkg" -sql "SELECT COUNT(*) AS n FROM clusters WHERE reachable = 1 AND snap_m > 1000" |
      sed -n 's/.*n (Integer) = //p')
[ "$bad" = 0 ] || fail "$bad clusters reachable beyond max_snap_m"
# The representative point is on (inside) its polygon, so its snap distance
# can never be less than the distance from the whole polygon to the nearest
# road of the main network piece (computed independently by SQLite/GEOS).
short=$(ogrinfo -q "$d/out/results.gpkg" -dialect sqlite -sql \
  "SELECT COUNT(*) AS n FROM (SELECT c.snap_m AS s, MIN(ST_Distance(c.geom, r.geom)) AS dmin
     FROM clusters c, roads r WHERE r.main = 1 AND c.snap_m IS NOT NULL GROUP BY c.fid)
   WHERE s < dmin - 0.05" | sed -n 's/.*n (Integer) = //p')
[ "$short" = 0 ] || fail "$short clusters snapped closer than their polygon is to any road"
echo "polygon clusters: $n_ind industrial areas, $n_h health sites, $(num percent_covered)% covered ($wcov workers; independent lattice $want)"
