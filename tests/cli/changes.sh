#!/usr/bin/env bash
# changes.sh — the [changes] section of a scenario on data/porto_alegre.ini
# (walk, 5 minutes unless said; stations: the hexagons with healthcare > 0).
# Each change is checked against a run that does not use [changes]:
#   - close_sites X: coverage.csv byte-identical to a run whose sites.where
#     leaves X out; the clusters that lose coverage all had X as nearest site
#     (so only X covered them), the others keep site and minutes, and the
#     workers lost (awk over the two coverage.csv) equal the difference of
#     the summaries and are above 0;
#   - add_site at X's own coordinates: no cluster's coverage or minutes change;
#   - move_site and add_site.N / add_sites FILE: coverage and minutes equal to
#     a run whose sites.where selects the same places; move_site_xy and
#     add_site_xy at a hexagon's working-CRS point (from results.gpkg) equal
#     to sites.where selecting that hexagon;
#   - close_roads of a way ~1 km from every station (no path of 5 minutes on
#     foot can use it): id, nearest_site, minutes, covered all unchanged;
#   - close_roads of a way next to station 89a901288cfffff (10 minutes): at
#     least one cluster's minutes rise, none falls, no uncovered cluster
#     becomes covered, and every changed cluster lies within a 10-minute walk
#     (+ the way's length) of the way;
#   - close_roads_in a 3 m box on that way: coverage.csv byte-identical to
#     close_roads of the way;
#   - add_candidates / remove_candidates: recommendations.csv equal to runs
#     whose candidates.where selects the same candidates (budget 1);
#   - unknown site, candidate or road ids, a duplicate new id, an unknown
#     class, candidates changes without a candidates layer, a close_roads_in
#     layer of points or crossing no road: exit 1,
#     one error line naming the key and the id;
#   - summary.json lists the changes in order.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u
: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/changes"
INI="$SP_ROOT/data/porto_alegre.ini"
HEX="$SP_ROOT/data/poa_hexgrid.csv"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }
. "$SP_ROOT/tests/cli/lib/expect.sh"

X=89a9012881bffff          # the station covering most workers at 5 minutes
Y1=89a90129853ffff         # hexagons without a station (in the largest gap)
Y2=89a901291abffff
ROAD_FAR=236787943         # a service way ~100 m from Y1
ROAD_NEAR=27103295         # Praça Marechal Deodoro, next to station 89a901288cfffff
NEAR_LON=-51.230698 NEAR_LAT=-30.0334041   # its first vertex
lonlat() { awk -F, -v id="$1" '$1 == id { print $2 ", " $3 }' "$HEX"; }

# run NAME [SET...]: siteplan run on porto_alegre.ini into $T/NAME, render off.
run() {
    local name=$1; shift
    local sets=()
    for s in "$@"; do sets+=(--set "$s"); done
    n_cases=$((n_cases + 1))
    if ! "$SITEPLAN" run "$INI" --set travel.minutes=5 --set render.enabled=no "${sets[@]}" \
        -o "$T/$name" -q >"$T/$name.stdout" 2>"$T/$name.err"; then
        sed 's/^/    /' "$T/$name.err" >&2
        note_fail "$name" "siteplan run failed"
    fi
}
# cols DIR COLS: the coverage.csv columns (awk field list, e.g. '$1,$5,$6').
cols() { awk -F, "{ print $2 }" "$T/$1/coverage.csv"; }
covered() { sed -n 's/^  "workers_covered": \([0-9]*\),$/\1/p' "$T/$1/summary.json"; }
same_cols() { # CASE A B COLS
    if ! cmp -s <(cols "$2" "$4") <(cols "$3" "$4"); then
        note_fail "$1" "coverage.csv of $2 and $3 differ in columns $4"
        diff <(cols "$2" "$4") <(cols "$3" "$4") | head -5 >&2
    else
        echo "  ok: $1"
    fi
}

echo "check: close_sites"
run base
run close "changes.close_sites=$X"
run close_where "inputs.sites.where=healthcare > 0 AND id <> '$X'"
cmp -s "$T/close/coverage.csv" "$T/close_where/coverage.csv" ||
    note_fail close "coverage.csv differs from the run without $X in sites.where"
