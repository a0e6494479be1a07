/* Modification indices of multi-group fits against lavaan 0.6.14's modindices()
 * (tests/reference/sem/make_mg_mi.R): the HS CFA by school, configural, metric and scalar;
 * every group's MI, EPC, sepc.lv and sepc.all, the same candidates as lavaan's. Then FIML
 * (make_mg_fiml_mi.R, missing = "ml"): HS with MCAR holes by school, configural and
 * metric. */
#include "semref.h"

static double worst_mi, worst_epc;

static void check_model(const adx_sem_syntax_t *syn, const adx_dataset_t *hs,
                        const adx_dataset_t *ref, const char *model, unsigned mask, double tol,
                        int fiml)
{
    adx_sem_options_t o;
    adx_sem_options_init(&o);
    o.fiml = fiml;
    adx_sem_mg_options_t mo;
    adx_sem_mg_options_init(&mo);
    mo.single = 1;
    mo.group_equal = mask;
    mo.mi = 1;
    adx_sem_invariance_t *v = NULL;
    adx_errctx_t e = {0};
    CHECK_OK(adx_sem_multigroup(syn, &o, hs, "school", &mo, &v, &e), e);
    if (!v)
        return;
    const adx_sem_inv_row_t *r = &v->rows[0];
    size_t want = 0, got = 0;
    for (size_t i = 0; i < ref->nrows; i++)
        want += !strcmp(sval(ref, "model", i), model);
    for (size_t g = 0; r->mi && g < v->ngroups; g++)
        for (size_t k = 0; k < r->nmi[g]; k++) {
            const adx_sem_mi_t *m = &r->mi[g][k];
            size_t i = ref_mg_row(ref, model, v->groups[g], m->lhs, m->op, m->rhs);
            if (i == (size_t)-1) {
                fprintf(stderr, "  %s %s: %s %s %s not in lavaan's\n", model, v->groups[g],
                        m->lhs, adx_sem_op_name(m->op), m->rhs);
                CHECK(0);
                continue;
            }
            got++;
            char tag[200];
            snprintf(tag, sizeof tag, "%s %s %s %s %s", model, v->groups[g], m->lhs,
                     adx_sem_op_name(m->op), m->rhs);
            /* relative to max(1, |value|) */
            ref_cmp(m->mi, nval(ref, "mi", i), tol, &worst_mi, "mi", tag);
            ref_cmp(m->epc, nval(ref, "epc", i), tol, &worst_epc, "epc", tag);
            ref_cmp(m->sepc_lv, nval(ref, "sepc_lv", i), tol, &worst_epc, "sepc.lv", tag);
            ref_cmp(m->sepc_all, nval(ref, "sepc_all", i), tol, &worst_epc, "sepc.all", tag);
        }
    if (got != want)
        fprintf(stderr, "  %s: %zu MIs, lavaan %zu\n", model, got, want);
    CHECK(want > 100 && got == want);
    adx_sem_invariance_free(v);
}

int main(void)
{
    adx_init();
    adx_dataset_t *hs = load(REF "hs.csv"), *ref = load(REF "mg_mi.csv");
    char *text = slurp(REF "hs3.lav");
    adx_sem_syntax_t *syn = NULL;
    adx_errctx_t e = {0};
    if (text)
        CHECK_OK(adx_sem_parse(text, "hs3.lav", &syn, &e), e);
    if (syn && hs && ref) {
        check_model(syn, hs, ref, "configural", 0, 1e-5, 0);
        check_model(syn, hs, ref, "metric", ADX_SEM_EQ_LOADINGS, 1e-5, 0);
        /* lavaan's scalar fit (nlminb; its Gauss-Newton ends at a higher chi2) stops 4e-9
         * in chi2 above ambidex's, which moves the MIs by up to 5e-5; lavaan's
         * modindices() at ambidex's estimates (do.fit = FALSE) agree to 1e-10 */
        check_model(syn, hs, ref, "scalar", ADX_SEM_EQ_LOADINGS | ADX_SEM_EQ_INTERCEPTS, 1e-4,
                    0);
    }
    printf("multi-group modification indices vs lavaan: max rel diff mi %.3g, epc %.3g\n",
           worst_mi, worst_epc);
    /* FIML: lavaan's nlminb stops where its MIs are up to 1.4e-4 relative off the ones at
     * ambidex's optimum (BFGS polishing moves them by less); lavaan's modindices() at
     * ambidex's estimates (mgf_mi_at.csv) checks the formulas */
    adx_dataset_t *hm = load(REF "hs_missing.csv"), *fr = load(REF "mgf_mi.csv");
    adx_dataset_t *fa = load(REF "mgf_mi_at.csv");
    for (int at = 0; at < 2; at++) {
        worst_mi = worst_epc = 0;
        const adx_dataset_t *ref2 = at ? fa : fr;
        if (syn && hm && ref2) {
            check_model(syn, hm, ref2, "configural", 0, at ? 1e-8 : 3e-4, 1);
            check_model(syn, hm, ref2, "metric", ADX_SEM_EQ_LOADINGS, at ? 1e-8 : 3e-4, 1);
        }
        printf("multi-group FIML modification indices vs lavaan%s: max rel diff mi %.3g, "
               "epc %.3g\n", at ? " at ambidex's estimates" : "", worst_mi, worst_epc);
    }
    adx_dataset_free(hm);
    adx_dataset_free(fr);
    adx_dataset_free(fa);
    adx_sem_syntax_free(syn);
    free(text);
    adx_dataset_free(hs);
    adx_dataset_free(ref);
    TEST_DONE();
}
