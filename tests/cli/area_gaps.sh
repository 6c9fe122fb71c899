#!/usr/bin/env bash
# area_gaps.sh — issue 13, gaps from the uncovered parts of area clusters
# (cover/gaps.h) on the 17-node test network (tests/data/osm/topology.osm),
# walk 2 minutes, one site s1 at node 1 (UTM 50N 212340.6, 2513024.4),
# [gaps] link_m = 300.  Areas drawn in the working CRS (EPSG:32650):
#   half    240 x 60 m west of s1, 330 workers, the park of area_clusters.sh:
#           lattice of 33 points (11 columns at x 212080 .. 212280 step 20,
#           3 rows at y 2512985 .. 2513025), the east ones covered;
#   inside   60 x 50 m around s1, 90 workers, all covered;
#   pa, pb  two parcels 300 x 60 m, 100 m apart east of the network, 200
#           and 100 workers, none covered; their inner points (the centres)
#           are 400 m apart.
# Independent of the code: the covered lattice points come from a run of
# the lattice points (computed here with awk) as point clusters; a lattice
# point's Voronoi cell is its 20 x 20 m square, the outer columns stretched
# to the outline (30 m wide), so the uncovered part's area is the sum of
# the uncovered points' cells.
# Checks:
#   - half alone: one gap zone, cluster_ids 'half', workers = workers_total
#     - workers_covered (the uncovered shares), area = the uncovered cells
#     (within one lattice column of the uncovered share of the park); the
#     park is covered (some point) and has gap_rank 1;
#   - pa + pb: one zone of both (their outlines 100 m apart), 300 workers,
#     the two parcels' area; the same workers as point clusters at the
#     parcels' centres: two zones (400 m apart);
#   - all four: the gap workers add up to workers_total - workers_covered,
#     inside has no gap_rank, pa and pb share one;
#   - siting with a candidate west of the half park: gaps_after is the
#     park's part that both sites leave (10 workers per point, 330 / 33,
#     and the cells' area, from a point run with both sites).
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

. "$SP_ROOT/tests/cli/lib/parks.sh"
parks_begin area_gaps

{
    echo id,workers,wkt
    park half $PARK_HALF 330
    park inside $PARK_INSIDE 90
    park pa 212700 2513100 213000 2513160 200
    park pb 213100 2513100 213400 2513160 100
} >parks.csv
{
    echo id,workers,wkt
    echo 'pa,200,"POINT(212850 2513130)"'
    echo 'pb,100,"POINT(213250 2513130)"'
} >centres.csv
# the half park's lattice (spacing 20 m), as point clusters of 1 worker
{ echo id,workers,wkt; lattice half $PARK_HALF 20; } >points.csv
wkt_gpkg parks centres points
n_half=$(($(wc -l <points.csv) - 1))
[ "$n_half" = 33 ] || fail "independent lattice: $n_half points, expected 33"

# ini NAME LAYER WHERE: walk 2 minutes, clusters LAYER.gpkg filtered by
# WHERE, [gaps] link_m = 300
ini() { parks_ini "$@" "[gaps]" "link_m = 300"; }
# sql RUN QUERY: the rows of an SQLite-dialect query on RUN's results.gpkg,
# one line each, fields joined by "|"
sql() {
    ogrinfo -ro -q -dialect sqlite -sql "$2" "out_$1/results.gpkg" 2>"$1.ogr.err" |
        awk -F' = ' '/^OGRFeature/ { if (row != "") print row; row = ""; next }
                     / = / { row = row (row == "" ? "" : "|") $2 } END { if (row != "") print row }'
}
# near A B TOL: |A - B| <= TOL
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; exit !(d <= t && d >= -t) }'; }

# uncovered_cells RUN: "N AREA", the half park's lattice points uncovered
# in RUN (a run of the points as point clusters, coverage.csv's covered)
# and their cells' area: x from -10 to +10, an outer column's (no point 20
# m further) from the outline, 212060 / 212300; y likewise (the outer rows
# reach the outline at 10 m anyway)
uncovered_cells() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next } { print $1 "," $k["covered"] }' \
        "out_$1/coverage.csv" | sort >"$1.cov"
    awk -F'[,"( )]+' 'NR == FNR { cov[$1] = $2; next } FNR > 1 && cov[$1] == 0 {
        x = $4; y = $5; xa = x - 10; xb = x + 10; ya = y - 10; yb = y + 10
        if (x - 20 <= 212060) xa = 212060; if (x + 20 >= 212300) xb = 212300
        if (y - 20 <= 2512975) ya = 2512975; if (y + 20 >= 2513035) yb = 2513035
        n++; a += (xb - xa) * (yb - ya) } END { printf "%d %.6f\n", n, a }' "$1.cov" points.csv
}
ini points points "1 = 1"
run points
read -r k_unc want_area <<EOF
$(uncovered_cells points)
EOF
check "point run: $k_unc of $n_half half-park points uncovered; their cells: $want_area m2"
[ "$k_unc" -gt 0 ] && [ "$k_unc" -lt "$n_half" ] || fail "half park not partly covered ($k_unc of $n_half)"

