/* libambidex_mpi.so (mpi_module.h): the CLI's MPI calls, apart from the CLI so that only
 * a run under mpirun or srun loads Open MPI. */
#include <mpi.h>
#include <stdlib.h>

#include "mpi_module.h"

static int mpi_init(int *rank, int *nranks)
{
    if (MPI_Init(NULL, NULL) != MPI_SUCCESS)
        return 1;
    return MPI_Comm_rank(MPI_COMM_WORLD, rank) != MPI_SUCCESS ||
           MPI_Comm_size(MPI_COMM_WORLD, nranks) != MPI_SUCCESS;
}

/* Every process's block of records to every process. */
static int mpi_gather(void *ctx, unsigned char *recs, size_t rec_bytes, size_t reps)
{
    int size = *(int *)ctx;
    int *cnt = malloc(sizeof *cnt * (size_t)size), *disp = malloc(sizeof *disp * (size_t)size);
    int rc = !cnt || !disp;
    for (int r = 0; !rc && r < size; r++) {
        size_t lo = (size_t)r * reps / (size_t)size, hi = (size_t)(r + 1) * reps / (size_t)size;
        cnt[r] = (int)((hi - lo) * rec_bytes);
        disp[r] = (int)(lo * rec_bytes);
    }
    if (!rc)
        rc = MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_BYTE, recs, cnt, disp, MPI_BYTE,
                            MPI_COMM_WORLD) != MPI_SUCCESS;
    free(cnt);
    free(disp);
    return rc;
}

static void mpi_finalize(void)
{
    MPI_Finalize();
}

__attribute__((visibility("default"))) const adx__mpi_table_t adx__mpi_table = {
    sizeof(adx__mpi_table_t), ADX_MPI_ABI, mpi_init, mpi_gather, mpi_finalize};
