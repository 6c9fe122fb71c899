#!/usr/bin/env bash
# integration_poa.sh — run the default Porto Alegre scenario and check its
# results against facts computed here, independently of siteplan, from the
# input CSV (data/poa_hexgrid.csv) with awk:
#   - totals (workers, clusters, sites, blank weights) and the blank warning;
#   - coverage.csv: row order, coverage sums, thresholds, nearest sites;
#   - a physical lower bound (nobody walks faster than the crow flies at
#     5 km/h) and a detour sanity bound;
#   - monotonicity in the threshold, nested rings, car >= walk;
#   - determinism (two runs, and -j 1 vs -j 2, byte for byte);
#   - results.gpkg layers, feature counts, valid catchments, gap sums;
#   - no temporary files left behind.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/integration_poa"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }

INI="$SP_ROOT/data/porto_alegre.ini"
CSV="$SP_ROOT/data/poa_hexgrid.csv"
WALK_KMH=5        # [travel] walk_kmh default and the built-in walk speed
SNAP_MAX_M=1000   # [travel] max_snap_m in porto_alegre.ini

fail() { echo "FAIL: $*" >&2; exit 1; }
check() { echo "check: $*"; }

# run NAME ARGS... — siteplan run the default scenario into $T/NAME.
run() {
    local name=$1; shift
    "$SITEPLAN" run "$INI" -o "$T/$name" -q "$@" >"$T/$name.out" 2>"$T/$name.err"
    local rc=$?
    if [ $rc -ne 0 ]; then
        cat "$T/$name.err" >&2
        fail "siteplan run $INI -o $T/$name -q $* exited $rc (expected 0)"
    fi
    for f in summary.json coverage.csv results.gpkg; do
        [ -s "$T/$name/$f" ] || fail "run $name: $f missing or empty"
    done
}

# jnum FILE KEY — a top-level number of a pretty-printed summary.json.
jnum() {
    awk -v k="\"$2\":" '
        $1 == k && /^  "/ { v = $2; sub(/,$/, "", v); print v; found = 1; exit }
        END { if (!found) exit 1 }' "$1" || fail "$1: no top-level key $2"
}

# rings FILE — workers_covered of each ring, one per line.
rings() {
    awk '/^  "rings": \[/ { in_r = 1; next }
         in_r && /^  \]/ { exit }
         in_r && $1 == "\"workers_covered\":" { v = $2; sub(/,$/, "", v); print v }' "$1"
}

# feq A B [TOL] — numeric equality within TOL (default 0).
feq() { awk -v a="$1" -v b="$2" -v t="${3:-0}" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }
fle() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }

# ---------------------------------------------------------------------------
# Facts from the input, computed independently.
[ -r "$CSV" ] || fail "$CSV not readable"
read -r EXP_ROWS EXP_WORKERS EXP_BLANK EXP_SITES < <(awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i
              if (!("jobs" in col) || !("healthcare" in col)) { print "x x x x"; exit } ; next }
    { n++; j = $(col["jobs"]); if (j == "") b++; else w += j
      if ($(col["healthcare"]) + 0 > 0) s++ }
    END { printf "%d %.0f %d %d\n", n, w, b, s }' "$CSV")
echo "input: $EXP_ROWS clusters, $EXP_WORKERS workers, $EXP_BLANK blank weights, $EXP_SITES sites"
[ "$EXP_ROWS" = 1227 ] && [ "$EXP_WORKERS" = 337921 ] && [ "$EXP_BLANK" = 5 ] && [ "$EXP_SITES" = 117 ] ||
    fail "data/poa_hexgrid.csv changed? expected 1227 rows, 337921 workers, 5 blank, 117 sites"

# ---------------------------------------------------------------------------
check "siteplan run $INI (default threads) succeeds"
run base
S="$T/base/summary.json"
COV="$T/base/coverage.csv"

check "summary.json totals match the input CSV"
v=$(jnum "$S" workers_total);  feq "$v" "$EXP_WORKERS" || fail "workers_total = $v, expected $EXP_WORKERS (sum of jobs)"
v=$(jnum "$S" clusters_total); [ "$v" = "$EXP_ROWS" ] || fail "clusters_total = $v, expected $EXP_ROWS (data rows)"
v=$(jnum "$S" sites_total);    [ "$v" = "$EXP_SITES" ] || fail "sites_total = $v, expected $EXP_SITES (rows with healthcare > 0)"
v=$(jnum "$S" clusters_blank_weight); [ "$v" = "$EXP_BLANK" ] || fail "clusters_blank_weight = $v, expected $EXP_BLANK"

