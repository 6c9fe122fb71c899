/* cmd_compare.c — `siteplan compare A.ini B.ini [C.ini ...] [-o OUTDIR]`:
 * several scenarios on one network load, side by side.
 *
 * The first scenario is the baseline.  Every scenario runs on one
 * sp_network (read once; a travel setup per mode and speed table), in the
 * baseline's working CRS; their road-network keys must agree.  Each
 * scenario's results go into OUTDIR/<k>-<file name>/ (as `siteplan run`
 * writes them, without maps); OUTDIR gets comparison.csv, comparison.json,
 * changes.csv and compare.json (io/schema.h; its file list, of every file
 * of OUTDIR, is the last write).  Clusters are matched by id.  Then,
 * through the render hook (unless the baseline has [render] enabled = no
 * or --no-render is given), the difference maps and compare_report.pdf are
 * drawn from those files (render/compare_render.h); without drawing, maps
 * of an earlier comparison in OUTDIR are removed.
 * Exit codes: 0 success, 1 bad input or usage, 2 internal failure.
 */
#include <glib.h>
#include <json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capacity.h"
#include "cmds.h"
#include "fileset.h"
#include "libmsg.h"
#include "mobile_units.h"
#include "mobilenet.h"
#include "number.h"
#include "output.h"
#include "progress.h"
#include "recommend.h"
#include "resultdir.h"
#include "run.h"
#include "schema.h"
#include "sitechanges.h"

/* comparison.csv's columns (sp_schema_comparison()->n_fields) */
#define SP_COMPARE_COLS 21

static const char COMPARE_USAGE[] =
    "usage: siteplan compare BASELINE.ini OTHER.ini [MORE.ini ...] [-o OUTDIR] [-j N]\n"
    "                        [--language en|zh] [--no-render] [--cache DIR] [-q]\n"
    "\n"
    "Run several scenarios over one load of their (common) road network and put\n"
    "them side by side: OUTDIR/comparison.csv and comparison.json (one row per\n"
    "scenario), OUTDIR/changes.csv (every cluster whose coverage or nearest site\n"
    "differs from the baseline's) and each scenario's results in OUTDIR/<k>-<name>/.\n"
    "The first scenario is the baseline.  Then the difference maps against the\n"
    "baseline (compare.png for scenario 2, compare-K.png for scenario K >= 3,\n"
    "compare.pdf with one page each) and compare_report.pdf, unless the baseline\n"
    "has [render] enabled = no.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR   output folder (default out/compare)\n"
    "  -j, --threads N    search threads (default: all cores)\n"
    "  --language en|zh   language of the maps and report (default: the baseline's)\n"
    "  --no-render        tables and results only: no maps, no report\n"
    "  --cache DIR        keep the road network as read in DIR and reuse it (the\n"
    "                     baseline's [inputs] network.cache otherwise)\n"
    "  -q, --quiet        no progress on stderr\n"
    "  -h, --help         this text\n"
    "\n"
    "exit codes: 0 success, 1 bad input or usage, 2 internal failure\n";

typedef struct {
    const char *path;
    sp_options *o;
    sp_siteset *set;
    sp_inputs *in;
    sp_outcome *r;
    GHashTable *by_id;   /* cluster id -> index + 1 */
    double gained, lost;
} scen;

typedef struct {
    int n;
    scen *s;
    sp_ctx *ctx;
    sp_network *net;
    const char *outdir;
    const char *wdir;         /* where the set is written: the staging folder (resultdir.h) */
    const char *language;     /* --language, or NULL */
    const char *cache;        /* --cache DIR, or NULL */
    int quiet, threads, no_render;
} compare;

static void compare_free(compare *c)
{
    for (int k = 0; k < c->n; k++) {
        scen *s = &c->s[k];
        sp_outcome_free(s->r);
        sp_inputs_free(s->in);
        sp_siteset_free(s->set);
        sp_options_free(s->o);
        if (s->by_id)
            g_hash_table_destroy(s->by_id);
    }
    free(c->s);
    sp_network_free(c->net);
    sp_ctx_free(c->ctx);
}

static int usage(const char *msg, const char *arg)
{
    fprintf(stderr, "siteplan compare: ");
    fprintf(stderr, msg, arg);
    fprintf(stderr, " (see siteplan compare --help)\n");
    return 1;
}

/* Nearest site id of cluster i when covered, else NULL. */
static const char *nearest_id(const scen *s, int32_t i)
{
    int32_t site = s->r->cov->nearest[i];
    if (!s->r->covered[i] || site < 0)
        return NULL;
    size_t row;
    const sp_points *p = sp_inputs_site_layer(s->in, site, &row);
    return p->id[row];
}

