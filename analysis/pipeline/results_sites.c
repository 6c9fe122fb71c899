/* results_sites.c — sites.csv: per existing site, the workers it reaches,
 * those assigned to it and those only it covers (siteshare.h), and with
 * [capacity] its capacity, load and utilisation; assignment.csv: who is
 * served by whom (capacity.h). */
#include <math.h>

#include "capacity.h"
#include "number.h"
#include "output.h"
#include "results_private.h"

double sp__utilisation(const sp_capoutcome *c, int32_t s)
{
    double cap = c->capacity[s];
    if (!isfinite(cap))
        return NAN;
    if (!(cap > 0))
        return 1;
    return round(c->load[s] / cap * 1e4) / 1e4;
}

sp_status sp__write_sites_csv(const sp_outcome *r, const char *dir)
{
    const sp_inputs *in = r->in;
    sp__csv_out c;
    sp_status st = sp__csv_begin(&c, dir, SP_FILE_SITES, SP_CSV_SITES);
    if (st)
        return st;
    FILE *f = c.f;
    for (int32_t s = 0; s < in->n_sites; s++) {
        size_t row;
        const sp_points *p = sp_inputs_site_layer(in, s, &row);
        const sp_site_share *sh = &r->site_share[s];
        sp_csv_field(f, p->id[row]);
        fputc(',', f);
        sp_csv_field(f, p->name[row]);
        fprintf(f, ",%s,%d,%.10g,%d,%.10g,%d,%.10g,%d", sp_inputs_site_kind(in, s),
                sp_snap_ok(&in->site_snap[s]), sh->workers_reached, sh->clusters_reached,
                sh->workers_assigned, sh->clusters_assigned, sh->workers_only, sh->clusters_only);
        if (r->cap) {   /* capacity (empty: unlimited), load, utilisation */
            double cap = r->cap->capacity[s], u = sp__utilisation(r->cap, s);
            fputc(',', f);
            if (isfinite(cap))
                fprintf(f, "%.10g", cap);
            fprintf(f, ",%.10g,", r->cap->load[s]);
            if (isfinite(u))
                fprintf(f, "%.4f", u);
            fputc('\n', f);
        } else {
            fputs(",,,\n", f);
        }
    }
    return sp_atomic_close_file(f, c.tmp, c.path);
}

sp_status sp__write_assignment_csv(const sp_outcome *r, const char *dir)
{
    const sp_capoutcome *a = r->cap;
    const sp_inputs *in = r->in;
    sp__csv_out c;
    sp_status st = sp__csv_begin(&c, dir, SP_FILE_ASSIGNMENT, SP_CSV_ASSIGNMENT);
    if (st)
        return st;
    FILE *f = c.f;
    for (int64_t k = 0; k < a->n_rows; k++) {
        size_t row;
        const sp_points *p = sp_inputs_site_layer(in, a->row_site[k], &row);
        sp_csv_field(f, in->clusters->id[a->row_cluster[k]]);
        fputc(',', f);
        sp_csv_field(f, p->id[row]);
        fprintf(f, ",%.10g,%.4f\n", a->row_workers[k], sp_minutes_shown(a->row_seconds[k]));
    }
    return sp_atomic_close_file(f, c.tmp, c.path);
}
