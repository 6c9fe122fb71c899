#!/usr/bin/env bash
# inputs_exact.sh — numbers and ids are read exactly as written (issue 10,
# section 2):
#   - CSV fields are text: ids "00001" and 21-digit ids come out verbatim
#     (no false "duplicate id"), a .csvt typing the id column as a number
#     is refused; an attribute filter still compares numbers;
#   - numeric GeoJSON ids (clusters and sites) that are not exact are
#     refused: 21 digits (GDAL clamps it to the 64-bit limit, also in a
#     text field), beyond 2^53 in a Real field, a fraction; exact ones keep
#     their decimal text (1e15 is 1000000000000000);
#   - a weight is parsed by the one number parser wherever it is in the file
#     (past GDAL's 100 kB type-sniffing window too) and is checked against
#     the per-cluster limit (README "Inputs"); a GeoJSON boolean is not a
#     count; 1e300 and 1.7e308 are errors, not inf/null in summary.json;
#   - coordinates are checked for every geometry source: a GeoJSON point at
#     longitude 308.8, a MultiPoint of two points (one point is fine and is
#     written as a point), an OSM XML node with lon="nan" or lon="abc", a
#     vertex of a line-layer network at longitude 308.8;
#   - error lines name the physical line of a CSV with a quoted newline
#     earlier in the file: clusters, solve matrix and demand, speed profile.
# Fixtures are written here (tiny CSV/GeoJSON/OSM files; points taken from
# data/poa_hexgrid.csv so that they lie on the bundled network).
# Env: SITEPLAN, SP_ROOT, SP_TMP.
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/inputs_exact"
NET="$SP_ROOT/data/poa_osm.pbf"
HEX="$SP_ROOT/data/poa_hexgrid.csv"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }
. "$SP_ROOT/tests/cli/lib/expect.sh"

# ini NAME CLUSTERS [MORE] — a scenario over the bundled network, clusters
# with fields id and w (and MORE keys), maps off.
ini() {
    printf '[inputs]\nnetwork = %s\nclusters = %s\nclusters.id = id\nclusters.weight = w\n%s\n[render]\nenabled = no\n' \
        "$NET" "$2" "${3:-}" >"$T/$1.ini"
}
XY="clusters.x = lon
clusters.y = lat"
# Two points on the network (lon,lat of hexagons).
P1=$(awk -F, 'NR == 2 { print $2 "," $3 }' "$HEX")
P2=$(awk -F, 'NR == 3 { print $2 "," $3 }' "$HEX")
P3=$(awk -F, 'NR == 4 { print $2 "," $3 }' "$HEX")
P4=$(awk -F, 'NR == 5 { print $2 "," $3 }' "$HEX")

# --- ids verbatim -----------------------------------------------------------
printf 'id,lon,lat,w\n00001,%s,10\n00002,%s,20\n123456789012345678901,%s,5\n123456789012345678902,%s,5\n' \
    "$P1" "$P2" "$P3" "$P4" >"$T/ids.csv"
ini ids ids.csv "$XY"
if expect_ok ids_verbatim "$T/ids.ini"; then
    got=$(awk -F, 'NR > 1 { print $1 }' "$T/out_ids_verbatim/coverage.csv" | sort | paste -sd' ')
    want=$(awk -F, 'NR > 1 { print $1 }' "$T/ids.csv" | sort | paste -sd' ')
    [ "$got" = "$want" ] && echo "  ok: coverage.csv ids: $got" ||
        note_fail ids_verbatim "coverage.csv ids '$got', expected '$want'"
    got=$(ogrinfo -q -sql "SELECT id FROM clusters ORDER BY id" "$T/out_ids_verbatim/results.gpkg" 2>/dev/null |
          sed -n 's/^ *id (String) = //p' | paste -sd' ')
    [ "$got" = "$want" ] && echo "  ok: results.gpkg ids: $got" ||
        note_fail ids_verbatim "results.gpkg ids '$got', expected '$want'"
fi

# A .csvt beside the CSV that types the id column as a number is refused
# (GDAL would read 00001 as 1).
cp "$T/ids.csv" "$T/typed.csv"
echo '"Integer","Real","Real","Integer"' >"$T/typed.csvt"
ini typed typed.csv "$XY"
expect_error csvt_integer_id "typed.csv" "field id" ".csvt" "String" -- "$T/typed.ini"

