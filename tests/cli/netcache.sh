#!/usr/bin/env bash
# netcache.sh — the network cache from the command line (--cache DIR and
# [inputs] network.cache), on a copy of the shared Shenzhen OSM extract with
# the synthetic Shenzhen clusters and stations:
#   - miss: "network cache miss: PATH; reading the network", one file written;
#   - hit: "network cache hit: PATH" on stderr, and every result file
#     (summary.json, coverage.csv, sites.csv, results.gpkg) byte-identical to
#     a run without the cache; -q silences the note;
#   - the scenario key, relative to the scenario file, uses the same file;
#   - another working CRS or network.where: a miss (another file);
#   - a truncated file and a byte flipped in the payload: one warning line
#     saying why, rebuilt, results unchanged, the next run a hit;
#   - the network file edited (one highway removed): one "stale (the network
#     file changed); rebuilding it" line, and the results are those of a run
#     without the cache on the new file (ways_read one less);
#   - a cache folder that cannot be created: one warning, the run succeeds
#     with the same results;
#   - siteplan compare --cache and sweep --cache: a hit, and the same files as
#     without it.
# Env: SITEPLAN, SP_ROOT, SP_SHARED, SP_TMP.
set -u
: "${SITEPLAN:?}" "${SP_ROOT:?}" "${SP_SHARED:?}" "${SP_TMP:?}"
T="$SP_TMP/netcache"
rm -rf "$T"; mkdir -p "$T/scen" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
FILES="summary.json coverage.csv sites.csv results.gpkg"

cp "$SP_SHARED/data/osm/shenzhen_longgang.osm" "$T/net.osm" || fail "no shared OSM extract"
chmod u+w "$T/net.osm"
. "$SP_ROOT/tests/cli/lib/shenzhen.sh"
shenzhen_ini "$T/scen/s.ini" "cache test" "$T/net.osm" "[render]
enabled = no"

# run NAME [ARGS...]: siteplan run scen/s.ini -o $T/NAME ARGS, stderr in $T/NAME.err
run() {
    local name=$1; shift
    "$SITEPLAN" run "$T/scen/s.ini" -o "$T/$name" "$@" > "$T/$name.out" 2> "$T/$name.err" ||
        { cat "$T/$name.err" >&2; fail "$name: exit $?"; }
}
same() { # A B: the result files of two runs are byte-identical
    for f in $FILES; do
        cmp -s "$T/$1/$f" "$T/$2/$f" || fail "$2/$f differs from $1/$f"
    done
}
cache_lines() { grep -c 'network cache' "$T/$1.err"; }
n_files() { find "$T/cache" -name '*.spnc' | wc -l; }
ways_read() { grep -o '"ways_read": [0-9]*' "$T/$1/summary.json" | awk '{ print $2 }'; }

run nocache -q
[ "$(cache_lines nocache)" = 0 ] || fail "a run without --cache mentions the cache"

# Miss, then hit.
run miss --cache "$T/cache"
[ "$(n_files)" = 1 ] || fail "miss: $(n_files) cache files, expected 1"
C=$(find "$T/cache" -name '*.spnc')
grep -qxF "siteplan: network cache miss: $C; reading the network" "$T/miss.err" ||
    fail "miss: no 'miss' line: $(cat "$T/miss.err")"
[ "$(cache_lines miss)" = 1 ] || fail "miss: $(cache_lines miss) cache lines"
same nocache miss
run hit --cache "$T/cache"
grep -qxF "siteplan: network cache hit: $C" "$T/hit.err" || fail "hit: no hit line: $(cat "$T/hit.err")"
[ "$(cache_lines hit)" = 1 ] || fail "hit: $(cache_lines hit) cache lines"
same nocache hit
run hitq --cache "$T/cache" -q
[ "$(cache_lines hitq)" = 0 ] || fail "-q: the hit note is printed"
same nocache hitq
echo "check: miss writes the file, hit reads it, results byte-identical, -q silences the note"

