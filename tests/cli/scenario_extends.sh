#!/usr/bin/env bash
# scenario_extends.sh — [scenario] extends, [siting] enabled, stale outputs
# and titles that say what ran:
#   - a 3-level chain (c.ini extends sub/b.ini extends ../base/a.ini): each
#     file's keys override its base's, an empty value clears a key, --set
#     overrides them all, and each file's relative input paths resolve against
#     its own folder;
#   - a cycle (two files, and a file extending itself) and a missing base:
#     exit 1 and exactly one error line, compared in full, naming both files;
#   - [siting] enabled = no in a file that extends a siting scenario, and
#     --set siting.enabled=no: no "siting" in summary.json, no siting files;
#   - a run removes the outputs of an earlier run that it does not write
#     (recommendations.csv, coverage_curve.csv, the drawings), nothing else;
#   - --set travel.mode/minutes away from the file's: summary.json keeps the
#     name and records title_written_for, stdout says so, the map PDF is
#     titled by the mode and minutes run and the report names the user's
#     title as what this is a variant of; a name set with the travel is not;
#     the subtitle names the [changes] applied.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/scenario_extends"
NET="$SP_ROOT/data/poa_osm.pbf"
HEX="$SP_ROOT/data/poa_hexgrid.csv"
rm -rf "$T"
mkdir -p "$T/base" "$T/sub" || { echo "FAIL: cannot create $T" >&2; exit 1; }
for f in "$NET" "$HEX"; do
    [ -r "$f" ] || { echo "FAIL: fixture $f missing" >&2; exit 1; }
done
. "$SP_ROOT/tests/cli/lib/expect.sh"

# jq-free reads of summary.json: the value of a top-level key
jval() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d=d.get(k) if isinstance(d,dict) else None
print("" if d is None else d)' "$1" "$2"; }
check() { # check CASE WHAT GOT WANT
    n_cases=$((n_cases + 1))
    if [ "$3" = "$4" ]; then echo "  ok: $1: $2 = $4"; else note_fail "$1" "$2 is '$3', expected '$4'"; fi
}

awk 'NR <= 61' "$HEX" >"$T/base/small.csv"               # header + 60 rows
awk -F, 'NR == 1 || NR == 5 || NR == 30' "$HEX" >"$T/sub/fac.csv"   # 2 facilities

# a.ini: the base, paths relative to base/
cat >"$T/base/a.ini" <<EOF
[scenario]
name = A: 10 minutes on foot
[inputs]
network = $NET
clusters = small.csv
clusters.x = lon
clusters.y = lat
clusters.id = id
clusters.weight = jobs
sites = small.csv
sites.x = lon
sites.y = lat
sites.id = id
sites.where = id = '$(awk -F, 'NR == 10 {print $1}' "$HEX")'
[travel]
minutes = 10
[gaps]
link_m = 300
EOF
# b.ini: overrides the threshold, adds facilities relative to sub/
cat >"$T/sub/b.ini" <<EOF
[scenario]
extends = ../base/a.ini
[travel]
minutes = 12
[inputs]
facilities = fac.csv
facilities.x = lon
facilities.y = lat
facilities.id = id
EOF
# c.ini: clears the sites (greenfield), keeps the rest
cat >"$T/c.ini" <<EOF
[scenario]
extends = sub/b.ini
[inputs]
sites =
EOF

run_ok() { # run_ok CASE OUTDIR ARGS... -> stdout in $T/CASE.stdout
    local name=$1 out=$2; shift 2
    "$SITEPLAN" run "$@" -o "$out" -q >"$T/$name.stdout" 2>"$T/$name.err"
    local rc=$?
    n_cases=$((n_cases + 1))
    if [ $rc -ne 0 ]; then note_fail "$name" "exit $rc: $(tail -n 1 "$T/$name.err")"; return 1; fi
}

echo "check: 3-level chain"
if run_ok chain "$T/out_chain" "$T/c.ini" --set render.enabled=no; then
    S="$T/out_chain/summary.json"
    check chain minutes "$(jval "$S" minutes)" 12
    check chain gap_link_m "$(jval "$S" gap_link_m)" 300
    check chain stations "$(jval "$S" stations)" 0
    check chain facilities "$(jval "$S" facilities)" 2
    check chain scenario "$(jval "$S" scenario)" "A: 10 minutes on foot"
    check chain sources.clusters "$(jval "$S" sources.clusters | sed 's/,.*//')" "$T/base/small.csv"
fi
echo "check: the base alone, and --set over the chain"
if run_ok base "$T/out_base" "$T/base/a.ini" --set render.enabled=no; then
    check base stations "$(jval "$T/out_base/summary.json" stations)" 1
    check base facilities "$(jval "$T/out_base/summary.json" facilities)" 0
fi
if run_ok chain_set "$T/out_chain_set" "$T/c.ini" --set render.enabled=no --set travel.minutes=8; then
    check chain_set minutes "$(jval "$T/out_chain_set/summary.json" minutes)" 8
fi

