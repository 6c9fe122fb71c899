# topology.sh — the fixture of the small [capacity] and [mobile] CLI tests
# (capacity_inputs.sh, capacity_run.sh, mobile_inputs.sh): the 17-node test
# network (tests/data/osm/topology.osm) with four clusters around it, a
# scratch folder the test runs in (so the messages name the files as its
# scenarios do), the [inputs] lines of a scenario over them, and the check
# of a refused run.  Source it after checking SITEPLAN, SP_ROOT and SP_TMP;
# every function writes only in the scratch folder.

# topo_begin NAME: T = $SP_TMP/NAME, made empty and entered; NET the
# network; SITEPLAN made absolute; failures = 0 and fail MESSAGE (counts
# one, on stderr).  Exits the test when the folder or network is missing.
topo_begin() {
    T="$SP_TMP/$1"
    NET="$SP_ROOT/tests/data/osm/topology.osm"
    rm -rf "$T"
    mkdir -p "$T" || { echo "FAIL: cannot create $T" >&2; exit 1; }
    [ -r "$NET" ] || { echo "FAIL: fixture $NET missing" >&2; exit 1; }
    case $SITEPLAN in /*) ;; *) SITEPLAN="$PWD/$SITEPLAN" ;; esac
    cd "$T" || exit 1
    failures=0
}
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# topo_clusters: clusters.csv (id,name,lon,lat,workers): c1 west 120,
# c2 junction 80, c3 east 40, c4 south 10 workers.
topo_clusters() {
    printf '%s\n' id,name,lon,lat,workers c1,west,114.2001,22.7001,120 c2,junction,114.2011,22.7001,80 \
        c3,east,114.2019,22.6999,40 c4,south,114.2010,22.6992,10 >clusters.csv
}

# topo_inputs SITES: on stdout, a scenario's first lines: [inputs], the
# network, clusters.csv with its fields, and sites = SITES (the caller adds
# the sites' fields).
topo_inputs() {
    printf '%s\n' "[inputs]" "network = $NET" "clusters = clusters.csv" "clusters.x = lon" \
        "clusters.y = lat" "clusters.id = id" "clusters.weight = workers" "sites = $1"
}

# topo_expect NAME 'LINE': run NAME.ini into out_NAME: exit 1, stderr's
# only non-warning line is exactly LINE (and the last), stdout empty, no
# summary.json.
topo_expect() {
    local name=$1 want=$2
    rm -rf "out_$name"
    "$SITEPLAN" run -q "$name.ini" -o "out_$name" >"$name.stdout" 2>"$name.err"
    local rc=$?
    local got
    got=$(grep -v '^siteplan: warning: ' "$name.err")
    echo "check: $name -> exit 1: $want"
    [ $rc -eq 1 ] || fail "$name: exit $rc, expected 1"
    [ "$got" = "$want" ] || fail "$name: stderr is
    $got
  expected
    $want"
    [ "$(tail -n 1 "$name.err")" = "$want" ] || fail "$name: the error is not the last line"
    [ -s "$name.stdout" ] && fail "$name: stdout is not empty"
    [ -e "out_$name/summary.json" ] && fail "$name: summary.json written"
    return 0
}
