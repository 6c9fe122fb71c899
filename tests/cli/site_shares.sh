#!/usr/bin/env bash
# site_shares.sh — per existing site: workers reached, assigned (nearest site
# within the threshold) and only-it-covers (lost if it closed), on the
# bundled Porto Alegre data, walk 15 minutes, checked independently:
#   - assigned workers and clusters per site = coverage.csv's covered rows
#     grouped by nearest_site (awk), for every site (0 where none);
#   - the assigned workers of all sites sum to workers_covered;
#   - closing a site (--set inputs.sites.where=... AND id <> 'X') loses
#     exactly its workers_only and clusters_only, for the two sites with the
#     most only-covered workers, one with none and one with the least > 0;
#   - the sites layer of results.gpkg holds the same numbers as sites.csv;
#   - stdout lists first the site with the most only-covered workers.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/site_shares"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }
INI="$SP_ROOT/data/porto_alegre.ini"
WHERE="healthcare > 0"   # sites.where of porto_alegre.ini

fail() { echo "FAIL: $*" >&2; exit 1; }
check() { echo "check: $*"; }

# run NAME ARGS... — the scenario at 15 minutes into $T/NAME.
run() {
    local name=$1; shift
    "$SITEPLAN" run "$INI" -o "$T/$name" -q --set travel.minutes=15 "$@" >"$T/$name.out" 2>"$T/$name.err" ||
        { cat "$T/$name.err" >&2; fail "siteplan run $INI $* exited $?"; }
}
# covered FILE — workers_covered and clusters_covered of a summary.json.
covered() {
    awk '$1 == "\"workers_covered\":" && !w { v = $2; sub(/,$/, "", v); w = v }
         $1 == "\"clusters_covered\":" && !c { v = $2; sub(/,$/, "", v); c = v }
         END { print w, c }' "$1"
}

run base
B="$T/base"
head -n 1 "$B/sites.csv" | grep -qx 'id,name,kind,reachable,workers,clusters,workers_assigned,clusters_assigned,workers_only,clusters_only,capacity,load,utilisation' ||
    fail "sites.csv header: $(head -n 1 "$B/sites.csv")"
head -n 1 "$B/coverage.csv" | grep -qx 'id,name,workers,nearest_site,minutes,covered,snap_m,nearest_site_after,minutes_after,covered_after,demand_points,workers_covered,share_covered,minutes_worst,workers_covered_after,served,unserved' ||
    fail "coverage.csv columns changed: $(head -n 1 "$B/coverage.csv")"
[ "$(($(wc -l <"$B/sites.csv") - 1))" = 117 ] || fail "sites.csv: expected 117 sites"

check "assigned per site = covered rows of coverage.csv grouped by nearest_site"
awk -F, 'NR == FNR { if (FNR > 1 && $6 == 1) { w[$4] += $3; n[$4]++ } next }
         FNR > 1 { if ($7 != w[$1] + 0 || $8 != n[$1] + 0) {
                       printf "site %s: assigned %s workers / %s clusters, coverage.csv says %d / %d\n",
                              $1, $7, $8, w[$1], n[$1]; bad = 1 }
                   seen[$1] = 1 }
         END { for (s in w) if (!(s in seen)) { print "nearest site " s " not in sites.csv"; bad = 1 }
               exit bad }' "$B/coverage.csv" "$B/sites.csv" >&2 || fail "assigned workers differ"

read -r WC CC < <(covered "$B/summary.json")
check "assigned workers sum to workers_covered ($WC), clusters to clusters_covered ($CC)"
read -r SW SC < <(awk -F, 'NR > 1 { w += $7; c += $8 } END { printf "%.0f %d\n", w, c }' "$B/sites.csv")
[ "$SW" = "$WC" ] && [ "$SC" = "$CC" ] || fail "sum of assigned $SW workers / $SC clusters"

check "the sites layer of results.gpkg equals sites.csv"
ogr2ogr -f CSV -lco STRING_QUOTING=IF_NEEDED "$T/layer.csv" "$B/results.gpkg" sites \
    -select id,name,kind,reachable,workers,clusters,workers_assigned,clusters_assigned,workers_only,clusters_only,capacity,load,utilisation ||
    fail "ogr2ogr failed"
cmp -s "$T/layer.csv" "$B/sites.csv" || { diff "$T/layer.csv" "$B/sites.csv" | head >&2; fail "layer != sites.csv"; }

# The sites to close: most only-covered (2), none only-covered but assigned
# some (1), least > 0 (1).
mapfile -t CLOSE < <(awk -F, 'NR > 1 { print $9, $7, $1 }' "$B/sites.csv" | sort -k1,1nr -k2,2nr | awk '
    NR <= 2 { print $3 } $1 == 0 && $2 > 0 && !z { z = $3 } $1 > 0 { least = $3 }
    END { print z; print least }')
[ "${#CLOSE[@]}" = 4 ] && [ -n "${CLOSE[2]}" ] || fail "could not pick the sites to close: ${CLOSE[*]}"
for X in "${CLOSE[@]}"; do
    read -r WO CO < <(awk -F, -v x="$X" 'NR > 1 && $1 == x { print $9, $10 }' "$B/sites.csv")
    run "close_$X" --set "inputs.sites.where=$WHERE AND id <> '$X'"
    read -r W2 C2 < <(covered "$T/close_$X/summary.json")
    check "closing $X loses its workers_only $WO and clusters_only $CO (now $W2 / $C2)"
    [ "$((WC - W2))" = "$WO" ] && [ "$((CC - C2))" = "$CO" ] ||
        fail "closing $X lost $((WC - W2)) workers / $((CC - C2)) clusters, sites.csv says $WO / $CO"
done

check "stdout lists the site with the most only-covered workers first"
grep -q "^Sites: " "$B.out" || fail "no Sites: line on stdout"
grep -A1 "^Sites: " "$B.out" | tail -n 1 | grep -q "^  1\. ${CLOSE[0]}: " ||
    fail "first site on stdout is not ${CLOSE[0]}: $(grep -A1 '^Sites: ' "$B.out" | tail -n 1)"
echo "site_shares: ok"
