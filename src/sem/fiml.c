/* Full-information ML with missing data: missing-data patterns, their
 * sufficient statistics, the saturated (h1) moments by EM and the independence
 * baseline. */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sem_priv.h"

void adx__sem_fiml_free(struct adx_sem_fiml *f)
{
    if (!f)
        return;
    ADX__FREE(f->pn, f->pk, f->po, f->pc, f->oidx, f->pmean, f->pcov, f->h1_mean, f->h1_cov,
              f->work, f->rwork, f->cases, f->pat_of, f);
}

/* Sum over patterns of n_g [log|S_oo| + tr(C_g S_oo^-1) + r' S_oo^-1 r] for
 * moments (mu, Sig); -1 if a block is not positive definite. */
static int pattern_f(const struct adx_sem_fiml *f, size_t p, const double *mu, const double *Sig,
                     double *out)
{
    double *a = malloc(p * p * sizeof(double)), tot = 0;
    if (!a)
        return -1;
    for (size_t g = 0; g < f->npat; g++) {
        size_t k = f->pk[g];
        const size_t *idx = f->oidx + f->po[g];
        const double *C = f->pcov + f->pc[g], *m = f->pmean + f->po[g];
        for (size_t j = 0; j < k; j++)
            for (size_t i = 0; i < k; i++)
                a[i + j * k] = Sig[idx[i] + idx[j] * p];
        double ld;
        if (adx__spd_inverse(a, k, &ld)) {
            free(a);
            return -1;
        }
        double tr = 0, quad = 0;
        for (size_t j = 0; j < k; j++)
            for (size_t i = 0; i < k; i++) {
                tr += C[i + j * k] * a[i + j * k];
                quad += (m[i] - mu[idx[i]]) * a[i + j * k] * (m[j] - mu[idx[j]]);
            }
        tot += (double)f->pn[g] * (ld + tr + quad);
    }
    free(a);
    *out = tot;
    return 0;
}

/* Cases with at least one observed value (order[0..nc-1]), sorted by their
 * missing-data pattern (mask: n x p, 1 = observed). */
static size_t sort_cases(const double *X, size_t n, size_t p, size_t ld, unsigned char *mask,
                         size_t *order)
{
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        int any = 0;
        for (size_t v = 0; v < p; v++) {
            mask[i * p + v] = !isnan(X[i + v * ld]);
            any |= mask[i * p + v];
        }
        if (any)
            order[nc++] = i;
    }
    /* insertion sort by mask (patterns are few; n moderate) */
    for (size_t i = 1; i < nc; i++) {
        size_t c = order[i], j = i;
        while (j > 0 && memcmp(mask + order[j - 1] * p, mask + c * p, p) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = c;
    }
    return nc;
}

/* The patterns of the sorted cases: counts, observed variables, offsets. */
static int make_patterns(struct adx_sem_fiml *f, size_t p, const unsigned char *mask,
                         const size_t *order, size_t nc)
{
    size_t npat = 0;
    for (size_t i = 0; i < nc; i++)
        npat += i == 0 || memcmp(mask + order[i - 1] * p, mask + order[i] * p, p) != 0;
    f->npat = npat;
    f->N = nc;
    f->pn = calloc(npat, sizeof(size_t));
    f->pk = calloc(npat, sizeof(size_t));
    f->po = calloc(npat, sizeof(size_t));
    f->pc = calloc(npat, sizeof(size_t));
    f->oidx = calloc(npat * p, sizeof(size_t));
    f->pmean = calloc(npat * p, sizeof(double));
    f->pcov = calloc(npat * p * p, sizeof(double));
    f->h1_mean = calloc(p, sizeof(double));
    f->h1_cov = calloc(p * p, sizeof(double));
    if (!f->pn || !f->pk || !f->po || !f->pc || !f->oidx || !f->pmean || !f->pcov ||
        !f->h1_mean || !f->h1_cov)
        return -1;
    size_t g = (size_t)-1, ko = 0, kc = 0;
    for (size_t i = 0; i < nc; i++) {
        const unsigned char *mk = mask + order[i] * p;
        if (i == 0 || memcmp(mask + order[i - 1] * p, mk, p) != 0) {
            g++;
            f->po[g] = ko;
            f->pc[g] = kc;
            size_t k = 0;
            for (size_t v = 0; v < p; v++)
                if (mk[v])
                    f->oidx[ko + k++] = v;
            f->pk[g] = k;
            ko += k;
            kc += k * k;
        }
        f->pn[g]++;
    }
    return 0;
}

