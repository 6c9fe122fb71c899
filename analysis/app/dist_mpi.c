/* dist_mpi.c — dist.h over MPI_COMM_WORLD; see dist_mpi.h. */
#include "dist_mpi.h"

#ifdef SP_MPI
#include <limits.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* After a failure has been agreed: every later call returns it. */
static int failed;
static sp_status failed_st;
static char failed_msg[2048];

/* Wait for a nonblocking collective, sleeping between tests: a rank that
 * waits (e.g. while rank 0 draws) leaves the core to the others instead of
 * spinning in MPI's busy poll.  At most 2 ms late.  Only for the small
 * exchanges that meet the ranks (agree, the lengths): a nonblocking
 * collective progresses only inside MPI calls, so a large one waited for
 * this way crawls (a 27 MB reduce took 9.5 s instead of 0.02 s).  The data
 * itself moves by blocking calls, after an agree has brought every rank
 * there. */
static void wait_req(MPI_Request *req)
{
    long ns = 20000;
    for (;;) {
        int done = 0;
        MPI_Test(req, &done, MPI_STATUS_IGNORE);
        if (done)
            return;
        struct timespec ts = {0, ns};
        nanosleep(&ts, NULL);
        if (ns < 2000000)
            ns *= 2;
    }
}

static sp_status failure(void)
{
    sp_error_clear();
    return sp_error(failed_st, "%s", failed_msg);
}

