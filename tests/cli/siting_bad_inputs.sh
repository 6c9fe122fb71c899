#!/usr/bin/env bash
# siting_bad_inputs.sh — every bad [siting] input is a clean user error:
#   exit code exactly 1; on stderr exactly one error line, starting with
#   "siteplan run: ", last, naming the file and the key concerned (any other
#   stderr line must be a "siteplan: warning: "); nothing on stdout; no
#   summary.json (nor coverage.csv, results.gpkg, recommendations.csv,
#   coverage_curve.csv) in the output folder.
# Fixtures are made here in $SP_TMP: a 60-row cut of data/poa_hexgrid.csv as
# clusters and candidates, a copy with a repeated row, three candidates in
# the Guaíba west of the city (beyond max_snap_m, within reject_snap_m), and
# scenario files.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/siting_bad_inputs"
NET="$SP_ROOT/data/poa_osm.pbf"
HEX="$SP_ROOT/data/poa_hexgrid.csv"
MAX_SNAP_M=1000       # [travel] max_snap_m default
REJECT_SNAP_M=10000   # [travel] reject_snap_m default
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }
for f in "$NET" "$HEX"; do
    [ -r "$f" ] || { echo "FAIL: fixture $f missing" >&2; exit 1; }
done

OUTPUT_FILES="summary.json coverage.csv sites.csv results.gpkg recommendations.csv coverage_curve.csv"
. "$SP_ROOT/tests/cli/lib/expect.sh"

