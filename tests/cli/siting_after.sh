#!/usr/bin/env bash
# siting_after.sh — the after state of a run with [siting] (README.md, "After
# the recommended sites"), checked against a second run WITHOUT [siting] that
# adds the recommended sites as stations with [changes] add_site.N = id, lon,
# lat: that run's covered / nearest_site / minutes / gaps / catchments are
# what the first run's after state must be.
#   1. data/porto_alegre.ini (117 stations), walk 10 min, mclp budget 3,
#      every hexagon a candidate; the second run adds the 3 sites at the
#      candidates' own coordinates (looked up in poa_hexgrid.csv by the
#      recommended ids): coverage.csv's *_after columns, the clusters layer's
#      *_after fields, gaps_after (fields and polygons), summary.json
#      siting.gaps_after / gaps_after_total / clusters_covered_after /
#      workers_covered, and the recommended sites' catchments (kind
#      "recommended": minutes, area, workers, clusters, polygon) equal the
#      second run's, for every cluster, zone and polygon; at least one
#      cluster gains coverage, none loses it, no time grows;
#   2. the same with the lon/lat of recommendations.csv (6 decimals, about
#      0.1 m): covered, nearest site and gaps equal, minutes within 0.01
#      (a 0.1 m shift of the snap point moves a time by up to 0.1 s on foot,
#      across the 2-decimal rounding of some minutes);
#   3. a run without [siting]: the after columns and fields are empty, no
#      gaps_after layer;
#   4. greenfield (data/porto_alegre_greenfield.ini, 10 min, budget 3): the
#      gaps before hold every cluster exactly once; the after state equals a
#      run with the 3 sites added (siting.enabled=no);
#   5. pcenter (an unbounded matrix) on 100 hexagons, budget 2, 10 min: its
#      objective is beyond the threshold (some cluster is reached only
#      beyond it), yet the after columns equal the added-sites run's, so a
#      cluster reached beyond the threshold has empty minutes_after.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u
: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/siting_after"
INI="$SP_ROOT/data/porto_alegre.ini"
GF="$SP_ROOT/data/porto_alegre_greenfield.ini"
HEX="$SP_ROOT/data/poa_hexgrid.csv"
NET="$SP_ROOT/data/poa_osm.pbf"
MIN=10
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }
for f in "$INI" "$GF" "$HEX" "$NET"; do
    [ -r "$f" ] || { echo "FAIL: fixture $f missing" >&2; exit 1; }
done
command -v ogr2ogr >/dev/null 2>&1 || { echo "FAIL: ogr2ogr (gdal-bin) not installed" >&2; exit 1; }

failures=()
n_cases=0
note_fail() { echo "FAIL [$1]: $2" >&2; failures+=("[$1] $2"); }
ok() { echo "  ok: $*"; }

SIT=(siting.model=mclp siting.budget=3 "siting.candidates=$HEX" siting.candidates.x=lon
     siting.candidates.y=lat siting.candidates.id=id)

