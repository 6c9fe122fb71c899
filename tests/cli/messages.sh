#!/usr/bin/env bash
# messages.sh — every line siteplan writes to stderr is its own: GDAL's
# "ERROR 1:"/"Warning 1:" lines and Pango's "(process:N): Pango-WARNING"
# lines come out as "siteplan: warning: GDAL: ..." / "siteplan: warning:
# Pango: ..." (README.md "Command line"), the error line stays last, and a
# GDAL message is said once:
#   - clusters from a Shapefile whose .shp is cut short (GDAL fails to read
#     feature 21): GDAL's text once, on a siteplan line naming the layer,
#     then the error;
#   - a CSV weight past GDAL's type-sniffing window that overflows 64 bits
#     (GDAL warns while reading today);
#   - siteplan render --title with bytes that are not UTF-8 (Pango warns).
# Each case: exit code as expected, and every stderr line starts with
# "siteplan: " or "siteplan COMMAND: ".
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/messages"
NET="$SP_ROOT/data/poa_osm.pbf"
HEX="$SP_ROOT/data/poa_hexgrid.csv"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }

failures=()
n_cases=0
note_fail() { echo "FAIL [$1]: $2" >&2; failures+=("[$1] $2"); }

# only_siteplan_lines CASE FILE
only_siteplan_lines() {
    n_cases=$((n_cases + 1))
    if grep -Ev '^siteplan( [a-z]+)?: ' "$2" | grep . >/dev/null; then
        note_fail "$1" "stderr has lines not written by siteplan:"
        grep -Ev '^siteplan( [a-z]+)?: ' "$2" | grep . | sed 's/^/    /' >&2
    else
        echo "  ok: $1: every stderr line is siteplan's ($(wc -l <"$2") lines)"
    fi
}
# exit_is CASE GOT WANT
exit_is() {
    n_cases=$((n_cases + 1))
    [ "$2" = "$3" ] || note_fail "$1" "exit code $2, expected $3"
}

awk 'NR <= 61' "$HEX" >"$T/small.csv"
ini() { # ini NAME CLUSTERS [XY]
    {
        printf '[inputs]\nnetwork = %s\nclusters = %s\nclusters.id = id\nclusters.weight = jobs\n' \
            "$NET" "$2"
        [ -n "${3:-}" ] && printf 'clusters.x = lon\nclusters.y = lat\n'
        printf '[render]\nenabled = no\n'
    } >"$T/$1.ini"
}

# --- GDAL fails to read a feature of a cut Shapefile --------------------------
if command -v ogr2ogr >/dev/null; then
    echo "check: a Shapefile cut short"
    ogr2ogr -f "ESRI Shapefile" "$T/shp" "$T/small.csv" -oo X_POSSIBLE_NAMES=lon \
        -oo Y_POSSIBLE_NAMES=lat -a_srs EPSG:4326 2>/dev/null
    # 100-byte header + 20 point records of 28 bytes: feature 21 is cut
    truncate -s 700 "$T/shp/small.shp"
    ini shp shp/small.shp
    "$SITEPLAN" run "$T/shp.ini" -o "$T/out_shp" -q >/dev/null 2>"$T/shp.err"
    exit_is shp $? 1
    only_siteplan_lines shp "$T/shp.err"
    n_cases=$((n_cases + 1))
    n=$(grep -c 'Error in fread' "$T/shp.err")
    [ "$n" = 1 ] || note_fail shp "GDAL's 'Error in fread' is said $n times, expected once"
    n_cases=$((n_cases + 1))
    grep 'Error in fread' "$T/shp.err" | grep -q 'small.shp, layer small' ||
        note_fail shp "GDAL's line does not name the layer (small.shp, layer small)"
    n_cases=$((n_cases + 1))
    tail -n 1 "$T/shp.err" | grep -q '^siteplan run: .*small.shp' ||
        note_fail shp "the last line is not siteplan's error naming small.shp"
else
    echo "skip: no ogr2ogr, no Shapefile case"
fi

# --- a CSV value that overflows GDAL's detected type --------------------------
echo "check: a weight past GDAL's type-sniffing window"
{
    cat "$T/small.csv"
    for i in $(seq 1 120); do echo "z$i,-51.2,-30.05,0,0,5,0"; done
    echo "zbig,-51.2,-30.05,0,0,99999999999999999999999,0"
} >"$T/sniff.csv"
ini sniff sniff.csv xy
"$SITEPLAN" run "$T/sniff.ini" -o "$T/out_sniff" -q >/dev/null 2>"$T/sniff.err"
rc=$?
n_cases=$((n_cases + 1))
[ $rc -le 1 ] || note_fail sniff "exit code $rc, expected 0 or 1"
only_siteplan_lines sniff "$T/sniff.err"

# --- Pango: a title that is not UTF-8 ----------------------------------------------
echo "check: siteplan render --title with invalid UTF-8"
ini plain small.csv xy
"$SITEPLAN" run "$T/plain.ini" -o "$T/out_plain" -q >/dev/null 2>"$T/plain.err"
exit_is plain $? 0
only_siteplan_lines plain "$T/plain.err"
"$SITEPLAN" render "$T/out_plain" -q --title "$(printf 'Title \xff\xfe')" >/dev/null \
    2>"$T/render.err"
rc=$?
n_cases=$((n_cases + 1))
[ $rc -le 2 ] || note_fail render "exit code $rc"
only_siteplan_lines render "$T/render.err"

echo
if [ ${#failures[@]} -gt 0 ]; then
    echo "FAIL messages: ${#failures[@]} failed check(s) (of $n_cases cases):" >&2
    printf "  %s\n" "${failures[@]}" >&2
    exit 1
fi
echo "PASS messages ($n_cases cases)"
exit 0
