#!/usr/bin/env bash
# scenario_files.sh — what a scenario file and the command line may hold
# (README.md "Scenario files" and "Inputs we reject and why"):
#   - a UTF-8 byte order mark at the start of a file (the scenario and an
#     extended base) is skipped: the run equals the run without it;
#   - a key given twice in one section (also across two [travel] parts) is
#     one error line naming the file, the section, the key and both lines;
#   - a NUL byte is one error line naming the file and its line;
#   - an empty [siting] section switches siting on: the error names the key
#     still needed ([siting] candidates);
#   - a scenario reached through a symlinked folder reads ../data.csv where
#     the OS finds it (the link's target's parent), not a decoy beside the
#     link: clusters_total and workers_total are those of the real file
#     (counted with awk);
#   - a 2.6 KB network.where is kept whole: the run equals (ways_used) the
#     run with only its last condition, which differs from no filter;
#   - a newline in a --set value, and -o "" (run, compare, sweep), are one
#     error line each, exit 1.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/scenario_files"
NET="$SP_ROOT/data/poa_osm.pbf"
HEX="$SP_ROOT/data/poa_hexgrid.csv"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }
for f in "$NET" "$HEX"; do
    [ -r "$f" ] || { echo "FAIL: fixture $f missing" >&2; exit 1; }
done

. "$SP_ROOT/tests/cli/lib/expect.sh"

jval() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d=d.get(k) if isinstance(d,dict) else None
print("" if d is None else d)' "$1" "$2"; }
check() { # check CASE WHAT GOT WANT
    n_cases=$((n_cases + 1))
    if [ "$3" = "$4" ]; then echo "  ok: $1: $2 = $4"; else note_fail "$1" "$2 is '$3', expected '$4'"; fi
}

awk 'NR <= 61' "$HEX" >"$T/small.csv"                       # header + 60 rows
BASE="[inputs]
network = $NET
clusters = small.csv
clusters.x = lon
clusters.y = lat
clusters.id = id
clusters.weight = jobs
[render]
enabled = no"
printf '%s\n' "$BASE" >"$T/plain.ini"

# --- byte order mark -------------------------------------------------------
echo "check: a UTF-8 BOM is skipped (scenario and base)"
{ printf '\xEF\xBB\xBF'; printf '%s\n' "$BASE"; } >"$T/bom.ini"
{ printf '\xEF\xBB\xBF'; printf '[scenario]\nextends = bom.ini\n[travel]\nminutes = 15\n'; } \
    >"$T/bom_child.ini"
run_ok plain "$T/plain.ini"
run_ok bom "$T/bom.ini"
run_ok bom_child "$T/bom_child.ini"
want=$(jval "$T/out_plain/summary.json" workers_total)
check bom "workers_total" "$(jval "$T/out_bom/summary.json" workers_total)" "$want"
check bom_child "workers_total" "$(jval "$T/out_bom_child/summary.json" workers_total)" "$want"
check bom_child "minutes" "$(jval "$T/out_bom_child/summary.json" minutes)" 15

# --- a key given twice -------------------------------------------------------
printf '%s\n[travel]\nminutes = 15\nmode = walk\nminutes = 20\n' "$BASE" >"$T/dup.ini"
l1=$(grep -n '^minutes = 15' "$T/dup.ini" | cut -d: -f1)
l2=$(grep -n '^minutes = 20' "$T/dup.ini" | cut -d: -f1)
expect_error duplicate_key "dup.ini" "[travel] minutes" "lines $l1 and $l2" -- "$T/dup.ini"
printf '%s\n[travel]\nmode = bike\n[gaps]\nlink_m = 100\n[travel]\n  mode=car\n' "$BASE" \
    >"$T/dup2.ini"
l1=$(grep -n '^mode = bike' "$T/dup2.ini" | cut -d: -f1)
l2=$(grep -n 'mode=car' "$T/dup2.ini" | cut -d: -f1)
expect_error duplicate_key_two_parts "dup2.ini" "[travel] mode" "lines $l1 and $l2" \
    -- "$T/dup2.ini"
# in a base file: the message names the base and the file extending it
printf '[scenario]\nextends = dup.ini\n' >"$T/dup_child.ini"
expect_error duplicate_key_in_base "dup_child.ini" "dup.ini" "[travel] minutes" \
    -- "$T/dup_child.ini"

# --- a NUL byte ----------------------------------------------------------------
{ printf '%s\n' "$BASE"; printf '[scenario]\nname = ab\0cd\n'; } >"$T/nul.ini"
l=$(( $(printf '%s\n' "$BASE" | wc -l) + 2 ))
expect_error nul_byte "nul.ini" "line $l" "NUL" -- "$T/nul.ini"

