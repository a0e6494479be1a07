/* power (closed form) against R 4.2.2 and pwr: tests/reference/power/make_power.R.
 * dist.csv: noncentral t and chi-square to 1e-10 against pt / pchisq (1e-6 where R
 * warned that it did not reach full precision); noncentral F to 1e-10 against the
 * Poisson series summed in R with pbeta, and to 2e-9 against pf (whose noncentral
 * branch stops at an error bound of 1e-9); power.csv: power at N to 1e-8; target.csv: the
 * smallest N reaching the target; rmsea_power.csv and rmsea_target.csv (make_rmsea_semtools.R):
 * semTools' findRMSEApower to 1e-8 and findRMSEAsamplesize exactly. Prints the largest
 * differences. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_power.h"
#include "testutil.h"

#define REF ADX_SOURCE_DIR "/tests/reference/power/"

static FILE *open_ref(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, REF "%s", name);
    FILE *f = fopen(path, "r");
    if (!f)
        fprintf(stderr, "cannot open %s\n", path);
    CHECK(f != NULL);
    return f;
}

static void test_dist(void)
{
    FILE *f = open_ref("dist.csv");
    if (!f)
        return;
    char line[512], dist[16];
    double x, df1, df2, ncp, v, ser, maxd[3] = {0, 0, 0}, maxpf = 0;
    int warned, rows = 0;
    while (fgets(line, sizeof line, f)) {
        ser = NAN;
        if (sscanf(line, "%15[^,],%lf,%lf,%lf,%lf,%lf,%d,%lf", dist, &x, &df1, &df2, &ncp, &v,
                   &warned, &ser) < 7)
            continue;
        int k = dist[0] == 'f' ? 0 : dist[0] == 't' ? 1 : 2;
        double got = k == 0 ? adx_ncf_sf(x, df1, df2, ncp)
                   : k == 1 ? adx_nct_cdf(x, df1, ncp)
                            : adx_ncchisq_sf(x, df1, ncp);
        if (k == 0) {
            /* pf's own error bound, then the series */
            CHECK(fabs(got - v) <= 2e-9);
            if (fabs(got - v) > maxpf)
                maxpf = fabs(got - v);
            v = ser;
            warned = 0;
        }
        double d = fabs(got - v);
        if (!warned && d > maxd[k])
            maxd[k] = d;
        if (d > (warned ? 1e-6 : 1e-10))
            fprintf(stderr, "%s x=%g df=%g,%g ncp=%g: %.17g vs R %.17g\n", dist, x, df1, df2,
                    ncp, got, v);
        CHECK(d <= (warned ? 1e-6 : 1e-10));
        rows++;
    }
    fclose(f);
    CHECK(rows > 500);
    printf("noncentral F (R series) / t / chi2 vs R: max abs diff %.3g / %.3g / %.3g (%d "
           "values); F vs pf %.3g\n", maxd[0], maxd[1], maxd[2], rows, maxpf);
}

static int test_of(const char *name, adx_power_options_t *o)
{
    static const char *names[] = {"regress", "corr", "ttest", "anova", "chisq", "rmsea"};
    o->ncp_rule = ADX_NCP_GPOWER;
    if (!strcmp(name, "regress_pwr")) {
        o->ncp_rule = ADX_NCP_PWR;
        name = "regress";
    }
    for (int k = 0; k < 6; k++)
        if (!strcmp(name, names[k])) {
            o->test = (adx_power_test_t)k;
            return 1;
        }
    return 0;
}

/* p1..p3 as make_power.R: regress f2, P, Q; corr r; ttest d; anova f, k; chisq w, df;
 * rmsea df, e0, e1. */
static void set_params(adx_power_options_t *o, double p1, double p2, double p3)
{
    switch (o->test) {
    case ADX_POWER_REGRESS:
        o->effect = p1, o->predictors = (int)p2, o->tested = (int)p3;
        break;
    case ADX_POWER_ANOVA:
        o->effect = p1, o->groups = (int)p2;
        break;
    case ADX_POWER_CHISQ:
        o->effect = p1, o->df = p2;
        break;
    case ADX_POWER_RMSEA:
        o->df = p1, o->rmsea0 = p2, o->rmsea1 = p3;
        break;
    default:
        o->effect = p1;
    }
}

