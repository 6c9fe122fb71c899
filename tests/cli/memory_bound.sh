#!/usr/bin/env bash
# memory_bound.sh — the memory bound from the command line (README.md,
# "Memory bound"; analysis/pipeline/membound.h), on the default scenario
# (Porto Alegre, 30 minutes on foot, maps off):
#   - SITEPLAN_MEMORY_REPORT=1: one "siteplan: memory estimate: N MB" line;
#   - SITEPLAN_MEMORY_MB one below the estimate: refused, exit 1, one line
#     naming the scenario, the estimate, the limit and its source, the
#     largest part and what to lower; nothing written; refused before the
#     searches (no timing line, well under the run's time);
#   - SITEPLAN_MEMORY_MB at the estimate: the run goes ahead, and its peak
#     resident memory (/usr/bin/time, when installed; not under a sanitizer)
#     is within the estimate;
#   - the same by car, where the largest part is another, and on foot with
#     [catchment] per_site = no (estimated below the per-site run);
#   - SITEPLAN_MEMORY_MB = "12x", "0", "-5": one line naming the variable, exit 1.
# Env: SITEPLAN, SP_ROOT, SP_TMP.
set -u
: "${SITEPLAN:?}" "${SP_ROOT:?}" "${SP_TMP:?}"
T="$SP_TMP/memory_bound"
rm -rf "$T"; mkdir -p "$T" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
INI="$SP_ROOT/data/porto_alegre.ini"

# run NAME [ARGS...]: siteplan run INI -o $T/NAME --set render.enabled=no -q ARGS; $rc, $T/NAME.err
run() {
    local name=$1; shift
    rc=0
    "$SITEPLAN" run "$INI" -o "$T/$name" --set render.enabled=no -q "$@" \
        > "$T/$name.out" 2> "$T/$name.err" || rc=$?
}
errors() { grep -v '^siteplan: warning:' "$T/$1.err"; }

# walk, car, and walk with [catchment] per_site = no (the coverage area's
# pass alone, which keeps no cell access tile: its own bytes per cell)
for mode in walk car area; do
    if [ "$mode" = area ]; then
        keys=(--set travel.mode=walk --set catchment.per_site=no)
    else
        keys=(--set travel.mode=$mode)
    fi
    SITEPLAN_MEMORY_REPORT=1 run "report-$mode" "${keys[@]}"
    [ "$rc" = 0 ] || { cat "$T/report-$mode.err" >&2; fail "$mode: report run: exit $rc"; }
    [ "$(grep -c '^siteplan: memory estimate: ' "$T/report-$mode.err")" = 1 ] ||
        fail "$mode: not one memory estimate line"
    est=$(sed -n 's/^siteplan: memory estimate: \([0-9]*\) MB.*/\1/p' "$T/report-$mode.err")
    [ "$est" -gt 0 ] || fail "$mode: estimate '$est'"
    # the estimate is rounded to whole MB: one less is below it
    below=$((est - 1))
    start=$(date +%s%N)
    SITEPLAN_MEMORY_MB=$below run "refused-$mode" "${keys[@]}" --timing
    took=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    [ "$rc" = 1 ] || fail "$mode: limit $below MB under an estimate of $est MB: exit $rc, not 1"
    [ "$(errors "refused-$mode" | wc -l)" = 1 ] || { errors "refused-$mode" >&2; fail "$mode: not one error line"; }
    line=$(errors "refused-$mode")
    case "$line" in
        "siteplan run: $INI: the run would need about $est MB of memory, more than the $below MB of SITEPLAN_MEMORY_MB (README.md, \"Memory bound\": "*"; the largest part, "*) ;;
        *) fail "$mode: refusal line: $line" ;;
    esac
    grep -q 'timing:' "$T/refused-$mode.err" && fail "$mode: the refused run printed timings"
    [ -e "$T/refused-$mode" ] && fail "$mode: the refused run wrote its folder"
    eval "line_$mode=\$line took_$mode=\$took est_$mode=\$est"
    SITEPLAN_MEMORY_MB=$est run "at-$mode" "${keys[@]}"
    [ "$rc" = 0 ] || { errors "at-$mode" >&2; fail "$mode: limit = estimate ($est MB): exit $rc"; }
    # the peak: not under a sanitizer (its shadow memory is not the model's)
    if [ -x /usr/bin/time ] && [ -z "${ASAN_OPTIONS:-}${TSAN_OPTIONS:-}" ] &&
       ! nm "$SITEPLAN" 2>/dev/null | grep -q '__asan_init\|__tsan_init'; then
        /usr/bin/time -f '%M' -o "$T/peak-$mode" "$SITEPLAN" run "$INI" -o "$T/peak-$mode.d" \
            --set render.enabled=no "${keys[@]}" -q >/dev/null 2>&1 ||
            fail "$mode: the run under /usr/bin/time failed"
        peak=$(( $(tail -n 1 "$T/peak-$mode") / 1024 ))
        [ "$peak" -le "$est" ] || fail "$mode: peak $peak MB above the estimate $est MB"
    fi