# The scenario key, relative to the scenario file's folder (run from elsewhere).
sed -n '1,/^\[travel\]/p' "$T/scen/s.ini" | sed '$d' > "$T/scen/k.ini"
printf 'network.cache = ../cache\n' >> "$T/scen/k.ini"
sed -n '/^\[travel\]/,$p' "$T/scen/s.ini" >> "$T/scen/k.ini"
(cd / && "$SITEPLAN" run "$T/scen/k.ini" -o "$T/key" > /dev/null 2> "$T/key.err") || fail "key run"
grep -qxF "siteplan: network cache hit: $C" "$T/key.err" ||
    fail "scenario key: no hit: $(grep 'network cache' "$T/key.err")"
same nocache key
# --set network.cache= (empty) turns it off again
(cd / && "$SITEPLAN" run "$T/scen/k.ini" -o "$T/keyoff" --set inputs.network.cache= -q \
    > /dev/null 2> "$T/keyoff.err") || fail "keyoff run"
[ "$(cache_lines keyoff)" = 0 ] || fail "an empty network.cache still uses the cache"
echo "check: [inputs] network.cache (relative to the scenario) is the same cache; empty turns it off"

# Other keys: misses, each its own file.
run crs --cache "$T/cache" --set travel.crs=EPSG:32649 -q
[ "$(n_files)" = 2 ] || fail "another CRS: $(n_files) files, expected 2"
run nocache_crs --set travel.crs=EPSG:32649 -q
same nocache_crs crs
run where --cache "$T/cache" --set "inputs.network.where=highway <> 'footway'"
grep -q "network cache miss: " "$T/where.err" || fail "another where: not a miss"
[ "$(n_files)" = 3 ] || fail "another where: $(n_files) files, expected 3"
run hit2 --cache "$T/cache"
grep -qxF "siteplan: network cache hit: $C" "$T/hit2.err" || fail "the first file was not kept"
echo "check: another working CRS or network.where is a miss with a file of its own"

# Damage: cut, flipped.
head -c 1000 "$C" > "$T/cut" && mv "$T/cut" "$C"
run cut --cache "$T/cache" -q
[ "$(cache_lines cut)" = 1 ] || fail "truncated: $(cache_lines cut) cache lines"
grep -qE "^siteplan: warning: network cache .*: truncated \(payload [0-9]+ of [0-9]+ bytes\); rebuilding it$" \
    "$T/cut.err" || fail "truncated: $(grep 'network cache' "$T/cut.err")"
same nocache cut
run after_cut --cache "$T/cache"
grep -qxF "siteplan: network cache hit: $C" "$T/after_cut.err" || fail "not rebuilt after the cut"
size=$(stat -c %s "$C")
at=$((184 + (size - 184) / 2))
orig=$(od -An -tu1 -j "$at" -N1 "$C" | tr -d ' ')
printf "$(printf '\\%03o' $(( (orig + 1) % 256 )))" |
    dd of="$C" bs=1 seek="$at" conv=notrunc status=none
[ "$(od -An -tu1 -j "$at" -N1 "$C" | tr -d ' ')" != "$orig" ] || fail "the byte was not flipped"
run flip --cache "$T/cache" -q
[ "$(cache_lines flip)" = 1 ] || fail "flipped: $(cache_lines flip) cache lines"
grep -qE "^siteplan: warning: network cache .*: corrupt \(payload checksum mismatch\); rebuilding it$" \
    "$T/flip.err" || fail "flipped: $(grep 'network cache' "$T/flip.err")"
same nocache flip
echo "check: a truncated and a corrupted cache file are detected, reported in one line, rebuilt"

# Stale: the network file loses one highway.
awk '/<way / { inway = 1; buf = "" }
     inway { buf = buf $0 "\n"; if (/<\/way>/) { inway = 0
             if (!done && buf ~ /k="highway"/) { done = 1 } else printf "%s", buf }; next }
     { print }' "$T/net.osm" > "$T/net2.osm"
