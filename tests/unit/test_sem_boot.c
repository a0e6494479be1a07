/* Bootstrap leftovers of issue 13 items 3 and 8 against lavaan 0.6.14 (make_boot.R): the
 * bootstrap of a FIML fit, the Bollen-Stine p with a mean structure, the bootstrap of an
 * ordinal (WLSMV) fit, and MLM with a mean structure.
 *
 * Bootstrap SEs come from other random numbers than lavaan's, so they agree only within
 * Monte Carlo error. The criterion: |SE_ambidex - SE_lavaan| < 4 sqrt(m_a^2 + m_l^2),
 * m the Monte Carlo SD of an SE estimate from B replicates, sqrt((m4 - s^4) / (4 s^2 B))
 * (m4 the fourth central moment of the replicates: delta method for sqrt of a variance),
 * m_l from lavaan's replicates (boot_se.csv), m_a from ours. */
#include "semref.h"

static double worst_z, worst_fit;

static void release(adx_dataset_t *a, adx_dataset_t *b, char *text)
{
    adx_dataset_free(a);
    adx_dataset_free(b);
    free(text);
}

/* The reference file at path (make_boot.R): required, a missing file fails the test. */
static adx_dataset_t *load_if_present(const char *path)
{
    adx_dataset_t *d = load(path);
    CHECK(d != NULL);
    return d;
}

/* Monte Carlo SD of the bootstrap SE of column r of the B x np replicates rep (the usable
 * ones). */
static double mc_sd_of(const double *rep, size_t B, size_t np, size_t r)
{
    size_t k = 0;
    double m = 0, m2 = 0, m4 = 0;
    for (size_t b = 0; b < B; b++)
        if (!isnan(rep[b * np + r])) {
            m += rep[b * np + r];
            k++;
        }
    m /= (double)k;
    for (size_t b = 0; b < B; b++)
        if (!isnan(rep[b * np + r])) {
            double d = (rep[b * np + r] - m) * (rep[b * np + r] - m);
            m2 += d;
            m4 += d * d;
        }
    m2 /= (double)k;
    m4 /= (double)k;
    return sqrt((m4 - m2 * m2) / (4.0 * m2 * (double)k));
}

/* Monte Carlo SD of the bootstrap SE of row r from the usable replicates of s. */
static double mc_sd(const adx_sem_t *s, size_t r)
{
    return mc_sd_of(s->boot, s->boot_requested, s->nparams, r);
}

/* The thresholds of an ordinal s against lavaan's "|" rows of `model` in ref, as
 * cmp_boot_se. Returns the thresholds matched. */
static size_t cmp_boot_th(const adx_sem_t *s, const adx_dataset_t *ref, const char *model)
{
    const adx_sem_ordinal_t *o = s->ordinal;
    size_t matched = 0;
    for (size_t k = 0; o->th_boot && k < o->nth; k++) {
        const adx_sem_param_t *pr = &o->th_boot[k];
        char lab[32];
        snprintf(lab, sizeof lab, "t%d", o->th_k[k]);
        for (size_t i = 0; i < ref->nrows; i++) {
            if (strcmp(sval(ref, "model", i), model) || strcmp(o->th_var[k], sval(ref, "lhs", i)) ||
                strcmp(sval(ref, "op", i), "|") || strcmp(lab, sval(ref, "rhs", i)))
                continue;
            double ml = nval(ref, "se_mcsd", i);
            double ma = mc_sd_of(o->boot_th, s->boot_requested, o->nth, k);
            double z = fabs(pr->boot_se - nval(ref, "se", i)) / sqrt(ml * ml + ma * ma);
            CHECK(z < 4);
            CHECK(pr->boot_lower < pr->est && pr->est < pr->boot_upper);
            printf("  %s %s | %s: boot se %.4f, lavaan %.4f (%.2f MC SDs)\n", model, o->th_var[k],
                   lab, pr->boot_se, nval(ref, "se", i), z);
            worst_z = z > worst_z ? z : worst_z;
            matched++;
        }
    }
    return matched;
}

/* Every free row of s with a row of `model` in ref (boot_se.csv): the bootstrap SE
 * within 4 combined Monte Carlo SDs of lavaan's. Returns the rows matched. */
