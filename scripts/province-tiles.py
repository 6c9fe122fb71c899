#!/usr/bin/env python3
"""province-tiles.py — a province-like test extract from the bundled Porto Alegre data.

    scripts/province-tiles.py K OUTDIR [--data DIR] [--gap-m METRES]

Builds, in OUTDIR (created; files replaced):
  province.osm.pbf         K x K copies of DIR/poa_osm.pbf side by side, stitched
  hexgrid.csv              DIR/poa_hexgrid.csv, one copy per tile
  points_of_interest.csv   DIR/poa_points_of_interest.csv, one copy per tile
  walk.ini, car.ini        the default scenario (data/porto_alegre.ini) on the tiles,
                           30 minutes on foot / by car, maps off
  tiles.json               what was built: K, counts, the shift per tile

The rule (README, "Province scale"):
- Tile (i, j), column i from the west, row j from the south, is the extract shifted
  by i * (width + gap) east and j * (height + gap) north, where width x height is
  the extract's node bounding box and gap is --gap-m (default 3000 m) in degrees at
  the extract's centre latitude.  Coordinates are handled as integers of 1e-7
  degree (OSM's precision), so the shift is exact.
- Ids are renumbered per tile: tile t = j * K + i gets node ids t * N + r + 1, where
  r is the node's rank in the source (sorted by id) and N the source's node count;
  ways and relations alike.  References to objects missing from the source get ids
  above every present one, per tile.  Tags and metadata are copied as they are, so
  node tags (signals, crossings, bus stops) stay as in a real extract.
- Neighbouring tiles are joined by 8 new two-node ways (highway=primary,
  siteplan:tile_link=yes) per shared edge: the tile's edge is cut into 8 equal
  bands; in each band the link joins the outermost node of the largest strongly
  connected part of the roads cars may use (trunk .. service, oneway respected,
  no access=no/private) on one side with the outermost such node on the other.
  So a car (and a walker, who ignores oneway) can go from any tile to any other.
- CSV rows are copied tile by tile (tile order, then source order) with lon, lat
  shifted by the same amount (exact decimal arithmetic) and the id suffixed
  "_I_J".

Same K and options: the same bytes.  Streams the tiled OSM data through
`osmium cat` (OPL in, PBF out); only one tile's source is held in memory.
Needs python3 (stdlib) and osmium-tool.
"""
import argparse
import csv
import decimal
import json
import math
import os
import subprocess
import sys

LINKS_PER_EDGE = 8
DRIVABLE = {"trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link",
             "tertiary", "tertiary_link", "unclassified", "residential", "living_street", "service"}
E7 = 10 ** 7


def die(msg):
    print("province-tiles.py: " + msg, file=sys.stderr)
    sys.exit(1)


def parse_e7(s):
    """'-51.2663537' -> -512663537 (exact)."""
    d = decimal.Decimal(s)
    v = d * E7
    if v != v.to_integral_value():
        die("coordinate %s has more than 7 decimals" % s)
    return int(v)


