/* cmd_sweep.c — `siteplan sweep SCENARIO --vary KEY=VALUES ... [-o OUTDIR]`:
 * the cartesian grid of runs of one scenario over one network load.
 *
 * Each --vary names a scenario key (SECTION.KEY, as --set takes it) and its
 * values: a comma-separated list, where an item "a..b" stands for the
 * integers a to b.  The grid is every combination, the first --vary key
 * changing slowest; each run is the scenario loaded with its combination as
 * --set overrides after the --set options given (sp_scenario_load), so a row
 * equals `siteplan run SCENARIO --set ... --set KEY=VALUE ...`.  Every run shares one sp_network (read once,
 * a travel setup added per mode or speed table the grid asks for) in the
 * working CRS of the first run; each reads its own site set.
 *
 * OUTDIR (default out/sweep) gets sweep.csv and sweep.json (io/schema.h,
 * sp_schema_sweep), each atomically, and, through the render hook when the
 * first run's [render] is enabled, one chart per varied numeric key
 * (sweep-KEY.png and .pdf).  Charts of an earlier sweep in OUTDIR are
 * removed first.  No per-run result folders are written.
 * Exit codes: 0 success, 1 bad input or usage, 2 internal failure.
 */
#include <glib.h>
#include <json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static const char SWEEP_USAGE[] =
    "usage: siteplan sweep SCENARIO --vary SECTION.KEY=VALUES [--vary ...] [--set SECTION.KEY=VALUE]...\n"
    "                      [-o OUTDIR] [--cache DIR] [-j N] [-q]\n"
    "\n"
    "Run a scenario once for every combination of the values given (a grid),\n"
    "over one load of the road network, and write OUTDIR/sweep.csv and\n"
    "sweep.json (one row per run, in grid order: the first --vary key changes\n"
    "slowest) and one chart per varied numeric key (sweep-KEY.png, .pdf).\n"
    "Each run is the scenario with the --set overrides, then its values as\n"
    "--set overrides (so a row equals `siteplan run SCENARIO --set ...`).\n"
    "\n"
    "  --vary travel.minutes=10,15,20,30   a list of values\n"
    "  --vary siting.budget=0..10          the integers 0 to 10\n"
    "  --vary travel.mode=walk,ebike       any scenario key\n"
    "\n"
    "options:\n"
    "  --vary KEY=VALUES  a scenario key and its values (repeatable, one per key)\n"
    "  --set KEY=VALUE    override a key in every run (repeatable; before --vary)\n"
    "  -o, --output DIR   output folder (default out/sweep)\n"
    "  -j, --threads N    search threads (default: all cores)\n"
    "  --cache DIR        keep the road network as read in DIR and reuse it (the\n"
    "                     scenario's [inputs] network.cache otherwise)\n"
    "  -q, --quiet        no progress on stderr\n"
    "  -h, --help         this text\n"
    "\n"
    "exit codes: 0 success, 1 bad input or usage, 2 internal failure\n";

/* Grid limits: enough for any planning question, small enough that a typo
 * ("0..100000") is an error rather than a week of runs. */
#define MAX_VALUES 1000
#define MAX_RUNS 10000

typedef struct {
    char *key;        /* "section.key" */
    GPtrArray *values;/* char *, as given (ranges expanded) */
} vary;

typedef struct {
    char *v[SP_C_SWEEP_COUNT];   /* the row's columns as text; NULL = empty */
} row;

typedef struct {
    const char *scenario, *outdir;
    const char *wdir;    /* where the set is written: the staging folder (resultdir.h) */
    const char *cache;   /* --cache DIR, or NULL */
    int quiet, threads;
    int n_vary;
    vary *vary;
    int n_sets;
    const char **sets; /* --set overrides, before the varied keys */
    int n_runs;
    sp_options **o;   /* per run */
    row *rows;        /* per run */
    sp_ctx *ctx;
    sp_network *net;
} sweep;

static void sweep_free(sweep *s)
{
    for (int k = 0; k < s->n_vary; k++) {
        g_free(s->vary[k].key);
        if (s->vary[k].values)
            g_ptr_array_free(s->vary[k].values, TRUE);
    }
    g_free(s->vary);
    g_free(s->sets);
    for (int r = 0; s->o && r < s->n_runs; r++)
        sp_options_free(s->o[r]);
    g_free(s->o);
    for (int r = 0; s->rows && r < s->n_runs; r++)
        for (int i = 0; i < SP_C_SWEEP_COUNT; i++)
            g_free(s->rows[r].v[i]);
    g_free(s->rows);
    sp_network_free(s->net);
    sp_ctx_free(s->ctx);
}

static int usage(const char *msg, const char *arg)
{
    fprintf(stderr, "siteplan sweep: ");
    fprintf(stderr, msg, arg);
    fprintf(stderr, " (see siteplan sweep --help)\n");
    return 1;
}

/* Put "prefix: " before the recorded error message. */
static sp_status rewrap(sp_status st, const char *prefix)
{
    char *m = g_strdup(sp_error_message());
    sp_error_clear();
    st = sp_error(st, "%s: %s", prefix, *m ? m : sp_status_str(st));
    g_free(m);
    return st;
}

/* Parse "section.key=VALUES" into v; on error, one line into the error slot
 * naming the key (SP_E_USAGE). */
static sp_status parse_vary(const char *arg, vary *v)
{
    const char *eq = strchr(arg, '=');
    const char *dot = strchr(arg, '.');
    if (!eq || !dot || dot > eq || dot == arg || dot + 1 == eq)
        return sp_error(SP_E_USAGE, "--vary %s: expected SECTION.KEY=VALUES (e.g. "
                        "travel.minutes=10,15,20)", arg);
    v->key = g_strstrip(g_strndup(arg, (gsize)(eq - arg)));
    v->values = g_ptr_array_new_with_free_func(g_free);
    char *list = g_strstrip(g_strdup(eq + 1));
    if (!*list) {
        g_free(list);
        return sp_error(SP_E_USAGE, "--vary %s: no values given", v->key);
    }
    char **items = g_strsplit(list, ",", -1);
    g_free(list);
    sp_status st = SP_OK;
    for (int i = 0; items[i] && st == SP_OK; i++) {
        char *it = g_strstrip(items[i]);
        const char *dd = strstr(it, "..");
        if (!*it) {
            st = sp_error(SP_E_USAGE, "--vary %s: an empty value in the list", v->key);
        } else if (dd) {
            char *a = g_strstrip(g_strndup(it, (gsize)(dd - it)));
            char *b = g_strstrip(g_strdup(dd + 2));
            double lo, hi;
            if (sp_number_parse(a, SP_NUM_STRTOL, &lo) != SP_NUM_OK ||
                sp_number_parse(b, SP_NUM_STRTOL, &hi) != SP_NUM_OK)
                st = sp_error(SP_E_USAGE, "--vary %s: '%s' is not a range of integers a..b",
                              v->key, it);
            else if (lo > hi)
                st = sp_error(SP_E_USAGE, "--vary %s: the range '%s' is empty (%g > %g)", v->key,
                              it, lo, hi);
            else if (hi - lo + v->values->len >= MAX_VALUES)
                st = sp_error(SP_E_USAGE, "--vary %s: more than %d values", v->key, MAX_VALUES);
            else if (fabs(lo) > 9007199254740992.0 || fabs(hi) > 9007199254740992.0)
                st = sp_error(SP_E_USAGE, "--vary %s: the range '%s' is beyond 2^53 (integers "
                              "there are not exact)", v->key, it);
            /* an integer count of values: the loop ends whatever the bounds */
            for (int k = 0; st == SP_OK && k <= (int)(hi - lo); k++)
                g_ptr_array_add(v->values, g_strdup_printf("%.0f", lo + k));
            g_free(a);
            g_free(b);
        } else if (v->values->len >= MAX_VALUES) {
            st = sp_error(SP_E_USAGE, "--vary %s: more than %d values", v->key, MAX_VALUES);
        } else {
            g_ptr_array_add(v->values, g_strdup(it));
        }
    }
    g_strfreev(items);
    return st;
}

/* The value of key k in run r (borrowed). */
static const char *value_of(const sweep *s, int r, int k)
{
    int stride = 1;
    for (int j = s->n_vary - 1; j > k; j--)
        stride *= (int)s->vary[j].values->len;
    return g_ptr_array_index(s->vary[k].values, (r / stride) % (int)s->vary[k].values->len);
}

/* Check every key and value alone against the scenario, then load every
 * run's options.  Errors name the --vary key. */
