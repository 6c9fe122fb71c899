#!/usr/bin/env bash
# access_roads.sh — roads without roadside access are never a point's access
# road (README "Snapping"): a worker cluster 25 m from a motorway and about
# 275 m from a residential street is tied, in car mode, to the street; a
# speed profile whose `access` column says yes for motorways ties it to the
# motorway again; a bad access value is an input error naming the line;
# an unreachable point's warning names a nearer road that does not count
# (no roadside access, a disconnected piece); a road the routable network
# leaves out is counted, named and drawn apart.
# Env: SITEPLAN, SP_TMP.
set -u
: "${SITEPLAN:?}" "${SP_TMP:?}"
T="$SP_TMP/access_roads"
rm -rf "$T"; mkdir -p "$T" || exit 1
. "$(dirname "$0")/lib/tiny_net.sh"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# A loop: motorway along lat 30.0, a residential street 300 m north, two
# two-way motorway links joining their ends (one strongly connected piece).
way() { # ID HIGHWAY LON0 LAT0 LON1 LAT1: a straight two-way road
    tiny_road "$1" "$2" "[[$3,$4],[$5,$6]]"
}
tiny_roads "$T/roads.geojson" \
    "$(way 1 motorway 120.00 30.0 120.02 30.0)" \
    "$(way 2 residential 120.00 30.0027 120.02 30.0027)" \
    "$(way 3 motorway_link 120.00 30.0 120.00 30.0027)" \
    "$(way 4 motorway_link 120.02 30.0 120.02 30.0027)"
printf 'id,lon,lat,workers\nc1,120.01,30.000225,100\n' >"$T/clusters.csv"
printf 'id,lon,lat\ns1,120.0,30.0027\n' >"$T/sites.csv"
tiny_ini "$T/car.ini" "$T/roads.geojson" "$T/clusters.csv" "$T/sites.csv" car 10
# snap_m of cluster c1 in a run's coverage.csv
snap_m() { tiny_col "$1" snap_m; }
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }'; }

"$SITEPLAN" run "$T/car.ini" -o "$T/car" -q 2>"$T/car.err" >/dev/null || { cat "$T/car.err" >&2; fail "car run"; }
m=$(snap_m "$T/car")
near "$m" 275 10 && echo "ok   car: tied to the street, $m m away (not the motorway 25 m away)" ||
    fail "car: snap_m $m, expected about 275 (the residential street, not the motorway)"

printf 'highway,kmh,access\nmotorway,90,yes\nmotorway_link,45,\nresidential,25,\n' >"$T/prof.csv"
"$SITEPLAN" run "$T/car.ini" --set "travel.profile=$T/prof.csv" -o "$T/car_prof" -q 2>"$T/prof.err" >/dev/null ||
    { cat "$T/prof.err" >&2; fail "car run with a profile"; }
m=$(snap_m "$T/car_prof")
near "$m" 25 2 && echo "ok   profile access=yes for motorway: tied to it, $m m away" ||
    fail "profile with motorway access=yes: snap_m $m, expected about 25"

printf 'highway,kmh,access\nmotorway,90,maybe\nresidential,25,\n' >"$T/bad.csv"
if "$SITEPLAN" run "$T/car.ini" --set "travel.profile=$T/bad.csv" -o "$T/bad" -q 2>"$T/bad.err" >/dev/null; then
    fail "an access value 'maybe' was accepted"
elif ! grep -q "bad.csv: line 2: access 'maybe' must be yes or no" "$T/bad.err"; then
    fail "bad access: message $(cat "$T/bad.err")"
else
    echo "ok   bad access value: $(tail -n 1 "$T/bad.err")"
fi
[ -e "$T/bad" ] && fail "a folder was written for the bad profile"

