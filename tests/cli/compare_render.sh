#!/usr/bin/env bash
# compare_render.sh — the drawings of `siteplan compare` (compare.png,
# compare-K.png, compare.pdf, compare_report.pdf) on the Porto Alegre data,
# checked against the tables they are drawn from (awk over changes.csv,
# comparison.csv and the scenarios' sites.csv):
#   - the files exist: compare.pdf has one page per scenario against the
#     baseline, compare_report.pdf the table page and two pages per
#     scenario (map, largest changes) or more, the PNGs are A4 at 150 dpi;
#   - each map's legend counts the gained and lost clusters and their
#     workers as awk counts them in changes.csv (covered_1 vs covered_k),
#     and its sites added and closed as awk counts them by id in sites.csv;
#   - the report shows every scenario's gained and lost workers of
#     comparison.csv, and names the lost cluster with the most workers and
#     its baseline site;
#   - --language zh draws Chinese; a bad --language is refused;
#   - --no-render and [render] enabled = no in the baseline draw nothing,
#     and remove the drawings an earlier comparison left in the folder.
# Env: SITEPLAN, SP_ROOT, SP_TMP.
set -u
: "${SITEPLAN:?}" "${SP_ROOT:?}" "${SP_TMP:?}"
T="$SP_TMP/compare_render"
rm -rf "$T"; mkdir -p "$T" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }

mk() { # NAME WHERE RENDER
    cat > "$T/$1.ini" <<INI
[scenario]
name = $1
[inputs]
network = $SP_ROOT/data/poa_osm.pbf
clusters = $SP_ROOT/data/poa_hexgrid.csv
clusters.x = lon
clusters.y = lat
clusters.id = id
clusters.weight = jobs
sites = $SP_ROOT/data/poa_hexgrid.csv
sites.x = lon
sites.y = lat
sites.id = id
sites.where = $2
[travel]
mode = walk
minutes = 15
[render]
enabled = $3
INI
}
mk base "healthcare > 0" yes
mk closed "healthcare > 0" no
printf '[changes]\nclose_sites = 89a901298afffff\nclose_roads = 27103295\n' >> "$T/closed.ini"
mk added "healthcare > 0" no
printf '[changes]\nadd_site = new-1, -51.1631918876168, -30.0256744007864, gap 1\n' >> "$T/added.ini"
mk fewer "healthcare > 1" no

C="$T/cmp"
# a drawing left by an earlier, longer comparison must go
mkdir -p "$C" && echo stale > "$C/compare-5.png"
"$SITEPLAN" compare "$T/base.ini" "$T/closed.ini" "$T/added.ini" "$T/fewer.ini" -o "$C" -q \
    > "$T/cmp.out" 2> "$T/cmp.err" || { cat "$T/cmp.err" >&2; fail "compare exited $?"; }

# ---- the files ----
for f in compare.png compare-3.png compare-4.png compare.pdf compare_report.pdf; do
    [ -s "$C/$f" ] || fail "$f missing"
done
[ ! -e "$C/compare-2.png" ] && [ ! -e "$C/compare-5.png" ] || fail "compare-2.png or a stale compare-5.png"
pages() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }
[ "$(pages "$C/compare.pdf")" = 3 ] || fail "compare.pdf has $(pages "$C/compare.pdf") pages, expected 3"
rp=$(pages "$C/compare_report.pdf")
[ "$rp" -ge 7 ] || fail "compare_report.pdf has $rp pages, expected at least 7"
for f in compare.png compare-3.png compare-4.png; do
    file "$C/$f" | grep -q "PNG image data, 1754 x 1240" || fail "$f: $(file "$C/$f")"
done
grep -q "compare_report.pdf" "$T/cmp.out" || fail "stdout does not name the report"
echo "check: compare.png, compare-3.png, compare-4.png (1754 x 1240), compare.pdf (3 pages), compare_report.pdf ($rp pages)"

# ---- the legends against changes.csv ----
group() { awk '{ s = sprintf("%.0f", $1); o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) } print s o }'; }
count() { # K gained|lost -> "N W"
    awk -F, -v k="$1" -v what="$2" '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        { was = $c["covered_1"] == 1; is = $c["covered_" k] == 1
          if ((what == "gained" && is && !was) || (what == "lost" && was && !is)) { n++; w += $c["workers"] } }
        END { printf "%d %.0f\n", n, w }' "$C/changes.csv"; }
# the CSV has names with commas in quotes, but not in the columns used here
# (id, workers, covered_k come before or are not names); check that:
awk -F, 'NR > 1 && $2 != "" { bad = 1 } END { exit bad }' "$C/changes.csv" || fail "cluster names in changes.csv: the awk here cannot split them"
for k in 2 3 4; do
    pdftotext -f $((k - 1)) -l $((k - 1)) "$C/compare.pdf" - | tr '\n' ' ' | tr -s ' ' > "$T/map$k.txt"
    for what in gained lost; do
        set -- $(count $k $what)
        n=$1; w=$(echo "$2" | group)
        label=Gained; [ $what = lost ] && label=Lost
        grep -q "$label: covered only [a-z ]*($n clusters, $w workers)" "$T/map$k.txt" ||
            fail "map $k: legend should say $label ($n clusters, $w workers): $(grep -o "$label: [^)]*)" "$T/map$k.txt")"
    done