static sp_status load_options(sweep *s)
{
    sp_options *o = NULL;
    const char **sets = g_new0(const char *, s->n_sets + s->n_vary + 1);
    for (int i = 0; i < s->n_sets; i++)
        sets[i] = s->sets[i];
    sp_status st = sp_scenario_load(s->scenario, sets, s->n_sets, &o);
    sp_options_free(o);
    if (st) {
        g_free(sets);
        return st;
    }
    for (int k = 0; k < s->n_vary; k++) {
        for (guint i = 0; i < s->vary[k].values->len; i++) {
            char *set = g_strdup_printf("%s=%s", s->vary[k].key,
                                        (char *)g_ptr_array_index(s->vary[k].values, i));
            sets[s->n_sets] = set;
            st = sp_scenario_load(s->scenario, sets, s->n_sets + 1, &o);
            g_free(set);
            sp_options_free(o);
            if (st) {
                char *p = g_strdup_printf("--vary %s", s->vary[k].key);
                st = rewrap(st, p);
                g_free(p);
                g_free(sets);
                return st;
            }
        }
    }
    s->o = g_new0(sp_options *, s->n_runs);
    s->rows = g_new0(row, s->n_runs);
    char **own = g_new0(char *, s->n_vary + 1);
    for (int r = 0; r < s->n_runs && st == SP_OK; r++) {
        for (int k = 0; k < s->n_vary; k++) {
            g_free(own[k]);
            own[k] = g_strdup_printf("%s=%s", s->vary[k].key, value_of(s, r, k));
            sets[s->n_sets + k] = own[k];
        }
        st = sp_scenario_load(s->scenario, sets, s->n_sets + s->n_vary, &s->o[r]);
        if (st) {
            char *combo = g_strjoinv(" ", own);
            char *p = g_strdup_printf("--vary (run %d: %s)", r + 1, combo);
            st = rewrap(st, p);
            g_free(p);
            g_free(combo);
        } else {
            s->o[r]->threads = s->threads;
            s->o[r]->quiet = 1;   /* the sweep reports per run */
            if (s->cache)
                st = sp_options_set(s->o[r], NULL, "inputs", "network.cache", s->cache, "--cache");
        }
    }
    for (int k = 0; k < s->n_vary; k++)
        g_free(own[k]);
    g_free(own);
    g_free(sets);
    return st;
}

static char *fmt(const char *f, double v) { return g_strdup_printf(f, v); }

/* The row of one finished run. */
static void fill_row(row *w, int r, const sp_options *o, const sp_inputs *in, const sp_outcome *res)
{
    w->v[SP_C_SWEEP_RUN] = g_strdup_printf("%d", r + 1);
    w->v[SP_C_SWEEP_MODE] = g_strdup(sp_mode_name(o->mode));
    w->v[SP_C_SWEEP_MINUTES] = fmt("%g", o->minutes[o->n_minutes - 1]);
    w->v[SP_C_SWEEP_SITES] = g_strdup_printf("%d", in->n_sites);
    w->v[SP_C_SWEEP_WORKERS_TOTAL] = fmt("%.0f", res->workers_total);
    w->v[SP_C_SWEEP_WORKERS_COVERED] = fmt("%.0f", res->workers_covered);
    w->v[SP_C_SWEEP_PERCENT_COVERED] = fmt("%.2f", sp_pct_shown(res->percent_covered, 2));
    w->v[SP_C_SWEEP_CLUSTERS_UNCOVERED] =
        g_strdup_printf("%d", res->clusters_total - res->clusters_covered);
    w->v[SP_C_SWEEP_GAPS] = g_strdup_printf("%d", res->gaps->n);
    if (res->cap) {
        w->v[SP_C_SWEEP_WORKERS_SERVED] = fmt("%.0f", res->cap->served);
        w->v[SP_C_SWEEP_PERCENT_SERVED] = fmt("%.2f", res->cap->percent_served);
    }
    if (res->mobile && res->mobile->plan) {
        const sp_mobile *m = res->mobile;
        w->v[SP_C_SWEEP_MOBILE_SERVED] = fmt("%.0f", m->workers_served);
        w->v[SP_C_SWEEP_MOBILE_DAYS_NEEDED] =
            g_strdup_printf("%d", m->plan->unit_days_needed * m->visits);
        w->v[SP_C_SWEEP_MOBILE_BOUND] = g_strdup_printf("%d", m->plan->lower_bound * m->visits);
    }
    if (res->rec) {
        const sp_siting_result *sr = res->rec->res;
        w->v[SP_C_SWEEP_NEW_SITES] = g_strdup_printf("%d", sr->n_sites);
        w->v[SP_C_SWEEP_WORKERS_AFTER] = fmt("%.0f", sr->covered_weight);
        w->v[SP_C_SWEEP_PERCENT_AFTER] = fmt("%.2f", sp_pct_shown(sr->covered_percent, 2));
        if (isfinite(sr->objective))
            w->v[SP_C_SWEEP_OBJECTIVE] = fmt("%.10g", sr->objective);
        w->v[SP_C_SWEEP_OPTIMAL] = g_strdup(sr->optimal ? "1" : "0");
        if (sr->optimal)
            w->v[SP_C_SWEEP_GAP] = g_strdup("0");
        else if (isfinite(sr->gap))
            w->v[SP_C_SWEEP_GAP] = fmt("%.6g", sr->gap);
    }
}

