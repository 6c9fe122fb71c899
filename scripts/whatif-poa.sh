#!/usr/bin/env bash
# whatif-poa.sh — worked what-if examples on the bundled Porto Alegre data.
#
#   scripts/whatif-poa.sh            (after make)
#
# The scenario files are in data/whatif/: base15.ini (the default scenario at
# 15 minutes on foot) and one file per question, each extending it and
# changing one thing ([changes], [travel] or [siting]; see README.md).
# `siteplan compare` runs them all over one load of the road network and
# writes out/whatif/comparison.csv, comparison.json, changes.csv and each
# scenario's results; the table is printed here.  Copy a file of
# data/whatif/ to ask your own question.
set -euo pipefail
cd "$(dirname "$0")/.."
w=data/whatif
mkdir -p out
./siteplan compare "$w/base15.ini" "$w/close-most-to-lose.ini" "$w/add-three.ini" \
    "$w/ebike15.ini" "$w/road-closed.ini" "$w/budget5.ini" -o out/whatif -q 2>out/whatif.log ||
    { echo "whatif: siteplan compare failed:" >&2; tail -n 1 out/whatif.log >&2; exit 1; }
