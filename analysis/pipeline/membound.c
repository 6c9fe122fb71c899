/* membound.c — the memory bound; see membound.h. */
#include "membound.h"
#include "catchment.h"
#include "coverage.h"
#include "number.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bytes per unit of each term (README.md, "Memory bound").  Fitted to the
 * peaks of make bench-scale (the tiled Porto Alegre extract, K = 1 .. 12,
 * walk and car) and raised by about a quarter as a margin:
 *   - the network: measured after loading, 0.9 .. 1.0 kB per graph node
 *     with 1.38 links and 3.75 link vertices per node (GDAL's reader, the
 *     roads as read, topology, costs, snap index); split by what each holds;
 *   - the catchment cells: 41 .. 49 B per cell of the extent on foot at
 *     20 m (cell access entries, responsibility labels, the polygonised
 *     raster), less the site polygons below: 31 B; plus the coverage
 *     area's own grid since it is burnt from one search (4 B); with
 *     [catchment] per_site = no the area's pass is the only one and keeps
 *     no cell access tile: 9 .. 10 B (its grid, mask and polygons);
 *   - a site's catchment polygon: 280 B per cell of its reach square's side
 *     (car, K = 4, 126 m: 150 kB a site);
 *   - a pair: 8 B in its site's row, 8 B in the matrix (counted on the bound,
 *     2 to 5 times the pairs found). */
#define SP_MEM_BASE_B   (120.0 * 1048576)
#define SP_MEM_NODE_B   250.0
#define SP_MEM_LINK_B   450.0
#define SP_MEM_VERTEX_B 110.0
#define SP_MEM_POINT_B  1200.0 /* + 4 access terms of 40 B (demand.h) */
#define SP_MEM_PAIR_B   16.0
#define SP_MEM_CELL_B   45.0
#define SP_MEM_CELL_ONCE_B 12.0 /* per_site = no */
#define SP_MEM_SITE_SIDE_B 350.0
/* a graph node while a contraction hierarchy is built (hierarchy.h; about
 * 400 B measured on the bundled car network, 70 B kept after) */
#define SP_MEM_HIER_B 500.0
/* searches by lanes (msearch.h), per thread: a graph node's 8 times, mask,
 * mark and touched entry (70 B); a node of the most-populated reach square,
 * 8 lanes' results of 12 B with the buffer's growth margin (120 B) */
#define SP_MEM_LANE_NODE_B 70.0
#define SP_MEM_LANE_MOST_B 120.0
/* a thread's grid cell: a float time and a byte of mask */
#define SP_MEM_THREAD_CELL_B 5.0

#define PAIR_BINS 256

/* The points binned on a PAIR_BINS x PAIR_BINS table over their box, with
 * summed areas: sat[(r + 1) * (B + 1) + c + 1] = points in bins [0..r] x
 * [0..c]. */
typedef struct {
    double x0, y0, bw, bh;
    int64_t *sat;
} bin_table;

/* 0 when the points have no finite box or on out of memory (the callers
 * then count every point). */
static int bins_new(const double *pts_xy, int64_t n_pts, bin_table *t)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int64_t i = 0; i < n_pts; i++) {
        x0 = fmin(x0, pts_xy[2 * i]);
        x1 = fmax(x1, pts_xy[2 * i]);
        y0 = fmin(y0, pts_xy[2 * i + 1]);
        y1 = fmax(y1, pts_xy[2 * i + 1]);
    }
    if (!(x1 >= x0) || !(y1 >= y0))
        return 0;
    const int B = PAIR_BINS;
    t->x0 = x0;
    t->y0 = y0;
    t->bw = fmax((x1 - x0) / B, 1e-9);
    t->bh = fmax((y1 - y0) / B, 1e-9);
    int64_t *sat = t->sat = calloc((size_t)(B + 1) * (B + 1), sizeof *sat);
    if (!sat)
        return 0;
    for (int64_t i = 0; i < n_pts; i++) {
        double fx = (pts_xy[2 * i] - x0) / t->bw, fy = (pts_xy[2 * i + 1] - y0) / t->bh;
        int c = isfinite(fx) ? (int)fmin(fmax(fx, 0), B - 1) : 0;
        int r = isfinite(fy) ? (int)fmin(fmax(fy, 0), B - 1) : 0;
        sat[(size_t)(r + 1) * (B + 1) + c + 1]++;
    }
    for (int r = 1; r <= B; r++)
        for (int c = 1; c <= B; c++)
            sat[(size_t)r * (B + 1) + c] += sat[(size_t)(r - 1) * (B + 1) + c] +
                                            sat[(size_t)r * (B + 1) + c - 1] -
                                            sat[(size_t)(r - 1) * (B + 1) + c - 1];
    return 1;
}

