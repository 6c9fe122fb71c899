/* mobilenet.c — see mobilenet.h. */
#include "mobilenet.h"

#include <stdio.h>

void sp_mobilenet_options(const sp_options *o, sp_options *copy)
{
    *copy = *o;
    copy->mode = o->mobile_drive_mode;
    copy->snap = SP_SNAP_EDGE;
    if (o->mobile_drive_mode != o->mode)
        copy->profile = NULL; /* the drive mode's built-in table */
}

sp_status sp_mobilenet_add(sp_network *net, const sp_options *o)
{
    if (!o->mobile_on)
        return SP_OK;
    sp_options d;
    sp_mobilenet_options(o, &d);
    sp_status st = sp_network_add(net, &d, NULL, NULL);
    if (st) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", sp_error_message());
        sp_error_clear();
        return sp_error(st, "%s: [mobile] drive_mode = %s: %s",
                        o->source_path ? o->source_path : "scenario",
                        sp_mode_name(o->mobile_drive_mode), msg);
    }
    return SP_OK;
}