/* "travel.minutes=10 siting.budget=3" of run r (g_free). */
static char *combo_text(const sweep *s, int r)
{
    GString *g = g_string_new(NULL);
    for (int k = 0; k < s->n_vary; k++)
        g_string_append_printf(g, "%s%s=%s", k ? " " : "", s->vary[k].key, value_of(s, r, k));
    return g_string_free(g, FALSE);
}

/* One network load, then every run of the grid. */
static sp_status run_all(sweep *s)
{
    sp_status st;
    char def[256], reason[128];
    int last = 0;
    GDALProgressFunc pf = s->quiet ? NULL : sp_cli_progress;
    sp_siteset *first = NULL;
    GDALAllRegister();
    sp_warn_set_once(1);   /* every run reads the inputs again: warn once */
    if ((st = sp_ctx_new(&s->ctx)) || (st = sp_siteset_read(s->o[0], &first)) ||
        (st = sp_siteset_working_crs(first, s->o[0], def, sizeof def, reason, sizeof reason)) ||
        (st = sp_ctx_use_crs(s->ctx, def))) {
        sp_siteset_free(first);
        return st;
    }
    if (!s->quiet)
        fprintf(stderr, "siteplan sweep: %d runs; loading the road network\n", s->n_runs);
    s->o[0]->quiet = s->quiet; /* the cache's notes (hit, miss) go with the load */
    st = sp_network_open(s->o[0], def, reason, pf, &last, &s->net);
    s->o[0]->quiet = 1;
    if (st) {
        sp_siteset_free(first);
        if (pf && last > 0 && last < 40)
            fputc('\n', stderr);
        return st;
    }
    for (int r = 1; r < s->n_runs && st == SP_OK; r++)
        st = sp_network_add(s->net, s->o[r], NULL, NULL);
    for (int r = 0; r < s->n_runs && st == SP_OK; r++) /* [mobile]: the units' drive setup */
        st = sp_mobilenet_add(s->net, s->o[r]);
    for (int r = 0; r < s->n_runs && st == SP_OK; r++) {
        sp_options *o = s->o[r];
        sp_siteset *set = first;
        sp_inputs *in = NULL;
        sp_outcome *res = NULL;
        first = NULL;
        if (!set)
            st = sp_siteset_read(o, &set);
        if (st == SP_OK && (st = sp_siteset_project(set, sp_ctx_crs(s->ctx))) == SP_OK &&
            (st = sp_siteset_apply_changes(set, o, sp_ctx_crs(s->ctx))) == SP_OK &&
            (st = sp_inputs_bind(s->net, set, s->ctx, o, &in)) == SP_OK &&
            (st = sp_analyze(in, o, NULL, NULL, &res)) == SP_OK) {
            fill_row(&s->rows[r], r, o, in, res);
            if (!s->quiet) {
                char *c = combo_text(s, r);
                const row *w = &s->rows[r];
                fprintf(stderr, "run %d/%d: %s: %s workers covered (%s%%)", r + 1, s->n_runs, c,
                        w->v[SP_C_SWEEP_WORKERS_COVERED], w->v[SP_C_SWEEP_PERCENT_COVERED]);
                if (res->rec)
                    fprintf(stderr, ", %s with %s new sites%s", w->v[SP_C_SWEEP_WORKERS_AFTER],
                            w->v[SP_C_SWEEP_NEW_SITES],
                            res->rec->res->optimal ? "" : " (not proven optimal)");
                fputc('\n', stderr);
                g_free(c);
            }
        } else if (st) {
            char *c = combo_text(s, r);
            char *p = g_strdup_printf("run %d (%s)", r + 1, c);
            st = rewrap(st, p);
            g_free(p);
            g_free(c);
        }
        sp_outcome_free(res);
        sp_inputs_free(in);
        sp_siteset_free(set);
    }
    sp_siteset_free(first);
    return st;
}

