#!/usr/bin/env bash
# render_outputs.sh — maps and reports from the command line:
#   - siteplan run writes map.png, map.pdf, map.svg and report.pdf beside the
#     results (coverage_curve.png only with recommendations);
#   - sizes: pdfinfo gives A4 landscape (841.89 x 595.276 pt) or A3
#     (1190.55 x 841.89 pt), the PNG has page x dpi / 72 pixels, the map is
#     one page and the report has the pages siteplan says;
#   - nothing is blank (PDF pages rasterised with pdftoppm and their ink
#     counted; PNGs far larger than a blank page compresses to);
#   - the text is there (pdftotext): title, legend, scale bar label,
#     © OpenStreetMap contributors;
#   - siteplan render OUTDIR gives the same bytes as the run did (same code
#     path, deterministic), twice;
#   - siteplan render OUTDIR --title T --page A3 changes title and page
#     without touching the results (summary.json, results.gpkg, coverage.csv
#     unchanged), quickly;
#   - errors: a folder without results, bad options: exit 1, one line on
#     stderr naming the problem, nothing written;
#   - the Shenzhen scenario (synthetic workers on real OSM roads) in
#     Chinese: Chinese legend and road names in the PDF text, a CJK font
#     embedded, no missing-glyph warning; rendered again in English the
#     Chinese names still draw.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/render_outputs"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }

INI="$SP_ROOT/data/porto_alegre.ini"
SZ="$SP_ROOT/tests/data/shenzhen/shenzhen.ini"

for tool in pdfinfo pdftotext pdftoppm pdffonts; do
    command -v $tool >/dev/null || { echo "FAIL: $tool not installed (poppler-utils)" >&2; exit 1; }
done

fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
check() { echo "check: $*"; }

# png_size FILE -> "W H" from the IHDR chunk
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'; }
# pdf_pages FILE
pdf_pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
# pdf_size FILE -> "W H" in points, rounded
pdf_size() { pdfinfo "$1" 2>/dev/null | awk '/^Page size:/ { printf "%.0f %.0f\n", $3, $5 }'; }
# ink FILE.pdf PAGE -> pixels darker than near-white at 20 dpi
ink() {
    local pgm="$T/ink.pgm"
    pdftoppm -f "$2" -l "$2" -r 20 -gray "$1" >"$pgm" 2>/dev/null || { echo 0; return; }
    local hdr; hdr=$(head -n 3 "$pgm" | wc -c)
    tail -c +$((hdr + 1)) "$pgm" | od -An -tu1 -v | awk '{ for (i = 1; i <= NF; i++) if ($i < 240) n++ } END { print n + 0 }'
}
size_of() { wc -c <"$1" | tr -d ' '; }

# expect_files DIR FILES... : each exists and is not empty
expect_files() {
    local d=$1; shift
    for f in "$@"; do [ -s "$d/$f" ] || fail "$d/$f missing or empty"; done
}

# check_page_outputs DIR PAGE DPI EXPECT_PAGES_MIN: sizes, pages, ink
check_outputs() {
    local d=$1 page=$2 dpi=$3 min_pages=$4 want_pt want_png
    if [ "$page" = A4 ]; then want_pt="842 595"; else want_pt="1191 842"; fi
    want_png=$(awk -v p="$page" -v r="$dpi" 'BEGIN {
        w = (p == "A4") ? 297 : 420; h = (p == "A4") ? 210 : 297;
        printf "%d %d\n", int(w / 25.4 * r + 0.5), int(h / 25.4 * r + 0.5) }')
    [ "$(pdf_size "$d/map.pdf")" = "$want_pt" ] || fail "$d/map.pdf: page size $(pdf_size "$d/map.pdf"), expected $want_pt ($page landscape)"
    [ "$(pdf_size "$d/report.pdf")" = "$want_pt" ] || fail "$d/report.pdf: page size $(pdf_size "$d/report.pdf"), expected $want_pt"
    pdfinfo "$d/map.pdf" | grep -q "($page)" || fail "$d/map.pdf: pdfinfo does not call the page $page"
    [ "$(pdf_pages "$d/map.pdf")" = 1 ] || fail "$d/map.pdf: $(pdf_pages "$d/map.pdf") pages, expected 1"
    local np; np=$(pdf_pages "$d/report.pdf")
    [ -n "$np" ] && [ "$np" -ge "$min_pages" ] || fail "$d/report.pdf: $np pages, expected at least $min_pages"
    [ "$(png_size "$d/map.png")" = "$want_png" ] || fail "$d/map.png: $(png_size "$d/map.png") pixels, expected $want_png ($page at $dpi dpi)"
    # a blank page of this size compresses to a few kB
    [ "$(size_of "$d/map.png")" -gt 60000 ] || fail "$d/map.png looks blank ($(size_of "$d/map.png") bytes)"
    local i px
    px=$(ink "$d/map.pdf" 1)
    [ "$px" -gt 2000 ] || fail "$d/map.pdf looks blank ($px dark pixels at 20 dpi)"
    for i in $(seq 1 "$np"); do
        px=$(ink "$d/report.pdf" "$i")
        [ "$px" -gt 200 ] || fail "$d/report.pdf page $i looks blank ($px dark pixels at 20 dpi)"
    done
}

