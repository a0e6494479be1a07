/* The options of `ambidex power` (cmd_power.c), shared by its files. */
#ifndef ADX_CLI_POWER_H
#define ADX_CLI_POWER_H

#include "cli.h"

enum { PW_N, PW_TARGET, PW_ALPHA, PW_F2, PW_PREDICTORS, PW_TESTED, PW_NCP, PW_R, PW_D, PW_F,
       PW_GROUPS, PW_W, PW_DF, PW_RMSEA0, PW_RMSEA1,
       /* Monte Carlo (cmd_power_mc.c) */
       PW_MODEL, PW_A, PW_B, PW_CPRIME, PW_D21, PW_W_MAIN, PW_W_EFFECT, PW_STANDARDIZED,
       PW_REPS, PW_SEED, PW_TEST, PW_BOOT, PW_MC_DRAWS, PW_WARP, PW_THREADS, PW_QUIET,
       /* power sem */
       PW_ANALYSIS, PW_LIKERT, PW_MISSING, PW_NOPTS };

extern const cli_opt_t cli_power_opts[];

/* power mediate: the Monte Carlo for mediation models; with check set, only the
 * options are checked. Returns the exit code. */
int cli_power_mediate(cli_t *c, int check);
/* power sem POPULATION: the Monte Carlo for any SEM (check: as above). */
int cli_power_sem(cli_t *c, const char *population, int check);
/* `ambidex run --check`: a parsed power step's values are checked (the models read),
 * no Monte Carlo runs. Returns the exit code (the message in c->err). */
int cli_power_check(cli_t *c);

#endif