/* Pattern means and covariances (divisor n_g). */
static void pattern_moments(struct adx_sem_fiml *f, const double *X, size_t ld,
                            const size_t *order)
{
    size_t start = 0;
    for (size_t g = 0; g < f->npat; g++) {
        size_t k = f->pk[g], ng = f->pn[g];
        const size_t *idx = f->oidx + f->po[g];
        double *m = f->pmean + f->po[g], *C = f->pcov + f->pc[g];
        for (size_t r = start; r < start + ng; r++)
            for (size_t a1 = 0; a1 < k; a1++)
                m[a1] += X[order[r] + idx[a1] * ld] / (double)ng;
        for (size_t r = start; r < start + ng; r++)
            for (size_t b1 = 0; b1 < k; b1++)
                for (size_t a1 = 0; a1 < k; a1++)
                    C[a1 + b1 * k] += (X[order[r] + idx[a1] * ld] - m[a1]) *
                                      (X[order[r] + idx[b1] * ld] - m[b1]) / (double)ng;
        start += ng;
    }
}

/* Independence baseline: each variable on its available cases (the variables with
 * skip[v] set left out of the log-likelihood); its means and variances also start
 * the EM. */
static adx_error_t independence(const char *source, const char *const *names, size_t p,
                                struct adx_sem_fiml *f, const double *X, size_t ld,
                                const unsigned char *mask, const size_t *order,
                                const unsigned char *skip, adx_errctx_t *ctx)
{
    size_t nc = f->N;
    double lb = 0;
    for (size_t v = 0; v < p; v++) {
        double sm = 0, ss = 0;
        size_t nv = 0;
        for (size_t i = 0; i < nc; i++)
            if (mask[order[i] * p + v]) {
                sm += X[order[i] + v * ld];
                nv++;
            }
        if (nv < 2)
            return adx_err(ctx, ADX_EEMPTY, "%s: variable '%s' has fewer than two values",
                           source, names[v]);
        sm /= (double)nv;
        for (size_t i = 0; i < nc; i++)
            if (mask[order[i] * p + v]) {
                double d = X[order[i] + v * ld] - sm;
                ss += d * d;
            }
        ss /= (double)nv;
        if (!skip || !skip[v])
            lb += -0.5 * (double)nv * (log(2.0 * 3.14159265358979323846) + log(ss) + 1.0);
        f->h1_mean[v] = sm;
        f->h1_cov[v + v * p] = ss;
    }
    f->logl_baseline = lb;
    return ADX_OK;
}

/* EM work: sufficient statistics, the pattern's regression B (missing on
 * observed), its completed mean and second moments, the missing indices. */
typedef struct {
    double *T1, *T2, *a, *B, *xh, *Q; /* p, p x p, p x p, p x p, p, p x p: one block */
    size_t *mid;
} em_t;

static int em_alloc(em_t *w, size_t p)
{
    w->T1 = malloc((4 * p * p + 2 * p) * sizeof(double));
    w->mid = malloc((p + 1) * sizeof(size_t));
    if (!w->T1 || !w->mid)
        return -1;
    w->T2 = w->T1 + p;
    w->a = w->T2 + p * p;
    w->B = w->a + p * p;
    w->xh = w->B + p * p;
    w->Q = w->xh + p;
    return 0;
}

/* Conditional second moments of pattern g into w->Q: cov of the completed values
 * plus the conditional covariance of the missing ones. */