/* Load, bind and analyse every scenario on one network. */
static sp_status run_all(compare *c)
{
    sp_status st;
    char def[256], reason[128];
    int last = 0;
    GDALProgressFunc pf = c->quiet ? NULL : sp_cli_progress;
    GDALAllRegister();
    if ((st = sp_ctx_new(&c->ctx)))
        return st;
    for (int k = 0; k < c->n; k++) {
        scen *s = &c->s[k];
        if ((st = sp_scenario_load(s->path, NULL, 0, &s->o)))
            return st;
        s->o->threads = c->threads;
        s->o->quiet = c->quiet;
        if (c->cache &&
            (st = sp_options_set(s->o, NULL, "inputs", "network.cache", c->cache, "--cache")))
            return st;
        if ((st = sp_siteset_read(s->o, &s->set)))
            return st;
    }
    if ((st = sp_siteset_working_crs(c->s[0].set, c->s[0].o, def, sizeof def, reason,
                                     sizeof reason)) ||
        (st = sp_ctx_use_crs(c->ctx, def)))
        return st;
    sp_stage load = {pf, &last, 0, 0.3};
    if ((st = sp_network_open(c->s[0].o, def, reason, pf ? sp_stage_progress : NULL, &load,
                              &c->net)))
        return st;
    for (int k = 1; k < c->n; k++)
        if ((st = sp_network_add(c->net, c->s[k].o, NULL, NULL)))
            return st;
    for (int k = 0; k < c->n; k++) /* [mobile]: the units' drive setup */
        if ((st = sp_mobilenet_add(c->net, c->s[k].o)))
            return st;
    for (int k = 0; k < c->n; k++) {
        scen *s = &c->s[k];
        sp_stage one = {pf, &last, 0.3 + 0.7 * k / c->n, 0.3 + 0.7 * (k + 1) / c->n};
        if ((st = sp_siteset_project(s->set, sp_ctx_crs(c->ctx))) ||
            (st = sp_siteset_apply_changes(s->set, s->o, sp_ctx_crs(c->ctx))) ||
            (st = sp_inputs_bind(c->net, s->set, c->ctx, s->o, &s->in)) ||
            (st = sp_analyze(s->in, s->o, pf ? sp_stage_progress : NULL, &one, &s->r)))
            return st;
        char dir[4096], name[1024];
        sp_schema_compare_folder(k + 1, s->path, name, sizeof name);
        snprintf(dir, sizeof dir, "%s/%s", c->wdir, name);
        if ((st = sp_outcome_write(s->r, dir)))
            return st;
        s->by_id = g_hash_table_new(g_str_hash, g_str_equal);
        const sp_points *cl = s->in->clusters;
        for (size_t i = 0; i < cl->n; i++)
            g_hash_table_insert(s->by_id, cl->id[i], GSIZE_TO_POINTER(i + 1));
    }
    if (pf)
        pf(1.0, NULL, &last);
    return SP_OK;
}

/* Workers gained and lost against the baseline, by cluster id. */
static void gains(compare *c)
{
    const scen *b = &c->s[0];
    for (int k = 1; k < c->n; k++) {
        scen *s = &c->s[k];
        const sp_points *cl = s->in->clusters;
        for (size_t i = 0; i < cl->n; i++) {
            gpointer v = g_hash_table_lookup(b->by_id, cl->id[i]);
            int was = v && b->r->covered[GPOINTER_TO_SIZE(v) - 1];
            if (s->r->covered[i] && !was)
                s->gained += cl->weight[i];
        }
        const sp_points *bc = b->in->clusters;
        for (size_t i = 0; i < bc->n; i++) {
            gpointer v = g_hash_table_lookup(s->by_id, bc->id[i]);
            int is = v && s->r->covered[GPOINTER_TO_SIZE(v) - 1];
            if (b->r->covered[i] && !is)
                s->lost += bc->weight[i];
        }
    }
}

