#!/usr/bin/env bash
# make-results-base.sh [SITEPLAN] — remake tests/fuzz/results_base, the small
# real result folder in which fuzz_summary, fuzz_curve, fuzz_resultsgpkg and
# fuzz_msched replace one file by their input.  Run it from the repository root after a
# change of the results schema (the replay of those harnesses fails with a
# message when the folder no longer reads), then remake the seeds:
#   cp tests/fuzz/results_base/summary.json tests/fuzz/corpus/summary/
# (and coverage_curve.csv into corpus/curve, results.gpkg into corpus/resultsgpkg,
# mobile_schedule.csv into corpus/msched).
set -eu
siteplan=${1:-build/release/siteplan}
root=$(pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Four clusters and one station on the 23-node test network
# (tests/data/osm/topology.osm), two of its clusters as candidates; one
# mobile unit from the station (issue 12) serves the gaps on two visits in a
# 4-day period, so the folder has the mobile layers, summary.json "mobile"
# and mobile_schedule.csv too.
printf '%s\n' id,name,lon,lat,workers c1,west,114.2001,22.7001,120 c2,junction,114.2011,22.7001,80 \
  c3,east,114.2019,22.6999,40 c4,south,114.2010,22.6992,10 >"$tmp/clusters.csv"
printf '%s\n' id,name,lon,lat s1,station,114.2000,22.6999 >"$tmp/sites.csv"
cat >"$tmp/base.ini" <<INI
[scenario]
name = fuzz base
[inputs]
network = $root/tests/data/osm/topology.osm
clusters = clusters.csv
clusters.x = lon
clusters.y = lat
clusters.id = id
clusters.name = name
clusters.weight = workers
sites = sites.csv
sites.x = lon
sites.y = lat
sites.id = id
sites.name = name
[travel]
mode = walk
minutes = 1,2
[siting]
model = mclp
budget = 2
candidates = clusters.csv
candidates.x = lon
candidates.y = lat
candidates.id = id
candidates.name = name
[mobile]
depots = stations
capacity_per_day = 100
walk_minutes = 1
period_days = 4
visits_per_period = 2
INI
"$siteplan" run -q "$tmp/base.ini" -o "$tmp/out" >/dev/null 2>&1
rm -rf tests/fuzz/results_base && mkdir -p tests/fuzz/results_base
# Every file but the maps and the report (render does not read those).
for f in "$tmp"/out/*; do
  case $f in *.png | *.pdf | *.svg) ;; *) cp "$f" tests/fuzz/results_base/ ;; esac
done
# No machine's paths in the repository.
sed -i -e "s|$tmp|/fuzz|g" -e "s|$root/||g" tests/fuzz/results_base/summary.json
# No "files" list (summary.json's last key): a harness replaces one file, so
# the checksums would refuse every input before the reader under test sees it.
awk '/^  "files": \[/ { sub(/,$/, "", prev); print prev; print "}"; done = 1; exit }
     NR > 1 { print prev } { prev = $0 } END { if (!done) print prev }' \
  tests/fuzz/results_base/summary.json >"$tmp/s.json" && cp "$tmp/s.json" tests/fuzz/results_base/summary.json
ls -l tests/fuzz/results_base