static void em_second_moments(const struct adx_sem_fiml *f, size_t g, size_t p, const double *Sg,
                              em_t *w, size_t mm)
{
    size_t k = f->pk[g];
    const size_t *idx = f->oidx + f->po[g], *mid = w->mid;
    const double *C = f->pcov + f->pc[g], *B = w->B;
    double *Q = w->Q;
    memset(Q, 0, p * p * sizeof(double));
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++)
            Q[idx[i] + idx[j] * p] = C[i + j * k];
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < mm; i++) {
            double v = 0;
            for (size_t l = 0; l < k; l++)
                v += B[i + l * mm] * C[l + j * k];
            Q[mid[i] + idx[j] * p] = Q[idx[j] + mid[i] * p] = v;
        }
    for (size_t j = 0; j < mm; j++)
        for (size_t i = 0; i < mm; i++) {
            double v = 0, cc = Sg[mid[i] + mid[j] * p];
            for (size_t l = 0; l < k; l++)
                for (size_t l2 = 0; l2 < k; l2++)
                    v += B[i + l * mm] * C[l + l2 * k] * B[j + l2 * mm];
            for (size_t l = 0; l < k; l++)
                cc -= B[i + l * mm] * Sg[idx[l] + mid[j] * p];
            Q[mid[i] + mid[j] * p] = v + cc;
        }
}

/* E step of pattern g, added to w->T1, w->T2. -1 if Sigma_oo is singular. */
static int em_pattern(const struct adx_sem_fiml *f, size_t g, size_t p, const double *mu,
                      const double *Sg, em_t *w)
{
    size_t k = f->pk[g], ng = f->pn[g], mm = 0;
    const size_t *idx = f->oidx + f->po[g];
    const double *m = f->pmean + f->po[g];
    double *a = w->a, *B = w->B, *xh = w->xh;
    for (size_t v = 0, o = 0; v < p; v++) {
        if (o < k && idx[o] == v)
            o++;
        else
            w->mid[mm++] = v;
    }
    /* B = Sigma_mo Sigma_oo^-1 (mm x k) */
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++)
            a[i + j * k] = Sg[idx[i] + idx[j] * p];
    double ldt;
    if (adx__spd_inverse(a, k, &ldt))
        return -1;
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < mm; i++) {
            double v = 0;
            for (size_t l = 0; l < k; l++)
                v += Sg[w->mid[i] + idx[l] * p] * a[l + j * k];
            B[i + j * mm] = v;
        }
    /* completed mean of the pattern: observed m, missing c + B m */
    for (size_t i = 0; i < k; i++)
        xh[idx[i]] = m[i];
    for (size_t i = 0; i < mm; i++) {
        double v = mu[w->mid[i]];
        for (size_t l = 0; l < k; l++)
            v += B[i + l * mm] * (m[l] - mu[idx[l]]);
        xh[w->mid[i]] = v;
    }
    em_second_moments(f, g, p, Sg, w, mm);
    for (size_t v = 0; v < p; v++)
        w->T1[v] += (double)ng * xh[v];
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++)
            w->T2[i + j * p] += (double)ng * (w->Q[i + j * p] + xh[i] * xh[j]);
    return 0;
}

/* EM for the saturated moments (f->h1_mean, f->h1_cov), from the available-case
 * means and variances. */
