#!/usr/bin/env bash
# capacity_run.sh — issue 11, capacitated coverage of the existing stations
# on a hand-made fixture whose answers are worked out by hand below:
#   the 17-node test network (tests/data/osm/topology.osm), walk 2 minutes;
#   clusters c1 120 workers (west), c2 80 (junction), c3 40 (east), c4 10
#   (south, beyond every station); stations s1 (west) and s2 (east).
#   Within 2 minutes: s1 reaches c1 and c2, s2 reaches c2 and c3; c1 is
#   nearer s1 than c2 is, c3 nearer s2 than c2 is, and c2 is nearer s2 than
#   s1 (all three read from single-station runs here, not assumed).
# Cases (expected values computed by hand):
#   A  s1 100, s2 30: 130 served (c1 -> s1 100, c3 -> s2 30), 110 over
#      capacity (c1 20, c2 80, c3 10), 10 not covered; both full.
#   B  s1 150, s2 100: all 240 covered served; c1 -> s1 120, c3 -> s2 40,
#      c2 split: 60 to s2 (nearer; its 100 is then full), 20 to s1;
#      loads 140 and 100, utilisation 0.9333 and 1.0000.
#   C  capacities of 1e12: served = covered exactly, each cluster wholly at
#      its nearest site (assignment = coverage.csv nearest_site).
#   D  s1 0 (closed to new workers), s2 30: s1 serves nobody, c1 0 served.
#   E  the what-if: A with [changes] set_capacity = s2, 100: 200 served
#      (s2 takes c3 40 + c2 60).
#   F  no [capacity]: the capacity columns empty, no assignment.csv, no
#      "capacity" in summary.json; and a capacity run's assignment.csv is
#      removed when the next run into the folder has none.
#   siteplan compare A E F: comparison.csv/.json workers_served 130, 200, empty;
#   siteplan sweep F --vary capacity.default=50,100,unlimited: 100, 200, 240.
# Every capacity run is also checked for consistency: assignment.csv's
# workers add up per cluster to coverage.csv served and per site to
# sites.csv load (<= capacity); served + unserved = the covered workers of
# each cluster; served + over + not covered = all workers in summary.json,
# whose percentages add up to 100; the GeoPackage's clusters and sites
# layers say what the CSVs say; stdout's Capacity line the same numbers.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

. "$SP_ROOT/tests/cli/lib/topology.sh"
topo_begin capacity_run
check() { echo "check: $*"; }

topo_clusters
# stations(NAME CAP1 CAP2): NAME.csv with capacities in column cap
stations() { printf '%s\n' id,name,lon,lat,cap "s1,west station,114.2000,22.6999,$2" "s2,east station,114.2019,22.7000,$3" >"$1.csv"; }