static sp_status mpi_agree(const sp_dist *d, sp_status st)
{
    if (failed)
        return failure();
    int mine = (int)st;
    int *all = malloc(sizeof *all * (size_t)d->size);
    if (!all) {
        fprintf(stderr, "siteplan: rank %d: out of memory\n", d->rank);
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    MPI_Request req;
    MPI_Iallgather(&mine, 1, MPI_INT, all, 1, MPI_INT, MPI_COMM_WORLD, &req);
    wait_req(&req);
    int first = -1;
    for (int r = 0; r < d->size && first < 0; r++)
        if (all[r] != SP_OK)
            first = r;
    if (first < 0) {
        free(all);
        return SP_OK;
    }
    failed_st = (sp_status)all[first];
    free(all);
    if (d->rank == first) {
        const char *m = sp_error_message();
        /* a failure of rank 0 reads as in one process; others are named */
        if (first == 0)
            snprintf(failed_msg, sizeof failed_msg, "%s", *m ? m : sp_status_str(failed_st));
        else
            snprintf(failed_msg, sizeof failed_msg, "rank %d: %s", first,
                     *m ? m : sp_status_str(failed_st));
    }
    MPI_Ibcast(failed_msg, (int)sizeof failed_msg, MPI_CHAR, first, MPI_COMM_WORLD, &req);
    wait_req(&req);
    failed_msg[sizeof failed_msg - 1] = 0;
    failed = 1;
    return failure();
}

/* Every rank's bytes, to every rank (to_root 0) or to rank 0 only. */
static sp_status collect(const sp_dist *d, const void *buf, size_t len, void **out,
                         size_t *out_len, size_t **lens, int to_root)
{
    sp_status st = mpi_agree(d, SP_OK);
    if (st)
        return st;
    int n = d->size;
    int64_t mine = (int64_t)len;
    int64_t *all = malloc(sizeof *all * (size_t)n);
    int *cnt = malloc(sizeof *cnt * (size_t)n), *disp = malloc(sizeof *disp * (size_t)n);
    if (!all || !cnt || !disp) {
        fprintf(stderr, "siteplan: rank %d: out of memory\n", d->rank);
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    MPI_Request req;
    MPI_Iallgather(&mine, 1, MPI_INT64_T, all, 1, MPI_INT64_T, MPI_COMM_WORLD, &req);
    wait_req(&req);
    int64_t total = 0;
    for (int r = 0; r < n; r++)
        total += all[r];
    int receives = !to_root || d->rank == 0;
    unsigned char *o = receives ? malloc(total ? (size_t)total : 1) : NULL;
    size_t *l = lens && receives ? malloc(sizeof *l * (size_t)n) : NULL;
    st = mpi_agree(d, receives && (!o || (lens && !l)) ? sp_error(SP_E_NOMEM, "out of memory")
                                                       : SP_OK);
    if (st) {
        free(o);
        free(l);
        free(all);
        free(cnt);
        free(disp);
        return st;
    }
    if (total <= INT_MAX) { /* one allgatherv or gatherv */
        int64_t at = 0;
        for (int r = 0; r < n; r++) {
            cnt[r] = (int)all[r];
            disp[r] = (int)at;
            at += all[r];
        }
        if (to_root)
            MPI_Gatherv(buf, (int)len, MPI_BYTE, o, cnt, disp, MPI_BYTE, 0, MPI_COMM_WORLD);
        else
            MPI_Allgatherv(buf, (int)len, MPI_BYTE, o, cnt, disp, MPI_BYTE, MPI_COMM_WORLD);
    } else if (to_root) { /* more than 2 GiB: each rank's part in turn, in chunks */
        int64_t at = 0;
        for (int r = 0; r < n; r++) {
            if (r == 0 && d->rank == 0 && len)
                memcpy(o, buf, len);
            for (int64_t k = 0; r > 0 && k < all[r]; k += 1 << 30) {
                int64_t m = all[r] - k < (1 << 30) ? all[r] - k : (1 << 30);
                if (d->rank == 0)
                    MPI_Recv(o + at + k, (int)m, MPI_BYTE, r, 0, MPI_COMM_WORLD,
                             MPI_STATUS_IGNORE);
                else if (d->rank == r)
                    MPI_Send((const unsigned char *)buf + k, (int)m, MPI_BYTE, 0, 0,
                             MPI_COMM_WORLD);
            }
            at += all[r];
        }
    } else {
        int64_t at = 0;
        for (int r = 0; r < n; r++) {
            if (r == d->rank && len)
                memcpy(o + at, buf, len);
            for (int64_t k = 0; k < all[r]; k += 1 << 30) {
                int64_t m = all[r] - k < (1 << 30) ? all[r] - k : (1 << 30);
                MPI_Bcast(o + at + k, (int)m, MPI_BYTE, r, MPI_COMM_WORLD);
            }
            at += all[r];
        }
    }
    if (l)
        for (int r = 0; r < n; r++)
            l[r] = (size_t)all[r];
    free(all);
    free(cnt);
    free(disp);
    *out = o;
    *out_len = o ? (size_t)total : 0;
    if (lens)
        *lens = l;
    return SP_OK;
}

static sp_status mpi_allgather(const sp_dist *d, const void *buf, size_t len, void **out,
                               size_t *out_len, size_t **lens)
{
    return collect(d, buf, len, out, out_len, lens, 0);
}

static sp_status mpi_gather(const sp_dist *d, const void *buf, size_t len, void **out,
                            size_t *out_len, size_t **lens)
{
    return collect(d, buf, len, out, out_len, lens, 1);
}

/* In chunks of 2^22 floats: MPI counts are ints, and a reduce's temporary
 * buffers stay at 16 MiB whatever n is.  Blocking, after the agree (see
 * wait_req). */
static sp_status mpi_min_f32(const sp_dist *d, float *buf, size_t n)
{
    sp_status st = mpi_agree(d, SP_OK);
    if (st)
        return st;
    const size_t chunk = (size_t)1 << 22;
    for (size_t k = 0; k < n; k += chunk) {
        int m = (int)(n - k < chunk ? n - k : chunk);
        if (d->rank == 0)
            MPI_Reduce(MPI_IN_PLACE, buf + k, m, MPI_FLOAT, MPI_MIN, 0, MPI_COMM_WORLD);
        else
            MPI_Reduce(buf + k, NULL, m, MPI_FLOAT, MPI_MIN, 0, MPI_COMM_WORLD);
    }
    return SP_OK;
}

static sp_dist the_dist;

const sp_dist *sp_dist_mpi(void)
{
    MPI_Comm_rank(MPI_COMM_WORLD, &the_dist.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &the_dist.size);
    MPI_Comm node;
    the_dist.local_size = 1;
    if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node) ==
        MPI_SUCCESS) {
        MPI_Comm_size(node, &the_dist.local_size);
        MPI_Comm_free(&node);
    }
    the_dist.agree = mpi_agree;
    the_dist.allgather = mpi_allgather;
    the_dist.gather = mpi_gather;
    the_dist.min_f32 = mpi_min_f32;
    return &the_dist;
}
#endif
