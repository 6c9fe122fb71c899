#!/usr/bin/env bash
# sweep.sh — `siteplan sweep`: a grid of runs over one network load.
#   - sweep.csv has one row per combination, in grid order (the first --vary
#     key slowest), the varied keys as leading columns;
#   - each row equals a stand-alone `siteplan run` with the same --set
#     (workers covered, percent, clusters uncovered, gaps, and with [siting]
#     new sites, workers covered with them, proven optimal: from its
#     summary.json);
#   - monotonicity: more minutes never fewer workers covered; more budget
#     never fewer workers covered with the new sites (claimed only between
#     budgets whose row says proven optimal; at least one such pair needed);
#   - sweep.json has the same runs; a chart per varied numeric key, and a
#     later sweep in the folder removes the charts it does not draw;
#   - bad --vary uses: exit 1, one line naming the key.
# Env: SITEPLAN, SP_ROOT, SP_TMP.
set -u
: "${SITEPLAN:?}" "${SP_ROOT:?}" "${SP_TMP:?}"
T="$SP_TMP/sweep"
rm -rf "$T"; mkdir -p "$T" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }

# A small siting instance on the bundled data: walking, the existing
# stations, candidates the hexagons of one slice of the city (few enough that
# every budget is solved to proven optimality).
cat > "$T/base.ini" <<INI
[scenario]
name = sweep test
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
sites.where = healthcare > 0
[travel]
mode = walk
minutes = 15
[siting]
budget = 2
candidates = $SP_ROOT/data/poa_hexgrid.csv
candidates.x = lon
candidates.y = lat
candidates.id = id
candidates.where = jobs > 300
[render]
enabled = no
INI

MINUTES="5 10 15"
BUDGETS="1 2 3"
"$SITEPLAN" sweep "$T/base.ini" --vary travel.minutes=5,10,15 --vary siting.budget=1..3 \
    --set render.enabled=yes -o "$T/sw" -q > "$T/sw.out" 2> "$T/sw.err" ||
    { cat "$T/sw.err" >&2; fail "sweep exited $?"; }
S="$T/sw/sweep.csv"

# Header and grid order.
head -1 "$S" | grep -qx 'travel.minutes,siting.budget,run,mode,minutes,sites,workers_total,workers_covered,percent_covered,clusters_uncovered,gaps,new_sites,workers_covered_after,percent_covered_after,objective,optimal,gap,workers_served,percent_served,mobile_served,mobile_unit_days_needed,mobile_lower_bound' ||
    fail "sweep.csv header: $(head -1 "$S")"
want=""
n=0
for m in $MINUTES; do for b in $BUDGETS; do n=$((n + 1)); want="$want$m,$b,$n;"; done; done
got=$(awk -F, 'NR > 1 { printf "%s,%s,%s;", $1, $2, $3 }' "$S")
[ "$got" = "$want" ] || fail "rows: $got, expected $want"
[ "$(($(wc -l < "$S") - 1))" = 9 ] || fail "sweep.csv has $(($(wc -l < "$S") - 1)) rows, expected 9"
echo "check: sweep.csv has the 9 rows of the grid in grid order"

