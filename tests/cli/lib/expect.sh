# expect.sh — shared by the bad-input tests: run siteplan and check the
# error contract (exit 1, exactly one "siteplan run:" line, last on stderr,
# naming the given words; only warnings besides it; nothing on stdout; none of
# the files in OUTPUT_FILES written); also run_ok / expect_ok (a run that
# must succeed), solve_err (a `siteplan solve` refusal) and expect_summary
# (the end of a test).  Source it after setting T (a scratch folder) and,
# optionally, OUTPUT_FILES.
OUTPUT_FILES=${OUTPUT_FILES:-"summary.json coverage.csv sites.csv results.gpkg"}
failures=()
n_cases=0
note_fail() { echo "FAIL [$1]: $2" >&2; failures+=("[$1] $2"); }

# expect_error CASE WORD... -- ARGS...
# Runs `siteplan run ARGS... -o $T/out_CASE -q` and checks the error contract;
# each WORD must appear (fixed string) in the error line.
expect_error() {
    local name=$1; shift
    local words=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do words+=("$1"); shift; done
    shift
    local out="$T/out_$name" err="$T/$name.err" so="$T/$name.stdout"
    rm -rf "$out"
    n_cases=$((n_cases + 1))
    echo "check: $name: siteplan run $* -> exit 1, one 'siteplan run:' line naming: ${words[*]}"
    "$SITEPLAN" run "$@" -o "$out" -q >"$so" 2>"$err"
    local rc=$? ok=1
    if [ $rc -ne 1 ]; then
        note_fail "$name" "exit code $rc, expected 1"; ok=0
    fi
    local n_err last
    n_err=$(grep -c '^siteplan run: ' "$err")
    last=$(tail -n 1 "$err")
    if [ "$n_err" -ne 1 ]; then
        note_fail "$name" "$n_err lines start with 'siteplan run: ', expected exactly 1"; ok=0
    elif [ "${last#siteplan run: }" = "$last" ]; then
        note_fail "$name" "the error line is not the last line of stderr"; ok=0
    fi
    if grep -v -e '^siteplan run: ' -e '^siteplan: warning: ' "$err" | grep . >/dev/null; then
        note_fail "$name" "stderr has lines that are neither the error nor warnings"; ok=0
    fi
    local line w
    line=$(grep '^siteplan run: ' "$err" | head -n 1)
    for w in "${words[@]}"; do
        if ! printf '%s\n' "$line" | grep -F -e "$w" >/dev/null; then
            note_fail "$name" "error line does not contain '$w'"; ok=0
        fi
    done
    if [ -s "$so" ]; then
        note_fail "$name" "stdout is not empty"; ok=0
    fi
    local f
    for f in $OUTPUT_FILES; do
        if [ -e "$out/$f" ]; then
            note_fail "$name" "$out/$f was written"; ok=0
        fi
    done
    if [ $ok = 0 ]; then
        echo "  stderr was:" >&2
        sed 's/^/    /' "$err" >&2
    else
        echo "  ok: $line"
    fi
}

# run_ok CASE ARGS...
# Runs `siteplan run ARGS... -o $T/out_CASE -q` (the folder removed first;
# stdout and stderr in $T/CASE.stdout, .err) and expects exit 0: otherwise a
# failure is noted, stderr shown, and it returns 1.
run_ok() {
    local name=$1; shift
    rm -rf "$T/out_$name"
    "$SITEPLAN" run "$@" -o "$T/out_$name" -q >"$T/$name.stdout" 2>"$T/$name.err"
    local rc=$?
    if [ $rc -ne 0 ]; then
        note_fail "$name" "exit code $rc, expected 0"
        sed 's/^/    /' "$T/$name.err" >&2
        return 1
    fi
    return 0
}

# expect_ok CASE ARGS...: run_ok as a counted case, with a "check:" line.
expect_ok() {
    n_cases=$((n_cases + 1))
    echo "check: $1: siteplan run ${*:2} -> exit 0"
    run_ok "$@"
}

# solve_err CASE WORD... -- ARGS...
# Runs `siteplan solve ARGS...` and expects exit 1 with a "siteplan solve:"
# line naming each WORD (fixed strings).
solve_err() {
    local name=$1; shift
    local words=()
    while [ "$1" != "--" ]; do words+=("$1"); shift; done
    shift
    n_cases=$((n_cases + 1))
    echo "check: $name: siteplan solve $* -> exit 1 naming: ${words[*]}"
    "$SITEPLAN" solve "$@" >"$T/$name.stdout" 2>"$T/$name.err"
    local rc=$? line w
    line=$(grep '^siteplan solve: ' "$T/$name.err" | head -n 1)
    [ $rc -eq 1 ] || note_fail "$name" "exit code $rc, expected 1"
    for w in "${words[@]}"; do
        printf '%s\n' "$line" | grep -F -e "$w" >/dev/null ||
            note_fail "$name" "error line does not contain '$w': $line"
    done
    [ $rc -eq 1 ] && echo "  ok: $line"
}

# expect_summary NAME: the last lines of a test: its failures (exit 1) or
# "PASS NAME (N cases)" (exit 0).
expect_summary() {
    echo
    if [ ${#failures[@]} -gt 0 ]; then
        echo "FAIL $1: ${#failures[@]} failed check(s) (of $n_cases cases):" >&2
        printf "  %s\n" "${failures[@]}" >&2
        exit 1
    fi
    echo "PASS $1 ($n_cases cases)"
    exit 0
}
