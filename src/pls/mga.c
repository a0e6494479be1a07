/* Multi-group analysis of two groups (the two values of --group VAR): the model estimated
 * in each group (mean replacement within the group, as seminr's estimate_pls_mga), PLS-MGA
 * (Henseler et al. 2009; p as seminr: 1 - share of the bootstrap pairs with
 * 2 mean1 - b1 - 2 mean2 + b2 > 0, from each group's own resamples), the permutation test of
 * the path differences (Chin & Dibbern 2010) and MICOM steps 2 and 3 (Henseler, Ringle &
 * Sarstedt 2016) from the same permutations of the group labels. Resample b of group g
 * uses RNG stream (g + 1) 2^40 + b of the seed, permutation p stream 3 2^40 + p, so the
 * numbers are the same at any thread count. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "../base/base.h"
#include "ambidex/adx_rng.h"
#include "plsx_priv.h"

typedef struct {
    const adx_pls_t *r;
    const adx__pls_raw_t *raw;
    const adx__pls_data_t *d; /* pooled: z standardized over all rows */
    const adx_pls_options_t *o;
    const unsigned char *g;   /* n: group 0 or 1 */
    size_t m[2];
} mga_plan_t;

void adx__plsx_mga_free(adx_pls_mga_t *p)
{
    if (!p)
        return;
    ADX__FREE(p->var, p->label[0], p->label[1], p->coef[0], p->coef[1], p->diff, p->p_mga,
              p->p_perm, p->c, p->c_q05, p->c_p, p->mdiff, p->mlo, p->mhi, p->mp, p->vdiff,
              p->vlo, p->vhi, p->vp);
    free(p);
}

static adx_pls_mga_t *mga_alloc(size_t np, size_t nc)
{
    adx_pls_mga_t *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    double **a[] = {&p->coef[0], &p->coef[1], &p->diff, &p->p_mga, &p->p_perm};
    double **b[] = {&p->c, &p->c_q05, &p->c_p, &p->mdiff, &p->mlo, &p->mhi,
                    &p->mp, &p->vdiff, &p->vlo, &p->vhi, &p->vp};
    int ok = 1;
    for (size_t k = 0; k < 5; k++)
        ok &= (*a[k] = calloc(np ? np : 1, sizeof(double))) != NULL;
    for (size_t k = 0; k < 11; k++)
        ok &= (*b[k] = calloc(nc, sizeof(double))) != NULL;
    if (!ok) {
        adx__plsx_mga_free(p);
        return NULL;
    }
    return p;
}

static char *label_of(const adx_variable_t *v, double x, const char *s)
{
    char buf[64];
    if (s)
        return adx__strdup(s);
    for (size_t k = 0; k < v->n_vlabels; k++)
        if (v->vlabels[k].value == x && v->vlabels[k].label)
            return adx__strdup(v->vlabels[k].label);
    snprintf(buf, sizeof buf, "%g", x);
    return adx__strdup(buf);
}

/* The two groups: g[row] 0 for the lower value (numeric) or the first in byte order
 * (string), 1 for the other. */
