/* libambidex_mpi.so: the MPI calls of `power mediate` and `power sem` (src/cli/
 * cmd_power_mc.c), built as a module linked against MPI that the CLI loads with dlopen
 * only when it was started by mpirun or srun, so that no other run maps Open MPI (about
 * a third of the CLI's start-up time; issue 13). Private: never installed.
 *
 * The module exports one symbol, `adx__mpi_table`. Built only when CMake finds MPI
 * (ADX_HAVE_MPI is then defined for cmd_power_mc.c). */
#ifndef ADX_MPI_MODULE_H
#define ADX_MPI_MODULE_H

#include <stddef.h>

/* File name of the module; the CLI looks for it in $ADX_MPI_PATH (the file, or the
 * folder holding it) or else beside its own executable. */
#define ADX_MPI_FILE "libambidex_mpi.so"

#ifndef ADX_MPI_ABI
#define ADX_MPI_ABI "adx-mpi-1"
#endif

typedef struct {
    size_t size;     /* sizeof(adx__mpi_table_t) */
    const char *abi; /* ADX_MPI_ABI */
    /* MPI_Init, then this process's rank and the number of processes; 0 on success. */
    int (*init)(int *rank, int *nranks);
    /* An adx_power_gather_t: every process's block of records to every process (ctx
     * points to the int number of processes). */
    int (*gather)(void *ctx, unsigned char *recs, size_t rec_bytes, size_t reps);
    void (*finalize)(void);
} adx__mpi_table_t;

/* Where a module is: $ENV (a file, or a folder holding FILE), else beside the running
 * executable (/proc/self/exe); in ext_stubs.c, shared by both modules. */
void adx__ext_locate(const char *env, const char *file, char *path, size_t n);

#endif