/* The points in the bins the square of half side h around (sx, sy)
 * touches, every touched bin whole (a point on the table's far edge lies
 * in the last bin); all n_pts for a place not finite. */
static int64_t bins_square(const bin_table *t, int64_t n_pts, double sx, double sy, double h)
{
    const int B = PAIR_BINS;
    if (!isfinite(sx) || !isfinite(sy))
        return n_pts; /* unknown place: every point */
    double ca = floor((sx - h - t->x0) / t->bw), cb = floor((sx + h - t->x0) / t->bw);
    double ra = floor((sy - h - t->y0) / t->bh), rb = floor((sy + h - t->y0) / t->bh);
    if (cb < 0 || rb < 0 || ca > B - 1 || ra > B - 1)
        return 0;
    int c0 = (int)fmax(ca, 0), c1 = (int)fmin(cb, B - 1);
    int r0 = (int)fmax(ra, 0), r1 = (int)fmin(rb, B - 1);
    const int64_t *sat = t->sat;
    return sat[(size_t)(r1 + 1) * (B + 1) + c1 + 1] - sat[(size_t)r0 * (B + 1) + c1 + 1] -
           sat[(size_t)(r1 + 1) * (B + 1) + c0] + sat[(size_t)r0 * (B + 1) + c0];
}

/* The sum (most = 0) or the largest (most = 1) over the sites of the
 * points counted in their squares. */
static int64_t bins_count(const double *pts_xy, int64_t n_pts, const double *site_xy,
                          int64_t n_sites, double half_side_m, int most)
{
    if (n_pts <= 0 || n_sites <= 0)
        return 0;
    bin_table t = {0};
    if (!(half_side_m >= 0) || !bins_new(pts_xy, n_pts, &t)) {
        free(t.sat);
        return most ? n_pts : n_pts * n_sites;
    }
    int64_t sum = 0, top = 0;
    for (int64_t s = 0; s < n_sites; s++) {
        int64_t k = bins_square(&t, n_pts, site_xy[2 * s], site_xy[2 * s + 1], half_side_m);
        sum += k;
        top = k > top ? k : top;
    }
    free(t.sat);
    return most ? top : sum;
}

int64_t sp_membound_pairs(const double *pts_xy, int64_t n_pts, const double *site_xy,
                          int64_t n_sites, double half_side_m)
{
    return bins_count(pts_xy, n_pts, site_xy, n_sites, half_side_m, 0);
}

int64_t sp_membound_most(const double *pts_xy, int64_t n_pts, const double *site_xy,
                         int64_t n_sites, double half_side_m)
{
    return bins_count(pts_xy, n_pts, site_xy, n_sites, half_side_m, 1);
}

