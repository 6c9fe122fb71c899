/* scenario_internal.h — between scenario.c and the [changes] parser
 * (changes.c); not for other modules. */
#ifndef SP_SCENARIO_INTERNAL_H
#define SP_SCENARIO_INTERNAL_H

#include "scenario.h"

/* Apply one [changes] key (as sp_options_set does for the other sections):
 * a key already given is replaced in place, a new one is appended, an empty
 * value removes the key's change.  Errors
 * (SP_E_INPUT) name origin, the key and the value. */
sp_status sp__changes_set(sp_options *o, const char *base_dir, const char *key,
                          const char *value, const char *origin);

/* Cross-key rules of [changes] (add_sites.* without add_sites, x without y). */
sp_status sp__changes_validate(const sp_options *o, const char *origin);

/* Free o's changes (o->changes, o->n_changes = 0). */
void sp__changes_free(sp_options *o);

#endif
