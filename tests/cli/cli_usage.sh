#!/usr/bin/env bash
# cli_usage.sh — the command line itself: help, version, and usage errors.
#   --help / run --help: exit 0, usage on stdout, nothing on stderr;
#   --version: exit 0, the VERSION file's version on stdout;
#   usage errors (no arguments, unknown command, run without a scenario,
#   unknown or incomplete options, bad -j): exit 1, a message on stderr,
#   nothing on stdout, nothing written.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/cli_usage"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }
INI="$SP_ROOT/data/porto_alegre.ini"

failures=()
note_fail() { echo "FAIL [$1]: $2" >&2; failures+=("[$1] $2"); }

# run_case NAME -- ARGS... : run siteplan ARGS in $T (so a stray default
# output folder would show up there); sets rc, out, err.
run_case() {
    local name=$1; shift; shift
    echo "check: $name: siteplan $*"
    (cd "$T" && "$SITEPLAN" "$@" >"$T/$name.stdout" 2>"$T/$name.stderr")
    rc=$?
    out="$T/$name.stdout"
    err="$T/$name.stderr"
}

# expect_ok NAME PATTERN -- ARGS... : exit 0, stdout matches PATTERN (ERE,
# case-insensitive), stderr empty.
expect_ok() {
    local name=$1 pat=$2; shift 2
    run_case "$name" "$@"
    local ok=1
    [ $rc -eq 0 ] || { note_fail "$name" "exit code $rc, expected 0"; ok=0; }
    grep -qiE -e "$pat" "$out" || { note_fail "$name" "stdout does not match /$pat/"; ok=0; }
    [ ! -s "$err" ] || { note_fail "$name" "stderr is not empty"; ok=0; }
    if [ $ok = 1 ]; then echo "  ok: $(head -n 1 "$out")"; else sed 's/^/    /' "$err" "$out" >&2; fi
}

# expect_usage_error NAME PATTERN -- ARGS... : exit 1, stderr matches PATTERN
# (ERE), stdout empty.
expect_usage_error() {
    local name=$1 pat=$2; shift 2
    run_case "$name" "$@"
    local ok=1
    [ $rc -eq 1 ] || { note_fail "$name" "exit code $rc, expected 1"; ok=0; }
    grep -qE -e "$pat" "$err" || { note_fail "$name" "stderr does not match /$pat/"; ok=0; }
    [ ! -s "$out" ] || { note_fail "$name" "stdout is not empty"; ok=0; }
    if [ $ok = 1 ]; then echo "  ok: $(head -n 1 "$err")"; else sed 's/^/    /' "$err" "$out" >&2; fi
}

version=$(tr -d ' \n' <"$SP_ROOT/VERSION" 2>/dev/null)

expect_ok help '^usage: siteplan' -- --help
expect_ok help_short '^usage: siteplan' -- -h
grep -q 'run SCENARIO' "$T/help.stdout" || note_fail help "--help does not list the run command"
expect_ok version '^siteplan ' -- --version
if [ -n "$version" ]; then
    grep -qF "$version" "$T/version.stdout" || note_fail version "--version does not print $version (VERSION)"
fi
expect_ok run_help '^usage: siteplan run' -- run --help
expect_ok run_help_short '^usage: siteplan run' -- run -h
for o in -o --set -j -q --cache; do
    grep -q -e " $o" "$T/run_help.stdout" || note_fail run_help "run --help does not mention $o"
done

expect_usage_error no_args '[Uu]sage' --
expect_usage_error unknown_command "unknown command 'frobnicate'" -- frobnicate
expect_usage_error run_no_scenario '^siteplan run: .*no scenario' -- run
expect_usage_error run_no_scenario_quiet '^siteplan run: .*no scenario' -- run -q -j 2
expect_usage_error run_unknown_option "^siteplan run: .*'--bogus'" -- run "$INI" --bogus -q
expect_usage_error run_unknown_short_option "^siteplan run: .*'-x'" -- run "$INI" -x
expect_usage_error run_o_without_value "^siteplan run: .*'-o'" -- run "$INI" -q -o
expect_usage_error run_set_without_value "^siteplan run: .*'--set'" -- run "$INI" -q --set
expect_usage_error run_cache_without_value "^siteplan run: .*'--cache'" -- run "$INI" -q --cache
expect_usage_error run_two_scenarios "^siteplan run: .*more than one scenario" -- run "$INI" "$INI" -q
expect_usage_error run_threads_zero '^siteplan run: .*--threads' -- run "$INI" -q -j 0
expect_usage_error run_threads_text '^siteplan run: .*--threads' -- run "$INI" -q -j two
expect_usage_error run_threads_missing "^siteplan run: .*'-j'" -- run "$INI" -q -j

# Usage errors must not start a run: nothing may appear in the scratch folder
# (the default output folder is relative to the current directory).
extra=$(cd "$T" && find . -mindepth 1 ! -name '*.stdout' ! -name '*.stderr' | head -n 5)
[ -z "$extra" ] || note_fail no_output "usage errors wrote files: $extra"

echo
if [ ${#failures[@]} -gt 0 ]; then
    echo "FAIL cli_usage: ${#failures[@]} failed check(s):" >&2
    printf "  %s\n" "${failures[@]}" >&2
    exit 1
fi
echo "PASS cli_usage"
exit 0
