#!/usr/bin/env bash
# bad_inputs.sh — every kind of bad input is a clean user error:
#   exit code exactly 1; on stderr exactly one error line, starting with
#   "siteplan run: ", last, naming the file and the layer/field/line/key
#   concerned (any other stderr line must be a "siteplan: warning: ");
#   nothing on stdout; no summary.json (nor coverage.csv, results.gpkg) in the
#   output folder.
# And blank worker counts are a warning, not an error.
# Fixtures: tests/data/bad/ (tiny hand-written files) plus files made here in
# $SP_TMP (a 60-row cut of data/poa_hexgrid.csv, scenario files, a Shapefile
# without .prj via ogr2ogr when it is installed).
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/bad_inputs"
BAD="$SP_ROOT/tests/data/bad"
NET="$SP_ROOT/data/poa_osm.pbf"
HEX="$SP_ROOT/data/poa_hexgrid.csv"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }
for f in "$NET" "$HEX" "$BAD/weight_abc.csv"; do
    [ -r "$f" ] || { echo "FAIL: fixture $f missing" >&2; exit 1; }
done

. "$SP_ROOT/tests/cli/lib/expect.sh"

# ini_raw NAME TEXT — write TEXT as $T/NAME.ini (relative paths in it resolve
# against $T, the scenario's folder).
# ini NAME [BODY] — the same with the 60-row cluster layer (small.csv) and the
# network, then BODY (more [inputs] keys, or further sections).  Cases that
# change one of the cluster keys write the whole [inputs] with ini_raw, so no
# key is given twice.
ini_raw() { printf '%s\n' "$2" >"$T/$1.ini"; }
BASE_INPUTS="[inputs]
network = $NET
clusters.x = lon
clusters.y = lat
clusters.id = id"
ini() {
    ini_raw "$1" "$BASE_INPUTS
clusters = small.csv
clusters.weight = jobs
${2:-}"
}

# Fixtures made at test time.
awk 'NR <= 61' "$HEX" >"$T/small.csv"                       # header + 60 rows
{ cat "$T/small.csv"; echo 'far_cluster_1,-51.7,-30.05,0,0,10,0'; } >"$T/far.csv"
{ cat "$T/small.csv"; sed -n 5p "$HEX"; } >"$T/dup.csv"     # line 62 repeats line 5
awk -F, 'NR <= 61 || (NR > 61 && $6 == "")' "$HEX" >"$T/blank.csv"
mkdir -p "$T/adir"

# --- the scenario file ---------------------------------------------------
expect_error missing_scenario "nope.ini" -- "$T/nope.ini"

ini_raw not_ini "this is [not an ini
= = ="
expect_error not_an_ini "not_ini.ini" -- "$T/not_ini.ini"

# --- unreadable inputs -----------------------------------------------------
ini_raw clusters_dir "$BASE_INPUTS
clusters = adir
clusters.weight = jobs"
expect_error clusters_is_directory "adir" "clusters" -- "$T/clusters_dir.ini"

ini_raw clusters_garbage "[inputs]
network = $NET
clusters = $BAD/garbage.gpkg
clusters.weight = jobs"
expect_error clusters_garbage_gpkg "garbage.gpkg" "clusters" -- "$T/clusters_garbage.ini"

ini_raw clusters_garbage_csv "[inputs]
network = $NET
clusters = $BAD/garbage.csv
clusters.weight = jobs"
expect_error clusters_garbage_csv "garbage.csv" "clusters" -- "$T/clusters_garbage_csv.ini"

ini_raw clusters_missing "$BASE_INPUTS
clusters = nope.csv
clusters.weight = jobs"
expect_error clusters_missing "nope.csv" "clusters" -- "$T/clusters_missing.ini"

if [ "$(id -u)" != 0 ]; then
    cp "$T/small.csv" "$T/noread.csv" && chmod 000 "$T/noread.csv"
    ini_raw clusters_noread "$BASE_INPUTS
clusters = noread.csv
clusters.weight = jobs"
    expect_error clusters_unreadable "noread.csv" "clusters" -- "$T/clusters_noread.ini"
    chmod 644 "$T/noread.csv"
else
    echo "skip: clusters_unreadable (chmod 000 does not stop root; covered by the directory and garbage cases)"
fi

ini_raw sites_missing "$BASE_INPUTS
clusters = small.csv
clusters.weight = jobs
sites = nope_sites.csv
sites.x = lon
sites.y = lat"
expect_error sites_missing "nope_sites.csv" "sites" -- "$T/sites_missing.ini"

# --- the road network ----------------------------------------------------
ini_raw network_missing "[inputs]
network = nope.osm.pbf
clusters = small.csv
clusters.x = lon
clusters.y = lat
clusters.id = id
clusters.weight = jobs"
expect_error network_missing "nope.osm.pbf" "network" -- "$T/network_missing.ini"