/* One scenario's row of comparison.csv, as (column, text or NULL) pairs. */
static void row_values(const scen *s, char v[SP_COMPARE_COLS][64])
{
    const sp_outcome *r = s->r;
    const sp_options *o = s->o;
    memset(v, 0, SP_COMPARE_COLS * 64);
    snprintf(v[3], 64, "%g", o->minutes[o->n_minutes - 1]);
    snprintf(v[4], 64, "%d", s->in->n_sites);
    snprintf(v[5], 64, "%.0f", r->workers_total);
    snprintf(v[6], 64, "%.0f", r->workers_covered);
    snprintf(v[7], 64, "%.2f", sp_pct_shown(r->percent_covered, 2));
    snprintf(v[8], 64, "%d", r->clusters_total - r->clusters_covered);
    snprintf(v[9], 64, "%d", r->gaps->n);
    if (r->rec) {
        const sp_siting_result *sr = r->rec->res;
        snprintf(v[10], 64, "%d", sr->n_sites);
        snprintf(v[11], 64, "%.0f", sr->covered_weight);
        snprintf(v[12], 64, "%.2f", sp_pct_shown(sr->covered_percent, 2));
        if (isfinite(sr->objective))
            snprintf(v[13], 64, "%.6g", sr->objective);
    }
    snprintf(v[14], 64, "%.0f", s->gained);
    snprintf(v[15], 64, "%.0f", s->lost);
    if (r->cap) {
        snprintf(v[16], 64, "%.0f", r->cap->served);
        snprintf(v[17], 64, "%.2f", sp_pct_shown(r->cap->percent_served, 2));
    }
    if (r->mobile && r->mobile->plan) {
        const sp_mobile *m = r->mobile;
        snprintf(v[18], 64, "%.0f", m->workers_served);
        snprintf(v[19], 64, "%d", m->plan->unit_days_needed * m->visits);
        snprintf(v[20], 64, "%d", m->plan->lower_bound * m->visits);
    }
}

static sp_status write_comparison(const compare *c)
{
    const sp_schema_table *t = sp_schema_comparison();
    char path[4096], tmp[4200], jpath[4096], jtmp[4200];
    FILE *f, *jf;
    if (t->n_fields != SP_COMPARE_COLS)
        return sp_error(SP_E_INTERNAL, "comparison.csv: %d columns in the schema, %d written",
                        t->n_fields, SP_COMPARE_COLS);
    sp_status st = sp_atomic_open(c->wdir, SP_FILE_COMPARISON, path, sizeof path, tmp,
                                  sizeof tmp, &f);
    if (st)
        return st;
    if ((st = sp_atomic_open(c->wdir, SP_FILE_COMPARISON_JSON, jpath, sizeof jpath, jtmp,
                             sizeof jtmp, &jf))) {
        fclose(f);
        remove(tmp);
        return st;
    }
    for (int i = 0; i < t->n_fields; i++)
        fprintf(f, "%s%s", i ? "," : "", t->fields[i].name);
    fputc('\n', f);
    json_object *arr = json_object_new_array();
    for (int k = 0; k < c->n; k++) {
        const scen *s = &c->s[k];
        char v[SP_COMPARE_COLS][64];
        row_values(s, v);
        const char *text[3] = {s->path, s->o->name, sp_mode_name(s->o->mode)};
        json_object *row = json_object_new_object();
        for (int i = 0; i < t->n_fields; i++) {
            const char *x = i < 3 ? text[i] : (v[i][0] ? v[i] : NULL);
            sp_schema_put_cell(f, row, &t->fields[i], x, i == 0);
        }
        fputc('\n', f);
        json_object_array_add(arr, row);
    }
    fputs(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                  JSON_C_TO_STRING_NOSLASHESCAPE), jf);
    fputc('\n', jf);
    json_object_put(arr);
    st = sp_atomic_close_file(f, tmp, path);
    sp_status st2 = sp_atomic_close_file(jf, jtmp, jpath);
    return st ? st : st2;
}

/* Whether baseline cluster i differs in any scenario. */
static int differs(const compare *c, size_t i)
{
    const scen *b = &c->s[0];
    const char *id = b->in->clusters->id[i];
    const char *bn = nearest_id(b, (int32_t)i);
    for (int k = 1; k < c->n; k++) {
        gpointer v = g_hash_table_lookup(c->s[k].by_id, id);
        if (!v)
            return 1;
        int32_t j = (int32_t)(GPOINTER_TO_SIZE(v) - 1);
        const char *n = nearest_id(&c->s[k], j);
        int same_site = (!n && !bn) || (n && bn && !strcmp(n, bn));
        if (c->s[k].r->covered[j] != b->r->covered[i] || !same_site)
            return 1;
    }
    return 0;
}