/* One reference row: NAME, then a (n or target), alpha, p1, p2, p3 and the value;
 * sets up *o with a as n (is_n) or as the target. Returns 0 on a header line. */
static int read_case(const char *line, adx_power_options_t *o, int is_n, double *value)
{
    char name[32];
    double a, alpha, p1, p2, p3;
    if (sscanf(line, "%31[^,],%lf,%lf,%lf,%lf,%lf,%lf", name, &a, &alpha, &p1, &p2, &p3,
               value) != 7)
        return 0;
    adx_power_options_init(o);
    CHECK(test_of(name, o));
    set_params(o, p1, p2, p3);
    o->alpha = alpha;
    if (is_n)
        o->n = a;
    else
        o->target = a;
    return 1;
}

/* power.csv (is_n: power at N, to 1e-8) or target.csv (the smallest N, exactly). */
static void test_cases(const char *file, int is_n)
{
    FILE *f = open_ref(file);
    if (!f)
        return;
    char line[512];
    double v, maxd = 0;
    int rows = 0;
    adx_power_options_t o;
    while (fgets(line, sizeof line, f)) {
        if (!read_case(line, &o, is_n, &v))
            continue;
        adx_power_result_t r;
        adx_errctx_t ctx = {0};
        CHECK_OK(adx_power_closed(&o, &r, &ctx), ctx);
        double d = is_n ? fabs(r.power - v) : fabs(r.n - v);
        if (d > (is_n ? 1e-8 : 0))
            fprintf(stderr, "got %.17g: %s", is_n ? r.power : r.n, line);
        CHECK(d <= (is_n ? 1e-8 : 0));
        CHECK(is_n || (r.solved && r.power >= o.target));
        if (d > maxd)
            maxd = d;
        rows++;
    }
    fclose(f);
    CHECK(rows > 30);
    printf("%s vs R: max abs diff %.3g (%d cases)\n", file, maxd, rows);
}

static void test_bad(void)
{
    adx_power_options_t o;
    adx_power_options_init(&o);
    adx_power_result_t r;
    adx_errctx_t ctx = {0};
    o.test = ADX_POWER_REGRESS;
    o.effect = 0.15;
    o.predictors = 5;
    o.n = 6;
    CHECK(adx_power_closed(&o, &r, &ctx) == ADX_EUSAGE && strstr(ctx.msg, "--n 6"));
    o.n = 0;
    o.target = 1.0;
    CHECK(adx_power_closed(&o, &r, &ctx) == ADX_EUSAGE && strstr(ctx.msg, "--target 1"));
    o.target = 0.8;
    o.tested = 6;
    CHECK(adx_power_closed(&o, &r, &ctx) == ADX_EUSAGE && strstr(ctx.msg, "--tested 6"));
    o.tested = 0;
    o.effect = 1e-9;
    o.n_max = 1e4;
    CHECK(adx_power_closed(&o, &r, &ctx) == ADX_EDOMAIN);
    o.test = ADX_POWER_CORR;
    o.effect = 1.0;
    CHECK(adx_power_closed(&o, &r, &ctx) == ADX_EUSAGE && strstr(ctx.msg, "--r 1"));
    /* the quantile inverts the tail */
    double c = adx_ncchisq_inv(0.05, 20, 7.5, 1);
    CHECK_CLOSE(adx_ncchisq_sf(c, 20, 7.5), 0.05, 1e-13);
    c = adx_ncchisq_inv(0.05, 20, 7.5, 0);
    CHECK_CLOSE(1 - adx_ncchisq_sf(c, 20, 7.5), 0.05, 1e-13);
}

int main(void)
{
    adx_init();
    test_dist();
    test_cases("power.csv", 1);
    test_cases("target.csv", 0);
    test_cases("rmsea_power.csv", 1);  /* semTools findRMSEApower */
    test_cases("rmsea_target.csv", 0); /* semTools findRMSEAsamplesize */
    test_bad();
    TEST_DONE();
}
