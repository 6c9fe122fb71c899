#!/usr/bin/env bash
# lanes_identical.sh — searches by lanes (README.md, "Travel times";
# analysis/net/msearch.h) change only the speed: whole runs with
# SITEPLAN_SEARCH_LANES=on (every coverage's searches by lanes, unless the
# contraction hierarchy is used) give the result folders of
# SITEPLAN_SEARCH_LANES=off byte for byte, and the same standard output
# (but for the folder's name and the solver's seconds):
#   - the default scenario on foot (catchments, responsibility areas, gaps)
#     and by car;
#   - the greenfield (mclp: the candidates' matrix, the new sites'
#     catchments), the capacity scenario with new sites, and the mobile
#     rounds (their own matrices) on foot;
#   - on foot with [catchment] per_site = no (the sites' matrix alone).
# The bundled network is too small for the rule to choose lanes, so without
# the variable none of these would search by lanes (checked: the default is
# the "off" bytes too).
# Env: SITEPLAN, SP_ROOT, SP_TMP.
set -u
: "${SITEPLAN:?}" "${SP_ROOT:?}" "${SP_TMP:?}"
T="$SP_TMP/lanes_identical"
rm -rf "$T"; mkdir -p "$T" || exit 1
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# one NAME INI [SET...]: the run with lanes on, off and by the rule
one() {
    local name=$1 ini=$2; shift 2
    local sets=(--set render.enabled=no) s how
    for s in "$@"; do sets+=(--set "$s"); done
    for how in on off rule; do
        local env=(env SITEPLAN_SEARCH_LANES="$how")
        [ "$how" = rule ] && env=(env -u SITEPLAN_SEARCH_LANES)
        (cd "$SP_ROOT" && "${env[@]}" "$SITEPLAN" run "$ini" -q -o "$T/$name-$how" "${sets[@]}") \
            >"$T/$name-$how.out" 2>"$T/$name-$how.err" ||
            { fail "$name ($how): exit $?: $(tail -c 300 "$T/$name-$how.err")"; return; }
    done
    for how in on rule; do
        diff -r "$T/$name-off" "$T/$name-$how" >/dev/null ||
            fail "$name: the result folder with lanes $how differs from off: $(diff -rq "$T/$name-off" "$T/$name-$how" | head -3)"
        # (the folder's name and the solver's seconds aside)
        cmp -s <(sed "s|$T/$name-off|DIR|g; s/, [0-9.]* s)/, S s)/" "$T/$name-off.out") \
               <(sed "s|$T/$name-$how|DIR|g; s/, [0-9.]* s)/, S s)/" "$T/$name-$how.out") ||
            fail "$name: standard output with lanes $how differs from off"
    done
    [ -s "$T/$name-on/coverage.csv" ] || fail "$name: no coverage.csv"
}

one walk data/porto_alegre.ini
one car data/porto_alegre.ini travel.mode=car
one green data/porto_alegre_greenfield.ini
one capnew data/porto_alegre_capacity_new.ini
one rounds data/porto_alegre_mobile_rounds.ini
one walk_area data/porto_alegre.ini catchment.per_site=no

if [ "$fails" -gt 0 ]; then
    echo "lanes_identical: $fails failure(s)" >&2
    exit 1
fi
echo "lanes_identical: ok (6 scenarios, lanes on, off and by the rule, byte-identical)"