static adx_error_t groups(const adx_dataset_t *ds, const adx_pls_options_t *o, unsigned char *g,
                          adx_pls_mga_t *p, adx_errctx_t *ctx)
{
    long v = adx_dataset_find(ds, o->group);
    if (v < 0)
        return adx_err(ctx, ADX_ENOVAR, "pls --group %s: no such variable in the data", o->group);
    const adx_variable_t *var = &ds->vars[v];
    double val[2] = {NAN, NAN};
    const char *sv[2] = {NULL, NULL};
    size_t k = 0;
    for (size_t row = 0; row < ds->nrows; row++) {
        int str = var->type == ADX_VAR_STRING;
        double x = str ? 0 : var->num[row];
        const char *s = str ? var->str[row] : NULL;
        if (str ? !s : isnan(x))
            return adx_err(ctx, ADX_EUSAGE, "pls --group %s: row %zu has no value; drop the rows "
                                            "without a group first", o->group, row + 1);
        size_t j = 0;
        while (j < k && (str ? strcmp(s, sv[j]) != 0 : x != val[j]))
            j++;
        if (j == 2)
            return adx_err(ctx, ADX_EUSAGE, "pls --group %s: more than two values (row %zu); the "
                                            "multi-group analysis compares two groups",
                           o->group, row + 1);
        if (j == k) {
            val[k] = x;
            sv[k++] = s;
        }
    }
    if (k < 2)
        return adx_err(ctx, ADX_EUSAGE, "pls --group %s: one value only; two groups are needed",
                       o->group);
    int swap = var->type == ADX_VAR_STRING ? strcmp(sv[0], sv[1]) > 0 : val[0] > val[1];
    for (size_t row = 0; row < ds->nrows; row++) {
        int second = var->type == ADX_VAR_STRING ? strcmp(var->str[row], sv[1]) == 0
                                                 : var->num[row] == val[1];
        g[row] = (unsigned char)(second != swap);
    }
    for (int j = 0; j < 2; j++)
        p->label[j] = label_of(var, val[j != swap], sv[j != swap]);
    p->var = adx__strdup(o->group);
    return p->var && p->label[0] && p->label[1] ? ADX_OK : adx_oom(ctx);
}

/* Rows of group j under the labels g (m of them into rows). */
static size_t rows_of(const unsigned char *g, size_t n, int j, size_t *rows)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (g[i] == j)
            rows[m++] = i;
    return m;
}

/* Per construct: corr(Z w1, Z w2) over all rows (MICOM step 2). s: 2 n scratch. */
static void composite_cor(const adx__pls_data_t *d, const double *w1, const double *w2,
                          double *c, double *s)
{
    size_t n = d->n;
    for (size_t k = 0; k < d->nc; k++) {
        double *a = s, *b = s + n;
        memset(s, 0, 2 * n * sizeof *s);
        for (size_t i = d->bstart[k]; i < d->bstart[k] + d->blen[k]; i++)
            for (size_t row = 0; row < n; row++) {
                a[row] += w1[i] * d->z[i * n + row];
                b[row] += w2[i] * d->z[i * n + row];
            }
        double sab = 0, saa = 0, sbb = 0; /* the composites have mean 0: z is centred */
        for (size_t row = 0; row < n; row++) {
            sab += a[row] * b[row];
            saa += a[row] * a[row];
            sbb += b[row] * b[row];
        }
        c[k] = sab / sqrt(saa * sbb);
    }
}

/* MICOM step 3: mean and log-variance differences (group 0 - group 1) of the pooled
 * scores f (n x nc, column-major). */
static void step3(const double *f, size_t n, size_t nc, const unsigned char *g, double *md,
                  double *vd)
{
    for (size_t k = 0; k < nc; k++) {
        double s[2] = {0, 0}, ss[2] = {0, 0}, m[2];
        size_t cnt[2] = {0, 0};
        for (size_t row = 0; row < n; row++) {
            s[g[row]] += f[k * n + row];
            cnt[g[row]]++;
        }
        for (int j = 0; j < 2; j++)
            m[j] = s[j] / (double)cnt[j];
        for (size_t row = 0; row < n; row++) {
            double e = f[k * n + row] - m[g[row]];
            ss[g[row]] += e * e;
        }
        md[k] = m[0] - m[1];
        vd[k] = log(ss[0] / (double)(cnt[0] - 1)) - log(ss[1] / (double)(cnt[1] - 1));
    }
}

/* Both groups under labels g: path differences (np) and MICOM c (nc) into out; -1 when a
 * group fit fails. f2: the second fit; rows, scratch: n and 2 n. */
