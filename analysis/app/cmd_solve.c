/* cmd_solve.c — `siteplan solve`: run the siting optimiser on a cost
 * matrix given as a long-form table (one row per site–demand pair). */
#include <errno.h>
#include <getopt.h>
#include <json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "costmatrix.h"
#include "number.h"
#include "cmds.h"
#include "libmsg.h"
#include "siting.h"
#include "status.h"

static const char usage_text[] =
    "usage: siteplan solve --matrix FILE --demand FILE --model MODEL [options]\n"
    "\n"
    "Choose new sites from a cost matrix in long form (one row per site and\n"
    "demand pair; every pair must be present) joined to a demand table.\n"
    "\n"
    "models:\n"
    "  mclp      -p sites covering the most weight within --radius\n"
    "  target    fewest sites covering --target-percent of the total weight\n"
    "            within --radius (lscp: --target-percent 100, no --weight)\n"
    "  pmedian   -p sites minimising the sum of weight x cost\n"
    "  pcenter   -p sites minimising the largest cost (demand with weight > 0)\n"
    "\n"
    "options:\n"
    "  --matrix FILE         site-demand cost table (CSV or any OGR format)\n"
    "  --demand FILE         demand table\n"
    "  --weight FIELD        demand weight field (default: every demand 1)\n"
    "  --model MODEL         mclp, target, pmedian or pcenter\n"
    "  -p, --sites N         new sites (target: an optional cap)\n"
    "  --radius R            coverage radius, cost <= R (mclp, target)\n"
    "  --target-percent P    target: percent of the total weight (default 100)\n"
    "  --time-limit S        seconds for the exact step (default 60; 0 = none)\n"
    "  --fill-budget         mclp: keep chosen sites that add no weight (by default\n"
    "                        the answer stops at the last site that adds weight)\n"
    "  --json                print one JSON object instead of text\n"
    "  --site-col C          matrix: site id column (default name)\n"
    "  --demand-col C        matrix: demand id column (default DestinationName)\n"
    "  --cost-col C          matrix: cost column (default distance)\n"
    "  --demand-id C         demand table: id column (default NAME)\n"
    "  --encoding ENC        text encoding of both files (e.g. latin1; default UTF-8)\n"
    "  -h, --help            this help\n"
    "\n"
    "Output: objective, bound, gap, optimal, method, the sites in rank order\n"
    "(rank 1 adds the most), coverage, a table of ranks with the runner-up at\n"
    "each step, and the best objective for every budget up to -p.\n"
    "\n"
    "exit status: 0 success, 1 bad usage or input, 2 internal failure\n";

typedef struct {
    const char *matrix, *demand, *weight, *model_name;
    const char *site_col, *demand_col, *cost_col, *demand_id, *encoding;
    long p;
    int have_p;
    double radius, target, time_limit;
    int have_radius, have_target, json, fill_budget;
} solve_args;

static sp_status bad_usage(const char *fmt, const char *arg)
{
    return sp_error(SP_E_USAGE, fmt, arg);
}

static sp_status parse_double(const char *opt, const char *s, double *out)
{
    double v;
    if (sp_number_parse(s, SP_NUM_STRTOD, &v) != SP_NUM_OK || isnan(v))
        return sp_error(SP_E_USAGE, "%s: '%s' is not a number", opt, s);
    *out = v;
    return SP_OK;
}