# per cluster: base (id,workers,nearest,minutes,covered) then after
lost=$(paste -d, "$T/base/coverage.csv" "$T/close/coverage.csv" | awk -F, -v x="$X" '
    NR == 1 { next }
    $6 == 1 && $13 != 1 && $4 != x { bad++ }                  # lost, but X was not its nearest
    $4 != x && ($4 != $11 || $5 != $12 || $6 != $13) { bad++ } # not X'"'"'s: must not change
    $6 == 1 && $13 != 1 { w += $3 }
    END { print (bad ? "bad" : w + 0) }')
diff_sum=$(( $(covered base) - $(covered close) ))
if [ "$lost" = bad ] || [ "$lost" != "$diff_sum" ] || [ "$diff_sum" -le 0 ]; then
    note_fail close "workers lost: awk $lost, summaries $diff_sum (expected equal and > 0)"
else
    echo "  ok: closing $X loses $lost workers, exactly those only it covered"
fi

echo "check: add_site at an existing station's coordinates"
run add_same "changes.add_site=new_x, $(lonlat $X), Copy of X"
same_cols add_same base add_same '$1,$3,$5,$6'
[ "$(covered base)" = "$(covered add_same)" ] || note_fail add_same "workers_covered changed"
n_st=$(sed -n 's/^  "stations": \([0-9]*\),$/\1/p' "$T/base/summary.json")
grep -q "\"stations\": $((n_st + 1))," "$T/add_same/summary.json" ||
    note_fail add_same "summary.json does not count $n_st + 1 stations"

echo "check: move_site, add_site.N and add_sites against sites.where"
run move "changes.move_site=$X, $(lonlat $Y1)"
run move_where "inputs.sites.where=(healthcare > 0 AND id <> '$X') OR id = '$Y1'"
same_cols move move_where move '$1,$3,$5,$6'
# move_site_xy / add_site_xy: Y1's point in the working CRS (the clusters
# layer of the base run) must give what move_site by lon, lat gives
xy=$(ogrinfo -q "$T/base/results.gpkg" clusters -where "id = '$Y1'" |
    sed -n 's/^ *POINT (\([-0-9.e+]*\) \([-0-9.e+]*\))$/\1, \2/p')
[ -n "$xy" ] || note_fail move_xy "no working-CRS point of $Y1 in results.gpkg"
run move_xy "changes.move_site_xy=$X, $xy"
same_cols move_xy move_where move_xy '$1,$3,$5,$6'
run add_xy "changes.close_sites=$X" "changes.add_site_xy=$Y1, $xy"
same_cols add_xy move_where add_xy '$1,$3,$4,$5,$6'
printf 'code,lon,lat\nnew_2,%s\n' "$(lonlat $Y2 | tr -d ' ')" >"$T/extra.csv"
{ sed '/^\[output\]/,$d' "$INI" | sed "s#= poa_#= $SP_ROOT/data/poa_#"
  printf '%s\n' "[changes]" "add_site.1 = new_1, $(lonlat $Y1)" "add_sites = extra.csv" \
      "add_sites.x = lon" "add_sites.y = lat" "add_sites.id = code" "close_sites = $X"; } >"$T/add.ini"
n_cases=$((n_cases + 1))
"$SITEPLAN" run "$T/add.ini" --set travel.minutes=5 --set render.enabled=no -o "$T/add" -q \
    >/dev/null 2>"$T/add.err" || { note_fail add "run failed"; cat "$T/add.err" >&2; }
run add_where "inputs.sites.where=(healthcare > 0 AND id <> '$X') OR id IN ('$Y1', '$Y2')"
same_cols add add_where add '$1,$3,$5,$6'
grep -A4 '"changes": \[' "$T/add/summary.json" | tr -d '\n ' >"$T/add.changes"
grep -q "\"add_site.1:new_1,.*\",\"add_sites:$T/extra.csv\",\"close_sites:$X\"\]" "$T/add.changes" ||
    note_fail add "summary.json changes not listed in order: $(cat "$T/add.changes")"

echo "check: a closed road that carries no shortest path"
d=$(awk -F, -v lon=-51.1632 -v lat=-30.0257 'NR > 1 && $7 > 0 {
        dx = ($2 - lon) * 111320 * 0.8658; dy = ($3 - lat) * 110540; d = sqrt(dx * dx + dy * dy)
        if (m == "" || d < m) m = d } END { printf "%d", m }' "$HEX")
[ "$d" -gt 800 ] || note_fail road_far "the nearest station is only $d m from way $ROAD_FAR"
run road_far "changes.close_roads=$ROAD_FAR"
same_cols road_far base road_far '$1,$4,$5,$6'

echo "check: a closed road on shortest paths raises minutes, only within reach of it (exactly the paths that used it: test_changes)"
run base10 travel.minutes=10
run road_near travel.minutes=10 "changes.close_roads=$ROAD_NEAR"
res=$(paste -d, "$T/base10/coverage.csv" "$T/road_near/coverage.csv" |
    awk -F, -v lon=$NEAR_LON -v lat=$NEAR_LAT -v hex="$HEX" '
    BEGIN { while ((getline l < hex) > 0) { split(l, f, ","); X[f[1]] = f[2]; Y[f[1]] = f[3] } }
    NR == 1 { next }
    { b = $6 == 1 ? $5 : 1e9; a = $13 == 1 ? $12 : 1e9 }
    a < b { fall++ }
    a > b { up++; dx = (X[$1] - lon) * 111320 * 0.8658; dy = (Y[$1] - lat) * 110540
            if (sqrt(dx * dx + dy * dy) > 833 + 300) far++ }
    END { printf "%d %d %d", up, fall, far }')
set -- $res
if [ "$1" -lt 1 ] || [ "$2" -ne 0 ] || [ "$3" -ne 0 ]; then
    note_fail road_near "rises $1 (want >= 1), falls $2 (want 0), rises beyond reach $3 (want 0)"
else
    echo "  ok: $1 cluster(s) slower, none faster, all within reach of the way"
fi

echo "check: close_roads_in a 3 m box on that way equals close_roads of it"
poly() { # FILE LON0 LAT0 LON1 LAT1: one rectangle, GeoJSON (WGS 84)
    printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":'
    printf '{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}]}\n' \
        "$2" "$3" "$4" "$3" "$4" "$5" "$2" "$5" "$2" "$3"
}
poly x -51.23064 -30.03270 -51.23061 -30.03267 >"$T/box.geojson"      # mid-way between two vertices
poly x -51.300 -30.030 -51.290 -30.020 >"$T/river.geojson"             # in the Guaíba: no road
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[-51.2,-30.0]}}]}\n' \
    >"$T/point.geojson"
