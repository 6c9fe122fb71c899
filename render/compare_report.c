/* compare_report.c — compare_report.pdf (see compare_report.h).  Laid out
 * twice like report.pdf: a counting pass, then the drawing pass. */
#include "compare_report.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare_text.h"
#include "report_flow.h"

static char *num(sp_lang L, double v)
{
    char b[64];
    return g_strdup(sp_fmt_int(L, v, b, sizeof b));
}

/* "name (id)", or the id. */
static char *site_label(const sp_results *d, const char *id)
{
    if (!id)
        return g_strdup("–");
    for (int i = 0; i < d->n_sites; i++)
        if (d->sites[i].id && !strcmp(d->sites[i].id, id))
            return d->sites[i].name ? g_strdup_printf("%s (%s)", d->sites[i].name, id) : g_strdup(id);
    return g_strdup(id);
}

static char *cluster_label(const sp_rchange *r)
{
    return r->name ? g_strdup_printf("%s (%s)", r->name, r->id) : g_strdup(r->id);
}

static void section_table(flow *f, const sp_creport *r)
{
    sp_lang L = f->lang;
    const sp_rcompare *c = r->c;
    const column cols[8] = {
        {sp_ctr(L, MC_R_COL_SCENARIO), 0.34, AL_L}, {sp_ctr(L, MC_R_COL_MODE), 0.1, AL_L},
        {sp_ctr(L, MC_R_COL_MINUTES), 0.07, AL_R}, {sp_ctr(L, MC_R_COL_SITES), 0.07, AL_R},
        {sp_ctr(L, MC_R_COL_COVERED), 0.12, AL_R}, {sp_ctr(L, MC_R_COL_PERCENT), 0.08, AL_R},
        {sp_ctr(L, MC_R_COL_GAINED), 0.11, AL_R}, {sp_ctr(L, MC_R_COL_LOST), 0.11, AL_R},
    };
    GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
    for (int k = 0; k < c->n; k++) {
        const sp_rcomparison *x = &c->rows[k];
        char b[64];
        g_ptr_array_add(cells, g_strdup_printf("%d. %s%s", k + 1, x->name ? x->name : x->scenario,
                                               k ? "" : sp_ctr(L, MC_R_BASELINE)));
        g_ptr_array_add(cells, g_strdup(sp_tr_mode(L, x->mode)));
        g_ptr_array_add(cells, g_strdup(sp_fmt_num(L, x->minutes, fabs(x->minutes - round(x->minutes)) < 1e-9 ? 0 : 1, b, sizeof b)));
        g_ptr_array_add(cells, g_strdup_printf("%d", x->sites));
        g_ptr_array_add(cells, num(L, x->workers_covered));
        g_ptr_array_add(cells, g_strdup(sp_fmt_pct(L, x->percent_covered, 2, b, sizeof b)));
        g_ptr_array_add(cells, k ? num(L, x->workers_gained) : g_strdup("–"));
        g_ptr_array_add(cells, k ? num(L, x->workers_lost) : g_strdup("–"));
    }
    sp__flow_bookmark(f, sp_ctr(L, MC_R_TABLE));
    sp__flow_table(f, sp_ctr(L, MC_R_TABLE), cols, 8, (char **)cells->pdata, c->n);
    g_ptr_array_free(cells, TRUE);
}

typedef struct {
    const sp_rchange *r;
} pick;

static int cmp_pick(const void *a, const void *b)
{
    const sp_rchange *x = ((const pick *)a)->r, *y = ((const pick *)b)->r;
    if (x->workers != y->workers)
        return x->workers > y->workers ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* The clusters gained (gained = 1) or lost against the baseline in
 * scenario k, most workers first. */
static void section_top(flow *f, const sp_creport *rp, int k, int gained)
{
    sp_lang L = f->lang;
    const sp_rcompare *c = rp->c;
    pick *p = g_new0(pick, c->n_changes ? c->n_changes : 1);
    int n = 0;
    for (int i = 0; i < c->n_changes; i++) {
        const sp_rchange *r = &c->changes[i];
        int was = r->covered[0] == 1, is = r->covered[k] == 1;
        if (gained ? is && !was : was && !is)
            p[n++].r = r;
    }
    qsort(p, (size_t)n, sizeof *p, cmp_pick);
    const char *title = sp_ctr(L, gained ? MC_R_TOP_GAINED : MC_R_TOP_LOST);
    if (n == 0) {
        if (f->y + sp__flow_heading_h(f, title) + 30 > sp__flow_bottom(f))
            sp__flow_new_page(f);
        sp__flow_heading(f, title);
        sp__flow_paragraph(f, sp_ctr(L, gained ? MC_R_NONE_GAINED : MC_R_NONE_LOST), BODY, 0, 10);
        g_free(p);
        return;
    }
    const column cols[4] = {
        {sp_ctr(L, MC_R_COL_CLUSTER), 0.34, AL_L}, {sp_ctr(L, MC_R_COL_WORKERS), 0.12, AL_R},
        {sp_ctr(L, gained ? MC_R_COL_SITE_HERE : MC_R_COL_SITE_BASE), 0.42, AL_L},
        {sp_ctr(L, MC_R_COL_MIN), 0.12, AL_R},
    };
    int shown = n < SP_CREPORT_TOP ? n : SP_CREPORT_TOP;
    int col = gained ? k : 0;
    const sp_results *sd = rp->res[col];
    GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < shown; i++) {
        const sp_rchange *r = p[i].r;
        char b[64];
        g_ptr_array_add(cells, cluster_label(r));
        g_ptr_array_add(cells, num(L, r->workers));
        g_ptr_array_add(cells, site_label(sd, r->nearest[col]));
        g_ptr_array_add(cells, g_strdup(sp_fmt_num(L, r->minutes[col], 1, b, sizeof b)));
    }
    sp__flow_table(f, title, cols, 4, (char **)cells->pdata, shown);
    g_ptr_array_free(cells, TRUE);
    if (n > shown) {
        char m[16];
        snprintf(m, sizeof m, "%d", n - shown);
        char *s = sp_ctrf(L, MC_R_MORE, m);
        sp__flow_paragraph(f, s, BODY, SP_TXT_ITALIC, 6);
        g_free(s);
    }
    f->y += 8;
    g_free(p);
}

