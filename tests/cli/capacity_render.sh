#!/usr/bin/env bash
# capacity_render.sh — issue 11, capacity on the map and in the report, on
# the hand-made fixture of capacity_run.sh (17-node test network, walk 2
# minutes; clusters c1 120, c2 80, c3 40, c4 10 workers; stations s1 west,
# s2 east; s3 beside c4 in the south):
#   A  s1 100, s2 30 (both full; c1 and c3 partly served, c2 none, c4 not
#      covered);
#   B  s1 200, s2 40, s3 100: sites in all three utilisation classes
#      (checked from sites.csv first);
#   U  B with set_capacity = s2, unlimited: an unlimited station;
#   F  B with capacity.enabled = no: no capacity at all.
# Checks:
#   - the report of every capacity run has the page "Capacity: who is
#     actually served" (pdftotext), in English and (siteplan render
#     --language zh) in Chinese, whose split table has summary.json's three
#     numbers and percentages (2 decimals, as written) and the total; the
#     method line; the sites table lists every site of sites.csv in the
#     order full first, then utilisation, load, workers reached down
#     (computed here from sites.csv), with capacity, load, utilisation
#     ("full", "unlimited") as sites.csv says;
#   - the map: the legend's key figures (served / over capacity / not
#     covered with 1-decimal percentages), the legend entries of the cluster
#     classes present (from coverage.csv), and in map.svg one symbol of
#     each utilisation colour per site of that class plus the legend's;
#   - without capacity (F) the report has no capacity page or row and the
#     map no capacity colour or legend entry; and the map ignores capacity
#     entirely without summary.json "capacity": A's folder with that key
#     taken out renders map.png, map.svg and report.pdf byte-identical to
#     those of the same run made with capacity.enabled = no.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/capacity_render"
NET="$SP_ROOT/tests/data/osm/topology.osm"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }
[ -r "$NET" ] || { echo "FAIL: fixture $NET missing" >&2; exit 1; }
for tool in pdftotext python3; do
    command -v $tool >/dev/null || { echo "FAIL: $tool not installed" >&2; exit 1; }
