#!/usr/bin/env bash
# siteplan solve on the spopt San Francisco instance (16 candidate stores,
# 205 census tracts, network distances): every published value in
# expected_results.csv except LSCP-B, read from that file, plus bad inputs.
# Needs $SITEPLAN, $SP_SHARED, $SP_TMP (scripts/run-tests.sh sets them).
set -u
dir="$SP_SHARED/data/known_answers/spopt_sf"
M="$dir/SF_network_distance_candidateStore_16_censusTract_205_new.csv"
D="$dir/SF_demand_205_centroid_uniform_weight.csv"
E="$dir/expected_results.csv"
tmp="$SP_TMP/solve_spopt_sf"
rm -rf "$tmp" && mkdir -p "$tmp"
fails=0

fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# Field $3 (column number) of the row with model $1 and objective_name $2.
# The first seven columns hold no commas.
expected() {
  awk -F, -v m="$1" -v o="$2" -v c="$3" 'NR > 1 && $1 == m && $5 == o { print $c; exit }' "$E"
}

# The value of "key: value" in the text output $2.
val() { printf '%s\n' "$2" | awk -v k="$1: " 'index($0, k) == 1 { print substr($0, length(k) + 1); exit }'; }

# Sorted, comma-joined set from a list separated by ';' or ','.
set_of() { printf '%s\n' "$1" | tr ';,' '\n\n' | sed '/^$/d' | sort | paste -sd, -; }

# close A B REL: |A - B| <= REL * max(|B|, 1)
close() {
  awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN {
    if (a == "" || b == "") exit 1
    d = a - b; if (d < 0) d = -d; s = b < 0 ? -b : b; if (s < 1) s = 1
    exit !(d <= t * s) }'
}

check_num() { # name got want rel
  if close "$2" "$3" "$4"; then echo "ok   $1 = $2 (expected $3)"; else fail "$1: got '$2', expected '$3'"; fi
}

check_eq() { # name got want
  if [ "$2" = "$3" ]; then echo "ok   $1 = $2"; else fail "$1: got '$2', expected '$3'"; fi
}

solve() { "$SITEPLAN" solve --matrix "$M" --demand "$D" "$@"; }

# --- MCLP --------------------------------------------------------------------
r=$(expected MCLP covered_weight 2); p=$(expected MCLP covered_weight 3)
w=$(expected MCLP covered_weight 4); want=$(expected MCLP covered_weight 6)
sites=$(expected MCLP covered_weight 7)
[ -n "$want" ] || fail "expected_results.csv: no MCLP row"
out=$(solve --weight "$w" --model mclp -p "$p" --radius "$r") || fail "mclp exit $?"
check_num "mclp objective" "$(val objective "$out")" "$want" 1e-9
check_num "mclp covered_weight" "$(val covered_weight "$out")" "$want" 1e-9
check_eq "mclp sites" "$(set_of "$(val sites "$out")")" "$(set_of "$sites")"
check_eq "mclp optimal" "$(val optimal "$out")" true
check_num "mclp uncovered clients" "$(val demand_uncovered "$out")" \
  "$(expected MCLP uncovered_clients 6)" 0
check_num "mclp percent clients covered" "$(val demand_covered_percent "$out")" \
  "$(expected MCLP percent_clients_covered 6)" 1e-9
again=$(solve --weight "$w" --model mclp -p "$p" --radius "$r")
[ "$out" = "$again" ] || fail "mclp: two runs differ"
json=$(solve --weight "$w" --model mclp -p "$p" --radius "$r" --json) || fail "mclp --json exit $?"
printf '%s\n' "$json" | grep -q "\"objective\": *$want\b" || fail "mclp --json: no objective $want"
printf '%s\n' "$json" | grep -q '"optimal": *true' || fail "mclp --json: not optimal"
for s in $(printf '%s\n' "$sites" | tr ';' ' '); do
  printf '%s\n' "$json" | grep -q "\"$s\"" || fail "mclp --json: site $s missing"
done

# --- LSCP: fewest sites covering every tract (target 100%, unit weights) -------
r=$(expected LSCP min_facilities 2); want=$(expected LSCP min_facilities 6)
[ -n "$want" ] || fail "expected_results.csv: no LSCP row"
out=$(solve --model target --target-percent 100 --radius "$r") || fail "lscp exit $?"
check_num "lscp facilities" "$(val objective "$out")" "$want" 0
check_eq "lscp optimal" "$(val optimal "$out")" true
check_eq "lscp target met" "$(val target_met "$out")" true
check_eq "lscp tracts uncovered" "$(val demand_uncovered "$out")" 0

# --- p-median ----------------------------------------------------------------
p=$(expected PMEDIAN weighted_total_distance_m 3); w=$(expected PMEDIAN weighted_total_distance_m 4)
want=$(expected PMEDIAN weighted_total_distance_m 6); sites=$(expected PMEDIAN weighted_total_distance_m 7)
[ -n "$want" ] || fail "expected_results.csv: no PMEDIAN row"
out=$(solve --weight "$w" --model pmedian -p "$p") || fail "pmedian exit $?"
check_num "pmedian total" "$(val objective "$out")" "$want" 1e-6
check_num "pmedian mean" "$(val mean_cost "$out")" "$(expected PMEDIAN weighted_mean_distance_m 6)" 1e-6
check_eq "pmedian sites" "$(set_of "$(val sites "$out")")" "$(set_of "$sites")"
check_eq "pmedian optimal" "$(val optimal "$out")" true

# --- p-center (unweighted: every tract counts) ---------------------------------
p=$(expected PCENTER max_distance_m 3); want=$(expected PCENTER max_distance_m 6)
sites=$(expected PCENTER max_distance_m 7)
[ -n "$want" ] || fail "expected_results.csv: no PCENTER row"
out=$(solve --model pcenter -p "$p") || fail "pcenter exit $?"
check_num "pcenter max" "$(val objective "$out")" "$want" 1e-6
check_eq "pcenter sites" "$(set_of "$(val sites "$out")")" "$(set_of "$sites")"
check_eq "pcenter optimal" "$(val optimal "$out")" true

# --- usage -------------------------------------------------------------------
help=$("$SITEPLAN" solve --help) || fail "--help exit $?"
printf '%s\n' "$help" | grep -q '^usage: siteplan solve' || fail "--help: no usage"

# --- bad input: exit 1, one line on stderr naming what is wrong ----------------
bad() { # name pattern... -- args...
  local name=$1; shift
  local pats=()
  while [ "$1" != -- ]; do pats+=("$1"); shift; done
  shift
  local err rc
  err=$("$SITEPLAN" solve "$@" 2>&1 >/dev/null); rc=$?
  if [ $rc -ne 1 ]; then fail "$name: exit $rc, expected 1 ($err)"; return; fi
  if [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then fail "$name: more than one line: $err"; fi
  case $err in "siteplan solve: "*) ;; *) fail "$name: message does not start with 'siteplan solve: ': $err" ;; esac
  for pat in "${pats[@]}"; do
    printf '%s\n' "$err" | grep -qF -- "$pat" || fail "$name: message lacks '$pat': $err"
  done
  echo "ok   $name: $err"
}

missing="$tmp/missing_pair.csv"
sed '5d' "$M" > "$missing" # drop one site-tract pair
bad "missing pair" "missing_pair.csv" "'name'" "'DestinationName'" "no row for the pair" -- \
  --matrix "$missing" --demand "$D" --weight POP2000 --model mclp -p 4 --radius 5000

negative="$tmp/negative.csv"
awk -F, 'NR == 3 { OFS = ","; $1 = "-12.5" } { print }' "$M" > "$negative"
bad "negative cost" "negative.csv" "line 3" "'distance'" "-12.5" -- \
  --matrix "$negative" --demand "$D" --model pmedian -p 2

dup="$tmp/duplicate.csv"
{ cat "$M"; sed -n '2p' "$M"; } > "$dup"
bad "duplicate pair" "duplicate.csv" "duplicate pair" "line 2" "line 3282" -- \
  --matrix "$dup" --demand "$D" --model pcenter -p 2

bad "budget too large" "budget p = 17" "16 usable candidates" -- \
  --matrix "$M" --demand "$D" --model mclp -p 17 --radius 5000
bad "unknown model" "unknown model 'median'" -- \
  --matrix "$M" --demand "$D" --model median -p 4
bad "missing column" "SF_network_distance" "no field 'time'" -- \
  --matrix "$M" --demand "$D" --model pmedian -p 4 --cost-col time
bad "missing weight column" "SF_demand_205" "no field 'POP2010'" -- \
  --matrix "$M" --demand "$D" --model pmedian -p 4 --weight POP2010
bad "non-numeric weight" "SF_demand_205" "line 2" "'STATE_NAME'" "not a number" -- \
  --matrix "$M" --demand "$D" --model pmedian -p 4 --weight STATE_NAME
bad "missing radius" "--radius" -- --matrix "$M" --demand "$D" --model mclp -p 4
bad "unknown option" "--frobnicate" -- --matrix "$M" --demand "$D" --model mclp --frobnicate
bad "missing file" "no_such.csv" -- --matrix "$tmp/no_such.csv" --demand "$D" --model pcenter -p 1

if [ $fails -ne 0 ]; then echo "$fails check(s) failed" >&2; exit 1; fi
echo "all checks passed"
