/* ambidex: the whole public API in one include.
 *
 * The headers point down the layers: core and data at the bottom; the analyses
 * (stats, measure, regress, mediate, sem, sim, qual) on them; the report model
 * and its per-family builders (adx_report_*.h) above the analyses; study files
 * on top. Include a single header to depend on less.
 */
#ifndef AMBIDEX_H
#define AMBIDEX_H

#include "ambidex/adx_core.h"
#include "ambidex/adx_linalg.h"
#include "ambidex/adx_rng.h"
#include "ambidex/adx_data.h"

#include "ambidex/adx_stats.h"
#include "ambidex/adx_measure.h"
#include "ambidex/adx_regress.h"
#include "ambidex/adx_mediate.h"
#include "ambidex/adx_sem.h"
#include "ambidex/adx_sim.h"
#include "ambidex/adx_qual.h"
#include "ambidex/adx_power.h"
#include "ambidex/adx_survey.h"
#include "ambidex/adx_pls.h"

#include "ambidex/adx_plot.h"
#include "ambidex/adx_report.h"
#include "ambidex/adx_report_stats.h"
#include "ambidex/adx_report_measure.h"
#include "ambidex/adx_report_regress.h"
#include "ambidex/adx_report_mediate.h"
#include "ambidex/adx_report_sem.h"
#include "ambidex/adx_report_models.h"
#include "ambidex/adx_report_power.h"
#include "ambidex/adx_report_qual.h"

#include "ambidex/adx_study.h"
#include "ambidex/adx_sem_cmv.h"
#include "ambidex/adx_report_cmv.h"

#endif