# An attribute filter on a CSV still compares numbers: w > 7 keeps 10 and 20
# (compared as text, '10' and '20' sort before '7' and nothing would pass).
ini where ids.csv "$XY
clusters.where = w > 7"
if expect_ok where_numeric "$T/where.ini"; then
    n=$(awk 'END { print NR - 1 }' "$T/out_where_numeric/coverage.csv")
    [ "$n" = 2 ] && echo "  ok: 2 clusters pass 'w > 7'" ||
        note_fail where_numeric "$n clusters pass 'w > 7', expected 2 (10 and 20)"
fi

# --- weights ------------------------------------------------------------------
# A weight past GDAL's type-sniffing window (100 kB): 1,600 rows of about 70
# bytes, the last one 20 digits long.
awk -F, -v OFS=, 'NR == 1 { print "id,lon,lat,w"; next }
    NR <= 1601 { print "c" NR, $2, $3, 1 }' "$HEX" >"$T/long.csv"
n=$(awk 'END { print NR }' "$T/long.csv")
while [ "$n" -lt 1601 ]; do
    awk -F, -v OFS=, -v k="$n" 'NR > 1 { print "d" k "_" NR, $2, $3, 1 }' "$HEX" >>"$T/long.csv"
    n=$(awk 'END { print NR }' "$T/long.csv")
done
printf 'last,%s,12345678901234567890\n' "$P1" >>"$T/long.csv"
last=$(awk 'END { print NR }' "$T/long.csv")
[ "$(wc -c <"$T/long.csv")" -gt 100000 ] || note_fail long_weight "fixture smaller than 100 kB"
ini long long.csv "$XY"
expect_error weight_past_sniff_window "long.csv" "line $last" "12345678901234567890" "limit" -- "$T/long.ini"

printf 'id,lon,lat,w\na,%s,1e300\nb,%s,5\n' "$P1" "$P2" >"$T/huge.csv"
ini huge huge.csv "$XY"
expect_error weight_1e300 "huge.csv" "line 2" "1e300" "10000000" -- "$T/huge.ini"
printf 'id,lon,lat,w\na,%s,1.7e308\nb,%s,1.7e308\n' "$P1" "$P2" >"$T/dmax.csv"
ini dmax dmax.csv "$XY"
expect_error weight_1.7e308 "dmax.csv" "line 2" "1.7e308" -- "$T/dmax.ini"

feature() { # id weight-json geometry-json
    printf '{"type":"Feature","properties":{"id":"%s","w":%s},"geometry":%s}' "$1" "$2" "$3"
}
fc() { printf '{"type":"FeatureCollection","features":[%s]}\n' "$(IFS=,; echo "$*")"; }
pt() { printf '{"type":"Point","coordinates":[%s]}' "$1"; }
fc "$(feature a 5 "$(pt "$P1")")" "$(feature b true "$(pt "$P2")")" >"$T/bool.geojson"
ini bool bool.geojson
expect_error geojson_boolean_weight "bool.geojson" "field w" "feature 1" "boolean" -- "$T/bool.ini"
fc "$(feature a false "$(pt "$P1")")" >"$T/bool1.geojson"
ini bool1 bool1.geojson
expect_error geojson_boolean_only "bool1.geojson" "field w" "boolean" -- "$T/bool1.ini"

# --- numeric ids of other sources (GeoJSON) ---------------------------------------
# A number in JSON is read by GDAL as a 64-bit integer (clamped to its limit
# when larger) or a double (exact up to 2^53): an id that is not exact is
# refused, one that is keeps its decimal text.
featn() { # id-json weight geometry-json
    printf '{"type":"Feature","properties":{"id":%s,"w":%s},"geometry":%s}' "$1" "$2" "$3"
}
fc "$(featn 123456789012345678901 5 "$(pt "$P1")")" "$(featn 2 5 "$(pt "$P2")")" >"$T/id21.geojson"
ini id21 id21.geojson
expect_error geojson_id_21_digits "id21.geojson, layer id21, field id, feature 0" \
    "9223372036854775807" "write the id as a string" -- "$T/id21.ini"
fc "$(featn 3 5 "$(pt "$P1")")" "$(featn 9007199254740993 5 "$(pt "$P2")")" \
    "$(featn 1.5 5 "$(pt "$P3")")" >"$T/idreal.geojson"
ini idreal idreal.geojson
expect_error geojson_id_beyond_2_53 "idreal.geojson, layer idreal, field id, feature 1" \
    "beyond 2^53" "write the id as a string" -- "$T/idreal.ini"
fc "$(featn 3 5 "$(pt "$P1")")" "$(featn 2.5 5 "$(pt "$P2")")" >"$T/idhalf.geojson"
ini idhalf idhalf.geojson
expect_error geojson_id_fraction "idhalf.geojson, layer idhalf, field id, feature 1" \
    "2.5" "not a whole number" "write the id as a string" -- "$T/idhalf.ini"
