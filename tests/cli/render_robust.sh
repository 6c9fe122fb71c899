#!/usr/bin/env bash
# render_robust.sh — `siteplan render` checks every number it reads (README
# "Inputs we reject and why"): a result folder with a non-finite or
# out-of-range number in summary.json, coverage_curve.csv or results.gpkg
# is refused with exit 1 and one line naming the file and the key, column or
# field, instead of drawing with it (an `inf` or a huge count made the chart's
# tick loops run forever).  Each render runs under a hang guard (timeout), so
# a loop that never ends fails the test instead of stalling the suite; the
# guard is not a timing assertion.
# Env: SITEPLAN, SP_ROOT, SP_TMP; SP_RENDER_GUARD (the guard, default 120 s).
set -u
: "${SITEPLAN:?}" "${SP_ROOT:?}" "${SP_TMP:?}"
T="$SP_TMP/render_robust"
rm -rf "$T"; mkdir -p "$T" || exit 1
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
GUARD=${SP_RENDER_GUARD:-120}   # seconds before a render counts as hung

# one run with [siting], so the folder has coverage_curve.csv and the chart
"$SITEPLAN" run "$SP_ROOT/data/whatif/budget5.ini" --set render.enabled=no -o "$T/base" -q \
    >"$T/base.out" 2>"$T/base.err" || { cat "$T/base.err" >&2; exit 1; }
[ -f "$T/base/coverage_curve.csv" ] || { echo "FAIL: no coverage_curve.csv" >&2; exit 1; }

# the untouched copy renders (the control: the checks accept what run writes)
cp -r "$T/base" "$T/ok"
timeout "$GUARD" "$SITEPLAN" render "$T/ok" -q >"$T/ok.out" 2>"$T/ok.err"
rc=$?
[ $rc -eq 0 ] && [ -f "$T/ok/coverage_curve.png" ] || fail "control: exit $rc: $(head -c 300 "$T/ok.err")"

# case NAME FILE WANT EDIT...: copy base, run EDIT (a command with $D the
# copy), render; expect exit 1, one line on stderr naming FILE and WANT
case_() {
    local name=$1 file=$2 want=$3
    shift 3
    local D="$T/$name"
    cp -r "$T/base" "$D"
    (D="$D"; eval "$@") || { fail "$name: could not edit the copy"; return; }
    # an edited file no longer matches the file list (README "The result
    # set"): drop the list, so the number check is what answers
    if [ "$file" != summary.json ]; then
        jq 'del(.files)' "$D/summary.json" >"$D/summary.json.new" &&
            mv "$D/summary.json.new" "$D/summary.json" || { fail "$name: jq"; return; }
    fi
    timeout "$GUARD" "$SITEPLAN" render "$D" -q >"$D.out" 2>"$D.err"
    local rc=$? n
    n=$(wc -l <"$D.err")
    if [ $rc -eq 124 ]; then
        fail "$name: render still running after ${GUARD} s (a loop that does not end)"
    elif [ $rc -ne 1 ]; then
        fail "$name: exit $rc, expected 1: $(head -c 300 "$D.err")"
    elif [ "$n" -ne 1 ]; then
        fail "$name: $n lines on stderr, expected one: $(head -c 300 "$D.err")"
    elif ! grep -q "$file" "$D.err" || ! grep -qF "$want" "$D.err"; then
        fail "$name: the message does not name $file and $want: $(cat "$D.err")"
    else
        echo "ok   $name: $(cat "$D.err")"
    fi
}

J=summary.json
case_ json_inf $J '"workers_total"' \
    'sed -i "s/^  \"workers_total\": [0-9.]*,/  \"workers_total\": Infinity,/" "$D/$J"'
case_ json_overflow $J '"workers_covered"' \
    'sed -i "s/^  \"workers_covered\": [0-9.]*,/  \"workers_covered\": 1e999,/" "$D/$J"'
case_ json_nan $J '"minutes"' \
    'sed -i "s/^  \"minutes\": [0-9.]*,/  \"minutes\": NaN,/" "$D/$J"'
case_ json_huge_count $J '"clusters_total"' \
    'sed -i "s/^  \"clusters_total\": [0-9]*,/  \"clusters_total\": 99999999999999999999,/" "$D/$J"'
case_ json_negative_count $J '"gaps_total"' \
    'sed -i "s/^  \"gaps_total\": [0-9]*,/  \"gaps_total\": -3,/" "$D/$J"'
case_ json_percent $J '"percent_covered"' \
    'sed -i "s/^  \"percent_covered\": [0-9.]*,/  \"percent_covered\": 250,/" "$D/$J"'

C=coverage_curve.csv
case_ curve_inf $C '"workers_covered"' \
    'sed -i "3s/^\([0-9]*\),[0-9.]*,/\1,inf,/" "$D/$C"'
case_ curve_huge_sites $C '"new_sites"' \
    'sed -i "\$s/^[0-9]*,/2147483647,/" "$D/$C"'
case_ curve_overflow $C '"bound"' \
    'awk -F, -v OFS=, "NR == 2 { \$5 = \"1e400\" } 1" "$D/$C" >"$D/c.tmp" && mv "$D/c.tmp" "$D/$C"'
case_ curve_text $C '"percent_covered"' \
    'sed -i "2s/^\([0-9]*\),\([0-9.]*\),[0-9.]*,/\1,\2,ninety,/" "$D/$C"'

G=results.gpkg
case_ gpkg_inf $G '"workers"' \
    'ogrinfo -q "$D/$G" -sql "UPDATE clusters SET workers = 9e999 WHERE fid = 3" >/dev/null'
case_ gpkg_count $G '"clusters"' \
    'ogrinfo -q "$D/$G" -sql "UPDATE gaps SET clusters = -7 WHERE fid = 1" >/dev/null'

[ $fails -eq 0 ] && echo "PASS render_robust" || { echo "FAIL render_robust ($fails)"; exit 1; }
