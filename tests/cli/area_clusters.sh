#!/usr/bin/env bash
# area_clusters.sh — issue 13, partial coverage of area (polygon) clusters
# on the 17-node test network (tests/data/osm/topology.osm), walk 2
# minutes, one site s1 at node 1 (UTM 50N 212340.6, 2513024.4).  Three
# rectangular parks, drawn in the working CRS (EPSG:32650) so their lattice
# (cover/lattice.h: spacing max(cell 20 m, sqrt(area / 64)), aligned to the
# envelope centre, points strictly inside) is computed here independently:
#   half    240 x 60 m along the road west of s1, 330 workers: 33 points
#           (spacing 20 m: 11 columns x 3 rows), the east ones within 2
#           minutes of s1, the west ones beyond;
#   inside   60 x 50 m around s1, 90 workers: 9 points, all within reach;
#   outside  60 x 50 m east of node 7, 50 workers: 9 points, none.
# The expected covered workers come from an independent run: the lattice
# points (computed here with awk) as point clusters of 1 worker; k of the
# half park's points are covered, so the park counts 330 k / 33 workers
# (equal shares, to 2^-20 worker); the point runs must also find all of the
# inside park's points covered and none of the outside park's.
# Checks: each park alone, and the three together (workers_total exactly
# 470, workers_covered the sum); "about half": 0.3 <= k / 33 <= 0.7;
# sites.csv counts a park once per site (not its points); siting with one
# candidate west of the half park adds the park's points it newly reaches
# (again from an independent point run) and names the park once.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

. "$SP_ROOT/tests/cli/lib/topology.sh"
topo_begin area_clusters
check() { echo "check: $*"; }

printf '%s\n' id,name,lon,lat s1,site,114.2000,22.7000 >sites.csv
# park ID X0 Y0 X1 Y1 WORKERS: one CSV row with its WKT
park() { echo "$1,$6,\"POLYGON(($2 $3,$4 $3,$4 $5,$2 $5,$2 $3))\""; }
{
    echo id,workers,wkt
    park half 212060 2512975 212300 2513035 330
    park inside 212310 2513000 212370 2513050 90
    park outside 212600 2513000 212660 2513050 50
} >parks.csv
# lattice ID X0 Y0 X1 Y1 S: the lattice points strictly inside, as CSV rows
# id,workers,wkt (the rule of cover/lattice.h for a rectangle)
lattice() {
    awk -v id="$1" -v x0="$2" -v y0="$3" -v x1="$4" -v y1="$5" -v s="$6" 'BEGIN {
        cx = (x0 + x1) / 2; cy = (y0 + y1) / 2; n = 0
        for (j = -100; j <= 100; j++) for (i = -100; i <= 100; i++) {
            x = cx + i * s; y = cy + j * s
            if (x > x0 && x < x1 && y > y0 && y < y1)
                printf "%s_%d,1,\"POINT(%.6f %.6f)\"\n", id, n++, x, y
        } }'
}
{
    echo id,workers,wkt
    lattice half 212060 2512975 212300 2513035 20
    lattice inside 212310 2513000 212370 2513050 20
    lattice outside 212600 2513000 212660 2513050 20
} >points.csv
for f in parks points; do
    ogr2ogr -f GPKG "$f.gpkg" "$f.csv" -nln "$f" -a_srs EPSG:32650 -oo GEOM_POSSIBLE_NAMES=wkt \
        -oo KEEP_GEOM_COLUMNS=NO -oo X_POSSIBLE_NAMES=none -oo AUTODETECT_TYPE=NO \
        || { fail "ogr2ogr $f"; exit 1; }
done
n_half=$(grep -c '^half_' points.csv); n_in=$(grep -c '^inside_' points.csv)
n_out=$(grep -c '^outside_' points.csv)
check "independent lattice: half $n_half, inside $n_in, outside $n_out points"
[ "$n_half" = 33 ] && [ "$n_in" = 9 ] && [ "$n_out" = 9 ] || fail "lattice counts $n_half $n_in $n_out"