# a text field (some ids strings) holding a number GDAL clamped
fc "$(featn '"a"' 5 "$(pt "$P1")")" "$(featn -123456789012345678901 5 "$(pt "$P2")")" >"$T/idmix.geojson"
ini idmix idmix.geojson
expect_error geojson_id_text_field "idmix.geojson, layer idmix, field id, feature 1" \
    "write the id as a string" -- "$T/idmix.ini"
# sites as well
printf 'id,lon,lat,w\na,%s,10\nb,%s,20\n' "$P1" "$P2" >"$T/cl2.csv"
fc "$(featn 123456789012345678901 0 "$(pt "$P3")")" >"$T/site21.geojson"
ini site21 cl2.csv "$XY
sites = site21.geojson
sites.id = id"
expect_error geojson_site_id_21_digits "site21.geojson, layer site21, field id, feature 0" \
    "write the id as a string" -- "$T/site21.ini"
# exact numbers keep their decimal text: 1e15 and 7.0 in a Real field,
# 9007199254740993 in an Integer64 field, 1e15 in a text field
fc "$(featn 1e15 5 "$(pt "$P1")")" "$(featn 7.0 5 "$(pt "$P2")")" >"$T/idok_real.geojson"
fc "$(featn 9007199254740993 5 "$(pt "$P1")")" "$(featn 4 5 "$(pt "$P2")")" >"$T/idok_int64.geojson"
fc "$(featn '"x"' 5 "$(pt "$P1")")" "$(featn 1e15 5 "$(pt "$P2")")" >"$T/idok_text.geojson"
for c in "real:1000000000000000 7" "int64:9007199254740993 4" "text:x 1000000000000000"; do
    k=${c%%:*} want=${c#*:}
    ini "idok_$k" "idok_$k.geojson"
    if expect_ok "geojson_exact_id_$k" "$T/idok_$k.ini"; then
        got=$(awk -F, 'NR > 1 { print $1 }' "$T/out_geojson_exact_id_$k/coverage.csv" | paste -sd' ')
        [ "$got" = "$want" ] && echo "  ok: coverage.csv ids: $got" ||
            note_fail "geojson_exact_id_$k" "coverage.csv ids '$got', expected '$want'"
    fi
done

# --- coordinates of every geometry source ---------------------------------------
fc "$(feature a 5 "$(pt "$P1")")" "$(feature b 5 "$(pt "308.8,-30.05")")" >"$T/lon.geojson"
ini lon lon.geojson
expect_error geojson_lon_308 "lon.geojson" "feature 1" "308.8" "longitude" -- "$T/lon.ini"

fc "$(feature a 5 "{\"type\":\"MultiPoint\",\"coordinates\":[[$P1],[$P2]]}")" >"$T/mp2.geojson"
ini mp2 mp2.geojson
expect_error multipoint_two "mp2.geojson" "feature 0" "MultiPoint of 2 points" -- "$T/mp2.ini"
fc "$(feature a 5 "{\"type\":\"MultiPoint\",\"coordinates\":[[$P1]]}")" >"$T/mp1.geojson"
ini mp1 mp1.geojson
if expect_ok multipoint_one "$T/mp1.ini"; then
    t=$(ogrinfo -so "$T/out_multipoint_one/results.gpkg" clusters 2>/dev/null | sed -n 's/^Geometry: //p')
    g=$(ogrinfo -q "$T/out_multipoint_one/results.gpkg" clusters 2>/dev/null | grep -c 'MULTIPOINT')
    [ "$t" = Point ] && [ "$g" = 0 ] && echo "  ok: one-point MultiPoint written as a Point" ||
        note_fail multipoint_one "clusters layer '$t' with $g MULTIPOINT rows"
fi

# OSM XML: a node with lon="nan" (GDAL drops it from its way) or "abc"
# (GDAL reads 0).
osm() { # lon-of-node-2
    cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
  <node id="1" lat="-30.0" lon="-51.2"/>
  <node id="2" lat="-30.001" lon="$1"/>
  <node id="3" lat="-30.002" lon="-51.2"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
</osm>
EOF
}
printf 'id,lon,lat,w\na,-51.2001,-30.001,5\n' >"$T/osm_pt.csv"
for v in nan abc; do
    osm "$v" >"$T/node_$v.osm"
    printf '[inputs]\nnetwork = node_%s.osm\nclusters = osm_pt.csv\nclusters.id = id\nclusters.weight = w\n%s\n' \
        "$v" "$XY" >"$T/node_$v.ini"
    expect_error "osm_node_lon_$v" "node_$v.osm" "line 4" "node 2" "lon=\"$v\"" -- "$T/node_$v.ini"
done

# A line-layer network (GeoJSON, geographic) with a vertex at longitude 308.8.
cat >"$T/lines.geojson" <<EOF
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"highway":"residential"},"geometry":{"type":"LineString","coordinates":[[-51.2,-30.0],[-51.2,-30.002]]}},
{"type":"Feature","properties":{"highway":"residential"},"geometry":{"type":"LineString","coordinates":[[-51.2,-30.0],[308.8,-30.002]]}}]}
EOF
printf '[inputs]\nnetwork = lines.geojson\nclusters = osm_pt.csv\nclusters.id = id\nclusters.weight = w\n%s\n' \
    "$XY" >"$T/lines.ini"