# Unreachable points name the nearer road that does not count (README
# "Snapping"): with max_snap_m = 100 the cluster by the motorway is
# unreachable, and an isolated street 2 km east is a piece of its own.
{ sed 's/]}$//' "$T/roads.geojson"; printf ','
  way 9 residential 120.04 30.0 120.045 30.0; printf ']}\n'; } >"$T/roads2.geojson"
printf 'id,lon,lat,workers\nc1,120.01,30.000225,100\nc2,120.042,30.0003,50\n' >"$T/clusters2.csv"
"$SITEPLAN" run "$T/car.ini" --set "inputs.network=$T/roads2.geojson" --set "inputs.clusters=$T/clusters2.csv" \
    --set travel.max_snap_m=100 -o "$T/far" -q 2>"$T/far.err" >/dev/null || { cat "$T/far.err" >&2; fail "far run"; }
grep -qE "\(id c1\): 27[0-9] m from the routable network, beyond max_snap_m = 100: reported unreachable; the nearest road, way 1, 25 m away, has no roadside access$" "$T/far.err" ||
    fail "c1: $(grep 'id c1' "$T/far.err")"
grep -qE "\(id c2\): [0-9]+ m from the routable network, .*; the nearest road, way 9, 33 m away, is in a piece of the network not connected to the rest$" "$T/far.err" ||
    fail "c2: $(grep 'id c2' "$T/far.err")"
echo "ok   unreachable points name the nearer road that does not count and why"

# A one-way motorway that leaves the loop and ends at the edge of the
# extract is not routable: counted in summary.json, named in a warning,
# marked main = 0 in the roads layer and drawn apart on the map.
{ sed 's/]}$//' "$T/roads.geojson"; printf ','
  printf '{"type":"Feature","properties":{"osm_id":"7","highway":"motorway","oneway":"yes"},'
  printf '"geometry":{"type":"LineString","coordinates":[[120.02,30.0],[120.08,30.0]]}}]}\n'; } >"$T/roads3.geojson"
"$SITEPLAN" run "$T/car.ini" --set "inputs.network=$T/roads3.geojson" --set render.enabled=yes \
    -o "$T/edge" -q 2>"$T/edge.err" >/dev/null || { cat "$T/edge.err" >&2; fail "edge run"; }
for k in "roads_not_routable: 1" "roads_not_routable_at_edge: 1"; do
    grep -q "\"${k%%:*}\":${k#*:}," "$T/edge/summary.json" || fail "summary.json lacks $k: $(grep roads_not "$T/edge/summary.json" | tr -d '\n ')"
done
grep -q "1 road of the car network (5.8 km) has no part in its largest strongly connected piece, .*the longest: way 7 5.8 km at the edge$" "$T/edge.err" ||
    fail "warning: $(grep 'strongly connected piece' "$T/edge.err")"
[ "$(ogrinfo -q -sql "SELECT COUNT(*) AS n FROM roads WHERE main = 0" "$T/edge/results.gpkg" | sed -n 's/.*n (Integer) = //p')" = 1 ] ||
    fail "roads layer: not one link with main = 0"
pdftotext "$T/edge/map.pdf" - | grep -q "Road not connected to the network (not used)" || fail "map legend lacks the unroutable road"
# c1 is 25 m from the southern edge of the network's extent, s1 at its corner
for k in "clusters_near_extract_edge: 1" "sites_near_extract_edge: 1"; do
    grep -q "\"${k%%:*}\":${k#*:}," "$T/edge/summary.json" || fail "summary.json lacks $k"
done
grep -q "clusters: .*: 1 point within 1000 m of the edge of the road network's extent .*e\.g\. c1$" "$T/edge.err" ||
    fail "no warning about c1 near the edge: $(grep 'edge of the road' "$T/edge.err")"
echo "ok   a one-way motorway cut by the extract edge: counted, named, main = 0, drawn apart; points near the edge counted"
[ $fails -eq 0 ] && echo "PASS access_roads" || { echo "FAIL access_roads ($fails)"; exit 1; }
