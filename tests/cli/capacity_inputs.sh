#!/usr/bin/env bash
# capacity_inputs.sh — issue 11's capacity inputs: every bad one is exit 1
# with exactly this one error line (naming the file, layer, field and row, or
# the scenario key), nothing on stdout and no result file; blank capacities
# are taken as the default (or unlimited) with ONE warning counting them.
# Fixture: the 17-node test network (tests/data/osm/topology.osm), four
# clusters (lib/topology.sh), two stations and a facility, made here; the
# scenario is run from its folder so the messages name the files as the
# scenario does.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

. "$SP_ROOT/tests/cli/lib/topology.sh"
topo_begin capacity_inputs

topo_clusters
# sites.csv: good capacities; each bad_*.csv breaks one value on line 3
printf '%s\n' id,name,lon,lat,cap s1,station,114.2000,22.6999,100 s2,east,114.2019,22.7000,30 >sites.csv
mk_bad() { printf '%s\n' id,name,lon,lat,cap s1,station,114.2000,22.6999,100 "s2,east,114.2019,22.7000,$2" >"$1"; }
mk_bad bad_word.csv lots
mk_bad bad_negative.csv -5
mk_bad bad_nan.csv nan
mk_bad bad_inf.csv inf
mk_bad bad_huge.csv 1e400
mk_bad bad_hex.csv 0x10
printf '%s\n' id,name,lon,lat,cap s1,station,114.2000,22.6999, s2,east,114.2019,22.7000, >blank.csv
printf '%s\n' id,name,lon,lat,cap f1,clinic,114.2010,22.6992,-1 >fac_bad.csv
printf '%s\n' id,lon,lat,cap n1,114.2011,22.7001,abc >add_bad.csv
printf '%s\n' id,lon,lat,cap k1,114.2011,22.7001,-3 >cand_bad.csv
cat >bool.geojson <<'JSON'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"id": "s1", "cap": 100}, "geometry": {"type": "Point", "coordinates": [114.2000, 22.6999]}},
 {"type": "Feature", "properties": {"id": "s2", "cap": true}, "geometry": {"type": "Point", "coordinates": [114.2019, 22.7000]}}]}
JSON

# ini NAME SITES_FILE [EXTRA...] — NAME.ini: the clusters, SITES_FILE as
# sites (capacity field cap), walk 2 minutes, no drawing; EXTRA lines after.
ini() {
    local name=$1 sites=$2; shift 2
    {
        topo_inputs "$sites"
        printf '%s\n' "sites.id = id" "sites.capacity = cap"
        case $sites in *.csv) printf '%s\n' "sites.x = lon" "sites.y = lat" ;; esac
        printf '%s\n' "[travel]" "minutes = 2" "[render]" "enabled = no"
        for l in "$@"; do printf '%s\n' "$l"; done
    } >"$name.ini"
}

ini word bad_word.csv "[capacity]"
topo_expect word "siteplan run: bad_word.csv, layer bad_word, field cap, line 3: 'lots' is not a capacity (a number from 0 to 1e+15)"
ini negative bad_negative.csv "[capacity]"
topo_expect negative "siteplan run: bad_negative.csv, layer bad_negative, field cap, line 3: negative capacity (-5); 0 closes a site to new workers, a blank takes the default"
ini nan bad_nan.csv "[capacity]"
topo_expect nan "siteplan run: bad_nan.csv, layer bad_nan, field cap, line 3: 'nan' is not a capacity (a number from 0 to 1e+15)"
ini inf bad_inf.csv "[capacity]"
topo_expect inf "siteplan run: bad_inf.csv, layer bad_inf, field cap, line 3: 'inf' is not a capacity (a number from 0 to 1e+15)"
ini huge bad_huge.csv "[capacity]"
topo_expect huge "siteplan run: bad_huge.csv, layer bad_huge, field cap, line 3: capacity 1e400 is more than the limit of 1e+15 (README \"Capacity inputs\")"
ini hex bad_hex.csv "[capacity]"
topo_expect hex "siteplan run: bad_hex.csv, layer bad_hex, field cap, line 3: '0x10' is not a capacity (a number from 0 to 1e+15)"
ini bool bool.geojson "[capacity]"
topo_expect bool "siteplan run: bool.geojson, layer bool, field cap, feature 1: true is a boolean, not a capacity"
# a field named that the layer does not have (no [capacity] section: the field alone switches capacity on)
ini absent sites.csv
sed -i 's/^sites.capacity = cap$/sites.capacity = beds/' absent.ini
topo_expect absent "siteplan run: sites.csv, layer sites: no field 'beds' (sites.capacity); fields are: id, name, lon, lat, cap"
# facilities, candidates and add_sites are read the same way
ini fac sites.csv "[capacity]"
sed -i 's/^sites.capacity = cap$/&\nfacilities = fac_bad.csv\nfacilities.x = lon\nfacilities.y = lat\nfacilities.id = id\nfacilities.capacity = cap/' fac.ini
topo_expect fac "siteplan run: fac_bad.csv, layer fac_bad, field cap, line 2: negative capacity (-1); 0 closes a site to new workers, a blank takes the default"
ini cand sites.csv "[siting]" "budget = 1" "candidates = cand_bad.csv" "candidates.x = lon" \
    "candidates.y = lat" "candidates.id = id" "candidates.capacity = cap"