done
# what to lower: the catchment cells on foot at 20 m, another part by car
case "$line_walk" in *"the largest part, catchment cells, "*"raise [catchment] cell_m"*) ;;
    *) fail "walk: the advice: $line_walk" ;; esac
case "$line_car" in *"the largest part, catchment cells"*) fail "car: the same largest part as on foot: $line_car" ;; esac
# refused before the searches: faster than a whole run on foot (polygons take seconds)
SITEPLAN_MEMORY_MB=100000 run whole --timing
full=$(sed -n 's/^timing: load \([0-9.]*\) s.*analysis \([0-9.]*\) s wall.*/\1 \2/p' "$T/whole.err")
[ -n "$full" ] || fail "no timing line in a whole run"
grep -Eq '^timing: load .* s wall, write [0-9]+\.[0-9]{3} s$' "$T/whole.err" ||
    fail "the timing line has no write time: $(grep '^timing' "$T/whole.err")"
read -r load ana <<<"$full"
awk -v t="$took_walk" -v l="$load" -v a="$ana" 'BEGIN { exit !(t < l + a) }' ||
    fail "the refusal took $took_walk s, a whole run $load s to load + $ana s to analyse"

for bad in 12x 0 -5 ""; do
    [ -z "$bad" ] && continue
    SITEPLAN_MEMORY_MB=$bad run "bad" --set travel.minutes=5
    [ "$rc" = 1 ] || fail "SITEPLAN_MEMORY_MB=$bad: exit $rc"
    [ "$(errors bad | wc -l)" = 1 ] || fail "SITEPLAN_MEMORY_MB=$bad: not one line"
    errors bad | grep -q "^siteplan run: SITEPLAN_MEMORY_MB = \"$bad\": not a whole number of MiB" ||
        fail "SITEPLAN_MEMORY_MB=$bad: $(errors bad)"
done
# the contraction hierarchy: not counted for per-site catchments on foot
# (no matrix without polygons), every graph node for the greenfield by car
# (its candidates' searches reach the whole city)
grep -q '^siteplan: memory estimate: .*, 0 nodes in a hierarchy, ' "$T/report-walk.err" ||
    fail "walk: a hierarchy counted: $(grep 'memory estimate' "$T/report-walk.err")"
# searches by lanes: never on a network this small (coverage.h)
grep -q '^siteplan: memory estimate: .*, 0 and 0 for lanes;.* lanes 0;' "$T/report-walk.err" ||
    fail "walk: lanes counted: $(grep 'memory estimate' "$T/report-walk.err")"
INI="$SP_ROOT/data/porto_alegre_greenfield.ini"
SITEPLAN_MEMORY_REPORT=1 run report-green --set travel.mode=car
[ "$rc" = 0 ] || fail "greenfield by car: exit $rc"
green=$(grep '^siteplan: memory estimate: ' "$T/report-green.err")
nodes=$(sed -n 's/^[^)]*): \([0-9]*\) nodes, .*/\1/p' <<<"$green")
[ -n "$nodes" ] && [ "$nodes" -gt 0 ] || fail "greenfield by car: no node count: $green"
case "$green" in *", $nodes nodes in a hierarchy, "*"hierarchy "[1-9]*) ;;
    *) fail "greenfield by car: the hierarchy not counted for its $nodes nodes: $green" ;; esac
INI="$SP_ROOT/data/porto_alegre.ini"
# the area alone is estimated below the walk run with per-site catchments
[ "$est_area" -lt "$est_walk" ] || fail "per_site = no: estimate $est_area MB, not below $est_walk MB"
echo "memory_bound: ok (estimates: walk $est_walk MB, car $est_car MB, walk with per_site = no $est_area MB)"
