#!/usr/bin/env bash
# per_site.sh — [catchment] per_site = no builds the coverage area only
# (README "Catchment polygons", "The coverage area" and "per_site"):
#   - the counts are those of the default run: coverage.csv and sites.csv
#     byte for byte;
#   - the coverage area is the same region as with per-site catchments
#     (ST_Equals, each threshold; two thresholds, 15 and 30 minutes);
#   - no catchment and no responsibility feature, summary.json
#     catchment.per_site false (true by default);
#   - the report says so, in English and Chinese;
#   - with [siting] (mclp, 3 new sites from the hexagons) the recommended
#     sites get no catchment either, and the recommendations are the same.
# Env: SITEPLAN, SP_ROOT, SP_TMP.
set -u
: "${SITEPLAN:?}" "${SP_ROOT:?}" "${SP_TMP:?}"
T="$SP_TMP/per_site"
INI="$SP_ROOT/data/porto_alegre.ini"
HEX="$SP_ROOT/data/poa_hexgrid.csv"
rm -rf "$T"; mkdir -p "$T" || exit 1
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# run NAME [SET...]
run() {
    local name=$1; shift
    local sets=() s
    for s in "$@"; do sets+=(--set "$s"); done
    "$SITEPLAN" run "$INI" -q -o "$T/$name" --set "travel.minutes=15,30" "${sets[@]}" \
        >"$T/$name.out" 2>"$T/$name.err" || { fail "$name: siteplan run failed: $(tail -c 300 "$T/$name.err")"; return 1; }
}
count() { # NAME LAYER: features
    ogrinfo -so "$T/$1/results.gpkg" "$2" 2>/dev/null | sed -n "s/^Feature Count: //p"
}

run yes render.enabled=no
run no catchment.per_site=no
run nozh catchment.per_site=no render.language=zh

for f in coverage.csv sites.csv; do
    cmp -s "$T/yes/$f" "$T/no/$f" || fail "$f differs between per_site = yes and no"
done
[ "$(count yes catchments)" -gt 100 ] || fail "per_site = yes: $(count yes catchments) catchments"
[ "$(count yes responsibility)" -gt 100 ] || fail "per_site = yes: $(count yes responsibility) responsibility areas"
[ "$(count no catchments)" = 0 ] || fail "per_site = no: $(count no catchments) catchments, expected 0"
[ "$(count no responsibility)" = 0 ] || fail "per_site = no: $(count no responsibility) responsibility areas"
[ "$(jq -r .catchment.per_site "$T/yes/summary.json")" = true ] || fail "summary per_site not true by default"
[ "$(jq -r .catchment.per_site "$T/no/summary.json")" = false ] || fail "summary per_site not false"

# the same region, each threshold
ogr2ogr -q "$T/eq.gpkg" "$T/yes/results.gpkg" coverage_area -nln a_yes &&
    ogr2ogr -q -update "$T/eq.gpkg" "$T/no/results.gpkg" coverage_area -nln a_no ||
    fail "cannot copy the coverage areas"
eq=$(ogr2ogr -f CSV /vsistdout/ "$T/eq.gpkg" -dialect sqlite -sql \
    "SELECT y.minutes, ST_Equals(y.geom, n.geom) AS eq, ST_Area(y.geom) AS a FROM a_yes y JOIN a_no n ON n.minutes = y.minutes ORDER BY y.minutes" |
    sed 1d | tr -d '"')
echo "  coverage areas (minutes, equal, m2): $(echo $eq)"
[ "$(printf '%s\n' "$eq" | grep -c '^[0-9.]*,1,')" = 2 ] || fail "the coverage areas differ: $eq"
printf '%s\n' "$eq" | awk -F, '$3 < 1e7 { bad = 1 } END { exit bad }' || fail "a coverage area is too small: $eq"

pdftotext "$T/no/report.pdf" - | tr '\n' ' ' | grep -q 'the coverage area only, no polygon per site' ||
    fail "the English report does not say per_site = no"
pdftotext "$T/nozh/report.pdf" - | tr '\n' ' ' | grep -q '只生成覆盖范围' ||
    fail "the Chinese report does not say per_site = no"
pdftotext "$T/no/report.pdf" - >/dev/null 2>&1 || fail "report.pdf unreadable"

# with [siting]
SIT=(render.enabled=no siting.model=mclp siting.budget=3 "siting.candidates=$HEX"
     siting.candidates.x=lon siting.candidates.y=lat siting.candidates.id=id)
run syes "${SIT[@]}"
run sno "${SIT[@]}" catchment.per_site=no
[ "$(ogrinfo -q -sql "SELECT COUNT(*) AS n FROM catchments WHERE kind = 'recommended'" "$T/syes/results.gpkg" | sed -n 's/.*n (Integer) = //p')" -gt 0 ] ||
    fail "per_site = yes with [siting]: no recommended catchments"
[ "$(count sno catchments)" = 0 ] || fail "per_site = no with [siting]: $(count sno catchments) catchments"
cmp -s <(jq -c '.siting | del(.solve_seconds)' "$T/syes/summary.json") \
       <(jq -c '.siting | del(.solve_seconds)' "$T/sno/summary.json") ||
    fail "summary.json siting differs with per_site = no"
[ "$(jq -r .siting.new_sites "$T/sno/summary.json")" -gt 0 ] || fail "[siting] placed no site"
for f in "$T"/syes/*.csv; do
    cmp -s "$f" "$T/sno/${f##*/}" || fail "${f##*/} differs with [siting] and per_site = no"
done

[ $fails -eq 0 ] && echo "per_site: ok" || exit 1
