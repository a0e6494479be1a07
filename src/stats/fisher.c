/* Fisher's exact test for an r x c contingency table by enumerating the tables with the
 * observed margins, column by column, with the pruning of the network algorithm (Mehta &
 * Patel 1983): where every completion of a partial table is at most as probable as the
 * observed table, all are added at once by the closed form
 * sum prod 1/x! = N'! / (prod r'! prod c'!); where none is, the branch is dropped. The
 * bounds relax the remaining row sums column by column: the most even split of a column
 * gives the largest term, the most concentrated one the smallest (both exact per column,
 * by majorization). Partial tables that reach the same remaining row totals with the same
 * probability so far are merged (the past values of FEXACT). Two-sided p = sum of P(table) <= P(observed)(1 + 1e-7), R's rule. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "stats_priv.h"

/* A past value of the network: -sum log x! over the filled columns, with the number of
 * partial tables that share it (equal values merged, as FEXACT does). */
typedef struct {
    double past, w;
} fx_pv_t;

/* A node: the remaining row totals (sorted: rows are exchangeable for the future). */
typedef struct {
    long *rem;
    fx_pv_t *pv;
    size_t npv, cap;
} fx_node_t;

typedef struct {
    fx_node_t *v;
    size_t n, cap;
    adx__strmap_t map;
} fx_stage_t;

typedef struct {
    size_t nr, nc;
    long *col, *x, *tmp, *srt;  /* column totals (nc); split, scratch, sorted rows (nr) */
    const double *lf;           /* lf[m] = log m! */
    double logk, lobs, sum;     /* log prod r! prod c! / N!, log P_obs (1 + 1e-7), the p */
    double work, cap;           /* past values stored so far, the limit */
    fx_stage_t *next;           /* the stage the splits of the current node go to */
    const fx_pv_t *kept;        /* the current node's past values still undecided */
    size_t nkept;
    int oom;
} fx_t;

static int cmp_long_desc(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x < y) - (x > y);
}

static int cmp_pv(const void *a, const void *b)
{
    double x = ((const fx_pv_t *)a)->past, y = ((const fx_pv_t *)b)->past;
    return (x > y) - (x < y);
}

static void stage_free(fx_stage_t *S)
{
    for (size_t i = 0; i < S->n; i++)
        ADX__FREE(S->v[i].rem, S->v[i].pv);
    free(S->v);
    adx__strmap_free(&S->map);
    memset(S, 0, sizeof *S);
}

/* The node of S with the (sorted) rows F->srt, created when new; NULL when out of memory. */
static fx_node_t *stage_node(fx_t *F, fx_stage_t *S)
{
    char key[512];
    size_t len = 0, at;
    for (size_t i = 0; i < F->nr && len < sizeof key - 24; i++)
        len += (size_t)snprintf(key + len, sizeof key - len, "%ld,", F->srt[i]);
    if (adx__strmap_get(&S->map, key, &at))
        return &S->v[at];
    if (S->n == S->cap && adx__grow(&S->v, &S->cap, sizeof *S->v, 64))
        return NULL;
    fx_node_t *nd = &S->v[S->n];
    memset(nd, 0, sizeof *nd);
    if (!(nd->rem = malloc(F->nr * sizeof *nd->rem)) || adx__strmap_put(&S->map, key, S->n) < 0) {
        free(nd->rem);
        return NULL;
    }
    memcpy(nd->rem, F->srt, F->nr * sizeof *nd->rem);
    S->n++;
    return nd;
}

/* Largest (most even split, water-filling) or smallest (greedy by largest cap) value of
 * -sum log x_i! over splits of c with 0 <= x_i <= rem_i. */
