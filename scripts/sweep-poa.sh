#!/usr/bin/env bash
# sweep-poa.sh — worked sweep examples on the bundled Porto Alegre data.
#
#   scripts/sweep-poa.sh            (after make)
#
# 1. A threshold sweep: the default scenario (data/porto_alegre.ini) at 10,
#    15, 20 and 30 minutes, on foot and by e-bike: 8 runs over one load of
#    the road network.  Writes out/sweep-minutes/sweep.csv, sweep.json and
#    the chart sweep-travel.minutes.png/.pdf (one line per mode).
# 2. A budget sweep: data/whatif/budget5.ini (15 minutes on foot, every
#    hexagon a candidate) with 1 to 10 new stations.  Writes
#    out/sweep-budget/sweep.csv, sweep.json and sweep-siting.budget.png/.pdf
#    (the dashed line: the existing stations alone).
# Each prints its table; warnings (far-from-road clusters) go to the .log
# files.  Copy a line and change the scenario or the --vary lists to ask
# your own question.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p out
./siteplan sweep data/porto_alegre.ini --vary travel.minutes=10,15,20,30 \
    --vary travel.mode=walk,ebike -o out/sweep-minutes -q 2>out/sweep-minutes.log ||
    { echo "sweep-poa: siteplan sweep failed:" >&2; tail -n 1 out/sweep-minutes.log >&2; exit 1; }
echo
./siteplan sweep data/whatif/budget5.ini --vary siting.budget=1..10 -o out/sweep-budget -q \
    2>out/sweep-budget.log ||
    { echo "sweep-poa: siteplan sweep failed:" >&2; tail -n 1 out/sweep-budget.log >&2; exit 1; }