# --- an empty [siting] ---------------------------------------------------------
printf '%s\n[siting]\n' "$BASE" >"$T/empty_siting.ini"
expect_error empty_siting "empty_siting.ini" "[siting] candidates" -- "$T/empty_siting.ini"

# --- a symlinked folder ----------------------------------------------------------
# proj/link -> ../real/sub; proj/link/s.ini names ../data.csv: the OS reads
# real/data.csv (60 clusters); proj/data.csv is a one-row decoy.
echo "check: ../data.csv through a symlinked folder is the file the OS opens"
mkdir -p "$T/real/sub" "$T/proj"
cp "$T/small.csv" "$T/real/data.csv"
printf 'id,lon,lat,population,schools,jobs,healthcare\ndecoy,-51.2,-30.05,0,0,7,0\n' \
    >"$T/proj/data.csv"
ln -s ../real/sub "$T/proj/link"
printf '%s\n' "$BASE" | sed 's#^clusters = small.csv#clusters = ../data.csv#' >"$T/real/sub/s.ini"
run_ok symlink "$T/proj/link/s.ini"
check symlink "clusters_total" "$(jval "$T/out_symlink/summary.json" clusters_total)" \
    "$(awk 'END { print NR - 1 }' "$T/real/data.csv")"
check symlink "workers_total" "$(jval "$T/out_symlink/summary.json" workers_total)" \
    "$(awk -F, 'NR > 1 { s += $6 } END { print s }' "$T/real/data.csv")"
# from inside the link, as a relative path
(cd "$T/proj/link" && "$SITEPLAN" run s.ini -o "$T/out_symlink_rel" -q >/dev/null 2>"$T/symlink_rel.err")
check symlink_rel "clusters_total" \
    "$(jval "$T/out_symlink_rel/summary.json" clusters_total 2>/dev/null)" 60

# --- a long where clause ---------------------------------------------------------
echo "check: a 2.6 KB network.where is kept whole"
pad=$(awk 'BEGIN { for (i = 0; i < 110; i++) printf "highway <> '"'"'nope%d'"'"' AND ", i }')
where="${pad}highway <> 'residential'"
[ ${#where} -gt 2500 ] || note_fail long_where "the clause is only ${#where} bytes"
printf '%s\nnetwork.where = %s\n' "$BASE" "$where" | sed '/^\[render\]/d; /^enabled/d' \
    >"$T/long.ini"
printf '[render]\nenabled = no\n' >>"$T/long.ini"
run_ok long_where "$T/long.ini"
run_ok short_where "$T/plain.ini" --set "inputs.network.where=highway <> 'residential'"
long=$(jval "$T/out_long_where/summary.json" network.ways_used)
short=$(jval "$T/out_short_where/summary.json" network.ways_used)
all=$(jval "$T/out_plain/summary.json" network.ways_used)
check long_where "network.ways_used" "$long" "$short"
n_cases=$((n_cases + 1))
[ -n "$short" ] && [ "$short" != "$all" ] ||
    note_fail long_where "the last condition alone ($short ways) should differ from no filter ($all)"

# --- the command line ---------------------------------------------------------------
expect_error set_newline "--set scenario.name" "line break" -- "$T/plain.ini" \
    --set "scenario.name=two
lines"
expect_error set_newline_bad_value "--set travel.minutes" "line break" -- "$T/plain.ini" \
    --set "travel.minutes=1
5"

# -o "": one line, exit 1, nothing created (run, compare, sweep)
one_line_error() { # CASE WANT_LINE CMD...
    local name=$1 want=$2; shift 2
    n_cases=$((n_cases + 1))
    echo "check: $name: $* -> exit 1, '$want'"
    (cd "$T" && "$SITEPLAN" "$@" -q >"$T/$name.stdout" 2>"$T/$name.err")
    local rc=$?
    [ $rc -eq 1 ] || note_fail "$name" "exit code $rc, expected 1"
    [ "$(cat "$T/$name.err")" = "$want" ] ||
        note_fail "$name" "stderr is '$(cat "$T/$name.err")', expected '$want'"
}
one_line_error empty_o_run "siteplan run: -o: empty folder name" run plain.ini -o ""
one_line_error empty_o_compare \
    "siteplan compare: -o: empty folder name (see siteplan compare --help)" \
    compare plain.ini bom.ini -o ""
one_line_error empty_o_sweep "siteplan sweep: -o: empty folder name (see siteplan sweep --help)" \
    sweep plain.ini --vary travel.minutes=10,20 -o ""

expect_summary scenario_files