# ---- the default scenario: run renders ----
check "siteplan run renders the maps and the report"
"$SITEPLAN" run "$INI" -o "$T/poa" -q >"$T/run.out" 2>"$T/run.err"
rc=$?
[ $rc -eq 0 ] || { cat "$T/run.err" >&2; fail "siteplan run exited $rc"; }
grep -q 'Maps and report:' "$T/run.out" || fail "run does not name the maps on stdout"
expect_files "$T/poa" map.png map.pdf map.svg report.pdf summary.json results.gpkg
[ ! -e "$T/poa/coverage_curve.png" ] || fail "coverage_curve.png written without recommendations"
grep -q 'without a glyph' "$T/run.err" && fail "missing glyphs: $(grep 'without a glyph' "$T/run.err")"
check_outputs "$T/poa" A4 150 3
head -c 200 "$T/poa/map.svg" | grep -q '<svg' || fail "map.svg is not SVG"

check "map text: title, legend, scale bar, attribution"
pdftotext "$T/poa/map.pdf" "$T/map.txt"
for s in "Porto Alegre: 30 minutes on foot" "Legend" "Existing station" "© OpenStreetMap contributors" "EPSG:32722"; do
    grep -qF "$s" "$T/map.txt" || fail "map.pdf text lacks '$s'"
done
grep -qE '^[0-9]+ (m|km)$' "$T/map.txt" || fail "map.pdf: no scale bar label such as '2 km'"
pdftotext "$T/poa/report.pdf" "$T/report.txt"
for s in "Summary" "337,921" "Largest coverage gaps" "Inputs and rules" "EPSG:32722" "built-in walk table"; do
    grep -qF "$s" "$T/report.txt" || fail "report.pdf text lacks '$s'"
done
np=$(pdf_pages "$T/poa/report.pdf")
grep -qF "Page $np of $np" "$T/report.txt" || fail "report.pdf: no 'Page $np of $np' footer"

check "siteplan render gives the bytes siteplan run gave, twice"
mkdir -p "$T/first"
for f in map.png map.pdf map.svg report.pdf summary.json results.gpkg coverage.csv; do cp "$T/poa/$f" "$T/first/$f"; done
for round in 1 2; do
    "$SITEPLAN" render "$T/poa" -q >"$T/render.out" 2>"$T/render.err" || { cat "$T/render.err" >&2; fail "siteplan render exited $?"; }
    for f in map.png map.pdf map.svg report.pdf; do
        cmp -s "$T/poa/$f" "$T/first/$f" || fail "render $round: $f differs from the run's"
    done
done
grep -qF "($np pages)" "$T/render.out" || fail "siteplan render does not report $np pages: $(cat "$T/render.out")"

check "siteplan render --title --page A3: no recomputation"
start=$(date +%s.%N)
"$SITEPLAN" render "$T/poa" --title "Planning test title" --page A3 -q >"$T/a3.out" 2>"$T/a3.err"
rc=$?
end=$(date +%s.%N)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
echo "  re-render A3: $secs s"
[ $rc -eq 0 ] || { cat "$T/a3.err" >&2; fail "render --page A3 exited $rc"; }
awk -v s="$secs" 'BEGIN { exit !(s < 60) }' || fail "re-render took $secs s"
for f in results.gpkg coverage.csv; do
    cmp -s "$T/poa/$f" "$T/first/$f" || fail "render changed the results file $f"
done
# summary.json's "files" lists the new drawings; nothing else of it changes
cmp -s <(jq 'del(.files)' "$T/poa/summary.json") <(jq 'del(.files)' "$T/first/summary.json") ||
    fail "render changed summary.json beyond its file list"
check_outputs "$T/poa" A3 150 3
pdftotext "$T/poa/map.pdf" - | grep -qF "Planning test title" || fail "A3 map lacks the new title"
pdftotext "$T/poa/report.pdf" - | grep -qF "Planning test title" || fail "A3 report lacks the new title"
grep -q '"page": "A4"' "$T/poa/summary.json" || fail "the saved page option changed"

check "siteplan render --dpi 72"
"$SITEPLAN" render "$T/poa" --dpi 72 -q >/dev/null 2>"$T/dpi.err" || fail "render --dpi 72 failed: $(cat "$T/dpi.err")"
[ "$(png_size "$T/poa/map.png")" = "842 595" ] || fail "map.png at 72 dpi: $(png_size "$T/poa/map.png"), expected 842 595"

