/* sitemodel.c — siting model names; see sitemodel.h. */
#include "sitemodel.h"

#include <string.h>

const char *sp_siting_model_name(sp_siting_model model)
{
    switch (model) {
    case SP_SITING_MCLP: return "mclp";
    case SP_SITING_TARGET: return "target";
    case SP_SITING_PMEDIAN: return "pmedian";
    case SP_SITING_PCENTER: return "pcenter";
    }
    return "?";
}

int sp_siting_model_parse(const char *name)
{
    if (!name)
        return -1;
    if (!strcmp(name, "mclp"))
        return SP_SITING_MCLP;
    if (!strcmp(name, "target") || !strcmp(name, "lscp"))
        return SP_SITING_TARGET;
    if (!strcmp(name, "pmedian") || !strcmp(name, "p-median"))
        return SP_SITING_PMEDIAN;
    if (!strcmp(name, "pcenter") || !strcmp(name, "p-center"))
        return SP_SITING_PCENTER;
    return -1;
}