/* sweep.csv and sweep.json, each atomically. */
static sp_status write_sweep(const sweep *s)
{
    const sp_schema_table *t = sp_schema_sweep();
    char path[4096], tmp[4200], jpath[4096], jtmp[4200];
    FILE *f, *jf;
    sp_status st = sp_atomic_open(s->wdir, SP_FILE_SWEEP, path, sizeof path, tmp, sizeof tmp, &f);
    if (st)
        return st;
    if ((st = sp_atomic_open(s->wdir, SP_FILE_SWEEP_JSON, jpath, sizeof jpath, jtmp,
                             sizeof jtmp, &jf))) {
        fclose(f);
        remove(tmp);
        return st;
    }
    for (int k = 0; k < s->n_vary; k++)
        fprintf(f, "%s,", s->vary[k].key);
    for (int i = 0; i < t->n_fields; i++)
        fprintf(f, "%s%s", i ? "," : "", t->fields[i].name);
    fputc('\n', f);

    const sp_options *o0 = s->o[0];
    json_object *top = json_object_new_object();
    json_object_object_add(top, "schema_version", json_object_new_int(SP_RESULTS_SCHEMA_VERSION));
    json_object_object_add(top, "scenario", json_object_new_string(s->scenario));
    json_object_object_add(top, "name", o0->name ? json_object_new_string(o0->name) : NULL);
    json_object *va = json_object_new_array();
    for (int k = 0; k < s->n_vary; k++) {
        json_object *v = json_object_new_object(), *vals = json_object_new_array();
        json_object_object_add(v, "key", json_object_new_string(s->vary[k].key));
        for (guint i = 0; i < s->vary[k].values->len; i++)
            json_object_array_add(vals, json_object_new_string(g_ptr_array_index(s->vary[k].values, i)));
        json_object_object_add(v, "values", vals);
        json_object_array_add(va, v);
    }
    json_object_object_add(top, "vary", va);
    json_object *rd = json_object_new_object();
    json_object_object_add(rd, "language", json_object_new_string(o0->render_language));
    json_object_object_add(rd, "dpi", json_object_new_int(o0->render_dpi));
    json_object_object_add(top, "render", rd);
    json_object *arr = json_object_new_array();
    for (int r = 0; r < s->n_runs; r++) {
        json_object *jr = json_object_new_object();
        for (int k = 0; k < s->n_vary; k++) {
            const char *x = value_of(s, r, k);
            sp_csv_field(f, x);
            fputc(',', f);
            json_object_object_add(jr, s->vary[k].key, json_object_new_string(x));
        }
        for (int i = 0; i < t->n_fields; i++) {
            sp_schema_put_cell(f, jr, &t->fields[i], s->rows[r].v[i], i == 0);
        }
        fputc('\n', f);
        json_object_array_add(arr, jr);
    }
    json_object_object_add(top, "runs", arr);
    fputs(json_object_to_json_string_ext(top, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                  JSON_C_TO_STRING_NOSLASHESCAPE), jf);
    fputc('\n', jf);
    json_object_put(top);
    st = sp_atomic_close_file(f, tmp, path);
    sp_status st2 = sp_atomic_close_file(jf, jtmp, jpath);
    return st ? st : st2;
}

/* Remove the charts of an earlier sweep in the folder (sweep-*.png, .pdf):
 * render draws those of this one. */