expect_error network_lon_308 "lines.geojson" "feature 1" "308.8" "longitude" -- "$T/lines.ini"

# --- physical lines ---------------------------------------------------------------
# A quoted newline in row 2 (lines 2-3); the bad weight is on line 5.
printf 'id,name,lon,lat,w\na,"two\nlines",%s,10\nb,x,%s,20\nc,y,%s,abc\n' "$P1" "$P2" "$P3" >"$T/ql.csv"
ini ql ql.csv "$XY
clusters.name = name"
expect_error clusters_quoted_newline "ql.csv" "line 5" "abc" -- "$T/ql.ini"

# Speed profile: a quoted note spans lines 2-3; the bad kmh is on line 4.
printf 'highway,kmh,note\nresidential,5,"a\nnote"\nprimary,fast,x\n' >"$T/prof.csv"
printf 'id,lon,lat,w\na,%s,10\nb,%s,20\n' "$P1" "$P2" >"$T/two.csv"
ini prof two.csv "$XY
[travel]
profile = prof.csv"
expect_error profile_quoted_newline "prof.csv" "line 4" "fast" -- "$T/prof.ini"

# solve: matrix and demand files with a quoted newline before the bad row.
printf 'NAME,POP,note\nd1,10,"x\ny"\nd2,20,z\nd3,abc,z\n' >"$T/dem_bad.csv"
printf 'NAME,POP\nd1,10\nd2,20\n' >"$T/dem.csv"
printf 'name,DestinationName,distance,note\ns1,d1,5,"x\ny"\ns1,d2,7,z\ns2,d1,abc,z\ns2,d2,3,z\n' >"$T/mat_bad.csv"
sed 's/abc/0x10/' "$T/mat_bad.csv" >"$T/mat_hex.csv"
printf 'name,DestinationName,distance\ns1,d1,5\ns1,d2,7\ns2,d1,4\ns2,d2,3\n' >"$T/mat.csv"
solve_err solve_demand_quoted_newline "dem_bad.csv" "line 5" "abc" -- \
    --matrix "$T/mat.csv" --demand "$T/dem_bad.csv" --weight POP --model pmedian -p 1
solve_err solve_matrix_quoted_newline "mat_bad.csv" "line 5" "abc" -- \
    --matrix "$T/mat_bad.csv" --demand "$T/dem.csv" --weight POP --model pmedian -p 1
# the one number parser: hexadecimal is not a plain decimal
solve_err solve_matrix_hex "mat_hex.csv" "line 5" "0x10" "not a number" -- \
    --matrix "$T/mat_hex.csv" --demand "$T/dem.csv" --weight POP --model pmedian -p 1
# ids in solve are text as written: "007" and "7" are two demands.
printf 'NAME,POP\n007,10\n7,20\n' >"$T/dem_ids.csv"
printf 'name,DestinationName,distance\ns1,007,5\ns1,7,7\n' >"$T/mat_ids.csv"
n_cases=$((n_cases + 1))
if out=$("$SITEPLAN" solve --matrix "$T/mat_ids.csv" --demand "$T/dem_ids.csv" --weight POP \
         --model pmedian -p 1 2>"$T/solve_ids.err"); then
    obj=$(printf '%s\n' "$out" | sed -n 's/^objective: //p')
    # 10 x 5 + 20 x 7 = 190
    [ "$obj" = 190 ] && echo "ok: solve ids 007 and 7 kept apart (objective 190)" ||
        note_fail solve_ids "objective '$obj', expected 190"
else
    note_fail solve_ids "exit code $?: $(cat "$T/solve_ids.err")"
fi

expect_summary inputs_exact