# sini NAME [SITING] [MORE] — $T/NAME.ini: the 60-row clusters (small.csv) on
# the bundled network, walking 10 minutes, then "[siting]" with the lines
# SITING (when given), then MORE.  Relative paths resolve against $T.
sini() {
    {
        printf '%s\n' "[inputs]" "network = $NET" "clusters = small.csv" "clusters.x = lon" \
            "clusters.y = lat" "clusters.id = id" "clusters.weight = jobs" "" "[travel]" "minutes = 10"
        [ $# -ge 2 ] && printf '\n[siting]\n%s\n' "$2"
        [ $# -ge 3 ] && printf '%s\n' "$3"
    } >"$T/$1.ini"
}
CAND="candidates = small.csv
candidates.x = lon
candidates.y = lat
candidates.id = id"

# Fixtures made at test time.
awk 'NR <= 61' "$HEX" >"$T/small.csv"                       # header + 60 rows
{ cat "$T/small.csv"; sed -n 5p "$HEX"; } >"$T/dup.csv"     # line 62 repeats line 5
dup_id=$(sed -n 5p "$HEX" | cut -d, -f1)
# Three points in the Guaíba, 3.5-5 km west of the nearest road.
printf '%s\n' "id,lon,lat" "river_1,-51.280,-30.030" "river_2,-51.285,-30.050" "river_3,-51.285,-30.015" \
    >"$T/river.csv"
id1=$(sed -n 2p "$T/small.csv" | cut -d, -f1)
id2=$(sed -n 3p "$T/small.csv" | cut -d, -f1)
id3=$(sed -n 4p "$T/small.csv" | cut -d, -f1)
[ -n "$id1" ] && [ -n "$id2" ] && [ -n "$id3" ] || { echo "FAIL: cannot read ids of $T/small.csv" >&2; exit 1; }

# A valid siting scenario first: the errors below are the bad keys, not the base.
n_cases=$((n_cases + 1))
echo "check: base: the scenario the cases start from runs (exit 0)"
sini ok "budget = 2
$CAND"
"$SITEPLAN" run "$T/ok.ini" -o "$T/out_ok" -q >"$T/ok.stdout" 2>"$T/ok.err"
rc=$?
if [ $rc -ne 0 ] || [ ! -s "$T/out_ok/recommendations.csv" ]; then
    sed 's/^/    /' "$T/ok.err" >&2
    note_fail base "the valid base scenario exited $rc or wrote no recommendations.csv"
fi

# --- budget against the candidates --------------------------------------------
sini budget_over "budget = 5
$CAND
candidates.where = id IN ('$id1', '$id2', '$id3')"
expect_error budget_over_candidates "budget_over.ini" "[siting]" "budget" "3 usable candidates" -- "$T/budget_over.ini"

sini required_over_budget "budget = 1
$CAND
required = $id1, $id2"
expect_error required_over_budget "required_over_budget.ini" "[siting]" "budget" "2 required" -- "$T/required_over_budget.ini"

# --- no candidate reachable ----------------------------------------------------
sini river "budget = 1
candidates = river.csv
candidates.x = lon
candidates.y = lat
candidates.id = id"
expect_error no_candidate_reachable "river.ini" "[siting]" "candidate" -- "$T/river.ini"
# The fixture is what it claims: each point warned beyond max_snap_m (and,
# as the run got that far, within reject_snap_m).
for k in 1 2 3; do
    d=$(grep -E "^siteplan: warning: .*river\.csv.*id river_$k\): [0-9.]+ m from the routable network, beyond max_snap_m" \
        "$T/no_candidate_reachable.err" | sed -E 's/.*\): ([0-9.]+) m from.*/\1/' | head -n 1)
    if [ -z "$d" ]; then
        note_fail no_candidate_reachable "no 'beyond max_snap_m' warning for river_$k"
    elif ! awk -v d="$d" -v a=$MAX_SNAP_M -v b=$REJECT_SNAP_M 'BEGIN { exit !(d > a && d < b) }'; then
        note_fail no_candidate_reachable "river_$k is $d m from the road, not within $MAX_SNAP_M..$REJECT_SNAP_M"
    else
        echo "  river_$k: $d m from the road"
    fi
done

# --- candidate ids ---------------------------------------------------------------
sini dup_cand "budget = 1
candidates = dup.csv
candidates.x = lon
candidates.y = lat
candidates.id = id"
expect_error duplicate_candidate_id "dup.csv" "duplicate id" "$dup_id" "line 5" "line 62" -- "$T/dup_cand.ini"

sini req_exc "budget = 2
$CAND
required = $id1
excluded = $id2, $id1"
expect_error required_and_excluded "req_exc.ini" "[siting]" "$id1" "required" "excluded" -- "$T/req_exc.ini"

sini req_unknown "budget = 2
$CAND
required = no-such-id"
expect_error required_not_a_candidate "req_unknown.ini" "[siting] required" "no-such-id" -- "$T/req_unknown.ini"

sini exc_unknown "budget = 2
$CAND
excluded = no-such-id"
expect_error excluded_not_a_candidate "exc_unknown.ini" "[siting] excluded" "no-such-id" -- "$T/exc_unknown.ini"

# A required id that is an existing site: not a candidate (it is already open).
sini req_site "budget = 2
$CAND
required = $id1"
expect_error required_is_existing_site "req_site.ini" "[siting] required" "$id1" -- "$T/req_site.ini" \
    --set "inputs.sites=$T/small.csv" --set inputs.sites.x=lon --set inputs.sites.y=lat \
    --set inputs.sites.id=id --set "inputs.sites.where=id = '$id1'"

# --- candidates key ----------------------------------------------------------------
sini no_cand "budget = 3"
expect_error siting_without_candidates "no_cand.ini" "[siting] candidates" -- "$T/no_cand.ini"

sini cand_missing "budget = 1
candidates = nope.csv
candidates.x = lon
candidates.y = lat"
expect_error candidates_file_missing "nope.csv" "candidates" -- "$T/cand_missing.ini"

sini cand_xy "budget = 1
candidates = small.csv
candidates.x = lon"
expect_error candidates_x_without_y "cand_xy.ini" "candidates.x" "candidates.y" -- "$T/cand_xy.ini"

# --- budget, model, target values -----------------------------------------------------
sini budget_zero "budget = 0
$CAND"
expect_error budget_zero_mclp "budget_zero.ini" "[siting] budget" "mclp" -- "$T/budget_zero.ini"

sini budget_neg "budget = -1
$CAND"
expect_error budget_negative "budget_neg.ini" "[siting] budget" "-1" -- "$T/budget_neg.ini"

expect_error budget_negative_set "--set siting.budget=-1" "budget" -- "$T/ok.ini" --set siting.budget=-1

sini budget_frac "budget = 2.5
$CAND"
expect_error budget_not_whole "budget_frac.ini" "[siting] budget" "2.5" -- "$T/budget_frac.ini"

sini model_bogus "budget = 2
model = bogus
$CAND"
expect_error model_bogus "model_bogus.ini" "[siting] model" "bogus" -- "$T/model_bogus.ini"

sini target_zero "model = target
target_percent = 0
$CAND"
expect_error target_percent_zero "target_zero.ini" "[siting] target_percent" "'0'" -- "$T/target_zero.ini"

sini target_150 "model = target
target_percent = 150
$CAND"
expect_error target_percent_150 "target_150.ini" "[siting] target_percent" "'150'" -- "$T/target_150.ini"

expect_error target_percent_150_set "--set siting.target_percent=150" "target_percent" -- \
    "$T/ok.ini" --set siting.model=target --set siting.target_percent=150

sini spacing "budget = 1
candidates = auto
auto_spacing_m = 5"
expect_error auto_spacing_too_small "spacing.ini" "[siting] auto_spacing_m" "5" -- "$T/spacing.ini"

sini tlimit "budget = 1
$CAND
time_limit_s = 0"
expect_error time_limit_zero "tlimit.ini" "[siting] time_limit_s" "0" -- "$T/tlimit.ini"

sini unknown_key "budget = 1
$CAND
radius = 5"
expect_error siting_unknown_key "unknown_key.ini" "[siting]" "radius" -- "$T/unknown_key.ini"

echo
if [ ${#failures[@]} -gt 0 ]; then
    echo "FAIL siting_bad_inputs: ${#failures[@]} failed check(s) (of $n_cases cases):" >&2
    printf "  %s\n" "${failures[@]}" >&2
    exit 1
fi
echo "PASS siting_bad_inputs ($n_cases cases)"
exit 0