topo_expect cand "siteplan run: cand_bad.csv, layer cand_bad, field cap, line 2: negative capacity (-3); 0 closes a site to new workers, a blank takes the default"
ini add sites.csv "[changes]" "add_sites = add_bad.csv" "add_sites.x = lon" "add_sites.y = lat" \
    "add_sites.id = id" "add_sites.capacity = cap"
topo_expect add "siteplan run: add_bad.csv, layer add_bad, field cap, line 2: 'abc' is not a capacity (a number from 0 to 1e+15)"
# the [capacity] keys and set_capacity
ini default_neg sites.csv "[capacity]" "default = -1"
topo_expect default_neg "siteplan run: default_neg.ini: [capacity] default = '-1': must be at least 0 and at most 1e+15"
ini default_word sites.csv "[capacity]" "default = many"
topo_expect default_word "siteplan run: default_word.ini: [capacity] default = 'many': not a number (or unlimited)"
ini new_site_neg sites.csv "[capacity]" "new_site = -2"
topo_expect new_site_neg "siteplan run: new_site_neg.ini: [capacity] new_site = '-2': must be at least 0 and at most 1e+15"
ini vpw_zero sites.csv "[capacity]" "visits_per_worker = 0"
topo_expect vpw_zero "siteplan run: vpw_zero.ini: [capacity] visits_per_worker = '0': must be greater than 0 and at most 1e+06"
ini set_unknown sites.csv "[capacity]" "[changes]" "set_capacity = zz, 10"
topo_expect set_unknown "siteplan run: set_unknown.ini: [changes] set_capacity: no station or facility has id 'zz'"
ini set_word sites.csv "[capacity]" "[changes]" "set_capacity = s1, lots"
topo_expect set_word "siteplan run: set_word.ini: [changes] set_capacity = 's1, lots': the capacity must be a number from 0 to 1e+15, or unlimited"
ini set_neg sites.csv "[capacity]" "[changes]" "set_capacity.2 = s1, -4"
topo_expect set_neg "siteplan run: set_neg.ini: [changes] set_capacity.2 = 's1, -4': the capacity must be a number from 0 to 1e+15, or unlimited"
ini set_off sites.csv "[capacity]" "enabled = no" "[changes]" "set_capacity = s1, 10"
topo_expect set_off "siteplan run: set_off.ini: [changes] set_capacity: capacity is off (no [capacity] section or capacity field: [capacity] enabled = no)"

# blanks: one warning counting them, naming the first row; the default (or unlimited)
echo "check: blank capacities -> one warning, unlimited"
ini blank blank.csv "[capacity]"
"$SITEPLAN" run -q blank.ini -o out_blank >blank.stdout 2>blank.err || fail "blank: exit $?"
w=$(grep -c 'blank capacit' blank.err)
[ "$w" = 1 ] || fail "blank: $w warnings about blank capacities, expected 1"
grep -qxF "siteplan: warning: blank.csv, layer blank, field cap: 2 blank capacities (the first on line 2) taken as unlimited (no [capacity] default)" blank.err ||
    fail "blank: warning is $(grep 'blank capacit' blank.err)"
[ "$(cut -d, -f11 out_blank/sites.csv | tail -n +2 | tr '\n' ' ')" = "  " ] ||
    fail "blank: unlimited sites should have an empty capacity: $(cut -d, -f11 out_blank/sites.csv)"
echo "check: blank capacities with [capacity] default = 50 -> 50"
ini blank50 blank.csv "[capacity]" "default = 50"
"$SITEPLAN" run -q blank50.ini -o out_blank50 >blank50.stdout 2>blank50.err || fail "blank50: exit $?"
grep -qxF "siteplan: warning: blank.csv, layer blank, field cap: 2 blank capacities (the first on line 2) taken as 50 workers ([capacity] default)" blank50.err ||
    fail "blank50: warning is $(grep 'blank capacit' blank50.err)"
[ "$(cut -d, -f11 out_blank50/sites.csv | tail -n +2 | tr '\n' ' ')" = "50 50 " ] ||
    fail "blank50: capacities $(cut -d, -f11 out_blank50/sites.csv)"
echo "check: visits_per_worker = 0.5: a field value of 100 visits is 200 workers"
ini visits sites.csv "[capacity]" "visits_per_worker = 0.5"
"$SITEPLAN" run -q visits.ini -o out_visits >visits.stdout 2>visits.err || fail "visits: exit $?"
[ "$(cut -d, -f11 out_visits/sites.csv | tail -n +2 | tr '\n' ' ')" = "200 60 " ] ||
    fail "visits: capacities $(cut -d, -f11 out_visits/sites.csv)"
grep -q blank visits.err && fail "visits: a blank warning without blanks"

if [ "$failures" -gt 0 ]; then
    echo "capacity_inputs: $failures failure(s)" >&2
    exit 1
fi
echo "capacity_inputs: ok"