static adx_error_t em_saturated(const adx_sem_t *s, size_t p, struct adx_sem_fiml *f,
                                adx_errctx_t *ctx)
{
    size_t nc = f->N;
    double *mu = f->h1_mean, *Sg = f->h1_cov;
    em_t w = {0};
    adx_error_t rc = ADX_OK;
    int conv = 0;
    if (em_alloc(&w, p)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (int it = 0; it < s->opt.em_max_iter && !conv; it++) {
        memset(w.T1, 0, p * sizeof(double));
        memset(w.T2, 0, p * p * sizeof(double));
        for (size_t g = 0; g < f->npat; g++)
            if (em_pattern(f, g, p, mu, Sg, &w)) {
                rc = adx_err(ctx, ADX_ESINGULAR, "%s: EM for the saturated model met a "
                                                 "singular covariance matrix",
                             s->source);
                goto cleanup;
            }
        double dmax = 0;
        for (size_t v = 0; v < p; v++) {
            double nm = w.T1[v] / (double)nc;
            dmax = fmax(dmax, fabs(nm - mu[v]));
            mu[v] = nm;
        }
        for (size_t j = 0; j < p; j++)
            for (size_t i = 0; i < p; i++) {
                double nv = w.T2[i + j * p] / (double)nc - mu[i] * mu[j];
                dmax = fmax(dmax, fabs(nv - Sg[i + j * p]));
                Sg[i + j * p] = nv;
            }
        conv = dmax < s->opt.em_tol;
    }
    if (!conv)
        rc = adx_err(ctx, ADX_ECONVERGE, "%s: EM for the saturated model did not converge",
                     s->source);
cleanup:
    free(w.T1);
    free(w.mid);
    return rc;
}

int adx__sem_is_ov_x(const adx_sem_t *s, size_t v)
{
    int pred = 0;
    if (v >= s->p)
        return 0;
    for (size_t r = 0; r < s->nparams; r++) {
        const adx_sem_param_t *pr = &s->params[r];
        int reg = pr->op == ADX_SEM_REGRESS || pr->op == ADX_SEM_FORMATIVE;
        if ((reg && !strcmp(pr->lhs, s->names[v])) ||
            (pr->op == ADX_SEM_MEASURE && !strcmp(pr->rhs, s->names[v])))
            return 0;
        pred |= reg && !strcmp(pr->rhs, s->names[v]);
    }
    return pred;
}

/* Patterns, their moments, the independence log-likelihood (skip as in
 * independence()) and the saturated moments by EM with their log-likelihood
 * (f->logl_h1, f->c_h1), for the p columns of X (n cases, leading dimension ld). */
static adx_error_t prepare_block(const adx_sem_t *s, struct adx_sem_fiml *f, const double *X,
                                 size_t n, size_t ld, size_t p, const char *const *names,
                                 const unsigned char *skip, adx_errctx_t *ctx)
{
    adx_error_t rc = ADX_OK;
    unsigned char *mask = malloc(n * p + 1);
    size_t *order = malloc((n + 1) * sizeof(size_t));
    if (!mask || !order) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    size_t nc = sort_cases(X, n, p, ld, mask, order);
    if (nc < 2) {
        rc = adx_err(ctx, ADX_EEMPTY, "%s: fewer than two cases have any observed value",
                     s->source);
        goto cleanup;
    }
    if (make_patterns(f, p, mask, order, nc)) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    pattern_moments(f, X, ld, order);
    if (!(f->cases = malloc(nc * p * sizeof(double)))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t v = 0; v < p; v++)
        for (size_t i = 0; i < nc; i++)
            f->cases[i + v * nc] = X[order[i] + v * ld];
    if ((rc = independence(s->source, names, p, f, X, ld, mask, order, skip, ctx)) ||
        (rc = em_saturated(s, p, f, ctx)))
        goto cleanup;
    double fh1;
    if (pattern_f(f, p, f->h1_mean, f->h1_cov, &fh1)) {
        rc = adx_err(ctx, ADX_ESINGULAR, "%s: the saturated covariance matrix is not positive "
                                         "definite",
                     s->source);
        goto cleanup;
    }
    size_t nobs_total = 0;
    for (size_t g = 0; g < f->npat; g++)
        nobs_total += f->pn[g] * f->pk[g];
    f->logl_h1 = -0.5 * ((double)nobs_total * log(2.0 * 3.14159265358979323846) + fh1);
    f->c_h1 = fh1 / (double)nc;
cleanup:
    free(mask);
    free(order);
    return rc;
}

/* The saturated log-likelihood of the exogenous observed covariates alone (the
 * kx columns xi of X), from their own missing-data patterns. */
static adx_error_t x_block_logl(const adx_sem_t *s, const double *X, size_t n, size_t ld,
                                const size_t *xi, size_t kx, double *out, adx_errctx_t *ctx)
{
    struct adx_sem_fiml *fx = calloc(1, sizeof *fx);
    double *Xx = malloc((n ? n : 1) * kx * sizeof(double));
    const char **nm = malloc(kx * sizeof *nm);
    adx_error_t rc = ADX_OK;
    if (!fx || !Xx || !nm) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t c = 0; c < kx; c++) {
        nm[c] = s->names[xi[c]];
        for (size_t i = 0; i < n; i++)
            Xx[i + c * n] = X[i + xi[c] * ld];
    }
    if (!(rc = prepare_block(s, fx, Xx, n, n, kx, nm, NULL, ctx)))
        *out = fx->logl_h1;
cleanup:
    adx__sem_fiml_free(fx);
    free(Xx);
    free(nm);
    return rc;
}

