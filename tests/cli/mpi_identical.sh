#!/usr/bin/env bash
# mpi_identical.sh — siteplan-mpi (make mpi) spreads a run's searches over MPI
# ranks; its results must be the single-process run's, byte for byte.
#   1. the default Porto Alegre scenario, with 2 and 4 ranks (oversubscribed
#      on this machine): every file of the result folder (PNG, PDF, GPKG
#      too) and standard output equal `siteplan run`'s; the single-process
#      run is itself byte-stable (checked first, so a difference is MPI's);
#   2. with [siting] over the existing sites (the candidates' matrix reuses
#      their rows; the recommended sites' catchments are searched again),
#      two thresholds, 2 and 4 ranks; greenfield mclp and the mobile truck
#      (its walk matrix) with 2 ranks; by car and [catchment] per_site = no,
#      2 ranks; the greenfield by car, 30 minutes, whose candidates' matrix
#      runs over the contraction hierarchy (README.md, Travel times), 2 ranks;
#      by car with the ranks searching by lanes (SITEPLAN_SEARCH_LANES=on,
#      README.md, Travel times) and one process without, 2 ranks;
#   3. errors: a bad --set (every rank fails the same way) and an output
#      folder only rank 0 refuses (the other ranks learn it at the first
#      exchange): exit 1, the message once, nothing written.
# Builds nothing: SITEPLAN_MPI (default $SP_ROOT/build/mpi/siteplan-mpi) must
# exist; without it or without mpirun the test prints SKIP and passes.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"
MPI_BIN="${SITEPLAN_MPI:-$SP_ROOT/build/mpi/siteplan-mpi}"

