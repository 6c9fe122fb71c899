#!/usr/bin/env bash
# capsiting.sh — capacitated siting ([siting] with [capacity]) on the bundled
# Porto Alegre data (greenfield, walk 15 min), checked against independent
# facts:
#   1. mclp, budget 4, new_site = 40000 (some sites fill, some do not):
#      recommendations.csv (workers_added
#      never above the capacity, running sums, percentages) agrees with
#      summary.json siting (capacitated, workers_served, objective units);
#      cross-check: a plain run (no [siting]) with the recommended sites as
#      stations at capacity 40000 serves exactly siting.workers_served
#      (pipeline/capacity.c, another code path), and with the first k sites
#      rank k's workers_cumulative;
#   2. capacities far above every reach (new_site = 10000000): the same
#      sites, workers and objective as the run without [capacity];
#   3. candidates.capacity = a field (population): no candidate of capacity
#      0 is recommended and none adds more than its capacity;
#   4. target 30 %: served reaches 30 % of the workers (awk over the CSV
#      totals) and the run says "served";
#   5. pmedian with [capacity]: exit 1 with the one-line reason.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/capsiting"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }

GF_INI="$SP_ROOT/data/porto_alegre_greenfield.ini"
CSV="$SP_ROOT/data/poa_hexgrid.csv"
NET="$SP_ROOT/data/poa_osm.pbf"
for f in "$GF_INI" "$CSV" "$NET"; do
    [ -r "$f" ] || { echo "FAIL: fixture $f missing" >&2; exit 1; }
done
command -v jq >/dev/null || { echo "FAIL: jq missing" >&2; exit 1; }

failures=()
note_fail() { echo "FAIL [$1]: $2" >&2; failures+=("[$1] $2"); }
check() { echo "check: $*"; }

