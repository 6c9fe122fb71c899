#!/usr/bin/env bash
# result_set.sh — a result folder is one unit (README.md, "Outputs": the
# result set).
#   - a run killed (SIGTERM, SIGINT, SIGKILL) before its tables, while the
#     GeoPackage is half written, or while a map is half drawn leaves the old
#     complete set: every file summary.json "files" lists, with its size and
#     SHA-256, and no other file; SIGTERM/SIGINT also remove the staging
#     folder and the lock, exit 128 + the signal;
#   - a run killed with SIGKILL leaves its staging folder beside the target;
#     the next run into the target removes it;
#   - a crash between the two renames of the fallback swap (no OUT) is
#     repaired by the next run: the complete new set is put in place;
#   - a second run into a folder in use is refused with one line, exit 1,
#     and the first one's folder is not touched;
#   - files of an earlier run that this run does not write are gone
#     (leftovers of an interrupted earlier version, a compare scenario
#     folder of an earlier, longer comparison);
#   - siteplan render FOLDER killed while drawing leaves the folder as it
#     was; finished, the folder is whole again with the new drawings listed;
#   - a folder holding a file siteplan did not write is not replaced.
# The kill points use the test-only SP_TEST_PAUSE_AT (resultdir.h): the run
# prints "siteplan: test pause at POINT" and sleeps; we wait for that line.
# Env: SITEPLAN, SP_ROOT, SP_TMP.
set -u
: "${SITEPLAN:?}" "${SP_ROOT:?}" "${SP_TMP:?}"
T="$SP_TMP/result_set"
rm -rf "$T"; mkdir -p "$T" || exit 1
INI="$SP_ROOT/data/porto_alegre.ini"
CACHE="$T/cache"
command -v jq >/dev/null || { echo "FAIL: jq not installed" >&2; exit 1; }
failures=()
note_fail() { echo "FAIL: $*" >&2; failures+=("$*"); }
ok() { echo "  ok: $*"; }

# whole DIR MINUTES: DIR holds exactly summary.json and the files its "files"
# lists, each with its size and SHA-256, and the set is of a run at MINUTES.
whole() {
    local dir=$1 minutes=$2 want have name bytes sum
    [ -f "$dir/summary.json" ] || { note_fail "$dir: no summary.json"; return 1; }
    want=$( (echo summary.json; jq -r '.files[].name' "$dir/summary.json") | sort)
    have=$(cd "$dir" && find . -mindepth 1 | sed 's|^\./||' | sort)
    if [ "$want" != "$have" ]; then
        note_fail "$dir: files differ from summary.json's list: $(diff <(echo "$want") <(echo "$have") | grep '^[<>]' | tr '\n' ' ')"
        return 1
    fi
    [ "$(jq -r '.files | length' "$dir/summary.json")" -ge 7 ] || { note_fail "$dir: list too short"; return 1; }
    while read -r name bytes sum; do
        [ "$(stat -c %s "$dir/$name")" = "$bytes" ] || { note_fail "$dir/$name: size differs from its list"; return 1; }
        [ "$(sha256sum "$dir/$name" | cut -d' ' -f1)" = "$sum" ] || { note_fail "$dir/$name: SHA-256 differs"; return 1; }
    done < <(jq -r '.files[] | "\(.name) \(.bytes) \(.sha256)"' "$dir/summary.json")
    [ "$(jq -r .minutes "$dir/summary.json")" = "$minutes" ] ||
        { note_fail "$dir: minutes $(jq -r .minutes "$dir/summary.json"), expected $minutes"; return 1; }
    # the report names the folder, not the staging folder
    pdftotext "$dir/report.pdf" - 2>/dev/null | grep -q staging && { note_fail "$dir: report names the staging folder"; return 1; }
    return 0
}

# no_leftovers PARENT NAME: no staging folder, no lock beside the target
no_leftovers() {
    local left
    left=$(cd "$1" && ls -A | grep -E "^\.$2\.(staging-|lock)" | tr '\n' ' ')
    [ -z "$left" ] || { note_fail "left beside $1/$2: $left"; return 1; }
}

run() { # run OUT MINUTES [ENV...]: a complete run
    local out=$1 m=$2; shift 2
    env "$@" "$SITEPLAN" run "$INI" -o "$out" --cache "$CACHE" --set travel.minutes="$m" -q \
        >"$T/last.out" 2>"$T/last.err"
}

