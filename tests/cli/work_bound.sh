#!/usr/bin/env bash
# work_bound.sh — a run whose catchment polygons would time far more grid
# cells than any useful one is refused before any search (README "Catchment
# polygons", "Work bound"; "Inputs we reject and why"): [catchment] cell_m = 1
# on the default scenario (walk 30 minutes, 117 sites) estimates 6e9 cells
# against the bound of 5e8; exit 1 with one error line naming the keys and
# the cell_m that would do.  Before the bound this ran for minutes and a GB;
# the guard (timeout) turns such a run into a failure, it is not a timing
# assertion.  The refusal changes nothing in the folder.  [siting] budget
# counts as that many more sites, for model target (its cap) too.  Also: a sweep
# range beyond 2^53 is refused (its values were counted forever).
# Env: SITEPLAN, SP_ROOT, SP_TMP.
set -u
: "${SITEPLAN:?}" "${SP_ROOT:?}" "${SP_TMP:?}"
T="$SP_TMP/work_bound"
rm -rf "$T"; mkdir -p "$T" || exit 1
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
GUARD=120

# refuse NAME ARGS...: expect exit 1, one "siteplan run:" line naming the keys
refuse() {
    local name=$1
    shift
    timeout "$GUARD" "$SITEPLAN" run "$SP_ROOT/data/porto_alegre.ini" -q -o "$T/$name" "$@" \
        >"$T/$name.out" 2>"$T/$name.err"
    local rc=$? line
    line=$(grep '^siteplan run: ' "$T/$name.err")
    if [ $rc -eq 124 ]; then
        fail "$name: still running after $GUARD s"
    elif [ $rc -ne 1 ]; then
        fail "$name: exit $rc, expected 1: $(tail -c 300 "$T/$name.err")"
    elif [ "$(grep -c '^siteplan run: ' "$T/$name.err")" -ne 1 ]; then
        fail "$name: not one error line: $(tail -c 300 "$T/$name.err")"
    else
        local k ok=1
        for k in '[catchment] cell_m' '[travel] mode' 'minutes' 'max_snap_m' 'porto_alegre.ini' \
                 'bound of 5e+08' 'grid cells'; do
            case "$line" in *"$k"*) ;; *) ok=0; fail "$name: the message does not name $k: $line" ;; esac
        done
        [ -e "$T/$name/summary.json" ] && { ok=0; fail "$name: wrote results"; }
        [ $ok -eq 1 ] && echo "ok   $name: $line"
    fi
}

refuse cell1 --set catchment.cell_m=1
# the suggested cell is in the message: 6e9 / 5e8 = 12, sqrt(12) = 3.5, so 4 m
grep -q 'raise \[catchment\] cell_m to 4 m or more' "$T/cell1.err" ||
    fail "cell1: no suggested cell_m of 4 m: $(grep '^siteplan run: ' "$T/cell1.err")"
# with rings too: the largest threshold counts (walk 60 minutes, cell 3 m)
refuse rings60 --set catchment.cell_m=3 --set travel.minutes=10,60
# [siting] budget: each new site it allows counts as a full site, target's
# cap too (5,117 sites of about 1.2e5 cells each at 20 m: 6.3e8); before,
# target's cap was not counted and this run went on to site 5,000 stations
refuse target_cap --set siting.model=target --set siting.budget=5000 \
    --set siting.candidates="$SP_ROOT/data/poa_hexgrid.csv" --set siting.candidates.x=lon \
    --set siting.candidates.y=lat --set siting.candidates.id=id
grep -q '5117 sites (counting \[siting\] budget = 5000 new ones).*or a smaller \[siting\] budget' \
    "$T/target_cap.err" ||
    fail "target_cap: the message does not count the budget: $(grep '^siteplan run: ' "$T/target_cap.err")"

# a sweep range whose integers are not exact (x + 1 == x beyond 2^53): the
# count of its values never ended; now one usage line
timeout "$GUARD" "$SITEPLAN" sweep "$SP_ROOT/data/porto_alegre.ini" -q -o "$T/sweep" \
    --vary travel.minutes=100000000000000000..100000000000000005 >"$T/sweep.out" 2>"$T/sweep.err"
rc=$?
if [ $rc -ne 1 ] || [ "$(wc -l <"$T/sweep.err")" -ne 1 ] ||
   ! grep -q "^siteplan sweep: --vary travel.minutes: the range .* is beyond 2^53" "$T/sweep.err"; then
    fail "sweep range beyond 2^53: exit $rc: $(head -c 300 "$T/sweep.err")"
else
    echo "ok   sweep: $(cat "$T/sweep.err")"
fi

[ $fails -eq 0 ] && echo "PASS work_bound" || { echo "FAIL work_bound ($fails)"; exit 1; }