void sp_membound_estimate(const sp_inputs *in, const sp_options *o, double max_s, sp_memest *e)
{
    memset(e, 0, sizeof *e);
    const sp_graph *g = in->graph;
    const sp_points *cand = o->siting ? in->candidates : NULL;
    int64_t n_cand = cand ? (int64_t)cand->n : 0;
    e->nodes = g->n_nodes;
    e->links = g->n_links;
    e->vertices = g->n_geom;
    e->points = in->demand ? in->demand->n_points : (int64_t)in->clusters->n;
    e->sites = in->n_sites + n_cand + (o->siting ? o->budget : 0);
    e->threads = sp_coverage_threads(o->threads);
    e->cell_m = sp_options_cell_m(o);

    /* cells: the extent, or every site's square when that is less; a thread's
     * grid holds one site's square (never more than the extent) */
    double top_kmh = 0;
    double ext = sp_catchment_work_cells(g, 0, max_s, e->cell_m, o->max_snap_m, &top_kmh);
    double one = sp_catchment_work_cells(g, 1, max_s, e->cell_m, o->max_snap_m, NULL) - ext;
    e->cells = (int64_t)fmin(ext, (double)e->sites * one + 1);
    /* [catchment] per_site = no: no site polygon, no per-site grid (the
     * coverage area is burnt into one grid of the extent, counted in cells) */
    e->thread_cells = o->per_site ? (int64_t)fmin(ext, one) * e->threads : 0;
    e->side_cells = (int64_t)ceil(sqrt(fmin(ext, one)));

    /* pairs: sites and candidates, the points within their reach square */
    double half = top_kmh / 3.6 * max_s + 2 * o->max_snap_m;
    int64_t ns = in->n_sites + n_cand;
    /* a matrix without polygons: the candidates' ([siting]), and the sites'
     * with per_site = no ([mobile] is not in the model) */
    int hier_possible = o->siting || !o->per_site;
    int64_t most_nodes = e->nodes;
    double *sxy = sp_malloc_n((size_t)ns + 1, 2 * sizeof *sxy);
    if (sxy) {
        for (int32_t s = 0; s < in->n_sites; s++) {
            size_t row;
            const sp_points *p = sp_inputs_site_layer(in, s, &row);
            sxy[2 * s] = p->xy[2 * row];
            sxy[2 * s + 1] = p->xy[2 * row + 1];
        }
        for (int64_t c = 0; c < n_cand; c++) {
            sxy[2 * (in->n_sites + c)] = cand->xy[2 * c];
            sxy[2 * (in->n_sites + c) + 1] = cand->xy[2 * c + 1];
        }
        const double *pxy = in->demand_xy ? in->demand_xy : in->clusters->xy;
        e->pairs = sp_membound_pairs(pxy, e->points, sxy, ns, half);
        if (hier_possible || e->nodes >= SP_COVERAGE_LANES_NODES)
            most_nodes = sp_membound_most(g->node_xy, g->n_nodes, sxy, ns, half);
        free(sxy);
    } else {
        e->pairs = e->points * ns;
    }
    /* searches by lanes (coverage.h): only on a graph that large, and only
     * when a search may settle SP_COVERAGE_LANES_SETTLED nodes; every
     * thread's workspace (msearch.h) */
    if (e->nodes >= SP_COVERAGE_LANES_NODES && most_nodes >= SP_COVERAGE_LANES_SETTLED) {
        e->lane_nodes = e->nodes;
        e->lane_most = most_nodes;
    }
    /* the contraction hierarchy of a matrix without polygons (coverage.c):
     * built only when a search settles a quarter of the graph's nodes, so
     * only when some site's or candidate's square holds that many */
    if (hier_possible && most_nodes * 4 >= e->nodes)
        e->hier_nodes = e->nodes;
    /* the new sites a budget places are searched too: each may reach every point */
    if (o->siting)
        e->pairs += (int64_t)o->budget * e->points;

    e->bytes[SP_MEM_BASE] = SP_MEM_BASE_B;
    e->bytes[SP_MEM_NODES] = SP_MEM_NODE_B * (double)e->nodes;
    e->bytes[SP_MEM_LINKS] = SP_MEM_LINK_B * (double)e->links;
    e->bytes[SP_MEM_VERTICES] = SP_MEM_VERTEX_B * (double)e->vertices;
    e->bytes[SP_MEM_POINTS] = SP_MEM_POINT_B * (double)e->points;
    e->bytes[SP_MEM_PAIRS] = SP_MEM_PAIR_B * (double)e->pairs;
    e->bytes[SP_MEM_CELLS] = (o->per_site ? SP_MEM_CELL_B : SP_MEM_CELL_ONCE_B) * (double)e->cells +
                             SP_MEM_THREAD_CELL_B * (double)e->thread_cells;
    /* the catchment polygons: every site's and each [siting] new site's, per ring */
    e->bytes[SP_MEM_HIER] = SP_MEM_HIER_B * (double)e->hier_nodes;
    e->bytes[SP_MEM_LANES] = e->threads * (SP_MEM_LANE_NODE_B * (double)e->lane_nodes +
                                           SP_MEM_LANE_MOST_B * (double)e->lane_most);
    e->bytes[SP_MEM_SITES] = o->per_site ? SP_MEM_SITE_SIDE_B * (double)e->side_cells *
                                               (double)e->sites * (double)o->n_minutes
                                         : 0;
    e->total = 0;
    for (int t = 0; t < SP_MEM_TERMS; t++)
        e->total += e->bytes[t];
}

