/* progress.c — the progress line shared by the commands; see progress.h. */
#include <stdio.h>

#include "progress.h"

int sp_cli_progress(double f, const char *msg, void *arg)
{
    int *last = arg;
    (void)msg;
    int now = (int)(f * 40 + 1e-9); /* 2.5% steps, a digit every 10% */
    if (now > 40)
        now = 40;
    while (*last < now) {
        (*last)++;
        if (*last % 4 == 0)
            fprintf(stderr, "%d", *last / 4 * 10);
        else
            fputc('.', stderr);
        if (*last == 40)
            fputs(" - done.\n", stderr);
    }
    fflush(stderr);
    return 1;
}

int sp_stage_progress(double f, const char *msg, void *arg)
{
    sp_stage *s = arg;
    return s->fn ? s->fn(s->lo + f * (s->hi - s->lo), msg, s->arg) : 1;
}