static double column_bound(fx_t *F, const long *rem, long c, int most_even)
{
    long *x = F->tmp;
    memset(x, 0, F->nr * sizeof *x);
    long left = c;
    while (left > 0) {
        size_t best = F->nr;
        for (size_t i = 0; i < F->nr; i++) {
            int can = most_even ? x[i] < rem[i] : x[i] == 0 && rem[i] > 0;
            if (can && (best == F->nr || (most_even ? x[i] < x[best] : rem[i] > rem[best])))
                best = i;
        }
        if (best == F->nr)
            break;
        long add = most_even ? 1 : (rem[best] < left ? rem[best] : left);
        x[best] += add;
        left -= add;
    }
    double v = 0;
    for (size_t i = 0; i < F->nr; i++)
        v -= F->lf[x[i]];
    return v;
}

/* Sorts a node's past values and merges the equal ones (to 1e-10, relative). */
static void merge(fx_node_t *nd)
{
    qsort(nd->pv, nd->npv, sizeof *nd->pv, cmp_pv);
    size_t m = 0;
    for (size_t k = 0; k < nd->npv; k++) {
        fx_pv_t p = nd->pv[k];
        if (m && fabs(nd->pv[m - 1].past - p.past) <= 1e-10 * (1 + fabs(p.past)))
            nd->pv[m - 1].w += p.w;
        else
            nd->pv[m++] = p;
    }
    nd->npv = m;
}

/* Splits `left` of the current column over rows i.. of rem; each complete split passes the
 * kept past values on to the next stage's node. */
static void split(fx_t *F, const long *rem, size_t i, long left, double v)
{
    if (F->oom || F->work > F->cap)
        return;
    if (i + 1 == F->nr) {
        if (left > rem[i])
            return;
        F->x[i] = left;
        v -= F->lf[left];
        for (size_t q = 0; q < F->nr; q++)
            F->srt[q] = rem[q] - F->x[q];
        qsort(F->srt, F->nr, sizeof *F->srt, cmp_long_desc);
        fx_node_t *nd = stage_node(F, F->next);
        if (!nd) {
            F->oom = 1;
            return;
        }
        for (size_t k = 0; k < F->nkept; k++) {
            if (nd->npv == nd->cap && nd->cap >= 64)
                merge(nd);
            if (nd->npv == nd->cap && adx__grow(&nd->pv, &nd->cap, sizeof *nd->pv, 8)) {
                F->oom = 1;
                return;
            }
            nd->pv[nd->npv++] = (fx_pv_t){F->kept[k].past + v, F->kept[k].w};
        }
        F->work += (double)F->nkept;
        return;
    }
    long after = 0;
    for (size_t q = i + 1; q < F->nr; q++)
        after += rem[q];
    long lo = left - after > 0 ? left - after : 0, hi = rem[i] < left ? rem[i] : left;
    for (long x = lo; x <= hi; x++) {
        F->x[i] = x;
        split(F, rem, i + 1, left - x, v - F->lf[x]);
    }
}

/* Settles what the bounds decide for node nd before column j, keeping the rest in place
 * (merged); returns how many past values remain undecided. */
static size_t settle(fx_t *F, fx_node_t *nd, size_t j)
{
    double ub = 0, lb = 0, closed = 0;
    long n = 0;
    for (size_t q = j; q < F->nc; q++) {
        ub += column_bound(F, nd->rem, F->col[q], 1);
        lb += column_bound(F, nd->rem, F->col[q], 0);
        closed -= F->lf[F->col[q]];
        n += F->col[q];
    }
    for (size_t i = 0; i < F->nr; i++)
        closed -= F->lf[nd->rem[i]];
    closed += F->lf[n];
    merge(nd);
    size_t m = 0;
    for (size_t k = 0; k < nd->npv; k++) {
        fx_pv_t p = nd->pv[k];
        if (F->logk + p.past + ub <= F->lobs)
            F->sum += p.w * exp(F->logk + p.past + closed);
        else if (!(F->logk + p.past + lb > F->lobs))
            nd->pv[m++] = p;
    }
    return nd->npv = m;
}

