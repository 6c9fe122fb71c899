#!/usr/bin/env bash
# compare.sh — `siteplan compare`: four scenarios (one with [changes]) over
# one network load,
# checked against separate `siteplan run`s and against facts computed here
# with awk from their coverage.csv files:
#   - each scenario's results folder equals its stand-alone run (summary,
#     coverage.csv, results.gpkg), so sharing the network changes nothing;
#   - comparison.csv/json rows: workers covered, gained and lost against the
#     baseline, joined by cluster id;
#   - changes.csv lists exactly the clusters whose coverage or nearest site
#     differs;
#   - bad uses: one scenario only, a scenario on another road network.
# Env: SITEPLAN, SP_ROOT, SP_TMP.
set -u
: "${SITEPLAN:?}" "${SP_ROOT:?}" "${SP_TMP:?}"
T="$SP_TMP/compare"
rm -rf "$T"; mkdir -p "$T" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }

# Scenario files in $T (inputs by absolute path): a baseline walking 15
# minutes, fewer stations, and ebike 15 minutes.
mk() { # NAME MODE WHERE
    cat > "$T/$1.ini" <<INI
[scenario]
name = $1
[inputs]
network = $SP_ROOT/data/poa_osm.pbf
clusters = $SP_ROOT/data/poa_hexgrid.csv
clusters.x = lon
clusters.y = lat
clusters.id = id
clusters.weight = jobs
sites = $SP_ROOT/data/poa_hexgrid.csv
sites.x = lon
sites.y = lat
sites.id = id
sites.where = $3
[travel]
mode = $2
minutes = 15
[render]
enabled = no
INI
}
mk base walk "healthcare > 0"
mk fewer walk "healthcare > 1"
mk ebike ebike "healthcare > 0"
# a fourth with [changes]: a station closed and a road closed (a cost layer
# of its own over the walk topology the baseline uses)
mk closed walk "healthcare > 0"
printf '[changes]\nclose_sites = 89a9012881bffff\nclose_roads = 27103295\n' >> "$T/closed.ini"

"$SITEPLAN" compare "$T/base.ini" "$T/fewer.ini" "$T/ebike.ini" "$T/closed.ini" -o "$T/cmp" -q \
    > "$T/cmp.out" 2> "$T/cmp.err" || { cat "$T/cmp.err" >&2; fail "compare exited $?"; }
for s in base fewer ebike closed; do
    "$SITEPLAN" run "$T/$s.ini" -o "$T/alone_$s" -q > /dev/null 2> "$T/alone_$s.err" ||
        fail "run $s"
done
k=0
for s in base fewer ebike closed; do
    k=$((k + 1))
    for f in summary.json coverage.csv results.gpkg; do
        cmp -s "$T/cmp/$k-$s/$f" "$T/alone_$s/$f" || fail "$k-$s/$f differs from a stand-alone run"
    done
done
echo "check: each scenario's results equal its stand-alone run"

# Independent figures from coverage.csv (id,name,workers,nearest_site,minutes,covered,snap_m,
# then the after columns, empty here).
cov() { awk -F, 'NR > 1 && $6 == 1 { s += $3 } END { printf "%.0f\n", s }' "$1"; }
gained() { # BASE OTHER: workers covered in OTHER and not in BASE, by id
    awk -F, 'FNR == 1 { next } NR == FNR { b[$1] = $6; next } $6 == 1 && b[$1] != 1 { s += $3 }
             END { printf "%.0f\n", s }' "$1" "$2"; }
row() { awk -F, -v n="$1" -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        NR == n + 1 { print $c[col] }' "$T/cmp/comparison.csv"; }
B="$T/alone_base/coverage.csv"
k=0
for s in base fewer ebike closed; do
    k=$((k + 1))
    C="$T/alone_$s/coverage.csv"
    [ "$(row $k workers_covered)" = "$(cov "$C")" ] || fail "$s: workers_covered $(row $k workers_covered) != $(cov "$C")"
    [ "$(row $k workers_gained)" = "$(gained "$B" "$C")" ] || fail "$s: gained $(row $k workers_gained) != $(gained "$B" "$C")"
    [ "$(row $k workers_lost)" = "$(gained "$C" "$B")" ] || fail "$s: lost $(row $k workers_lost) != $(gained "$C" "$B")"
    [ "$(row $k mode)" = "$(sed -n 's/^mode = //p' "$T/$s.ini")" ] || fail "$s: mode"
done
[ "$(row 2 workers_lost)" -gt 0 ] || fail "closing stations should lose workers"
[ "$(row 3 workers_gained)" -gt 0 ] || fail "an e-bike should reach more workers"
[ "$(row 4 workers_lost)" -gt 0 ] || fail "closing the busiest station should lose workers"
echo "check: comparison.csv covered, gained and lost = awk over coverage.csv"

# changes.csv: exactly the clusters whose covered flag or nearest site differs.
want=$(awk -F, 'FNR == 1 { f++; next } { k[f, $1] = $6 "|" $4; ids[$1] }
                END { for (i in ids) if (k[1, i] != k[2, i] || k[1, i] != k[3, i] || k[1, i] != k[4, i]) n++
             print n + 0 }' \
       "$B" "$T/alone_fewer/coverage.csv" "$T/alone_ebike/coverage.csv" "$T/alone_closed/coverage.csv")
got=$(($(wc -l < "$T/cmp/changes.csv") - 1))
[ "$got" = "$want" ] || fail "changes.csv has $got rows, expected $want"
[ "$got" -gt 0 ] || fail "changes.csv is empty"
head -1 "$T/cmp/changes.csv" | grep -qx 'id,name,workers,covered_1,nearest_site_1,minutes_1,covered_2,nearest_site_2,minutes_2,covered_3,nearest_site_3,minutes_3,covered_4,nearest_site_4,minutes_4' ||
    fail "changes.csv header: $(head -1 "$T/cmp/changes.csv")"
echo "check: changes.csv has the $want clusters that differ"

# comparison.json: the same rows.
[ "$(grep -c '"scenario":' "$T/cmp/comparison.json")" = 4 ] || fail "comparison.json rows"
grep -q "\"workers_covered\": $(row 2 workers_covered)," "$T/cmp/comparison.json" || fail "comparison.json workers_covered"

# Bad uses: one line, exit 1.
"$SITEPLAN" compare "$T/base.ini" > "$T/one.out" 2> "$T/one.err"; rc=$?
[ $rc -eq 1 ] && [ "$(wc -l < "$T/one.err")" = 1 ] || fail "one scenario: exit $rc, $(cat "$T/one.err")"
sed 's|^network = .*|network = '"$SP_ROOT"'/tests/data/osm/topology.osm|' "$T/fewer.ini" > "$T/other.ini"
"$SITEPLAN" compare "$T/base.ini" "$T/other.ini" -o "$T/bad" > "$T/other.out" 2> "$T/other.err"; rc=$?
[ $rc -eq 1 ] && grep -q "network = .* differs from the loaded network" "$T/other.err" || fail "other network: exit $rc, $(cat "$T/other.err")"
[ ! -e "$T/bad/comparison.csv" ] || fail "a failed compare wrote comparison.csv"
echo "check: bad uses refused"
echo "compare: ok"