static size_t cmp_boot_se(const adx_sem_t *s, const adx_dataset_t *ref, const char *model)
{
    size_t matched = 0;
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        if (!pr->free)
            continue;
        for (size_t i = 0; i < ref->nrows; i++) {
            if (strcmp(sval(ref, "model", i), model) || strcmp(pr->lhs, sval(ref, "lhs", i)) ||
                strcmp(pr->rhs, sval(ref, "rhs", i)) ||
                strcmp(adx_sem_op_name(pr->op), sval(ref, "op", i)))
                continue;
            double ml = nval(ref, "se_mcsd", i), ma = mc_sd(s, r);
            double z = fabs(pr->boot_se - nval(ref, "se", i)) / sqrt(ml * ml + ma * ma);
            if (!(z < 4))
                fprintf(stderr, "  %s %s %s %s: boot se %g, lavaan %g (%.2f MC SDs)\n", model,
                        pr->lhs, adx_sem_op_name(pr->op), pr->rhs, pr->boot_se,
                        nval(ref, "se", i), z);
            CHECK(z < 4);
            printf("  %s %s %s %s: boot se %.4f, lavaan %.4f (%.2f MC SDs)\n", model, pr->lhs,
                   adx_sem_op_name(pr->op), pr->rhs, pr->boot_se, nval(ref, "se", i), z);
            worst_z = z > worst_z ? z : worst_z;
            matched++;
        }
    }
    return matched;
}

/* Two fits of text to ds under o, at 1 (*a) and 2 (*b) threads (NULL on failure). */
static void fit_pair(const char *text, adx_sem_options_t *o, const adx_dataset_t *ds,
                     adx_sem_t **a, adx_sem_t **b)
{
    *a = *b = NULL;
    if (!text || !ds)
        return;
    o->threads = 1;
    *a = fit_text(text, o, ds);
    o->threads = 2;
    *b = fit_text(text, o, ds);
}

/* The FIML bootstrap of the HS CFA on hs_missing.csv: estimates untouched (exactly the
 * FIML estimates), the replicates byte for byte the same at 1 and 2 threads, SEs as
 * lavaan's se = "bootstrap" within Monte Carlo error (1000 replicates each). */
static void check_fiml_boot(const adx_dataset_t *ref)
{
    char *text = slurp(REF "hs3.lav");
    adx_dataset_t *ds = load(REF "hs_missing.csv");
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.fiml = 1;
    adx_sem_t *a, *b;
    fit_pair(text, &o, ds, &a, &b);
    adx_errctx_t e = {0};
    if (a && b) {
        size_t np = a->nparams;
        double *est = malloc(np * sizeof *est);
        for (size_t r = 0; est && r < np; r++)
            est[r] = a->params[r].est;
        CHECK_OK(adx_sem_bootstrap(a, 60, 5, &e), e);
        CHECK_OK(adx_sem_bootstrap(b, 60, 5, &e), e);
        CHECK(a->boot && b->boot && memcmp(a->boot, b->boot, 60 * np * sizeof(double)) == 0);
        CHECK(a->boot_used == b->boot_used && a->boot_used >= 55);
        for (size_t r = 0; est && r < np; r++)
            CHECK(memcmp(&est[r], &a->params[r].est, sizeof(double)) == 0);
        if (ref)
            CHECK_OK(adx_sem_bootstrap(b, 1000, 2026, &e), e);
        CHECK(!ref || b->boot_used >= 990);
        size_t m = b->boot && ref ? cmp_boot_se(b, ref, "hsm_fiml") : b->npar;
        printf("FIML bootstrap: %zu of %zu replicates, %zu SEs compared\n", b->boot_used,
               b->boot_requested, ref ? m : 0);
        CHECK(m == b->npar);
        free(est);
    }
    adx_sem_free(a);
    adx_sem_free(b);
    release(ds, NULL, text);
}

/* lavaan's value of measure `name` for `model` (NaN if absent). */
static double fit_value(const adx_dataset_t *fm, const char *model, const char *name)
{
    for (size_t i = 0; i < fm->nrows; i++)
        if (!strcmp(sval(fm, "model", i), model) && !strcmp(sval(fm, "name", i), name))
            return nval(fm, "value", i);
    return NAN;
}

