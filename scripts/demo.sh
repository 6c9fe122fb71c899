#!/usr/bin/env bash
# demo.sh — run the bundled scenarios into out/ (called by `make demo`).
set -euo pipefail
cd "$(dirname "$0")/.."
for s in data/porto_alegre.ini data/porto_alegre_greenfield.ini data/porto_alegre_capacity.ini \
         data/porto_alegre_capacity_new.ini data/porto_alegre_mobile_truck.ini \
         data/porto_alegre_mobile_rounds.ini data/baltimore_industrial.ini; do
  echo "== siteplan run $s"
  ./siteplan run "$s"
  echo
done
