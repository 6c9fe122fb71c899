# baltimore_areas.sh — the polygon clusters and polygon sites of the area
# benchmark (scripts/bench.sh) and of tests/cli/polygon_clusters.sh, from
# the Baltimore OpenStreetMap extract (baltimore.osm.pbf).  Not the worked
# example's data (scripts/extract-baltimore.sh: other ids, estimated
# workers, the health features as points).  Source it; the functions write
# only in the folder they are given and return non-zero on failure (under
# set -e the caller stops).

# baltimore_areas OSM DIR: two GeoPackages in DIR, WGS84 as in OSM:
#   ind.gpkg     layer industrial: the landuse=industrial areas (ways and
#                relations), id (the relation's or way's number), name,
#                workers = 100 each (a test value, not data);
#   health.gpkg  layer health: the amenity=hospital/clinic areas, id, name.
# On an ogr2ogr failure: a line naming the layer on stderr, return 1.
baltimore_areas() {
    ogr2ogr -f GPKG "$2/ind.gpkg" "$1" -dialect sqlite -nln industrial \
        -sql "SELECT COALESCE(osm_id, osm_way_id) AS id, name, 100 AS workers, geometry FROM multipolygons WHERE landuse='industrial'" \
        || { echo "baltimore_areas: ogr2ogr industrial failed" >&2; return 1; }
    ogr2ogr -f GPKG "$2/health.gpkg" "$1" -dialect sqlite -nln health \
        -sql "SELECT COALESCE(osm_id, osm_way_id) AS id, name, geometry FROM multipolygons WHERE amenity IN ('hospital','clinic')" \
        || { echo "baltimore_areas: ogr2ogr health failed" >&2; return 1; }
}

# baltimore_areas_inputs OSM: on stdout, the [inputs] section of a scenario
# in that DIR: network OSM, clusters ind.gpkg (weight workers, id, name),
# sites health.gpkg (id, name).  The caller adds the other sections.
baltimore_areas_inputs() {
    printf '%s\n' "[inputs]" "network = $1" "clusters = ind.gpkg" "clusters.weight = workers" \
        "clusters.id = id" "clusters.name = name" "sites = health.gpkg" "sites.id = id" "sites.name = name"
}
