#!/usr/bin/env bash
# area_clusters.sh — issue 13, partial coverage of area (polygon) clusters
# on the 17-node test network (tests/data/osm/topology.osm), walk 2
# minutes, one site s1 at node 1 (UTM 50N 212340.6, 2513024.4).  Three
# rectangular parks, drawn in the working CRS (EPSG:32650) so their lattice
# (cover/lattice.h: spacing max(cell 20 m, sqrt(area / 64)), aligned to the
# envelope centre, points strictly inside) is computed independently (the
# fixture: lib/parks.sh):
#   half    240 x 60 m along the road west of s1, 330 workers: 33 points
#           (spacing 20 m: 11 columns x 3 rows), the east ones within 2
#           minutes of s1, the west ones beyond;
#   inside   60 x 50 m around s1, 90 workers: 9 points, all within reach;
#   outside  60 x 50 m east of node 7, 50 workers: 9 points, none.
# The expected covered workers come from an independent run: the lattice
# points (computed with awk by lib/parks.sh) as point clusters of 1 worker;
# k of the half park's points are covered, so the park counts 330 k / 33 workers
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

. "$SP_ROOT/tests/cli/lib/parks.sh"
parks_begin area_clusters

parks_three 330
wkt_gpkg parks points

n_half=$(grep -c '^half_' points.csv); n_in=$(grep -c '^inside_' points.csv)
n_out=$(grep -c '^outside_' points.csv)
check "independent lattice: half $n_half, inside $n_in, outside $n_out points"
[ "$n_half" = 33 ] && [ "$n_in" = 9 ] && [ "$n_out" = 9 ] || fail "lattice counts $n_half $n_in $n_out"

