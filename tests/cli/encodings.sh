#!/usr/bin/env bash
# encodings.sh — text encodings (issue 10, section 3): every text siteplan
# reads becomes valid UTF-8 or is rejected up front, before any output:
#   - Latin-1 cluster names in a CSV: an error naming the file, field and
#     line and the key clusters.encoding; with clusters.encoding = latin1
#     the names are converted (coverage.csv, results.gpkg, summary.json are
#     valid UTF-8 and hold "São João");
#   - an unknown encoding name, and an encoding key on a layer whose driver
#     reads UTF-8 itself (GeoJSON), are errors naming the key;
#   - a Shapefile whose DBF holds Latin-1 without a .cpg: rejected, and read
#     with the key (passed to GDAL as the ENCODING open option);
#   - a Latin-1 scenario file ([scenario] name): an error naming the file
#     and line, not an invalid summary.json; a Latin-1 --set value too;
#   - a road network with Latin-1 road names: an error naming file, field
#     and feature before anything is drawn;
#   - siteplan solve: a Latin-1 id is an error naming file and line;
#     --encoding latin1 converts it.
# Fixtures are written here.  Env: SITEPLAN, SP_ROOT, SP_TMP.
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/encodings"
NET="$SP_ROOT/data/poa_osm.pbf"
HEX="$SP_ROOT/data/poa_hexgrid.csv"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }
. "$SP_ROOT/tests/cli/lib/expect.sh"

P1=$(awk -F, 'NR == 2 { print $2 "," $3 }' "$HEX")
P2=$(awk -F, 'NR == 3 { print $2 "," $3 }' "$HEX")
# "São João" and "Caraça" in Latin-1 (0xE3 = ã, 0xE7 = ç).
printf 'id,name,lon,lat,w\na,S\343o Jo\343o,%s,10\nb,Cara\347a,%s,20\n' "$P1" "$P2" >"$T/latin1.csv"
ini() { # NAME BODY (render off unless the body has its own [render])
    case "$2" in
        *"[render]"*) printf '%s\n' "$2" >"$T/$1.ini" ;;
        *) printf '%s\n[render]\nenabled = no\n' "$2" >"$T/$1.ini" ;;
    esac
}
INPUTS="[inputs]
network = $NET
clusters = latin1.csv
clusters.id = id
clusters.name = name
clusters.weight = w
clusters.x = lon
clusters.y = lat"
utf8_ok() { iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1; }
# check_utf8_out CASE — every text output of the run is valid UTF-8, JSON
# parses, and the converted name is there.
check_utf8_out() {
    local o="$T/out_$1" f
    for f in summary.json coverage.csv sites.csv; do
        utf8_ok "$o/$f" || note_fail "$1" "$f is not valid UTF-8"
    done
    if command -v python3 >/dev/null; then
        python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' \
            "$o/summary.json" 2>/dev/null || note_fail "$1" "summary.json is not valid JSON"
    fi
    grep -q 'São João' "$o/coverage.csv" || note_fail "$1" "coverage.csv has no 'São João'"
    ogrinfo -q "$o/results.gpkg" clusters 2>/dev/null | grep -q 'name (String) = Caraça' ||
        note_fail "$1" "results.gpkg clusters has no 'Caraça'"
    echo "  ok: outputs are UTF-8 and hold the converted names"
}

# --- cluster names ------------------------------------------------------------
ini plain "$INPUTS"
expect_error latin1_names_rejected "latin1.csv" "field name" "line 2" "not valid UTF-8" \
    "clusters.encoding" -- "$T/plain.ini"
ini keyed "$INPUTS
clusters.encoding = latin1"
expect_ok latin1_names_converted "$T/keyed.ini" && check_utf8_out latin1_names_converted
expect_error unknown_encoding "clusters.encoding" "klingon" "not an encoding" -- "$T/plain.ini" \
    --set inputs.clusters.encoding=klingon

printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","w":5},"geometry":{"type":"Point","coordinates":[%s]}}]}\n' \
    "$P1" >"$T/pt.geojson"
ini geojson_key "[inputs]
network = $NET
clusters = pt.geojson
clusters.id = id
clusters.weight = w
clusters.encoding = latin1"
expect_error encoding_on_utf8_driver "pt.geojson" "GeoJSON" "remove clusters.encoding" -- \
    "$T/geojson_key.ini"

