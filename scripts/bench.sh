#!/usr/bin/env bash
# bench.sh — speed and memory benchmarks on the bundled data (make bench).
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory build/release/bench >/dev/null
build/release/bench data/porto_alegre.ini