static void section_sites(flow *f, const sp_creport *rp, int k)
{
    sp_lang L = f->lang;
    const sp_cmap *m = rp->maps[k];
    const char *title = sp_ctr(L, MC_R_SITES);
    int n = sp_cmap_n_site_changes(m);
    if (n == 0) {
        if (f->y + sp__flow_heading_h(f, title) + 30 > sp__flow_bottom(f))
            sp__flow_new_page(f);
        sp__flow_heading(f, title);
        sp__flow_paragraph(f, sp_ctr(L, MC_R_NO_SITE_CHANGES), BODY, 0, 10);
        return;
    }
    const column cols[3] = {
        {sp_ctr(L, MC_R_COL_CHANGE), 0.2, AL_L}, {sp_ctr(L, MC_R_COL_SITE), 0.6, AL_L},
        {sp_ctr(L, MC_R_COL_SITE_WORKERS), 0.2, AL_R},
    };
    GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < n; i++) {
        const sp_csite_change *x = sp_cmap_site_change(m, i);
        char b[64];
        if (x->kind == SP_CS_MOVED)
            g_ptr_array_add(cells, sp_ctrf(L, MC_R_MOVED, sp_fmt_dist(L, round(x->moved_m), b, sizeof b)));
        else
            g_ptr_array_add(cells, g_strdup(sp_ctr(L, x->kind == SP_CS_ADDED ? MC_R_ADDED : MC_R_CLOSED)));
        g_ptr_array_add(cells, x->site->name ? g_strdup_printf("%s (%s)", x->site->name, x->site->id)
                                             : g_strdup(x->site->id));
        g_ptr_array_add(cells, num(L, x->site->workers));
    }
    sp__flow_table(f, title, cols, 3, (char **)cells->pdata, n);
    g_ptr_array_free(cells, TRUE);
}

static void run_flow(flow *f, const sp_creport *r)
{
    sp_lang L = f->lang;
    sp__flow_begin_page(f);
    sp__flow_bookmark(f, sp_ctr(L, MC_R_TITLE));
    sp__flow_paragraph(f, r->title, 17, SP_TXT_BOLD, 6);
    sp__flow_paragraph(f, sp_ctr(L, MC_R_EXPLAIN), BODY, 0, 12);
    section_table(f, r);
    sp__flow_end_page(f, 1);
    for (int k = 1; k < r->c->n; k++) {
        char kk[16];
        snprintf(kk, sizeof kk, "%d", k + 1);
        sp__flow_begin_page(f);
        char *bm = sp_ctrf(L, MC_R_MAP, kk);
        if (f->cr) {
            char link[32];
            snprintf(link, sizeof link, "page=%d", f->page);
            cairo_pdf_surface_add_outline(f->surface, CAIRO_PDF_OUTLINE_ROOT, bm, link, 0);
            sp_cmap_draw(r->maps[k], f->cr, f->t);
        }
        g_free(bm);
        sp__flow_end_page(f, 0);
        sp__flow_begin_page(f);
        const sp_rcomparison *x = &r->c->rows[k];
        char *h = sp_ctrf(L, MC_R_LARGEST, kk, x->name ? x->name : x->scenario);
        sp__flow_bookmark(f, h);
        sp__flow_paragraph(f, h, 13, SP_TXT_BOLD, 8);
        g_free(h);
        section_top(f, r, k, 1);
        section_top(f, r, k, 0);
        section_sites(f, r, k);
        sp__flow_end_page(f, 1);
    }
}

sp_status sp_creport_draw(cairo_surface_t *pdf, const sp_creport *r, sp_text *t, int *pages)
{
    char *base = g_path_get_basename(r->c->dir);
    char *foot = sp_ctrf(sp_text_lang(t), MC_R_FOOTER, base);
    g_free(base);
    flow f = {NULL, NULL, t, sp_text_lang(t), r->page_w, r->page_h, 0, 0, 0, foot};
    run_flow(&f, r);
    int total = f.page;
    sp_status st = SP_OK;
    if (pdf) {
        cairo_t *cr = cairo_create(pdf);
        flow g = {cr, pdf, t, sp_text_lang(t), r->page_w, r->page_h, 0, 0, total, foot};
        run_flow(&g, r);
        cairo_status_t cs = cairo_status(cr);
        cairo_destroy(cr);
        if (g.page != total)
            st = sp_error(SP_E_INTERNAL, "compare_report.pdf: %d pages drawn, %d counted", g.page, total);
        else if (cs != CAIRO_STATUS_SUCCESS)
            st = sp_error(SP_E_RENDER, "compare_report.pdf: %s", cairo_status_to_string(cs));
    }
    g_free(foot);
    *pages = total;
    return st;
}