run road_box travel.minutes=10 "changes.close_roads_in=$T/box.geojson"
cmp -s "$T/road_box/coverage.csv" "$T/road_near/coverage.csv" ||
    note_fail road_box "coverage.csv differs from close_roads = $ROAD_NEAR"

echo "check: add_candidates and remove_candidates against candidates.where"
SIT=("siting.budget=1" "siting.candidates=$HEX" siting.candidates.x=lon siting.candidates.y=lat
     siting.candidates.id=id)
recs() { cut -d, -f1,2,8,9 "$T/$1/recommendations.csv"; }
run cand_remove "${SIT[@]}" "siting.candidates.where=id IN ('$Y1', '$Y2')" "changes.remove_candidates=$Y1"
run cand_where1 "${SIT[@]}" "siting.candidates.where=id = '$Y2'"
run cand_add "${SIT[@]}" "siting.candidates.where=id = '$Y2'" "changes.add_candidates=$Y1, $(lonlat $Y1)"
run cand_where2 "${SIT[@]}" "siting.candidates.where=id IN ('$Y1', '$Y2')"
cmp -s <(recs cand_remove) <(recs cand_where1) || note_fail cand_remove "recommendations differ"
cmp -s <(recs cand_add) <(recs cand_where2) || note_fail cand_add "recommendations differ"
cmp -s <(recs cand_where1) <(recs cand_where2) && note_fail cand_add "the two candidate sets give equal picks"
grep -q "^1,$Y1," "$T/cand_add/recommendations.csv" || note_fail cand_add "the added candidate $Y1 is not chosen"

echo "check: errors"
expect_error unknown_site "[changes] close_sites" "'nope'" -- "$INI" --set travel.minutes=5 \
    --set "changes.close_sites=$X, nope"
expect_error unknown_move "[changes] move_site" "'nope'" -- "$INI" --set "changes.move_site=nope, -51.2, -30.0"
expect_error duplicate_add "[changes] add_site" "'$X'" "exists already" -- "$INI" \
    --set "changes.add_site=$X, -51.2, -30.0"
expect_error unknown_road "[changes] close_roads" "'999999999999'" -- "$INI" \
    --set "changes.close_roads=$ROAD_NEAR, 999999999999"
expect_error unknown_class "[changes] speed" "'highway_x'" -- "$INI" --set "changes.speed=highway_x:3"
expect_error unknown_candidate "[changes] remove_candidates" "'nope'" -- "$INI" \
    $(printf -- '--set %s ' "${SIT[@]}") --set "changes.remove_candidates=nope"
expect_error roads_in_none "[changes] close_roads_in" "cross no road" -- "$INI" \
    --set "changes.close_roads_in=$T/river.geojson"
expect_error roads_in_point "[changes] close_roads_in" "not a polygon" -- "$INI" \
    --set "changes.close_roads_in=$T/point.geojson"
expect_error no_candidates "[changes] add_candidates" "no [siting]" -- "$INI" \
    --set "changes.add_candidates=c1, -51.2, -30.0"

echo
if [ ${#failures[@]} -gt 0 ]; then
    echo "FAIL changes: ${#failures[@]} failed check(s) (of $n_cases cases):" >&2
    printf "  %s\n" "${failures[@]}" >&2
    exit 1
fi
echo "PASS changes ($n_cases cases)"
exit 0
