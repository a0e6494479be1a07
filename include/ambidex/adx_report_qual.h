/* Report builders for qualitative projects (src/report/build_qual.c). JSON keys:
 * docs/qual.md. */
#ifndef ADX_REPORT_QUAL_H
#define ADX_REPORT_QUAL_H

#include "ambidex/adx_qual.h"
#include "ambidex/adx_report.h"

#ifdef __cplusplus
extern "C" {
#endif

adx_error_t adx_report_qcheck(const adx_qproject_t *p, adx_report_t **out, adx_errctx_t *ctx);
adx_error_t adx_report_qfreq(const adx_qproject_t *p, const adx_qfreq_t *f,
                             adx_report_t **out, adx_errctx_t *ctx);
adx_error_t adx_report_qmatrix(const adx_qproject_t *p, const adx_qmatrix_t *m, int presence,
                               adx_report_t **out, adx_errctx_t *ctx);
adx_error_t adx_report_qcooc(const adx_qproject_t *p, const adx_qcooc_t *c,
                             adx_report_t **out, adx_errctx_t *ctx);
/* Figures (src/report/build_qfig.c). The case x code heatmap of m (a figure only): */
adx_error_t adx_report_qheatmap(const adx_qproject_t *p, const adx_qmatrix_t *m,
                                adx_report_t **out, adx_errctx_t *ctx);
/* The code hierarchy with the counts of f (f over every node, level ALL): */
adx_error_t adx_report_qhierarchy(const adx_qproject_t *p, const adx_qfreq_t *f,
                                  adx_report_t **out, adx_errctx_t *ctx);
/* The framework matrix: cases x codes, cells of coded text or summaries. */
adx_error_t adx_report_qframework(const adx_qproject_t *p, const adx_qframework_t *f,
                                  adx_report_t **out, adx_errctx_t *ctx);
/* The memos of the project (about, target, author, memo); no table when none. */
adx_error_t adx_report_qmemos(const adx_qproject_t *p, adx_report_t **out, adx_errctx_t *ctx);
adx_error_t adx_report_qcross(const adx_qproject_t *p, const adx_qcross_t *x,
                              adx_report_t **out, adx_errctx_t *ctx);
/* Quotes for one node (with roll-up), grouped by case, with the case attributes
 * named in attrs (NULL = all attributes; unknown names are ADX_ENOVAR). */
adx_error_t adx_report_qquotes(const adx_qproject_t *p, const adx_qsel_t *s, size_t code,
                               const char *const *attrs, size_t nattrs, adx_report_t **out,
                               adx_errctx_t *ctx);
/* The case attribute table with descriptive statistics. */
adx_error_t adx_report_qcases(const adx_qproject_t *p, adx_report_t **out, adx_errctx_t *ctx);
adx_error_t adx_report_qagree(const adx_qproject_t *p, const adx_qagree_t *a,
                              adx_report_t **out, adx_errctx_t *ctx);

/* What qual merge did, for adx_report_qmerge. */
#define ADX_QMERGE_REPORT_MAX 32
typedef struct {
    const char *file;              /* the reconciliation file */
    int applied;                   /* 1: --apply wrote the consensus */
    size_t nsegs;                  /* consensus segments written */
    const adx_qagree_t *agree[ADX_QMERGE_REPORT_MAX]; /* agreement before (first) and after */
    const char *labels[ADX_QMERGE_REPORT_MAX];
    size_t nagree;
} adx_qmerge_report_t;
adx_error_t adx_report_qmerge(const adx_qproject_t *p, const adx_qmerge_t *m,
                              const adx_qmerge_report_t *r, adx_report_t **out,
                              adx_errctx_t *ctx);

/* Results of a text search or coding query (title = the query), with the case
 * attributes named in attrs (NULL = all). */
adx_error_t adx_report_qhits(const adx_qproject_t *p, const adx_qhits_t *h, const char *title,
                             const char *const *attrs, size_t nattrs, adx_report_t **out,
                             adx_errctx_t *ctx);
adx_error_t adx_report_qwords(const adx_qproject_t *p, const adx_qwords_t *w, const char *lang,
                              adx_report_t **out, adx_errctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif
