/* report_capacity.h — the "Capacity" page of report.pdf (report_capacity.c),
 * only for a folder whose summary.json has "capacity": the method, the
 * three-way split of the workers (served / covered but over capacity / not
 * covered) as a bar and a table with summary.json's numbers and
 * percentages, and the sites by utilisation (full first).  Called by
 * report.c only, in both passes of the flow.  Threads: as the flow. */
#ifndef SP_REPORT_CAPACITY_H
#define SP_REPORT_CAPACITY_H

#include "render_data.h"
#include "report_flow.h"

/* Lay out (and with f->cr draw) the section from a fresh page on; leaves
 * the page open.  Nothing when d has no "capacity". */
void sp__report_capacity(flow *f, const sp_results *d);

#endif