static int two_fits(const mga_plan_t *p, const unsigned char *g, adx__plsx_fit_t *f,
                    size_t *rows, double *scratch, double *diff, double *c)
{
    const adx_pls_t *r = p->r;
    for (int j = 0; j < 2; j++) {
        size_t m = rows_of(g, r->n, j, rows);
        if (adx__plsx_fit(r, p->d, p->raw, rows, m, p->o, &f[j]) || !f[j].e.converged)
            return -1;
    }
    for (size_t e = 0; e < r->npaths; e++)
        diff[e] = f[0].e.coef[e] - f[1].e.coef[e];
    composite_cor(p->d, f[0].e.w, f[1].e.w, c, scratch);
    return 0;
}

/* Per-thread buffers of the resampling loops. */
typedef struct {
    adx__plsx_fit_t f[2];
    size_t *rows, *perm;
    double *scratch;
    unsigned char *g;
} mga_scratch_t;

static void scratch_close(mga_scratch_t *s)
{
    adx__plsx_close(&s->f[0]);
    adx__plsx_close(&s->f[1]);
    ADX__FREE(s->rows, s->perm, s->scratch, s->g);
}

static int scratch_open(mga_scratch_t *s, const adx_pls_t *r)
{
    memset(s, 0, sizeof *s);
    int bad = adx__plsx_open(&s->f[0], r) | adx__plsx_open(&s->f[1], r);
    s->rows = malloc(r->n * sizeof *s->rows);
    s->perm = malloc(r->n * sizeof *s->perm);
    s->scratch = malloc(2 * r->n * sizeof *s->scratch);
    s->g = malloc(r->n);
    if (bad || !s->rows || !s->perm || !s->scratch || !s->g) {
        scratch_close(s);
        return -1;
    }
    return 0;
}

/* Permutation k: labels shuffled (as many rows in group 0 as observed), then the path
 * differences, MICOM c, mean and log-variance differences into out (np + 3 nc; NaN when
 * a group fit fails). */
static void one_permutation(const mga_plan_t *p, mga_scratch_t *s, size_t k, double *out)
{
    const adx_pls_t *r = p->r;
    size_t n = r->n, np = r->npaths, nc = r->nc;
    adx_rng_t rng;
    adx_rng_init(&rng, p->o->seed, ((uint64_t)3 << 40) + k);
    for (size_t i = 0; i < n; i++)
        s->perm[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)adx_rng_below(&rng, i), t = s->perm[i - 1];
        s->perm[i - 1] = s->perm[j];
        s->perm[j] = t;
    }
    for (size_t i = 0; i < n; i++)
        s->g[s->perm[i]] = (unsigned char)(i >= p->m[0]);
    if (two_fits(p, s->g, s->f, s->rows, s->scratch, out, out + np)) {
        for (size_t i = 0; i < np + 3 * nc; i++)
            out[i] = NAN;
        return;
    }
    step3(r->scores, n, nc, s->g, out + np + nc, out + np + 2 * nc);
}

/* Bootstrap resample b of group j: its rows drawn with replacement; paths into out (np). */
static void one_resample(const mga_plan_t *p, mga_scratch_t *s, int j, size_t b,
                         const size_t *grows, double *out)
{
    const adx_pls_t *r = p->r;
    size_t m = p->m[j];
    adx_rng_t rng;
    adx_rng_init(&rng, p->o->seed, ((uint64_t)(j + 1) << 40) + b);
    for (size_t i = 0; i < m; i++)
        s->rows[i] = grows[adx_rng_below(&rng, m)];
    int ok = !adx__plsx_fit(r, p->d, p->raw, s->rows, m, p->o, &s->f[0]) && s->f[0].e.converged;
    for (size_t e = 0; e < r->npaths; e++)
        out[e] = ok ? s->f[0].e.coef[e] : NAN;
}

/* what 0: nperm permutations into out (np + 3 nc each); 1, 2: the bootstrap of group
 * what - 1 (np each). */
