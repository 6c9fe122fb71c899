/* costs.h — a travel-cost layer over a topology: seconds per link and
 * direction, and what they imply (per-edge seconds for the searches, the
 * strongly connected components).
 *
 * A speed change or a closed road is a NEW cost layer over the SAME
 * topology: nothing is read again and the topology is not copied.
 *
 * Rules of sp_costs_build() (README.md, "Road network" and "Travel times"):
 *   - A link's time in an allowed direction is length / (km/h / 3.6), with
 *     km/h the profile's for the link's class; for car, a tagged maxspeed
 *     replaces it unless use_maxspeed is 0; a per-class speed override
 *     replaces both (it is the scenario's explicit word).
 *   - A closed road is not allowed in either direction (INFINITY), nor is a
 *     direction the topology does not allow (against a oneway).
 *   - Per CSR edge the time is kept as a float (what the searches add up);
 *     a not-allowed edge holds INFINITY, which a search never relaxes.
 *   - Strongly connected components over the allowed (finite) edges;
 *     component 0 is the largest (ties broken by the lowest node id it
 *     contains), then by decreasing size (ties likewise), so the numbering
 *     is deterministic.
 *
 * The one rule for time on a link (reach.h, catchment.c, search.c):
 * sp_link_time() and its inverse sp_link_frac() below.
 *
 * Ownership: sp_costs_build()/sp_costs_from_times() hand over a new
 * sp_costs (sp_costs_free, NULL safe).  It BORROWS the topology (c->topo),
 * which must outlive it; the roads and profile are only read while building.
 * Errors: SP_E_INPUT (an override naming a class the profile does not have,
 * or a closed road out of range), SP_E_NOMEM, SP_E_INTERNAL (inconsistent
 * times or a topology of another mode).
 * Threads: a built cost layer is immutable and may be shared by any number
 * of threads; several layers may share one topology.
 */
#ifndef SP_COSTS_H
#define SP_COSTS_H

#include <stddef.h>
#include <stdint.h>

#include "profile.h"
#include "roads.h"
#include "status.h"
#include "topology.h"

typedef struct {
    const char *klass;  /* road class value, e.g. "residential" */
    double kmh;         /* > 0 */
} sp_class_speed;

/* What makes a cost layer differ from the profile's plain speeds.  Arrays
 * are borrowed for the call.  All zero = the profile's speeds, no maxspeed. */
typedef struct {
    int use_maxspeed;              /* car: a tagged maxspeed replaces the class speed */
    const int32_t *closed_roads;   /* indices into sp_roads: closed both ways */
    size_t n_closed;
    const sp_class_speed *speeds;  /* per-class speed overrides */
    size_t n_speeds;
} sp_cost_options;

typedef struct sp_costs {
    const sp_topo *topo;     /* borrowed: the topology the layer is over */
    double *fwd_s, *bwd_s;   /* per link: seconds from->to, to->from; INFINITY = not allowed */
    float *out_s;            /* per forward CSR edge (topo->out_*) */
    float *in_s;             /* per reverse CSR edge (topo->in_*) */
    int32_t n_allowed;       /* edges with a finite time (summary.json "edges") */
    int32_t n_components;
    int32_t *component;      /* per node: component id, 0 = largest */
    int32_t *component_size; /* per component */
    long maxspeed_ways;      /* usable roads whose speed came from maxspeed */
    long closed_links;       /* links of closed roads */
} sp_costs;

/* The cost layer of `topo` (built from `roads` for prof->mode) with the
 * profile's speeds and the options (NULL = none).  A link whose time would
 * leave float range (a speed near 0) is SP_E_INPUT naming the road.  OUT:
 * *out (sp_costs_free). */
sp_status sp_costs_build(const sp_topo *topo, const sp_roads *roads, const sp_profile *prof,
                         const sp_cost_options *opt, sp_costs **out);

/* A cost layer from explicit per-link seconds (n_links each; INFINITY =
 * not allowed; a direction the topology does not allow must be INFINITY,
 * an allowed one INFINITY or finite in 0..FLT_MAX).  OUT: *out. */
sp_status sp_costs_from_times(const sp_topo *topo, const double *fwd_s, const double *bwd_s,
                              sp_costs **out);

void sp_costs_free(sp_costs *c);

/* Memory held by the layer, in bytes. */
size_t sp_costs_bytes(const sp_costs *c);

/* The one rule for time on a link: travelling the fraction `frac` (0..1,
 * measured along the polyline) of a link whose whole length takes link_s
 * seconds in that direction takes frac * link_s seconds.  A whole link
 * (frac = 1) takes exactly link_s. */
static inline double sp_link_time(double link_s, double frac)
{
    return frac * link_s;
}

/* Its inverse: the fraction of such a link travelled in dt seconds (link_s
 * finite and > 0). */
static inline double sp_link_frac(double link_s, double dt)
{
    return dt / link_s;
}

#endif