# --- a Shapefile without .cpg --------------------------------------------------
if command -v ogr2ogr >/dev/null; then
    mkdir -p "$T/shp"
    ogr2ogr -q -f "ESRI Shapefile" "$T/shp/c.shp" "$T/latin1.csv" -oo X_POSSIBLE_NAMES=lon \
        -oo Y_POSSIBLE_NAMES=lat -a_srs EPSG:4326 -lco ENCODING="" 2>/dev/null
    rm -f "$T/shp/c.cpg"
    SHP="[inputs]
network = $NET
clusters = shp/c.shp
clusters.id = id
clusters.name = name
clusters.weight = w"
    ini shp "$SHP"
    expect_error shapefile_latin1_rejected "c.shp" "field name" "feature 0" "clusters.encoding" -- \
        "$T/shp.ini"
    ini shp_keyed "$SHP
clusters.encoding = latin1"
    expect_ok shapefile_latin1_converted "$T/shp_keyed.ini" &&
        check_utf8_out shapefile_latin1_converted
else
    echo "skip: shapefile cases (no ogr2ogr)"
fi

# --- the scenario file itself ---------------------------------------------------
printf '[scenario]\nname = Regi\343o Sul\n%s\nclusters.encoding = latin1\n' "$INPUTS" >"$T/name.ini"
expect_error scenario_latin1 "name.ini" "line 2" "UTF-8" -- "$T/name.ini"

# ... and a Latin-1 --set value (the scenario file itself is fine).
iconv -f LATIN1 -t UTF-8 "$T/latin1.csv" >"$T/utf8.csv"
ini utf8 "$(printf '%s\n' "$INPUTS" | sed 's/latin1.csv/utf8.csv/')"
expect_error set_latin1 "--set" "not UTF-8" -- "$T/utf8.ini" \
    --set "scenario.name=$(printf 'Regi\343o')"

# --- a road network with Latin-1 names --------------------------------------------
if command -v ogr2ogr >/dev/null && command -v ogrinfo >/dev/null; then
    ogr2ogr -q -f GPKG "$T/roads.gpkg" "$NET" lines -nln roads -spat -51.23 -30.12 -51.19 -30.08 \
        --config OSM_CONFIG_FILE "$SP_ROOT/data/osmconf.ini" 2>/dev/null
    ogrinfo -q "$T/roads.gpkg" \
        -sql "UPDATE roads SET name = CAST(X'53E36F204A6FE36F' AS TEXT) WHERE name IS NOT NULL" \
        >/dev/null 2>&1
    ini roads "[inputs]
network = roads.gpkg
clusters = latin1.csv
clusters.id = id
clusters.weight = w
clusters.x = lon
clusters.y = lat
[render]
enabled = yes"
    OUTPUT_FILES="summary.json coverage.csv sites.csv results.gpkg map.pdf map.png report.pdf" \
        expect_error network_latin1_names "roads.gpkg" "field name" "feature" "UTF-8" -- \
        "$T/roads.ini"
fi

# --- siteplan solve -----------------------------------------------------------------
printf 'NAME,POP\nd1,10\nS\343o,20\n' >"$T/dem.csv"
printf 'name,DestinationName,distance\ns1,d1,5\ns1,S\343o,7\n' >"$T/mat.csv"
solve_err solve_latin1_rejected "dem.csv" "line 3" "--encoding" -- \
    --matrix "$T/mat.csv" --demand "$T/dem.csv" --weight POP --model pmedian -p 1
n_cases=$((n_cases + 1))
echo "check: solve_latin1_converted"
if "$SITEPLAN" solve --matrix "$T/mat.csv" --demand "$T/dem.csv" --weight POP --model pmedian \
       -p 1 --encoding latin1 --json >"$T/solve2.out" 2>"$T/solve2.err" &&
   utf8_ok "$T/solve2.out"; then
    obj=$(sed -n 's/.*"objective": *\([0-9.]*\).*/\1/p' "$T/solve2.out" | head -n 1)
    # 10 x 5 + 20 x 7 = 190
    [ "$obj" = 190 ] && echo "  ok: objective 190, output UTF-8" ||
        note_fail solve_latin1_converted "objective '$obj', expected 190"
else
    note_fail solve_latin1_converted "failed: $(cat "$T/solve2.err")"
fi

expect_summary encodings
