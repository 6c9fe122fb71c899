#!/usr/bin/env bash
# bench-scale.sh — province-scale benchmark (make bench-scale).
#
# For each K, builds K x K stitched tiles of the bundled Porto Alegre data
# (scripts/province-tiles.py; cached in build/scale/K<K>, rebuilt when the
# generator changes), runs the tiled default scenario
# (`siteplan run --timing -q` under /usr/bin/time -v, niced) for each mode,
# and prints one row per run: the stage times (load, searches, polygons,
# analysis, write: the result files without maps), the peak resident memory
# against siteplan's own estimate (analysis/pipeline/membound.h), graph
# nodes, links, clusters and matrix pairs (summary.json; pairs: the sum of
# sites.csv `clusters`, one per site and point cluster within the
# threshold), and in build/scale/bench-scale.tsv also the peak when the
# estimate was made (the loading's, loaded_mb); then the growth exponents
# between successive K:
# ln(time ratio) / ln(graph node ratio).
#
# A run refused by the catchment work bound is printed as refused with its
# message, then run again with the cell it names ([catchment] cell_m), so
# the other numbers exist; the cell column says which cell each row used.
#
# Knobs (environment):
#   K="1 2 4 8 12"   tile counts per side
#   MODES="walk car" the scenarios (build/scale/K<K>/<mode>.ini, 30 minutes)
#   SET="..."        extra scenario keys, whitespace-separated SECTION.KEY=VALUE,
#                    passed as --set to every run, e.g. SET="catchment.per_site=no"
#   JOBS=N           siteplan -j N (default: siteplan's own, every core)
#   SITEPLAN=path    the binary (default build/release/siteplan, built first)
#
# Fails (exit 1) when a run fails for another reason than a refusal, or when
# a measured peak exceeds the estimate.  The rows are also written to
# build/scale/bench-scale.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
K="${K:-1 2 4 8 12}"
MODES="${MODES:-walk car}"
SET="${SET:-}"
JOBS="${JOBS:-}"
if [ -z "${SITEPLAN:-}" ]; then
    make --no-print-directory build/release/siteplan >/dev/null
    SITEPLAN=build/release/siteplan
fi
for tool in python3 osmium jq /usr/bin/time; do
    command -v "$tool" >/dev/null ||
        { echo "bench-scale: $tool not found (scripts/install-deps.sh installs it)" >&2; exit 1; }
done

gen_sum=$(sha256sum scripts/province-tiles.py | cut -d' ' -f1)
sets=()
for s in $SET; do sets+=(--set "$s"); done
jobs=()
[ -n "$JOBS" ] && jobs=(-j "$JOBS")
tsv=build/scale/bench-scale.tsv
mkdir -p build/scale
printf 'k\tmode\tcell_m\tnodes\tlinks\tclusters\tpairs\tload_s\tsearches_s\tpolygons_s\tanalysis_s\twall_s\tpeak_mb\testimate_mb\tstatus\tloaded_mb\twrite_s\n' >"$tsv"

# tiles K: build/scale/K<K>, generated unless already there from this generator
tiles() {
    local d=build/scale/K$1
    if [ "$(cat "$d/.generator" 2>/dev/null)" != "$gen_sum" ]; then
        rm -rf "$d"
        echo "(generating $1 x $1 tiles in $d)" >&2
        nice python3 scripts/province-tiles.py "$1" "$d" >&2
        echo "$gen_sum" >"$d/.generator"
    fi
}

# run K MODE [extra args...]: one run; sets $rc, $err (its stderr file), $dir
run() {
    local k=$1 mode=$2
    shift 2
    dir=build/scale/K$k/out_$mode
    err=build/scale/K$k/$mode.stderr
    rc=0
    nice /usr/bin/time -v -o "build/scale/K$k/$mode.time" \
        env SITEPLAN_MEMORY_REPORT=1 "$SITEPLAN" run "build/scale/K$k/$mode.ini" --timing -q \
        -o "$dir" ${jobs[@]+"${jobs[@]}"} ${sets[@]+"${sets[@]}"} "$@" \
        >"build/scale/K$k/$mode.stdout" 2>"$err" || rc=$?
}

