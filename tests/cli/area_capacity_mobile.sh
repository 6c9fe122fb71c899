#!/usr/bin/env bash
# area_capacity_mobile.sh — issue 13: [capacity] and [mobile] with area
# (polygon) clusters, on the 17-node test network (tests/data/osm/
# topology.osm), walk 2 minutes, one station s1 at node 1 (the fixture of
# area_clusters.sh, lib/parks.sh).  Parks drawn in the working CRS
# (EPSG:32650):
#   half    240 x 60 m along the road west of s1, 331 workers: 33 lattice
#           points (spacing 20 m), the east ones within 2 minutes of s1;
#   inside   60 x 50 m around s1, 90 workers: 9 points, all within reach;
#   outside  60 x 50 m east of node 7, 50 workers: 9 points, none.
# 331 / 33 is not a whole number: each point carries 331/33 rounded down to
# a multiple of 2^-20 worker, the last point the rest (cover/lattice.h), so
# the covered part of the half park is not 331 x k / 33 but the sum of its
# covered points' shares, computed here exactly (python floats = C doubles)
# from an independent run of the lattice points as point clusters (which
# points are covered).
# Capacity (s1 takes 100 workers, fewer than the half park's covered part):
#   half alone: assignment.csv half,s1,100; coverage.csv/clusters layer
#   served 100, unserved = covered part - 100 EXACTLY (results.gpkg keeps
#   the doubles); summary: served + over capacity + not covered = 331.
#   the three parks: per cluster served + unserved = its covered part
#   exactly, served <= covered part, outside 0/0; served in all = 100 =
#   the capacity; assignment.csv adds up per cluster to coverage.csv served.
# Mobile (serve = gaps, depot s1, walk_minutes 10, 1,000 a day): the target
# is the uncovered part of the half park (its uncovered points' shares,
# neither 0 nor all 331), exactly total - covered; served + not served =
# target; the mobile_stops layer's workers add up to it; the three parks:
# the half park's uncovered part + the outside park's 50.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

. "$SP_ROOT/tests/cli/lib/parks.sh"
parks_begin area_capacity_mobile

parks_three 331
wkt_gpkg parks points

# The independent point run: which lattice points s1 covers.
parks_ini points points "1 = 1"
run points || exit 1
# shares.py: each park's exact covered and uncovered parts from the point
# run (the share rule of cover/lattice.h), as python reprs (exact doubles)
cat >shares.py <<'PY'
import csv, math, sys
W = {"half": 331.0, "inside": 90.0, "outside": 50.0}
pts = {}
for r in csv.DictReader(open(sys.argv[1])):
    p, k = r["id"].rsplit("_", 1)
    pts.setdefault(p, {})[int(k)] = r["covered"] == "1"
for p, w in W.items():
    cov = pts[p]
    n = len(cov)
    q = math.floor(w / n * 2**20) / 2**20
    share = [q] * (n - 1) + [w - (n - 1) * q]
    c = sum(share[k] for k in range(n) if cov[k])
    u = sum(share[k] for k in range(n) if not cov[k])
    print(p, n, sum(cov.values()), repr(c), repr(u))
PY
python3 shares.py out_points/coverage.csv >shares.txt || { fail "shares.py"; exit 1; }
part() { awk -v p="$1" -v f="$2" '$1 == p { print $f }' shares.txt; }   # part PARK 4|5
k_half=$(part half 3)
check "independent lattice: $(tr '\n' ';' <shares.txt)"
[ "$(part half 2)/$(part inside 2)/$(part outside 2)" = 33/9/9 ] || fail "lattice counts $(cat shares.txt)"
[ "$(part inside 3)/$(part outside 3)" = 9/0 ] || fail "inside/outside covered points $(cat shares.txt)"
awk -v k="$k_half" 'BEGIN { exit !(k >= 10 && k <= 23) }' || fail "half park: $k_half of 33 points covered"
awk -v c="$(part half 4)" 'BEGIN { exit !(c > 100) }' ||
    { fail "half park's covered part $(part half 4) not above the capacity 100: the fixture does not test a binding capacity"; exit 1; }