static void remove_old_charts(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return;
    const char *name;
    size_t np = strlen(SP_FILE_SWEEP_CHART_PREFIX);
    while ((name = g_dir_read_name(d)) != NULL) {
        if (strncmp(name, SP_FILE_SWEEP_CHART_PREFIX, np) ||
            (!g_str_has_suffix(name, ".png") && !g_str_has_suffix(name, ".pdf")))
            continue;
        char *p = g_build_filename(dir, name, NULL);
        unlink(p);
        g_free(p);
    }
    g_dir_close(d);
}

static void print_table(const sweep *s)
{
    int *w = g_new0(int, s->n_vary);
    for (int k = 0; k < s->n_vary; k++) {
        w[k] = (int)strlen(s->vary[k].key);
        for (guint i = 0; i < s->vary[k].values->len; i++)
            w[k] = MAX(w[k], (int)strlen(g_ptr_array_index(s->vary[k].values, i)));
    }
    for (int k = 0; k < s->n_vary; k++)
        printf("%-*s ", w[k], s->vary[k].key);
    int any_cap = 0;   /* a "served" column when a run has [capacity] */
    for (int r = 0; r < s->n_runs; r++)
        any_cap |= s->rows[r].v[SP_C_SWEEP_WORKERS_SERVED] != NULL;
    printf("%-6s %7s %6s %12s %8s %6s %24s", "mode", "minutes", "sites", "workers cov",
           "percent", "gaps", "with new sites");
    int any_mob = 0;   /* a "mobile" column when a run has [mobile] */
    for (int r = 0; r < s->n_runs; r++)
        any_mob |= s->rows[r].v[SP_C_SWEEP_MOBILE_SERVED] != NULL;
    if (any_cap)
        printf(" %18s", "served");
    printf(any_mob ? " %30s\n" : "\n", "mobile served (days, bound)");
    for (int r = 0; r < s->n_runs; r++) {
        const row *x = &s->rows[r];
        for (int k = 0; k < s->n_vary; k++)
            printf("%-*s ", w[k], value_of(s, r, k));
        char after[64] = "-";
        if (x->v[SP_C_SWEEP_NEW_SITES])
            snprintf(after, sizeof after, "%s (+%s) %s%%%s", x->v[SP_C_SWEEP_WORKERS_AFTER],
                     x->v[SP_C_SWEEP_NEW_SITES], x->v[SP_C_SWEEP_PERCENT_AFTER],
                     !strcmp(x->v[SP_C_SWEEP_OPTIMAL], "1") ? "" : " *");
        printf("%-6s %7s %6s %12s %8s %6s %24s", x->v[SP_C_SWEEP_MODE],
               x->v[SP_C_SWEEP_MINUTES], x->v[SP_C_SWEEP_SITES], x->v[SP_C_SWEEP_WORKERS_COVERED],
               x->v[SP_C_SWEEP_PERCENT_COVERED], x->v[SP_C_SWEEP_GAPS], after);
        char served[96] = "-";
        if (x->v[SP_C_SWEEP_WORKERS_SERVED])
            snprintf(served, sizeof served, "%s %s%%", x->v[SP_C_SWEEP_WORKERS_SERVED],
                     x->v[SP_C_SWEEP_PERCENT_SERVED]);
        if (any_cap)
            printf(" %18s", served);
        char mob[96] = "-";
        if (x->v[SP_C_SWEEP_MOBILE_SERVED])
            snprintf(mob, sizeof mob, "%s (%s, %s)", x->v[SP_C_SWEEP_MOBILE_SERVED],
                     x->v[SP_C_SWEEP_MOBILE_DAYS_NEEDED], x->v[SP_C_SWEEP_MOBILE_BOUND]);
        printf(any_mob ? " %30s\n" : "\n", mob);
    }
    g_free(w);
    int unproven = 0;
    for (int r = 0; r < s->n_runs; r++)
        unproven += s->rows[r].v[SP_C_SWEEP_OPTIMAL] && !strcmp(s->rows[r].v[SP_C_SWEEP_OPTIMAL], "0");
    if (unproven)
        printf("* not proven optimal (%d run%s; see the gap column of sweep.csv)\n", unproven,
               unproven == 1 ? "" : "s");
    printf("Results: %s/%s, %s\n", s->outdir, SP_FILE_SWEEP, SP_FILE_SWEEP_JSON);
}