/* MLM (Satorra-Bentler) with a mean structure (meanstructure = TRUE): estimates, robust
 * SEs and the scaled and robust fit measures to 1e-6 of lavaan (deterministic). */
static void check_mlm_means(void)
{
    static const char *const cases[][3] = {{"hs3_mlm_ms", REF "hs.csv", REF "hs3.lav"},
                                           {"pd_mlm_ms", REF "pd.csv", REF "pd.lav"}};
    adx_dataset_t *fm = load(REF "mlm_means_fit.csv"), *pe = load(REF "mlm_means_params.csv");
    double we = 0, ws = 0;
    for (size_t k = 0; fm && pe && k < 2; k++) {
        char *text = slurp(cases[k][2]);
        adx_dataset_t *ds = load(cases[k][1]);
        adx_sem_options_t o;
        adx_sem_options_init(&o);
        o.robust = ADX_SEM_MLM;
        o.meanstructure = 1;
        adx_sem_t *s = text && ds ? fit_text(text, &o, ds) : NULL;
        if (s) {
            const adx_sem_fit_t *f = &s->fit;
            ref_params(s, pe, cases[k][0], 1e-6, 1e-6, &we, &ws);
            struct {
                const char *name;
                double v;
            } fit[] = {
                {"chisq", f->chisq}, {"df", f->df}, {"npar", f->npar},
                {"chisq.scaled", f->chisq_scaled}, {"cfi.robust", f->cfi_robust},
                {"chisq.scaling.factor", f->chisq_scaling_factor},
                {"tli.robust", f->tli_robust}, {"rmsea.robust", f->rmsea_robust},
                {"baseline.chisq.scaled", f->baseline_chisq_scaled},
                {"cfi.scaled", f->cfi_scaled}, {"tli.scaled", f->tli_scaled},
                {"baseline.chisq.scaling.factor", f->baseline_chisq_scaling_factor},
                {"rmsea.scaled", f->rmsea_scaled}};
            for (size_t j = 0; j < sizeof fit / sizeof fit[0]; j++) {
                double want = fit_value(fm, cases[k][0], fit[j].name);
                CHECK(!isnan(want));
                ref_cmp(fit[j].v, want, 1e-6, &worst_fit, fit[j].name, cases[k][0]);
            }
        }
        adx_sem_free(s);
        release(ds, NULL, text);
    }
    worst_fit = fmax(worst_fit, fmax(we, ws));
    release(fm, pe, NULL);
}

/* Bollen-Stine p with a mean structure (meanstructure = TRUE; the transformed data carry
 * the implied means): the same at 1 and 2 threads; within 4 Monte Carlo SDs of lavaan's
 * p, sqrt(pbar (1 - pbar) (1/B + 1/B_lavaan)) with pbar the mean of the two (at least
 * 1/B). */
static void check_bs_means(void)
{
    static const char *const cases[][3] = {{"pd_means", REF "pd.csv", REF "pd.lav"},
                                           {"hs3_means", REF "hs.csv", REF "hs3.lav"}};
    adx_dataset_t *ref = load_if_present(REF "bs_means.csv");
    for (size_t k = 0; k < 2; k++) {
        char *text = slurp(cases[k][2]);
        adx_dataset_t *ds = load(cases[k][1]);
        double p1 = NAN;
        for (int threads = 1; text && ds && threads <= 2; threads++) {
            adx_sem_options_t o;
            adx_sem_options_init(&o);
            o.meanstructure = 1;
            o.threads = threads;
            adx_sem_t *s = fit_text(text, &o, ds);
            adx_errctx_t e = {0};
            if (s)
                CHECK_OK(adx_sem_bollen_stine(s, 1000, 17, &e), e);
            if (s && threads == 1 && !ref) {
                p1 = s->fit.bollen_stine_pvalue;
                printf("Bollen-Stine %s: p %.4f\n", cases[k][0], p1);
                CHECK(p1 >= 0 && p1 <= 1 && s->fit.bollen_stine_used >= 990);
            } else if (s && threads == 1) {
                p1 = s->fit.bollen_stine_pvalue;
                double pl = nval(ref, "boot_pvalue", k), pb = 0.5 * (p1 + pl);
                double sd = sqrt(fmax(pb * (1 - pb), 1e-3) *
                                 (1.0 / 1000 + 1.0 / nval(ref, "boot_length", k)));
                printf("Bollen-Stine %s: p %.4f, lavaan %.4f (%.2f MC SDs); chi2 %.4f, "
                       "lavaan %.4f\n",
                       cases[k][0], p1, pl, fabs(p1 - pl) / sd, s->fit.chisq,
                       nval(ref, "chisq", k));
                CHECK(!strcmp(sval(ref, "model", k), cases[k][0]));
                CHECK(fabs(p1 - pl) < 4 * sd && s->fit.bollen_stine_used >= 990);
                ref_cmp(s->fit.chisq, nval(ref, "chisq", k), 1e-6, &worst_fit, "chisq",
                        cases[k][0]);
            } else if (s) {
                CHECK(p1 == s->fit.bollen_stine_pvalue);
            }
            adx_sem_free(s);
        }
        release(ds, NULL, text);
    }
    adx_dataset_free(ref);
}

