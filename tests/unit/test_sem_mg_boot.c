/* Bootstrap of multi-group fits (adx_sem_mg_bootstrap) against lavaan 0.6.14's
 * se = "bootstrap" with group = (tests/reference/sem/make_mg_boot.R: HS by school, metric
 * model, B = 500): every
 * free row's bootstrap SE within 4 combined Monte Carlo SDs of lavaan's,
 * sqrt(m_l^2 + m_a^2), m_l from lavaan's replicates (se_mcsd) and m_a = m_l
 * sqrt(B_lavaan / B_ambidex) (the same sampling distribution, another B). The estimates
 * equal lavaan's (1e-5), the BCa acceleration the stratified jackknife of lavaan's
 * leave-one-out fits (mg_jack_small_hs120.csv: a one-factor metric model on 60 cases
 * per school), the replicates do not depend on the thread count (complete data and FIML),
 * the intervals bracket the estimates and FIML bootstrap SEs are near the model's. The FIML
 * metric fit of hs_missing.csv (cases with at least one value) against lavaan's FIML
 * replicates (make_boot_jack.R part mgboot, boot_mg_fiml.csv: B = 100, seed 1321; ambidex
 * B = 300), the same Monte Carlo criterion. */
#include "semref.h"

static double worst_z, worst_accel;

/* The metric fit of HS by school (FIML when fiml) with B resamples at `threads` threads. */
static adx_sem_invariance_t *boot_fit(const adx_sem_syntax_t *syn, const adx_dataset_t *hs,
                                      int fiml, size_t B, int threads)
{
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.threads = threads;
    o.fiml = fiml;
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    mo.single = 1;
    mo.group_equal = ADX_SEM_EQ_LOADINGS;
    adx_sem_invariance_t *v = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_sem_multigroup(syn, &o, hs, "school", &mo, &v, &e), e);
    if (v)
        CHECK_OK(adx_sem_mg_bootstrap(syn, &o, hs, "school", &mo, v, B, 11, &e), e);
    return v;
}

/* Every free row's acceleration against the stratified jackknife of lavaan's fits. */
static void check_accel(const adx_sem_invariance_t *v, const adx_dataset_t *jack,
                        const char *model)
{
    size_t matched = 0;
    for (size_t g = 0; g < v->ngroups; g++)
        for (size_t r = 0; r < v->rows[0].nparams[g]; r++) {
            const adx_sem_param_t *p = &v->rows[0].params[g][r];
            long j = ref_row(jack, model, g, p);
            if (!p->free)
                continue;
            CHECK(j >= 0);
            if (j < 0)
                continue;
            double d = fabs(p->boot_accel - nval(jack, "accel", (size_t)j));
            printf("  %s %s %s %s %s: a %.8f, lavaan %.8f\n", model, v->groups[g], p->lhs,
                   adx_sem_op_name(p->op), p->rhs, p->boot_accel, nval(jack, "accel", (size_t)j));
            CHECK(d < 1e-5);
            worst_accel = d > worst_accel ? d : worst_accel;
            matched++;
        }
    CHECK(matched == 18); /* 2 groups x (2 loadings + 3 + 1 variances + 3 intercepts) */
}

/* The Monte Carlo SD of the SD of column k of v's replicates, sqrt((m4 - s^4) / (4 s^2 B))
 * (as mg_boot_table.R does for lavaan's); their range into lo, hi. */
static double own_mcsd(const adx_sem_invariance_t *v, size_t k, double *lo, double *hi)
{
    double s1 = 0, s2 = 0, m4 = 0, n = 0;
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t b = 0; b < v->boot_requested; b++) {
        double x = v->boot[b * v->boot_k + k];
        if (!isnan(x)) {
            s1 += x;
            n++;
            *lo = x < *lo ? x : *lo;
            *hi = x > *hi ? x : *hi;
        }
    }
    s1 /= n;
    for (size_t b = 0; b < v->boot_requested; b++) {
        double x = v->boot[b * v->boot_k + k] - s1;
        if (!isnan(x)) {
            s2 += x * x / n;
            m4 += x * x * x * x / n;
        }
    }
    return sqrt((m4 - s2 * s2) / (4 * s2 * n));
}

/* Every free row's bootstrap SE against lavaan's; own: the Monte Carlo SD of ambidex's SE
 * from its own replicates (else lavaan's scaled to ambidex's B). */
static void compare(const adx_sem_invariance_t *v, const adx_dataset_t *ref,
                    const char *model, size_t B, int own)
{
    size_t matched = 0;
    double worst_est = 0, mz = 0;
    for (size_t g = 0, k0 = 0; g < v->ngroups; k0 += v->rows[0].nparams[g], g++)
        for (size_t r = 0; r < v->rows[0].nparams[g]; r++) {
            const adx_sem_param_t *p = &v->rows[0].params[g][r];
            double lo, hi, mo = own_mcsd(v, k0 + r, &lo, &hi);
            long i = ref_row(ref, model, g, p);
            if (!p->free || i < 0)
                continue;
            CHECK(p->boot_bca_lower < p->est && p->est < p->boot_bca_upper);
            ref_cmp(p->est, nval(ref, "est", (size_t)i), 1e-5, &worst_est, "est", p->rhs);
            double ml = nval(ref, "se_mcsd", (size_t)i);
            double ma = own ? mo : ml * sqrt(nval(ref, "B", (size_t)i) / (double)v->boot_used);
            double z = fabs(p->boot_se - nval(ref, "se", (size_t)i)) / sqrt(ml * ml + ma * ma);
            printf("  %s %s %s %s %s: boot se %.4f (MC SD %.4f, range %.3f %.3f), lavaan %.4f "
                   "(MC SD %.4f): %.2f MC SDs, a %.6f\n",
                   model, v->groups[g], p->lhs, adx_sem_op_name(p->op), p->rhs, p->boot_se, mo,
                   lo, hi, nval(ref, "se", (size_t)i), ml, z, p->boot_accel);
            CHECK(z < 4);
            CHECK(p->boot_lower <= p->est && p->est <= p->boot_upper);
            worst_z = z > worst_z ? z : worst_z;
            mz = z > mz ? z : mz;
            matched++;
        }
    CHECK(matched >= 60); /* 2 groups x (6 loadings + 9 + 3 + 3 variances/covariances + 9
                           * intercepts), the loadings shared */
    CHECK(v->boot_requested == B && v->boot_used >= B * 9 / 10);
    printf("%s: %zu rows, worst %.2f Monte Carlo SDs, estimates %.3g, %zu of %zu used\n", model,
           matched, mz, worst_est, v->boot_used, B);
}

/* The same seed at 1 and 2 threads: the same bootstrap SEs and limits, bit for bit; the
 * accelerations against lavaan's (jack, model). */
static void check_threads(const adx_sem_syntax_t *syn, const adx_dataset_t *hs, int fiml,
                          size_t B, const adx_dataset_t *jack, const char *model)
{
    adx_sem_invariance_t *a = boot_fit(syn, hs, fiml, B, 1), *b = boot_fit(syn, hs, fiml, B, 2);
    if (a && jack)
        check_accel(a, jack, model);
    for (size_t g = 0; a && fiml && g < a->ngroups; g++) /* FIML: boot SE near the model's */
        for (size_t r = 0; r < a->rows[0].nparams[g]; r++) {
            const adx_sem_param_t *p = &a->rows[0].params[g][r];
            CHECK(!p->free || (p->boot_se > 0.5 * p->se && p->boot_se < 2 * p->se));
            CHECK(!p->free || (p->boot_lower <= p->est && p->est <= p->boot_upper));
        }
    for (size_t g = 0; a && b && g < a->ngroups; g++)
        for (size_t r = 0; r < a->rows[0].nparams[g]; r++) {
            const adx_sem_param_t *p = &a->rows[0].params[g][r], *q = &b->rows[0].params[g][r];
            CHECK(memcmp(&p->boot_se, &q->boot_se, sizeof p->boot_se) == 0 &&
                  memcmp(&p->boot_bc_lower, &q->boot_bc_lower, sizeof p->boot_se) == 0 &&
                  memcmp(&p->boot_bca_upper, &q->boot_bca_upper, sizeof p->boot_se) == 0 &&
                  memcmp(&p->boot_accel, &q->boot_accel, sizeof p->boot_se) == 0);
        }
    CHECK(a && b && a->boot_used == b->boot_used);
    adx_sem_invariance_free(a);
    adx_sem_invariance_free(b);
}

int main(void)
{
    adx_init();
    adx_dataset_t *hs = load(REF "hs.csv"), *ref = load(REF "boot_mg.csv");
    adx_dataset_t *h120 = load(REF "hs_mg120.csv"), *hm120 = load(REF "hsm_mg120.csv");
    adx_dataset_t *j1 = load(REF "mg_jack_small_hs120.csv");
    adx_dataset_t *j2 = load(REF "mg_jack_small_hsm120.csv");
    adx_dataset_t *hsm = load(REF "hs_missing.csv"), *fref = load(REF "boot_mg_fiml.csv");
    char *text = slurp(REF "hs3.lav");
    adx_sem_syntax_t *syn = NULL, *syn1 = NULL;
    adx_errctx_t e = {0};
    CHECK(hs && ref && h120 && hm120 && j1 && j2 && text && hsm && fref);
    if (text)
        CHECK_OK(adx_sem_parse(text, "hs3.lav", &syn, &e), e);
    CHECK_OK(adx_sem_parse("visual =~ x1 + x2 + x3\n", "visual", &syn1, &e), e);
    if (syn && syn1 && hs && ref && h120 && hm120 && j1 && j2 && hsm && fref) {
        adx_sem_invariance_t *v = boot_fit(syn, hs, 0, 1000, 0);
        if (v)
            compare(v, ref, "hs_metric", 1000, 0);
        adx_sem_invariance_free(v);
        check_threads(syn1, h120, 0, 40, j1, "hs120");
        /* FIML, cases with their holes (without case 73 the groups' own estimates, one a
         * Heywood case, are no start of the metric fit: positive variances are) */
        check_threads(syn1, hm120, 1, 40, j2, "hsm120");
        /* FIML on all of hs_missing.csv against lavaan's FIML replicates (boot_mg_fiml.csv,
         * make_boot_jack.R part mgboot: B = 100) */
        adx_sem_invariance_t *f = boot_fit(syn, hsm, 1, 300, 0);
        if (f)
            compare(f, fref, "hsm_metric", 300, 1);
        adx_sem_invariance_free(f);
    }
    printf("multi-group bootstrap SEs vs lavaan: worst %.2f Monte Carlo SDs; jackknife "
           "acceleration: max abs difference %.3g\n", worst_z, worst_accel);
    adx_sem_syntax_free(syn);
    adx_sem_syntax_free(syn1);
    free(text);
    adx_dataset_free(hs);
    adx_dataset_free(ref);
    adx_dataset_free(h120);
    adx_dataset_free(hm120);
    adx_dataset_free(j1);
    adx_dataset_free(j2);
    adx_dataset_free(hsm);
    adx_dataset_free(fref);
    TEST_DONE();
}