# ---- errors ----
# expect_error NAME PATTERN -- ARGS : exit 1, one stderr line matching, nothing on stdout
expect_error() {
    local name=$1 pat=$2; shift 3
    "$SITEPLAN" "$@" >"$T/$name.out" 2>"$T/$name.err"
    local rc=$?
    [ $rc -eq 1 ] || fail "$name: exit $rc, expected 1"
    grep -qE -e "$pat" "$T/$name.err" || fail "$name: stderr '$(cat "$T/$name.err")' does not match /$pat/"
    [ "$(wc -l <"$T/$name.err")" -eq 1 ] || fail "$name: stderr is not one line"
    [ ! -s "$T/$name.out" ] || fail "$name: stdout is not empty"
}
check "errors"
mkdir -p "$T/empty"
expect_error empty '^siteplan render: .*/empty/summary.json: cannot open' -- render "$T/empty"
[ -z "$(ls -A "$T/empty")" ] || fail "render wrote into a folder without results: $(ls -A "$T/empty")"
expect_error missing '^siteplan render: .*summary.json' -- render "$T/no-such-folder"
mkdir -p "$T/nogpkg"
cp "$T/first/summary.json" "$T/nogpkg/"
expect_error nogpkg '^siteplan render: .*/nogpkg/coverage.csv: missing .*not a whole result set' -- render "$T/nogpkg"
[ ! -e "$T/nogpkg/map.png" ] || fail "render wrote map.png without results.gpkg"
expect_error noarg '^siteplan render: no results folder' -- render
expect_error page '^siteplan render: .*A5' -- render "$T/poa" --page A5
expect_error lang '^siteplan render: .*fr' -- render "$T/poa" --language fr
expect_error dpi '^siteplan render: --dpi' -- render "$T/poa" --dpi 10
expect_error opt "^siteplan render: unknown or incomplete option '--bogus'" -- render "$T/poa" --bogus
"$SITEPLAN" render --help >"$T/help.out" 2>&1 || fail "render --help exited non-zero"
grep -q '^usage: siteplan render OUTDIR' "$T/help.out" || fail "render --help: no usage line"
"$SITEPLAN" --help | grep -q 'render OUTDIR' || fail "siteplan --help does not list render"

# ---- Shenzhen in Chinese ----
check "Shenzhen (synthetic workers, OSM roads) in Chinese"
"$SITEPLAN" run "$SZ" -o "$T/sz" -q >"$T/sz.out" 2>"$T/sz.err"
rc=$?
[ $rc -eq 0 ] || { cat "$T/sz.err" >&2; fail "siteplan run shenzhen.ini exited $rc"; }
grep -q 'without a glyph' "$T/sz.err" && fail "missing glyphs: $(grep 'without a glyph' "$T/sz.err")"
expect_files "$T/sz" map.png map.pdf map.svg coverage_curve.png report.pdf
check_outputs "$T/sz" A4 150 4
[ "$(png_size "$T/sz/coverage_curve.png")" = "1500 844" ] || fail "coverage_curve.png: $(png_size "$T/sz/coverage_curve.png"), expected 1500 844"
[ "$(size_of "$T/sz/coverage_curve.png")" -gt 20000 ] || fail "coverage_curve.png looks blank"
pdftotext "$T/sz/map.pdf" "$T/sz-map.txt"
# with [siting]: the new sites' added area and catchments, the gaps left
for s in "图例" "现有站点" "推荐新站点" "比例尺" "北" "© OpenStreetMap contributors" "新站点服务范围" \
         "新增站点后仍存在的缺口"; do
    grep -qF "$s" "$T/sz-map.txt" || fail "Chinese map text lacks '$s'"
done
grep -qE '^[0-9]+ (米|公里)$' "$T/sz-map.txt" || fail "Chinese map: no scale bar label such as '1 公里'"
roads=0
for r in 龙岗大道 龙翔大道 龙飞大道 红棉路 爱南路 荷康路 黄阁路 盐龙大道 大学道 荷坳路 青春路 如意路 坳园路 沈海高速 武深高速 惠盐高速 国际大学园路; do
    grep -qF "$r" "$T/sz-map.txt" && roads=$((roads + 1))
done
[ $roads -ge 2 ] || fail "Chinese map: only $roads Chinese road names in the PDF text"
pdffonts "$T/sz/map.pdf" | grep -q 'NotoSansCJK' || fail "Chinese map: no Noto Sans CJK font embedded: $(pdffonts "$T/sz/map.pdf")"
pdftotext "$T/sz/report.pdf" "$T/sz-report.txt"
for s in "摘要" "推荐站点（按排序）" "推荐站点建成后剩余的最大覆盖缺口" "推荐站点建成前的最大覆盖缺口" \
         "新增站点后的覆盖缺口" "输入数据与规则" "覆盖曲线" "45,598"; do
    grep -qF "$s" "$T/sz-report.txt" || fail "Chinese report text lacks '$s'"
done

check "Shenzhen in English: Chinese names still draw"
"$SITEPLAN" render "$T/sz" --language en -q >/dev/null 2>"$T/sz-en.err" || fail "render --language en failed"
grep -q 'without a glyph' "$T/sz-en.err" && fail "missing glyphs in English: $(cat "$T/sz-en.err")"
pdftotext "$T/sz/map.pdf" - | grep -qF "Legend" || fail "English map lacks 'Legend'"

left=$(find "$T" -name '.*.tmp-*' | head -n 5)
[ -z "$left" ] || fail "temporary files left: $left"

if [ $fails -ne 0 ]; then echo "$fails check(s) failed" >&2; exit 1; fi
echo "all render checks passed"
