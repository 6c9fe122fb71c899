/* map_layout.c — the map page's geometry: page sizes, the frame and panel,
 * world to page coordinates, the scale bar (see map_layout.h). */
#include "map_layout.h"

#include <glib.h>
#include <math.h>
#include <string.h>


int sp_page_size(const char *name, double *w, double *h)
{
    /* ISO 216 in millimetres, landscape. */
    double wm, hm;
    if (name && !g_ascii_strcasecmp(name, "A4")) {
        wm = 297;
        hm = 210;
    } else if (name && !g_ascii_strcasecmp(name, "A3")) {
        wm = 420;
        hm = 297;
    } else {
        return 0;
    }
    *w = wm / 25.4 * 72;
    *h = hm / 25.4 * 72;
    return 1;
}

void sp_map_layout_compute(const double ext[4], double page_w, double page_h, sp_map_layout *L)
{
    memset(L, 0, sizeof *L);
    L->page_w = page_w;
    L->page_h = page_h;
    L->fx = SP_MAP_MARGIN;
    L->fy = SP_MAP_MARGIN + SP_MAP_HEADER_H;
    L->fw = page_w - 2 * SP_MAP_MARGIN - SP_MAP_PANEL_W - SP_MAP_PANEL_GAP;
    L->fh = page_h - L->fy - SP_MAP_MARGIN;
    L->px = L->fx + L->fw + SP_MAP_PANEL_GAP;
    L->py = L->fy;
    L->pw = SP_MAP_PANEL_W;
    L->ph = L->fh;
    double ew = fmax(ext[2] - ext[0], 1.0), eh = fmax(ext[3] - ext[1], 1.0);
    L->scale = fmin(L->fw / ew, L->fh / eh);
    L->cx = (ext[0] + ext[2]) / 2;
    L->cy = (ext[1] + ext[3]) / 2;
    /* 1 m on the ground is scale points = scale * 0.0254 / 72 m on paper. */
    L->denominator = 72.0 / (0.0254 * L->scale);
}

void sp_map_world_to_page(const sp_map_layout *L, double x, double y, double *px, double *py)
{
    *px = L->fx + L->fw / 2 + (x - L->cx) * L->scale;
    *py = L->fy + L->fh / 2 - (y - L->cy) * L->scale;
}

void sp_map_world_to_px(const sp_map_layout *L, double dpi, double x, double y, double *px,
                        double *py)
{
    sp_map_world_to_page(L, x, y, px, py);
    *px *= dpi / 72.0;
    *py *= dpi / 72.0;
}

double sp_nice_floor(double v)
{
    if (!(v > 0))
        return 0;
    double p = pow(10, floor(log10(v)));
    /* guard against log10 rounding just below a power of ten */
    if (p * 10 <= v * (1 + 1e-12))
        p *= 10;
    double m = v / p;
    double f = m >= 5 - 1e-9 ? 5 : m >= 2 - 1e-9 ? 2 : 1;
    return f * p;
}

void sp_scalebar_choose(const sp_map_layout *L, sp_lang lang, sp_scalebar *sb)
{
    memset(sb, 0, sizeof *sb);
    double width_m = L->fw / L->scale;
    sb->length_m = sp_nice_floor(width_m / 4);
    double lead = sb->length_m / pow(10, floor(log10(sb->length_m) + 1e-9));
    sb->segments = lead > 4 ? 5 : 4;
    sb->w = sb->length_m * L->scale;
    sb->h = 4.0;
    sb->x = L->fx + 16;
    sb->y = L->fy + L->fh - 10 - sb->h;
    sp_fmt_dist(lang, sb->length_m, sb->label, sizeof sb->label);
}
