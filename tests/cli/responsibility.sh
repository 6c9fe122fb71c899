#!/usr/bin/env bash
# responsibility.sh — the responsibility layer of results.gpkg (each site's
# area where it is the nearest site at the threshold) on the default
# scenario (Porto Alegre, 117 sites, walk 30 minutes), checked with SQL
# (ogrinfo -dialect sqlite, SpatiaLite) on the written files:
#   - no two areas overlap (pairwise intersection area 0, over the pairs
#     that touch, of which there must be many);
#   - their union is the coverage area at the threshold (both differences
#     empty) and their areas sum to its area; each lies inside its own site's
#     catchment at the threshold;
#   - a covered cluster's point (nearest_site from coverage.csv) lies inside
#     the coverage area (cells are timed by the clusters' own access rule;
#     measured: all 1,165) and in its nearest site's area, except at most
#     5 % of them, each within 2 cells (40 m) of its nearest site's area
#     (measured: 14, at most 7.5 m);
#   - the same bytes with one search thread (-j 1) as with all cores;
#   - one feature per site with an area, in site order, with the sites
#     layer's workers_assigned and clusters_assigned and area_km2 = the
#     polygon's area; the sites without a feature are the unreachable ones;
#   - the map (more than 40 sites: no catchment outlines) draws the areas'
#     edges: its legend names them (pdftotext, en and zh), and the same
#     folder with the layer emptied draws a map frame that differs in many
#     pixels (pdftoppm, cmp) and has no such legend line.
# Env: SITEPLAN (binary), SP_ROOT (repository), SP_TMP (scratch folder).
set -u

: "${SITEPLAN:?SITEPLAN must name the siteplan binary}"
: "${SP_ROOT:?SP_ROOT must name the repository}"
: "${SP_TMP:?SP_TMP must name a scratch folder}"

T="$SP_TMP/responsibility"
rm -rf "$T"
mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }
INI="$SP_ROOT/data/porto_alegre.ini"
CELL=20   # walk default (README "Catchment polygons")

fail() { echo "FAIL: $*" >&2; exit 1; }
check() { echo "check: $*"; }
# sql GPKG QUERY — the values of the one result row, one per line.
sql() {
    ogrinfo -q -ro -dialect sqlite -sql "$2" "$1" 2>"$T/sql.err" |
        sed -En 's/^  .* \((Integer|Integer64|Real|String)\) = //p'
    [ -s "$T/sql.err" ] && { cat "$T/sql.err" >&2; fail "SQL failed: $2"; }
    return 0
}

"$SITEPLAN" run "$INI" -o "$T/out" -q --set render.enabled=no >"$T/run.out" 2>"$T/run.err" ||
    { cat "$T/run.err" >&2; fail "siteplan run $INI exited $?"; }
G="$T/out/results.gpkg"

check "the layer and its fields"
ogrinfo -so -ro "$G" responsibility >"$T/info.txt" 2>&1 || fail "no responsibility layer"
grep -q "^Geometry: Multi Polygon" "$T/info.txt" || fail "geometry type: $(grep '^Geometry' "$T/info.txt")"
for f in "site_id: String" "name: String" "kind: String" "minutes: Real" "area_km2: Real" \
         "workers_assigned: Real" "clusters_assigned: Integer"; do
    grep -q "^$f" "$T/info.txt" || fail "field $f missing"
done