# 1. the half park alone
ini half parks "id = 'half'"
run half
total=$(jget out_half/summary.json workers_total)
covered=$(jget out_half/summary.json workers_covered)
row=$(sql half "SELECT workers, clusters, cluster_ids, ST_Area(geom) AS a FROM gaps")
check "half park: gap '$row' (workers|clusters|ids|area); expected $total - $covered workers, area $want_area"
IFS='|' read -r gw gc gids garea <<EOF
$row
EOF
[ "$(sql half "SELECT COUNT(*) FROM gaps")" = 1 ] || fail "half park: not one gap zone"
near "${gw:-x}" "$(awk -v t="$total" -v c="$covered" 'BEGIN { printf "%.9f", t - c }')" 1e-6 ||
    fail "half park: gap workers $gw, expected $total - $covered"
[ "$gc" = 1 ] && [ "$gids" = half ] || fail "half park: gap clusters $gc ids '$gids'"
near "${garea:-x}" "$want_area" 1e-3 || fail "half park: gap area $garea, expected $want_area"
near "$garea" "$(awk -v k="$k_unc" 'BEGIN { print 14400 * k / 33 }')" 1200 ||
    fail "half park: gap area $garea not within one lattice column of the uncovered share"
[ "$(sql half "SELECT covered, gap_rank FROM clusters WHERE id = 'half'")" = "1|1" ] ||
    fail "half park: clusters covered|gap_rank '$(sql half "SELECT covered, gap_rank FROM clusters")', expected 1|1"
[ "$(jget out_half/summary.json gaps_total)" = 1 ] || fail "half park: summary gaps_total"

# 2. the parcels: one zone by their outlines; as points, two
ini parcels parks "id IN ('pa', 'pb')"
run parcels
row=$(sql parcels "SELECT workers, clusters, cluster_ids, ST_Area(geom) AS a FROM gaps")
check "parcels: gaps '$row' (expected one zone: 300|2|pa;pb|36000)"
IFS='|' read -r gw gc gids garea <<EOF
$row
EOF
[ "$(sql parcels "SELECT COUNT(*) FROM gaps")" = 1 ] || fail "parcels: not one gap zone"
[ "$gw" = 300.0 ] || [ "$gw" = 300 ] || fail "parcels: gap workers $gw"
[ "$gc" = 2 ] || fail "parcels: gap clusters $gc"
near "${garea:-x}" 36000 1e-3 || fail "parcels: gap area $garea"
ini centres centres "1 = 1"
run centres
n=$(sql centres "SELECT COUNT(*) FROM gaps")
check "parcel centres as points: $n gap zones (expected 2)"
[ "$n" = 2 ] || fail "parcel centres: $n gap zones, expected 2"

# 3. all four: the zones hold the workers not covered
ini all parks "1 = 1"
run all
total=$(jget out_all/summary.json workers_total)
covered=$(jget out_all/summary.json workers_covered)
gsum=$(sql all "SELECT SUM(workers) FROM gaps")
check "all: gaps hold $gsum workers; workers_total $total - workers_covered $covered"
near "${gsum:-x}" "$(awk -v t="$total" -v c="$covered" 'BEGIN { printf "%.9f", t - c }')" 1e-6 ||
    fail "all: gaps hold $gsum workers, expected $total - $covered"
ranks=$(sql all "SELECT id, COALESCE(gap_rank, 0) FROM clusters ORDER BY id" | tr '\n' ' ')
check "all: gap_rank per cluster: $ranks"
case $ranks in
    "half|2 inside|0 pa|1 pb|1 ") ;;
    *) fail "all: gap ranks '$ranks', expected 'half|2 inside|0 pa|1 pb|1 '" ;;
esac

# 4. after siting: one candidate w1 at node 10, west of the half park
# (budget 1): the gaps after are the half park's points that s1 and w1
# leave uncovered (an independent point run with both sites as sites)
printf '%s\n' id,name,lon,lat w1,west,114.1990,22.7000 >cand.csv
printf '%s\n' id,name,lon,lat s1,site,114.2000,22.7000 w1,west,114.1990,22.7000 >both.csv
ini pts2 points "1 = 1"
sed -i 's/^sites = sites.csv/sites = both.csv/' pts2.ini
run pts2
read -r k2 want2 <<EOF
$(uncovered_cells pts2)
EOF
ini site parks "id = 'half'"
printf '%s\n' "[siting]" "budget = 1" "candidates = cand.csv" "candidates.x = lon" "candidates.y = lat" \
    "candidates.id = id" >>site.ini
run site
row=$(sql site "SELECT workers, cluster_ids, ST_Area(geom) AS a FROM gaps_after")
check "after w1: $k2 points uncovered (cells $want2 m2); gaps_after '$row'"
[ "$k2" -gt 0 ] && [ "$k2" -lt "$k_unc" ] || fail "after w1: $k2 points uncovered, expected 0 < k < $k_unc"
IFS='|' read -r gw gids garea <<EOF
$row
EOF
near "${gw:-x}" "$((10 * k2))" 1e-6 || fail "after w1: gaps_after workers $gw, expected 10 x $k2"
[ "$gids" = half ] || fail "after w1: gaps_after cluster_ids '$gids'"
near "${garea:-x}" "$want2" 1e-3 || fail "after w1: gaps_after area $garea, expected $want2"
[ "$(sql site "SELECT gap_rank_after FROM clusters")" = 1 ] || fail "after w1: gap_rank_after"

[ "$failures" = 0 ] || { echo "area_gaps: $failures failed" >&2; exit 1; }
echo "area gaps: half park $k_unc of $n_half points uncovered, $want_area m2; ok"
