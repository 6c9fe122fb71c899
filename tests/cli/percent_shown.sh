#!/usr/bin/env bash
# percent_shown.sh — a percentage strictly between 0 and 100 is never shown
# as 100 (README "Percentages"): Porto Alegre by car in 10 minutes leaves
# 129 workers uncovered (99.96 %), which stdout, summary.json, the map
# subtitle and the report must not round to 100.
# Env: SITEPLAN, SP_ROOT, SP_TMP.
set -u
: "${SITEPLAN:?}" "${SP_ROOT:?}" "${SP_TMP:?}"
T="$SP_TMP/percent_shown"
rm -rf "$T"; mkdir -p "$T" || exit 1
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

"$SITEPLAN" run "$SP_ROOT/data/porto_alegre.ini" --set travel.mode=car --set travel.minutes=10 \
    -o "$T/car10" -q >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
tot=$(sed -n 's/^  "workers_total": \([0-9]*\),$/\1/p' "$T/car10/summary.json")
cov=$(sed -n 's/^  "workers_covered": \([0-9]*\),$/\1/p' "$T/car10/summary.json")
pct=$(sed -n 's/^  "percent_covered": \([0-9.]*\),$/\1/p' "$T/car10/summary.json")
[ -n "$tot" ] && [ "$cov" -lt "$tot" ] || fail "the case needs uncovered workers ($cov of $tot)"
awk -v p="$pct" 'BEGIN { exit !(p < 100) }' || fail "summary.json percent_covered $pct with $((tot - cov)) workers uncovered"
grep -q "covered (99\.9%)$" "$T/out" || fail "stdout: $(grep '^Workers' "$T/out")"
for f in map.pdf report.pdf; do
    pdftotext "$T/car10/$f" "$T/$f.txt" || fail "pdftotext $f"
    grep -q "100\.0%" "$T/$f.txt" && fail "$f shows 100.0%: $(grep -m1 '100\.0%' "$T/$f.txt")"
done
grep -q "workers covered (99\.9%)" "$T/map.pdf.txt" || fail "map subtitle: $(sed -n 2p "$T/map.pdf.txt")"
[ $fails -eq 0 ] && echo "PASS percent_shown ($cov of $tot workers: $pct %, shown 99.9 %)" ||
    { echo "FAIL percent_shown ($fails)"; exit 1; }
