# tiny_net.sh — hand-made road networks for the small access tests
# (access_roads.sh, access_best_road.sh): two-way OSM-like roads as GeoJSON,
# one cluster file and one site file (CSV), and the scenario over them.
# Source it; every function writes only where it is told.

# tiny_road ID HIGHWAY COORDS: one two-way road as a GeoJSON Feature on
# stdout (properties osm_id, highway, oneway = no); COORDS a JSON list of
# [lon, lat], e.g. '[[120.0,30.0],[120.02,30.0]]'.
tiny_road() {
    printf '{"type":"Feature","properties":{"osm_id":"%s","highway":"%s","oneway":"no"},' "$1" "$2"
    printf '"geometry":{"type":"LineString","coordinates":%s}}' "$3"
}

# tiny_roads FILE FEATURE...: the features as one FeatureCollection in FILE.
tiny_roads() {
    local file=$1
    shift
    { printf '{"type":"FeatureCollection","features":['
      (IFS=,; printf '%s' "$*")
      printf ']}\n'; } >"$file"
}

# tiny_ini FILE NETWORK CLUSTERS SITES MODE MINUTES: a scenario over the
# network, clusters (CSV id,lon,lat,workers) and sites (CSV id,lon,lat),
# maps off.
tiny_ini() {
    cat >"$1" <<INI
[inputs]
network = $2
clusters = $3
clusters.x = lon
clusters.y = lat
clusters.id = id
clusters.weight = workers
sites = $4
sites.x = lon
sites.y = lat
sites.id = id
[travel]
mode = $5
minutes = $6
[render]
enabled = no
INI
}

# tiny_col DIR COLUMN: cluster c1's value of COLUMN in DIR/coverage.csv.
tiny_col() {
    awk -F, -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next }
                      $1 == "c1" { print $c }' "$1/coverage.csv"
}