# run CASE NAME INI ARGS... — siteplan run INI -o $T/NAME -q ARGS (0 = ok).
run() {
    local c=$1 name=$2 ini=$3; shift 3
    "$SITEPLAN" run "$ini" -o "$T/$name" -q "$@" >"$T/$name.out" 2>"$T/$name.err"
    local rc=$?
    if [ $rc -ne 0 ]; then
        sed 's/^/    /' "$T/$name.err" >&2
        note_fail "$c" "siteplan run $ini -o $T/$name $* exited $rc (expected 0)"
        return 1
    fi
    return 0
}
feq() { awk -v a="$1" -v b="$2" -v t="${3:-0}" 'BEGIN { if (a == "" || b == "") exit 1; d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }
# recommendation columns: 2 site_id, 8 workers_added, 9 workers_cumulative, 10 percent_cumulative
REC_HEAD='rank,site_id,name,lon,lat,x,y,workers_added,workers_cumulative,percent_cumulative,clusters_added,objective,runner_up_id,runner_up_workers_added,cluster_workers'

# capini NAME EXTRA — the greenfield scenario with [capacity] lines EXTRA.
capini() {
    cat >"$T/$1.ini" <<EOF
[scenario]
extends = $GF_INI
name = capsiting $1
[siting]
time_limit_s = 30
$2
EOF
}

W_TOTAL=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { w += $(c["jobs"]) } END { printf "%.0f", w }' "$CSV")

# ---------------------------------------------------------------------------
C=1
check "$C: capacitated mclp, budget 4, new_site = 40000"
capini c1 $'budget = 4\n[capacity]\nnew_site = 40000'
if run $C c1 "$T/c1.ini"; then
    D="$T/c1"
    [ "$(head -n 1 "$D/recommendations.csv")" = "$REC_HEAD" ] ||
        note_fail $C "recommendations.csv header changed: $(head -n 1 "$D/recommendations.csv")"
    [ "$(jq -r .siting.capacitated "$D/summary.json")" = true ] || note_fail $C "siting.capacitated is not true"
    [ "$(jq -r .siting.objective_units "$D/summary.json")" = "workers served" ] ||
        note_fail $C "objective_units = $(jq -r .siting.objective_units "$D/summary.json")"
    ws=$(jq -r .siting.workers_served "$D/summary.json")
    obj=$(jq -r .siting.objective "$D/summary.json")
    feq "$ws" "$obj" || note_fail $C "workers_served $ws != objective $obj"
    # running sums and the capacity per site
    awk -F, -v tot="$W_TOTAL" 'NR > 1 {
            s += $8
            if ($8 > 40000 + 1e-6) { print "rank " $1 " adds " $8 " > 40000"; bad = 1 }
            if (s != $9) { print "rank " $1 " cumulative " $9 " != " s; bad = 1 }
            p = sprintf("%.2f", 100 * s / tot) + 0
            if (p != $10 + 0) { print "rank " $1 " percent " $10 " != " p; bad = 1 }
            last = $9 }
        END { print "last " last; exit bad }' "$D/recommendations.csv" >"$T/c1.sums" ||
        note_fail $C "recommendations.csv: $(grep -v '^last' "$T/c1.sums" | head -3 | tr '\n' ';')"
    last=$(awk '/^last/ { print $2 }' "$T/c1.sums")
    feq "$last" "$ws" || note_fail $C "last workers_cumulative $last != workers_served $ws"
    grep -q 'workers served' "$D/../c1.out" || note_fail $C "stdout does not say 'workers served'"
    grep -q 'newly covered)' "$D/../c1.out" || note_fail $C "stdout does not say which clusters are 'newly covered'"
    # the report and the map say served, not covered (render reads siting.capacitated)
    if "$SITEPLAN" render -q "$D" >"$T/c1.render" 2>&1; then
        pdftotext "$D/report.pdf" "$T/c1.txt"
        grep -q 'Served added' "$T/c1.txt" || note_fail $C "report: no 'Served added' column"
        grep -q 'workers served .* (capacities)' "$T/c1.txt" ||
            note_fail $C "report: the new sites' row does not say workers served"
        grep -q 'served (capacities)' "$T/c1.txt" || note_fail $C "report: the subtitle does not say served"
    else
        note_fail $C "siteplan render: $(head -c 300 "$T/c1.render")"
    fi
    # cross-check: the recommended sites as stations of a plain run
    n=$(awk 'END { print NR - 1 }' "$D/recommendations.csv")
    for k in 1 $n; do
        awk -F, -v k=$k 'NR == 1 { print "id,lon,lat"; next } NR - 1 <= k { print $2 "," $4 "," $5 }' \
            "$D/recommendations.csv" >"$T/c1_sites$k.csv"
        cat >"$T/c1_plain$k.ini" <<EOF
[scenario]
name = cross-check $k
[inputs]
network = $NET
clusters = $CSV
clusters.x = lon
clusters.y = lat
clusters.id = id
clusters.weight = jobs
sites = $T/c1_sites$k.csv
sites.x = lon
sites.y = lat
sites.id = id
[travel]
mode = walk
minutes = 15
[capacity]
default = 40000
EOF
        run $C c1_plain$k "$T/c1_plain$k.ini" || continue
        got=$(jq -r .capacity.workers_served "$T/c1_plain$k/summary.json")
        want=$(awk -F, -v k=$k 'NR - 1 == k { print $9 }' "$D/recommendations.csv")
        feq "$got" "$want" 0.5 ||
            note_fail $C "plain run with the first $k sites serves $got; rank $k workers_cumulative $want"
        echo "  first $k sites: plain run serves $got, siting says $want"
    done
fi

