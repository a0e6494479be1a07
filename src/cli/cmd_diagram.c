/* `ambidex diagram MODEL -o FIG.svg|png|pdf`: the conceptual path diagram of a model in
 * lavaan syntax, drawn from the model alone (before any data). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_plot.h"
#include "ambidex/adx_report_sem.h"
#include "ambidex/adx_sem.h"
#include "cli.h"

enum { DG_VIEW, DG_NOPTS };
static const cli_choice_t views[] = {{"auto", ADX_DIAGRAM_AUTO}, {"full", ADX_DIAGRAM_FULL},
                                     {"structural", ADX_DIAGRAM_STRUCTURAL}, {NULL, 0}};
static const cli_opt_t dg_opts[] = {
    [DG_VIEW] = {"view", CLI_CHOICE, "full (every indicator), structural (latent variables "
                                     "with their item counts, structural paths); default: full "
                                     "up to 12 indicators (a CFA: 30)",
                 .choices = views, .what = "full, structural or auto"},
    [DG_NOPTS] = {NULL, 0, NULL}};

static int run_diagram(cli_t *c)
{
    if (c->npos != 1)
        return cli_usage_error(c, "give one MODEL file (lavaan syntax)");
    const char *path = c->pos[0];
    adx_sem_syntax_t *syn = NULL;
    char *svg = NULL, *text = cli_read_text(c, path, "model file");
    adx_error_t rc = text ? ADX_OK : c->err.code;
    if (!rc)
        rc = adx_sem_parse(text, path, &syn, &c->err);
    if (!rc)
        rc = adx_sem_diagram_svg(syn, (adx_diagram_view_t)cli_choice(c, DG_VIEW, ADX_DIAGRAM_AUTO),
                                 &svg, &c->err);
    if (!rc && c->out)
        rc = adx_figure_write(svg, c->out, &c->err);
    else if (!rc)
        fputs(svg, stdout);
    int code = rc ? cli_fail(c, rc) : 0;
    if (!rc && c->out)
        fprintf(stderr, "ambidex: diagram written to %s\n", c->out);
    adx_sem_syntax_free(syn);
    free(text);
    free(svg);
    return code;
}

const cli_cmd_t cli_cmd_diagram = {
    "diagram", "diagram MODEL_FILE [-o FIGURE.svg|png|pdf] [--view full|structural]",
    "conceptual path diagram of a model (lavaan syntax), before any data: SVG, PNG or PDF",
    CLI_OPTS(dg_opts), .run = run_diagram, .data_out = 1};