# ini NAME SITES [LINES...]: NAME.ini, walk 2 minutes, sites SITES.csv with
# capacity field cap, then LINES.
ini() {
    local name=$1 sites=$2; shift 2
    {
        topo_inputs "$sites.csv"
        printf '%s\n' "sites.x = lon" "sites.y = lat" "sites.id = id" "sites.name = name" "sites.capacity = cap" \
            "[travel]" "minutes = 2" "[render]" "enabled = no"
        for l in "$@"; do printf '%s\n' "$l"; done
    } >"$name.ini"
}
run() {   # run NAME [OUT]: siteplan run NAME.ini into OUT (default out_NAME)
    local out=${2:-out_$1}
    "$SITEPLAN" run -q "$1.ini" -o "$out" >"$1.stdout" 2>"$1.err" ||
        { sed 's/^/    /' "$1.err" >&2; fail "$1: siteplan run exited $?"; }
}
jget() { python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    d = d.get(k) if isinstance(d, dict) else None
print("null" if d is None else d)' "$1" "$2"; }
# col FILE ID COLUMN: the value of COLUMN in the row whose first field is ID
col() { awk -F, -v id="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
        $1 == id { print $k[c] }' "$1"; }
# assign OUT CLUSTER SITE: the workers of that row of assignment.csv (empty: none)
assign() { awk -F, -v c="$2" -v s="$3" '$1 == c && $2 == s { print $3 }' "$1/assignment.csv"; }

# consistent NAME OUT: the cross-file checks of every capacity run.
consistent() {
    local n=$1 o=$2
    check "$n: assignment.csv adds up to coverage.csv served (per cluster) and sites.csv load (per site)"
    awk -F, 'FNR == 1 { f++; next }
             f == 1 { a[$1] += $3; b[$2] += $3; next }
             f == 2 { if (($16 + 0) != (a[$1] + 0)) { print "cluster " $1 ": served " $16 " != assigned " a[$1]; bad = 1 }
                      if ($6 == 1 && ($16 + $17) != $3) { print "cluster " $1 ": served + unserved != workers"; bad = 1 }
                      if ($6 == 0 && ($16 != 0 || $17 != 0)) { print "cluster " $1 ": not covered but served/unserved"; bad = 1 }
                      next }
             f == 3 { if (($12 + 0) != (b[$1] + 0)) { print "site " $1 ": load " $12 " != assigned " b[$1]; bad = 1 }
                      if ($11 != "" && $12 > $11) { print "site " $1 ": load " $12 " above capacity " $11; bad = 1 } }
             END { exit bad }' "$o/assignment.csv" "$o/coverage.csv" "$o/sites.csv" ||
        fail "$n: assignment.csv, coverage.csv and sites.csv disagree"
    check "$n: summary.json: served + over + not covered = all workers; percentages add up to 100"
    python3 - "$o" <<'PY' || fail "$n: summary.json capacity"
import csv, json, sys
o = sys.argv[1]
s = json.load(open(o + "/summary.json"))
c = s["capacity"]
rows = list(csv.DictReader(open(o + "/coverage.csv")))
served = sum(float(r["served"]) for r in rows)
unserved = sum(float(r["unserved"]) for r in rows)
bad = []
if c["workers_served"] + c["workers_over_capacity"] + c["workers_not_covered"] != s["workers_total"]:
    bad.append("split does not add up to workers_total")
if c["workers_served"] != served: bad.append("workers_served %s != coverage.csv %s" % (c["workers_served"], served))
if c["workers_over_capacity"] != unserved: bad.append("over %s != unserved %s" % (c["workers_over_capacity"], unserved))
if c["workers_not_covered"] != s["workers_total"] - s["workers_covered"]: bad.append("not covered")
if round(c["percent_served"] + c["percent_over_capacity"] + c["percent_not_covered"], 6) != 100: bad.append("percentages")
if c["method"] != "min-cost flow (successive shortest paths)" or c["optimal"] is not True: bad.append("method")
for b in bad: print(b)
sys.exit(1 if bad else 0)
PY
    check "$n: results.gpkg clusters.served/unserved and sites.capacity/load/utilisation = the CSVs"
    ogr2ogr -f CSV "$n.cl.csv" "$o/results.gpkg" clusters -select id,served,unserved 2>/dev/null
    ogr2ogr -f CSV "$n.si.csv" "$o/results.gpkg" sites -select id,capacity,load,utilisation 2>/dev/null
    cut -d, -f1,16,17 "$o/coverage.csv" >"$n.cl.want"
    cut -d, -f1,11,12,13 "$o/sites.csv" >"$n.si.want"
    # the same rows, numbers equal as numbers, empty = empty (null)
    same() { awk -F, 'FNR == 1 { f++ } f == 1 { a[FNR] = $0; n = FNR; next }
                      { split(a[FNR], x, ","); for (i = 1; i <= NF; i++)
                          if (FNR == 1 || i == 1 ? x[i] != $i : (x[i] == "") != ($i == "") || x[i] + 0 != $i + 0) bad = 1 }
                      END { exit bad || FNR != n }' "$1" "$2"; }
    same "$n.cl.csv" "$n.cl.want" || fail "$n: clusters layer $(tr '\n' ' ' <"$n.cl.csv") != coverage.csv $(tr '\n' ' ' <"$n.cl.want")"
    same "$n.si.csv" "$n.si.want" || fail "$n: sites layer $(tr '\n' ' ' <"$n.si.csv") != sites.csv $(tr '\n' ' ' <"$n.si.want")"
    check "$n: stdout's Capacity line = summary.json"
    local want
    want=$(python3 -c 'import json,sys
c = json.load(open(sys.argv[1]))["capacity"]
print("Capacity: %.0f served (" % c["workers_served"])' "$o/summary.json")
    grep -q "^$want" "$n.stdout" || fail "$n: stdout has no line starting '$want': $(grep Capacity "$n.stdout")"
}

# ---- the geometry the hand answers rest on: single-station runs ----
stations one 1e12 1e12
printf '%s\n' id,name,lon,lat,cap "s1,west station,114.2000,22.6999,1e12" >only1.csv
printf '%s\n' id,name,lon,lat,cap "s2,east station,114.2019,22.7000,1e12" >only2.csv
ini only1 only1
ini only2 only2
run only1
run only2
check "fixture: s1 reaches c1, c2 (c1 nearer); s2 reaches c2, c3 (c3 nearer); c2 nearer s2; c4 beyond both"
m1c1=$(col out_only1/coverage.csv c1 minutes) m1c2=$(col out_only1/coverage.csv c2 minutes)
m2c2=$(col out_only2/coverage.csv c2 minutes) m2c3=$(col out_only2/coverage.csv c3 minutes)
[ "$(col out_only1/coverage.csv c3 covered)$(col out_only1/coverage.csv c4 covered)" = 00 ] &&
    [ "$(col out_only2/coverage.csv c1 covered)$(col out_only2/coverage.csv c4 covered)" = 00 ] &&
    [ -n "$m1c1" ] && [ -n "$m1c2" ] && [ -n "$m2c2" ] && [ -n "$m2c3" ] &&
    awk -v a="$m1c1" -v b="$m1c2" -v c="$m2c2" -v d="$m2c3" 'BEGIN { exit !(a < b && d < c && c < b) }' ||
    { fail "the fixture is not as described: s1 c1 $m1c1, c2 $m1c2; s2 c2 $m2c2, c3 $m2c3"; exit 1; }

# ---- A: both stations bind ----
stations a 100 30
ini A a "[capacity]"
run A
check "A: 130 served (c1->s1 100, c3->s2 30), 110 over capacity, 10 not covered; 2 sites full"
[ "$(assign out_A c1 s1)/$(assign out_A c3 s2)/$(wc -l <out_A/assignment.csv)" = "100/30/3" ] ||
    fail "A: assignment.csv is $(tr '\n' ' ' <out_A/assignment.csv)"
[ "$(col out_A/coverage.csv c1 served)/$(col out_A/coverage.csv c1 unserved)" = 100/20 ] &&
    [ "$(col out_A/coverage.csv c2 served)/$(col out_A/coverage.csv c2 unserved)" = 0/80 ] &&
    [ "$(col out_A/coverage.csv c3 served)/$(col out_A/coverage.csv c3 unserved)" = 30/10 ] &&
    [ "$(col out_A/coverage.csv c4 served)/$(col out_A/coverage.csv c4 unserved)" = 0/0 ] ||
    fail "A: coverage.csv served/unserved $(cut -d, -f1,16,17 out_A/coverage.csv | tr '\n' ' ')"
[ "$(jget out_A/summary.json capacity.workers_served)/$(jget out_A/summary.json capacity.workers_over_capacity)/$(jget out_A/summary.json capacity.workers_not_covered)/$(jget out_A/summary.json capacity.sites_full)" = 130/110/10/2 ] ||
    fail "A: summary.json capacity $(jget out_A/summary.json capacity)"
[ "$(jget out_A/summary.json capacity.percent_served)/$(jget out_A/summary.json capacity.percent_over_capacity)/$(jget out_A/summary.json capacity.percent_not_covered)" = 52.0/44.0/4.0 ] ||
    fail "A: percentages"
[ "$(col out_A/sites.csv s1 utilisation)/$(col out_A/sites.csv s2 utilisation)" = 1.0000/1.0000 ] ||
    fail "A: utilisation"
grep -qx "Capacity: 130 served (52.0%), 110 covered but over capacity (44.0%), 10 not covered (4.0%); 2 sites full" A.stdout ||
    fail "A: stdout $(grep -A2 Capacity A.stdout)"
# worker-minutes: 100 x (c1 -> s1) + 30 x (c3 -> s2), from the single-station runs' minutes
wm=$(awk -v a="$m1c1" -v b="$m2c3" 'BEGIN { printf "%.2f", 100 * a + 30 * b }')
awk -v x="$(jget out_A/summary.json capacity.worker_minutes)" -v y="$wm" 'BEGIN { d = x - y; exit !(d < 0.02 && d > -0.02) }' ||
    fail "A: worker_minutes $(jget out_A/summary.json capacity.worker_minutes), by hand $wm"
consistent A out_A

# ---- B: a split cluster ----
stations b 150 100
ini B b "[capacity]"
run B
check "B: all 240 covered served; c2 split 60 to s2 (nearer), 20 to s1; loads 140 / 100"
[ "$(assign out_B c1 s1)/$(assign out_B c2 s1)/$(assign out_B c2 s2)/$(assign out_B c3 s2)" = 120/20/60/40 ] ||
    fail "B: assignment.csv is $(tr '\n' ' ' <out_B/assignment.csv)"
[ "$(sed -n 2,5p out_B/assignment.csv | cut -d, -f1,2 | tr '\n' ' ')" = "c1,s1 c2,s1 c2,s2 c3,s2 " ] ||
    fail "B: rows not in cluster then site order"
[ "$(col out_B/sites.csv s1 load)/$(col out_B/sites.csv s2 load)" = 140/100 ] &&
    [ "$(col out_B/sites.csv s1 utilisation)/$(col out_B/sites.csv s2 utilisation)" = 0.9333/1.0000 ] ||
    fail "B: loads $(cut -d, -f1,11- out_B/sites.csv | tr '\n' ' ')"
[ "$(jget out_B/summary.json capacity.workers_served)/$(jget out_B/summary.json capacity.workers_over_capacity)/$(jget out_B/summary.json capacity.sites_full)" = 240/0/1 ] ||
    fail "B: summary $(jget out_B/summary.json capacity)"
[ "$(col out_B/coverage.csv c2 served)/$(col out_B/coverage.csv c2 unserved)" = 80/0 ] || fail "B: c2"
consistent B out_B

# ---- C: huge capacities = the uncapacitated run ----
ini C one "[capacity]"
run C
check "C: capacities 1e12: served = covered, every cluster wholly at its nearest site"
[ "$(jget out_C/summary.json capacity.workers_served)" = "$(jget out_C/summary.json workers_covered)" ] ||
    fail "C: served $(jget out_C/summary.json capacity.workers_served) != covered $(jget out_C/summary.json workers_covered)"
awk -F, 'FNR == 1 { f++; next } f == 1 { a[$1] = $2; w[$1] = $3; next }
         $6 == 1 && (a[$1] != $4 || w[$1] != $3 || $17 != 0) { print $1; bad = 1 } END { exit bad }' \
    out_C/assignment.csv out_C/coverage.csv || fail "C: a cluster not wholly at its nearest site"
[ "$(jget out_C/summary.json capacity.sites_full)/$(jget out_C/summary.json capacity.sites_with_capacity)" = 0/2 ] ||
    fail "C: sites_full"
consistent C out_C

# ---- D: capacity 0 serves nobody ----
stations d 0 30
ini D d "[capacity]"
run D
check "D: s1 at capacity 0: load 0, in no assignment row; c1 (only s1 reaches it) served 0"
[ "$(col out_D/sites.csv s1 load)" = 0 ] && [ -z "$(awk -F, '$2 == "s1"' out_D/assignment.csv)" ] &&
    [ "$(col out_D/coverage.csv c1 served)" = 0 ] && [ "$(col out_D/coverage.csv c1 covered)" = 1 ] ||
    fail "D: $(tr '\n' ' ' <out_D/assignment.csv)"
[ "$(col out_D/sites.csv s1 utilisation)" = 1.0000 ] || fail "D: a site of capacity 0 is full (utilisation 1)"
[ "$(jget out_D/summary.json capacity.workers_served)" = 30 ] || fail "D: served"
consistent D out_D

# ---- E: the what-if changes the numbers ----
ini E a "[capacity]" "[changes]" "set_capacity = s2, 100"
run E
check "E: A with set_capacity = s2, 100: 200 served (s2 takes c3 40 and c2 60)"
[ "$(jget out_E/summary.json capacity.workers_served)" = 200 ] &&
    [ "$(assign out_E c2 s2)/$(assign out_E c3 s2)/$(col out_E/sites.csv s2 capacity)" = 60/40/100 ] ||
    fail "E: served $(jget out_E/summary.json capacity.workers_served), $(tr '\n' ' ' <out_E/assignment.csv)"
consistent E out_E
# visits: the same with set_capacity in visits at 0.5 visits per worker
ini E2 a "[capacity]" "visits_per_worker = 0.5" "[changes]" "set_capacity = s2, 50"
run E2
check "E2: visits_per_worker 0.5: field 100 -> 200 workers, set_capacity 50 -> 100 workers"
[ "$(col out_E2/sites.csv s1 capacity)/$(col out_E2/sites.csv s2 capacity)" = 200/100 ] ||
    fail "E2: capacities $(cut -d, -f1,11 out_E2/sites.csv | tr '\n' ' ')"

# ---- F: no [capacity] ----
ini F a
sed -i '/^sites.capacity = cap$/d' F.ini
run F out_A   # into A's folder: assignment.csv must go
check "F: no [capacity]: empty capacity columns, no assignment.csv (A's removed), no summary.json capacity"
[ ! -e out_A/assignment.csv ] || fail "F: assignment.csv of the earlier run left in the folder"
[ "$(jget out_A/summary.json capacity)" = null ] || fail "F: summary.json has capacity"
[ -z "$(cut -d, -f16- out_A/coverage.csv | tail -n +2 | tr -d ',\n')" ] &&
    [ -z "$(cut -d, -f11- out_A/sites.csv | tail -n +2 | tr -d ',\n')" ] || fail "F: capacity columns not empty"
ogrinfo -ro -q out_A/results.gpkg -sql "SELECT COUNT(*) AS n FROM clusters WHERE served IS NOT NULL OR unserved IS NOT NULL" |
    grep -q 'n (Integer) = 0' || fail "F: clusters layer has served values"
grep -q '^Capacity:' F.stdout && fail "F: stdout has a Capacity line"
# [capacity] enabled = no switches a capacity scenario off
ini G a "[capacity]" "enabled = no"
run G
check "G: [capacity] enabled = no: no capacity outputs"
[ ! -e out_G/assignment.csv ] && [ "$(jget out_G/summary.json capacity)" = null ] || fail "G: capacity not off"

# ---- siteplan compare: the served workers side by side ----
check "compare A E F: comparison.csv workers_served 130, 200 and empty (no [capacity]); stdout's served column"
"$SITEPLAN" compare -q --no-render A.ini E.ini F.ini -o cmp >cmp.stdout 2>cmp.err ||
    { sed 's/^/    /' cmp.err >&2; fail "compare exited $?"; }
[ "$(cut -d, -f17,18 cmp/comparison.csv | tr '\n' ' ')" = "workers_served,percent_served 130,52.00 200,80.00 , " ] ||
    fail "compare: $(cut -d, -f17,18 cmp/comparison.csv | tr '\n' ' ')"
[ "$(python3 -c 'import json,sys; print([r["workers_served"] for r in json.load(open(sys.argv[1]))])' cmp/comparison.json)" = "[130, 200, None]" ] ||
    fail "compare: comparison.json workers_served"
[ "$(awk '$1 == "E.ini" { print $NF }' cmp.stdout)/$(awk '$1 == "F.ini" { print $NF }' cmp.stdout)" = "200/-" ] ||
    fail "compare: stdout $(cat cmp.stdout)"

# ---- siteplan sweep over [capacity] default ----
check "sweep F --vary capacity.default=50,100,unlimited: workers_served 100, 200, 240 (2 x 50, 2 x 100, all covered)"
"$SITEPLAN" sweep -q F.ini --vary capacity.default=50,100,unlimited -o sw >sw.stdout 2>sw.err ||
    { sed 's/^/    /' sw.err >&2; fail "sweep exited $?"; }
[ "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next } { printf "%s ", $k["workers_served"] }' sw/sweep.csv)" = "100 200 240 " ] ||
    fail "sweep: $(cat sw/sweep.csv)"

if [ "$failures" -gt 0 ]; then
    echo "capacity_run: $failures failure(s)" >&2
    exit 1
fi
echo "capacity_run: ok"
