/* results_sites.c — sites.csv: per existing site, the workers it reaches,
 * those assigned to it and those only it covers (siteshare.h). */
#include <math.h>

#include "output.h"
#include "results_private.h"

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
        fprintf(f, ",%s,%d,%.10g,%d,%.10g,%d,%.10g,%d,,,\n", sp_inputs_site_kind(in, s),
                sp_snap_ok(&in->site_snap[s]), sh->workers_reached, sh->clusters_reached,
                sh->workers_assigned, sh->clusters_assigned, sh->workers_only, sh->clusters_only);
    }
    return sp_atomic_close_file(f, c.tmp, c.path);
}