mapfile -t R < <(sql "$G" "SELECT count(*), sum(ST_IsValid(geom)), sum(ST_IsEmpty(geom)),
                                  min(minutes), max(minutes) FROM responsibility")
check "features ${R[0]}, valid ${R[1]}, empty ${R[2]}, minutes ${R[3]}..${R[4]}"
[ "${R[0]}" -gt 100 ] && [ "${R[1]}" = "${R[0]}" ] && [ "${R[2]}" = 0 ] || fail "features: ${R[*]}"
[ "${R[3]}" = 30 ] && [ "${R[4]}" = 30 ] || fail "minutes should be the threshold 30: ${R[*]}"

mapfile -t R < <(sql "$G" "SELECT count(*), sum(COALESCE(ST_Area(ST_Intersection(a.geom, b.geom)), 0))
                           FROM responsibility a, responsibility b
                           WHERE a.fid < b.fid AND ST_Intersects(a.geom, b.geom)")
check "no overlaps: ${R[0]} touching pairs, intersection area ${R[1]} m2"
[ "${R[0]}" -gt 100 ] || fail "only ${R[0]} pairs touch: the check is vacuous"
awk -v a="${R[1]}" 'BEGIN { exit !(a + 0 <= 1e-6) }' || fail "areas overlap: ${R[1]} m2"

mapfile -t R < <(sql "$G" "SELECT COALESCE(ST_Area(ST_Difference(u.g, c.geom)), 0),
                                  COALESCE(ST_Area(ST_Difference(c.geom, u.g)), 0),
                                  s.a, ST_Area(c.geom)
                           FROM (SELECT ST_Union(geom) g FROM responsibility) u,
                                (SELECT sum(ST_Area(geom)) a FROM responsibility) s,
                                coverage_area c WHERE c.minutes = 30")
check "union = coverage area at 30 min: differences ${R[0]} / ${R[1]} m2, areas ${R[2]} / ${R[3]} m2"
awk -v a="${R[0]}" -v b="${R[1]}" -v s="${R[2]}" -v c="${R[3]}" \
    'BEGIN { exit !(a + 0 <= 1e-3 && b + 0 <= 1e-3 && c > 1e7 && (s - c) ^ 2 <= 1e-6) }' ||
    fail "the union differs from the coverage area: ${R[*]}"

mapfile -t R < <(sql "$G" "SELECT count(*), max(COALESCE(ST_Area(ST_Difference(r.geom, c.geom)), 0))
                           FROM responsibility r JOIN catchments c
                             ON c.site_id = r.site_id AND c.minutes = 30")
check "each area inside its own catchment: ${R[0]} pairs, largest area outside ${R[1]} m2"
[ "${R[0]}" = "$(sql "$G" "SELECT count(*) FROM responsibility")" ] || fail "catchments missing: ${R[*]}"
awk -v a="${R[1]}" 'BEGIN { exit !(a + 0 <= 1e-3) }' || fail "an area leaves its catchment: ${R[*]}"

check "clusters: point in the area of nearest_site from coverage.csv"
# One query per column: SpatiaLite over OGR is slow when one query holds several of these.
col() {
    ogr2ogr -f CSV "$T/$1.csv" "$G" -dialect sqlite \
        -sql "SELECT c.id, $2 v FROM clusters c WHERE c.covered = 1" 2>"$T/sql.err" ||
        { cat "$T/sql.err" >&2; fail "SQL failed: $2"; }
}
col own "EXISTS(SELECT 1 FROM responsibility r WHERE r.site_id = c.nearest_site
                AND ST_Intersects(r.geom, c.geom))"
col inarea "EXISTS(SELECT 1 FROM coverage_area a WHERE a.minutes = 30 AND ST_Intersects(a.geom, c.geom))"
col dist "COALESCE((SELECT ST_Distance(r.geom, c.geom) FROM responsibility r
                    WHERE r.site_id = c.nearest_site), -1)"
col site "c.nearest_site"
# per covered cluster of coverage.csv: own inarea distance snap_m id
awk -F, 'FILENAME ~ /coverage.csv$/ { if (FNR > 1 && $6 == 1) { cov[$1] = $4; snap[$1] = $7 } next }
         FNR == 1 { next }
         { gsub(/"/, ""); v[FILENAME, $1] = $2; ids[$1] = 1 }
         END { for (id in cov) {
                   if (!(id in ids)) { print "missing " id; continue }
                   if (v[dir "/site.csv", id] != cov[id]) print "nearest " id
                   print v[dir "/own.csv", id], v[dir "/inarea.csv", id], v[dir "/dist.csv", id], snap[id], id } }' \
    dir="$T" "$T/out/coverage.csv" "$T/own.csv" "$T/inarea.csv" "$T/dist.csv" "$T/site.csv" \
    >"$T/clusters.txt"
grep -E '^(missing|nearest) ' "$T/clusters.txt" >&2 && fail "clusters layer and coverage.csv disagree"
read -r N_COV N_OWN N_IN N_NEAR MAX_NEAR N_OFF MIN_OFF_SNAP < <(awk '
    { n++; own += $1; inarea += $2 }
    $1 == 0 && $2 == 1 { near++; if ($3 > mx) mx = $3; if ($3 < 0) bad = 1 }
    $1 == 0 && $2 == 0 { off++; if (minsnap == "" || $4 < minsnap) minsnap = $4 }
    $1 == 1 && $2 == 0 { bad = 1 }
    END { printf "%d %d %d %d %.3f %d %s\n", n, own, inarea, near, mx, off, (minsnap == "" ? "inf" : minsnap)
          exit bad }' "$T/clusters.txt") ||
    fail "a cluster in its area but outside the coverage area, or with no area"
COVERED=$(awk -F, 'NR > 1 && $6 == 1' "$T/out/coverage.csv" | wc -l)
check "covered $N_COV (coverage.csv: $COVERED), in their nearest site's area $N_OWN;"
check "  in the coverage area $N_IN, of which in another area $N_NEAR (at most $MAX_NEAR m from their own);"
check "  outside the coverage area $N_OFF, snapped at least $MIN_OFF_SNAP m from the road"
[ "$N_COV" = "$COVERED" ] && [ "$N_COV" -gt 1000 ] || fail "covered clusters: $N_COV vs $COVERED"
awk -v n="$N_NEAR" -v m="$N_IN" -v d="$MAX_NEAR" -v c="$CELL" \
    'BEGIN { exit !(n <= 0.05 * m && d <= 2 * c) }' ||
    { grep '^0 1 ' "$T/clusters.txt" | sort -k3,3gr | head -5 >&2
      fail "$N_NEAR of $N_IN clusters in another site's area (up to $MAX_NEAR m away)"; }
# A cell's time is a cluster's at its centre (README "Catchment polygons"):
# on this data every covered cluster's point lies inside the coverage area
# (the map check allows a cell; measured: none outside at all).
[ "$N_OFF" = 0 ] || fail "$N_OFF covered clusters lie outside the coverage area (snapped from $MIN_OFF_SNAP m)"

check "features in site order, counts as the sites layer, area_km2 = the polygon's area"
mapfile -t R < <(sql "$G" "SELECT count(*),
        sum(r.workers_assigned = s.workers_assigned AND r.clusters_assigned = s.clusters_assigned
            AND r.kind = s.kind AND COALESCE(r.name, '') = COALESCE(s.name, '')),
        sum(abs(r.area_km2 - round(ST_Area(r.geom) / 1e6, 4)) < 1e-9),
        sum(r.fid < (SELECT min(r2.fid) FROM responsibility r2 JOIN sites s2 ON s2.id = r2.site_id
                     WHERE s2.fid > s.fid) OR NOT EXISTS(SELECT 1 FROM sites s2 JOIN responsibility r2
                     ON r2.site_id = s2.id WHERE s2.fid > s.fid))
        FROM responsibility r JOIN sites s ON s.id = r.site_id")
[ "${R[1]}" = "${R[0]}" ] && [ "${R[2]}" = "${R[0]}" ] && [ "${R[3]}" = "${R[0]}" ] ||
    fail "features vs sites layer: ${R[*]}"
mapfile -t R < <(sql "$G" "SELECT count(*), sum(reachable = 0) FROM sites
                           WHERE id NOT IN (SELECT site_id FROM responsibility)")
check "sites without a feature: ${R[0]}, unreachable among them: ${R[1]}"
[ "${R[0]}" = "${R[1]}" ] && [ "${R[0]}" -ge 1 ] || fail "sites without an area: ${R[*]}"

check "one search thread (-j 1) writes the same results.gpkg, byte for byte"
"$SITEPLAN" run "$INI" -o "$T/j1" -q -j 1 --set render.enabled=no >/dev/null 2>"$T/j1.err" ||
    { cat "$T/j1.err" >&2; fail "siteplan run -j 1 exited $?"; }
cmp -s "$G" "$T/j1/results.gpkg" || fail "results.gpkg differs with -j 1"

check "the map draws the edges of the areas (legend in en and zh; pixels)"
for L in en zh; do
    cp -r "$T/out" "$T/map_$L" && "$SITEPLAN" render "$T/map_$L" --language $L --dpi 50 -q >/dev/null ||
        fail "siteplan render --language $L failed"
done
pdftotext "$T/map_en/map.pdf" - | grep -qF "Edge of a site's area" || fail "no legend line (en)"
pdftotext "$T/map_zh/map.pdf" - | grep -qF "站点责任区边界" || fail "no legend line (zh)"
# an edited results.gpkg is no longer the file summary.json lists: drop the list
cp -r "$T/out" "$T/map_none" && ogrinfo -q "$T/map_none/results.gpkg" -sql "DELETE FROM responsibility" &&
    jq 'del(.files)' "$T/out/summary.json" >"$T/map_none/summary.json" &&
    "$SITEPLAN" render "$T/map_none" --language en --dpi 50 -q >/dev/null || fail "render without areas failed"
pdftotext "$T/map_none/map.pdf" - | grep -qF "Edge of a site's area" && fail "legend line without areas"
# the map frame only (A4 at 100 dpi: the frame spans about x 30..845, y 90..795)
CROP="-r 100 -x 60 -y 120 -W 740 -H 640"
pdftoppm $CROP "$T/map_en/map.pdf" "$T/with" && pdftoppm $CROP "$T/map_none/map.pdf" "$T/without" ||
    fail "pdftoppm failed"
NDIFF=$(cmp -l "$T/with-1.ppm" "$T/without-1.ppm" | wc -l)
check "  $NDIFF bytes of the map frame (100 dpi) differ without the areas"
[ "$NDIFF" -gt 20000 ] || fail "the edges barely show: $NDIFF bytes differ"
echo "responsibility: ok"
