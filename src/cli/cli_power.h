/* The options of `ambidex power` (cmd_power.c), shared by its files. */
#ifndef ADX_CLI_POWER_H
#define ADX_CLI_POWER_H

#include "cli.h"

enum { PW_N, PW_TARGET, PW_ALPHA, PW_F2, PW_PREDICTORS, PW_TESTED, PW_NCP, PW_R, PW_D, PW_F,
       PW_GROUPS, PW_W, PW_DF, PW_RMSEA0, PW_RMSEA1, PW_NOPTS };

extern const cli_opt_t cli_power_opts[];

#endif