done
[ "$(count 2 lost | cut -d' ' -f1)" -gt 0 ] && [ "$(count 3 gained | cut -d' ' -f1)" -gt 0 ] ||
    fail "the fixture should gain and lose clusters"
echo "check: legend counts of gained and lost clusters and workers = awk over changes.csv"

# sites added and closed, by id between the baseline's and each scenario's sites.csv
site_diff() { # A B: ids in A not in B
    awk -F, 'FNR == 1 { next } NR == FNR { b[$1]; next } !($1 in b) { n++ } END { print n + 0 }' "$2" "$1"; }
k=1
for s in closed added fewer; do
    k=$((k + 1))
    B="$C/1-base/sites.csv" S="$C/$k-$s/sites.csv"
    add=$(site_diff "$S" "$B") cls=$(site_diff "$B" "$S")
    if [ "$add" -gt 0 ]; then grep -q "Site added ($add)" "$T/map$k.txt" || fail "map $k: Site added ($add)"
    else ! grep -q "Site added" "$T/map$k.txt" || fail "map $k: no site added, but the legend has one"; fi
    if [ "$cls" -gt 0 ]; then grep -q "Site closed ($cls)" "$T/map$k.txt" || fail "map $k: Site closed ($cls)"
    else ! grep -q "Site closed" "$T/map$k.txt" || fail "map $k: no site closed, but the legend has one"; fi
done
grep -q "Changes: close_sites: 89a901298afffff; close_roads: 27103295 (closed roads not drawn" "$T/map2.txt" ||
    fail "map 2: the subtitle should name the changes"
grep -q "gap 1" "$T/map3.txt" || fail "map 3: the added site is not labelled with its name"
echo "check: sites added and closed = awk by id over sites.csv; the changes in the subtitle"

# ---- the report ----
pdftotext "$C/compare_report.pdf" - | tr '\n' ' ' | tr -s ' ' > "$T/report.txt"
col() { awk -F, -v n="$1" -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        NR == n + 1 { print $c[name] }' "$C/comparison.csv"; }
for k in 2 3 4; do
    # name, mode, minutes, sites, covered, percent, gained, lost on one row
    want="$(col $k workers_covered | group) $(col $k percent_covered)% $(col $k workers_gained | group) $(col $k workers_lost | group)"
    grep -qF "$want" "$T/report.txt" || fail "report: scenario $k row should end \"$want\""
done
top=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
      $c["covered_1"] == 1 && $c["covered_2"] != 1 && $c["workers"] > w { w = $c["workers"]; id = $1; s = $c["nearest_site_1"] }
      END { print id, s }' "$C/changes.csv")
set -- $top
grep -qE "Clusters lost, most workers first Cluster Workers Nearest site in the baseline Minutes $1 [0-9,]+ $2" "$T/report.txt" ||
    fail "report: the first lost cluster of scenario 2 should be $1 (site $2)"
echo "check: the report's table has comparison.csv's covered, gained and lost; largest lost cluster $1 first"

# ---- language ----
"$SITEPLAN" compare "$T/base.ini" "$T/added.ini" -o "$T/zh" -q --language zh > /dev/null 2> "$T/zh.err" ||
    fail "compare --language zh: $(cat "$T/zh.err")"
pdftotext "$T/zh/compare_report.pdf" - | grep -q "方案对比" || fail "zh report is not in Chinese"
pdftotext "$T/zh/compare.pdf" - | tr -d '\n' | grep -q "新增覆盖" || fail "zh map legend is not in Chinese"
"$SITEPLAN" compare "$T/base.ini" "$T/added.ini" -o "$T/xx" --language xx > /dev/null 2> "$T/xx.err"; rc=$?
[ $rc = 1 ] && grep -q "language" "$T/xx.err" || fail "--language xx: exit $rc, $(cat "$T/xx.err")"
echo "check: --language zh draws Chinese; --language xx refused"

# ---- no drawing ----
"$SITEPLAN" compare "$T/base.ini" "$T/closed.ini" -o "$C" -q --no-render > "$T/nr.out" 2> "$T/nr.err" ||
    fail "compare --no-render: $(cat "$T/nr.err")"
for f in compare.png compare-3.png compare-4.png compare.pdf compare_report.pdf; do
    [ ! -e "$C/$f" ] || fail "--no-render left $f"
done
[ -s "$C/comparison.csv" ] || fail "--no-render: no comparison.csv"
! grep -q "^Maps:" "$T/nr.out" || fail "--no-render: stdout names maps"
"$SITEPLAN" compare "$T/closed.ini" "$T/base.ini" -o "$T/off" -q > /dev/null 2> "$T/off.err" ||
    fail "compare with a baseline without render: $(cat "$T/off.err")"
ls "$T/off" | grep -qE '^compare.*\.(png|pdf)$' &&
    fail "[render] enabled = no in the baseline: drew $(ls "$T/off" | grep -E '^compare.*\.(png|pdf)$')"
echo "check: --no-render and [render] enabled = no draw nothing and remove old drawings"
echo "compare_render: ok"