case "$SITEPLAN" in
  */build/asan/*|*/build/tsan/*)
    echo "SKIP mpi_identical: siteplan-mpi has no sanitizer build; run with the release build"
    exit 0 ;;
esac
if ! command -v mpirun >/dev/null 2>&1; then
  echo "SKIP mpi_identical: no mpirun (apt-get install openmpi-bin libopenmpi-dev; make mpi)"
  exit 0
fi
if [ ! -x "$MPI_BIN" ]; then
  echo "SKIP mpi_identical: no $MPI_BIN (make mpi builds it)"
  exit 0
fi

T="$SP_TMP/mpi_identical"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }

MPIRUN=(mpirun --oversubscribe)
[ "$(id -u)" -eq 0 ] && MPIRUN+=(--allow-run-as-root)
# waiting ranks yield the core instead of spinning (2 ranks per core here)
export OMPI_MCA_mpi_yield_when_idle=1

fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# same_tree A B: the same file names and every file byte-identical
same_tree() {
  local a=$1 b=$2 f
  if [ "$(cd "$a" && find . -type f | sort)" != "$(cd "$b" && find . -type f | sort)" ]; then
    fail "$b: other files than $a: $(diff <(cd "$a" && find . -type f | sort) \
      <(cd "$b" && find . -type f | sort) | grep '^[<>]' | tr '\n' ' ')"
    return
  fi
  while IFS= read -r f; do
    cmp -s "$a/$f" "$b/$f" || fail "$b/$f differs from $a/$f"
  done < <(cd "$a" && find . -type f | sort)
}

# run_case NAME NPS ARGS...: the single-process run twice (stable?), then
# siteplan-mpi with each rank count in NPS; each into $T/NAME/RUN/out (same
# folder name: the report names it).
run_case() {
  local name=$1 nps=$2 np before=$fails
  shift 2
  local d="$T/$name"
  mkdir -p "$d"
  for r in 1 1b; do
    (cd "$SP_ROOT/data" && "$SITEPLAN" run -q "$@" -o "$d/$r/out") >"$d/$r.stdout" 2>"$d/$r.stderr" ||
      { fail "$name: siteplan run exited $? ($(tail -n 1 "$d/$r.stderr"))"; return; }
    # the folder, and the solve's seconds (the only stdout that varies)
    sed -i -E "s#$d/$r/out#OUT#g; s/, [0-9.]+ s\)/, T s)/" "$d/$r.stdout"
  done
  same_tree "$d/1/out" "$d/1b/out"
  cmp -s "$d/1.stdout" "$d/1b.stdout" || fail "$name: siteplan run's stdout is not stable"
  for np in $nps; do
    (cd "$SP_ROOT/data" && SITEPLAN_SEARCH_LANES="${MPI_LANES:-}" \
       "${MPIRUN[@]}" -np "$np" "$MPI_BIN" run -q "$@" -o "$d/np$np/out") \
      >"$d/np$np.stdout" 2>"$d/np$np.stderr" ||
      { fail "$name: mpirun -np $np exited $? ($(tail -n 3 "$d/np$np.stderr"))"; continue; }
    sed -i -E "s#$d/np$np/out#OUT#g; s/, [0-9.]+ s\)/, T s)/" "$d/np$np.stdout"
    same_tree "$d/1/out" "$d/np$np/out"
    cmp -s "$d/1.stdout" "$d/np$np.stdout" || fail "$name: -np $np: stdout differs" \
      "($(diff "$d/1.stdout" "$d/np$np.stdout" | head -n 3 | tr '\n' ' '))"
    cmp -s "$d/1.stderr" "$d/np$np.stderr" || fail "$name: -np $np: stderr differs (warnings" \
      "once, from rank 0): $(diff "$d/1.stderr" "$d/np$np.stderr" | head -n 3 | tr '\n' ' ')"
  done
  [ $fails -eq $before ] && echo "ok   $name: 1 process and -np $nps byte-identical ($(find "$d/1/out" -type f | wc -l) files)"
}

# 1. the default scenario
run_case default "2 4" porto_alegre.ini

# 2. siting: existing sites + candidates (reused rows), two rings
run_case siting "2 4" porto_alegre.ini --set siting.model=mclp --set siting.budget=3 \
  --set siting.candidates=auto --set travel.minutes=15,30
run_case greenfield "2" porto_alegre_greenfield.ini --set siting.budget=5
run_case mobile "2" porto_alegre_mobile_truck.ini
# by car: catchments over the whole city (the polygons dominate)
run_case car "2" porto_alegre.ini --set travel.mode=car
# the coverage area only (no per-site catchments): nothing spread but the rows
run_case area_only "2" porto_alegre.ini --set catchment.per_site=no
# the ranks' searches by lanes (MPI_LANES=on: SITEPLAN_SEARCH_LANES for the
# ranks only) against one process searching site by site
MPI_LANES=on run_case lanes "2" porto_alegre.ini --set travel.mode=car
# the candidates' matrix by the contraction hierarchy, each rank building it
run_case hierarchy "2" porto_alegre_greenfield.ini --set travel.mode=car --set travel.minutes=30 \
  --set siting.budget=5

# 3. errors
before=$fails
e="$T/err"
mkdir -p "$e"
(cd "$SP_ROOT/data" && "${MPIRUN[@]}" -np 2 "$MPI_BIN" run -q porto_alegre.ini \
  --set travel.minutes=abc -o "$e/a") >"$e/a.stdout" 2>"$e/a.stderr"
rc=$?
n=$(grep -c "minutes = 'abc'" "$e/a.stderr")
[ $rc -eq 1 ] && [ "$n" -eq 1 ] && [ ! -e "$e/a" ] ||
  fail "bad --set with 2 ranks: exit $rc (want 1), message $n times (want 1), folder left: $([ -e "$e/a" ] && echo yes || echo no)"
mkdir -p "$e/b"
echo keep >"$e/b/mine.txt"
(cd "$SP_ROOT/data" && "${MPIRUN[@]}" -np 2 "$MPI_BIN" run -q porto_alegre.ini -o "$e/b") \
  >"$e/b.stdout" 2>"$e/b.stderr"
rc=$?
n=$(grep -c "holds mine.txt" "$e/b.stderr")
[ $rc -eq 1 ] && [ "$n" -eq 1 ] && [ "$(ls "$e/b")" = mine.txt ] ||
  fail "a folder rank 0 refuses, 2 ranks: exit $rc (want 1), message $n times (want 1), folder: $(ls "$e/b" | tr '\n' ' ')"
[ $fails -eq $before ] && echo "ok   errors: agreed by both ranks, reported once"

if [ $fails -ne 0 ]; then
  echo "mpi_identical: $fails failure(s)" >&2
  exit 1
fi
echo "mpi_identical: all passed"