def fmt_e7(v):
    sign = "-" if v < 0 else ""
    v = abs(v)
    s = "%s%d.%07d" % (sign, v // E7, v % E7)
    s = s.rstrip("0")
    return s[:-1] if s.endswith(".") else s


def opl_tags(field):
    """The T field of an OPL line -> dict (values still %-escaped)."""
    out = {}
    if len(field) <= 1:
        return out
    for kv in field[1:].split(","):
        k, _, v = kv.partition("=")
        out[k] = v
    return out


def read_source(pbf):
    """The source as OPL: nodes [(id, meta, x, y)], ways [(id, meta, tags, refs)],
    relations [(id, meta, members)], where meta is the line between the id and
    the coordinates / references (version .. tags) and refs / members keep their
    type letter."""
    try:
        p = subprocess.run(["osmium", "cat", "-f", "opl", pbf, "-o", "-"], check=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except FileNotFoundError:
        die("osmium not found (Debian package osmium-tool; scripts/install-deps.sh)")
    except subprocess.CalledProcessError as e:
        die("%s: osmium cat failed: %s" % (pbf, e.stderr.decode(errors="replace").strip()))
    nodes, ways, rels = [], [], []
    for line in p.stdout.decode("utf-8").splitlines():
        f = line.split(" ")
        kind, oid = f[0][0], int(f[0][1:])
        if kind == "n":
            if not (f[-2].startswith("x") and f[-1].startswith("y")):
                die("%s: node %d: no coordinates" % (pbf, oid))
            nodes.append((oid, " ".join(f[1:-2]), parse_e7(f[-2][1:]), parse_e7(f[-1][1:])))
        elif kind == "w":
            if not f[-1].startswith("N"):
                die("%s: way %d: no node list" % (pbf, oid))
            refs = [int(r[1:]) for r in f[-1][1:].split(",") if r]
            ways.append((oid, " ".join(f[1:-1]), opl_tags(f[-2]), refs))
        elif kind == "r":
            mem = []
            for m in f[-1][1:].split(","):
                if m:
                    ref, _, role = m.partition("@")
                    mem.append((ref[0], int(ref[1:]), role))
            rels.append((oid, " ".join(f[1:-1]), mem))
    for lst in (nodes, ways, rels):
        lst.sort(key=lambda o: o[0])
    return nodes, ways, rels


class Ids:
    """Per-tile renumbering of one object type: present ids by rank, missing
    references after every tile's present ones."""

    def __init__(self, present, missing, tiles):
        self.rank = {oid: r for r, oid in enumerate(present)}
        self.n = len(present)
        self.miss = {oid: r for r, oid in enumerate(sorted(missing))}
        self.n_miss = len(missing)
        self.tiles = tiles

    def new(self, oid, t):
        r = self.rank.get(oid)
        if r is not None:
            return t * self.n + r + 1
        return self.tiles * self.n + t * self.n_miss + self.miss[oid] + 1


def largest_drivable_part(ways, rank):
    """Node ids of the largest strongly connected part of the public roads
    cars may use (oneway respected): every such node can be driven to and
    from every other, and walked (walkers ignore oneway)."""
    succ, pred = {}, {}

    def arc(a, b):
        succ.setdefault(a, []).append(b)
        pred.setdefault(b, []).append(a)
        succ.setdefault(b, [])
        pred.setdefault(a, [])

    for _, _, tags, refs in ways:
        if tags.get("highway") not in DRIVABLE:
            continue
        if tags.get("access") in ("no", "private") or tags.get("area") == "yes":
            continue
        ow = tags.get("oneway", "no")
        fwd = ow in ("yes", "true", "1") or tags.get("junction") == "roundabout"
        rev = ow == "-1"
        refs = [r for r in refs if r in rank]
        for a, b in zip(refs, refs[1:]):
            if not rev:
                arc(a, b)
            if not fwd:
                arc(b, a)
    # Kosaraju, iteratively, in a fixed order
    order, seen = [], set()
    for s in sorted(succ):
        if s in seen:
            continue
        seen.add(s)
        stack = [(s, iter(succ[s]))]
        while stack:
            v, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                order.append(v)
            elif nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, iter(succ[nxt])))
    comp = {}
    best = set()
    for s in reversed(order):
        if s in comp:
            continue
        part, stack = {s}, [s]
        comp[s] = s
        while stack:
            v = stack.pop()
            for u in pred[v]:
                if u not in comp:
                    comp[u] = s
                    part.add(u)
                    stack.append(u)
        if len(part) > len(best) or (len(part) == len(best) and min(part) < min(best)):
            best = part
    return best