static sp_status parse_args(int argc, char **argv, solve_args *a, int *help)
{
    enum { O_MATRIX = 256, O_DEMAND, O_WEIGHT, O_MODEL, O_RADIUS, O_TARGET,
           O_TIME, O_JSON, O_FILL, O_SITECOL, O_DEMCOL, O_COSTCOL, O_DEMID, O_ENC };
    static const struct option opts[] = {
        {"matrix", required_argument, NULL, O_MATRIX},
        {"demand", required_argument, NULL, O_DEMAND},
        {"weight", required_argument, NULL, O_WEIGHT},
        {"model", required_argument, NULL, O_MODEL},
        {"sites", required_argument, NULL, 'p'},
        {"radius", required_argument, NULL, O_RADIUS},
        {"target-percent", required_argument, NULL, O_TARGET},
        {"time-limit", required_argument, NULL, O_TIME},
        {"json", no_argument, NULL, O_JSON},
        {"fill-budget", no_argument, NULL, O_FILL},
        {"site-col", required_argument, NULL, O_SITECOL},
        {"demand-col", required_argument, NULL, O_DEMCOL},
        {"cost-col", required_argument, NULL, O_COSTCOL},
        {"demand-id", required_argument, NULL, O_DEMID},
        {"encoding", required_argument, NULL, O_ENC},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    memset(a, 0, sizeof *a);
    a->target = 100;
    a->time_limit = 60;
    *help = 0;
    optind = 0; /* glibc: full reset, main may have used getopt */
    opterr = 0;
    int c;
    sp_status st = SP_OK;
    while (st == SP_OK &&
           (c = getopt_long(argc, argv, "+p:h", opts, NULL)) != -1) {
        switch (c) {
        case O_MATRIX: a->matrix = optarg; break;
        case O_DEMAND: a->demand = optarg; break;
        case O_WEIGHT: a->weight = optarg; break;
        case O_MODEL: a->model_name = optarg; break;
        case O_SITECOL: a->site_col = optarg; break;
        case O_DEMCOL: a->demand_col = optarg; break;
        case O_COSTCOL: a->cost_col = optarg; break;
        case O_DEMID: a->demand_id = optarg; break;
        case O_ENC: a->encoding = optarg; break;
        case O_JSON: a->json = 1; break;
        case O_FILL: a->fill_budget = 1; break;
        case 'h': *help = 1; return SP_OK;
        case 'p': {
            double v;
            if (sp_number_parse(optarg, SP_NUM_STRTOL, &v) != SP_NUM_OK || v < 0 || v > 1000000)
                st = bad_usage("-p: '%s' is not a count >= 0", optarg);
            else
                a->p = (long)v;
            a->have_p = 1;
            break;
        }
        case O_RADIUS:
            st = parse_double("--radius", optarg, &a->radius);
            if (st == SP_OK && a->radius < 0)
                st = bad_usage("--radius: '%s' must be >= 0", optarg);
            a->have_radius = 1;
            break;
        case O_TARGET:
            st = parse_double("--target-percent", optarg, &a->target);
            if (st == SP_OK && !(a->target > 0 && a->target <= 100))
                st = bad_usage("--target-percent: '%s' must be in (0, 100]",
                               optarg);
            a->have_target = 1;
            break;
        case O_TIME:
            st = parse_double("--time-limit", optarg, &a->time_limit);
            if (st == SP_OK && a->time_limit < 0)
                st = bad_usage("--time-limit: '%s' must be >= 0", optarg);
            break;
        case ':':
            st = bad_usage("option %s needs a value", argv[optind - 1]);
            break;
        default:
            st = bad_usage("unknown option '%s' (see --help)",
                           argv[optind - 1]);
            break;
        }
    }
    if (st != SP_OK)
        return st;
    if (optind < argc)
        return bad_usage("unexpected argument '%s'", argv[optind]);
    if (!a->matrix)
        return bad_usage("%s", "--matrix FILE is required");
    if (!a->demand)
        return bad_usage("%s", "--demand FILE is required");
    if (!a->model_name)
        return bad_usage("%s", "--model is required "
                               "(mclp, target, pmedian or pcenter)");
    int model = sp_siting_model_parse(a->model_name);
    if (model < 0)
        return bad_usage("unknown model '%s' (mclp, target, pmedian or "
                         "pcenter)", a->model_name);
    if (model != SP_SITING_TARGET && !a->have_p)
        return bad_usage("%s needs -p N", a->model_name);
    if ((model == SP_SITING_MCLP || model == SP_SITING_TARGET) &&
        !a->have_radius)
        return bad_usage("%s needs --radius R", a->model_name);
    if ((model == SP_SITING_PMEDIAN || model == SP_SITING_PCENTER) &&
        a->have_radius)
        return bad_usage("--radius does not apply to %s", a->model_name);
    if (model != SP_SITING_TARGET && a->have_target)
        return bad_usage("--target-percent applies to the target model only, "
                         "not %s", a->model_name);
    return SP_OK;
}

/* JSON numbers: non-finite values become null. */
static json_object *jnum(double v)
{
    if (!isfinite(v))
        return NULL;
    if (v == floor(v) && fabs(v) < 9e15)
        return json_object_new_int64((int64_t)v);
    return json_object_new_double(v);
}

static void print_num(FILE *f, const char *key, double v)
{
    if (isnan(v))
        fprintf(f, "%s: none\n", key);
    else if (isinf(v))
        fprintf(f, "%s: %s\n", key, v > 0 ? "inf" : "-inf");
    else
        fprintf(f, "%s: %.15g\n", key, v);
}

static const char *cid(const sp_costmatrix *m, int32_t i)
{
    return i >= 0 ? sp_costmatrix_get_candidate_id(m, i) : "-";
}

static void print_text(FILE *f, const sp_costmatrix *m,
                       const sp_siting_result *r, const solve_args *a)
{
    fprintf(f, "model: %s\n", sp_siting_model_name(r->model));
    fprintf(f, "p: %d\n", (int)r->p);
    if (r->budget >= 0)
        fprintf(f, "budget: %d\n", (int)r->budget);
    if (r->model == SP_SITING_MCLP || r->model == SP_SITING_TARGET)
        print_num(f, "radius", r->radius);
    print_num(f, "objective", r->objective);
    print_num(f, "bound", r->bound);
    print_num(f, "gap", r->gap);
    fprintf(f, "optimal: %s\n", r->optimal ? "true" : "false");
    fprintf(f, "method: %s\n", r->method);
    fprintf(f, "sites:");
    for (int32_t k = 0; k < r->n_sites; k++)
        fprintf(f, "%s%s", k ? "," : " ", cid(m, r->ranks[k].site));
    fputc('\n', f);
    if (r->model == SP_SITING_TARGET) {
        print_num(f, "target_weight", r->target_weight);
        fprintf(f, "target_met: %s\n", r->target_met ? "true" : "false");
        fprintf(f, "target_status: %s\n", sp_target_status_name(r->target_status));
        if (r->target_status == SP_TARGET_CAPPED) {
            print_num(f, "cap_bound", r->cap_bound);
            fprintf(f, "cap_optimal: %s\n", r->cap_optimal ? "true" : "false");
        }
    }
    if (r->model == SP_SITING_PMEDIAN)
        print_num(f, "mean_cost", r->mean_cost);
    print_num(f, "total_weight", r->total_weight);
    print_num(f, "fixed_weight", r->fixed_weight);
    print_num(f, "covered_weight", r->covered_weight);
    print_num(f, "covered_percent", r->covered_percent);
    fprintf(f, "demand_count: %d\n", (int)r->n_demand);
    fprintf(f, "demand_covered: %d\n", (int)r->n_covered);
    fprintf(f, "demand_uncovered: %d\n", (int)(r->n_demand - r->n_covered));
    print_num(f, "demand_covered_percent",
              r->n_demand ? 100.0 * r->n_covered / r->n_demand : 0);
    if (r->model == SP_SITING_PMEDIAN || r->model == SP_SITING_PCENTER) {
        fprintf(f, "unreachable_demand: %d\n", (int)r->n_unreachable);
        print_num(f, "unreachable_weight", r->unreachable_weight);
    }
    fprintf(f, "#rank\tsite\tadded_weight\tnew_demand\tcum_weight\t"
               "cum_percent\tobjective\trunner_up\trunner_up_added_weight\t"
               "runner_up_objective\n");
    for (int32_t k = 0; k < r->n_sites; k++) {
        const sp_siting_rank *rk = &r->ranks[k];
        fprintf(f, "rank\t%d\t%s\t%.15g\t%d\t%.15g\t%.15g\t%.15g\t%s\t%.15g\t"
                   "%.15g\n",
                (int)k + 1, cid(m, rk->site), rk->added_weight, (int)rk->n_new,
                rk->cum_weight, rk->cum_percent, rk->objective,
                cid(m, rk->runner_up), rk->runner_up_added_weight,
                rk->runner_up_objective);
    }
    fprintf(f, "#curve\tp\tobjective\tbound\toptimal\tcovered_weight\n");
    for (int32_t k = 0; k < r->n_curve; k++) {
        const sp_siting_point *pt = &r->curve[k];
        fprintf(f, "curve\t%d\t%.15g\t%.15g\t%s\t%.15g\n", (int)pt->p,
                pt->objective, pt->bound, pt->optimal ? "true" : "false",
                pt->covered_weight);
    }
    (void)a;
}

static sp_status print_json(FILE *f, const sp_costmatrix *m,
                            const sp_siting_result *r)
{
    json_object *o = json_object_new_object();
    if (!o)
        return sp_error(SP_E_NOMEM, "out of memory");
    json_object_object_add(o, "model",
                           json_object_new_string(sp_siting_model_name(r->model)));
    json_object_object_add(o, "p", json_object_new_int(r->p));
    if (r->budget >= 0)
        json_object_object_add(o, "budget", json_object_new_int(r->budget));
    if (r->model == SP_SITING_MCLP || r->model == SP_SITING_TARGET)
        json_object_object_add(o, "radius", jnum(r->radius));
    json_object_object_add(o, "objective", jnum(r->objective));
    json_object_object_add(o, "bound", jnum(r->bound));
    json_object_object_add(o, "gap", jnum(r->gap));
    json_object_object_add(o, "optimal", json_object_new_boolean(r->optimal));
    json_object_object_add(o, "method", json_object_new_string(r->method));
    json_object *sites = json_object_new_array();
    for (int32_t k = 0; k < r->n_sites; k++)
        json_object_array_add(sites,
                              json_object_new_string(cid(m, r->ranks[k].site)));
    json_object_object_add(o, "sites", sites);
    if (r->model == SP_SITING_TARGET) {
        json_object_object_add(o, "target_weight", jnum(r->target_weight));
        json_object_object_add(o, "target_met",
                               json_object_new_boolean(r->target_met));
        json_object_object_add(o, "target_status", json_object_new_string(
                                                       sp_target_status_name(r->target_status)));
        if (r->target_status == SP_TARGET_CAPPED) {
            json_object_object_add(o, "cap_bound", jnum(r->cap_bound));
            json_object_object_add(o, "cap_optimal", json_object_new_boolean(r->cap_optimal));
        }
    }
    if (r->model == SP_SITING_PMEDIAN)
        json_object_object_add(o, "mean_cost", jnum(r->mean_cost));
    json_object_object_add(o, "total_weight", jnum(r->total_weight));
    json_object_object_add(o, "fixed_weight", jnum(r->fixed_weight));
    json_object_object_add(o, "covered_weight", jnum(r->covered_weight));
    json_object_object_add(o, "covered_percent", jnum(r->covered_percent));
    json_object_object_add(o, "demand_count", json_object_new_int(r->n_demand));
    json_object_object_add(o, "demand_covered",
                           json_object_new_int(r->n_covered));
    if (r->model == SP_SITING_PMEDIAN || r->model == SP_SITING_PCENTER) {
        json_object_object_add(o, "unreachable_demand",
                               json_object_new_int(r->n_unreachable));
        json_object_object_add(o, "unreachable_weight",
                               jnum(r->unreachable_weight));
    }
    json_object *ranks = json_object_new_array();
    for (int32_t k = 0; k < r->n_sites; k++) {
        const sp_siting_rank *rk = &r->ranks[k];
        json_object *e = json_object_new_object();
        json_object_object_add(e, "rank", json_object_new_int(k + 1));
        json_object_object_add(e, "site",
                               json_object_new_string(cid(m, rk->site)));
        json_object_object_add(e, "added_weight", jnum(rk->added_weight));
        json_object *nd = json_object_new_array();
        for (int32_t t = 0; t < rk->n_new; t++)
            json_object_array_add(nd, json_object_new_string(
                                          sp_costmatrix_get_demand_id(
                                              m, rk->new_demand[t])));
        json_object_object_add(e, "new_demand", nd);
        json_object_object_add(e, "cum_weight", jnum(rk->cum_weight));
        json_object_object_add(e, "cum_percent", jnum(rk->cum_percent));
        json_object_object_add(e, "objective", jnum(rk->objective));
        if (rk->runner_up >= 0) {
            json_object *ru = json_object_new_object();
            json_object_object_add(ru, "site", json_object_new_string(
                                                   cid(m, rk->runner_up)));
            json_object_object_add(ru, "added_weight",
                                   jnum(rk->runner_up_added_weight));
            json_object_object_add(ru, "objective",
                                   jnum(rk->runner_up_objective));
            json_object_object_add(e, "runner_up", ru);
        } else {
            json_object_object_add(e, "runner_up", NULL);
        }
        json_object_array_add(ranks, e);
    }
    json_object_object_add(o, "ranks", ranks);
    json_object *curve = json_object_new_array();
    for (int32_t k = 0; k < r->n_curve; k++) {
        const sp_siting_point *pt = &r->curve[k];
        json_object *e = json_object_new_object();
        json_object_object_add(e, "p", json_object_new_int(pt->p));
        json_object_object_add(e, "objective", jnum(pt->objective));
        json_object_object_add(e, "bound", jnum(pt->bound));
        json_object_object_add(e, "optimal",
                               json_object_new_boolean(pt->optimal));
        json_object_object_add(e, "covered_weight", jnum(pt->covered_weight));
        json_object_array_add(curve, e);
    }
    json_object_object_add(o, "curve", curve);
    fprintf(f, "%s\n",
            json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                  JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
    return SP_OK;
}

int sp_cmd_solve(int argc, char **argv)
{
    solve_args a;
    int help;
    sp_error_clear();
    sp_status st = parse_args(argc, argv, &a, &help);
    if (help) {
        fputs(usage_text, stdout);
        return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2;
    }
    sp_costmatrix *m = NULL;
    sp_siting_result *r = NULL;
    if (st == SP_OK) {
        sp_costmatrix_csv_opts co = {
            .matrix_path = a.matrix,
            .demand_path = a.demand,
            .site_col = a.site_col,
            .demand_col = a.demand_col,
            .cost_col = a.cost_col,
            .demand_id = a.demand_id,
            .weight = a.weight,
            .encoding = a.encoding,
            .require_complete = 1,
        };
        st = sp_costmatrix_load_csv(&co, &m);
    }
    if (st == SP_OK) {
        sp_siting_opts so;
        sp_siting_opts_default(&so);
        so.model = (sp_siting_model)sp_siting_model_parse(a.model_name);
        so.p = a.have_p ? (int32_t)a.p : -1;
        so.radius = a.have_radius ? a.radius : INFINITY;
        so.target_percent = a.target;
        so.time_limit_s = a.time_limit;
        so.fill_budget = a.fill_budget;
        st = sp_siting_solve(m, &so, &r);
    }
    if (st == SP_OK) {
        if (a.json)
            st = print_json(stdout, m, r);
        else
            print_text(stdout, m, r, &a);
        if (st == SP_OK && (fflush(stdout) != 0 || ferror(stdout)))
            st = sp_error(SP_E_INTERNAL, "cannot write the output: %s",
                          strerror(errno));
    }
    sp_siting_result_free(r);
    sp_costmatrix_free(m);
    if (st != SP_OK) {
        sp_libmsg_flush(sp_error_message());
        fprintf(stderr, "siteplan solve: %s\n", sp_error_message());
        return sp_status_exit_code(st);
    }
    return 0;
}