adx_error_t adx__sem_fiml_prepare(adx_sem_t *s, const double *X, size_t n, size_t ld,
                                  adx_errctx_t *ctx)
{
    size_t p = s->p, kx = 0;
    adx_error_t rc = ADX_OK;
    struct adx_sem_fiml *f = calloc(1, sizeof *f);
    unsigned char *isx = calloc(p + 1, 1);
    size_t *xi = malloc((p + 1) * sizeof(size_t));
    if (!f || !isx || !xi) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t v = 0; v < p; v++)
        if ((isx[v] = (unsigned char)adx__sem_is_ov_x(s, v)))
            xi[kx++] = v;
    if ((rc = prepare_block(s, f, X, n, ld, p, (const char *const *)s->names, isx, ctx)))
        goto cleanup;
    /* lavaan's baseline keeps the exogenous covariates' block saturated: the
     * likelihood factors into that block and the other variables one by one */
    f->logl_x = 0;
    if (kx && (rc = x_block_logl(s, X, n, ld, xi, kx, &f->logl_x, ctx)))
        goto cleanup;
    f->logl_baseline += f->logl_x;
    adx__sem_fiml_free(s->fiml);
    s->fiml = f;
    f = NULL;
cleanup:
    adx__sem_fiml_free(f);
    free(isx);
    free(xi);
    return rc;
}

int adx__sem_fiml_resample_alloc(const struct adx_sem_fiml *f, size_t p, struct adx_sem_fiml *r)
{
    size_t nk = 0, nk2 = 0;
    memset(r, 0, sizeof *r);
    for (size_t g = 0; g < f->npat; g++) {
        nk += f->pk[g];
        nk2 += f->pk[g] * f->pk[g];
    }
    r->npat = f->npat;
    r->pk = f->pk;
    r->po = f->po;
    r->pc = f->pc;
    r->oidx = f->oidx;
    r->pn = calloc(f->npat + 1, sizeof(size_t));
    r->pat_of = malloc((f->N + 1) * sizeof(size_t));
    r->pmean = malloc((nk + 1) * sizeof(double));
    r->pcov = malloc((nk2 + 1) * sizeof(double));
    r->h1_mean = malloc(p * sizeof(double));
    r->h1_cov = malloc(p * p * sizeof(double));
    if (!r->pn || !r->pat_of || !r->pmean || !r->pcov || !r->h1_mean || !r->h1_cov)
        return -1;
    for (size_t g = 0, i = 0; g < f->npat; g++)
        for (size_t c = 0; c < f->pn[g]; c++)
            r->pat_of[i++] = g;
    return 0;
}

void adx__sem_fiml_resample_free(struct adx_sem_fiml *r)
{
    ADX__FREE(r->pn, r->pat_of, r->pmean, r->pcov, r->h1_mean, r->h1_cov);
    memset(r, 0, sizeof *r);
}

/* The counts and pattern moments (divisor n_g) of the cases idx of f into r. */
static void resample_moments(const struct adx_sem_fiml *f, const size_t *idx, size_t n,
                             struct adx_sem_fiml *r)
{
    size_t N = f->N, nk = 0, nk2 = 0;
    for (size_t g = 0; g < f->npat; g++) {
        r->pn[g] = 0;
        nk += f->pk[g];
        nk2 += f->pk[g] * f->pk[g];
    }
    memset(r->pmean, 0, nk * sizeof(double));
    memset(r->pcov, 0, nk2 * sizeof(double));
    for (size_t c = 0; c < n; c++) {
        size_t i = idx[c], g = r->pat_of[i], k = f->pk[g];
        const size_t *o = f->oidx + f->po[g];
        r->pn[g]++;
        for (size_t a = 0; a < k; a++)
            r->pmean[f->po[g] + a] += f->cases[i + o[a] * N];
    }
    for (size_t g = 0; g < f->npat; g++)
        for (size_t a = 0; r->pn[g] && a < f->pk[g]; a++)
            r->pmean[f->po[g] + a] /= (double)r->pn[g];
    for (size_t c = 0; c < n; c++) {
        size_t i = idx[c], g = r->pat_of[i], k = f->pk[g];
        const size_t *o = f->oidx + f->po[g];
        const double *m = r->pmean + f->po[g];
        double *C = r->pcov + f->pc[g], w = 1.0 / (double)r->pn[g];
        for (size_t b = 0; b < k; b++)
            for (size_t a = 0; a < k; a++)
                C[a + b * k] += (f->cases[i + o[a] * N] - m[a]) *
                                (f->cases[i + o[b] * N] - m[b]) * w;
    }
    r->N = n;
}