ini_raw network_garbage_pbf "[inputs]
network = $BAD/garbage.osm.pbf
clusters = small.csv
clusters.x = lon
clusters.y = lat
clusters.id = id
clusters.weight = jobs"
expect_error network_garbage_pbf "garbage.osm.pbf" "network" -- "$T/network_garbage_pbf.ini"

ini_raw network_garbage_gpkg "[inputs]
network = $BAD/garbage.gpkg
clusters = small.csv
clusters.x = lon
clusters.y = lat
clusters.id = id
clusters.weight = jobs"
expect_error network_garbage_gpkg "garbage.gpkg" "network" -- "$T/network_garbage_gpkg.ini"

# --- layers and fields -----------------------------------------------------
ini_raw missing_layer "[inputs]
network = $NET
clusters = $BAD/points.geojson
clusters.layer = nope
clusters.id = id
clusters.weight = jobs"
expect_error missing_layer "points.geojson" "nope" "clusters.layer" -- "$T/missing_layer.ini"

ini_raw missing_weight "$BASE_INPUTS
clusters = small.csv
clusters.weight = workers"
expect_error missing_weight_field "small.csv" "'workers'" "weight" -- "$T/missing_weight.ini"

ini_raw missing_id "[inputs]
network = $NET
clusters = small.csv
clusters.x = lon
clusters.y = lat
clusters.id = ident
clusters.weight = jobs"
expect_error missing_id_field "small.csv" "'ident'" "id" -- "$T/missing_id.ini"

ini_raw header_only "$BASE_INPUTS
clusters = $BAD/header_only.csv
clusters.weight = jobs"
expect_error empty_layer_header_only "header_only.csv" "no features" -- "$T/header_only.ini"

ini where_nothing "clusters.where = jobs > 100000000"
expect_error empty_layer_where "small.csv" "no features" "jobs > 100000000" -- "$T/where_nothing.ini"

ini_raw dup "$BASE_INPUTS
clusters = dup.csv
clusters.weight = jobs"
dup_id=$(sed -n 5p "$HEX" | cut -d, -f1)
expect_error duplicate_id "dup.csv" "duplicate id" "$dup_id" "line 5" "line 62" -- "$T/dup.ini"

ini_raw blank_id "$BASE_INPUTS
clusters = $BAD/blank_id.csv
clusters.weight = jobs"
expect_error blank_id "blank_id.csv" "field id" "line 3" "blank id" -- "$T/blank_id.ini"

ini bad_where "clusters.where = jobs >>> 3"
expect_error bad_where_filter "small.csv" "clusters.where" "jobs >>> 3" -- "$T/bad_where.ini"

# --- bad values in the data --------------------------------------------------
ini_raw weight_abc "$BASE_INPUTS
clusters = $BAD/weight_abc.csv
clusters.weight = jobs"
expect_error weight_not_a_number "weight_abc.csv" "jobs" "line 3" "abc" -- "$T/weight_abc.ini"

ini_raw weight_negative "$BASE_INPUTS
clusters = $BAD/weight_negative.csv
clusters.weight = jobs"
expect_error weight_negative "weight_negative.csv" "jobs" "line 4" "negative" -- "$T/weight_negative.ini"

ini_raw weight_nan "$BASE_INPUTS
clusters = $BAD/weight_nan.csv
clusters.weight = jobs"
expect_error weight_nan "weight_nan.csv" "jobs" "line 2" "nan" -- "$T/weight_nan.ini"

ini_raw bowtie "[inputs]
network = $NET
clusters = $BAD/bowtie.geojson
clusters.id = id
clusters.weight = jobs"
expect_error invalid_polygon "bowtie.geojson" "invalid" -- "$T/bowtie.ini"

# --- CRS ---------------------------------------------------------------------
ini_raw wkt_nocrs "[inputs]
network = $NET
clusters = $BAD/wkt_nocrs.csv
clusters.id = id
clusters.weight = jobs"
expect_error no_crs_csv_wkt "wkt_nocrs.csv" "no CRS" "clusters.crs" -- "$T/wkt_nocrs.ini"

if command -v ogr2ogr >/dev/null 2>&1; then
    # A Shapefile written without -a_srs has no .prj, so no CRS.
    if ogr2ogr -f "ESRI Shapefile" "$T/nocrs.shp" "$BAD/wkt_nocrs.csv" 2>"$T/ogr2ogr.err" &&
        [ -e "$T/nocrs.shp" ] && [ ! -e "$T/nocrs.prj" ]; then
        ini_raw shp_nocrs "[inputs]
network = $NET
clusters = nocrs.shp
clusters.id = id
clusters.weight = jobs"
        expect_error no_crs_shapefile "nocrs.shp" "no CRS" "clusters.crs" -- "$T/shp_nocrs.ini"
    else
        cat "$T/ogr2ogr.err" >&2
        note_fail no_crs_shapefile "ogr2ogr could not make a Shapefile without .prj"
    fi
