#!/usr/bin/env bash
# run-tests.sh BUILD_DIR — run every unit test binary in BUILD_DIR/tests and
# every shell test in tests/cli/*.sh against BUILD_DIR/siteplan.
# Each shell test is one test: exit 0 = pass.  Prints a closing
# "N passed, N failed" line and exits non-zero if anything failed.
set -u
build=${1:?usage: run-tests.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export SITEPLAN="$root/$build/siteplan"
export SP_ROOT="$root"
export SP_SHARED="${SP_SHARED:-$root/../shared}"
export SP_TMP="$root/tests/tmp/$(basename "$build")"
rm -rf "$SP_TMP"; mkdir -p "$SP_TMP"
passed=0; failed=0; failures=()

for t in "$build"/tests/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  out=$("$t" 2>&1); rc=$?
  line=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
  p=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) passed.*/\1/'); p=${p:-0}
  f=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/'); f=${f:-0}
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$f" -ne 0 ]; then
    failures+=("$name"); printf '%s\n' "$out" | tail -n 30 >&2
    echo "FAIL $name (exit $rc)" >&2
  else
    echo "ok   $name ($p)"
  fi
done

for t in tests/cli/*.sh; do
  [ -f "$t" ] || continue
  name=$(basename "$t" .sh)
  out=$(timeout 600 bash "$t" 2>&1); rc=$?
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1)); echo "ok   cli/$name"
  else
    failed=$((failed + 1)); failures+=("cli/$name")
    printf '%s\n' "$out" | tail -n 30 >&2
    echo "FAIL cli/$name (exit $rc)" >&2
  fi
done

echo "$(basename "$build"): $passed passed, $failed failed"
[ $failed -eq 0 ]