/* A "Key:   N kB" line of a /proc file, bytes; -1 when missing. */
static double proc_kb(const char *path, const char *key)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[256];
    size_t kl = strlen(key);
    double v = -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, key, kl) && line[kl] == ':') {
            v = strtod(line + kl + 1, NULL) * 1024;
            break;
        }
    fclose(f);
    return v;
}

sp_status sp_membound_limit(double *bytes, const char **what)
{
    const char *env = getenv("SITEPLAN_MEMORY_MB");
    if (env && *env) {
        char *end;
        long long mb = strtoll(env, &end, 10);
        if (*end || mb <= 0 || mb > (1LL << 40))
            return sp_error(SP_E_INPUT, "SITEPLAN_MEMORY_MB = \"%s\": not a whole number of MiB "
                            "from 1 to 2^40", env);
        *bytes = (double)mb * 1048576;
        *what = "SITEPLAN_MEMORY_MB";
        return SP_OK;
    }
    long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGESIZE);
    *bytes = pages > 0 && psz > 0 ? (double)pages * (double)psz : INFINITY;
    *what = "physical memory";
    FILE *f = fopen("/sys/fs/cgroup/memory.max", "r");
    if (f) {
        char buf[64] = "";
        if (fgets(buf, sizeof buf, f)) {
            char *end;
            double v = strtod(buf, &end);
            if (end != buf && v > 0 && v < *bytes) {
                *bytes = v;
                *what = "cgroup memory.max";
            }
        }
        fclose(f);
    }
    double avail = proc_kb("/proc/meminfo", "MemAvailable");
    double mine = proc_kb("/proc/self/status", "VmRSS");
    if (avail > 0 && avail + fmax(mine, 0) < *bytes) {
        *bytes = avail + fmax(mine, 0);
        *what = "available memory";
    }
    return SP_OK;
}

static double mb(double b)
{
    return b / 1048576;
}

