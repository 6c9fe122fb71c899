#!/usr/bin/env bash
# extract-baltimore.sh OUT.gpkg [OSM] — make data/baltimore_industrial.gpkg
# (the worked example data/baltimore_industrial.ini) from the OpenStreetMap
# extract data/baltimore.osm.pbf (default; the same file as
# ../shared/data/osm/baltimore.osm.pbf).  Two layers, WGS84 as in OSM:
#   industrial  the landuse=industrial areas (ways and relations): id
#               ("way/N" or "relation/N"), name, area_ha (the area in UTM
#               18N, EPSG:32618, the working CRS siteplan picks here, in
#               hectares, 2 decimals) and workers = round(area_ha x 40): an
#               ESTIMATE at an assumed 40 workers per hectare (OSM has no
#               worker counts);
#   health      the named amenity=hospital/clinic features, one point each
#               (an area: its point on surface), id "way/N" or "node/N",
#               name, amenity; left out: nodes named "... (historical)"
#               (GNIS records of closed hospitals) and nodes inside a named
#               hospital/clinic area (the same facility: the Johns Hopkins
#               Hospital node inside its area).
# OGR_CURRENT_DATE is pinned, so the same GDAL gives the same bytes.  The
# data is ODbL (data/LICENSE-DATA.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: extract-baltimore.sh OUT.gpkg [OSM]}
osm=${2:-$root/data/baltimore.osm.pbf}
rm -f "$out"
export OGR_CURRENT_DATE=2026-12-02T00:00:00Z OSM_CONFIG_FILE="$root/data/osmconf.ini"
ogr2ogr -f GPKG "$out" "$osm" -dialect sqlite -nln industrial -nlt MULTIPOLYGON -sql "
SELECT CASE WHEN osm_id IS NOT NULL THEN 'relation/' || osm_id ELSE 'way/' || osm_way_id END AS id,
       name, ROUND(ST_Area(ST_Transform(geometry, 32618)) / 10000.0, 2) AS area_ha,
       CAST(ROUND(ST_Area(ST_Transform(geometry, 32618)) / 10000.0 * 40) AS INTEGER) AS workers,
       geometry
  FROM multipolygons WHERE landuse = 'industrial'
 ORDER BY CAST(COALESCE(osm_id, osm_way_id) AS INTEGER)"
ogr2ogr -update -f GPKG "$out" "$osm" -dialect sqlite -nln health -nlt POINT -sql "
SELECT 'way/' || osm_way_id AS id, name, amenity, ST_PointOnSurface(geometry) AS geometry
  FROM multipolygons WHERE amenity IN ('hospital', 'clinic') AND name IS NOT NULL
UNION ALL
SELECT 'node/' || p.osm_id AS id, p.name,
       CASE WHEN p.other_tags LIKE '%\"amenity\"=>\"clinic\"%' THEN 'clinic' ELSE 'hospital' END AS amenity,
       p.geometry
  FROM points p
 WHERE (p.other_tags LIKE '%\"amenity\"=>\"hospital\"%' OR p.other_tags LIKE '%\"amenity\"=>\"clinic\"%')
   AND p.name IS NOT NULL AND p.name NOT LIKE '%(historical)%'
   AND NOT EXISTS (SELECT 1 FROM multipolygons m
                    WHERE m.amenity IN ('hospital', 'clinic') AND m.name IS NOT NULL
                      AND ST_Within(p.geometry, m.geometry))"