int sp_cmd_sweep(int argc, char **argv, sp_render_hook render)
{
    sweep s = {0};
    s.outdir = "out/sweep";
    s.vary = g_new0(vary, argc);
    s.sets = g_new0(const char *, argc);
    sp_status st = SP_OK;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        double v;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(SWEEP_USAGE, stdout);
            sweep_free(&s);
            return 0;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            s.quiet = 1;
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) {
            s.outdir = argv[++i];
        } else if (!strcmp(a, "--cache") && i + 1 < argc) {
            s.cache = argv[++i];
        } else if ((!strcmp(a, "-j") || !strcmp(a, "--threads")) && i + 1 < argc) {
            if (sp_number_parse(argv[++i], SP_NUM_STRTOL, &v) != SP_NUM_OK || v < 1 || v > 64) {
                sweep_free(&s);
                return usage("%s", "--threads takes a number from 1 to 64");
            }
            s.threads = (int)v;
        } else if ((!strcmp(a, "--vary") && i + 1 < argc) || !strncmp(a, "--vary=", 7)) {
            const char *val = a[6] == '=' ? a + 7 : argv[++i];
            if (st == SP_OK) {
                st = parse_vary(val, &s.vary[s.n_vary]);
                s.n_vary++;
                for (int k = 0; st == SP_OK && k < s.n_vary - 1; k++)
                    if (!strcmp(s.vary[k].key, s.vary[s.n_vary - 1].key))
                        st = sp_error(SP_E_USAGE, "--vary %s: the key is given twice",
                                      s.vary[k].key);
            }
        } else if (!strcmp(a, "--set") && i + 1 < argc) {
            s.sets[s.n_sets++] = argv[++i];
        } else if (!strncmp(a, "--set=", 6)) {
            s.sets[s.n_sets++] = a + 6;
        } else if (a[0] == '-' && a[1]) {
            sweep_free(&s);
            return usage("unknown or incomplete option '%s'", a);
        } else if (!s.scenario) {
            s.scenario = a;
        } else {
            sweep_free(&s);
            return usage("more than one scenario file ('%s')", a);
        }
    }
    if (st == SP_OK && !s.scenario) {
        sweep_free(&s);
        return usage("%s", "no scenario file given");
    }
    if (st == SP_OK && s.n_vary == 0) {
        sweep_free(&s);
        return usage("%s", "no --vary given");
    }
    if (st == SP_OK && (!*s.outdir || (s.cache && !*s.cache))) {
        sweep_free(&s);
        return usage("%s: empty folder name", !*s.outdir ? "-o" : "--cache");
    }
    if (st == SP_OK) {
        double n = 1;
        for (int k = 0; k < s.n_vary; k++)
            n *= s.vary[k].values->len;
        if (n > MAX_RUNS)
            st = sp_error(SP_E_USAGE, "--vary: the grid has %.0f runs, more than %d", n, MAX_RUNS);
        s.n_runs = (int)n;
    }
    if (st == SP_OK)
        st = load_options(&s);
    /* the whole set in a staging folder, swapped in when complete (resultdir.h) */
    sp_resultdir *rd = NULL;
    if (st == SP_OK && (st = sp_resultdir_begin(s.outdir, sp_fileset_replaceable, 0, &rd)) == SP_OK)
        s.wdir = sp_resultdir_path(rd);
    if (st == SP_OK)
        st = run_all(&s);
    if (st == SP_OK && (st = sp_mkdir_p(s.wdir)) == SP_OK)
        st = write_sweep(&s);
    int drew = 0;
    if (st == SP_OK) {
        remove_old_charts(s.wdir);
        if (s.o[0]->render && render) {
            int last = 0;
            if (!s.quiet)
                fprintf(stderr, "siteplan sweep: charts\n");
            st = render(s.wdir, s.quiet ? NULL : sp_cli_progress, &last);
            drew = 1;
        }
    }
    if (st == SP_OK)
        st = sp_fileset_record(s.wdir, SP_FILE_SWEEP_JSON);
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
        fprintf(stderr, "siteplan sweep: %s\n", *m ? m : sp_status_str(st));
        rc = sp_status_exit_code(st);
    } else {
        print_table(&s);
        if (drew)
            printf("Charts: %s/%s<key>.png, .pdf (one per varied numeric key)\n", s.outdir,
                   SP_FILE_SWEEP_CHART_PREFIX);
    }
    sweep_free(&s);
    return rc;
}
