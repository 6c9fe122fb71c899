#!/usr/bin/env bash
# minutes_shown.sh — the threshold test can be read from coverage.csv
# (README "Travel times"): minutes are rounded up to 1/10000 minute, so for
# every ring T the workers of the clusters whose minutes are <= T equal the
# ring's workers_covered in summary.json (Porto Alegre on foot, rings 5, 7.5,
# 10, 12.5 and 15 minutes), and the covered flag is minutes <= the threshold.
# Env: SITEPLAN, SP_ROOT, SP_TMP.
set -u
: "${SITEPLAN:?}" "${SP_ROOT:?}" "${SP_TMP:?}"
T="$SP_TMP/minutes_shown"
rm -rf "$T"; mkdir -p "$T" || exit 1
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

"$SITEPLAN" run "$SP_ROOT/data/porto_alegre.ini" --set travel.minutes=5,7.5,10,12.5,15 \
    --set render.enabled=no -o "$T/run" -q >/dev/null 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
C="$T/run/coverage.csv"
head -n 1 "$C" | tr ',' '\n' | grep -qx minutes || fail "coverage.csv has no minutes column"
col() { head -n 1 "$C" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }
cm=$(col minutes); cc=$(col covered); cw=$(col workers)
bad=$(awk -F, -v m="$cm" 'NR > 1 && $m != "" && $m !~ /^[0-9]+\.[0-9][0-9][0-9][0-9]$/' "$C" | wc -l)
[ "$bad" = 0 ] || fail "$bad minutes not printed with 4 decimals"
bad=$(awk -F, -v m="$cm" -v c="$cc" 'NR > 1 && (($m != "" && $m + 0 <= 15) != ($c == 1))' "$C" | wc -l)
[ "$bad" = 0 ] || fail "$bad clusters whose covered flag is not minutes <= 15"
# the rings of summary.json, in order: minutes and workers_covered
awk '/"rings": \[/ { r = 1 } r && /"minutes":/ { gsub(/[^0-9.]/, "", $2); m = $2 }
     r && /"workers_covered":/ { gsub(/[^0-9.]/, "", $2); print m, $2 } r && /^  \]/ { exit }' \
    "$T/run/summary.json" >"$T/rings"
[ "$(wc -l <"$T/rings")" = 5 ] || fail "summary.json: $(wc -l <"$T/rings") rings, expected 5"
while read -r ring want; do
    got=$(awk -F, -v m="$cm" -v w="$cw" -v t="$ring" 'NR > 1 && $m != "" && $m + 0 <= t + 0 { s += $w }
        END { printf "%.0f", s }' "$C")
    [ "$got" = "$want" ] && echo "ok   ring $ring min: $got workers with minutes <= $ring" ||
        fail "ring $ring: workers with minutes <= $ring in coverage.csv $got, summary.json $want"
done <"$T/rings"
[ $fails -eq 0 ] && echo "PASS minutes_shown" || { echo "FAIL minutes_shown ($fails)"; exit 1; }
