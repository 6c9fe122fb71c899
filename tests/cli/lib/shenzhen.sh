# shenzhen.sh — the Shenzhen Longgang scenario of the tests (map_check.sh,
# netcache.sh): the hand-made clusters and stations of tests/data/shenzhen
# on an OSM network, walking, thresholds 10 and 15 minutes.  Needs SP_ROOT.

# shenzhen_ini FILE NAME NETWORK [EXTRA]: the scenario into FILE, named NAME,
# over NETWORK (e.g. the shared data/osm/shenzhen_longgang.osm); EXTRA (more
# lines, e.g. a [render] section) is appended.
shenzhen_ini() {
    local sz="$SP_ROOT/tests/data/shenzhen"
    cat > "$1" <<INI
[scenario]
name = $2
[inputs]
network = $3
clusters = $sz/clusters.csv
clusters.x = lon
clusters.y = lat
clusters.id = id
clusters.weight = workers
sites = $sz/stations.csv
sites.x = lon
sites.y = lat
sites.id = id
[travel]
mode = walk
minutes = 10,15
INI
    [ -z "${4:-}" ] || printf '%s\n' "$4" >> "$1"
}