sp_status sp_membound_check(const sp_inputs *in, const sp_options *o, double max_s)
{
    sp_memest e;
    sp_membound_estimate(in, o, max_s, &e);
    double limit;
    const char *what;
    sp_status st = sp_membound_limit(&limit, &what);
    if (st)
        return st;
    const char *rep = getenv("SITEPLAN_MEMORY_REPORT");
    if (rep && *rep && strcmp(rep, "0") != 0)
        fprintf(stderr, "siteplan: memory estimate: %.0f MB (limit %.0f MB, %s): %lld nodes, "
                "%lld links, %lld link vertices, %lld demand points, %lld sites, at most %lld "
                "pairs, %lld catchment cells of %g m + %lld in %d thread grids, %lld cells a site's "
                "side, %lld nodes in a hierarchy, %lld and %lld for lanes; MB by term: base %.0f, "
                "nodes %.0f, links %.0f, vertices %.0f, points %.0f, pairs %.0f, cells %.0f, "
                "site polygons %.0f, hierarchy %.0f, lanes %.0f; at the check: %.0f MB "
                "resident, %.0f MB peak\n",
                ceil(mb(e.total)), floor(mb(limit)), what, (long long)e.nodes, (long long)e.links,
                (long long)e.vertices, (long long)e.points, (long long)e.sites,
                (long long)e.pairs, (long long)e.cells, e.cell_m, (long long)e.thread_cells,
                e.threads, (long long)e.side_cells, (long long)e.hier_nodes,
                (long long)e.lane_nodes, (long long)e.lane_most, mb(e.bytes[SP_MEM_BASE]), mb(e.bytes[SP_MEM_NODES]),
                mb(e.bytes[SP_MEM_LINKS]), mb(e.bytes[SP_MEM_VERTICES]),
                mb(e.bytes[SP_MEM_POINTS]), mb(e.bytes[SP_MEM_PAIRS]), mb(e.bytes[SP_MEM_CELLS]),
                mb(e.bytes[SP_MEM_SITES]), mb(e.bytes[SP_MEM_HIER]), mb(e.bytes[SP_MEM_LANES]),
                mb(proc_kb("/proc/self/status", "VmRSS")),
                mb(proc_kb("/proc/self/status", "VmHWM")));
    if (e.total <= limit)
        return SP_OK;
    /* what to lower: the largest part a scenario key controls (the network's
     * three terms count as one part) */
    double part[SP_MEM_TERMS];
    memcpy(part, e.bytes, sizeof part);
    part[SP_MEM_NODES] += part[SP_MEM_LINKS] + part[SP_MEM_VERTICES] + part[SP_MEM_HIER] +
                          part[SP_MEM_LANES];
    part[SP_MEM_LINKS] = part[SP_MEM_VERTICES] = part[SP_MEM_HIER] = part[SP_MEM_LANES] = 0;
    int big = SP_MEM_NODES;
    for (int t = SP_MEM_NODES; t < SP_MEM_TERMS; t++)
        if (part[t] > part[big])
            big = t;
    const char *how;
    switch (big) {
    case SP_MEM_SITES:
        how = "raise [catchment] cell_m (a site's polygon falls with it), or give fewer sites "
              "or [travel] minutes";
        break;
    case SP_MEM_CELLS:
        how = "raise [catchment] cell_m (the cells fall with its square)";
        break;
    case SP_MEM_PAIRS:
        how = "lower [travel] minutes or use a slower mode (the pairs within reach), or give "
              "fewer sites or candidates";
        break;
    case SP_MEM_POINTS:
        how = "give fewer clusters (or, for area clusters, fewer demand points)";
        break;
    default:
        how = "cut the network to the region needed (a smaller extract)";
        break;
    }
    static const char *name[SP_MEM_TERMS] = {"base", "the road network", "links", "link vertices",
                                             "demand points", "site-point pairs",
                                             "catchment cells", "catchment polygons",
                                             "contraction hierarchy", "searches by lanes"};
    return sp_error(SP_E_INPUT,
                    "%s: the run would need about %.0f MB of memory, more than the %.0f MB of %s "
                    "(README.md, \"Memory bound\": %lld nodes, %lld links, %lld demand points, at "
                    "most %lld site-point pairs, %lld catchment cells of %g m; the largest part, "
                    "%s, %.0f MB): %s",
                    o->source_path ? o->source_path : "scenario", ceil(mb(e.total)), floor(mb(limit)), what,
                    (long long)e.nodes, (long long)e.links, (long long)e.points,
                    (long long)e.pairs, (long long)e.cells, e.cell_m, name[big],
                    mb(part[big]), how);
}
