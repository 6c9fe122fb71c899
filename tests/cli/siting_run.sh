#!/usr/bin/env bash
# siting_run.sh — recommended new sites ([siting]) on the bundled Porto Alegre
# data, checked against facts computed here (awk over data/poa_hexgrid.csv)
# and against the core coverage pipeline (plain runs without [siting] whose
# `sites` are the recommended sites):
#   1. greenfield mclp, budget 5: recommendations.csv (ranks, running sums,
#      percentages, ids, runner-ups), coverage_curve.csv, summary.json siting,
#      the `recommendations` layer of results.gpkg;
#   2. cross-check: a plain run with the 5 (and the first 1 and 3) recommended
#      sites covers exactly the workers (and clusters) the siting claims;
#   3. with the 117 existing stations: coverage before = the plain run's,
#      existing sites never recommended, 117 candidates dropped as sites;
#   4. candidates = auto;
#   5. model = target (60 %, no cap): reached, and one site fewer cannot; with
#      a cap that bites: target_met = false and the run says so, and the
#      best coverage within the cap is what mclp proves; beyond reach;
#      mclp with a budget larger than what adds workers stops at the last
#      site that adds some (fill_budget = yes keeps them all);
#   6. pmedian and pcenter on a subset (greenfield), objectives against a
#      plain run; "covered" (summary.json, recommendations.csv, the curve,
#      stdout, the map subtitle, the report) counts the workers within the
#      threshold of the chosen sites;
#      pmedian on every hexagon (budget 5): the Lagrangian bound within 5 %;
#   7. required / excluded ids;
#   8. determinism (two runs and -j 1, byte for byte).
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/siting_run"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }

GF_INI="$SP_ROOT/data/porto_alegre_greenfield.ini"
POA_INI="$SP_ROOT/data/porto_alegre.ini"
CSV="$SP_ROOT/data/poa_hexgrid.csv"
NET="$SP_ROOT/data/poa_osm.pbf"
GF_MIN=15          # [travel] minutes of porto_alegre_greenfield.ini
MAX_SNAP_M=1000    # [travel] max_snap_m default
SUB_ROWS=200       # hexagon subset for pcenter
PMED_ROWS=200      # hexagon subset for pmedian (the Lagrangian bound proves it)
for f in "$GF_INI" "$POA_INI" "$CSV" "$NET"; do
    [ -r "$f" ] || { echo "FAIL: fixture $f missing" >&2; exit 1; }
done

failures=()
note_fail() { echo "FAIL [$1]: $2" >&2; failures+=("[$1] $2"); }
check() { echo "check: $*"; }

# run CASE NAME INI ARGS... — siteplan run INI -o $T/NAME -q ARGS; 0 when it
# succeeded and wrote summary.json, coverage.csv and results.gpkg.
run() {
    local c=$1 name=$2 ini=$3; shift 3
    "$SITEPLAN" run "$ini" -o "$T/$name" -q "$@" >"$T/$name.out" 2>"$T/$name.err"
    local rc=$?
    if [ $rc -ne 0 ]; then
        sed 's/^/    /' "$T/$name.err" >&2
        note_fail "$c" "siteplan run $ini -o $T/$name -q $* exited $rc (expected 0)"
        return 1
    fi
    local f
    for f in summary.json coverage.csv results.gpkg; do
        [ -s "$T/$name/$f" ] || { note_fail "$c" "run $name: $f missing or empty"; return 1; }
    done
    return 0
}
# srun CASE NAME INI ARGS... — run, and also require the siting outputs.
srun() {
    local c=$1 name=$2
    run "$@" || return 1
    local f
    for f in recommendations.csv coverage_curve.csv; do
        [ -s "$T/$name/$f" ] || { note_fail "$c" "run $name: $f missing or empty"; return 1; }
    done
    grep -q '^  "siting": {' "$T/$name/summary.json" ||
        { note_fail "$c" "run $name: summary.json has no siting object"; return 1; }
    return 0
}

# jtop FILE KEY — a top-level scalar of a pretty-printed summary.json.
jtop() {
    awk -v k="\"$2\":" '$1 == k && /^  "/ { v = $2; sub(/,$/, "", v); gsub(/"/, "", v); print v; exit }' "$1"
}
# jsit FILE KEY — a scalar of the "siting" object (strings without quotes;
# the rest of the line, so "a b" strings come whole).
jsit() {
    awk -v k="\"$2\":" '
        /^  "siting": \{/ { in_s = 1; next }
        in_s && /^  }/ { exit }
        in_s && $1 == k { v = $0; sub(/^ *"[^"]*": */, "", v); sub(/,$/, "", v); gsub(/^"|"$/, "", v); print v; exit }' "$1"
}
# feq A B [TOL] — numeric equality within TOL (default 0).
feq() { awk -v a="$1" -v b="$2" -v t="${3:-0}" 'BEGIN { if (a == "" || b == "") exit 1; d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }
fle() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a + 0 <= b + 0) }'; }

# col FILE NAME — the 1-based index of a header column of a CSV.
col() { head -n 1 "$1" | tr ',' '\n' | awk -v n="$2" '$0 == n { print NR; exit }'; }
# ids_of DIR — the chosen site ids of a siting run, in rank order.
ids_of() { awk -F, 'NR > 1 { print $2 }' "$1/recommendations.csv"; }

# sites_csv DIR K OUT — the first K recommended sites as id,lon,lat.
sites_csv() {
    awk -F, -v k="$2" 'NR == 1 { print "id,lon,lat"; next } NR - 1 <= k { print $2 "," $4 "," $5 }' \
        "$1/recommendations.csv" >"$3"
}
# plain_ini NAME CLUSTERS MINUTES SITES [EXTRA] — a scenario without [siting]
# over the bundled network, walking, with SITES (id,lon,lat) as the stations.
plain_ini() {
    cat >"$T/$1.ini" <<EOF
[scenario]
name = cross-check $1
[inputs]
network = $NET
clusters = $2
clusters.x = lon
clusters.y = lat
clusters.id = id
clusters.weight = jobs
sites = $4
sites.x = lon
sites.y = lat
sites.id = id
[travel]
mode = walk
minutes = $3
${5:-}
EOF
}
# covered_ids FILE — ids of coverage.csv rows with covered = 1, sorted.
covered_ids() { awk -F, 'NR > 1 && $6 == 1 { print $1 }' "$1" | sort; }

