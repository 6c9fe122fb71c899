#!/usr/bin/env bash
# area_inputs.sh — issue 13, the inputs of area clusters (README "Area
# clusters") on the 17-node test network (tests/data/osm/topology.osm), walk
# 2 minutes, one site s1 at node 1 (UTM 50N 212340.6, 2513024.4).  The parks
# of area_clusters.sh, drawn in the working CRS (EPSG:32650): half (240 x 60
# m along the road west of s1: its east part within 2 minutes, its west part
# beyond), inside (60 x 50 m around s1) and a triangle north-east of s1.
#   1. clusters.weight = area * N/ha (/km2, /m2): each park's workers are its
#      area (ST_Area by SQLite/SpatiaLite, independently) x the rate;
#      workers_total exact; a point layer with an expression is refused.
#   2. clusters.weight_points: shares by the weight points inside the park:
#      1 covered point of weight 1 and 1 uncovered of weight 2 -> 330 / 3
#      covered; all points in the covered part -> all 330 covered;
#      footprints (polygons, weight = their area 100 and 500 m2) -> 55;
#      (summary.json shows whole workers: the weights give whole numbers)
#      a point outside every park: one warning counting it; a point in two
#      overlapping parks belongs to the first.
#   3. clusters.entrances: a gate at the west end of the half park makes it
#      uncovered (its east points must walk to the far gate); a gate 2 m
#      north of the inside park makes its minutes the hand computation:
#      min over its 9 lattice points of (point -> gate + gate -> node 1, the
#      best of the two roads at node 1) / 5 km/h; a gate far from every park
#      is counted in one warning.
#   4. a park 120 m from every road with max_snap_m = 100: one warning
#      counting its 9 demand points (and 1 area); with gate gk (76 m from
#      the footway) it is reached, at 10 minutes covered, its minutes the
#      hand computation (point -> gate -> footway -> nodes 6, 2, 1).
#   5. bad keys: each one line naming the file and the key, exit 1.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

. "$SP_ROOT/tests/cli/lib/parks.sh"
parks_begin area_inputs

{
    echo id,workers,wkt
    park half $PARK_HALF 330
    park inside $PARK_INSIDE 90
    echo 'tri,5,"POLYGON((212400 2513040,212520 2513040,212400 2513100,212400 2513040))"'
    park far 212310 2513240 212370 2513290 40
    park east 212250 2512975 212300 2513035 100
} >parks.csv
wkt_gpkg parks
# weight points: e1, e2 in the half park's covered east part, w1 in its
# west part, o1 outside every park; fe, fw footprints (10 x 10, 20 x 25 m)
{
    echo id,w,wkt
    echo 'e1,1,"POINT(212290 2513010)"'
    echo 'e2,2,"POINT(212280 2513030)"'
    echo 'w1,2,"POINT(212070 2513010)"'
    echo 'o1,5,"POINT(212800 2513300)"'
} >wp.csv
{
    echo id,wkt
    echo 'fe,"POLYGON((212285 2513005,212295 2513005,212295 2513015,212285 2513015,212285 2513005))"'
    echo 'fw,"POLYGON((212065 2512990,212085 2512990,212085 2513015,212065 2513015,212065 2512990))"'
} >foot.csv
# gates: gw at the half park's west end, gn 2 m north of the inside park
# (65 m from the half park), gf far from every park, gk 40 m south of the
# far park and 76 m north of the footway (way 111, nodes 15 - 6)
{
    echo id,wkt
    echo 'gw,"POINT(212062 2513020)"'
    echo 'gn,"POINT(212365 2513052)"'
    echo 'gf,"POINT(212900 2513300)"'
    echo 'gk,"POINT(212350 2513200)"'
} >gates.csv
wkt_gpkg wp foot gates