def edge_picks(nodes, part, bbox):
    """For each side (E, W, N, S) and band 0..7: the source node id on the
    outermost position of that side within the band, or None."""
    x0, y0, x1, y1 = bbox
    picks = {s: [None] * LINKS_PER_EDGE for s in "EWNS"}
    best = {s: [None] * LINKS_PER_EDGE for s in "EWNS"}

    def band(v, lo, hi):
        return min(LINKS_PER_EDGE - 1, (v - lo) * LINKS_PER_EDGE // max(1, hi - lo))

    for oid, _, x, y in nodes:
        if oid not in part:
            continue
        by, bx = band(y, y0, y1), band(x, x0, x1)
        for side, b, key in (("E", by, (-x, oid)), ("W", by, (x, oid)),
                             ("N", bx, (-y, oid)), ("S", bx, (y, oid))):
            if best[side][b] is None or key < best[side][b]:
                best[side][b] = key
                picks[side][b] = oid
    return picks


def tile_osm(src, k, out_pbf, gap_m):
    nodes, ways, rels = read_source(src)
    if not nodes:
        die("%s: no nodes" % src)
    tiles = k * k
    node_ids = [n[0] for n in nodes]
    node_set = set(node_ids)
    way_ids = [w[0] for w in ways]
    way_set = set(way_ids)
    rel_ids = [r[0] for r in rels]
    rel_set = set(rel_ids)
    miss_n = {r for w in ways for r in w[3] if r not in node_set}
    miss_w, miss_r = set(), set()
    for r in rels:
        for t, oid, _ in r[2]:
            if t == "n" and oid not in node_set:
                miss_n.add(oid)
            elif t == "w" and oid not in way_set:
                miss_w.add(oid)
            elif t == "r" and oid not in rel_set:
                miss_r.add(oid)
    nid = Ids(node_ids, miss_n, tiles)
    wid = Ids(way_ids, miss_w, tiles)
    rid = Ids(rel_ids, miss_r, tiles)

    xs = [n[2] for n in nodes]
    ys = [n[3] for n in nodes]
    bbox = (min(xs), min(ys), max(xs), max(ys))
    lat_c = (bbox[1] + bbox[3]) / 2 / E7
    gap_x = int(round(gap_m / (111320.0 * math.cos(math.radians(lat_c))) * E7))
    gap_y = int(round(gap_m / 110574.0 * E7))
    dx = bbox[2] - bbox[0] + gap_x
    dy = bbox[3] - bbox[1] + gap_y

    part = largest_drivable_part(ways, nid.rank)
    picks = edge_picks(nodes, part, bbox)
    links = []  # (node a, tile a, node b, tile b)
    for j in range(k):
        for i in range(k - 1):
            for b in range(LINKS_PER_EDGE):
                if picks["E"][b] is not None and picks["W"][b] is not None:
                    links.append((picks["E"][b], j * k + i, picks["W"][b], j * k + i + 1))
    for j in range(k - 1):
        for i in range(k):
            for b in range(LINKS_PER_EDGE):
                if picks["N"][b] is not None and picks["S"][b] is not None:
                    links.append((picks["N"][b], j * k + i, picks["S"][b], (j + 1) * k + i))

    tmp = out_pbf + ".tmp.osm.pbf"
    try:
        p = subprocess.Popen(["osmium", "cat", "-F", "opl", "-", "-f", "pbf", "-o", tmp, "-O"],
                             stdin=subprocess.PIPE)
    except FileNotFoundError:
        die("osmium not found (Debian package osmium-tool; scripts/install-deps.sh)")
    w = p.stdin
    enc = "utf-8"
    for t in range(tiles):
        sx, sy = (t % k) * dx, (t // k) * dy
        base = t * nid.n + 1
        buf = ["n%d %s x%s y%s\n" % (base + r, meta, fmt_e7(x + sx), fmt_e7(y + sy))
               for r, (_, meta, x, y) in enumerate(nodes)]
        w.write("".join(buf).encode(enc))
    for t in range(tiles):
        buf = ["w%d %s N%s\n" % (wid.new(oid, t), meta,
                                 ",".join("n%d" % nid.new(r, t) for r in refs))
               for oid, meta, _, refs in ways]
        w.write("".join(buf).encode(enc))
    link_base = tiles * wid.n + tiles * wid.n_miss
    buf = []
    for c, (a, ta, b, tb) in enumerate(links):
        buf.append("w%d v1 dV c0 t1970-01-01T00:00:00Z i0 u Thighway=primary,siteplan:tile_link=yes "
                   "Nn%d,n%d\n" % (link_base + c + 1, nid.new(a, ta), nid.new(b, tb)))
    w.write("".join(buf).encode(enc))
    ids = {"n": nid, "w": wid, "r": rid}
    for t in range(tiles):
        buf = ["r%d %s M%s\n" % (rid.new(oid, t), meta,
                                 ",".join("%s%d@%s" % (ty, ids[ty].new(m, t), role)
                                          for ty, m, role in mem))
               for oid, meta, mem in rels]
        w.write("".join(buf).encode(enc))
    w.close()
    if p.wait() != 0:
        die("osmium cat failed writing %s" % tmp)
    os.replace(tmp, out_pbf)
    return {
        "source_nodes": nid.n, "source_ways": wid.n, "source_relations": rid.n,
        "nodes": tiles * nid.n, "ways": tiles * wid.n + len(links), "relations": tiles * rid.n,
        "tile_links": len(links), "drivable_part_nodes": len(part),
        "bbox_e7": list(bbox), "shift_e7": [dx, dy],
    }, dx, dy


def tile_csv(src, dst, k, dx, dy, lon, lat, idcol):
    with open(src, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows:
        die("%s: empty" % src)
    head = rows[0]
    try:
        ci, cx, cy = head.index(idcol), head.index(lon), head.index(lat)
    except ValueError:
        die("%s: no column %s, %s or %s" % (src, idcol, lon, lat))
    sdx = [decimal.Decimal(i * dx) / E7 for i in range(k)]
    sdy = [decimal.Decimal(j * dy) / E7 for j in range(k)]
    tmp = dst + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(head)
        for j in range(k):
            for i in range(k):
                for row in rows[1:]:
                    r = list(row)
                    r[ci] = "%s_%d_%d" % (row[ci], i, j)
                    r[cx] = format(decimal.Decimal(row[cx]) + sdx[i], "f")
                    r[cy] = format(decimal.Decimal(row[cy]) + sdy[j], "f")
                    wr.writerow(r)
    os.replace(tmp, dst)
    return k * k * (len(rows) - 1)


INI = """# Province-like test data (scripts/province-tiles.py): {k} x {k} tiles of the bundled
# Porto Alegre extract, stitched with tile links; the default scenario
# (data/porto_alegre.ini) on them, {what}.  Maps are off: the bench times the analysis.

[scenario]
name = Province of {k} x {k} Porto Alegre tiles: 30 minutes {what} to a health facility

[inputs]
network = province.osm.pbf
clusters = hexgrid.csv
clusters.x = lon
clusters.y = lat
clusters.id = id
clusters.weight = jobs
sites = hexgrid.csv
sites.x = lon
sites.y = lat
sites.id = id
sites.where = healthcare > 0

[travel]
mode = {mode}
minutes = 30
snap = edge
max_snap_m = 1000

[render]
enabled = no

[output]
dir = out_{mode}
"""


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="K x K stitched tiles of the Porto Alegre data")
    ap.add_argument("k", type=int, help="tiles per side (1 .. 64)")
    ap.add_argument("outdir")
    ap.add_argument("--data", default=os.path.join(here, "..", "data"),
                    help="folder with poa_osm.pbf, poa_hexgrid.csv, poa_points_of_interest.csv "
                         "(default: the repository's data/)")
    ap.add_argument("--gap-m", type=float, default=3000.0,
                    help="gap between tiles, metres (default 3000)")
    a = ap.parse_args()
    if not 1 <= a.k <= 64:
        die("K must be from 1 to 64, not %d" % a.k)
    if not 0 <= a.gap_m <= 100000:
        die("--gap-m must be from 0 to 100000")
    src = {n: os.path.join(a.data, n) for n in ("poa_osm.pbf", "poa_hexgrid.csv",
                                                "poa_points_of_interest.csv")}
    for p in src.values():
        if not os.path.isfile(p):
            die("%s: not found" % p)
    os.makedirs(a.outdir, exist_ok=True)
    info, dx, dy = tile_osm(src["poa_osm.pbf"], a.k, os.path.join(a.outdir, "province.osm.pbf"),
                            a.gap_m)
    info["clusters"] = tile_csv(src["poa_hexgrid.csv"], os.path.join(a.outdir, "hexgrid.csv"),
                                a.k, dx, dy, "lon", "lat", "id")
    info["points_of_interest"] = tile_csv(src["poa_points_of_interest.csv"],
                                          os.path.join(a.outdir, "points_of_interest.csv"),
                                          a.k, dx, dy, "lon", "lat", "id")
    for mode, what in (("walk", "on foot"), ("car", "by car")):
        with open(os.path.join(a.outdir, mode + ".ini"), "w", encoding="utf-8") as f:
            f.write(INI.format(k=a.k, mode=mode, what=what))
    info = dict({"k": a.k, "gap_m": a.gap_m}, **info)
    with open(os.path.join(a.outdir, "tiles.json"), "w", encoding="utf-8") as f:
        json.dump(info, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