# ini NAME LAYER WHERE: walk 2 minutes, clusters LAYER.gpkg filtered by WHERE
ini() {
    printf '%s\n' "[inputs]" "network = $NET" "clusters = $2.gpkg" "clusters.id = id" \
        "clusters.weight = workers" "clusters.where = $3" "sites = sites.csv" "sites.x = lon" \
        "sites.y = lat" "sites.id = id" "[travel]" "mode = walk" "minutes = 2" "[render]" \
        "enabled = no" >"$1.ini"
}
run() {
    "$SITEPLAN" run -q "$1.ini" -o "out_$1" >"$1.stdout" 2>"$1.err" ||
        { sed 's/^/    /' "$1.err" >&2; fail "$1: siteplan run exited $?"; }
}
jget() { python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    d = d.get(k) if isinstance(d, dict) else None
print("null" if d is None else repr(d))' "$1" "$2"; }
# covered points of a park in the point run (coverage.csv: id, ..., covered)
covered_pts() { awk -F, -v p="$1_" 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
        index($1, p) == 1 && $k["covered"] == 1 { n++ } END { print n + 0 }' out_points/coverage.csv; }

ini points points "1 = 1"
run points
k_half=$(covered_pts half); k_in=$(covered_pts inside); k_out=$(covered_pts outside)
check "point run: half park $k_half of $n_half points covered, inside $k_in, outside $k_out"
[ "$k_in" = "$n_in" ] || fail "inside park: $k_in of $n_in points covered"
[ "$k_out" = 0 ] || fail "outside park: $k_out points covered"
awk -v k="$k_half" -v n="$n_half" 'BEGIN { exit !(k >= 0.3 * n && k <= 0.7 * n) }' ||
    fail "half park: $k_half of $n_half points covered, not about half"

# near A B: |A - B| <= 1e-3
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d <= 1e-3 && d >= -1e-3) }'; }
for p in half inside outside; do
    ini "$p" parks "id = '$p'"
    run "$p"
done
want_half=$(awk -v k="$k_half" 'BEGIN { printf "%.6f", 330 * k / 33 }')
got=$(jget out_half/summary.json workers_covered)
check "half park alone: $got workers covered, expected 330 x $k_half / 33 = $want_half"
near "$got" "$want_half" || fail "half park: $got workers covered, expected $want_half"
[ "$(jget out_half/summary.json workers_total)" = 330 ] ||
    fail "half park: workers_total $(jget out_half/summary.json workers_total)"
got=$(jget out_inside/summary.json workers_covered)
check "inside park alone: $got workers covered, expected 90"
[ "$got" = 90 ] || fail "inside park: $got workers covered"
got=$(jget out_outside/summary.json workers_covered)
check "outside park alone: $got workers covered, expected 0"
[ "$got" = 0 ] || fail "outside park: $got workers covered"

ini all parks "1 = 1"
run all
want=$(awk -v k="$k_half" 'BEGIN { printf "%.6f", 330 * k / 33 + 90 }')
got=$(jget out_all/summary.json workers_covered)
check "the three parks: workers_total 470 exactly, $got covered (expected $want)"
[ "$(jget out_all/summary.json workers_total)" = 470 ] ||
    fail "workers_total $(jget out_all/summary.json workers_total), expected 470"
near "$got" "$want" || fail "three parks: $got workers covered, expected $want"

# sites.csv clusters: the clusters with a point within reach, each once
# (s1 reaches points of the half and inside parks: 2, not their 26 points)
got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next } $1 == "s1" { print $k["clusters"] }' out_all/sites.csv)
check "sites.csv: s1 reaches $got clusters (expected 2)"
[ "$got" = 2 ] || fail "sites.csv: s1 reaches $got clusters, expected 2"

# Siting: one candidate w1 at node 10 (west of the half park), budget 1
# (mclp): it adds the half park's points that s1 misses and w1 reaches
# (an independent point run with both sites), named as the one cluster
# "half" in recommendations.csv.
printf '%s\n' id,name,lon,lat w1,west,114.1990,22.7000 >cand.csv
printf '%s\n' id,name,lon,lat s1,site,114.2000,22.7000 w1,west,114.1990,22.7000 >both.csv
ini pts2 points "id LIKE 'half_%'"
sed -i 's/^sites = sites.csv/sites = both.csv/' pts2.ini
run pts2
k2=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next } $k["covered"] == 1 { n++ } END { print n + 0 }' out_pts2/coverage.csv)
ini site parks "id = 'half'"
printf '%s\n' "[siting]" "budget = 1" "candidates = cand.csv" "candidates.x = lon" "candidates.y = lat" \
    "candidates.id = id" >>site.ini
run site
want=$((10 * (k2 - k_half)))
rec=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
               $1 == 1 { print $k["site_id"] " " $k["workers_added"] " " $k["clusters_added"] }' out_site/recommendations.csv)
check "siting: w1 reaches $k2 of 33 points with s1; recommendation '$rec' (expected w1 $want 1)"
[ "$k2" -gt "$k_half" ] || fail "w1 adds no point of the half park ($k2 <= $k_half)"
[ "$rec" = "w1 $want 1" ] || fail "recommendation '$rec', expected 'w1 $want 1'"
ids=$(ogrinfo -q out_site/results.gpkg -sql "SELECT cluster_ids FROM recommendations" | sed -n 's/.*cluster_ids (String) = //p')
[ "$ids" = half ] || fail "recommendations cluster_ids '$ids', expected 'half'"

[ "$failures" = 0 ] || { echo "area_clusters: $failures failed" >&2; exit 1; }
echo "area clusters: half park $k_half of $n_half points covered; ok"
