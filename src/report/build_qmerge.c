/* Report builder for the consensus coding (ambidex qual merge). JSON keys:
 * docs/qual.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_report_qual.h"
#include "builder.h"

static const char *rule_names[] = {"union", "intersection", "majority"};

static void merge_summary(adx__tb_t *b, const adx_qproject_t *p, const adx_qmerge_t *m,
                          const adx_qmerge_report_t *r)
{
    static const adx_col_t cols[] = {ADX_COL("Item", NULL), ADX_COL("Value", NULL)};
    size_t kept = 0, dropped = 0;
    for (size_t i = 0; i < m->npieces; i++)
        if (m->piece[i].status == ADX_QPIECE_DISPUTED)
            m->piece[i].keep ? kept++ : dropped++;
    adx__sb_t names = {0};
    for (size_t c = 0; c < m->ncoders; c++)
        adx__sb_printf(&names, "%s%s", c ? ", " : "", p->coders[m->coder[c]]);
    char num[8][32];
    size_t counts[] = {m->ndisputed, m->ncarried, kept, dropped, m->nstale, r->nsegs};
    for (size_t i = 0; i < 6; i++)
        snprintf(num[i], sizeof num[i], "%zu", counts[i]);
    const char *rows[][2] = {{"Coders pooled", names.s ? names.s : ""},
                             {"Consensus coder", m->into},
                             {"Rule for undecided disagreements", rule_names[m->rule]},
                             {"Disagreements (reconciliation file)", num[0]},
                             {"Decided in the file", num[1]},
                             {"Kept", num[2]},
                             {"Dropped", num[3]},
                             {"Stale decisions", num[4]},
                             {"Consensus segments written", num[5]}};
    adx__tb_table_cols(b, r->applied ? "Consensus coding applied" : "Consensus coding: "
                                                                    "reconciliation file",
                       cols, ADX_NELEM(cols));
    for (size_t i = 0; i < ADX_NELEM(rows) - (r->applied ? 0 : 1); i++) {
        size_t row = adx__tb_row(b);
        adx__tb_text(b, row, 0, rows[i][0]);
        adx__tb_text(b, row, 1, rows[i][1]);
    }
    adx__tb_note(b, "Reconciliation file: %s. A disagreement is a stretch of text one pooled "
                    "coder coded with a code and another (who coded the transcript) did not; "
                    "stretches of blanks and punctuation only are left to the rule.", r->file);
    cJSON *root = adx__tb_root(b);
    const char *cn[ADX_QMERGE_REPORT_MAX];
    size_t nc = m->ncoders < ADX_QMERGE_REPORT_MAX ? m->ncoders : ADX_QMERGE_REPORT_MAX;
    for (size_t c = 0; c < nc; c++)
        cn[c] = p->coders[m->coder[c]];
    adx__jadd(b, root, "coders", adx__jstrings(cn, nc));
    adx__jstr(b, root, "into", m->into);
    adx__jstr(b, root, "rule", rule_names[m->rule]);
    adx__jstr(b, root, "file", r->file);
    adx__jbool(b, root, "applied", r->applied);
    const adx_jf_t jf[] = {{"disagreements", (double)m->ndisputed},
                           {"decided", (double)m->ncarried},
                           {"kept", (double)kept},
                           {"dropped", (double)dropped},
                           {"consensus_segments", (double)r->nsegs}};
    adx__jfields(b, root, jf, ADX_NELEM(jf) - (r->applied ? 0 : 1));
    cJSON *st = adx__jarray(b, root, "stale");
    for (size_t i = 0; i < m->nstale; i++)
        adx__jadd(b, st, NULL, cJSON_CreateString(m->stale[i]));
    adx__sb_free(&names);
}

static void merge_agreement(adx__tb_t *b, const adx_qmerge_report_t *r)
{
    static const adx_col_t cols[] = {
        ADX_COL("Comparison", "comparison"), ADX_COL_INT("Units", "units"),
        ADX_COL_PCT("% agreement", "percent_agreement"), ADX_COL("Cohen's kappa", "cohen_kappa"),
        ADX_COL("Fleiss' kappa", "fleiss_kappa"),
        ADX_COL("Krippendorff's alpha", "krippendorff_alpha"),
        ADX_COL("Alpha (document presence)", "document_alpha")};
    if (!r->nagree)
        return;
    adx__tb_table_cols(b, r->applied ? "Agreement before and after pooling"
                                     : "Agreement before pooling", cols, ADX_NELEM(cols));
    cJSON *arr = adx__jarray(b, adx__tb_root(b), "agreement");
    for (size_t i = 0; i < r->nagree; i++) {
        const adx_agree_stats_t *s = &r->agree[i]->overall;
        double v[] = {(double)s->units, 100 * s->percent, s->cohen, s->fleiss, s->alpha,
                      r->agree[i]->doc_overall.alpha};
        cJSON *o = adx__tb_row_values(b, arr, r->labels[i], v);
        adx__jnum(b, o, "percent_agreement", s->percent);
    }
    adx__tb_note(b, "Overall (pooled) agreement on the leaf codes, paragraph units that some "
                    "coder of the comparison coded (as qual agree). Before: the pooled coders "
                    "against each other; after: each coder against the consensus, which "
                    "shows how far the pooled coding moved from each one.");
    adx__tb_note(b, "Blank: undefined (e.g. only one value occurs).");
}

static void merge_stale(adx__tb_t *b, const adx_qmerge_t *m)
{
    static const adx_col_t cols[] = {ADX_COL("Stale decision (no longer matches a "
                                             "disagreement)", NULL)};
    if (!m->nstale)
        return;
    adx__tb_table_cols(b, "Stale decisions", cols, ADX_NELEM(cols));
    for (size_t i = 0; i < m->nstale; i++)
        adx__tb_text(b, adx__tb_row(b), 0, m->stale[i]);
    adx__tb_note(b, "Kept as comments at the end of the reconciliation file; the text, code or "
                    "coders they name changed since they were written.");
}

adx_error_t adx_report_qmerge(const adx_qproject_t *p, const adx_qmerge_t *m,
                              const adx_qmerge_report_t *r, adx_report_t **out,
                              adx_errctx_t *ctx)
{
    adx__tb_t b;
    adx__tb_init(&b);
    merge_summary(&b, p, m, r);
    merge_agreement(&b, r);
    merge_stale(&b, m);
    return adx__tb_done(&b, out, ctx);
}
