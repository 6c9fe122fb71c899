#!/usr/bin/env python3
"""make_fixture.py — regenerate the SYNTHETIC Shenzhen test fixtures.

Writes clusters.csv and stations.csv beside this script.  The positions are
taken near the vertices of real roads of ../../../../shared/data/osm/
shenzhen_longgang.osm (read from a CSV export given on the command line), the
names are made up from nearby OSM place names, and every worker count is
INVENTED (seeded random numbers) for the tests only.

    ogr2ogr -f CSV lines.csv ../../../../shared/data/osm/shenzhen_longgang.osm lines \
        --config OSM_CONFIG_FILE ../../../data/osmconf.ini -select name,highway \
        -where "highway in ('primary','secondary','tertiary','residential','unclassified','service','trunk')" \
        -lco GEOMETRY=AS_WKT -spat 114.1862 22.6732 114.2318 22.7019 -clipsrc spat_extent
    python3 make_fixture.py lines.csv
"""
import csv, math, random, sys

PLACES = [  # (lon, lat, name) from the OSM file's named points
    (114.1971458, 22.6760886, "水荷"), (114.2096955, 22.6790591, "水荷"),
    (114.2276611, 22.6858156, "荷坳"), (114.2173, 22.68445, "荷坳村"),
    (114.2135587, 22.7013331, "大运中心"), (114.2233623, 22.6885429, "大运"),
    (114.2296622, 22.7003046, "爱联"), (114.2044981, 22.6810801, "龙岗收费站"),
    (114.2084842, 22.6913269, "博文"), (114.2020134, 22.6668378, "横坪"),
]

def main():
    random.seed(20191108)
    verts = []
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            wkt = row["WKT"]
            inner = wkt[wkt.index("(") + 1:wkt.rindex(")")].replace("(", "").replace(")", "")
            for pt in inner.split(","):
                x, y = map(float, pt.split())
                verts.append((x, y))
    verts.sort()
    here = sys.argv[0].rsplit("/", 1)[0] if "/" in sys.argv[0] else "."
    picked, count = [], {}
    while len(picked) < 48:
        x, y = random.choice(verts)
        # 20-80 m off the road, in degrees (about 1e-5 deg = 1.1 m)
        a = random.uniform(0, 2 * math.pi); d = random.uniform(20, 80) / 111000
        x += d * math.cos(a) / math.cos(math.radians(22.69)); y += d * math.sin(a)
        if any((x - px) ** 2 + (y - py) ** 2 < (300 / 111000) ** 2 for px, py, _, _ in picked):
            continue
        near = min(PLACES, key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2)[2]
        count[near] = count.get(near, 0) + 1
        name = f"{near}{count[near]}号厂区"
        workers = int(random.lognormvariate(6.5, 0.9))
        picked.append((x, y, name, workers))
    with open(f"{here}/clusters.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "lon", "lat", "workers"])
        for i, (x, y, name, workers) in enumerate(picked):
            w.writerow([f"sz{i + 1:02d}", name, f"{x:.6f}", f"{y:.6f}", workers])
    stations = [("st1", "荷坳社康站", 114.2236, 22.6830), ("st2", "大运社康站", 114.2160, 22.6990),
                ("st3", "水荷社康站", 114.2040, 22.6780)]
    with open(f"{here}/stations.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "lon", "lat"])
        for sid, name, x, y in stations:
            w.writerow([sid, name, f"{x:.6f}", f"{y:.6f}"])

main()