# run NAME INI [SET...]: siteplan run INI into $T/NAME, render off; 0 on success.
run() {
    local name=$1 ini=$2; shift 2
    local sets=() s
    for s in "$@"; do sets+=(--set "$s"); done
    if ! "$SITEPLAN" run "$ini" --set "travel.minutes=$MIN" --set render.enabled=no "${sets[@]}" \
        -o "$T/$name" -q >"$T/$name.stdout" 2>"$T/$name.err"; then
        sed 's/^/    /' "$T/$name.err" >&2
        note_fail "$name" "siteplan run $ini ${sets[*]} failed"
        return 1
    fi
}
# sql NAME QUERY: the query's rows on $T/NAME/results.gpkg as CSV (WKT first
# when it selects geom), quotes removed.
sql() {
    ogr2ogr -f CSV /vsistdout/ "$T/$1/results.gpkg" -lco GEOMETRY=AS_WKT -sql "$2" 2>"$T/ogr.err" |
        tr -d '"' | sed 1d
}
# jint NAME KEY: an integer or number key of summary.json (first match).
jint() { sed -n "s/^ *\"$2\": \([-0-9.]*\),\{0,1\}$/\1/p" "$T/$1/summary.json" | head -n 1; }
# jarr NAME KEY: the array KEY of summary.json (its value, without the key)
# on one line, blanks removed.
jarr() {
    awk -v k="\"$2\": [" 'index($0, k) { on = 1; d = 0 }
        on { s = s $0; d += gsub(/\[/, "["); d -= gsub(/\]/, "]"); if (d == 0) { sub(/^[^[]*/, "", s); print s; exit } }' \
        "$T/$1/summary.json" | tr -d ' ' | sed 's/,$//'
}
# same CASE WHAT A B: two files equal, or a failure with the first differences.
same() {
    if cmp -s "$3" "$4"; then
        ok "$1: $2"
    else
        note_fail "$1" "$2 differ"
        diff "$3" "$4" | head -n 6 >&2
    fi
}
# add_sets SOURCE RECS: --set values adding the recommended sites of RECS
# (recommendations.csv) as stations, at the coordinates of SOURCE: "hex" (the
# candidate's row of poa_hexgrid.csv) or "recs" (RECS' lon, lat).
add_sets() {
    awk -F, -v src="$1" -v hex="$HEX" '
        BEGIN { while ((getline l < hex) > 0) { split(l, f, ","); ll[f[1]] = f[2] ", " f[3] } }
        NR > 1 { k++; printf "changes.add_site.%d=%s, %s\n", k, $2, (src == "hex" ? ll[$2] : $4 ", " $5) }' "$2"
}
# compare_after CASE A B: A's after state (a run with [siting]) against B's
# plain state (the recommended sites added as stations).
compare_after() {
    local c=$1 A=$2 B=$3
    awk -F, '{ print $1 "," $8 "," $9 "," $10 }' "$T/$A/coverage.csv" | sed 1d >"$T/$c.a.cov"
    awk -F, '{ print $1 "," $4 "," $5 "," $6 }' "$T/$B/coverage.csv" | sed 1d >"$T/$c.b.cov"
    same "$c" "coverage.csv id,nearest_site_after,minutes_after,covered_after = the added run's id,nearest_site,minutes,covered" \
        "$T/$c.a.cov" "$T/$c.b.cov"
    sql "$A" "SELECT id, nearest_site_after, minutes_after, covered_after, gap_rank_after FROM clusters" >"$T/$c.a.cl"
    sql "$B" "SELECT id, nearest_site, minutes, covered, gap_rank FROM clusters" >"$T/$c.b.cl"
    same "$c" "clusters layer *_after fields = the added run's fields" "$T/$c.a.cl" "$T/$c.b.cl"
    local g="rank, workers, clusters, largest_cluster, largest_name, cluster_ids, geom"
    sql "$A" "SELECT $g FROM gaps_after ORDER BY fid" >"$T/$c.a.gaps"
    sql "$B" "SELECT $g FROM gaps ORDER BY fid" >"$T/$c.b.gaps"
    same "$c" "gaps_after (fields and polygons) = the added run's gaps" "$T/$c.a.gaps" "$T/$c.b.gaps"
    [ -s "$T/$c.a.gaps" ] || note_fail "$c" "gaps_after is empty (the test needs a gap left)"
    local ids
    ids=$(awk -F, 'NR > 1 { printf "%s'\''%s'\''", (n++ ? "," : ""), $2 }' "$T/$A/recommendations.csv")
    local k="site_id, minutes, area_km2, workers, clusters, geom"
    sql "$A" "SELECT $k FROM catchments WHERE kind = 'recommended' ORDER BY fid" >"$T/$c.a.ca"
    sql "$B" "SELECT $k FROM catchments WHERE site_id IN ($ids) ORDER BY fid" >"$T/$c.b.ca"
    same "$c" "catchments of kind recommended (fields and polygons) = the added stations' catchments" \
        "$T/$c.a.ca" "$T/$c.b.ca"
    [ "$(wc -l <"$T/$c.a.ca")" -ge "$(awk 'END { print NR - 1 }' "$T/$A/recommendations.csv")" ] ||
        note_fail "$c" "fewer recommended catchments than recommended sites"
    local x y
    x=$(jint "$A" gaps_after_total) y=$(jint "$B" gaps_total)
    [ -n "$x" ] && [ "$x" = "$y" ] && ok "$c: siting.gaps_after_total $x = gaps_total" ||
        note_fail "$c" "siting.gaps_after_total '$x', the added run's gaps_total '$y'"
    x=$(jarr "$A" gaps_after) y=$(jarr "$B" gaps)
    [ -n "$x" ] && [ "$x" = "$y" ] && ok "$c: siting.gaps_after = gaps" ||
        note_fail "$c" "siting.gaps_after differs from the added run's gaps"
    x=$(jint "$A" clusters_covered_after) y=$(jint "$B" clusters_covered)
    [ -n "$x" ] && [ "$x" = "$y" ] && ok "$c: siting.clusters_covered_after $x = clusters_covered" ||
        note_fail "$c" "siting.clusters_covered_after '$x', the added run's clusters_covered '$y'"
    x=$(sed -n '/"siting": {/,/^  }/s/^ *"workers_covered": \([0-9]*\),$/\1/p' "$T/$A/summary.json")
    y=$(jint "$B" workers_covered)
    [ -n "$x" ] && [ "$x" = "$y" ] && ok "$c: siting.workers_covered $x = workers_covered" ||
        note_fail "$c" "siting.workers_covered '$x', the added run's workers_covered '$y'"
}
# monotone CASE A: in A's coverage.csv no cluster loses coverage or time
# after, and at least one gains coverage.
monotone() {
    local res
    res=$(awk -F, 'NR > 1 {
            if ($6 == 1 && ($10 != 1 || $9 + 0 > $5 + 0)) { bad++; if (bad < 4) print "row " $1 ": " $0 > "/dev/stderr" }
            if ($6 == 0 && $10 == 1) gained++ }
        END { print bad + 0, gained + 0 }' "$T/$2/coverage.csv")
    read -r bad gained <<<"$res"
    [ "$bad" = 0 ] || note_fail "$1" "$bad clusters lose coverage or time after the new sites"
    [ "$gained" -gt 0 ] || note_fail "$1" "no cluster gains coverage (the test needs some)"
    [ "$bad" = 0 ] && [ "$gained" -gt 0 ] && ok "$1: $gained clusters gain coverage, none loses, no time grows"
}

# ---- 1. existing stations, the candidates' own coordinates ----
n_cases=$((n_cases + 1))
echo "check: 1. porto_alegre.ini, walk $MIN min, mclp budget 3: after state = the 3 sites added as stations"
if run sit "$INI" "${SIT[@]}"; then
    mapfile -t ADD < <(add_sets hex "$T/sit/recommendations.csv")
    [ ${#ADD[@]} = 3 ] || note_fail sit "recommendations.csv has ${#ADD[@]} rows, expected 3"
    run added "$INI" "${ADD[@]}" && compare_after 1-exact sit added
    monotone 1-exact sit

    # ---- 2. the same with recommendations.csv's lon/lat ----
    n_cases=$((n_cases + 1))
    echo "check: 2. the sites added at recommendations.csv's lon/lat (6 decimals)"
    mapfile -t ADD6 < <(add_sets recs "$T/sit/recommendations.csv")
    if run added6 "$INI" "${ADD6[@]}"; then
        res=$(paste -d, "$T/sit/coverage.csv" "$T/added6/coverage.csv" | awk -F, 'NR > 1 {
                # sit: $8 nearest_after, $9 minutes_after, $10 covered_after (17 columns);
                # added6: $18 id, $21 nearest_site, $22 minutes, $23 covered
                if ($1 != $18 || $8 != $21 || $10 != $23) { bad++; print "row " $1 > "/dev/stderr" }
                d = $9 - $22; if (d < 0) d = -d
                if (($9 == "") != ($22 == "") || d > 0.0100001) { bad++; print "row " $1 " minutes " $9 " " $22 > "/dev/stderr" }
                if (d > 0) moved++ }
            END { print bad + 0, moved + 0 }')
        read -r bad moved <<<"$res"
        [ "$bad" = 0 ] && ok "2-rounded: covered and nearest equal, minutes within 0.01 ($moved differ by 0.01)" ||
            note_fail 2-rounded "$bad clusters differ beyond the rounding of lon/lat"
        sql sit "SELECT cluster_ids FROM gaps_after ORDER BY fid" >"$T/2.a"
        sql added6 "SELECT cluster_ids FROM gaps ORDER BY fid" >"$T/2.b"
        same 2-rounded "gaps_after cluster ids = the added run's gaps" "$T/2.a" "$T/2.b"
    fi

    # ---- 3. without [siting]: empty after state ----
    n_cases=$((n_cases + 1))
    echo "check: 3. without [siting] the after columns are empty and there is no gaps_after layer"
    n=$(awk -F, 'NR > 1 && ($8 != "" || $9 != "" || $10 != "")' "$T/added/coverage.csv" | wc -l)
    [ "$n" = 0 ] && ok "3: coverage.csv after columns empty" ||
        note_fail 3-off "$n coverage.csv rows have after values without [siting]"
    n=$(sql added "SELECT COUNT(*) FROM clusters WHERE nearest_site_after IS NOT NULL OR
                   minutes_after IS NOT NULL OR covered_after IS NOT NULL OR gap_rank_after IS NOT NULL")
    [ "$n" = 0 ] && ok "3: clusters *_after fields null" ||
        note_fail 3-off "$n clusters have after fields without [siting]"
    ogr2ogr -f CSV /vsistdout/ "$T/added/results.gpkg" gaps_after >/dev/null 2>&1 &&
        note_fail 3-off "results.gpkg has a gaps_after layer without [siting]"
    n=$(sql added "SELECT COUNT(*) FROM catchments WHERE kind = 'recommended'")
    [ "$n" = 0 ] || note_fail 3-off "$n recommended catchments without [siting]"
    grep -q gaps_after "$T/added/summary.json" && note_fail 3-off "summary.json has gaps_after without [siting]"
fi

# ---- 4. greenfield ----
n_cases=$((n_cases + 1))
echo "check: 4. greenfield, walk $MIN min, budget 3: gaps before = every cluster; after = the sites added"
if run gf "$GF" siting.budget=3; then
    res=$(awk -F, 'NR > 1 { n++; if ($4 != "" || $5 != "" || $6 != 0) bad++ } END { print n + 0, bad + 0 }' \
        "$T/gf/coverage.csv")
    read -r n bad <<<"$res"
    [ "$bad" = 0 ] || note_fail 4-greenfield "$bad clusters covered before any site"
    # every cluster id once in the gaps before
    sql gf "SELECT cluster_ids FROM gaps" | tr ';' '\n' | sort >"$T/4.gapids"
    awk -F, 'NR > 1 { print $1 }' "$T/gf/coverage.csv" | sort >"$T/4.ids"
    same 4-greenfield "the gaps before hold every cluster exactly once" "$T/4.gapids" "$T/4.ids"
    x=$(jint gf gaps_total) y=$(jint gf gaps_after_total)
    [ -n "$y" ] && [ "$y" -gt 0 ] || note_fail 4-greenfield "gaps_after_total '$y' (expected some gap left)"
    echo "  gaps before $x, after $y"
    mapfile -t ADDG < <(add_sets hex "$T/gf/recommendations.csv")
    run gf_added "$GF" siting.enabled=no "${ADDG[@]}" && compare_after 4-greenfield gf gf_added
    monotone 4-greenfield gf
fi

# ---- 5. pcenter: an unbounded matrix ----
n_cases=$((n_cases + 1))
echo "check: 5. pcenter on 100 hexagons, budget 2: times beyond the threshold stay out of the after state"
awk 'NR <= 101' "$HEX" >"$T/sub.csv"
cat >"$T/pcenter.ini" <<EOF
[inputs]
network = $NET
clusters = $T/sub.csv
clusters.x = lon
clusters.y = lat
clusters.id = id
clusters.weight = jobs
[siting]
model = pcenter
budget = 2
candidates = $T/sub.csv
candidates.x = lon
candidates.y = lat
candidates.id = id
EOF
if run pc "$T/pcenter.ini"; then
    obj=$(sed -n '/"siting": {/,/^  }/s/^ *"objective": \([-0-9.e+]*\),$/\1/p' "$T/pc/summary.json")
    awk -v o="$obj" -v t="$MIN" 'BEGIN { exit !(o + 0 > t * 60) }' &&
        ok "5: pcenter objective $obj s is beyond $MIN min" ||
        note_fail 5-pcenter "pcenter objective '$obj' s is not beyond the threshold (the case tests nothing)"
    mapfile -t ADDP < <(add_sets hex "$T/pc/recommendations.csv")
    grep -q "" "$T/pc/recommendations.csv" &&
        run pc_added "$T/pcenter.ini" siting.enabled=no "${ADDP[@]}" && compare_after 5-pcenter pc pc_added
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
    echo "FAIL siting_after: ${#failures[@]} failed check(s) (of $n_cases cases):" >&2
    printf "  %s\n" "${failures[@]}" >&2
    exit 1
fi
echo "PASS siting_after ($n_cases cases)"
exit 0