/* The bootstrap of the WLSMV fit of bfi A2-A5 (thresholds, polychorics and DWLS refitted
 * per resample): the replicates the same at 1 and 2 threads, SEs of the estimates and of
 * the 20 thresholds within Monte Carlo error of lavaan's se = "bootstrap". */
static void check_ord_boot(const adx_dataset_t *ref)
{
    adx_dataset_t *ds = load(ADX_SOURCE_DIR "/tests/reference/data/bfi.csv");
    const char *text = "A =~ A2 + A3 + A4 + A5\n";
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.ordered = 1;
    adx_sem_t *a, *b;
    fit_pair(text, &o, ds, &a, &b);
    adx_errctx_t e = {0};
    if (a && b) {
        size_t np = a->nparams;
        CHECK_OK(adx_sem_bootstrap(a, 40, 5, &e), e);
        CHECK_OK(adx_sem_bootstrap(b, 40, 5, &e), e);
        CHECK(a->boot && b->boot && memcmp(a->boot, b->boot, 40 * np * sizeof(double)) == 0);
        CHECK(a->ordinal->boot_th && b->ordinal->boot_th &&
              memcmp(a->ordinal->boot_th, b->ordinal->boot_th, 40 * 20 * sizeof(double)) == 0);
        if (ref)
            CHECK_OK(adx_sem_bootstrap(b, 500, 2027, &e), e);
        CHECK(b->boot_used >= (ref ? 495u : 38u));
        size_t m = b->boot && ref ? cmp_boot_se(b, ref, "bfi_ord") : b->npar;
        printf("ordinal bootstrap: %zu of %zu replicates, %zu SEs compared\n", b->boot_used,
               b->boot_requested, ref ? m : 0);
        CHECK(m == b->npar);
        size_t mt = b->boot && ref ? cmp_boot_th(b, ref, "bfi_ord") : 20;
        printf("ordinal bootstrap: %zu thresholds compared\n", mt);
        CHECK(mt == 20 && b->ordinal->nth == 20);
        for (size_t r = 0; r < np; r++) /* BCa from the jackknife of the ordinal refits */
            CHECK(!b->params[r].free || (b->params[r].boot_bca_lower < b->params[r].est &&
                                         b->params[r].est < b->params[r].boot_bca_upper));
    }
    adx_sem_free(a);
    adx_sem_free(b);
    adx_dataset_free(ds);
}

int main(void)
{
    adx_init();
    (void)ref_fiml_fit;
    check_mlm_means();
    adx_dataset_t *ref = load_if_present(REF "boot_fiml.csv");
    check_fiml_boot(ref);
    adx_dataset_free(ref);
    check_bs_means();
    ref = load_if_present(REF "boot_ord.csv");
    check_ord_boot(ref);
    printf("worst bootstrap SE difference %.2f Monte Carlo SDs; worst fit rel diff %.3g\n",
           worst_z, worst_fit);
    adx_dataset_free(ref);
    TEST_DONE();
}
