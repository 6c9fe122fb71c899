#!/usr/bin/env bash
# mobile_inputs.sh — issue 12's [mobile] inputs: every bad one is exit 1 with
# exactly this one error line naming the scenario file, [mobile] and the key,
# nothing on stdout and no result file; a good [mobile] runs and prints its
# "Mobile units:" line; `[mobile] enabled = no` switches the stage off.
# Fixture: the 17-node test network (tests/data/osm/topology.osm), four
# clusters (lib/topology.sh) and two stations, made here; run from its
# folder so the messages name the files as the scenario does.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

. "$SP_ROOT/tests/cli/lib/topology.sh"
topo_begin mobile_inputs

topo_clusters
printf '%s\n' id,name,lon,lat s1,station,114.2000,22.6999 s2,east,114.2019,22.7000 >sites.csv

# ini NAME MODE [LINES...] — NAME.ini: the clusters and stations, MODE 2
# minutes, no drawing, then [mobile] and LINES.
ini() {
    local name=$1 mode=$2; shift 2
    {
        topo_inputs sites.csv
        printf '%s\n' "sites.id = id" "sites.x = lon" "sites.y = lat" "[travel]" "mode = $mode" \
            "minutes = 2" "[render]" "enabled = no" "[mobile]"
        for l in "$@"; do printf '%s\n' "$l"; done
    } >"$name.ini"
}

# no depot, an unknown depot id, depots = facilities without facilities
ini nodepot walk "capacity_per_day = 100"
topo_expect nodepot "siteplan run: nodepot.ini: [mobile] depots is required: stations, facilities, or a point layer of the units' depots"
ini baddepot walk "capacity_per_day = 100" "depots = stations" "depot_ids = s1, nope"
topo_expect baddepot "siteplan run: baddepot.ini: [mobile] depot_ids: 'nope' is not among the depots (sites.csv, layer sites)"
ini nofac walk "capacity_per_day = 100" "depots = facilities"
topo_expect nofac "siteplan run: nofac.ini: [mobile] depots = facilities, but [inputs] facilities is not given"
# capacity: 0, missing, a word
ini cap0 walk "capacity_per_day = 0" "depots = stations"
topo_expect cap0 "siteplan run: cap0.ini: [mobile] capacity_per_day = '0': must be greater than 0 and at most 1e+09"
ini nocap walk "depots = stations"
topo_expect nocap "siteplan run: nocap.ini: [mobile] capacity_per_day is required: the workers one unit serves in one day (a number greater than 0)"
ini capword walk "capacity_per_day = lots" "depots = stations"
topo_expect capword "siteplan run: capword.ini: [mobile] capacity_per_day = 'lots': not a number (or unlimited)"
# walk_minutes (default 10) with a car scenario; 0 is fine there
ini car car "capacity_per_day = 100" "depots = stations"
topo_expect car "siteplan run: car.ini: [mobile] walk_minutes = 10 needs [travel] mode = walk (workers walk to a stop; this scenario's mode is car); set walk_minutes = 0 to drive to each cluster"
# serve
ini serve walk "capacity_per_day = 100" "depots = stations" "serve = nearest"
topo_expect serve "siteplan run: serve.ini: [mobile] serve = 'nearest': expected gaps, all, largest:N (N a whole number >= 1) or where:FILTER (an attribute filter on the clusters layer)"
ini largest0 walk "capacity_per_day = 100" "depots = stations" "serve = largest:0"
topo_expect largest0 "siteplan run: largest0.ini: [mobile] serve = 'largest:0': expected gaps, all, largest:N (N a whole number >= 1) or where:FILTER (an attribute filter on the clusters layer)"
ini where walk "capacity_per_day = 100" "depots = stations" "serve = where:nosuch > 1"
topo_expect where "siteplan run: where.ini: [mobile] serve = 'where:nosuch > 1': clusters.csv, layer clusters: bad filter clusters.where = 'nosuch > 1': \"nosuch\" not recognised as an available field"
# the period
ini period walk "capacity_per_day = 100" "depots = stations" "visits_per_period = 3"
topo_expect period "siteplan run: period.ini: [mobile] period_days = 20 is not a multiple of visits_per_period = 3 (each block of the period has the same number of days)"
ini clock walk "capacity_per_day = 100" "depots = stations" "day_start = 25:00"
topo_expect clock "siteplan run: clock.ini: [mobile] day_start = '25:00': expected a clock time HH:MM, e.g. 08:00"
ini units0 walk "capacity_per_day = 100" "depots = stations" "units = 0"
topo_expect units0 "siteplan run: units0.ini: [mobile] units = '0': must be at least 1 and at most 10000"
ini badkey walk "capacity_per_day = 100" "depots = stations" "trucks = 2"
topo_expect badkey "siteplan run: badkey.ini: [mobile]: unknown key 'trucks'"
# --set names its origin like any key
"$SITEPLAN" run -q nocap.ini -o out_set --set mobile.capacity_per_day=-1 >set.stdout 2>set.err
rc=$?
want="siteplan run: --set mobile.capacity_per_day=-1: [mobile] capacity_per_day = '-1': must be greater than 0 and at most 1e+09"
got=$(grep -v '^siteplan: warning: ' set.err)
echo "check: --set capacity_per_day=-1 -> exit 1"
[ $rc -eq 1 ] || fail "--set: exit $rc, expected 1"
[ "$got" = "$want" ] || fail "--set: stderr is
    $got
  expected
    $want"

# a good one: walk 1 minute to a stop, the gap (c4) served from s1
ini good walk "capacity_per_day = 100" "depots = stations" "depot_ids = s1" "walk_minutes = 1"
echo "check: good -> exit 0 and a Mobile units line"
"$SITEPLAN" run -q good.ini -o out_good >good.stdout 2>good.err || fail "good: exit $? ($(grep -v warning good.err))"
grep -q '^Mobile units: 1 stop, ' good.stdout || fail "good: no 'Mobile units: 1 stop' line: $(cat good.stdout)"
# a stop no depot can reach: c5 lies 300 m off the roads, beyond max_snap_m =
# 100, so it is a gap, its own stop (walk_minutes = 0), and has no road: a
# warning naming it, its workers "unreachable", exit 0
printf '%s\n' c5,far,114.2010,22.6965,25 >>clusters.csv
ini far walk "capacity_per_day = 100" "depots = stations" "depot_ids = s1" "walk_minutes = 0"
sed -i 's/^minutes = 2$/minutes = 2\nmax_snap_m = 100/' far.ini
echo "check: a stop no depot reaches -> exit 0, one warning naming it, 25 workers unreachable"
"$SITEPLAN" run -q far.ini -o out_far >far.stdout 2>far.err || fail "far: exit $? ($(cat far.err))"
grep -q "^siteplan: warning: far.ini: \[mobile\]: 1 stop (25 workers) cannot be reached from any unit's depot (no road between them by \[mobile\] drive_mode): c5; " far.err ||
    fail "far: no warning naming c5: $(cat far.err)"
grep -q '"unreachable": 25' out_far/summary.json || fail "far: summary.json does not count 25 unreachable"
sed -i '$d' clusters.csv

# enabled = no: no stage
ini off walk "enabled = no" "capacity_per_day = 0"
sed -i 's/^capacity_per_day = 0$/capacity_per_day = 100/' off.ini
echo "check: enabled = no -> no Mobile units line"
"$SITEPLAN" run -q off.ini -o out_off >off.stdout 2>off.err || fail "off: exit $?"
grep -q '^Mobile units' off.stdout && fail "off: a Mobile units line with enabled = no"

[ $failures -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "mobile_inputs: ok"
