#!/usr/bin/env bash
# compare_set.sh — the folder of `siteplan compare` is checkable as one unit
# (README.md, "The result set"): compare.json lists every file of the folder
# (the scenario folders' too), and a reader refuses a folder that is not
# whole.
#   - compare.json holds "schema_version" (that of the scenarios'
#     summary.json) and "files": exactly the folder's files but itself, each
#     with its size and SHA-256 (checked here with find, stat and sha256sum);
#   - siteplan render on the folder draws the same bytes again and leaves it
#     whole;
#   - siteplan render refuses, with one line naming the file, exit 1, and
#     leaves the folder as it was: a top-level file edited (same size), a
#     drawing removed, a scenario folder's file removed, a compare.json of
#     another schema version, no compare.json (a folder of an older
#     siteplan).
# Env: SITEPLAN, SP_ROOT, SP_TMP.
set -u
: "${SITEPLAN:?}" "${SP_ROOT:?}" "${SP_TMP:?}"
T="$SP_TMP/compare_set"
rm -rf "$T"; mkdir -p "$T" || exit 1
command -v jq >/dev/null || { echo "FAIL: jq not installed" >&2; exit 1; }
fail() { echo "FAIL: $*" >&2; exit 1; }
W="$SP_ROOT/data/whatif"
C="$T/cmp"

"$SITEPLAN" compare "$W/base15.ini" "$W/add-three.ini" -o "$C" --cache "$T/cache" -q \
    > "$T/cmp.out" 2> "$T/cmp.err" || { cat "$T/cmp.err" >&2; fail "compare exited $?"; }

# whole DIR: DIR holds exactly compare.json and the files it lists, each with
# its size and SHA-256
whole() {
    local dir=$1 want have name bytes sum
    [ -f "$dir/compare.json" ] || fail "$dir: no compare.json"
    want=$( (echo compare.json; jq -r '.files[].name' "$dir/compare.json") | sort)
    have=$(cd "$dir" && find . -type f | sed 's|^\./||' | sort)
    [ "$want" = "$have" ] ||
        fail "$dir: files differ from compare.json's list: $(diff <(echo "$want") <(echo "$have") | grep '^[<>]' | tr '\n' ' ')"
    while read -r name bytes sum; do
        [ "$(stat -c %s "$dir/$name")" = "$bytes" ] || fail "$dir/$name: size differs from its list"
        [ "$(sha256sum "$dir/$name" | cut -d' ' -f1)" = "$sum" ] || fail "$dir/$name: SHA-256 differs"
    done < <(jq -r '.files[] | "\(.name) \(.bytes) \(.sha256)"' "$dir/compare.json")
}
whole "$C"
for f in comparison.csv comparison.json changes.csv compare.png compare.pdf compare_report.pdf \
         1-base15/summary.json 1-base15/results.gpkg 2-add-three/coverage.csv; do
    jq -e --arg f "$f" 'any(.files[]; .name == $f)' "$C/compare.json" >/dev/null ||
        fail "compare.json does not list $f"
done
[ "$(jq -r .schema_version "$C/compare.json")" = "$(jq -r .schema_version "$C/1-base15/summary.json")" ] ||
    fail "compare.json schema_version $(jq -r .schema_version "$C/compare.json") is not the results'"
echo "check: compare.json lists the $(jq '.files | length' "$C/compare.json") files of the folder, sizes and SHA-256 right"

# ---- siteplan render on the folder: the same drawings, the folder whole ----
cp "$C/compare.png" "$T/compare.png.1"
"$SITEPLAN" render "$C" -q > "$T/render.out" 2> "$T/render.err" ||
    { cat "$T/render.err" >&2; fail "render of the compare folder exited $?"; }
grep -q "compare_report.pdf" "$T/render.out" || fail "render stdout: $(cat "$T/render.out")"
cmp -s "$C/compare.png" "$T/compare.png.1" || fail "render drew another compare.png"
whole "$C"
echo "check: siteplan render on the folder draws the same compare.png, the folder stays whole"

# ---- a folder that is not whole is refused ----
# refused CASE PATTERN: render of $T/$CASE exits 1 with one line matching
# PATTERN, and the folder is as it was
refused() {
    local d="$T/$1" before rc
    before=$(cd "$d" && find . -type f -exec sha256sum {} + | sort)
    "$SITEPLAN" render "$d" -q > /dev/null 2> "$T/$1.err"
    rc=$?
    [ "$rc" = 1 ] || fail "$1: render exited $rc, expected 1: $(cat "$T/$1.err")"
    [ "$(wc -l < "$T/$1.err")" = 1 ] || fail "$1: not one line: $(cat "$T/$1.err")"
    grep -q "$2" "$T/$1.err" || fail "$1: message does not match '$2': $(cat "$T/$1.err")"
    [ "$(cd "$d" && find . -type f -exec sha256sum {} + | sort)" = "$before" ] || fail "$1: folder changed"
    echo "check: $1: $(cat "$T/$1.err")"
}
cp -r "$C" "$T/edited"
# one digit of comparison.csv changed, same size
sed -i '2s/,15,/,16,/' "$T/edited/comparison.csv"
cmp -s "$C/comparison.csv" "$T/edited/comparison.csv" && fail "the edit did not change comparison.csv"
refused edited "edited/comparison.csv: not the file .*compare.json lists (.*another SHA-256"
cp -r "$C" "$T/nomap"
rm "$T/nomap/compare_report.pdf"
refused nomap "nomap/compare_report.pdf: missing or unreadable .*compare.json lists it"
cp -r "$C" "$T/noscen"
rm "$T/noscen/2-add-three/coverage.csv"
refused noscen "noscen/2-add-three/coverage.csv: missing or unreadable"
cp -r "$C" "$T/oldver"
jq '.schema_version -= 1' "$C/compare.json" > "$T/oldver/compare.json"
refused oldver "oldver/compare.json: \"schema_version\" is [0-9]*; this siteplan reads results schema"
cp -r "$C" "$T/nojson"
rm "$T/nojson/compare.json"
refused nojson "nojson/compare.json: cannot open: .*older siteplan: run the comparison again"
echo "compare_set: ok"
