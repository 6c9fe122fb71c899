#!/usr/bin/env bash
# province_tiles.sh — the province-like test data (scripts/province-tiles.py)
# that make bench-scale runs on:
#   - K = 2 twice: the same bytes (extract, CSVs, scenarios, tiles.json);
#   - the extract (osmium fileinfo): exactly 4 x the nodes and relations of
#     K = 1, and 4 x its ways plus the 32 tile links (8 per shared edge, 4
#     shared edges);
#   - the walk graph (summary.json network): at least 4 x the nodes and
#     links of K = 1, and at most 64 nodes and 96 links more (a link's two
#     ends may split a way each: a node and a link per end, plus the link);
#     its largest strongly connected piece holds at least 4 x K = 1's, so it
#     spans the four tiles;
#   - by car, with only tile (0, 0)'s sites, clusters of tile (1, 0) and
#     (0, 1) are covered: the stitch carries traffic;
#   - on foot, with every tile's sites: exactly 4 x the clusters, sites and
#     workers, and 4 x the covered workers within 0.1 %: tile links near a
#     tile's edge give a few edge clusters a nearer road to snap to, and the
#     projection's scale differs a little between tiles (times differ in the
#     4th decimal of a minute).  A walk of 30 minutes cannot cross a link:
#     each is at least the 3 km gap long.
# Cells of 100 m: the counts do not depend on the cell; the polygons are faster.
# Env: SITEPLAN, SP_ROOT, SP_TMP.  Needs python3 and osmium (skips without).
set -u
: "${SITEPLAN:?}" "${SP_ROOT:?}" "${SP_TMP:?}"
T="$SP_TMP/province_tiles"
rm -rf "$T"; mkdir -p "$T" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in python3 osmium jq; do
    command -v $tool >/dev/null || { echo "province_tiles: skipped ($tool not installed)"; exit 0; }
done
GEN="$SP_ROOT/scripts/province-tiles.py"

python3 "$GEN" 1 "$T/k1" || fail "generating K = 1"
python3 "$GEN" 2 "$T/k2" || fail "generating K = 2"
python3 "$GEN" 2 "$T/k2b" || fail "generating K = 2 again"
for f in province.osm.pbf hexgrid.csv points_of_interest.csv walk.ini car.ini tiles.json; do
    cmp -s "$T/k2/$f" "$T/k2b/$f" || fail "K = 2 twice: $f differs"
done

count() { osmium fileinfo -e -g "data.count.$2" "$T/$1/province.osm.pbf"; }
for what in nodes relations; do
    a=$(count k1 $what) b=$(count k2 $what)
    [ "$b" = $((4 * a)) ] || fail "$what: K = 2 has $b, not 4 x $a"
done
a=$(count k1 ways) b=$(count k2 ways)
[ "$b" = $((4 * a + 32)) ] || fail "ways: K = 2 has $b, not 4 x $a + 32 tile links"
[ "$(jq .tile_links "$T/k2/tiles.json")" = 32 ] || fail "tiles.json: tile_links not 32"
[ "$(count k2 ways)" = "$(jq .ways "$T/k2/tiles.json")" ] || fail "tiles.json: ways"

# run K MODE NAME [ARGS...]
run() {
    local k=$1 mode=$2 name=$3; shift 3
    local rc=0
    "$SITEPLAN" run "$T/$k/$mode.ini" -o "$T/$name" -q --set catchment.cell_m=100 "$@" \
        >"$T/$name.out" 2>"$T/$name.err" || rc=$?
    [ "$rc" = 0 ] || { tail -n 3 "$T/$name.err" >&2; fail "$name: exit $rc"; }
}
run k1 walk w1
run k2 walk w2
j() { jq -r "$2" "$T/$1/summary.json"; }
n1=$(j w1 .network.nodes) n2=$(j w2 .network.nodes)
l1=$(j w1 .network.links) l2=$(j w2 .network.links)
[ "$n2" -ge $((4 * n1)) ] && [ "$n2" -le $((4 * n1 + 64)) ] || fail "graph nodes: K = 2 $n2, K = 1 $n1"
[ "$l2" -ge $((4 * l1)) ] && [ "$l2" -le $((4 * l1 + 96)) ] || fail "graph links: K = 2 $l2, K = 1 $l1"
m1=$(j w1 .network.main_component_nodes) m2=$(j w2 .network.main_component_nodes)
[ "$m2" -ge $((4 * m1)) ] || fail "largest piece: K = 2 $m2 nodes, not 4 x $m1: the tiles are not joined"

for key in clusters_total sites_total workers_total; do
    [ "$(j w2 .$key)" = $((4 * $(j w1 .$key))) ] || fail "$key: K = 2 $(j w2 .$key), K = 1 $(j w1 .$key)"
done
c1=$(j w1 .workers_covered) c2=$(j w2 .workers_covered)
awk -v a="$c1" -v b="$c2" 'BEGIN { d = b - 4 * a; if (d < 0) d = -d; exit !(d <= 0.001 * 4 * a) }' ||
    fail "workers covered: K = 2 $c2, 4 x K = 1 = $((4 * c1)) (more than 0.1 % apart)"

# by car from tile (0, 0)'s sites only: its neighbours are reached
run k2 car c00 --set "inputs.sites.where=healthcare > 0 AND id LIKE '%_0_0'"
[ "$(j c00 .sites_total)" = "$(j w1 .sites_total)" ] || fail "car: not tile (0, 0)'s sites only"
for tile in 1_0 0_1; do
    n=$(awk -F, -v t="_$tile" 'NR > 1 && substr($1, length($1) - 3) == t && $6 == 1' "$T/c00/coverage.csv" | wc -l)
    [ "$n" -gt 0 ] || fail "car: no cluster of tile $tile covered from tile (0, 0)"
done
echo "province_tiles: ok (graph K=1 $n1 nodes, K=2 $n2; covered workers K=2 $c2, 4 x K=1 $((4 * c1)))"