done
case $SITEPLAN in /*) ;; *) SITEPLAN="$PWD/$SITEPLAN" ;; esac
cd "$T" || exit 1

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
check() { echo "check: $*"; }

printf '%s\n' id,name,lon,lat,workers c1,west,114.2001,22.7001,120 c2,junction,114.2011,22.7001,80 \
    c3,east,114.2019,22.6999,40 c4,south,114.2010,22.6992,10 >clusters.csv
# stations NAME CAP1 CAP2 [CAP3]: NAME.csv, capacities in column cap; s3 (south) only with CAP3
stations() {
    printf '%s\n' id,name,lon,lat,cap "s1,west station,114.2000,22.6999,$2" \
        "s2,east station,114.2019,22.7000,$3" >"$1.csv"
    [ $# -ge 4 ] && printf '%s\n' "s3,south station,114.2010,22.6993,$4" >>"$1.csv"
    return 0
}
# ini NAME SITES [LINES...]
ini() {
    local name=$1 sites=$2; shift 2
    {
        printf '%s\n' "[scenario]" "name = Capacity render test" "[inputs]" "network = $NET" \
            "clusters = clusters.csv" "clusters.x = lon" "clusters.y = lat" "clusters.id = id" \
            "clusters.weight = workers" "sites = $sites.csv" "sites.x = lon" "sites.y = lat" \
            "sites.id = id" "sites.name = name" "sites.capacity = cap" "[travel]" "minutes = 2"
        for l in "$@"; do printf '%s\n' "$l"; done
    } >"$name.ini"
}
run() {   # run INI OUT [ARGS...]
    local ini=$1 out=$2; shift 2
    "$SITEPLAN" run -q "$ini.ini" -o "$out" "$@" >"$out.stdout" 2>"$out.err" ||
        { sed 's/^/    /' "$out.err" >&2; fail "$out: siteplan run exited $?"; }
}

stations A 100 30
stations B 200 40 100
ini A A
ini B B
run A A
run B B
run B U --set "changes.set_capacity=s2, unlimited"
run B F --set capacity.enabled=no

check "B's fixture has a site in each utilisation class (sites.csv)"
classes=$(awk -F, 'NR > 1 && $11 != "" { if ($12 + 0 >= $11 - 1e-9) c["full"] = 1; else if ($12 < 0.8 * $11) c["low"] = 1; else c["high"] = 1 }
                   END { n = 0; for (k in c) n++; print n }' B/sites.csv)
[ "$classes" = 3 ] || fail "B/sites.csv: $classes utilisation classes, the fixture needs all 3"

# expect OUT LANG: the capacity page and the map legend against summary.json and sites.csv
expect() {
    local o=$1 lang=$2
    pdftotext -layout "$o/report.pdf" "$o.report.$lang.txt" 2>/dev/null || fail "$o: pdftotext report.pdf"
    pdftotext -layout "$o/map.pdf" "$o.map.$lang.txt" 2>/dev/null || fail "$o: pdftotext map.pdf"
    check "$o ($lang): the Capacity page: title, method, split = summary.json, sites table in utilisation order"
    python3 - "$o" "$lang" "$o.report.$lang.txt" "$o.map.$lang.txt" <<'PY' || fail "$o ($lang): capacity page or map legend"
import csv, json, re, sys
o, lang, rep_txt, map_txt = sys.argv[1:5]
s = json.load(open(o + "/summary.json"))
c = s["capacity"]
rep = open(rep_txt).read()
mp = open(map_txt).read()
bad = []
def n(v): return "{:,}".format(int(round(v)))
def p(v, d): return ("{:.%df}%%" % d).format(v)
if lang == "en":
    title, method = "Capacity: who is actually served", "Method: min-cost flow, optimal: the most workers served, then the least travel."
    parts = ["Served", "Covered but over capacity", "Not covered", "All workers"]
    table, full, unlimited = "Sites by utilisation (full first)", "full", "unlimited"
    leg = ["Served: %s (%s)", "Covered but over capacity: %s (%s)", "Not covered: %s (%s)"]
    cls = {"all": "Covered, all served", "part": "Covered, partly served", "none": "Covered, none served: over capacity"}
    util_head = "Sites by use (load / capacity)"
else:
    title, method = "服务容量：实际获得服务的职工", "方法：最小费用流，最优解：先使获得服务的职工最多，再使总出行时间最少。"
    parts = ["获得服务", "已覆盖但超出容量", "未覆盖", "全部职工"]
    table, full, unlimited = "站点按使用率排序（满员在前）", "满员", "不限"
    leg = ["获得服务：%s（%s）", "已覆盖但超出容量：%s（%s）", "未覆盖：%s（%s）"]
    cls = {"all": "已覆盖，全部获得服务", "part": "已覆盖，部分获得服务", "none": "已覆盖，无人获得服务：超出容量"}
    util_head = "站点使用率（服务人数 / 容量）"
if rep.count(title) != 1: bad.append("report: %r %d times, expected once" % (title, rep.count(title)))
if method not in rep.replace("\n", ""): bad.append("report: no method line %r" % method)
vals = [(c["workers_served"], c["percent_served"]), (c["workers_over_capacity"], c["percent_over_capacity"]),
        (c["workers_not_covered"], c["percent_not_covered"]), (s["workers_total"], 100)]
for name, (w, pc) in zip(parts, vals):
    if not re.search(r"^\s*%s\s+%s\s+%s\s*$" % (re.escape(name), re.escape(n(w)), re.escape(p(pc, 2))), rep, re.M):
        bad.append("report: no split row %s %s %s" % (name, n(w), p(pc, 2)))
# the sites table: every site, full first, then utilisation, load, workers reached down, file order
sites = list(csv.DictReader(open(o + "/sites.csv")))
def key(ir):
    i, r = ir
    cap = float(r["capacity"]) if r["capacity"] != "" else None
    load = float(r["load"])
    isfull = cap is not None and load >= cap - 1e-9 * max(1, cap)
    k = 0 if isfull else 1 if cap is not None else 2
    u = load / cap if k == 1 else 0
    return (k, -u, -load, -float(r["workers"]), i)
order = [r for _, r in sorted(enumerate(sites), key=key)]
sec = rep[rep.find(table):] if table in rep else ""
if not sec: bad.append("report: no table %r" % table)
ids = {r["id"] for r in sites}
rows = [l.split() for l in sec.splitlines() if l.split() and l.split()[0] in ids]
if [r[0] for r in rows] != [r["id"] for r in order]:
    bad.append("sites table order %s, expected %s" % ([r[0] for r in rows], [r["id"] for r in order]))
for row, r in zip(rows, order):
    line = " ".join(row)
    cap = r["capacity"]
    want_cap = n(float(cap)) if cap != "" else unlimited
    want = [want_cap, n(float(r["load"]))]
    if cap != "" and float(r["load"]) >= float(cap) - 1e-9 * max(1, float(cap)):
        want.append(full)
    if cap == "":
        want.append("\u2014")
    want.append(n(float(r["workers"])))
    if any(w not in row for w in want):
        bad.append("sites row %r lacks %s" % (line, want))
# the map legend: key figures and the cluster classes present
for fmt, (w, pc) in zip(leg, vals):
    t = fmt % (n(w), p(pc, 1))
    if t not in mp: bad.append("map legend: no %r" % t)
if util_head not in mp: bad.append("map legend: no %r" % util_head)
present = set()
for r in csv.DictReader(open(o + "/coverage.csv")):
    if r["covered"] != "1" or float(r["workers"]) <= 0: continue
    sv, wk = float(r["served"]), float(r["workers"])
    present.add("all" if sv >= wk - 1e-9 else "none" if sv <= 1e-9 else "part")
for k, t in cls.items():
    if (k in present) != (t in mp):
        bad.append("map legend: %r %s, but coverage.csv has %s" % (t, "missing" if k in present else "shown", sorted(present)))
for b in bad: print(b)
sys.exit(1 if bad else 0)
PY
}

for o in A B U; do expect $o en; done
check "U: the unlimited station is drawn plain and the legend says so"
grep -q "Station without a capacity limit" U.map.en.txt || fail "U: map legend has no 'Station without a capacity limit'"

# svg_count FILE RGB: symbols filled with that colour in map.svg (cairo writes percentages)
svg_count() {
    local pc; pc=$(printf '%d %d %d' 0x${2:0:2} 0x${2:2:2} 0x${2:4:2} |
        awk '{ for (i = 1; i <= 3; i++) { v = sprintf("%f", $i / 255 * 100); sub(/0+$/, "", v); sub(/\.$/, "", v); printf "%s%%%s", v, (i < 3 ? "," : "") } }')
    grep -o "fill:rgb($pc)" "$1" | wc -l | tr -d ' '
}
for o in A B U; do
    check "$o: map.svg has one symbol per site of each utilisation class (sites.csv) plus the legend's"
    read -r lo hi fu <<<"$(awk -F, 'NR > 1 && $4 == 1 && $11 != "" { if ($12 + 0 >= $11 - 1e-9) f++; else if ($12 < 0.8 * $11) l++; else h++ }
                                 END { print l + 0, h + 0, f + 0 }' $o/sites.csv)"
    for pair in "fcc5c0 $lo" "f768a1 $hi" "7a0177 $fu"; do
        set -- $pair
        got=$(svg_count $o/map.svg "$1")
        [ "$got" = $(($2 + 1)) ] || fail "$o/map.svg: $got fills of #$1, expected $2 sites + 1 legend swatch"
    done
done

check "A in Chinese (siteplan render --language zh): the same page and legend"
cp -r A Azh
"$SITEPLAN" render Azh --language zh >/dev/null 2>Azh.err || fail "Azh: siteplan render --language zh exited $?"
grep -q "warning" Azh.err && fail "Azh: warnings: $(head -2 Azh.err)"
expect Azh zh

check "F (capacity.enabled = no): no capacity page, row, legend entry or colour"
pdftotext -layout F/report.pdf F.report.txt && pdftotext -layout F/map.pdf F.map.txt
for s in "who is actually served" "Workers served (capacity)" "Sites by utilisation" "Utilisation"; do
    grep -q "$s" F.report.txt && fail "F/report.pdf has '$s' without capacity"
done
for s in "Sites by use" "served" "over capacity"; do
    grep -qi "$s" F.map.txt && fail "F/map.pdf has '$s' without capacity"
done
for rgb in fcc5c0 f768a1 7a0177; do
    [ "$(svg_count F/map.svg $rgb)" = 0 ] || fail "F/map.svg has #$rgb without capacity"
done

check "without summary.json \"capacity\" the drawing ignores capacity: A stripped = A run with capacity off, byte for byte"
mkdir -p strip off
cp -r A strip/out
python3 - strip/out/summary.json <<'PY' || fail "cannot strip summary.json"
import json, sys
f = sys.argv[1]
s = json.load(open(f))
del s["capacity"]
json.dump(s, open(f, "w"), indent=2)
PY
run A off/out --set capacity.enabled=no
"$SITEPLAN" render strip/out >/dev/null 2>strip.err || fail "strip: siteplan render exited $?"
"$SITEPLAN" render off/out >/dev/null 2>off.err || fail "off: siteplan render exited $?"
for f in map.png map.svg report.pdf; do
    cmp -s strip/out/$f off/out/$f || fail "$f: A's folder without \"capacity\" draws differently from the run without capacity"
done
cmp -s A/map.png off/out/map.png && fail "A/map.png is the same with and without capacity (nothing drawn?)"

if [ $failures -gt 0 ]; then
    echo "capacity_render: $failures failure(s)" >&2
    exit 1
fi
echo "capacity_render: ok"