static sp_status write_changes(const compare *c, int *n_rows)
{
    const sp_schema_table *t = sp_schema_changes(), *per = sp_schema_changes_per_scenario();
    char path[4096], tmp[4200];
    FILE *f;
    sp_status st = sp_atomic_open(c->wdir, SP_FILE_CHANGES, path, sizeof path, tmp, sizeof tmp, &f);
    if (st)
        return st;
    for (int i = 0; i < t->n_fields; i++)
        fprintf(f, "%s%s", i ? "," : "", t->fields[i].name);
    for (int k = 0; k < c->n; k++)
        for (int i = 0; i < per->n_fields; i++)
            fprintf(f, ",%s_%d", per->fields[i].name, k + 1);
    fputc('\n', f);
    const scen *b = &c->s[0];
    const sp_points *cl = b->in->clusters;
    *n_rows = 0;
    for (size_t i = 0; i < cl->n; i++) {
        if (!differs(c, i))
            continue;
        (*n_rows)++;
        sp_csv_field(f, cl->id[i]);
        fputc(',', f);
        sp_csv_field(f, cl->name[i]);
        fprintf(f, ",%.10g", cl->weight[i]);
        for (int k = 0; k < c->n; k++) {
            gpointer v = g_hash_table_lookup(c->s[k].by_id, cl->id[i]);
            if (!v) {
                fputs(",,,", f);
                continue;
            }
            int32_t j = (int32_t)(GPOINTER_TO_SIZE(v) - 1);
            const char *n = nearest_id(&c->s[k], j);
            fprintf(f, ",%d,", c->s[k].r->covered[j] ? 1 : 0);
            sp_csv_field(f, n);
            fputc(',', f);
            if (n)
                fprintf(f, "%.4f", sp_minutes_shown(c->s[k].r->cov->time_s[j]));
        }
        fputc('\n', f);
    }
    return sp_atomic_close_file(f, tmp, path);
}

/* compare.json without its file list (added last, sp_fileset_record). */
static sp_status write_compare_json(const compare *c)
{
    char path[4096], tmp[4200];
    FILE *f;
    sp_status st = sp_atomic_open(c->wdir, SP_FILE_COMPARE_JSON, path, sizeof path, tmp,
                                  sizeof tmp, &f);
    if (st)
        return st;
    fprintf(f, "{\n  \"schema_version\": %d\n}\n", SP_RESULTS_SCHEMA_VERSION);
    return sp_atomic_close_file(f, tmp, path);
}

static void print_table(const compare *c, int n_changes, int drawn)
{
    int any_cap = 0;   /* a "served" column when a scenario has [capacity] */
    for (int k = 0; k < c->n; k++)
        any_cap |= c->s[k].r->cap != NULL;
    printf("%-28s %-6s %7s %6s %12s %8s %6s %10s %10s %14s", "scenario", "mode", "minutes",
           "sites", "workers cov", "percent", "gaps", "gained", "lost", "with new sites");
    printf(any_cap ? " %12s\n" : "\n", "served");
    for (int k = 0; k < c->n; k++) {
        const scen *s = &c->s[k];
        char *base = g_path_get_basename(s->path);
        char after[64] = "-", served[64] = "-";
        if (s->r->rec)
            snprintf(after, sizeof after, "%.0f (+%d)", s->r->rec->res->covered_weight,
                     s->r->rec->res->n_sites);
        if (s->r->cap)
            snprintf(served, sizeof served, "%.0f", s->r->cap->served);
        printf("%-28s %-6s %7g %6d %12.0f %8.2f %6d %10.0f %10.0f %14s", base,
               sp_mode_name(s->o->mode), s->o->minutes[s->o->n_minutes - 1], s->in->n_sites,
               s->r->workers_covered, sp_pct_shown(s->r->percent_covered, 2), s->r->gaps->n, s->gained, s->lost,
               after);
        printf(any_cap ? " %12s\n" : "\n", served);
        g_free(base);
    }
    printf("Clusters that change against the baseline: %d (%s/%s)\n", n_changes, c->outdir,
           SP_FILE_CHANGES);
    printf("Results: %s/%s, %s, each scenario in %s/<k>-<name>/\n", c->outdir, SP_FILE_COMPARISON,
           SP_FILE_COMPARISON_JSON, c->outdir);
    if (drawn)
        printf("Maps: %s/%s%s, %s; report: %s/%s\n", c->outdir, SP_FILE_COMPARE_PNG,
               c->n > 2 ? " (scenario 2), compare-K.png (scenario K)" : "", SP_FILE_COMPARE_PDF,
               c->outdir, SP_FILE_COMPARE_REPORT);
}