static int run_loop(const mga_plan_t *p, int what, size_t count, const size_t *grows,
                    int threads, double *out)
{
    size_t stride = what ? p->r->npaths : p->r->npaths + 3 * p->r->nc;
    int nomem = 0;
#pragma omp parallel num_threads(threads)
    {
        mga_scratch_t s;
        int ok = scratch_open(&s, p->r) == 0;
        if (!ok) {
#pragma omp atomic write
            nomem = 1;
        }
#pragma omp for schedule(dynamic, 4)
        for (size_t k = 0; k < count; k++) {
            if (!ok)
                continue;
            if (what)
                one_resample(p, &s, what - 1, k, grows, out + k * stride);
            else
                one_permutation(p, &s, k, out + k * stride);
        }
        if (ok)
            scratch_close(&s);
    }
    return nomem ? -1 : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* PLS-MGA p of path e (seminr's estimate_pls_mga): the first J kept resamples of each
 * group, J the smaller count; p = 1 - #{(i, k): b1_k > b0_i - 2 (mean0 - mean1)} / J^2.
 * buf: 2 B. Returns NaN without resamples. */
static double mga_p(const double *b0, const double *b1, size_t B, size_t np, size_t e,
                    double *buf)
{
    double *x = buf, *y = buf + B, m0 = 0, m1 = 0;
    size_t j0 = 0, j1 = 0;
    for (size_t b = 0; b < B; b++) {
        if (!isnan(b0[b * np + e]))
            x[j0++] = b0[b * np + e];
        if (!isnan(b1[b * np + e]))
            y[j1++] = b1[b * np + e];
    }
    size_t J = j0 < j1 ? j0 : j1;
    if (!J)
        return NAN;
    for (size_t i = 0; i < J; i++) {
        m0 += x[i];
        m1 += y[i];
    }
    m0 /= (double)J;
    m1 /= (double)J;
    qsort(y, J, sizeof *y, cmp_double);
    double above = 0;
    for (size_t i = 0; i < J; i++) {
        double t = x[i] - 2 * (m0 - m1);
        size_t lo = 0, hi = J; /* first y > t */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (y[mid] > t)
                hi = mid;
            else
                lo = mid + 1;
        }
        above += (double)(J - lo);
    }
    return 1 - above / ((double)J * (double)J);
}

/* Column j of the permutation rows (stride): the kept values sorted into buf; count. */
static size_t column(const double *perm, size_t P, size_t stride, size_t j, double *buf)
{
    size_t k = 0;
    for (size_t q = 0; q < P; q++)
        if (!isnan(perm[q * stride]))
            buf[k++] = perm[q * stride + j];
    qsort(buf, k, sizeof *buf, cmp_double);
    return k;
}

/* Share of |x| >= |obs| (two-sided; lower 0: x <= obs, one-sided) among k sorted values. */
static double share(const double *x, size_t k, double obs, int lower)
{
    size_t c = 0;
    for (size_t i = 0; i < k; i++)
        c += lower ? x[i] <= obs : fabs(x[i]) >= fabs(obs) - 1e-12 * fabs(obs);
    return k ? (double)c / (double)k : NAN;
}

static void summarize(adx_pls_mga_t *p, const adx_pls_t *r, const double *perm,
                      const double *boot0, const double *boot1, double level, double *buf)
{
    size_t np = r->npaths, nc = r->nc, stride = np + 3 * nc, P = p->nperm, k = 0;
    double a = (1 - level) / 2;
    for (size_t e = 0; e < np; e++) {
        p->p_mga[e] = mga_p(boot0, boot1, p->nboot, np, e, buf);
        k = column(perm, P, stride, e, buf);
        p->p_perm[e] = share(buf, k, p->diff[e], 0);
    }
    for (size_t c = 0; c < nc; c++) {
        k = column(perm, P, stride, np + c, buf);
        p->c_q05[c] = k ? adx__quantile(buf, k, 0.05, ADX__Q_R7) : NAN;
        p->c_p[c] = share(buf, k, p->c[c] + 1e-12, 1);
        double *obs[] = {p->mdiff, p->vdiff}, *lo[] = {p->mlo, p->vlo}, *hi[] = {p->mhi, p->vhi};
        double *pv[] = {p->mp, p->vp};
        for (int s = 0; s < 2; s++) {
            k = column(perm, P, stride, np + (size_t)(s + 1) * nc + c, buf);
            lo[s][c] = k ? adx__quantile(buf, k, a, ADX__Q_R7) : NAN;
            hi[s][c] = k ? adx__quantile(buf, k, 1 - a, ADX__Q_R7) : NAN;
            pv[s][c] = share(buf, k, obs[s][c], 0);
        }
    }
    p->nperm = k;
}

/* The observed statistics: group fits, differences, MICOM c, step 3. */
static adx_error_t observed(const mga_plan_t *pl, adx_pls_mga_t *p, adx_errctx_t *ctx)
{
    const adx_pls_t *r = pl->r;
    mga_scratch_t s;
    if (scratch_open(&s, r))
        return adx_oom(ctx);
    adx_error_t rc = ADX_OK;
    if (two_fits(pl, pl->g, s.f, s.rows, s.scratch, p->diff, p->c))
        rc = adx_err(ctx, ADX_ESINGULAR, "pls --group %s: the model cannot be estimated (or does "
                                         "not converge) in group '%s' or '%s'", p->var,
                     p->label[0], p->label[1]);
    for (size_t e = 0; !rc && e < r->npaths; e++)
        for (int j = 0; j < 2; j++)
            p->coef[j][e] = s.f[j].e.coef[e];
    if (!rc)
        step3(r->scores, r->n, r->nc, pl->g, p->mdiff, p->vdiff);
    scratch_close(&s);
    return rc;
}

adx_error_t adx__plsx_mga(adx_pls_t *r, const adx_dataset_t *ds, const adx__pls_raw_t *raw,
                          const adx__pls_data_t *d, const adx_pls_options_t *o,
                          adx_errctx_t *ctx)
{
    size_t n = r->n, np = r->npaths, nc = r->nc, B = o->boot ? o->boot : 1000, P = o->perm;
    adx_pls_mga_t *p = mga_alloc(np, nc);
    unsigned char *g = malloc(n);
    size_t *grows = malloc(2 * n * sizeof *grows);
    double *perm = malloc(P * (np + 3 * nc) * sizeof *perm);
    double *boot = malloc(2 * B * (np ? np : 1) * sizeof *boot);
    double *buf = malloc(2 * (B > P ? B : P) * sizeof *buf);
    adx_error_t rc = p && g && grows && perm && boot && buf ? ADX_OK : adx_oom(ctx);
    if (!rc && P < 10)
        rc = adx_err(ctx, ADX_EUSAGE, "pls --group: give at least 10 permutations (--perm)");
    if (!rc)
        rc = groups(ds, o, g, p, ctx);
    mga_plan_t pl = {r, raw, d, o, g, {0, 0}};
    if (rc)
        goto cleanup;
    pl.m[0] = rows_of(g, n, 0, grows);
    pl.m[1] = rows_of(g, n, 1, grows + pl.m[0]);
    p->n[0] = pl.m[0];
    p->n[1] = pl.m[1];
    p->nboot = B;
    p->nperm = P;
    p->seed = o->seed;
    rc = observed(&pl, p, ctx);
    int threads = o->threads > 0 ? o->threads : omp_get_max_threads();
    if (!rc && (run_loop(&pl, 0, P, NULL, threads, perm) ||
                run_loop(&pl, 1, B, grows, threads, boot) ||
                run_loop(&pl, 2, B, grows + pl.m[0], threads, boot + B * np)))
        rc = adx_oom(ctx);
    if (rc)
        goto cleanup;
    summarize(p, r, perm, boot, boot + B * np, o->level, buf);
    r->mga = p;
    p = NULL;
cleanup:
    adx__plsx_mga_free(p);
    ADX__FREE(g, grows, perm, boot, buf);
    return rc;
}
