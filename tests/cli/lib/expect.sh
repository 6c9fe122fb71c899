# expect.sh — shared by the bad-input tests: run siteplan and check the
# error contract (exit 1, exactly one "siteplan run:" line, last on stderr,
# naming the given words; only warnings besides it; nothing on stdout; none of
# the files in OUTPUT_FILES written).  Source it after setting T (a scratch
# folder) and, optionally, OUTPUT_FILES.
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