/* Remove the drawings of an earlier comparison in OUTDIR (none are drawn now). */
static void remove_drawings(const compare *c)
{
    const char *names[] = {SP_FILE_COMPARE_PNG, SP_FILE_COMPARE_PDF, SP_FILE_COMPARE_REPORT};
    char path[4200], name[64];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(path, sizeof path, "%s/%s", c->wdir, names[i]);
        remove(path);
    }
    for (int k = 3; k < 10000; k++) {
        snprintf(name, sizeof name, SP_FILE_COMPARE_K_PNG, k);
        snprintf(path, sizeof path, "%s/%s", c->wdir, name);
        if (remove(path) != 0)
            break;
    }
}

int sp_cmd_compare(int argc, char **argv, sp_compare_render_hook render)
{
    compare c = {0};
    c.outdir = "out/compare";
    c.s = calloc((size_t)argc, sizeof *c.s);
    if (!c.s)
        return 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        double v;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(COMPARE_USAGE, stdout);
            free(c.s);
            return 0;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            c.quiet = 1;
        } else if (!strcmp(a, "--no-render")) {
            c.no_render = 1;
        } else if (!strcmp(a, "--language") && i + 1 < argc) {
            c.language = argv[++i];
            if (strcmp(c.language, "en") && strcmp(c.language, "zh")) {
                free(c.s);
                return usage("--language takes en or zh, not '%s'", c.language);
            }
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) {
            c.outdir = argv[++i];
        } else if (!strcmp(a, "--cache") && i + 1 < argc) {
            c.cache = argv[++i];
        } else if ((!strcmp(a, "-j") || !strcmp(a, "--threads")) && i + 1 < argc) {
            if (sp_number_parse(argv[++i], SP_NUM_STRTOL, &v) != SP_NUM_OK || v < 1 || v > 64) {
                free(c.s);
                return usage("%s", "--threads takes a number from 1 to 64");
            }
            c.threads = (int)v;
        } else if (a[0] == '-' && a[1]) {
            free(c.s);
            return usage("unknown or incomplete option '%s'", a);
        } else {
            c.s[c.n++].path = a;
        }
    }
    if (c.n < 2) {
        free(c.s);
        return usage("%s", "give at least two scenario files, the baseline first");
    }
    if (!*c.outdir || (c.cache && !*c.cache)) {
        free(c.s);
        return usage("%s: empty folder name", !*c.outdir ? "-o" : "--cache");
    }
    int n_changes = 0;
    /* the whole set in a staging folder, swapped in when complete (resultdir.h) */
    sp_resultdir *rd = NULL;
    sp_status st = sp_resultdir_begin(c.outdir, sp_fileset_replaceable, 0, &rd);
    if (st == SP_OK) {
        c.wdir = sp_resultdir_path(rd);
        st = run_all(&c);
    }
    if (st == SP_OK) {
        gains(&c);
        if ((st = sp_mkdir_p(c.wdir)) == SP_OK && (st = write_comparison(&c)) == SP_OK &&
            (st = write_changes(&c, &n_changes)) == SP_OK)
            st = write_compare_json(&c);
    }
    /* drawn from the finished tables, so the folder is complete without them */
    int draw = render && !c.no_render && c.s[0].o && c.s[0].o->render;
    if (st == SP_OK && draw) {
        int last = 0;
        st = render(c.wdir, c.language, c.quiet ? NULL : sp_cli_progress, &last);
    } else if (st == SP_OK) {
        remove_drawings(&c);
    }
    /* each scenario folder lists its files, then compare.json every file of
     * the folder (theirs included): the last write of the set */
    for (int k = 0; st == SP_OK && k < c.n; k++) {
        char dir[4096], name[1024];
        sp_schema_compare_folder(k + 1, c.s[k].path, name, sizeof name);
        snprintf(dir, sizeof dir, "%s/%s", c.wdir, name);
        st = sp_fileset_record(dir, SP_FILE_SUMMARY);
    }
    if (st == SP_OK)
        st = sp_fileset_record(c.wdir, SP_FILE_COMPARE_JSON);
    if (st == SP_OK) {
        st = sp_resultdir_commit(rd);
        rd = NULL;
    }
    sp_resultdir_abort(rd);
    int rc = 0;
    if (st) {
        char buf[2048];
        const char *m = sp_resultdir_shown(sp_error_message(), buf, sizeof buf);
        sp_libmsg_flush(m);
        fprintf(stderr, "siteplan compare: %s\n", *m ? m : sp_status_str(st));
        rc = sp_status_exit_code(st);
    } else {
        print_table(&c, n_changes, draw);
    }
    compare_free(&c);
    return rc;
}