else
    echo "skip: no_crs_shapefile (ogr2ogr not installed)"
fi

ini_raw lon_range "$BASE_INPUTS
clusters = $BAD/lon_range.csv
clusters.weight = jobs"
expect_error lon_out_of_range "lon_range.csv" "line 3" "200.5" "clusters.crs" -- "$T/lon_range.ini"

# --- far from the network ------------------------------------------------------
ini_raw far "$BASE_INPUTS
clusters = far.csv
clusters.weight = jobs"
expect_error cluster_far_from_roads "far.csv" "km from the routable network" "far_cluster_1" "line 62" -- "$T/far.ini"

# --- scenario keys and values ----------------------------------------------------
ini unknown_key "[travel]
speed_kmh = 5"
expect_error unknown_key "unknown_key.ini" "[travel]" "speed_kmh" -- "$T/unknown_key.ini"

ini unknown_section "[bogus]
x = 1"
expect_error unknown_section "unknown_section.ini" "[bogus]" -- "$T/unknown_section.ini"

ini unknown_section_empty "[bogus]"
expect_error unknown_section_empty "unknown_section_empty.ini" "[bogus]" -- "$T/unknown_section_empty.ini"

ini mode_plane "[travel]
mode = plane"
expect_error bad_mode "mode_plane.ini" "[travel] mode" "plane" -- "$T/mode_plane.ini"

ini minutes_abc "[travel]
minutes = abc"
expect_error bad_minutes "minutes_abc.ini" "[travel] minutes" "abc" -- "$T/minutes_abc.ini"

ini maxspeed_maybe "[travel]
use_maxspeed = maybe"
expect_error bad_bool "maxspeed_maybe.ini" "[travel] use_maxspeed" "maybe" -- "$T/maxspeed_maybe.ini"

ini minutes_zero "[travel]
minutes = 0"
expect_error minutes_zero "minutes_zero.ini" "[travel] minutes" -- "$T/minutes_zero.ini"

ini minutes_negative "[travel]
minutes = -5"
expect_error minutes_negative "minutes_negative.ini" "[travel] minutes" "-5" -- "$T/minutes_negative.ini"

ini rings_descending "[travel]
minutes = 30,20"
expect_error rings_not_ascending "rings_descending.ini" "[travel] minutes" "ascending" -- "$T/rings_descending.ini"

ini ok "[travel]
minutes = 30"
expect_error set_no_equals "--set foo" -- "$T/ok.ini" --set foo
expect_error set_minutes_zero "--set travel.minutes=0" "minutes" -- "$T/ok.ini" --set travel.minutes=0
expect_error set_unknown_key "--set travel.speed=3" "speed" -- "$T/ok.ini" --set travel.speed=3

# --- blank weights: a warning, not an error -------------------------------------
n_cases=$((n_cases + 1))
echo "check: blank_weights: 5 blank jobs values -> exit 0, a warning naming the file, field and count"
ini_raw blank "$BASE_INPUTS
clusters = blank.csv
clusters.weight = jobs
sites = blank.csv
sites.x = lon
sites.y = lat
sites.id = id
sites.where = healthcare > 0"
"$SITEPLAN" run "$T/blank.ini" -o "$T/out_blank" -q -j 2 >"$T/blank.stdout" 2>"$T/blank.err"
rc=$?
if [ $rc -ne 0 ]; then
    sed 's/^/    /' "$T/blank.err" >&2
    note_fail blank_weights "exit code $rc, expected 0"
else
    grep -E '^siteplan: warning: .*blank\.csv.*jobs.*5 blank' "$T/blank.err" >/dev/null ||
        note_fail blank_weights "no warning naming blank.csv, field jobs and '5 blank'"
    grep '^siteplan run: ' "$T/blank.err" >/dev/null &&
        note_fail blank_weights "an error line on stderr of a successful run"
    [ -s "$T/out_blank/summary.json" ] || note_fail blank_weights "no summary.json"
    v=$(awk '$1 == "\"clusters_blank_weight\":" { v = $2; sub(/,$/, "", v); print v }' \
        "$T/out_blank/summary.json" 2>/dev/null)
    [ "$v" = 5 ] || note_fail blank_weights "clusters_blank_weight = '$v', expected 5"
    v=$(awk '$1 == "\"clusters_total\":" { v = $2; sub(/,$/, "", v); print v }' \
        "$T/out_blank/summary.json" 2>/dev/null)
    [ "$v" = 65 ] || note_fail blank_weights "clusters_total = '$v', expected 65 (blank rows still count)"
    echo "  ok: $(grep 'blank' "$T/blank.err")"
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
    echo "FAIL bad_inputs: ${#failures[@]} failed check(s) (of $n_cases cases):" >&2
    printf "  %s\n" "${failures[@]}" >&2
    exit 1
fi
echo "PASS bad_inputs ($n_cases cases)"
exit 0
