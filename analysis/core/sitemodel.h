/* sitemodel.h — the names of the siting models, shared by the scenario
 * reader (io/) and the solvers (siting/), so neither depends on the other.
 *
 * Pure functions on constant tables; safe from any thread.
 */
#ifndef SP_SITEMODEL_H
#define SP_SITEMODEL_H

typedef enum {
    SP_SITING_MCLP = 0,
    SP_SITING_TARGET,
    SP_SITING_PMEDIAN,
    SP_SITING_PCENTER
} sp_siting_model;

/* "mclp", "target", "pmedian", "pcenter"; "?" for anything else. */
const char *sp_siting_model_name(sp_siting_model model);

/* Parse "mclp", "target", "pmedian", "pcenter" ("lscp" = target); -1 if
 * unknown. */
int sp_siting_model_parse(const char *name);

#endif
