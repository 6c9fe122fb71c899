/* compare_text.h — the strings of the difference maps and the report of
 * siteplan compare (compare_map.c, compare_report.c), in English and
 * Chinese; numbers are formatted by i18n.h.  A table of its own, beside
 * i18n.c's, used the same way: positional %N$s string arguments.
 * Threads: static constants, any thread. */
#ifndef SP_COMPARE_TEXT_H
#define SP_COMPARE_TEXT_H

#include "i18n.h"

typedef enum {
    MC_TITLE,            /* 1 scenario name */
    MC_SUBTITLE,         /* 1 k, 2 baseline name, 3 gained, 4 lost, 5 % before, 6 % after */
    MC_CHANGES,          /* 1 the changes */
    MC_NO_CHANGES,       /* 1 minutes, 2 mode, 3 baseline minutes, 4 baseline mode */
    MC_ROADS_NOT_DRAWN,
    MC_SITES_ADDED_N,    /* 1 count */
    MC_LEG_GAINED,       /* 1 clusters, 2 workers */
    MC_LEG_LOST,         /* 1 clusters, 2 workers */
    MC_LEG_BOTH,         /* 1 clusters */
    MC_LEG_NEITHER,      /* 1 clusters */
    MC_LEG_SIZE,
    MC_LEG_STATION,
    MC_LEG_ADDED, MC_LEG_CLOSED, MC_LEG_MOVED,   /* 1 count */
    MC_LEG_BASELINE,     /* 1 baseline name */
    MC_R_TITLE, MC_R_TABLE, MC_R_EXPLAIN,
    MC_R_COL_SCENARIO, MC_R_COL_MODE, MC_R_COL_MINUTES, MC_R_COL_SITES, MC_R_COL_COVERED,
    MC_R_COL_PERCENT, MC_R_COL_GAINED, MC_R_COL_LOST,
    MC_R_BASELINE,
    MC_R_MAP,            /* 1 k */
    MC_R_LARGEST,        /* 1 k, 2 scenario name */
    MC_R_TOP_GAINED, MC_R_TOP_LOST,
    MC_R_COL_CLUSTER, MC_R_COL_WORKERS, MC_R_COL_SITE_HERE, MC_R_COL_SITE_BASE, MC_R_COL_MIN,
    MC_R_NONE_GAINED, MC_R_NONE_LOST,
    MC_R_MORE,           /* 1 count */
    MC_R_SITES, MC_R_COL_CHANGE, MC_R_COL_SITE, MC_R_COL_SITE_WORKERS,
    MC_R_ADDED, MC_R_CLOSED, MC_R_MOVED,   /* MOVED: 1 distance */
    MC_R_NO_SITE_CHANGES,
    MC_R_FOOTER,         /* 1 folder */
    MC_COUNT
} sp_cmsg;

/* The string of a message.  Never NULL. */
const char *sp_ctr(sp_lang lang, sp_cmsg m);
/* The message with its arguments (all strings); g_free the result. */
char *sp_ctrf(sp_lang lang, sp_cmsg m, ...);

#endif