/* Runs the network stage by stage (one column per stage). */
static void network(fx_t *F, fx_stage_t *cur, fx_stage_t *nxt)
{
    for (size_t j = 0; j < F->nc && !F->oom && F->work <= F->cap; j++) {
        F->next = nxt;
        for (size_t a = 0; a < cur->n && !F->oom && F->work <= F->cap; a++) {
            fx_node_t *nd = &cur->v[a];
            if (!settle(F, nd, j))
                continue;
            F->kept = nd->pv;
            F->nkept = nd->npv;
            split(F, nd->rem, 0, F->col[j], 0.0);
        }
        stage_free(cur);
        fx_stage_t t = *cur;
        *cur = *nxt;
        *nxt = t;
    }
    /* After the last column every path has been settled by the exact one-column bounds. */
}

adx_error_t adx__fisher_exact(const double *count, size_t nr, size_t nc, double max_nodes,
                              double *p, adx_errctx_t *ctx)
{
    *p = NAN;
    int tr = nr > nc; /* fewer rows: smaller nodes and splits */
    size_t R = tr ? nc : nr, C = tr ? nr : nc;
    long N = 0;
    for (size_t q = 0; q < nr * nc; q++)
        N += (long)count[q];
    adx_error_t rc = ADX_OK;
    fx_stage_t s1 = {0}, s2 = {0};
    fx_t F = {.nr = R, .nc = C, .cap = max_nodes};
    double *lf = malloc((size_t)(N + 1) * sizeof *lf);
    F.col = calloc(C, sizeof *F.col);
    F.x = calloc(R, sizeof *F.x);
    F.tmp = calloc(R, sizeof *F.tmp);
    F.srt = calloc(R, sizeof *F.srt);
    if (!lf || !F.col || !F.x || !F.tmp || !F.srt)
        goto oom;
    lf[0] = 0;
    for (long m = 1; m <= N; m++)
        lf[m] = lf[m - 1] + log((double)m);
    F.lf = lf;
    double pobs = 0;
    for (size_t a = 0; a < nr; a++)
        for (size_t b = 0; b < nc; b++) {
            long x = (long)count[a * nc + b];
            F.srt[tr ? b : a] += x;
            F.col[tr ? a : b] += x;
            pobs -= lf[x];
        }
    F.logk = -lf[N];
    for (size_t i = 0; i < R; i++)
        F.logk += lf[F.srt[i]];
    for (size_t j = 0; j < C; j++)
        F.logk += lf[F.col[j]];
    F.lobs = F.logk + pobs + log1p(1e-7);
    qsort(F.srt, R, sizeof *F.srt, cmp_long_desc);
    fx_node_t *root = stage_node(&F, &s1);
    if (!root || adx__grow(&root->pv, &root->cap, sizeof *root->pv, 8))
        goto oom;
    root->pv[root->npv++] = (fx_pv_t){0.0, 1.0};
    network(&F, &s1, &s2);
    if (F.oom)
        goto oom;
    if (F.work <= F.cap)
        *p = F.sum > 1 ? 1.0 : F.sum;
    goto cleanup;
oom:
    rc = adx_oom(ctx);
cleanup:
    stage_free(&s1);
    stage_free(&s2);
    ADX__FREE(F.col, F.x, F.tmp, F.srt, lf);
    return rc;
}

void adx__fisher_2x2_onesided(const double *c, double *less, double *greater)
{
    long a = (long)c[0], b = (long)c[1], cc = (long)c[2], d = (long)c[3];
    long r1 = a + b, c1 = a + cc, n = a + b + cc + d;
    long lo = r1 + c1 - n > 0 ? r1 + c1 - n : 0, hi = r1 < c1 ? r1 : c1;
    *less = *greater = 0;
    for (long x = lo; x <= hi; x++) {
        double lp = lgamma((double)r1 + 1) + lgamma((double)(n - r1) + 1) +
                    lgamma((double)c1 + 1) + lgamma((double)(n - c1) + 1) - lgamma((double)n + 1) -
                    lgamma((double)x + 1) - lgamma((double)(r1 - x) + 1) -
                    lgamma((double)(c1 - x) + 1) - lgamma((double)(n - r1 - c1 + x) + 1);
        if (x <= a)
            *less += exp(lp);
        if (x >= a)
            *greater += exp(lp);
    }
    *less = fmin(*less, 1.0);
    *greater = fmin(*greater, 1.0);
}
