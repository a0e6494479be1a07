/* The Fornell-Larcker table of a CFA in the published layout (seed 003's Table 3): the
 * constructs' means and SDs, their latent correlations with stars below the diagonal and
 * the square root of the AVE on it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_report_sem.h"
#include "builder.h"

/* p of the covariance between latents a and b (either order), or NaN. */
static double cov_p(const adx_sem_t *s, const char *a, const char *b)
{
    for (size_t i = 0; i < s->nparams; i++) {
        const adx_sem_param_t *p = &s->params[i];
        if (p->op == ADX_SEM_COV && p->free &&
            ((!strcmp(p->lhs, a) && !strcmp(p->rhs, b)) ||
             (!strcmp(p->lhs, b) && !strcmp(p->rhs, a))))
            return p->pvalue;
    }
    return NAN;
}

/* Means and SDs (n - 1) of the unit-weighted scale scores (item means) of each
 * construct, over the cases with every item of the model's constructs; NaN without
 * data. Returns 0 when memory ran out. */
static int scale_moments(const adx_sem_t *s, const adx_dataset_t *ds, double *m, double *sd)
{
    const adx_sem_validity_t *v = s->validity;
    for (size_t a = 0; a < v->k; a++)
        m[a] = sd[a] = NAN;
    if (!ds)
        return 1;
    double *sum = calloc(2 * v->k + 1, sizeof *sum), *sq = sum + v->k;
    double *score = calloc(v->k + 1, sizeof *score);
    int ok = sum && score;
    size_t n = 0;
    for (size_t i = 0; ok && i < ds->nrows; i++) {
        int complete = 1;
        for (size_t a = 0; complete && a < v->k; a++) {
            double t = 0;
            size_t c = 0;
            for (size_t q = 0; complete && q < s->nparams; q++) {
                const adx_sem_param_t *p = &s->params[q];
                if (p->op != ADX_SEM_MEASURE || strcmp(p->lhs, v->constructs[a].name))
                    continue;
                long j = adx_dataset_find(ds, p->rhs);
                double x = j >= 0 && ds->vars[j].num ? ds->vars[j].num[i] : NAN;
                complete = !isnan(x);
                t += x;
                c++;
            }
            score[a] = c ? t / (double)c : NAN;
            complete = complete && c;
        }
        if (!complete)
            continue;
        n++;
        for (size_t a = 0; a < v->k; a++) {
            sum[a] += score[a];
            sq[a] += score[a] * score[a];
        }
    }
    for (size_t a = 0; ok && n > 1 && a < v->k; a++) {
        m[a] = sum[a] / (double)n;
        sd[a] = sqrt(fmax(0, (sq[a] - (double)n * m[a] * m[a]) / (double)(n - 1)));
    }
    free(sum);
    free(score);
    return ok;
}

void adx__sem_fl_table(adx__tb_t *b, const adx_sem_t *s, const adx_dataset_t *ds, cJSON *vj)
{
    const adx_sem_validity_t *v = s->validity;
    size_t k = v->k, off = ds ? 3 : 1, ncols = off + k;
    const char **cols = adx__tb_check(b, calloc(ncols, sizeof *cols));
    char(*num)[24] = adx__tb_check(b, calloc(k + 1, sizeof *num));
    double *m = adx__tb_check(b, calloc(2 * k + 1, sizeof *m)), *sd = m ? m + k : NULL;
    if (!cols || !num || !m || !scale_moments(s, ds, m, sd)) {
        b->oom = 1;
        ADX__FREE(cols, num, m);
        return;
    }
    cols[0] = "Variable";
    cols[1] = "M";
    cols[2] = "SD";
    for (size_t a = 0; a < k; a++) {
        snprintf(num[a], sizeof num[a], "%zu", a + 1);
        cols[off + a] = num[a];
    }
    if (ds) {
        adx__jadd(b, vj, "scale_mean", adx__jdoubles(m, k));
        adx__jadd(b, vj, "scale_sd", adx__jdoubles(sd, k));
    }
    adx__tb_table(b, "Descriptive statistics and interconstruct correlations", ncols, cols);
    for (size_t a = 0; a < k; a++) {
        size_t row = adx__tb_row(b);
        char label[512];
        snprintf(label, sizeof label, "%zu. %s", a + 1, v->constructs[a].name);
        adx__tb_text(b, row, 0, label);
        if (ds) {
            adx__tb_num(b, row, 1, m[a], ADX_NUM_FIXED, 2);
            adx__tb_num(b, row, 2, sd[a], ADX_NUM_FIXED, 2);
        }
        for (size_t c = 0; c < a; c++) {
            double p = cov_p(s, v->constructs[a].name, v->constructs[c].name);
            adx__tb_numsfx(b, row, off + c, v->latent_cor[a * k + c], ADX_NUM_FIXED, 2,
                           isnan(p) ? NULL : adx_stars(p));
        }
        adx__tb_num(b, row, off + a, v->constructs[a].sqrt_ave, ADX_NUM_FIXED, 2);
    }
    adx__tb_note(b, "N = %zu. The square roots of the average variance extracted (AVE) are on "
                    "the diagonal; below it, the latent correlations of the CFA (stars from the "
                    "test of the covariance). %s Discriminant validity (Fornell-Larcker "
                    "criterion) holds when the diagonal exceeds the correlations in its row "
                    "and column (Fornell & Larcker, 1981).",
                 s->n, ds ? "M and SD: unit-weighted scale scores (item means)." : "");
    adx__tb_note(b, "\xE2\x80\xA0 p < .10. * p < .05. ** p < .01. *** p < .001.");
    ADX__FREE(cols, num, m);
}