echo "check: errors"
printf '[scenario]\nextends = cy2.ini\n' >"$T/cy1.ini"
printf '[scenario]\nextends = cy1.ini\n' >"$T/cy2.ini"
printf '[scenario]\nextends = self.ini\n' >"$T/self.ini"
printf '[scenario]\nextends = sub/nope.ini\n' >"$T/miss.ini"
exact() { # exact CASE LINE -- ARGS
    local name=$1 want=$2; shift 3
    expect_error "$name" "$want" -- "$@"
    check "$name" "the whole error line" "$(grep '^siteplan run: ' "$T/$name.err")" "$want"
}
exact cycle "siteplan run: $T/cy2.ini: [scenario] extends = cy1.ini: a cycle ($T/cy1.ini -> $T/cy2.ini -> $T/cy1.ini)" -- "$T/cy1.ini"
exact self "siteplan run: $T/self.ini: [scenario] extends = self.ini: a cycle ($T/self.ini -> $T/self.ini)" -- "$T/self.ini"
exact missing "siteplan run: $T/miss.ini: [scenario] extends = sub/nope.ini: cannot read $T/sub/nope.ini: No such file or directory" -- "$T/miss.ini"

echo "check: [siting] enabled = no, and stale outputs"
cat >"$T/s.ini" <<EOF
[scenario]
extends = base/a.ini
[siting]
budget = 2
candidates = base/small.csv
candidates.x = lon
candidates.y = lat
candidates.id = id
EOF
printf '[scenario]\nextends = s.ini\n[siting]\nenabled = no\n' >"$T/s_off.ini"
O="$T/out_s"
if run_ok siting "$O" "$T/s.ini" --set render.enabled=no; then
    check siting "recommendations.csv written" "$([ -s "$O/recommendations.csv" ] && echo yes)" yes
    check siting "siting.budget" "$(jval "$O/summary.json" siting.budget)" 2
fi
# (a file siteplan did not write makes a run refuse the folder: result_set.sh)
for f in map.png map.pdf map.svg coverage_curve.png report.pdf; do echo old >"$O/$f"; done
if run_ok siting_off_file "$O" "$T/s_off.ini" --set render.enabled=no; then
    check siting_off_file "summary.json siting" "$(jval "$O/summary.json" siting)" ""
    for f in recommendations.csv coverage_curve.csv map.png map.pdf map.svg coverage_curve.png report.pdf; do
        check stale "$f left from the earlier run" "$([ -e "$O/$f" ] && echo present || echo removed)" removed
    done
fi
run_ok siting_again "$O" "$T/s.ini" --set render.enabled=no
if run_ok siting_off_set "$O" "$T/s.ini" --set render.enabled=no --set siting.enabled=no; then
    check siting_off_set "summary.json siting" "$(jval "$O/summary.json" siting)" ""
    check siting_off_set "recommendations.csv" "$([ -e "$O/recommendations.csv" ] && echo present || echo removed)" removed
fi

echo "check: titles say what ran"
O="$T/out_car"
if run_ok title "$O" "$T/base/a.ini" --set travel.mode=car --set travel.minutes=5 \
    --set "changes.speed=residential:20"; then
    check title scenario "$(jval "$O/summary.json" scenario)" "A: 10 minutes on foot"
    check title render.title "$(jval "$O/summary.json" render.title)" "A: 10 minutes on foot"
    check title title_written_for "$(jval "$O/summary.json" title_written_for.mode),$(jval "$O/summary.json" title_written_for.minutes)" "walk,10"
    check title "stdout note" "$(grep '^Note:' "$T/title.stdout")" \
        "Note: the title was written for walk, 10 minutes; this run is car, 5 minutes (the maps are titled by what ran)"
    check title "map.pdf title" "$(pdfinfo "$O/map.pdf" | sed -n 's/^Title: *//p')" "Worker health stations: 5 minutes by car"
    check title "map subtitle" "$(pdftotext -l 1 "$O/map.pdf" - | grep -c '^5 minutes by car: ')" 1
    check title "report keeps the user's title" "$(pdftotext -l 1 "$O/report.pdf" - | grep -c \
        '^A variant of “A: 10 minutes on foot”, which was written for 10 minutes on foot$')" 1
    check title "subtitle names the changes" "$(pdftotext -l 1 "$O/report.pdf" - | tr '\n' ' ' |
        grep -c '; changes: speed: residential:20')" 1
fi
printf '[scenario]\nextends = base/a.ini\nname = A by car\n[travel]\nmode = car\n' >"$T/named.ini"
if run_ok title_named "$T/out_named" "$T/named.ini" --set render.enabled=no; then
    check title_named title_written_for "$(jval "$T/out_named/summary.json" title_written_for)" ""
fi
if run_ok title_set "$T/out_title_set" "$T/base/a.ini" --set render.enabled=no \
    --set travel.minutes=20 --set "render.title=A: 20 minutes"; then
    check title_set title_written_for "$(jval "$T/out_title_set/summary.json" title_written_for)" ""
fi
if run_ok title_inherit "$T/out_title_inh" "$T/sub/b.ini" --set render.enabled=no; then
    check title_inherit title_written_for.minutes "$(jval "$T/out_title_inh/summary.json" title_written_for.minutes)" 10
fi

if [ ${#failures[@]} -gt 0 ]; then
    echo "scenario_extends: ${#failures[@]} failed of $n_cases checks" >&2
    exit 1
fi
echo "scenario_extends: all $n_cases checks passed"