check "stderr warns about the blank jobs values"
grep -E '^siteplan: warning: .*poa_hexgrid\.csv.*jobs.*5 blank' "$T/base.err" >/dev/null ||
    { cat "$T/base.err" >&2; fail "no warning naming poa_hexgrid.csv, field jobs and '5 blank' on stderr"; }
if grep -v '^siteplan: warning: ' "$T/base.err" | grep . >/dev/null; then
    cat "$T/base.err" >&2; fail "with -q, stderr has lines other than warnings"
fi

check "coverage.csv header, row count and id order"
[ "$(head -n 1 "$COV")" = "id,name,workers,nearest_site,minutes,covered,snap_m,nearest_site_after,minutes_after,covered_after,demand_points,workers_covered,share_covered,minutes_worst,workers_covered_after,served,unserved" ] ||
    fail "coverage.csv header is '$(head -n 1 "$COV")'"
n=$(($(wc -l <"$COV") - 1))
[ "$n" = "$EXP_ROWS" ] || fail "coverage.csv has $n data rows, expected $EXP_ROWS"
awk -F, 'NR > 1 { print $1 }' "$CSV" >"$T/ids.in"
awk -F, 'NR > 1 { print $1 }' "$COV" >"$T/ids.out"
cmp -s "$T/ids.in" "$T/ids.out" || fail "coverage.csv ids are not the input ids in input order"

