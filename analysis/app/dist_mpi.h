/* dist_mpi.h — the MPI implementation of dist.h, compiled only into
 * siteplan-mpi (make mpi defines SP_MPI; in the normal build this module is
 * empty and the analysis library links no MPI).
 *
 * main calls MPI_Init_thread (MPI_THREAD_FUNNELED: the search threads never
 * call MPI), then sp_dist_mpi() once, and MPI_Finalize at the end.  The
 * dist is over MPI_COMM_WORLD; its failed state (dist.h) is process-wide.
 */
#ifndef SP_DIST_MPI_H
#define SP_DIST_MPI_H

#include "dist.h"

#ifdef SP_MPI
/* The process's dist (static; after MPI_Init). */
const sp_dist *sp_dist_mpi(void);
#endif

#endif
