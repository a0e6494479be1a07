/* Figures: a line chart with a shaded region and a path diagram render to SVG with
 * the expected elements (the text of the labels is drawn by cairo as glyphs, so
 * the chart is checked through its structure). */
#include "ambidex/adx_plot.h"
#include "testutil.h"

int main(void)
{
    adx_init();
    adx_errctx_t e = {0};
    double x[] = {1, 2, 3, 4, 5}, y1[] = {2, 2.5, 3, 3.5, 4}, y2[] = {4, 3.5, 3, 2.5, 2};
    adx_series_t s[2] = {{"W = -1 SD", x, y1, 5, 0, 1, 0}, {"W = +1 SD", x, y2, 5, 1, 0, 0}};
    adx_plot_options_t o;
    adx_plot_options_init(&o);
    o.title = "Interaction";
    o.xlabel = "X";
    o.ylabel = "Y";
    o.shade_lo = 3.5;
    o.shade_label = "significant";
    char *svg = NULL;
    CHECK_OK(adx_plot_lines(s, 2, &o, &svg, &e), e);
    CHECK(svg && strstr(svg, "<svg") && strstr(svg, "</svg>"));
    CHECK(svg && strstr(svg, "stroke-dasharray")); /* the dashed series */
    free(svg);
    double nanv[] = {NAN};
    adx_series_t empty = {"none", nanv, nanv, 1, 0, 0, 0};
    CHECK(adx_plot_lines(&empty, 1, NULL, &svg, &e) == ADX_EEMPTY);

    adx_node_t nodes[] = {{.name = "AMC", .latent = 1}, {.name = "AMBI"}, {.name = "SPEED"}};
    adx_edge_t edges[] = {{.from = 0, .to = 1, .label = "0.42***"},
                          {.from = 1, .to = 2, .label = "0.31**"},
                          {.from = 0, .to = 2, .label = "0.05"}};
    CHECK_OK(adx_plot_path(nodes, 3, edges, 3, "Mediation", &svg, &e), e);
    CHECK(svg && strstr(svg, "<svg") && strstr(svg, ">AMC<") && strstr(svg, ">0.42***<") &&
          strstr(svg, "<ellipse"));
    free(svg);
    adx_edge_t badedge = {.from = 0, .to = 7, .label = "x"};
    CHECK(adx_plot_path(nodes, 3, &badedge, 1, NULL, &svg, &e) == ADX_EUSAGE);
    TEST_DONE();
}