# gpkg OUT SQL: one value from results.gpkg (python sqlite3: the doubles as stored)
gpkg() { python3 -c 'import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()
print("null" if r is None or r[0] is None else repr(r[0]))' "$1/results.gpkg" "$2"; }

# cap_consistent NAME PARKS...: per park (clusters layer, exact doubles)
# served + unserved = its covered part, 0 <= served <= covered part;
# assignment.csv adds up per cluster to coverage.csv served; summary.json
# served + over + not covered = workers_total (within the text's 10
# digits), served = the clusters' served.
cap_consistent() {
    local n=$1 o=out_$1 p; shift
    for p in "$@"; do
        local s u c
        s=$(gpkg "$o" "SELECT served FROM clusters WHERE id = '$p'")
        u=$(gpkg "$o" "SELECT unserved FROM clusters WHERE id = '$p'")
        c=$(part "$p" 4)
        check "$n: $p served $s + unserved $u = covered part $c (exactly), served <= covered part"
        python3 -c 'import sys; s, u, c = map(float, sys.argv[1:4]); sys.exit(not (s + u == c and 0 <= s <= c and u >= 0))' \
            "$s" "$u" "$c" || fail "$n: $p: served $s + unserved $u != covered part $c (or served above it)"
    done
    check "$n: assignment.csv = coverage.csv served per cluster; summary split adds up to workers_total"
    python3 - "$o" <<'PY' || fail "$n: see above"
import csv, json, sys
o = sys.argv[1]
a = {}
for r in csv.DictReader(open(o + "/assignment.csv")):
    a[r["cluster_id"]] = a.get(r["cluster_id"], 0) + float(r["workers"])
bad = []
rows = list(csv.DictReader(open(o + "/coverage.csv")))
for r in rows:
    if abs(float(r["served"]) - a.get(r["id"], 0)) > 1e-9 * max(1, float(r["served"])):
        bad.append("%s: coverage.csv served %s, assignment.csv %s" % (r["id"], r["served"], a.get(r["id"], 0)))
s = json.load(open(o + "/summary.json"))
c = s["capacity"]
if abs(c["workers_served"] + c["workers_over_capacity"] + c["workers_not_covered"] - s["workers_total"]) > 1e-6:
    bad.append("split %r + %r + %r != workers_total %r" % (c["workers_served"], c["workers_over_capacity"],
                                                          c["workers_not_covered"], s["workers_total"]))
if abs(c["workers_served"] - sum(float(r["served"]) for r in rows)) > 1e-6:
    bad.append("workers_served %r != the clusters' served" % c["workers_served"])
if abs(c["workers_over_capacity"] - sum(float(r["unserved"]) for r in rows)) > 1e-6:
    bad.append("workers_over_capacity %r != the clusters' unserved" % c["workers_over_capacity"])
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
}

# ---- capacity: the half park alone, s1 takes 100 ----
parks_ini cap_half parks "id = 'half'" "[capacity]" "default = 100"
run cap_half
c=$(part half 4)
check "cap_half: assignment.csv is the one row half,s1,100; workers_total 331; over capacity = $c - 100; not covered = 331 - $c"
[ "$(tail -n +2 out_cap_half/assignment.csv | cut -d, -f1-3)" = "half,s1,100" ] ||
    fail "cap_half: assignment.csv $(tr '\n' ' ' <out_cap_half/assignment.csv)"
[ "$(jget out_cap_half/summary.json workers_total)" = 331 ] ||
    fail "cap_half: workers_total $(jget out_cap_half/summary.json workers_total)"
python3 - "$c" out_cap_half/summary.json <<'PY' || fail "cap_half: summary.json capacity"
import json, sys
c = float(sys.argv[1])
s = json.load(open(sys.argv[2]))["capacity"]
want = {"workers_served": 100, "workers_over_capacity": c - 100, "workers_not_covered": 331 - c}
bad = [k for k in want if abs(s[k] - want[k]) > 1e-6]
for k in bad:
    print("%s %r, expected %r" % (k, s[k], want[k]))
sys.exit(1 if bad else 0)
PY
cap_consistent cap_half half

# ---- capacity: the three parks, s1 takes 100 ----
parks_ini cap_all parks "1 = 1" "[capacity]" "default = 100"
run cap_all
check "cap_all: 100 served in all (the capacity binds: $(part half 4) + 90 covered); outside 0 served, 0 unserved"
[ "$(gpkg out_cap_all "SELECT SUM(served) FROM clusters")" = 100.0 ] ||
    fail "cap_all: served in all $(gpkg out_cap_all "SELECT SUM(served) FROM clusters")"
[ "$(gpkg out_cap_all "SELECT served FROM clusters WHERE id = 'outside'")/$(gpkg out_cap_all "SELECT unserved FROM clusters WHERE id = 'outside'")" = 0.0/0.0 ] ||
    fail "cap_all: outside park served/unserved"
[ "$(jget out_cap_all/summary.json workers_total)" = 471 ] ||
    fail "cap_all: workers_total $(jget out_cap_all/summary.json workers_total)"
cap_consistent cap_all half inside outside

# ---- mobile: serve = gaps, the uncovered part of the half park ----
mob="depots = stations|depot_ids = s1|capacity_per_day = 1000|walk_minutes = 10|serve = gaps"
IFS='|' read -r -a mob_lines <<<"$mob"
# mob_consistent NAME WANT: workers_target = WANT (the independent
# uncovered parts) = workers_total - workers_covered; served + not served =
# target (summary.json rounds workers_covered to a whole worker: within
# 0.5); the mobile_stops layer's workers add up to the target.
mob_consistent() {
    local n=$1 want=$2
    check "$n: mobile workers_target = $want (the uncovered points' shares) = total - covered; served + not served = target; stops' workers = target"
    python3 - "out_$n" "$want" <<'PY' || fail "$n: see above"
import json, sqlite3, sys
o, want = sys.argv[1], float(sys.argv[2])
s = json.load(open(o + "/summary.json"))
m = s["mobile"]
bad = []
if abs(m["workers_target"] - want) > 1e-6:
    bad.append("workers_target %r, expected %r" % (m["workers_target"], want))
# summary.json shows workers_covered rounded to a whole worker
if abs(m["workers_target"] - (s["workers_total"] - s["workers_covered"])) > 0.5:
    bad.append("workers_target %r != workers_total - workers_covered %r" % (m["workers_target"], s["workers_total"] - s["workers_covered"]))
if abs(m["workers_served"] + sum(m["workers_unserved"].values()) - m["workers_target"]) > 1e-6:
    bad.append("served %r + not served %r != target" % (m["workers_served"], m["workers_unserved"]))
st = sqlite3.connect(o + "/results.gpkg").execute("SELECT SUM(workers) FROM mobile_stops").fetchone()[0]
if st is None or abs(st - want) > 1e-9:
    bad.append("mobile_stops workers %r, expected %r" % (st, want))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
}
parks_ini mob_half parks "id = 'half'" "[mobile]" "${mob_lines[@]}"
run mob_half
u=$(part half 5)
check "mob_half: the target is the half park's uncovered part $u (not 0, not 331); all of it served (near the depot, 1,000 a day)"
awk -v u="$u" 'BEGIN { exit !(u > 0 && u < 331) }' || fail "mob_half: the uncovered part $u is not a part"
[ "$(jget out_mob_half/summary.json mobile.workers_served)" = "$(jget out_mob_half/summary.json mobile.workers_target)" ] ||
    fail "mob_half: served $(jget out_mob_half/summary.json mobile.workers_served) of $(jget out_mob_half/summary.json mobile.workers_target)"
[ "$(awk -F, 'NR > 1 && $4 == "stop" { print $NF }' out_mob_half/mobile_schedule.csv | sort -u)" = half ] ||
    fail "mob_half: the schedule's stops do not name the half park: $(cat out_mob_half/mobile_schedule.csv)"
mob_consistent mob_half "$u"

parks_ini mob_all parks "1 = 1" "[mobile]" "${mob_lines[@]}"
run mob_all
u_all=$(python3 -c 'import sys; print(repr(float(sys.argv[1]) + 50.0))' "$u")
mob_consistent mob_all "$u_all"

# ---- capacity and mobile together: the same targets, the same split ----
parks_ini both parks "1 = 1" "[capacity]" "default = 100" "[mobile]" "${mob_lines[@]}"
run both
mob_consistent both "$u_all"
cap_consistent both half inside outside

[ "$failures" = 0 ] || { echo "area_capacity_mobile: $failures failed" >&2; exit 1; }
echo "area capacity and mobile: half park $k_half of 33 points covered (covered part $(part half 4), uncovered $u); ok"