# start OUT MINUTES POINT [prefix...]: a run in the background that pauses
# at POINT; waits for its pause line; sets PID, ERR.
start() {
    local out=$1 m=$2 point=$3; shift 3
    ERR="$T/bg.$point.$RANDOM.err"
    SP_TEST_PAUSE_AT=$point SP_TEST_PAUSE_SECONDS=120 "$@" "$SITEPLAN" run "$INI" -o "$out" \
        --cache "$CACHE" --set travel.minutes="$m" -q >/dev/null 2>"$ERR" &
    PID=$!
    for _ in $(seq 1 600); do
        grep -q "test pause at $point" "$ERR" 2>/dev/null && return 0
        kill -0 "$PID" 2>/dev/null || break
        sleep 0.2
    done
    note_fail "the run never paused at $point: $(grep -v warning "$ERR" | tail -n 2)"
    kill -KILL "$PID" 2>/dev/null; wait "$PID" 2>/dev/null
    return 1
}

echo "check: a first run writes a whole set"
run "$T/out" 30 || note_fail "first run exited $?: $(tail -n 1 "$T/last.err")"
whole "$T/out" 30 && no_leftovers "$T" out && ok "30 minutes, every file listed"
cp -a "$T/out" "$T/ref30"

for case in "before TERM 143" "tables TERM 143" "maps TERM 143" "tables INT 130"; do
    set -- $case
    echo "check: SIG$2 at $1: the old set stays, nothing left"
    if start "$T/out" 20 "$1" perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV'; then
        case $1 in
            tables) ls -A "$T"/.out.staging-"$PID"/out | grep -q '^\.results\.tmp-' ||
                        note_fail "tables: no GeoPackage half written at the pause" ;;
            maps) ls -A "$T"/.out.staging-"$PID"/out | grep -q '^\.map\.tmp-' ||
                      note_fail "maps: no map half written at the pause" ;;
        esac
        kill -"$2" "$PID"; wait "$PID"; rc=$?
        [ "$rc" = "$3" ] || note_fail "SIG$2 at $1: exit $rc, expected $3"
        grep -q "^siteplan: interrupted; .*out left as it was" "$ERR" || note_fail "SIG$2 at $1: no message"
        whole "$T/out" 30 && no_leftovers "$T" out && diff -r "$T/out" "$T/ref30" >/dev/null &&
            ok "exit $rc, the old set byte for byte"
    fi
done

echo "check: SIGKILL while drawing: the old set stays; the next run removes the staging folder"
if start "$T/out" 20 maps; then
    kill -KILL "$PID"; wait "$PID" 2>/dev/null
    whole "$T/out" 30 && diff -r "$T/out" "$T/ref30" >/dev/null && ok "old set intact"
    [ -d "$T/.out.staging-$PID" ] || note_fail "SIGKILL: expected its staging folder to stay"
    stale=$PID
    # leftovers of an interrupted earlier version, inside the folder
    : > "$T/out/.results.tmp-99999.gpkg"; : > "$T/out/.results.tmp-99999.gpkg-journal"
    : > "$T/out/.map.tmp-99999.png"
    run "$T/out" 20 || note_fail "run after SIGKILL exited $?: $(tail -n 1 "$T/last.err")"
    [ -e "$T/.out.staging-$stale" ] && note_fail "the stale staging folder of process $stale is still there"
    whole "$T/out" 20 && no_leftovers "$T" out && ok "stale staging and earlier leftovers gone, new set whole"
fi

echo "check: a second run into a folder in use is refused"
if start "$T/out" 25 before; then
    "$SITEPLAN" run "$INI" -o "$T/out" --cache "$CACHE" -q >"$T/second.out" 2>"$T/second.err"; rc=$?
    [ "$rc" = 1 ] || note_fail "second run: exit $rc, expected 1"
    n=$(grep -vc '^siteplan: warning' "$T/second.err")
    line=$(grep -v '^siteplan: warning' "$T/second.err")
    [ "$n" = 1 ] || note_fail "second run: $n lines of error, expected 1"
    echo "$line" | grep -q "^siteplan run: .*out: in use by another siteplan command (process $PID)" ||
        note_fail "second run: '$line'"
    [ -s "$T/second.out" ] && note_fail "second run printed results"
    kill -TERM "$PID"; wait "$PID"
    whole "$T/out" 20 && no_leftovers "$T" out && ok "$line"