# ---------------------------------------------------------------------------
# Facts from the input, computed independently.
read -r W_TOTAL N_ROWS N_HC < <(awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { n++; w += $(c["jobs"]); if ($(c["healthcare"]) + 0 > 0) h++ }
    END { printf "%.0f %d %d\n", w, n, h }' "$CSV")
echo "input: $N_ROWS hexagons, $W_TOTAL workers, $N_HC with healthcare > 0"
[ "$N_ROWS" = 1227 ] && [ "$W_TOTAL" = 337921 ] && [ "$N_HC" = 117 ] ||
    { echo "FAIL: data/poa_hexgrid.csv changed? expected 1227 rows, 337921 workers, 117 sites" >&2; exit 1; }
awk -F, 'NR > 1 { print $1 }' "$CSV" | sort >"$T/hex_ids"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $(c["healthcare"]) + 0 > 0 { print $1 }' \
    "$CSV" | sort >"$T/hc_ids"

# ===========================================================================
# 1. Greenfield, budget 5.
C=greenfield
check "$C: $GF_INI --set siting.budget=5 succeeds with the siting outputs"
if srun $C gf "$GF_INI" --set siting.budget=5; then
    GF="$T/gf"; S="$GF/summary.json"; R="$GF/recommendations.csv"; CV="$GF/coverage_curve.csv"

    check "$C: recommendations.csv header"
    want="rank,site_id,name,lon,lat,x,y,workers_added,workers_cumulative,percent_cumulative,clusters_added,objective,runner_up_id,runner_up_workers_added,cluster_workers"
    [ "$(head -n 1 "$R")" = "$want" ] || note_fail $C "recommendations.csv header is '$(head -n 1 "$R")'"

    check "$C: ranks 1..5 in order; cumulative = running sum of added; percent = cumulative / $W_TOTAL * 100"
    res=$(awk -F, -v W="$W_TOTAL" '
        NR == 1 { next }
        { n++
          if ($1 != n) { printf "line %d: rank %s, expected %d\n", NR, $1, n; bad++ }
          run += $8
          if ($9 + 0 != run) { printf "rank %s: workers_cumulative %s, running sum of workers_added %d\n", $1, $9, run; bad++ }
          p = $9 / W * 100; d = $10 - p; if (d < 0) d = -d
          if (d > 0.005001) { printf "rank %s: percent_cumulative %s, %d / %d * 100 = %.4f\n", $1, $10, $9, W, p; bad++ }
          if ($8 < 0) { printf "rank %s: workers_added %s < 0\n", $1, $8; bad++ }
          if ($12 + 0 != $9 + 0) { printf "rank %s: objective %s != workers_cumulative %s (mclp)\n", $1, $12, $9; bad++ }
          last = $9 }
        END { printf "%d %d %s\n", bad, n, last }' "$R")
    echo "$res" | sed '$d' | head -n 20 >&2
    read -r bad n last <<<"$(echo "$res" | tail -n 1)"
    [ "$bad" = 0 ] || note_fail $C "$bad bad rows in recommendations.csv (listed above)"
    [ "$n" = 5 ] || note_fail $C "recommendations.csv has $n rows, expected 5"

    check "$C: the last cumulative = siting.workers_covered = siting.objective; optimal, bound = objective, gap 0"
    wc=$(jsit "$S" workers_covered); obj=$(jsit "$S" objective)
    [ "$last" = "$wc" ] || note_fail $C "last workers_cumulative $last != siting.workers_covered $wc"
    feq "$obj" "$wc" || note_fail $C "siting.objective $obj != siting.workers_covered $wc"
    [ "$(jsit "$S" optimal)" = true ] || note_fail $C "siting.optimal = $(jsit "$S" optimal), expected true"
    feq "$(jsit "$S" bound)" "$obj" || note_fail $C "siting.bound $(jsit "$S" bound) != objective $obj"
    feq "$(jsit "$S" gap)" 0 || note_fail $C "siting.gap $(jsit "$S" gap), expected 0"
    [ "$(jsit "$S" model)" = mclp ] || note_fail $C "siting.model = $(jsit "$S" model), expected mclp"
    [ "$(jsit "$S" budget)" = 5 ] && [ "$(jsit "$S" new_sites)" = 5 ] ||
        note_fail $C "siting.budget/new_sites = $(jsit "$S" budget)/$(jsit "$S" new_sites), expected 5/5"
    [ "$(jsit "$S" candidates)" = "$N_ROWS" ] || note_fail $C "siting.candidates = $(jsit "$S" candidates), expected $N_ROWS"
    [ "$(jsit "$S" workers_covered_before)" = 0 ] || note_fail $C "greenfield workers_covered_before = $(jsit "$S" workers_covered_before)"
    feq "$(jtop "$S" workers_total)" "$W_TOTAL" ||
        note_fail $C "summary workers_total $(jtop "$S" workers_total), expected $W_TOTAL"
    p=$(awk -v a="$wc" -v w="$W_TOTAL" 'BEGIN { printf "%.2f", a / w * 100 }')
    [ "$(jsit "$S" percent_covered)" = "$p" ] || note_fail $C "siting.percent_covered $(jsit "$S" percent_covered), expected $p"
    echo "  objective $obj, bound $(jsit "$S" bound), method $(jsit "$S" method)"

    check "$C: coverage_curve.csv: rows 0..5, non-decreasing, all optimal, row 5 = objective, row k >= rank k cumulative"
    [ "$(head -n 1 "$CV")" = "new_sites,workers_covered,percent_covered,objective,bound,optimal" ] ||
        note_fail $C "coverage_curve.csv header is '$(head -n 1 "$CV")'"
    res=$(awk -F, -v W="$W_TOTAL" -v obj="$obj" '
        FNR == 1 { next }
        FILENAME == ARGV[1] { cum[$1] = $9; next }
        { k = FNR - 2
          if ($1 != k) { printf "curve line %d: new_sites %s, expected %d\n", FNR, $1, k; bad++ }
          if (FNR > 2 && $2 + 0 < prev) { printf "curve: %s new sites cover %s < %s with one fewer\n", $1, $2, prev; bad++ }
          if ($6 != 1) { printf "curve: %s new sites optimal = %s\n", $1, $6; bad++ }
          if ($4 != "" && $4 + 0 != $2 + 0) { printf "curve: %s new sites objective %s != workers %s\n", $1, $4, $2; bad++ }
          if ($5 + 0 != $4 + 0) { printf "curve: %s new sites bound %s != objective %s, yet optimal\n", $1, $5, $4; bad++ }
          p = $2 / W * 100; d = $3 - p; if (d < 0) d = -d
          if (d > 0.005001) { printf "curve: %s new sites percent %s, expected %.4f\n", $1, $3, p; bad++ }
          if (k in cum && $2 + 0 < cum[k] + 0) { printf "curve: %d new sites cover %s < rank %d cumulative %s\n", k, $2, k, cum[k]; bad++ }
          prev = $2 + 0; n++; last = $2 }
        END { printf "%d %d %s\n", bad, n, last }' "$R" "$CV")
    echo "$res" | sed '$d' | head -n 20 >&2
    read -r bad n lastc <<<"$(echo "$res" | tail -n 1)"
    [ "$bad" = 0 ] || note_fail $C "$bad bad rows in coverage_curve.csv (listed above)"
    [ "$n" = 6 ] || note_fail $C "coverage_curve.csv has $n rows, expected 6 (0..5 new sites)"
    feq "$lastc" "$obj" || note_fail $C "coverage_curve.csv row 5 covers $lastc, objective $obj"
    [ "$(awk -F, 'NR == 2 { print $2 }' "$CV")" = 0 ] || note_fail $C "greenfield curve row 0 is not 0 workers"

    check "$C: chosen ids are distinct hexagon ids at their hexagon's lon/lat; runner-ups are unchosen hexagons"
    ids_of "$GF" | sort >"$T/gf_ids"
    [ "$(sort -u "$T/gf_ids" | wc -l)" = 5 ] || note_fail $C "chosen ids are not 5 distinct ids: $(tr '\n' ' ' <"$T/gf_ids")"
    x=$(comm -23 "$T/gf_ids" "$T/hex_ids")
    [ -z "$x" ] || note_fail $C "chosen ids not in $CSV: $x"
    res=$(awk -F, '
        FNR == 1 { next }
        FILENAME == ARGV[1] { lon[$1] = $2; lat[$1] = $3; next }
        { d1 = $4 - lon[$2]; d2 = $5 - lat[$2]; if (d1 < 0) d1 = -d1; if (d2 < 0) d2 = -d2
          if (!($2 in lon) || d1 > 6e-7 || d2 > 6e-7) { printf "rank %s: %s at %s,%s; the hexagon is at %s,%s\n", $1, $2, $4, $5, lon[$2], lat[$2]; bad++ }
          if ($13 == "") { printf "rank %s: no runner-up among 1227 candidates\n", $1; bad++ }
          else if (!($13 in lon)) { printf "rank %s: runner-up %s is not a hexagon id\n", $1, $13; bad++ }
          ru[$1] = $13; ch[$2] = 1 }
        END { for (r in ru) if (ru[r] in ch) { printf "rank %s: runner-up %s is a chosen site\n", r, ru[r]; bad++ }
              printf "%d\n", bad }' "$CSV" "$R")
    echo "$res" | sed '$d' | head -n 20 >&2
    [ "$(echo "$res" | tail -n 1)" = 0 ] || note_fail $C "bad ids, positions or runner-ups (listed above)"

    check "$C: results.gpkg has a recommendations layer with 5 features matching the CSV"
    if command -v ogrinfo >/dev/null 2>&1; then
        G="$GF/results.gpkg"
        nf=$(ogrinfo -ro -so "$G" recommendations 2>/dev/null | awk -F': ' '/^Feature Count:/ { print $2 }')
        [ "$nf" = 5 ] || note_fail $C "results.gpkg recommendations has '${nf}' features, expected 5"
        ogrinfo -ro -q -sql "SELECT rank, site_id, workers_added, workers_cumulative, cluster_ids FROM recommendations ORDER BY rank" \
            "$G" 2>/dev/null | awk '
                $1 == "rank" { r = $NF } $1 == "site_id" { s = $NF } $1 == "workers_added" { a = $NF }
                $1 == "workers_cumulative" { c = $NF }
                $1 == "cluster_ids" { print r "," s "," a "," c; n = split($NF, x, ";"); for (i = 1; i <= n; i++) print x[i] >"/dev/stderr" }' \
            >"$T/gf_gpkg_rows" 2>"$T/gf_gpkg_clusters"
        awk -F, 'NR > 1 { print $1 "," $2 "," $8 "," $9 }' "$R" >"$T/gf_csv_rows"
        cmp -s "$T/gf_gpkg_rows" "$T/gf_csv_rows" ||
            { diff "$T/gf_csv_rows" "$T/gf_gpkg_rows" | head -n 10 >&2
              note_fail $C "recommendations layer (rank, site_id, workers_added, workers_cumulative) differs from the CSV"; }
        n_gc=$(sort "$T/gf_gpkg_clusters" | uniq | wc -l)
        sum_ca=$(awk -F, 'NR > 1 { s += $11 } END { print s + 0 }' "$R")
        [ "$n_gc" = "$sum_ca" ] && [ "$(wc -l <"$T/gf_gpkg_clusters")" = "$sum_ca" ] ||
            note_fail $C "cluster_ids of the layer: $(wc -l <"$T/gf_gpkg_clusters") listed, $n_gc distinct, sum of clusters_added $sum_ca"
    else
        echo "  SKIP: ogrinfo not installed"
    fi
    left=$(find "$GF" -name '.*.tmp-*' | head -n 5)
    [ -z "$left" ] || note_fail $C "temporary files left: $left"

    # =======================================================================
    # 2. Cross-check against plain coverage runs with the recommended sites.
    C=crosscheck
    for k in 5 1 3; do
        check "$C: a plain run (no [siting]) with the first $k recommended sites covers rank $k's cumulative"
        sites_csv "$GF" $k "$T/gf_sites$k.csv"
        plain_ini gf_plain$k "$CSV" $GF_MIN "$T/gf_sites$k.csv"
        run $C gf_plain$k "$T/gf_plain$k.ini" || continue
        P="$T/gf_plain$k"
        pw=$(jtop "$P/summary.json" workers_covered)
        want=$(awk -F, -v k=$k 'NR == k + 1 { print $9 }' "$R")
        [ "$pw" = "$want" ] || note_fail $C "plain run with $k sites covers $pw workers; recommendations.csv rank $k cumulative $want"
        [ "$(jtop "$P/summary.json" sites_total)" = $k ] ||
            note_fail $C "plain run with $k sites: sites_total = $(jtop "$P/summary.json" sites_total)"
        want_c=$(awk -F, -v k=$k 'NR > 1 && NR <= k + 1 { s += $11 } END { print s + 0 }' "$R")
        pc=$(jtop "$P/summary.json" clusters_covered)
        [ "$pc" = "$want_c" ] || note_fail $C "plain run with $k sites covers $pc clusters; sum of clusters_added to rank $k is $want_c"
        echo "  $k sites: plain run $pw workers, $pc clusters; siting $want workers, $want_c clusters"
        if [ $k = 5 ]; then
            [ "$pw" = "$wc" ] || note_fail $C "plain run with the 5 sites covers $pw, siting.workers_covered $wc"
            if [ -s "$T/gf_gpkg_clusters" ]; then
                covered_ids "$P/coverage.csv" >"$T/gf_plain_cov"
                sort "$T/gf_gpkg_clusters" >"$T/gf_gpkg_cov"
                cmp -s "$T/gf_plain_cov" "$T/gf_gpkg_cov" ||
                    note_fail $C "the clusters the plain run covers differ from the union of the layer's cluster_ids ($(comm -3 "$T/gf_plain_cov" "$T/gf_gpkg_cov" | wc -l) differ)"
            fi
        fi
    done
fi

# ===========================================================================
# 3. With the existing stations (117 hexagons with healthcare > 0).
C=existing
check "$C: porto_alegre.ini, 10 min, budget 3, every hexagon a candidate"
if srun $C ex "$POA_INI" --set travel.minutes=10 --set siting.budget=3 --set "siting.candidates=$CSV" \
    --set siting.candidates.x=lon --set siting.candidates.y=lat --set siting.candidates.id=id &&
    run $C ex_plain "$POA_INI" --set travel.minutes=10; then
    S="$T/ex/summary.json"
    before=$(jsit "$S" workers_covered_before)
    pw=$(jtop "$T/ex_plain/summary.json" workers_covered)
    [ "$before" = "$pw" ] || note_fail $C "siting.workers_covered_before $before, the plain 10-minute run covers $pw"
    [ "$(jtop "$S" workers_covered)" = "$pw" ] || note_fail $C "summary workers_covered (existing sites) $(jtop "$S" workers_covered), plain run $pw"
    [ "$(awk -F, 'NR == 2 { print $2 }' "$T/ex/coverage_curve.csv")" = "$pw" ] ||
        note_fail $C "coverage_curve.csv row 0 is not the existing coverage $pw"
    v=$(jsit "$S" candidates_already_sites)
    [ "$v" = "$N_HC" ] || note_fail $C "siting.candidates_already_sites = $v, expected $N_HC"
    v=$(jsit "$S" candidates)
    [ "$v" = $((N_ROWS - N_HC)) ] || note_fail $C "siting.candidates = $v, expected $((N_ROWS - N_HC))"
    n=$(($(wc -l <"$T/ex/recommendations.csv") - 1))
    [ "$n" = 3 ] || note_fail $C "recommendations.csv has $n rows, expected 3"
    ids_of "$T/ex" | sort >"$T/ex_ids"
    x=$(comm -12 "$T/ex_ids" "$T/hc_ids")
    [ -z "$x" ] || note_fail $C "existing sites recommended again: $x"
    x=$(comm -23 "$T/ex_ids" "$T/hex_ids")
    [ -z "$x" ] || note_fail $C "recommended ids not in $CSV: $x"
    first=$(awk -F, 'NR == 2 { print $9 - $8 }' "$T/ex/recommendations.csv")
    [ "$first" = "$before" ] || note_fail $C "rank 1 cumulative - added = $first, expected the coverage before, $before"
    echo "  before $before (plain run $pw), after $(jsit "$S" workers_covered)"

    check "$C: a plain run with the 3 new sites as facilities covers siting.workers_covered"
    sites_csv "$T/ex" 3 "$T/ex_new.csv"
    if run $C ex_plain_new "$POA_INI" --set travel.minutes=10 --set "inputs.facilities=$T/ex_new.csv" \
        --set inputs.facilities.x=lon --set inputs.facilities.y=lat --set inputs.facilities.id=id; then
        v=$(jtop "$T/ex_plain_new/summary.json" workers_covered)
        [ "$v" = "$(jsit "$S" workers_covered)" ] ||
            note_fail $C "existing + 3 new sites cover $v in a plain run; siting.workers_covered $(jsit "$S" workers_covered)"
    fi
fi

# ===========================================================================
# 4. candidates = auto.
C=auto
check "$C: greenfield, candidates = auto, budget 3: node ids inside the hexagons' extent"
if srun $C auto "$GF_INI" --set siting.budget=3 --set siting.candidates=auto; then
    R="$T/auto/recommendations.csv"
    n=$(($(wc -l <"$R") - 1))
    [ "$n" = 3 ] || note_fail $C "recommendations.csv has $n rows, expected 3"
    # The hexagons' extent: their centres' bounding box widened by 0.003 deg
    # (~300 m; an H3 resolution-9 hexagon reaches ~175 m from its centre).
    res=$(awk -F, '
        FNR == 1 { next }
        FILENAME == ARGV[1] { if (n0++ == 0) { x0 = x1 = $2; y0 = y1 = $3 }
                              if ($2 < x0) x0 = $2; if ($2 > x1) x1 = $2
                              if ($3 < y0) y0 = $3; if ($3 > y1) y1 = $3; next }
        { m = 0.003
          if ($2 !~ /^node-[0-9]+$/) { printf "rank %s: id %s does not look like node-N\n", $1, $2; bad++ }
          if ($2 in seen) { printf "rank %s: id %s twice\n", $1, $2; bad++ }; seen[$2] = 1
          if ($4 == "" || $4 < x0 - m || $4 > x1 + m || $5 < y0 - m || $5 > y1 + m) {
              printf "rank %s: %s at %s,%s, outside %.4f..%.4f, %.4f..%.4f\n", $1, $2, $4, $5, x0 - m, x1 + m, y0 - m, y1 + m; bad++ }
          if ($13 != "" && $13 !~ /^node-[0-9]+$/) { printf "rank %s: runner-up %s\n", $1, $13; bad++ } }
        END { printf "%d\n", bad }' "$CSV" "$R")
    echo "$res" | sed '$d' | head -n 20 >&2
    [ "$(echo "$res" | tail -n 1)" = 0 ] || note_fail $C "bad auto candidates (listed above)"
    src=$(jsit "$T/auto/summary.json" candidates_source)
    case "$src" in auto*) ;; *) note_fail $C "siting.candidates_source = '$src', expected auto..." ;; esac
    v=$(jsit "$T/auto/summary.json" candidates)
    [ "${v:-0}" -ge 3 ] 2>/dev/null || note_fail $C "siting.candidates = '$v'"
    [ "$(jsit "$T/auto/summary.json" optimal)" = true ] || note_fail $C "auto: not proven optimal"
    echo "  $(ids_of "$T/auto" | tr '\n' ' ') of $v candidates, objective $(jsit "$T/auto/summary.json" objective)"
    # Cross-check: stations at the chosen nodes' lon/lat (6 decimals, < 0.2 m
    # off the node; edge-snapped where the candidate was the node itself).
    sites_csv "$T/auto" 3 "$T/auto_sites.csv"
    plain_ini auto_plain "$CSV" $GF_MIN "$T/auto_sites.csv"
    if run $C auto_plain "$T/auto_plain.ini"; then
        v=$(jtop "$T/auto_plain/summary.json" workers_covered)
        [ "$v" = "$(jsit "$T/auto/summary.json" workers_covered)" ] ||
            note_fail $C "plain run with stations at the 3 nodes covers $v, siting.workers_covered $(jsit "$T/auto/summary.json" workers_covered)"
    fi
fi

# ===========================================================================
# 5. model = target.
C=target
check "$C: greenfield, 10 min, target 60 %, budget 0 (no cap): reached with the fewest sites"
if srun $C tg "$GF_INI" --set travel.minutes=10 --set siting.model=target --set siting.target_percent=60 \
    --set siting.budget=0; then
    S="$T/tg/summary.json"; R="$T/tg/recommendations.csv"; CV="$T/tg/coverage_curve.csv"
    want=$(awk -v w="$W_TOTAL" 'BEGIN { printf "%.6f", 0.60 * w }')
    n=$(($(wc -l <"$R") - 1))
    lastp=$(awk -F, 'END { print $10 }' "$R"); lastw=$(awk -F, 'END { print $9 }' "$R")
    fle 60 "$lastp" || note_fail $C "final percent_cumulative $lastp < 60"
    fle "$want" "$lastw" || note_fail $C "final workers_cumulative $lastw < 60 % of $W_TOTAL = $want"
    [ "$(jsit "$S" model)" = target ] || note_fail $C "siting.model = $(jsit "$S" model)"
    [ "$(jsit "$S" target_met)" = true ] || note_fail $C "siting.target_met = $(jsit "$S" target_met)"
    feq "$(jsit "$S" objective)" "$n" || note_fail $C "siting.objective $(jsit "$S" objective), but $n sites recommended"
    [ "$(jsit "$S" new_sites)" = "$n" ] || note_fail $C "siting.new_sites $(jsit "$S" new_sites), $n rows"
    [ "$(jsit "$S" objective_units)" = "new sites" ] || note_fail $C "objective_units '$(jsit "$S" objective_units)'"
    [ "$(jsit "$S" workers_covered)" = "$lastw" ] || note_fail $C "siting.workers_covered $(jsit "$S" workers_covered), last cumulative $lastw"
    # The curve for target (siting.h/solve_cover): rows k = 0 .. n, row k the
    # best coverage found with k sites (bound = proven upper bound); minimality
    # of n: row n-1 is below the target and, if the answer is claimed optimal,
    # proven so (optimal row below target, or a bound below target).
    nc=$(($(wc -l <"$CV") - 1))
    [ "$nc" = $((n + 1)) ] || note_fail $C "coverage_curve.csv has $nc rows, expected $((n + 1)) (0..$n)"
    read -r pk pw pp pb po <<<"$(awk -F, -v k=$((n - 1)) 'NR > 1 && $1 == k { print $1, $2, $3, ($5 == "" ? "none" : $5), $6 }' "$CV")"
    if [ "${pk:-}" != $((n - 1)) ]; then
        note_fail $C "coverage_curve.csv has no row for $((n - 1)) new sites"
    else
        awk -v a="$pp" 'BEGIN { exit !(a < 60) }' || note_fail $C "with $((n - 1)) sites the curve reaches $pp % >= 60: $n is not the fewest"
        awk -v a="$pw" -v t="$want" 'BEGIN { exit !(a < t) }' || note_fail $C "with $((n - 1)) sites the curve covers $pw >= $want"
        if [ "$(jsit "$S" optimal)" = true ]; then
            if ! { [ "$po" = 1 ] || { [ "$pb" != none ] && awk -v b="$pb" -v t="$want" 'BEGIN { exit !(b < t) }'; }; }; then
                note_fail $C "optimal = true, but row $((n - 1)) is neither optimal nor bounded below the target (bound $pb)"
            fi
            feq "$(jsit "$S" bound)" "$n" || note_fail $C "optimal, but bound $(jsit "$S" bound) != $n"
        fi
        echo "  $n sites reach $lastp %; $((n - 1)) sites at best $pp % (bound $pb, optimal $po)"
    fi
    lastc=$(awk -F, 'END { print $2 }' "$CV")
    [ "$lastc" = "$lastw" ] || note_fail $C "curve row $n covers $lastc, recommendations $lastw"
fi

check "target_cap: target 60 % with a cap of budget = 3: 3 sites, target_met = false"
C=target_cap
if srun $C tgcap "$GF_INI" --set travel.minutes=10 --set siting.model=target --set siting.target_percent=60 \
    --set siting.budget=3; then
    S="$T/tgcap/summary.json"
    n=$(($(wc -l <"$T/tgcap/recommendations.csv") - 1))
    [ "$n" = 3 ] || note_fail $C "recommendations.csv has $n rows, expected 3 (the cap)"
    [ "$(jsit "$S" target_met)" = false ] || note_fail $C "siting.target_met = $(jsit "$S" target_met), expected false"
    lastp=$(awk -F, 'END { print $10 }' "$T/tgcap/recommendations.csv")
    awk -v a="$lastp" 'BEGIN { exit !(a < 60) }' || note_fail $C "3 sites reach $lastp % >= 60, yet the cap was said to bite"
fi

check "target_unreachable: target 90 % with only the 5 hexagons of jobs > 5000 as candidates: all 5, target_met = false, and the run says so"
C=target_unreachable
if srun $C tgun "$GF_INI" --set travel.minutes=10 --set siting.model=target --set siting.target_percent=90 \
    --set siting.budget=0 --set 'siting.candidates.where=jobs > 5000'; then
    S="$T/tgun/summary.json"
    nc=$(awk -F, 'NR > 1 && $6 > 5000' "$CSV" | wc -l)
    n=$(($(wc -l <"$T/tgun/recommendations.csv") - 1))
    [ "$(jsit "$S" candidates)" = "$nc" ] || note_fail $C "siting.candidates = $(jsit "$S" candidates), expected $nc"
    [ "$(jsit "$S" target_met)" = false ] || note_fail $C "siting.target_met = $(jsit "$S" target_met), expected false"
    lastp=$(awk -F, 'END { print $10 }' "$T/tgun/recommendations.csv")
    awk -v a="$lastp" 'BEGIN { exit !(a < 90) }' || note_fail $C "$n sites reach $lastp % >= 90"
    # Unreachable target: the answer covers all that the candidates can, i.e.
    # what a plain run with every candidate as a station covers.
    fle "$n" "$nc" || note_fail $C "$n sites recommended of $nc candidates"
    awk -F, 'NR == 1 || $6 > 5000' "$CSV" >"$T/tgun_all.csv"
    plain_ini tgun_plain "$CSV" 10 "$T/tgun_all.csv"
    if run $C tgun_plain "$T/tgun_plain.ini"; then
        v=$(jtop "$T/tgun_plain/summary.json" workers_covered)
        [ "$v" = "$(jsit "$S" workers_covered)" ] ||
            note_fail $C "all $nc candidates as stations cover $v; siting.workers_covered $(jsit "$S" workers_covered)"
    fi
    # README: "when no number of candidates can reach the target, the run says
    # so": a line on stdout or a warning on stderr about the target.
    if ! cat "$T/tgun.out" "$T/tgun.err" | grep -iE 'target.*(not|never|short|unmet|miss|cannot)|(not|never|cannot).*target' >/dev/null; then
        note_fail $C "target not met, but neither stdout nor stderr says so (stdout: $(grep -i recommend "$T/tgun.out"))"
    fi
    [ "$(jsit "$S" target_status)" = beyond_reach ] || note_fail $C "target_status $(jsit "$S" target_status), expected beyond_reach"
fi

# 5b. target with a cap that bites: not "proven optimal" but "not reached
# with at most 2 new sites: best coverage x%, proven", where x is what mclp
# with budget 2 proves best.
C=target_capped
check "$C: greenfield target 60 % with at most 2 new sites"
if srun $C tgcap "$GF_INI" --set siting.model=target --set siting.target_percent=60 \
    --set siting.budget=2 --set render.enabled=no &&
    srun $C tgcap_mclp "$GF_INI" --set siting.budget=2 --set render.enabled=no; then
    S="$T/tgcap/summary.json"
    [ "$(jsit "$S" target_status)" = capped ] || note_fail $C "target_status $(jsit "$S" target_status), expected capped"
    [ "$(jsit "$S" optimal)" = false ] || note_fail $C "optimal $(jsit "$S" optimal): the target has no answer within the cap"
    [ "$(jsit "$S" best_proven)" = true ] || note_fail $C "best_proven $(jsit "$S" best_proven)"
    [ "$(jsit "$T/tgcap_mclp/summary.json" optimal)" = true ] || note_fail $C "mclp budget 2 not proven optimal"
    best=$(jsit "$T/tgcap_mclp/summary.json" workers_covered)
    [ "$(jsit "$S" workers_covered)" = "$best" ] ||
        note_fail $C "best coverage $(jsit "$S" workers_covered), mclp with 2 new sites proves $best"
    pctb=$(jsit "$T/tgcap_mclp/summary.json" percent_covered)
    grep -q "^Recommendations (target, [0-9]* candidates): target 60% NOT reached with at most 2 new sites$" "$T/tgcap.out" ||
        note_fail $C "stdout: $(grep '^Recommendations' "$T/tgcap.out")"
    grep -q "^  best coverage with 2 new sites: $pctb%, proven (no 2 new sites cover more)$" "$T/tgcap.out" ||
        note_fail $C "stdout lacks 'best coverage with 2 new sites: $pctb%, proven'"
    grep -q "proven optimal" "$T/tgcap.out" && note_fail $C "stdout says proven optimal"
fi

# 5c. mclp whose budget is larger than what adds workers (walk 30 minutes
# with the 117 stations, budget 8): the answer stops at the last new site
# that adds workers and says so; fill_budget = yes keeps all 8, the rest
# adding 0.
C=zero_gain
check "$C: mclp budget 8 where fewer new sites add workers"
ZG=(--set "siting.candidates=$CSV" --set siting.candidates.x=lon --set siting.candidates.y=lat
    --set siting.candidates.id=id --set travel.minutes=30 --set siting.budget=8 --set render.enabled=no)
if srun $C zg "$POA_INI" "${ZG[@]}" && srun $C zg_fill "$POA_INI" "${ZG[@]}" --set siting.fill_budget=yes; then
    k=$(($(wc -l <"$T/zg/recommendations.csv") - 1))
    kf=$(($(wc -l <"$T/zg_fill/recommendations.csv") - 1))
    pos=$(awk -F, 'NR > 1 && $8 > 0' "$T/zg_fill/recommendations.csv" | wc -l)
    [ "$kf" = 8 ] || note_fail $C "fill_budget: $kf new sites, expected 8"
    [ "$pos" -lt 8 ] || note_fail $C "every one of the 8 new sites adds workers: the case cannot test the rule"
    [ "$k" = "$pos" ] || note_fail $C "$k new sites, expected the $pos that add workers"
    [ "$(jsit "$T/zg/summary.json" new_sites)" = "$pos" ] || note_fail $C "summary new_sites $(jsit "$T/zg/summary.json" new_sites), expected $pos"
    [ "$(jsit "$T/zg/summary.json" workers_covered)" = "$(jsit "$T/zg_fill/summary.json" workers_covered)" ] ||
        note_fail $C "workers covered differ: $(jsit "$T/zg/summary.json" workers_covered) vs $(jsit "$T/zg_fill/summary.json" workers_covered) with the budget filled"
    cmp -s <(head -n $((pos + 1)) "$T/zg_fill/recommendations.csv") "$T/zg/recommendations.csv" ||
        note_fail $C "the first $pos ranks differ from the filled run's"
    grep -q "^  only $pos new sites\{0,1\} add workers: the budget of 8 is not needed" "$T/zg.out" ||
        note_fail $C "stdout does not say that only $pos new sites add workers"
    echo "  $pos of 8 new sites add workers"
fi

# ===========================================================================
# 6. pmedian and pcenter on subsets.
awk -v n=$SUB_ROWS 'NR <= n + 1' "$CSV" >"$T/sub.csv"
awk -v n=$PMED_ROWS 'NR <= n + 1' "$CSV" >"$T/subpm.csv"
for model in pmedian pcenter; do
    C=$model
    if [ $model = pmedian ]; then sub="$T/subpm.csv"; rows=$PMED_ROWS; else sub="$T/sub.csv"; rows=$SUB_ROWS; fi
    cat >"$T/$model.ini" <<EOF
[inputs]
network = $NET
clusters = $sub
clusters.x = lon
clusters.y = lat
clusters.id = id
clusters.weight = jobs
[travel]
mode = walk
minutes = $GF_MIN
[siting]
model = $model
budget = 2
candidates = $sub
candidates.x = lon
candidates.y = lat
candidates.id = id
EOF
    check "$C: $rows hexagons, walk $GF_MIN min, budget 2"
    srun $C $model "$T/$model.ini" || continue
    S="$T/$model/summary.json"; R="$T/$model/recommendations.csv"
    [ "$(jsit "$S" model)" = $model ] || note_fail $C "siting.model = $(jsit "$S" model)"
    if [ $model = pmedian ]; then units="worker-seconds"; else units="seconds (longest travel time)"; fi
    [ "$(jsit "$S" objective_units)" = "$units" ] || note_fail $C "objective_units '$(jsit "$S" objective_units)', expected '$units'"
    n=$(($(wc -l <"$R") - 1))
    [ "$n" = 2 ] || note_fail $C "recommendations.csv has $n rows, expected 2"
    [ "$(jsit "$S" optimal)" = true ] || note_fail $C "not proven optimal"
    obj=$(jsit "$S" objective)
    # Reached workers, independently: clusters with workers whose snap leg is
    # within max_snap_m (coverage.csv snap_m); all others are unreachable.
    read -r rw nr nu uw <<<"$(awk -F, -v m=$MAX_SNAP_M 'NR > 1 && $3 > 0 {
        if ($7 != "" && $7 + 0 <= m) { r += $3; nr++ } else { nu++; uw += $3 } }
        END { printf "%.0f %d %d %.0f\n", r, nr, nu, uw }' "$T/$model/coverage.csv")"
    # "Covered" is within the threshold for every model (README.md), not
    # "reachable": the workers that a plain run with the 2 chosen sites at
    # $GF_MIN minutes covers, summed by awk over its coverage.csv.
    sites_csv "$T/$model" 2 "$T/${model}_sites.csv"
    plain_ini ${model}_within "$sub" $GF_MIN "$T/${model}_sites.csv"
    if run $C ${model}_within "$T/${model}_within.ini"; then
        within=$(awk -F, 'NR > 1 && $6 == 1 { s += $3 } END { printf "%.0f\n", s }' "$T/${model}_within/coverage.csv")
        total=$(jtop "$S" workers_total)
        awk -v a="$within" -v b="$rw" 'BEGIN { exit !(a + 0 < b + 0) }' ||
            note_fail $C "workers within $GF_MIN min ($within) are not fewer than the reachable ($rw): the case cannot tell them apart"
        [ "$(jsit "$S" workers_covered)" = "$within" ] ||
            note_fail $C "siting.workers_covered $(jsit "$S" workers_covered), workers within $GF_MIN min of the chosen sites $within"
        pct=$(awk -v w="$within" -v t="$total" 'BEGIN { printf "%.2f", 100 * w / t }')
        feq "$(jsit "$S" percent_covered)" "$pct" 0.005 ||
            note_fail $C "siting.percent_covered $(jsit "$S" percent_covered), expected $pct"
        [ "$(awk -F, 'END { print $9 }' "$R")" = "$within" ] ||
            note_fail $C "recommendations.csv workers_cumulative of the last rank $(awk -F, 'END { print $9 }' "$R"), expected $within"
        [ "$(awk -F, '$1 == 2 { print $2 }' "$T/$model/coverage_curve.csv")" = "$within" ] ||
            note_fail $C "coverage_curve.csv workers_covered at 2 new sites $(awk -F, '$1 == 2 { print $2 }' "$T/$model/coverage_curve.csv"), expected $within"
        # the map subtitle and the report say the same "covered"
        p1=$(awk -v w="$within" -v t="$total" 'BEGIN { printf "%.1f", 100 * w / t }')
        pdftotext -l 1 "$T/$model/map.pdf" - | grep -q "with 2 recommended new sites: $p1%" ||
            note_fail $C "map subtitle: $(pdftotext -l 1 "$T/$model/map.pdf" - | sed -n 2p), expected $p1%"
        pdftotext -l 1 "$T/$model/report.pdf" - | grep -q "2 of a budget of 2: coverage .* -> $p1%" ||
            note_fail $C "report: no 'coverage ... -> $p1%'"
        last=$(grep -E '^ +2\. .*% covered$' "$T/$model.out" | sed -E 's/.*, ([0-9.]+)% covered$/\1/')
        [ "$last" = "$(awk -v w="$within" -v t="$total" 'BEGIN { printf "%.1f", 100 * w / t }')" ] ||
            note_fail $C "stdout: rank 2 says $last% covered; workers within the threshold: $within of $total"
    fi
    [ "$(jsit "$S" clusters_unreachable)" = "$nu" ] || note_fail $C "siting.clusters_unreachable $(jsit "$S" clusters_unreachable), expected $nu"
    [ "$(jsit "$S" workers_unreachable)" = "$uw" ] || note_fail $C "siting.workers_unreachable $(jsit "$S" workers_unreachable), expected $uw"
    if [ $model = pmedian ]; then
        mm=$(jsit "$S" mean_minutes)
        feq "$mm" "$(awk -v o="$obj" -v w="$rw" 'BEGIN { printf "%.6f", o / w / 60 }')" 1e-3 ||
            note_fail $C "mean_minutes $mm, objective / reached workers / 60 = $obj / $rw / 60"
    fi
    # Cross-check: a plain run with the 2 chosen sites and a threshold no
    # reachable cluster exceeds gives every cluster's time to its nearest site.
    plain_ini ${model}_plain "$sub" 600 "$T/${model}_sites.csv"
    run $C ${model}_plain "$T/${model}_plain.ini" || continue
    read -r ncov sum mx <<<"$(awk -F, 'NR > 1 && $6 == 1 && $3 > 0 { n++; s += $3 * $5 * 60; if ($5 + 0 > m) m = $5 + 0 }
        END { printf "%d %.3f %.2f\n", n, s, m }' "$T/${model}_plain/coverage.csv")"
    [ "$ncov" = "$nr" ] || note_fail $C "plain run reaches $ncov clusters with workers within 600 min, expected $nr"
    [ "$(jtop "$T/${model}_plain/summary.json" workers_covered)" = "$rw" ] ||
        note_fail $C "plain run reaches $(jtop "$T/${model}_plain/summary.json" workers_covered) workers within 600 min, expected $rw"
    if [ $model = pmedian ]; then
        # coverage.csv minutes have 2 decimals: 0.3 s per worker of rounding.
        tol=$(awk -v w="$rw" -v o="$obj" 'BEGIN { printf "%.3f", 0.3 * w + 1e-5 * o }')
        feq "$obj" "$sum" "$tol" || note_fail $C "objective $obj worker-seconds; plain run: sum workers x minutes x 60 = $sum (tolerance $tol)"
        echo "  objective $obj, plain run $sum; mean $(jsit "$S" mean_minutes) min"
    else
        feq "$obj" "$(awk -v m="$mx" 'BEGIN { print m * 60 }')" 0.6 ||
            note_fail $C "objective $obj s; plain run: longest time of a cluster with workers $mx min"
        echo "  objective $obj s, plain run longest $mx min"
    fi
done

# 6b. pmedian greenfield on every hexagon, budget 5: too large for the MIP
# (over 400,000 pairs), so the Lagrangian bound is the bound; it must prove
# the answer within 5 % (the cheapest-site bound left a 97 % gap), and the
# mean minutes (stdout, summary.json) must agree with the objective.
C=pmedian_gf
check "$C: pmedian greenfield, 1,227 candidates, budget 5: gap <= 5 %"
if srun $C pm_gf "$GF_INI" --set siting.model=pmedian --set siting.budget=5 --set render.enabled=no; then
    S="$T/pm_gf/summary.json"
    gap=$(jsit "$S" gap); obj=$(jsit "$S" objective); bnd=$(jsit "$S" bound)
    fle "$gap" 0.05 || note_fail $C "gap $gap, expected at most 0.05"
    fle "$bnd" "$obj" || note_fail $C "bound $bnd above the objective $obj"
    feq "$gap" "$(awk -v o="$obj" -v b="$bnd" 'BEGIN { printf "%.8f", (o - b) / o }')" 1e-6 ||
        note_fail $C "gap $gap is not (objective - bound) / objective = ($obj - $bnd) / $obj"
    mm=$(jsit "$S" mean_minutes); mb=$(jsit "$S" mean_minutes_bound)
    feq "$mb" "$(awk -v m="$mm" -v o="$obj" -v b="$bnd" 'BEGIN { printf "%.6f", m * b / o }')" 2e-3 ||
        note_fail $C "mean_minutes_bound $mb, expected mean_minutes x bound / objective"
    grep -qE "^  mean $(printf '%.2f' "$mm") minutes per worker; no choice of 5 sites can do better than $(printf '%.2f' "$mb")\$" "$T/pm_gf.out" ||
        note_fail $C "stdout lacks the mean minutes line ($mm, bound $mb)"
    echo "  objective $obj, bound $bnd, gap $gap ($(jsit "$S" method)); mean $mm min, at least $mb"
fi

# ===========================================================================
# 7. required / excluded.
C=required_excluded
check "$C: greenfield budget 3; required = an id the unconstrained run does not pick; excluded = its rank 1"
if srun $C rq0 "$GF_INI" --set siting.budget=3; then
    base_obj=$(jsit "$T/rq0/summary.json" objective)
    ids_of "$T/rq0" | sort >"$T/rq0_ids"
    rank1=$(awk -F, 'NR == 2 { print $2 }' "$T/rq0/recommendations.csv")
    # A hexagon with no jobs, snapped within 100 m, not chosen and not a
    # runner-up: nothing would make the solver pick it.
    req=$(awk -F, '
        FILENAME == ARGV[1] { ch[$1] = 1; next }
        FILENAME == ARGV[2] { if (FNR > 1) ch[$13] = 1; next }
        FNR > 1 && $3 == 0 && $7 != "" && $7 + 0 < 100 && !($1 in ch) { print $1; exit }' \
        "$T/rq0_ids" "$T/rq0/recommendations.csv" "$T/rq0/coverage.csv")
    if [ -z "$req" ]; then
        note_fail $C "no hexagon with 0 jobs near a road to require"
    else
        if srun $C rq_req "$GF_INI" --set siting.budget=3 --set "siting.required=$req"; then
            ids_of "$T/rq_req" >"$T/rq_req_ids"
            grep -qx "$req" "$T/rq_req_ids" || note_fail $C "required $req is not among the chosen: $(tr '\n' ' ' <"$T/rq_req_ids")"
            [ "$(wc -l <"$T/rq_req_ids")" = 3 ] || note_fail $C "required run chose $(wc -l <"$T/rq_req_ids") sites, expected 3"
            o=$(jsit "$T/rq_req/summary.json" objective)
            fle "$o" "$base_obj" || note_fail $C "with a required site the objective $o exceeds the unconstrained $base_obj"
            sites_csv "$T/rq_req" 3 "$T/rq_req_sites.csv"
            plain_ini rq_req_plain "$CSV" $GF_MIN "$T/rq_req_sites.csv"
            if run $C rq_req_plain "$T/rq_req_plain.ini"; then
                v=$(jtop "$T/rq_req_plain/summary.json" workers_covered)
                [ "$v" = "$(jsit "$T/rq_req/summary.json" workers_covered)" ] ||
                    note_fail $C "required run: plain run covers $v, siting.workers_covered $(jsit "$T/rq_req/summary.json" workers_covered)"
            fi
            echo "  required $req: $(tr '\n' ' ' <"$T/rq_req_ids"), objective $o (unconstrained $base_obj)"
        fi
    fi
    if srun $C rq_exc "$GF_INI" --set siting.budget=3 --set "siting.excluded=$rank1"; then
        ids_of "$T/rq_exc" >"$T/rq_exc_ids"
        grep -qx "$rank1" "$T/rq_exc_ids" && note_fail $C "excluded $rank1 was chosen"
        awk -F, -v x="$rank1" 'NR > 1 && $13 == x { exit 1 }' "$T/rq_exc/recommendations.csv" ||
            note_fail $C "excluded $rank1 is named as a runner-up"
        [ "$(wc -l <"$T/rq_exc_ids")" = 3 ] || note_fail $C "excluded run chose $(wc -l <"$T/rq_exc_ids") sites, expected 3"
        o=$(jsit "$T/rq_exc/summary.json" objective)
        fle "$o" "$base_obj" || note_fail $C "with an excluded site the objective $o exceeds the unconstrained $base_obj"
        sites_csv "$T/rq_exc" 3 "$T/rq_exc_sites.csv"
        plain_ini rq_exc_plain "$CSV" $GF_MIN "$T/rq_exc_sites.csv"
        if run $C rq_exc_plain "$T/rq_exc_plain.ini"; then
            v=$(jtop "$T/rq_exc_plain/summary.json" workers_covered)
            [ "$v" = "$(jsit "$T/rq_exc/summary.json" workers_covered)" ] ||
                note_fail $C "excluded run: plain run covers $v, siting.workers_covered $(jsit "$T/rq_exc/summary.json" workers_covered)"
        fi
        echo "  excluded $rank1: $(tr '\n' ' ' <"$T/rq_exc_ids"), objective $o"
    fi
fi

# ===========================================================================
# 8. Determinism.
C=determinism
check "$C: the greenfield run again, and with -j 1: byte-identical outputs"
if [ -s "$T/gf/summary.json" ] && srun $C gf_again "$GF_INI" --set siting.budget=5 &&
    srun $C gf_j1 "$GF_INI" --set siting.budget=5 -j 1; then
    for d in gf_again gf_j1; do
        for f in recommendations.csv coverage_curve.csv results.gpkg coverage.csv; do
            cmp -s "$T/gf/$f" "$T/$d/$f" || note_fail $C "$f differs between gf and $d"
        done
        # summary.json up to its file list, and the list but report.pdf, whose
        # footer names the folder (README.md, "The result set")
        cmp -s <(sed '/^  "files": \[/,$d' "$T/gf/summary.json") \
            <(sed '/^  "files": \[/,$d' "$T/$d/summary.json") &&
            cmp -s <(jq -c '.files[] | select(.name != "report.pdf")' "$T/gf/summary.json") \
                <(jq -c '.files[] | select(.name != "report.pdf")' "$T/$d/summary.json") ||
            note_fail $C "summary.json differs between gf and $d"
    done
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
    echo "FAIL siting_run: ${#failures[@]} failed check(s):" >&2
    printf "  %s\n" "${failures[@]}" >&2
    exit 1
fi
echo "PASS siting_run"
exit 0