# ---------------------------------------------------------------------------
C=2
check "$C: capacities above every reach give the uncapacitated answer"
capini c2u $'budget = 4'
capini c2h $'budget = 4\n[capacity]\nnew_site = 10000000'
if run $C c2u "$T/c2u.ini" && run $C c2h "$T/c2h.ini"; then
    cut -d, -f2,8,9,10,11 "$T/c2u/recommendations.csv" | tail -n +2 >"$T/c2u.rec"
    cut -d, -f2,8,9,10,11 "$T/c2h/recommendations.csv" | tail -n +2 >"$T/c2h.rec"
    cmp -s "$T/c2u.rec" "$T/c2h.rec" ||
        note_fail $C "recommendations differ: $(diff "$T/c2u.rec" "$T/c2h.rec" | head -4 | tr '\n' ';')"
    a=$(jq -r .siting.objective "$T/c2u/summary.json")
    b=$(jq -r .siting.objective "$T/c2h/summary.json")
    [ "$a" = "$b" ] || note_fail $C "objective $a (uncapacitated) != $b (capacities 10,000,000)"
    [ "$(jq -r .siting.optimal "$T/c2h/summary.json")" = true ] || note_fail $C "not proven optimal"
fi

# ---------------------------------------------------------------------------
C=3
check "$C: candidates.capacity = population: capacity 0 never recommended"
capini c3 $'budget = 6\ncandidates.capacity = population\n[capacity]'
if run $C c3 "$T/c3.ini"; then
    awk -F, 'NR == FNR { if (FNR == 1) { for (i = 1; i <= NF; i++) c[$i] = i; next }
                         cap[$(c["id"])] = $(c["population"]); next }
             FNR > 1 { if (!(cap[$2] > 0)) { print $2 " has capacity " cap[$2]; bad = 1 }
                       if ($8 > cap[$2] + 1e-6) { print $2 " adds " $8 " > " cap[$2]; bad = 1 }
                       if ($14 != "" && !($14 + 0 >= 0)) bad = 1 }
             END { exit bad }' "$CSV" "$T/c3/recommendations.csv" >"$T/c3.bad" ||
        note_fail $C "$(head -3 "$T/c3.bad" | tr '\n' ';')"
fi

# ---------------------------------------------------------------------------
C=4
check "$C: capacitated target 30 %"
capini c4 $'model = target\ntarget_percent = 30\nbudget = 0\n[capacity]\nnew_site = 15000'
if run $C c4 "$T/c4.ini"; then
    ws=$(jq -r .siting.workers_served "$T/c4/summary.json")
    awk -v w="$ws" -v t="$W_TOTAL" 'BEGIN { exit !(w >= 0.3 * t) }' ||
        note_fail $C "served $ws < 30 % of $W_TOTAL"
    [ "$(jq -r .siting.target_status "$T/c4/summary.json")" = met ] || note_fail $C "target not met"
    grep -q 'reached (.*% served)' "$T/c4.out" || note_fail $C "stdout: $(grep target "$T/c4.out")"
    # one site fewer cannot: 15000 each, so fewer than ceil(30 % / 15000) is impossible
    n=$(jq -r .siting.new_sites "$T/c4/summary.json")
    lo=$(awk -v t="$W_TOTAL" 'BEGIN { x = 0.3 * t / 15000; n = int(x); if (n < x) n++; print n }')
    [ "$n" -ge "$lo" ] || note_fail $C "$n sites serve 30 % at 15000 each (at least $lo needed)"
fi

# ---------------------------------------------------------------------------
C=5
check "$C: pmedian with [capacity] exits 1 with the reason"
capini c5 $'model = pmedian\nbudget = 2\n[capacity]\nnew_site = 15000'
"$SITEPLAN" run "$T/c5.ini" -o "$T/c5" -q >"$T/c5.out" 2>"$T/c5.err"
rc=$?
[ $rc -eq 1 ] || note_fail $C "exit $rc (expected 1)"
grep -q "c5.ini: \[siting\] model = pmedian: capacitated siting supports the models mclp and target" \
    "$T/c5.err" || note_fail $C "message: $(head -2 "$T/c5.err")"

echo
if [ ${#failures[@]} -gt 0 ]; then
    echo "FAIL capsiting: ${#failures[@]} failed check(s):" >&2
    printf "  %s\n" "${failures[@]}" >&2
    exit 1
fi
echo "PASS capsiting"
exit 0