fi

echo "check: killed between the two renames of the fallback swap: the next run repairs"
if start "$T/out" 15 swap env SP_TEST_NO_EXCHANGE=1; then
    kill -KILL "$PID"; wait "$PID" 2>/dev/null
    [ -e "$T/out" ] && note_fail "swap window: expected no folder between the renames"
    [ -d "$T/.out.staging-$PID/old" ] && [ -d "$T/.out.staging-$PID/out" ] ||
        note_fail "swap window: expected the old and new sets in the staging folder"
    # the next run repairs when it starts: stop it right after
    if start "$T/out" 25 before; then
        kill -TERM "$PID"; wait "$PID"
        grep -q "warning: .*out: a run killed while swapping" "$ERR" || note_fail "repair: no warning"
        whole "$T/out" 15 && no_leftovers "$T" out && ok "the killed run's complete new set (15 min) put in place"
    fi
fi

echo "check: siteplan render FOLDER killed while drawing leaves the folder; finished, it is whole"
cp -a "$T/out" "$T/ref15"
SP_TEST_PAUSE_AT=maps SP_TEST_PAUSE_SECONDS=120 "$SITEPLAN" render "$T/out" --language zh -q \
    >/dev/null 2>"$T/render.err" &
PID=$!
for _ in $(seq 1 300); do grep -q "test pause at maps" "$T/render.err" && break; sleep 0.2; done
if grep -q "test pause at maps" "$T/render.err"; then
    kill -TERM "$PID"; wait "$PID"; rc=$?
    [ "$rc" = 143 ] || note_fail "render SIGTERM: exit $rc"
    whole "$T/out" 15 && no_leftovers "$T" out && diff -r "$T/out" "$T/ref15" >/dev/null &&
        ok "render killed: the folder byte for byte as before"
else
    note_fail "render never paused at maps"; kill -KILL "$PID"; wait "$PID" 2>/dev/null
fi
"$SITEPLAN" render "$T/out" --language zh -q >/dev/null 2>"$T/render.err" ||
    note_fail "render exited $?: $(tail -n 1 "$T/render.err")"
whole "$T/out" 15 && no_leftovers "$T" out && ! cmp -s "$T/out/map.png" "$T/ref15/map.png" &&
    ok "render: new drawings, listed"

echo "check: a folder holding a file siteplan did not write is not replaced"
echo "my notes" > "$T/out/notes.txt"
run "$T/out" 20; rc=$?
line=$(grep -v '^siteplan: warning' "$T/last.err")
[ "$rc" = 1 ] && echo "$line" | grep -q "^siteplan run: .*out: holds notes.txt, which siteplan did not write" ||
    note_fail "foreign file: exit $rc, '$line'"
[ "$(cat "$T/out/notes.txt")" = "my notes" ] && no_leftovers "$T" out && ok "$line"
rm "$T/out/notes.txt"

echo "check: compare: a scenario folder of an earlier, longer comparison is gone"
"$SITEPLAN" compare "$INI" "$INI" "$INI" -o "$T/cmp" --cache "$CACHE" --no-render -q >/dev/null 2>"$T/cmp.err" ||
    note_fail "compare of 3 exited $?: $(tail -n 1 "$T/cmp.err")"
n3=$(ls "$T/cmp" | grep -c '^[0-9]-')
"$SITEPLAN" compare "$INI" "$INI" -o "$T/cmp" --cache "$CACHE" --no-render -q >/dev/null 2>"$T/cmp.err" ||
    note_fail "compare of 2 exited $?: $(tail -n 1 "$T/cmp.err")"
n2=$(ls "$T/cmp" | grep -c '^[0-9]-')
[ "$n3" = 3 ] && [ "$n2" = 2 ] && no_leftovers "$T" cmp && ok "3 scenario folders, then 2" ||
    note_fail "compare: $n3 then $n2 scenario folders"
for d in "$T"/cmp/[0-9]-*; do
    want=$( (echo summary.json; jq -r '.files[].name' "$d/summary.json") | sort)
    [ "$want" = "$(ls -A "$d" | sort)" ] || note_fail "$d: files differ from its list"
done

if [ ${#failures[@]} -gt 0 ]; then
    echo "${#failures[@]} check(s) failed" >&2
    exit 1
fi
echo "all result set checks passed"
