/* SEM bootstrap BCa: the jackknife acceleration of every free parameter of the
 * Holzinger-Swineford CFA against lavaan refitted on the 301 leave-one-out samples
 * (tests/reference/sem/make_jackknife.R; lavaan 0.6.14, Gauss-Newton optimizer),
 * and the BCa limits recomputed from ambidex's own replicates with Efron's formula. */
#include <gsl/gsl_cdf.h>

#include "ambidex/adx_sem.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/sem/"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double q7(const double *x, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    return lo + 1 >= n ? x[n - 1] : x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

int main(void)
{
    adx_init();
    adx_errctx_t e = {0};
    adx_dataset_t *ds = NULL, *ref = NULL;
    adx_sem_syntax_t *syn = NULL;
    adx_sem_t *s = NULL;
    CHECK_OK(adx_read_csv(REF "hs.csv", NULL, &ds, &e), e);
    CHECK_OK(adx_read_csv(REF "hs3_jack_accel.csv", NULL, &ref, &e), e);
    const char *model = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n";
    CHECK_OK(adx_sem_parse(model, "hs3", &syn, &e), e);
    if (!ds || !ref || !syn)
        goto done;
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    CHECK_OK(adx_sem_build(syn, &o, &s, &e), e);
    if (!s)
        goto done;
    CHECK_OK(adx_sem_fit_dataset(s, ds, &e), e);
    const size_t B = 200;
    CHECK_OK(adx_sem_bootstrap(s, B, 11, &e), e);
    double maxd = 0;
    size_t matched = 0;
    for (size_t r = 0; r < ref->nrows; r++) {
        for (size_t i = 0; i < s->nparams; i++) {
            const adx_sem_param_t *p = &s->params[i];
            if (strcmp(p->lhs, ref->vars[0].str[r]) || strcmp(adx_sem_op_name(p->op), ref->vars[1].str[r]) ||
                strcmp(p->rhs, ref->vars[2].str[r]))
                continue;
            matched++;
            double d = fabs(p->boot_accel - ref->vars[3].num[r]);
            maxd = d > maxd ? d : maxd;
            /* lavaan's leave-one-out fits converge to ~1e-6 of the estimates; the
             * differences d_i are ~1e-3, so a agrees to ~1e-5 (a ~ 0.01). */
            CHECK_CLOSE(p->boot_accel, ref->vars[3].num[r], 1e-5);
            /* BCa limits from the replicates (all converged here). */
            double *col = malloc(B * sizeof *col);
            size_t k = 0, below = 0;
            for (size_t b = 0; b < B; b++)
                if (!isnan(s->boot[b * s->nparams + i]))
                    col[k++] = s->boot[b * s->nparams + i];
            for (size_t b = 0; b < k; b++)
                below += col[b] < p->est;
            qsort(col, k, sizeof *col, cmp);
            double z0 = gsl_cdf_ugaussian_Pinv((double)below / (double)k), a = p->boot_accel;
            double zl = z0 + gsl_cdf_ugaussian_Pinv(0.025), zu = z0 - gsl_cdf_ugaussian_Pinv(0.025);
            CHECK_CLOSE(p->boot_bca_lower, q7(col, k, gsl_cdf_ugaussian_P(z0 + zl / (1 - a * zl))), 1e-12);
            CHECK_CLOSE(p->boot_bca_upper, q7(col, k, gsl_cdf_ugaussian_P(z0 + zu / (1 - a * zu))), 1e-12);
            CHECK(p->boot_bca_lower < p->est && p->est < p->boot_bca_upper);
            free(col);
        }
    }
    CHECK(matched == ref->nrows && matched == 21);
    printf("jackknife acceleration vs lavaan: %zu parameters, max abs difference %.3g\n", matched, maxd);
done:
    adx_sem_free(s);
    adx_sem_syntax_free(syn);
    adx_dataset_free(ds);
    adx_dataset_free(ref);
    TEST_DONE();
}
