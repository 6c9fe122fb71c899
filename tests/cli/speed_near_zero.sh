#!/usr/bin/env bash
# speed_near_zero.sh — a speed so close to 0 that a road's travel time leaves
# the float range the searches count in (found by fuzz_netcache through a
# cache payload; a speed profile reaches it too) is an input error naming
# the road, not a road silently made unusable.
# Env: SITEPLAN, SP_ROOT, SP_TMP.
set -u
: "${SITEPLAN:?}" "${SP_ROOT:?}" "${SP_TMP:?}"
T="$SP_TMP/speed_near_zero"
rm -rf "$T"; mkdir -p "$T" || exit 1
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

printf 'id,lon,lat,workers\nc1,114.2011,22.7001,80\n' >"$T/clusters.csv"
printf '%s\n' "[inputs]" "network = $SP_ROOT/tests/data/osm/topology.osm" \
  "clusters = clusters.csv" "clusters.x = lon" "clusters.y = lat" "clusters.weight = workers" \
  "[travel]" "profile = tiny.csv" >"$T/s.ini"
# 1e-40 km/h: 103 m take 3.7e42 s, beyond FLT_MAX (3.4e38).
printf 'highway,kmh\nresidential,5\nfootway,5\nservice,0.0000000000000000000000000000000000000001\n' \
  >"$T/tiny.csv"
err=$("$SITEPLAN" run -q "$T/s.ini" -o "$T/out" 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] || fail "tiny speed: exit $rc, expected 1"
line=$(printf '%s\n' "$err" | grep -v ': warning: ')
printf '%s\n' "$line" | grep -q 'road [0-9]*: .* at 1e-40 km/h is beyond the travel times' ||
  fail "tiny speed: message: $line"
# 0.001 km/h is slow but countable: the run goes on.
sed -i "s/^service,.*/service,0.001/" "$T/tiny.csv"
"$SITEPLAN" run -q "$T/s.ini" -o "$T/out2" >/dev/null 2>&1 || fail "0.001 km/h: exit $?"
[ $fails -eq 0 ] && echo "speed_near_zero: ok"
[ $fails -eq 0 ]