# covered points of a park in the point run (coverage.csv: id, ..., covered)
covered_pts() { awk -F, -v p="$1_" 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
        index($1, p) == 1 && $k["covered"] == 1 { n++ } END { print n + 0 }' out_points/coverage.csv; }

parks_ini points points "1 = 1"
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
    parks_ini "$p" parks "id = '$p'"
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

parks_ini all parks "1 = 1"
run all
want=$(awk -v k="$k_half" 'BEGIN { printf "%.6f", 330 * k / 33 + 90 }')
got=$(jget out_all/summary.json workers_covered)
check "the three parks: workers_total 470 exactly, $got covered (expected $want)"
[ "$(jget out_all/summary.json workers_total)" = 470 ] ||
    fail "workers_total $(jget out_all/summary.json workers_total), expected 470"
near "$got" "$want" || fail "three parks: $got workers covered, expected $want"

# Results schema 7, per park (coverage.csv, the clusters layer) against the
# point run: demand_points its lattice points; workers_covered its covered
# points' workers; share_covered that / workers (4 decimals); minutes its
# best point's, minutes_worst its worst point's (empty unless all are
# covered); snap_m its points' least; summary.json's counts.
# cov FILE ID COLUMN: the value in coverage.csv
cov() { python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["id"] == sys.argv[2]: print(r[sys.argv[3]])' "$1" "$2" "$3"; }
# pts PARK COLUMN min|max: over the park's points in the point run (covered
# points only for minutes)
pts() { python3 -c 'import csv,sys
v = [float(r[sys.argv[2]]) for r in csv.DictReader(open("out_points/coverage.csv"))
     if r["id"].startswith(sys.argv[1] + "_") and r[sys.argv[2]] != ""]
print("%.4f" % (min(v) if sys.argv[3] == "min" else max(v)) if v else "")' "$1" "$2" "$3"; }
row() { echo "$(cov out_all/coverage.csv "$1" demand_points) $(cov out_all/coverage.csv "$1" workers_covered) $(cov out_all/coverage.csv "$1" share_covered) [$(cov out_all/coverage.csv "$1" minutes_worst)]"; }
share_half=$(awk -v k="$k_half" 'BEGIN { printf "%.4f", k / 33 }')
w_half=$(awk -v k="$k_half" 'BEGIN { printf "%.10g", 330 * k / 33 }')
got=$(row half)
check "coverage.csv half: $got (expected 33 $w_half $share_half [], e.g. 33 170 0.5152 [])"
[ "$got" = "33 $w_half $share_half []" ] || fail "half park row: $got"
want_worst=$(pts inside minutes max)
got=$(row inside)
check "coverage.csv inside: $got (expected 9 90 1.0000 [$want_worst], its points' worst)"
[ "$got" = "9 90 1.0000 [$want_worst]" ] || fail "inside park row: $got"
got=$(row outside)
check "coverage.csv outside: $got (expected 9 0 0.0000 [])"
[ "$got" = "9 0 0.0000 []" ] || fail "outside park row: $got"
for p in half inside; do
    want=$(pts $p minutes min)
    got=$(cov out_all/coverage.csv $p minutes)
    [ "$got" = "$want" ] || fail "$p park: minutes $got, its best point's $want"
done
for p in half inside outside; do
    want=$(pts $p snap_m min | awk '{ printf "%.1f", $1 }')
    got=$(cov out_all/coverage.csv $p snap_m)
    [ "$got" = "$want" ] || fail "$p park: snap_m $got, its points' least $want"
done
got=$(ogrinfo -q out_all/results.gpkg -sql "SELECT id || ' ' || demand_points || ' ' || workers_covered || ' ' || round(share_covered, 6) || ' ' || coalesce(minutes_worst, 'null') || ' ' || reachable FROM clusters ORDER BY id" |
      sed -n 's/.*(String) = //p' | tr '\n' ';')
want="half 33 $w_half.0 $(awk -v k="$k_half" 'BEGIN { printf "%.6f", k / 33 }' | sed 's/0*$//') null 1;inside 9 90.0 1.0 $want_worst 1;outside 9 0.0 0.0 null 1;"
check "clusters layer: $got"
[ "$got" = "$want" ] || fail "clusters layer: $got, expected $want"
got=$(for k in demand_points demand_points_unsnapped clusters_areas clusters_partly_covered workers_estimated; do
          printf '%s ' "$(jget out_all/summary.json $k)"; done)
check "summary.json demand_points, unsnapped, areas, partly covered, estimated: $got"
[ "$got" = "51 0 3 1 False " ] || fail "summary.json area counts: $got, expected 51 0 3 1 False"
got=$(grep '^Areas:' all.stdout)
[ "$got" = "Areas: 3 of the clusters, 51 demand points in all; 1 partly covered" ] || fail "stdout: '$got'"
grep -q '^Areas:' points.stdout && fail "stdout of the point run has an Areas line"
got=$(python3 -c 'import csv; print("%.6f" % sum(float(r["workers_covered"]) for r in csv.DictReader(open("out_all/coverage.csv"))))')
near "$got" "$(jget out_all/summary.json workers_covered)" ||
    fail "coverage.csv workers_covered add up to $got, summary.json $(jget out_all/summary.json workers_covered)"

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
parks_ini pts2 points "id LIKE 'half_%'"
sed -i 's/^sites = sites.csv/sites = both.csv/' pts2.ini
run pts2
k2=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next } $k["covered"] == 1 { n++ } END { print n + 0 }' out_pts2/coverage.csv)
parks_ini site parks "id = 'half'"
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
# cluster_workers: the workers it adds in each cluster (one here: all it adds)
got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next } $1 == 1 { print $k["cluster_workers"] }' out_site/recommendations.csv)
gw=$(ogrinfo -q out_site/results.gpkg -sql "SELECT cluster_workers FROM recommendations" | sed -n 's/.*cluster_workers (String) = //p')
check "recommendations cluster_workers: csv '$got', layer '$gw' (expected $want)"
[ "$got" = "$want" ] && [ "$gw" = "$want" ] || fail "cluster_workers csv '$got' layer '$gw', expected $want"
# workers_covered_after: the half park's points covered by s1 or w1
got=$(cov out_site/coverage.csv half workers_covered_after)
check "coverage.csv half workers_covered_after: $got (expected 10 x $k2)"
[ "$got" = $((10 * k2)) ] || fail "half park workers_covered_after $got, expected $((10 * k2))"

# Capacity with areas: s1 and w1 both existing sites.  Unlimited: every
# demand point is served by its nearest site, so assignment.csv has the half
# park once per site that is nearest to some of its points, 10 workers per
# such point of the point run (pts2; here w1 for all 28); the inside park
# wholly at s1.  Capacity 100 each: 200 served in all (the half park's
# points then go to both sites: two rows, each merging several points), and
# per cluster the rows add up to served, served + unserved =
# workers_covered, one row per (cluster, site).
parks_ini cap parks "1 = 1"
sed -i 's/^sites = sites.csv/sites = both.csv/' cap.ini
printf '%s\n' "[capacity]" >>cap.ini
run cap
near_s1=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next } $k["nearest_site"] == "s1" { n++ } END { print n + 0 }' out_pts2/coverage.csv)
near_w1=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next } $k["nearest_site"] == "w1" { n++ } END { print n + 0 }' out_pts2/coverage.csv)
got=$(tail -n +2 out_cap/assignment.csv | cut -d, -f1-3 | tr '\n' ' ')
want=""
[ "$near_s1" -gt 0 ] && want="half,s1,$((10 * near_s1)) "
[ "$near_w1" -gt 0 ] && want="${want}half,w1,$((10 * near_w1)) "
want="${want}inside,s1,90 "
check "capacity unlimited: assignment.csv $got (expected $want)"
[ "$got" = "$want" ] || fail "capacity unlimited: assignment.csv '$got', expected '$want'"
printf '%s\n' "default = 100" >>cap.ini
run cap
# per cluster: rows add up to served; served + unserved = workers_covered; one row per site
python3 - out_cap <<'PY' || fail "capacity 100: assignment.csv, coverage.csv and summary.json disagree"
import csv, json, sys
o = sys.argv[1]
rows = list(csv.DictReader(open(o + "/assignment.csv")))
cov = {r["id"]: r for r in csv.DictReader(open(o + "/coverage.csv"))}
s = json.load(open(o + "/summary.json"))["capacity"]
bad = []
pairs = [(r["cluster_id"], r["site_id"]) for r in rows]
if len(pairs) != len(set(pairs)): bad.append("a (cluster, site) pair twice: %s" % pairs)
for cid, c in cov.items():
    got = sum(float(r["workers"]) for r in rows if r["cluster_id"] == cid)
    if abs(got - float(c["served"])) > 1e-6: bad.append("%s: rows %g, served %s" % (cid, got, c["served"]))
    if abs(float(c["served"]) + float(c["unserved"]) - float(c["workers_covered"])) > 1e-6:
        bad.append("%s: served %s + unserved %s != workers_covered %s" % (cid, c["served"], c["unserved"], c["workers_covered"]))
served = sum(float(c["served"]) for c in cov.values())
if abs(served - 200) > 1e-6 or abs(s["workers_served"] - 200) > 1e-6:
    bad.append("served %g, summary %s, expected 200" % (served, s["workers_served"]))
print("check: capacity 100: served 200, rows %s" % " ".join(",".join(p) for p in pairs))
for b in bad: print("FAIL: " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

[ "$failures" = 0 ] || { echo "area_clusters: $failures failed" >&2; exit 1; }
echo "area clusters: half park $k_half of $n_half points covered; ok"