# Each row equals a stand-alone run.
col() { # ROW(1-based) COLUMN
    awk -F, -v n="$1" -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        NR == n + 1 { print $c[col] }' "$S"; }
jget() { python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d = d[k]
print({True: "1", False: "0"}.get(d, d) if isinstance(d, bool) else d)' "$1" "$2"; }
r=0
for m in $MINUTES; do for b in $BUDGETS; do
    r=$((r + 1))
    A="$T/alone_${m}_$b"
    "$SITEPLAN" run "$T/base.ini" --set travel.minutes=$m --set siting.budget=$b -o "$A" -q \
        > /dev/null 2> "$A.err" || fail "run $m/$b"
    J="$A/summary.json"
    for pair in workers_covered:workers_covered percent_covered:percent_covered \
                workers_total:workers_total gaps:gaps_total new_sites:siting.new_sites \
                workers_covered_after:siting.workers_covered \
                percent_covered_after:siting.percent_covered optimal:siting.optimal; do
        c=${pair%%:*} k=${pair#*:}
        x=$(col $r "$c") y=$(jget "$J" "$k")
        awk -v x="$x" -v y="$y" 'BEGIN { exit !(x != "" && x + 0 == y + 0) }' ||
            fail "row $r ($m min, budget $b): $c = '$x', stand-alone $k = '$y'"
    done
    unc=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["clusters_total"] - d["clusters_covered"])' "$J")
    [ "$(col $r clusters_uncovered)" = "$unc" ] || fail "row $r: clusters_uncovered $(col $r clusters_uncovered) != $unc"
    [ "$(col $r minutes)" = "$m" ] && [ "$(col $r mode)" = walk ] || fail "row $r: minutes/mode"
done; done
echo "check: every row equals its stand-alone run (summary.json)"

# Monotonicity.
# More minutes, same budget: never fewer workers covered (existing sites).
bad=$(awk -F, 'NR > 1 { w[$2, $1] = $8; b[$2]; m[$1] }
    END { for (x in b) { prev = -1; n = split("5 10 15", ms, " ")
          for (i = 1; i <= n; i++) { v = w[x, ms[i]]; if (v + 0 < prev) print x, ms[i]; prev = v + 0 } } }' "$S")
[ -z "$bad" ] || fail "more minutes, fewer workers covered: $bad"
# More budget, same minutes: never fewer covered with the new sites, between
# budgets both proven optimal.
res=$(awk -F, 'NR > 1 { w[$1, $2] = $13; o[$1, $2] = $16; m[$1] }
    END { pairs = 0; for (x in m) for (b = 1; b < 3; b++) {
            if (o[x, b] != 1 || o[x, b + 1] != 1) continue
            pairs++; if (w[x, b + 1] + 0 < w[x, b] + 0) print "BAD", x, b }
          print "pairs", pairs }' "$S")
echo "$res" | grep -q BAD && fail "more budget, fewer workers covered: $res"
pairs=$(echo "$res" | awk '$1 == "pairs" { print $2 }')
[ "$pairs" -ge 6 ] || fail "only $pairs budget pairs proven optimal; the instance should be solved exactly"
# and strictly more with a new station than without, at some budget (not a constant column)
awk -F, 'NR > 1 && $13 + 0 > $8 + 0 { f = 1 } END { exit !f }' "$S" || fail "new sites never add workers"
echo "check: monotone in minutes and (over $pairs proven-optimal pairs) in budget"

# sweep.json: the same runs; charts for the two numeric keys.
[ "$(grep -c '"run":' "$T/sw/sweep.json")" = 9 ] || fail "sweep.json runs"
grep -q "\"workers_covered\": $(col 4 workers_covered)," "$T/sw/sweep.json" || fail "sweep.json workers_covered"
for k in travel.minutes siting.budget; do
    for e in png pdf; do
        [ -s "$T/sw/sweep-$k.$e" ] || fail "no sweep-$k.$e"
    done
done
grep -q "^Results: $T/sw/sweep.csv" "$T/sw.out" || fail "no table on stdout"
[ "$(grep -c '^5 ' "$T/sw.out")" = 3 ] || fail "stdout table rows: $(cat "$T/sw.out")"
echo "check: sweep.json, charts and the printed table"
# A later sweep in the same folder removes the charts it does not draw.
"$SITEPLAN" sweep "$T/base.ini" --vary siting.budget=1..2 --set render.enabled=yes -o "$T/sw" -q \
    > /dev/null 2> "$T/sw2.err" || fail "second sweep"
[ ! -e "$T/sw/sweep-travel.minutes.png" ] && [ ! -e "$T/sw/sweep-travel.minutes.pdf" ] ||
    fail "a stale chart of the earlier sweep is left"
[ -s "$T/sw/sweep-siting.budget.png" ] && [ "$(($(wc -l < "$T/sw/sweep.csv") - 1))" = 2 ] ||
    fail "second sweep's outputs"
echo "check: a later sweep removes the earlier sweep's charts"
# siteplan render draws a sweep folder's charts again, in Chinese; a
# sweep.csv whose header is not the schema's is refused with one line.
"$SITEPLAN" render "$T/sw" --language zh -q > /dev/null 2> "$T/r.err" || fail "render of a sweep folder: $(cat "$T/r.err")"
[ -s "$T/sw/sweep-siting.budget.pdf" ] || fail "render: no chart"
cp -r "$T/sw" "$T/swbad"
sed -i '1s/,workers_covered,/,workers,/' "$T/swbad/sweep.csv"
# an edited sweep.csv is no longer the file sweep.json lists: drop the list
jq 'del(.files)' "$T/sw/sweep.json" > "$T/swbad/sweep.json"
"$SITEPLAN" render "$T/swbad" -q > /dev/null 2> "$T/rbad.err"; rc=$?
[ $rc -eq 1 ] && [ "$(wc -l < "$T/rbad.err")" = 1 ] && grep -q "sweep.csv: header is" "$T/rbad.err" ||
    fail "render of a bad sweep.csv: exit $rc, $(cat "$T/rbad.err")"
echo "check: siteplan render redraws a sweep folder and refuses a bad sweep.csv header"
# Numbers render would draw are checked (README "Inputs we reject and
# why"): an infinite or huge value in sweep.csv, a huge numeric --vary
# value and an out-of-range dpi in sweep.json are refused with one line.
swnum() { # NAME WANT EDIT (sed on sweep.csv, or jq on sweep.json)
    local name=$1 want=$2; shift 2
    rm -rf "$T/$name"; cp -r "$T/sw" "$T/$name"
    jq 'del(.files)' "$T/sw/sweep.json" > "$T/$name/sweep.json"
    (D="$T/$name"; eval "$@") || fail "$name: edit"
    timeout 120 "$SITEPLAN" render "$T/$name" -q > /dev/null 2> "$T/$name.err"; local rc=$?
    [ $rc -eq 1 ] && [ "$(wc -l < "$T/$name.err")" = 1 ] && grep -q -- "$want" "$T/$name.err" ||
        fail "render of $name: exit $rc, $(cat "$T/$name.err")"
}
swnum sw_inf "not a finite number within" \
    'awk -F, -v OFS=, '"'"'NR == 2 { $(NF - 3) = "inf" } 1'"'"' "$D/sweep.csv" > "$D/x" && mv "$D/x" "$D/sweep.csv"'
swnum sw_huge "not a finite number within" \
    'awk -F, -v OFS=, '"'"'NR == 2 { $(NF - 3) = "1e300" } 1'"'"' "$D/sweep.csv" > "$D/x" && mv "$D/x" "$D/sweep.csv"'
swnum sw_dpi "render.dpi = 100000" \
    'jq ".render.dpi = 100000" "$D/sweep.json" > "$D/x" && mv "$D/x" "$D/sweep.json"'
swnum sw_vary "is not within +-1e+15" \
    'jq ".vary[0].values[0] = \"1e300\"" "$D/sweep.json" > "$D/x" && mv "$D/x" "$D/sweep.json"'
echo "check: siteplan render refuses non-finite or out-of-range numbers of a sweep folder"

# Bad --vary uses: exit 1, one line naming the key; nothing written.
bad() { # EXPECTED-TEXT ARGS...
    local want="$1"; shift
    "$SITEPLAN" sweep "$T/base.ini" "$@" -o "$T/bad" -q > "$T/bad.out" 2> "$T/bad.err"; local rc=$?
    [ $rc -eq 1 ] || fail "sweep $*: exit $rc, expected 1"
    [ "$(wc -l < "$T/bad.err")" = 1 ] || fail "sweep $*: $(wc -l < "$T/bad.err") lines on stderr"
    grep -q -- "$want" "$T/bad.err" || fail "sweep $*: '$(cat "$T/bad.err")' does not say '$want'"
}
bad "travel.minutez" --vary travel.minutez=10
bad "travel.minutes: no values" --vary travel.minutes=
bad "travel.minutes: an empty value" --vary travel.minutes=10,,20
bad "travel.minutes: .*'abc'" --vary travel.minutes=abc
bad "siting.budget: the range '5..2' is empty" --vary siting.budget=5..2
bad "siting.budget: 'x..3' is not a range" --vary siting.budget=x..3
bad "travel.mode: .*boat" --vary travel.mode=walk,boat
bad "travel.minutes: the key is given twice" --vary travel.minutes=10 --vary travel.minutes=20
bad "expected SECTION.KEY=VALUES" --vary minutes=10
bad "no --vary" 
[ ! -e "$T/bad" ] || fail "a refused sweep wrote $T/bad"
echo "check: bad --vary uses refused with one line"
echo "sweep: ok"