check "coverage.csv rows against the input (workers, threshold, nearest site, blanks)"
WC=$(jnum "$S" workers_covered)
CC=$(jnum "$S" clusters_covered)
MIN=$(jnum "$S" minutes)
[ "$MIN" = 30 ] || fail "summary minutes = $MIN, expected 30"
# awk prints its own diagnostics; the last line is "sum_covered n_covered".
res=$(awk -F, -v T="$MIN" '
    FNR == 1 { next }
    FILENAME == ARGV[1] { job[$1] = ($6 == "" ? 0 : $6); if ($7 + 0 > 0) site[$1] = 1; next }
    {
        id = $1; w = $3; near = $4; m = $5; c = $6
        if (w + 0 != job[id] + 0) { printf "row %s: workers %s, input jobs %s\n", id, w, job[id]; bad++ }
        if (c == 1) {
            nc++; sum += w
            if (m == "" || m + 0 > T + 0) { printf "row %s: covered but minutes = \"%s\" (threshold %s)\n", id, m, T; bad++ }
            if (!(near in site)) { printf "row %s: nearest_site \"%s\" is not a healthcare > 0 row\n", id, near; bad++ }
        } else if (c == 0) {
            if (m != "") { printf "row %s: uncovered but minutes = %s\n", id, m; bad++ }
        } else { printf "row %s: covered = \"%s\"\n", id, c; bad++ }
    }
    END { printf "%.0f %d %d\n", sum, nc, bad }' "$CSV" "$COV")
echo "$res" | sed '$d' | head -n 20 >&2
read -r sum nc bad <<<"$(echo "$res" | tail -n 1)"
[ "$bad" = 0 ] || fail "$bad bad rows in coverage.csv (listed above)"
feq "$sum" "$WC" 0.5 || fail "workers_covered = $WC but covered rows of coverage.csv sum to $sum"
[ "$nc" = "$CC" ] || fail "clusters_covered = $CC but coverage.csv has $nc rows with covered=1"
echo "  $nc clusters covered, $sum workers"

check "physical bound: minutes >= straight line / ${WALK_KMH} km/h - 0.05; detour < 3 for >= 90%"
# Straight-line distance on the WGS 84 ellipsoid: for points a few km apart,
# the local meridian (M) and prime-vertical (N) radii at the mean latitude
# give the geodesic to about 1e-6 (plain haversine on a sphere is off by up to
# 0.3% by direction, too coarse for a 0.05-minute tolerance).
res=$(awk -F, -v kmh="$WALK_KMH" '
    function abs(x) { return x < 0 ? -x : x }
    function dist_m(lo1, la1, lo2, la2,   a, e2, pi, phi, s, M, N, dy, dx) {
        a = 6378137; e2 = 0.00669437999014; pi = atan2(0, -1)
        phi = (la1 + la2) / 2 * pi / 180; s = sin(phi)
        M = a * (1 - e2) / ((1 - e2 * s * s) ^ 1.5); N = a / sqrt(1 - e2 * s * s)
        dy = (la2 - la1) * pi / 180 * M; dx = (lo2 - lo1) * pi / 180 * N * cos(phi)
        return sqrt(dx * dx + dy * dy)
    }
    FNR == 1 { next }
    FILENAME == ARGV[1] { lon[$1] = $2; lat[$1] = $3; next }
    $6 == 1 {
        d = dist_m(lon[$1], lat[$1], lon[$4], lat[$4])
        tmin = d / (kmh * 1000 / 60)
        if ($5 + 0 < tmin - 0.05) {
            printf "cluster %s -> site %s: %.3f min over the network but %.0f m straight = %.3f min at %s km/h\n",
                   $1, $4, $5, d, tmin, kmh; bad++
        }
        if (d > 0) { np++; if ($5 / tmin < 3) ok++ }
        if ($5 / (tmin > 0 ? tmin : 1) > worst && d > 0) { worst = $5 / tmin; wid = $1 }
    }
    END { printf "%d %d %d %.2f %s\n", bad, ok, np, worst, wid }' "$CSV" "$COV")
echo "$res" | sed '$d' | head -n 20 >&2
read -r bad ok np worst wid <<<"$(echo "$res" | tail -n 1)"
[ "$bad" = 0 ] || fail "$bad covered clusters are faster than walking in a straight line (listed above)"
[ "$np" -gt 0 ] || fail "no covered cluster at a distance from its site"
awk -v ok="$ok" -v n="$np" 'BEGIN { exit !(ok >= 0.9 * n) }' ||
    fail "only $ok of $np covered clusters (away from their site) have a detour factor below 3"
echo "  $ok of $np have detour < 3 (worst $worst, cluster $wid)"

check "a cluster that is itself a site: minutes <= 2*snap_m / (${WALK_KMH} km/h) + 0.05"
res=$(awk -F, -v kmh="$WALK_KMH" -v maxsnap="$SNAP_MAX_M" '
    FNR == 1 { next }
    FILENAME == ARGV[1] { if ($7 + 0 > 0) site[$1] = 1; next }
    ($1 in site) {
        if ($7 == "" || $7 + 0 > maxsnap) { skipped++; next }   # unreachable site
        n++
        lim = 2 * $7 / (kmh * 1000 / 60) + 0.05
        if ($6 != 1 || $5 == "" || $5 + 0 > lim) {
            printf "site cluster %s: covered=%s minutes=\"%s\" snap_m=%s (limit %.3f)\n", $1, $6, $5, $7, lim; bad++
        }
    }
    END { printf "%d %d %d\n", bad, n, skipped }' "$CSV" "$COV")
echo "$res" | sed '$d' | head -n 20 >&2
read -r bad n skipped <<<"$(echo "$res" | tail -n 1)"
[ "$bad" = 0 ] || fail "$bad site clusters are farther from themselves than their snap legs (listed above)"
[ "$n" -gt 0 ] || fail "no reachable site cluster checked"
echo "  $n site clusters checked ($skipped beyond max_snap_m skipped)"

# ---------------------------------------------------------------------------
check "results.gpkg layers, counts, valid catchments, gap sums"
G="$T/base/results.gpkg"
if command -v ogrinfo >/dev/null 2>&1; then
    # sqlcount SQL — the first field of the first row of an SQLite-dialect query.
    sqlval() {
        ogrinfo -ro -q -dialect sqlite -sql "$1" "$G" 2>"$T/ogr.err" |
            awk -F' = ' '/^  [a-z_]+ \(/ { print $2; exit }'
    }
    layers=$(ogrinfo -ro -q "$G" 2>/dev/null | sed -E 's/^[0-9]+: ([^ ]+).*/\1/')
    for l in clusters sites catchments coverage_area gaps; do
        echo "$layers" | grep -qx "$l" || fail "results.gpkg has no layer $l (layers: $(echo $layers))"
    done
    count() { ogrinfo -ro -so "$G" "$1" 2>/dev/null | awk -F': ' '/^Feature Count:/ { print $2 }'; }
    v=$(count clusters); [ "$v" = "$EXP_ROWS" ] || fail "results.gpkg clusters has $v features, expected $EXP_ROWS"
    v=$(count sites);    [ "$v" = "$EXP_SITES" ] || fail "results.gpkg sites has $v features, expected $EXP_SITES"
    ncat=$(count catchments)
    [ "${ncat:-0}" -gt 0 ] || fail "results.gpkg catchments is empty"
    geom=$(ogrinfo -ro -so "$G" catchments 2>/dev/null | awk -F' = ' '/^Geometry Column/ { print $2 }')
    [ -n "$geom" ] || fail "cannot find the geometry column of catchments"
    nvalid=$(sqlval "SELECT COUNT(*) AS n FROM catchments WHERE ST_IsValid(\"$geom\")")
    ninvalid=$(sqlval "SELECT COUNT(*) AS n FROM catchments WHERE NOT ST_IsValid(\"$geom\")")
    [ "$ninvalid" = 0 ] && [ "$nvalid" = "$ncat" ] ||
        { cat "$T/ogr.err" >&2; fail "catchments: $ninvalid invalid, $nvalid valid of $ncat"; }
    echo "  $ncat catchments, all valid (geometry column $geom)"
    gw=$(sqlval "SELECT COALESCE(SUM(workers), 0) AS w FROM gaps")
    [ -n "$gw" ] || { cat "$T/ogr.err" >&2; fail "cannot sum gaps.workers"; }
    want=$(awk -v a="$(jnum "$S" workers_total)" -v b="$WC" 'BEGIN { printf "%.6f", a - b }')
    feq "$gw" "$want" 0.5 || fail "gaps workers sum to $gw, expected workers_total - workers_covered = $want"
    echo "  gaps hold $gw uncovered workers"
else
    echo "  SKIP: ogrinfo not installed"
fi

check "no temporary files left in the output folder"
left=$(find "$T/base" -name '.*.tmp-*' | head -n 5)
[ -z "$left" ] || fail "temporary files left: $left"

# ---------------------------------------------------------------------------
check "monotonic in the threshold: 15 minutes covers no more than 30"
run m15 --set travel.minutes=15
w15=$(jnum "$T/m15/summary.json" workers_covered)
fle "$w15" "$WC" || fail "workers_covered at 15 min ($w15) > at 30 min ($WC)"
echo "  15 min: $w15, 30 min: $WC"

check "rings 10,20,30 are nested and the last equals the 30-minute run"
run rings --set travel.minutes=10,20,30
r=$(rings "$T/rings/summary.json" | tr '\n' ' ')
set -- $r
[ $# = 3 ] || fail "summary.json has $# rings ($r), expected 3"
fle "$1" "$2" && fle "$2" "$3" || fail "rings not nested: workers $r"
feq "$3" "$WC" || fail "30-minute ring has $3 workers, the 30-minute run $WC"
v=$(jnum "$T/rings/summary.json" workers_covered)
feq "$v" "$WC" || fail "workers_covered with rings = $v, the 30-minute run $WC"
echo "  rings: $r"

check "car covers at least the share walking does (30 minutes)"
run car --set travel.mode=car
pw=$(jnum "$S" percent_covered)
pc=$(jnum "$T/car/summary.json" percent_covered)
fle "$pw" "$pc" || fail "car percent_covered $pc < walk $pw"
echo "  walk $pw%, car $pc%"

# ---------------------------------------------------------------------------
# summary.json up to its file list, and the list but report.pdf, whose footer
# names the folder (README.md, "The result set")
same_summary() {
    cmp <(sed '/^  "files": \[/,$d' "$1") <(sed '/^  "files": \[/,$d' "$2") &&
        cmp <(jq -c '.files[] | select(.name != "report.pdf")' "$1") \
            <(jq -c '.files[] | select(.name != "report.pdf")' "$2")
}
check "deterministic: two runs are byte-identical"
run base2
for f in coverage.csv results.gpkg; do
    cmp "$T/base/$f" "$T/base2/$f" || fail "$f differs between two identical runs"
done
same_summary "$T/base/summary.json" "$T/base2/summary.json" ||
    fail "summary.json differs between two identical runs"

check "deterministic: -j 1 and -j 2 are byte-identical"
run j1 -j 1
run j2 -j 2
for f in coverage.csv results.gpkg; do
    cmp "$T/j1/$f" "$T/j2/$f" || fail "$f differs between -j 1 and -j 2"
    cmp "$T/base/$f" "$T/j2/$f" || fail "$f differs between the default threads and -j 2"
done
same_summary "$T/j1/summary.json" "$T/j2/summary.json" || fail "summary.json differs between -j 1 and -j 2"
same_summary "$T/base/summary.json" "$T/j2/summary.json" ||
    fail "summary.json differs between the default threads and -j 2"

for d in m15 rings car base2 j1 j2; do
    left=$(find "$T/$d" -name '.*.tmp-*' | head -n 5)
    [ -z "$left" ] || fail "temporary files left: $left"
done

echo "PASS integration_poa"
exit 0