int adx__sem_fiml_resample(const adx_sem_t *s, const struct adx_sem_fiml *f, const size_t *idx,
                           size_t n, struct adx_sem_fiml *r)
{
    size_t p = s->p;
    adx_errctx_t ctx = {0};
    double fh1;
    resample_moments(f, idx, n, r);
    memcpy(r->h1_mean, f->h1_mean, p * sizeof(double));
    memcpy(r->h1_cov, f->h1_cov, p * p * sizeof(double));
    if (em_saturated(s, p, r, &ctx) || pattern_f(r, p, r->h1_mean, r->h1_cov, &fh1))
        return -1;
    r->c_h1 = fh1 / (double)n;
    return 0;
}

/* One pattern's part of adx__sem_fiml_info: P = Sigma_oo^-1 (k x k), G the directions'
 * observed blocks (k x k nd), then X = P G and its blocks transposed into T, so that
 * tr(P dS_a P dS_b) = vec(X_a')' vec(X_b). 1 when Sigma_oo is not positive definite. */
static int info_pattern(const struct adx_sem_fiml *f, size_t g, size_t p, const double *Sig,
                        size_t nd, const double *dS, const double *dm, double *w, double *H)
{
    size_t k = f->pk[g], kk = k * k;
    const size_t *ix = f->oidx + f->po[g];
    double *P = w, *G = P + kk, *X = G + kk * nd, *T = X + kk * nd;
    double wt = (double)f->pn[g] / (double)f->N;
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < k; i++)
            P[i + j * k] = Sig[ix[i] + ix[j] * p];
    if (adx__spd_inverse(P, k, NULL))
        return 1;
    for (size_t a = 0; a < nd; a++)
        for (size_t j = 0; j < k; j++)
            for (size_t i = 0; i < k; i++)
                G[i + j * k + a * kk] = dS[ix[i] + ix[j] * p + a * p * p];
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)k, (int)(k * nd), (int)k, 1.0, P,
                (int)k, G, (int)k, 0.0, X, (int)k);
    for (size_t a = 0; a < nd; a++)
        for (size_t j = 0; j < k; j++)
            for (size_t i = 0; i < k; i++)
                T[j + i * k + a * kk] = X[i + j * k + a * kk];
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)nd, (int)nd, (int)kk, 0.5 * wt, T,
                (int)kk, X, (int)kk, 1.0, H, (int)nd);
    if (!dm)
        return 0;
    for (size_t a = 0; a < nd; a++) /* the mean part: M' P M, M = dm_o (k x nd) */
        for (size_t i = 0; i < k; i++)
            G[i + a * k] = dm[ix[i] + a * p];
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)k, (int)nd, (int)k, 1.0, P,
                (int)k, G, (int)k, 0.0, X, (int)k);
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)nd, (int)nd, (int)k, wt, G, (int)k,
                X, (int)k, 1.0, H, (int)nd);
    return 0;
}

int adx__sem_fiml_info(const struct adx_sem_fiml *f, size_t p, const double *Sig, size_t nd,
                       const double *dS, const double *dm, double *H)
{
    double *w = malloc((p * p * (3 * nd + 1) + 1) * sizeof *w);
    int rc = w ? 0 : -1;
    if (w)
        memset(H, 0, nd * nd * sizeof *H);
    for (size_t g = 0; !rc && g < f->npat; g++)
        rc = info_pattern(f, g, p, Sig, nd, dS, dm, w, H);
    free(w);
    return rc;
}
