#!/usr/bin/env bash
# mobile_run.sh — issue 12 end to end on the bundled Porto Alegre data: the
# two worked examples of data/ and what-ifs on them, checked through the
# files a planner gets (summary.json "mobile", mobile_schedule.csv, the
# mobile_routes / mobile_stops layers, mobile_map.png, report.pdf).
#   truck   data/porto_alegre_mobile_truck.ini (one truck, 400 a day, the
#           gaps of the 15-minute walk), drawn in English;
#   trucks2 the same with units = 2 (the what-if "one more unit");
#   rounds  data/porto_alegre_mobile_rounds.ini (weekly e-bike doctor round
#           through the 30 largest workplaces), drawn in Chinese;
#   closed  rounds with a 120 m box of roads closed ([changes]
#           close_roads_in) around a point on one of its route lines, far
#           from every stop and the depot (the what-if "a closed road").
# Checks on every run: serve = gaps targets exactly the uncovered workers
# (summary.json workers_total - workers_covered); served + not served by
# reason = target; the stops' served add up to served; lower bound <=
# needed, used = min(needed, available); per unit-day of the schedule:
# depot rows first and last, arrive = previous depart + drive, back at the
# depot within day_hours, workers <= capacity_per_day; drive minutes of the
# schedule = summary.json drive_minutes; each route of mobile_routes equals
# its first-block unit-day of the schedule (stops, workers, drive).
# What-ifs: one more unit serves more workers on the same unit-days needed,
# in no more days; the closed roads take every route line out of the box and
# do not shorten the drive.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/mobile_run"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }
case $SITEPLAN in /*) ;; *) SITEPLAN="$PWD/$SITEPLAN" ;; esac
TRUCK="$SP_ROOT/data/porto_alegre_mobile_truck.ini"
ROUNDS="$SP_ROOT/data/porto_alegre_mobile_rounds.ini"

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run NAME INI [--set ...]: siteplan run into $T/NAME
run() {
    local name=$1 ini=$2; shift 2
    echo "check: run $name"
    "$SITEPLAN" run -q "$ini" -o "$T/$name" "$@" >"$T/$name.out" 2>"$T/$name.err" ||
        { fail "$name: exit $?: $(tail -1 "$T/$name.err")"; return 1; }
    for f in summary.json mobile_schedule.csv results.gpkg; do
        [ -s "$T/$name/$f" ] || fail "$name: no $f"
    done
    ogr2ogr -q -f CSV "$T/$name.routes.csv" "$T/$name/results.gpkg" mobile_routes \
        -lco GEOMETRY=AS_WKT || fail "$name: mobile_routes layer unreadable"
    ogr2ogr -q -f CSV "$T/$name.stops.csv" "$T/$name/results.gpkg" mobile_stops \
        -lco GEOMETRY=AS_XY || fail "$name: mobile_stops layer unreadable"
}

# consistent NAME: the checks every run gets (python3 reads the files)
consistent() {
    local name=$1
    echo "check: $name: totals, bound, schedule feasibility, routes = schedule"
    python3 - "$T/$name" "$T/$name.routes.csv" "$T/$name.stops.csv" <<'PY' || fail "$name: see above"
import csv, json, sys
from collections import defaultdict
d, rfile, sfile = sys.argv[1:4]
s = json.load(open(d + "/summary.json"))
m = s["mobile"]
bad = []
def near(a, b, tol, what):
    if abs(a - b) > tol:
        bad.append("%s: %r vs %r" % (what, a, b))
if m["serve"] == "gaps":
    near(m["workers_target"], s["workers_total"] - s["workers_covered"], 0.5,
         "gaps target = total - covered")
un = m["workers_unserved"]
near(m["workers_served"] + sum(un.values()), m["workers_target"], 0.5, "served + not served = target")
if not m["unit_days_lower_bound"] <= m["unit_days_needed"]:
    bad.append("lower bound %d > needed %d" % (m["unit_days_lower_bound"], m["unit_days_needed"]))
near(m["unit_days_used"], min(m["unit_days_needed"], m["unit_days_available"]), 0, "used = min(needed, available)")
if m["optimal"] and m["unit_days_lower_bound"] != m["unit_days_needed"] and not m["enumerated"]:
    bad.append("optimal without a proof")
cap = m["capacity_per_day"]
day_min = m["day_hours"] * 60
rows = list(csv.DictReader(open(d + "/mobile_schedule.csv")))
days = defaultdict(list)
for r in rows:
    days[(int(r["day"]), int(r["unit"]))].append(r)
near(len(days), m["unit_days_used"], 0, "unit-days in the schedule")
drive = 0.0
for k, rs in days.items():
    if rs[0]["kind"] != "depot" or rs[-1]["kind"] != "depot" or rs[0]["stop_id"] != rs[-1]["stop_id"]:
        bad.append("unit-day %s: not depot ... same depot" % (k,))
    w = sum(float(r["workers"]) for r in rs)
    if cap is not None and w > cap + 1e-6:
        bad.append("unit-day %s: %g workers > %g" % (k, w, cap))
    if float(rs[-1]["arrive_min"]) > day_min + 0.01:
        bad.append("unit-day %s: back at %s min > %g" % (k, rs[-1]["arrive_min"], day_min))
    for a, b in zip(rs, rs[1:]):
        near(float(b["arrive_min"]), float(a["depart_min"]) + float(b["drive_minutes"]), 0.011,
             "unit-day %s order %s: arrive = depart + drive" % (k, b["order"]))
    drive += sum(float(r["drive_minutes"]) for r in rs)
near(drive, m["drive_minutes"], 0.05 * len(days) + 0.01, "schedule drive = summary drive_minutes")
stops = list(csv.DictReader(open(sfile)))
near(sum(float(r["served"]) for r in stops), m["workers_served"], 0.5, "stops' served = served")
for r in stops:
    if float(r["served"]) > float(r["workers"]) + 1e-6:
        bad.append("stop %s serves more than its workers" % r["stop_id"])
routes = list(csv.DictReader(open(rfile)))
near(len(routes), m["unit_days_used"] // m["visits_per_period"], 0, "routes = unit-days of a block")
for r in routes:
    k = (int(r["day"]), int(r["unit"]))
    rs = days.get(k)
    if not rs:
        bad.append("route %s has no schedule rows" % (k,))
        continue
    near(int(r["stops"]), len(rs) - 2, 0, "route %s stops" % (k,))
    near(float(r["workers"]), sum(float(x["workers"]) for x in rs), 0.02, "route %s workers" % (k,))
    near(float(r["drive_minutes"]), sum(float(x["drive_minutes"]) for x in rs), 0.02 * len(rs), "route %s drive" % (k,))
    if not r["WKT"].startswith("LINESTRING"):
        bad.append("route %s has no line" % (k,))
for b in bad[:10]:
    print("  " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}

jget() { python3 -c 'import json,sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v = v[k]
print(v)' "$1" "$2"; }

# --- the truck, drawn in English -------------------------------------------
run truck "$TRUCK" && consistent truck
[ -s "$T/truck/mobile_map.png" ] || fail "truck: no mobile_map.png"
if command -v pdftotext >/dev/null; then
    pdftotext "$T/truck/report.pdf" "$T/truck.txt"
    grep -q "Mobile units" "$T/truck.txt" || fail "truck: report.pdf has no Mobile units section"
    grep -q "Calendar of the first round" "$T/truck.txt" || fail "truck: report.pdf has no calendar"
fi
[ "$(jget "$T/truck/summary.json" mobile.serve)" = gaps ] || fail "truck: serve is not gaps"

# --- one more truck --------------------------------------------------------
run trucks2 "$TRUCK" --set mobile.units=2 --set render.enabled=no && consistent trucks2
echo "check: one more unit serves more workers, same unit-days needed, in no more days"
python3 - "$T/truck" "$T/trucks2" <<'PY' || fail "units = 2 did not change the plan as expected"
import csv, json, sys
a, b = (json.load(open(x + "/summary.json"))["mobile"] for x in sys.argv[1:3])
def last_day(d):
    return max(int(r["day"]) for r in csv.DictReader(open(d + "/mobile_schedule.csv")))
ok = (b["unit_days_needed"] == a["unit_days_needed"] and
      b["unit_days_available"] == 2 * a["unit_days_available"] and
      b["unit_days_used"] == min(b["unit_days_needed"], b["unit_days_available"]) and
      b["workers_served"] > a["workers_served"] and
      last_day(sys.argv[2]) <= last_day(sys.argv[1]))
print("  served %s -> %s, used %s -> %s" % (a["workers_served"], b["workers_served"],
                                            a["unit_days_used"], b["unit_days_used"]))
sys.exit(0 if ok else 1)
PY

# --- the doctor's round, drawn in Chinese ----------------------------------
run rounds "$ROUNDS" --set render.language=zh && consistent rounds
[ -s "$T/rounds/mobile_map.png" ] || fail "rounds: no mobile_map.png"
echo "check: rounds: 30 stops, each served in every week of the period"
python3 - "$T/rounds" <<'PY' || fail "rounds: not every stop visited once a week"
import csv, json, sys
from collections import Counter
d = sys.argv[1]
m = json.load(open(d + "/summary.json"))["mobile"]
rows = [r for r in csv.DictReader(open(d + "/mobile_schedule.csv")) if r["kind"] == "stop"]
per = Counter((r["stop_id"], (int(r["day"]) - 1) // m["block_days"]) for r in rows)
stops = {r["stop_id"] for r in rows}
ok = (m["stops"] == 30 and len(stops) == 30 and m["capacity_per_day"] is None and
      all(per[(s, b)] == 1 for s in stops for b in range(m["visits_per_period"])))
sys.exit(0 if ok else 1)
PY

# --- a closed road on the round --------------------------------------------
# a point on a route line at least 500 m from every stop and the depot, and
# a 120 m box of roads closed around it
echo "check: closed roads: every route leaves the box, the drive does not get shorter"
python3 - "$T/rounds.routes.csv" "$T/rounds.stops.csv" "$T/box.csv" <<'PY' || fail "closed: no point to close"
import csv, math, re, sys
routes = list(csv.DictReader(open(sys.argv[1])))
stops = [(float(r["X"]), float(r["Y"])) for r in csv.DictReader(open(sys.argv[2]))]
pts = []
for r in routes:
    xy = [tuple(map(float, p.split())) for p in re.sub(r"^LINESTRING ?\(|\)$", "", r["WKT"]).split(",")]
    stops += [xy[0]]          # the depot
    pts += xy
for x, y in pts:
    if all(math.hypot(x - a, y - b) > 500 for a, b in stops):
        h = 60
        with open(sys.argv[3], "w") as f:
            f.write('WKT,id\n"POLYGON ((%f %f,%f %f,%f %f,%f %f,%f %f))",1\n' %
                    (x - h, y - h, x + h, y - h, x + h, y + h, x - h, y + h, x - h, y - h))
        sys.exit(0)
sys.exit(1)
PY
inbox() { # NAME: route lines crossing the box
    ogrinfo -q -dialect sqlite -sql "SELECT count(*) AS n FROM mobile_routes r WHERE ST_Intersects(r.geom, ST_GeomFromText('$(sed -n 2p "$T/box.csv" | cut -d'"' -f2)'))" \
        "$T/$1/results.gpkg" | sed -n 's/.*n (Integer) = //p'
}
before=$(inbox rounds)
[ "${before:-0}" -ge 1 ] || fail "closed: the chosen box is on no route before the closure ($before)"
run closed "$ROUNDS" --set render.enabled=no --set "changes.close_roads_in=$T/box.csv" \
    --set changes.close_roads_in.crs=EPSG:32722 && consistent closed
after=$(inbox closed)
[ "${after:-1}" = 0 ] || fail "closed: $after route line(s) still cross the closed box"
awk -v a="$(jget "$T/rounds/summary.json" mobile.drive_minutes)" \
    -v b="$(jget "$T/closed/summary.json" mobile.drive_minutes)" 'BEGIN { exit !(b >= a - 1e-6) }' ||
    fail "closed: the drive got shorter with roads closed"
echo "  routes through the box: $before before, ${after:-?} after; drive $(jget "$T/rounds/summary.json" mobile.drive_minutes) -> $(jget "$T/closed/summary.json" mobile.drive_minutes) min"

echo "check: same inputs, same bytes (the truck again, into a folder of the same name)"
"$SITEPLAN" run -q "$TRUCK" -o "$T/again/truck" >/dev/null 2>&1 || fail "truck again: exit $?"
for f in mobile_schedule.csv summary.json mobile_map.png report.pdf; do
    cmp -s "$T/truck/$f" "$T/again/truck/$f" || fail "truck: $f differs between two runs"
done

if [ "$failures" -gt 0 ]; then
    echo "mobile_run: $failures failure(s)" >&2
    exit 1
fi
echo "mobile_run: ok"
