# parks.sh — the fixture of the area (polygon) cluster CLI tests
# (area_clusters.sh, area_capacity_mobile.sh, area_gaps.sh, area_inputs.sh):
# the 17-node test network of topology.sh, one site s1 at node 1 (UTM 50N
# 212340.6, 2513024.4), rectangular parks drawn in the working CRS
# (EPSG:32650) written as CSV rows with a WKT column, their lattice points
# computed independently of the code (the rule of cover/lattice.h for a
# rectangle), the CSV -> GeoPackage step, and the scenario and run helpers
# the tests share.  Source it after checking SITEPLAN, SP_ROOT and SP_TMP
# (it sources topology.sh); every function writes only in the scratch
# folder.  The parks' workers are the caller's (the half park has 330 in
# one test, 331 in another).

. "$SP_ROOT/tests/cli/lib/topology.sh"

# The rectangles, "X0 Y0 X1 Y1" (use unquoted: park half $PARK_HALF 330):
#   half    240 x 60 m along the road west of s1 (its east part within 2
#           minutes' walk of s1, its west part beyond): 33 lattice points
#           at 20 m (11 columns x 3 rows);
#   inside   60 x 50 m around s1: 9 points, all within reach;
#   outside  60 x 50 m east of node 7: 9 points, none within reach.
PARK_HALF="212060 2512975 212300 2513035"
PARK_INSIDE="212310 2513000 212370 2513050"
PARK_OUTSIDE="212600 2513000 212660 2513050"

# parks_begin NAME: topo_begin NAME (T, NET, SITEPLAN absolute, fail), then
# sites.csv (id,name,lon,lat): s1 at node 1.
parks_begin() {
    topo_begin "$1"
    printf '%s\n' id,name,lon,lat s1,site,114.2000,22.7000 >sites.csv
}
check() { echo "check: $*"; }

# park ID X0 Y0 X1 Y1 WORKERS: one CSV row id,workers,wkt with its WKT
park() { echo "$1,$6,\"POLYGON(($2 $3,$4 $3,$4 $5,$2 $5,$2 $3))\""; }

# lattice ID X0 Y0 X1 Y1 S: the lattice points strictly inside the
# rectangle (spacing S, aligned to its centre: the rule of cover/lattice.h),
# by row then x (the order of the shares), as CSV rows id,workers,wkt of 1
# worker each, named ID_0, ID_1, ...
lattice() {
    awk -v id="$1" -v x0="$2" -v y0="$3" -v x1="$4" -v y1="$5" -v s="$6" 'BEGIN {
        cx = (x0 + x1) / 2; cy = (y0 + y1) / 2; n = 0
        for (j = -100; j <= 100; j++) for (i = -100; i <= 100; i++) {
            x = cx + i * s; y = cy + j * s
            if (x > x0 && x < x1 && y > y0 && y < y1)
                printf "%s_%d,1,\"POINT(%.6f %.6f)\"\n", id, n++, x, y
        } }'
}

# parks_three HALF_WORKERS: parks.csv with the half (HALF_WORKERS), inside
# (90) and outside (50) parks, and points.csv with their lattice points at
# 20 m (half_*, inside_*, outside_*).
parks_three() {
    {
        echo id,workers,wkt
        park half $PARK_HALF "$1"
        park inside $PARK_INSIDE 90
        park outside $PARK_OUTSIDE 50
    } >parks.csv
    {
        echo id,workers,wkt
        lattice half $PARK_HALF 20
        lattice inside $PARK_INSIDE 20
        lattice outside $PARK_OUTSIDE 20
    } >points.csv
}

# wkt_gpkg NAME...: each NAME.csv (a wkt column, coordinates in EPSG:32650)
# -> NAME.gpkg, layer NAME, every other field a string.  Exits the test
# when ogr2ogr fails.
wkt_gpkg() {
    local f
    for f in "$@"; do
        ogr2ogr -f GPKG "$f.gpkg" "$f.csv" -nln "$f" -a_srs EPSG:32650 -oo GEOM_POSSIBLE_NAMES=wkt \
            -oo KEEP_GEOM_COLUMNS=NO -oo X_POSSIBLE_NAMES=none -oo AUTODETECT_TYPE=NO \
            || { fail "ogr2ogr $f"; exit 1; }
    done
}

# parks_ini NAME LAYER WHERE [LINE...]: NAME.ini, walk 2 minutes from the
# sites of sites.csv, clusters LAYER.gpkg (id, weight workers) filtered by
# WHERE, no map, then the LINEs (more sections).
parks_ini() {
    local name=$1 layer=$2 where=$3; shift 3
    {
        printf '%s\n' "[inputs]" "network = $NET" "clusters = $layer.gpkg" "clusters.id = id" \
            "clusters.weight = workers" "clusters.where = $where" "sites = sites.csv" "sites.x = lon" \
            "sites.y = lat" "sites.id = id" "[travel]" "mode = walk" "minutes = 2" "[render]" \
            "enabled = no"
        local l
        for l in "$@"; do printf '%s\n' "$l"; done
    } >"$name.ini"
}

# run NAME: siteplan run -q NAME.ini -o out_NAME (stdout NAME.stdout,
# stderr NAME.err); on failure the stderr, indented, and fail; returns 1.
run() {
    "$SITEPLAN" run -q "$1.ini" -o "out_$1" >"$1.stdout" 2>"$1.err" ||
        { sed 's/^/    /' "$1.err" >&2; fail "$1: siteplan run exited $?"; return 1; }
}

# jget FILE KEY.KEY...: a value of a JSON file as a python repr ("null"
# when missing)
jget() { python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    d = d.get(k) if isinstance(d, dict) else None
print("null" if d is None else repr(d))' "$1" "$2"; }