fmt='%3s %-5s %6s %9s %9s %8s %11s %7s %9s %9s %9s %8s %8s %8s %8s  %s\n'
printf "$fmt" K mode cell_m nodes links clusters pairs load_s search_s polygon_s analysis_s write_s wall_s peak_MB est_MB status
bad=0
for k in $K; do
    tiles "$k"
    for mode in $MODES; do
        cell_set=()
        run "$k" "$mode"
        status=ok
        if [ "$rc" -eq 1 ] && grep -q 'catchment polygons would time' "$err"; then
            msg=$(grep -m1 'catchment polygons would time' "$err")
            printf '%3s %-5s refused: %s\n' "$k" "$mode" "$msg"
            printf '%s\t%s\t\t\t\t\t\t\t\t\t\t\t\t\trefused: %s\n' "$k" "$mode" "$msg" >>"$tsv"
            cell=$(sed -n 's/.*raise \[catchment\] cell_m to \([0-9.]*\) m.*/\1/p' <<<"$msg")
            [ -n "$cell" ] || { echo "bench-scale: no cell size in the refusal" >&2; exit 1; }
            cell_set=(--set "catchment.cell_m=$cell")
            run "$k" "$mode" "${cell_set[@]}"
            status="coarser cell (default refused)"
        fi
        if [ "$rc" -ne 0 ]; then
            printf '%3s %-5s failed (exit %s): %s\n' "$k" "$mode" "$rc" "$(grep -v warning "$err" | tail -n 1)"
            printf '%s\t%s\t\t\t\t\t\t\t\t\t\t\t\t\tfailed: %s\n' "$k" "$mode" "$(tail -n 1 "$err")" >>"$tsv"
            bad=1
            continue
        fi
        sum="$dir/summary.json"
        read -r nodes links clusters cell < <(jq -r '[.network.nodes, .network.links,
            .clusters_total, .catchment.cell_m] | @tsv' "$sum")
        pairs=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "clusters") c = i; next }
                         { s += $c } END { print s + 0 }' "$dir/sites.csv")
        tl=$(grep -m1 '^timing: load' "$err")
        load=$(sed -n 's/.*load \([0-9.]*\) s.*/\1/p' <<<"$tl")
        searches=$(sed -n 's/.*searches \([0-9.]*\) s.*/\1/p' <<<"$tl")
        polygons=$(sed -n 's/.*polygons \([0-9.]*\) s.*/\1/p' <<<"$tl")
        analysis=$(sed -n 's/.*analysis \([0-9.]*\) s.*/\1/p' <<<"$tl")
        write=$(sed -n 's/.*write \([0-9.]*\) s.*/\1/p' <<<"$tl")
        tf="build/scale/K$k/$mode.time"
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
                 for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.1f", s }' "$tf")
        peak=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tf")
        est=$(sed -n 's/.*memory estimate: \([0-9]*\) MB.*/\1/p' "$err" | head -n 1)
        # the peak so far when the estimate was made: the loading's
        loaded=$(sed -n 's/.*memory estimate: .* MB resident, \([0-9]*\) MB peak$/\1/p' "$err" | head -n 1)
        if [ -n "$est" ] && [ "$peak" -gt "$est" ]; then
            status="$status; PEAK ABOVE ESTIMATE"
            bad=1
        fi
        printf "$fmt" "$k" "$mode" "$cell" "$nodes" "$links" "$clusters" "$pairs" "$load" \
            "$searches" "$polygons" "$analysis" "${write:--}" "$wall" "$peak" "${est:--}" "$status"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$k" "$mode" \
            "$cell" "$nodes" "$links" "$clusters" "$pairs" "$load" "$searches" "$polygons" \
            "$analysis" "$wall" "$peak" "${est:-}" "$status" "${loaded:-}" "${write:-}" >>"$tsv"
    done
done

echo
echo "Growth exponents between successive K (ln time ratio / ln graph-node ratio; 1 = linear;"
echo "* = the two rows used different catchment cells):"
awk -F'\t' '
    NR == 1 || $4 == "" { next }
    {
        m = $2
        if (m in nodes) {
            r = log($4 / nodes[m])
            printf "  %-5s K %2s -> %2s: load %5s  searches %5s  polygons %5s%s  analysis %5s  wall %5s  peak memory %5s\n",
                m, k[m], $1, ex($8, load[m], r), ex($9, srch[m], r), ex($10, poly[m], r),
                $3 == cell[m] ? " " : "*", ex($11, ana[m], r), ex($12, wall[m], r), ex($13, peak[m], r)
        }
        nodes[m] = $4; k[m] = $1; cell[m] = $3; load[m] = $8; srch[m] = $9; poly[m] = $10
        ana[m] = $11; wall[m] = $12; peak[m] = $13
    }
    function ex(a, b, r) { return (a > 0 && b > 0 && r != 0) ? sprintf("%.2f", log(a / b) / r) : "-" }
' "$tsv"
echo
echo "(times: siteplan --timing, searches and polygons summed over threads; wall and peak"
echo " resident memory: /usr/bin/time -v; runs niced, on a shared machine: noisy)"
if [ "$bad" -ne 0 ]; then
    echo "bench-scale: a run failed or its peak memory exceeded the estimate (see above)" >&2
    exit 1
fi
