/* Plot options (adx_plot.h). Apart from plot.c, which needs cairo and Graphviz, so that
 * the CLI can set options up without loading the figure module (src/ext). */
#include <math.h>
#include <string.h>

#include "ambidex/adx_plot.h"

void adx_plot_options_init(adx_plot_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->shade_lo = o->shade_hi = NAN;
    o->hline = NAN;
    o->width = 480;
    o->height = 320;
}