# ini NAME WHERE WEIGHT [LINE...]: walk 2 minutes, clusters parks.gpkg
# filtered by WHERE, clusters.weight = WEIGHT, then the extra [inputs] lines
ini() {
    local name=$1 where=$2 weight=$3
    shift 3
    { printf '%s\n' "[inputs]" "network = $NET" "clusters = parks.gpkg" "clusters.id = id" \
        "clusters.weight = $weight" "clusters.where = $where" "sites = sites.csv" \
        "sites.x = lon" "sites.y = lat" "sites.id = id"
      [ $# -gt 0 ] && printf '%s\n' "$@"
      printf '%s\n' "[travel]" "mode = walk" "minutes = 2" "[render]" "enabled = no"; } >"$name.ini"
}
# col RUN ID COLUMN: a cluster's value in out_RUN/coverage.csv
col() { awk -F, -v id="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
        $1 == id { print $k[c] }' "out_$1/coverage.csv"; }
# near A B [TOL]: |A - B| <= TOL (default 1e-6)
near() { awk -v a="$1" -v b="$2" -v t="${3:-1e-6}" 'BEGIN { d = a - b; exit !(d <= t && d >= -t) }'; }
# warned RUN TEXT: exactly one warning line of out RUN contains TEXT
warned() { [ "$(grep -c "^siteplan: warning: .*$2" "$1.err")" = 1 ] ||
    fail "$1: not one warning with '$2':$(sed 's/^/\n    /' "$1.err")"; }

# ---- 1. area * N/ha ------------------------------------------------------
area=$(ogrinfo -q -dialect sqlite -sql "SELECT id, ST_Area(geom) AS a FROM parks" parks.gpkg |
    awk '/id \(String\)/ { id = $NF } /a \(Real\)/ { print id, $NF }')
a_half=$(echo "$area" | awk '$1 == "half" { print $2 }')
a_in=$(echo "$area" | awk '$1 == "inside" { print $2 }')
a_tri=$(echo "$area" | awk '$1 == "tri" { print $2 }')
check "areas by SQLite: half $a_half, inside $a_in, tri $a_tri m2"
# three spellings of 40 workers per hectare (0.004 per m2)
n=0
for expr in "area * 40/ha" "AREA*4000/km2" "area * 0.004 / m2"; do
    n=$((n + 1))
    ini "area$n" "id IN ('half', 'inside', 'tri')" "$expr"
    run "area$n"
    for id in half inside tri; do
        want=$(echo "$area" | awk -v id=$id '$1 == id { printf "%.10g", $2 * 0.004 }')
        got=$(col "area$n" "$id" workers)
        near "$got" "$want" 1e-9 || fail "area$n ($expr): $id has $got workers, expected $want"
    done
    tot=$(jget "out_area$n/summary.json" workers_total)
    want=$(awk -v a="$a_half" -v b="$a_in" -v c="$a_tri" 'BEGIN { printf "%.10g", (a + b + c) * 0.004 }')
    check "$expr: half $(col "area$n" half workers), inside $(col "area$n" inside workers), tri $(col "area$n" tri workers) workers; total $tot (expected $want)"
    near "$tot" "$want" 1e-9 || fail "area$n: workers_total $tot, expected $want"
done

# ---- 2. weight points ----------------------------------------------------
covered() { jget "out_$1/summary.json" workers_covered; }
ini wp13 "id = 'half'" workers "clusters.weight_points = wp.gpkg" \
    "clusters.weight_points_weight = w" "clusters.weight_points.where = id <> 'e2'"
run wp13
got=$(covered wp13)
check "weight points e1 (1, covered) and w1 (2, not): half covers $got (expected 330 / 3 = 110)"
[ "$got" = 110 ] || fail "wp13: half covers $got workers, expected 110"
warned wp13 "clusters.weight_points: wp.gpkg, layer wp: 1 of 3 features lies outside every area cluster and is not used"
ini plain_half "id = 'half'" workers
run plain_half
ini wpeast "id = 'half'" workers "clusters.weight_points = wp.gpkg" \
    "clusters.weight_points.where = id LIKE 'e%'"
run wpeast
got=$(covered wpeast)
check "all weight points in the covered part: half covers $got (expected 330; its lattice alone: $(covered plain_half))"
[ "$got" = 330 ] || fail "wpeast: half covers $got workers, expected 330"
[ "$(col wpeast half covered)" = 1 ] || fail "wpeast: half not covered"
grep -q "outside every area" wpeast.err && fail "wpeast: a warning about weight points outside"
ini wpwest "id = 'half'" workers "clusters.weight_points = wp.gpkg" \
    "clusters.weight_points.where = id = 'w1'"
run wpwest
got=$(covered wpwest)
check "the one weight point in the uncovered part: half covers $got (expected 0)"
[ "$got" = 0 ] || fail "wpwest: half covers $got workers, expected 0"
ini foot "id = 'half'" workers "clusters.weight_points = foot.gpkg"
run foot
got=$(covered foot)
check "footprints 100 m2 (covered) and 500 m2 (not): half covers $got (expected 330 / 6 = 55)"
[ "$got" = 55 ] || fail "foot: half covers $got workers, expected 55"
# a park without weight points inside keeps its lattice (inside: all 9
# lattice points covered, 90)
ini wplat "id IN ('half', 'inside')" workers "clusters.weight_points = wp.gpkg" \
    "clusters.weight_points.where = id = 'w1'"
run wplat
got=$(covered wplat)
check "half by w1 (0) + inside by its lattice (90): $got"
[ "$got" = 90 ] || fail "wplat: $got workers covered, expected 90"

# a weight point in two areas belongs to the first: east (listed after half)
# overlaps half's covered part, e1 and e2 lie in both; half takes them (330
# covered) and east keeps its lattice (what it covers alone)
ini east "id = 'east'" workers
run east
ini first "id IN ('half', 'east')" workers "clusters.weight_points = wp.gpkg" \
    "clusters.weight_points.where = id LIKE 'e%'"
run first
want=$(awk -v e="$(covered east)" 'BEGIN { print 330 + e }')
check "overlapping parks: half and east cover $(covered first) (expected 330 + east's lattice $(covered east) = $want)"
[ "$(covered first)" = "$want" ] || fail "first: $(covered first) workers covered, expected $want"

# ---- 3. entrances --------------------------------------------------------
ini plain "id IN ('half', 'inside')" workers
run plain
ini gates "id IN ('half', 'inside')" workers "clusters.entrances = gates.gpkg"
run gates
check "half without gates covers $(col plain half covered) ($(col plain half minutes) min); with the far gate gw: covered $(col gates half covered)"
[ "$(col plain half covered)" = 1 ] || fail "plain: half not covered"
[ "$(col gates half covered)" = 0 ] || fail "gates: half covered through the far gate gw"
# the hand computation: node 1 and node 10 (way 109 west), node 2 (way 101 east)
nodes=$(printf '%s\n' "114.2 22.7" "114.201 22.7" "114.199 22.7" |
    gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32650 -output_xy)
want=$(echo $nodes | awk '{ x1 = $1; y1 = $2; x2 = $3; y2 = $4; x0 = $5; y0 = $6
    gx = 212365; gy = 2513052
    # nearest point of segment (ax, ay)-(bx, by) to the gate; the road metres
    # from there to node 1 (node 1 = a)
    for (s = 0; s < 2; s++) {
        ax = x1; ay = y1; bx = s ? x0 : x2; by = s ? y0 : y2
        dx = bx - ax; dy = by - ay; L = sqrt(dx * dx + dy * dy)
        t = ((gx - ax) * dx + (gy - ay) * dy) / (L * L); t = t < 0 ? 0 : t > 1 ? 1 : t
        px = ax + t * dx; py = ay + t * dy
        c = sqrt((gx - px) ^ 2 + (gy - py) ^ 2) + t * L
        if (s == 0 || c < best) best = c
    }
    m = -1
    for (i = -1; i <= 1; i++) for (j = -1; j <= 1; j++) {
        d = sqrt((212340 + 20 * i - gx) ^ 2 + (2513025 + 20 * j - gy) ^ 2) + best
        if (m < 0 || d < m) m = d
    }
    printf "%.6f", m / (5 / 3.6) / 60 }')
# the outputs show minutes rounded up to 1/10000 (number.h sp_minutes_shown)
shown=$(awk -v m="$want" 'BEGIN { x = m * 10000; c = int(x); if (c < x) c++; printf "%.4f", c / 10000 }')
got=$(col gates inside minutes)
check "inside park through gate gn: $got min (hand: $want, shown $shown; without gates $(col plain inside minutes))"
[ "$(col gates inside covered)" = 1 ] || fail "gates: inside not covered"
[ "$got" = "$shown" ] || fail "gates: inside $got minutes, expected $shown"
near "$(col plain inside minutes)" "$want" 0.1 && fail "plain: inside minutes $(col plain inside minutes) already near the gate's"
warned gates "clusters.entrances: gates.gpkg, layer gates: 2 of 4 entrances lie farther than 50 m from every area cluster and are not used"

# ---- 4. demand points beyond max_snap_m ----------------------------------
ini far "id IN ('far', 'inside')" workers
sed -i 's/^minutes = 2$/minutes = 2\nmax_snap_m = 100/' far.ini
run far
check "far park, max_snap_m 100: $(grep 'demand point' far.err)"
warned far "clusters: parks.gpkg, layer parks: 9 demand points of 1 area cluster lie beyond max_snap_m = 100 m from the routable network: never covered"

# the far park through gate gk at 10 minutes: unreachable without it
for r in farplain fargate; do
    ini "$r" "id = 'far'" workers
    [ $r = fargate ] && sed -i 's/^clusters.where = .*/&\nclusters.entrances = gates.gpkg/' "$r.ini"
    sed -i 's/^minutes = 2$/minutes = 10\nmax_snap_m = 100/' "$r.ini"
    run "$r"
done
nodes=$(printf '%s\n' "114.2 22.7009" "114.201 22.7009" "114.201 22.7" "114.2 22.7" |
    gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32650 -output_xy)
want=$(echo $nodes | awk '{ x15 = $1; y15 = $2; x6 = $3; y6 = $4; x2 = $5; y2 = $6; x1 = $7; y1 = $8
    gx = 212350; gy = 2513200
    dx = x6 - x15; dy = y6 - y15; L = sqrt(dx * dx + dy * dy)
    t = ((gx - x15) * dx + (gy - y15) * dy) / (L * L); t = t < 0 ? 0 : t > 1 ? 1 : t
    px = x15 + t * dx; py = y15 + t * dy
    net = sqrt((gx - px) ^ 2 + (gy - py) ^ 2) + (1 - t) * L
    net += sqrt((x6 - x2) ^ 2 + (y6 - y2) ^ 2) + sqrt((x2 - x1) ^ 2 + (y2 - y1) ^ 2)
    m = -1
    for (i = -1; i <= 1; i++) for (j = -1; j <= 1; j++) {
        d = sqrt((212340 + 20 * i - gx) ^ 2 + (2513265 + 20 * j - gy) ^ 2) + net
        if (m < 0 || d < m) m = d
    }
    printf "%.6f", m / (5 / 3.6) / 60 }')
shown=$(awk -v m="$want" 'BEGIN { x = m * 10000; c = int(x); if (c < x) c++; printf "%.4f", c / 10000 }')
got=$(col fargate far minutes)
check "far park at 10 min: without gates covered $(col farplain far covered); through gk covered $(col fargate far covered), $got min (hand: $want, shown $shown)"
[ "$(col farplain far covered)" = 0 ] || fail "farplain: far park covered"
[ "$(col fargate far covered)" = 1 ] || fail "fargate: far park not covered through gk"
[ "$got" = "$shown" ] || fail "fargate: far $got minutes, expected $shown"
grep -q "demand point" fargate.err && fail "fargate: gated points reported beyond max_snap_m"

# ---- 5. bad inputs: one line each ----------------------------------------
ini bad_unit "1 = 1" "area * 40/acre"
topo_expect bad_unit "siteplan run: bad_unit.ini: [inputs] clusters.weight = 'area * 40/acre': the unit after / must be ha, km2 or m2"
ini bad_rate "1 = 1" "area * -3/ha"
topo_expect bad_rate "siteplan run: bad_rate.ini: [inputs] clusters.weight = 'area * -3/ha': the rate N in area * N/ha must be a plain number greater than 0"
topo_clusters
{ topo_inputs sites.csv | sed 's/^clusters.weight = workers/clusters.weight = area * 40\/ha/'
  printf '%s\n' "sites.x = lon" "sites.y = lat" "[render]" "enabled = no"; } >bad_points.ini
topo_expect bad_points "siteplan run: bad_points.ini: [inputs] clusters.weight = 'area * 40/ha': clusters.csv, layer clusters, line 2 (id c1) is a point, not an area; an area expression needs polygon clusters (name the worker-count field instead)"
ini bad_wpfile "1 = 1" workers "clusters.weight_points = nowhere.gpkg"
topo_expect bad_wpfile "siteplan run: bad_wpfile.ini: [inputs] clusters.weight_points: nowhere.gpkg: cannot open clusters.weight_points file: no such file or not readable"
ini bad_wpfield "1 = 1" workers "clusters.weight_points = wp.gpkg" "clusters.weight_points_weight = floors"
topo_expect bad_wpfield "siteplan run: bad_wpfield.ini: [inputs] clusters.weight_points / clusters.weight_points_weight: wp.gpkg, layer wp: no field 'floors' (weight); fields are: id, w"
sed 's/^e1,1,/e1,-1,/' wp.csv >wpneg.csv
ini bad_wpneg "1 = 1" workers "clusters.weight_points = wpneg.csv" "clusters.weight_points_weight = w" \
    "clusters.weight_points.crs = EPSG:32650"
topo_expect bad_wpneg "siteplan run: bad_wpneg.ini: [inputs] clusters.weight_points / clusters.weight_points_weight: wpneg.csv, layer wpneg, field w, line 2: negative number of workers (-1)"
ini bad_gatelayer "1 = 1" workers "clusters.entrances = gates.gpkg" "clusters.entrances.layer = doors"
topo_expect bad_gatelayer "siteplan run: bad_gatelayer.ini: [inputs] clusters.entrances: gates.gpkg: no layer 'doors' (clusters.entrances.layer); layers are: gates"
ini bad_gatepoly "1 = 1" workers "clusters.entrances = foot.gpkg"
topo_expect bad_gatepoly "siteplan run: bad_gatepoly.ini: [inputs] clusters.entrances: foot.gpkg, layer foot, feature 1 (id 1) is a polygon; entrances (gates) are points"

[ "$failures" = 0 ] || { echo "area_inputs: $failures failed" >&2; exit 1; }
echo "area inputs: ok"