[ "$(grep -c '<way ' "$T/net2.osm")" = $(( $(grep -c '<way ' "$T/net.osm") - 1 )) ] ||
    fail "the fixture edit did not remove one way"
ways0=$(ways_read nocache)
[ -n "$ways0" ] && [ "$ways0" -gt 100 ] || fail "no ways_read in summary.json"
mv "$T/net2.osm" "$T/net.osm"
run stale --cache "$T/cache"
grep -qxF "siteplan: network cache $C: stale (the network file changed); rebuilding it" "$T/stale.err" ||
    fail "stale: $(grep 'network cache' "$T/stale.err")"
[ "$(cache_lines stale)" = 1 ] || fail "stale: $(cache_lines stale) cache lines"
run nocache_new -q
same nocache_new stale
[ "$(ways_read stale)" = $((ways0 - 1)) ] ||
    fail "stale: ways_read $(ways_read stale), expected $((ways0 - 1))"
run stale_q --cache "$T/cache" -q
same nocache_new stale_q
[ "$(cache_lines stale_q)" = 0 ] || fail "after the rebuild: $(cat "$T/stale_q.err")"
echo "check: an edited network file makes the cache stale; rebuilt; results follow the new file"

# A cache folder that cannot be created: a warning, the run succeeds.
: > "$T/afile"
run unwritable --cache "$T/afile/cache" -q
[ "$(cache_lines unwritable)" = 1 ] || fail "unwritable: $(cache_lines unwritable) cache lines"
grep -qE "^siteplan: warning: network cache: cannot write $T/afile/cache/network-[0-9a-f]{32}\.spnc \(.*\); running without the cache$" \
    "$T/unwritable.err" || fail "unwritable: $(cat "$T/unwritable.err")"
same nocache_new unwritable
echo "check: an unwritable cache folder is a warning; the run succeeds"

# compare --cache: a hit, the same files as without.
sed 's/^minutes = .*/minutes = 5/' "$T/scen/s.ini" > "$T/scen/five.ini"
"$SITEPLAN" compare "$T/scen/s.ini" "$T/scen/five.ini" -o "$T/cmp0" -q > /dev/null 2>&1 ||
    fail "compare without the cache"
"$SITEPLAN" compare "$T/scen/s.ini" "$T/scen/five.ini" -o "$T/cmp1" --cache "$T/cache" \
    > /dev/null 2> "$T/cmp1.err" || fail "compare --cache"
grep -qxF "siteplan: network cache hit: $C" "$T/cmp1.err" || fail "compare: no hit: $(grep 'network cache' "$T/cmp1.err")"
for f in comparison.csv comparison.json changes.csv 1-s/summary.json 1-s/coverage.csv \
         2-five/coverage.csv 2-five/results.gpkg; do
    cmp -s "$T/cmp0/$f" "$T/cmp1/$f" || fail "compare: $f differs with the cache"
done
echo "check: compare --cache hits and changes nothing"

# sweep --cache: a hit, the same sweep.csv as without.
"$SITEPLAN" sweep "$T/scen/s.ini" --vary travel.minutes=5,10 -o "$T/sw0" -q > /dev/null 2>&1 ||
    fail "sweep without the cache"
"$SITEPLAN" sweep "$T/scen/s.ini" --vary travel.minutes=5,10 -o "$T/sw1" --cache "$T/cache" \
    > /dev/null 2> "$T/sw1.err" || fail "sweep --cache"
grep -qxF "siteplan: network cache hit: $C" "$T/sw1.err" || fail "sweep: no hit: $(grep 'network cache' "$T/sw1.err")"
cmp -s "$T/sw0/sweep.csv" "$T/sw1/sweep.csv" || fail "sweep: sweep.csv differs with the cache"
echo "check: sweep --cache hits and changes nothing"
echo "netcache: ok"
