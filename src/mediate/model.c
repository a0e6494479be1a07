/* The path algebra of the conditional process models (PROCESS 1, 4, 6, 7, 8, 14,
 * 58, 59; Hayes 2022, appendix A): which regressors enter each equation, the
 * indirect paths from X through the mediators to Y, and every bootstrapped quantity
 * (indirect effect at a probe value, total, contrast, index of moderated mediation)
 * as a function of the coefficient vectors, shared by the point estimate, the
 * resamples, the jackknife and the Monte Carlo draws. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "med_priv.h"

size_t adx__med_zfind(adx__med_model_t *M, int b1, int b2)
{
    for (size_t j = 0; j < M->nz; j++)
        if (M->z[j].b1 == b1 && M->z[j].b2 == b2)
            return j;
    M->z[M->nz].b1 = b1;
    M->z[M->nz].b2 = b2;
    return M->nz++;
}

int adx__med_eq_pos(const adx__med_eq_t *e, size_t zc)
{
    for (size_t j = 0; j < e->nterm; j++)
        if (e->term[j] == zc)
            return (int)j;
    return -1;
}

/* Edge from base variable `from` into equation e: main coefficient and product. */
static adx__med_edge_t make_edge(adx__med_model_t *M, int from, int e)
{
    adx__med_edge_t ed;
    ed.eq = e;
    ed.pos = adx__med_eq_pos(&M->eq[e], adx__med_zfind(M, from, -1));
    ed.pos_int = -1;
    if (M->bw >= 0) {
        for (size_t j = 0; j < M->nz; j++)
            if (M->z[j].b1 == from && M->z[j].b2 == M->bw)
                ed.pos_int = adx__med_eq_pos(&M->eq[e], j);
    }
    return ed;
}

static void add_path(adx__med_model_t *M, const int *meds, size_t len)
{
    size_t p = M->npath++;
    M->plen[p] = len + 1;
    /* base column of mediator j is 1 + j; its equation is j */
    M->pe[p][0] = make_edge(M, M->bx, meds[0]);
    for (size_t l = 1; l < len; l++)
        M->pe[p][l] = make_edge(M, 1 + meds[l - 1], meds[l]);
    M->pe[p][len] = make_edge(M, 1 + meds[len - 1], (int)M->k);
    for (size_t l = 0; l < len; l++)
        M->pmed[p][l] = meds[l];
}

/* Serial paths in depth-first order: (1), (1,2), (1,2,3), (1,3), (2), ... */
static void serial_paths(adx__med_model_t *M, int *buf, size_t len, int next)
{
    for (int j = next; j < (int)M->k; j++) {
        buf[len] = j;
        add_path(M, buf, len + 1);
        serial_paths(M, buf, len + 1, j + 1);
    }
}

void adx__med_build_model(adx__med_model_t *M, int model, size_t k, size_t ncov, int has_w)
{
    memset(M, 0, sizeof *M);
    M->model = model;
    M->k = k;
    M->ncov = ncov;
    M->serial = model == 6;
    M->aW = model == 7 || model == 8 || model == 58 || model == 59;
    M->bW = model == 14 || model == 58 || model == 59;
    M->cW = model == 1 || model == 8 || model == 59;
    M->bx = 0;
    M->by = (int)k + 1;
    M->bw = has_w ? (int)k + 2 : -1;
    M->bcov = (int)k + 2 + (has_w ? 1 : 0);
    M->nb = (size_t)M->bcov + ncov;
    size_t zc = adx__med_zfind(M, -1, -1);
    M->zx = adx__med_zfind(M, M->bx, -1);
    M->zy = adx__med_zfind(M, M->by, -1);
    for (size_t j = 0; j < k; j++) {
        adx__med_eq_t *e = &M->eq[j];
        e->out = adx__med_zfind(M, 1 + (int)j, -1);
        e->term[e->nterm++] = zc;
        e->term[e->nterm++] = M->zx;
        if (M->serial)
            for (size_t i = 0; i < j; i++)
                e->term[e->nterm++] = adx__med_zfind(M, 1 + (int)i, -1);
        if (M->aW) {
            e->term[e->nterm++] = adx__med_zfind(M, M->bw, -1);
            e->term[e->nterm++] = adx__med_zfind(M, M->bx, M->bw);
        }
        for (size_t c = 0; c < ncov; c++)
            e->term[e->nterm++] = adx__med_zfind(M, M->bcov + (int)c, -1);
    }
    adx__med_eq_t *e = &M->eq[k];
    e->out = M->zy;
    e->term[e->nterm++] = zc;
    if (model == 1) {
        e->term[e->nterm++] = M->zx;
        e->term[e->nterm++] = adx__med_zfind(M, M->bw, -1);
        e->term[e->nterm++] = adx__med_zfind(M, M->bx, M->bw);
    } else {
        for (size_t j = 0; j < k; j++)
            e->term[e->nterm++] = adx__med_zfind(M, 1 + (int)j, -1);
        e->term[e->nterm++] = M->zx;
        if (M->bW || M->cW)
            e->term[e->nterm++] = adx__med_zfind(M, M->bw, -1);
        if (M->bW)
            for (size_t j = 0; j < k; j++)
                e->term[e->nterm++] = adx__med_zfind(M, 1 + (int)j, M->bw);
        if (M->cW)
            e->term[e->nterm++] = adx__med_zfind(M, M->bx, M->bw);
    }
    for (size_t c = 0; c < ncov; c++)
        e->term[e->nterm++] = adx__med_zfind(M, M->bcov + (int)c, -1);
    M->neq = k + 1;
    if (M->serial) {
        int buf[ADX_MED_MAX_M];
        serial_paths(M, buf, 0, 0);
    } else {
        for (size_t j = 0; j < k; j++) {
            int mj = (int)j;
            add_path(M, &mj, 1);
        }
    }
    M->moderated = M->aW || M->bW;
}

/* Number of moderated edges along path p. */
static int path_nmod(const adx__med_model_t *M, size_t p)
{
    int c = 0;
    for (size_t l = 0; l < M->plen[p]; l++)
        c += M->pe[p][l].pos_int >= 0;
    return c;
}

static double path_value(const adx__med_model_t *M, size_t p, const double *const *coef, double w)
{
    double v = 1.0;
    for (size_t l = 0; l < M->plen[p]; l++) {
        const adx__med_edge_t *e = &M->pe[p][l];
        double a = coef[e->eq][e->pos];
        if (e->pos_int >= 0)
            a += coef[e->eq][e->pos_int] * w;
        v *= a;
    }
    return v;
}

static double path_index(const adx__med_model_t *M, size_t p, const double *const *coef)
{
    double v = 1.0;
    for (size_t l = 0; l < M->plen[p]; l++) {
        const adx__med_edge_t *e = &M->pe[p][l];
        v *= e->pos_int >= 0 ? coef[e->eq][e->pos_int] : coef[e->eq][e->pos];
    }
    return v;
}

void adx__med_theta(const adx__med_model_t *M, const double *const *coef, double sdx, double sdy,
                    double *theta)
{
    for (size_t i = 0; i < M->nitem; i++) {
        const adx__med_item_t *it = &M->items[i];
        double v = 0;
        switch (it->kind) {
        case ADX__MED_PATH:
            v = path_value(M, (size_t)it->path, coef, it->w);
            break;
        case ADX__MED_TOTAL:
            for (size_t p = 0; p < M->npath; p++)
                v += path_value(M, p, coef, 0.0);
            break;
        case ADX__MED_CONTRAST:
            v = path_value(M, (size_t)it->path, coef, 0.0) -
                path_value(M, (size_t)it->path2, coef, 0.0);
            break;
        case ADX__MED_INDEX:
            v = path_index(M, (size_t)it->path, coef);
            break;
        }
        theta[i] = v;
    }
    for (size_t i = 0; i < M->nstd; i++) {
        theta[M->nitem + i] = theta[i] / sdy;
        theta[M->nitem + M->nstd + i] = theta[i] * sdx / sdy;
    }
}

/* Items in the order of the result rows: specific indirect effects (per probe value
 * when a path is moderated), then the total or the indices of moderated mediation,
 * then the pairwise contrasts. */
adx_error_t adx__med_plan_items(adx__med_model_t *M, adx_mediate_t *R)
{
    size_t cap = M->npath * (ADX__MED_NPROBE + 2) + M->npath * M->npath + 4;
    if (!(M->items = calloc(cap, sizeof *M->items)))
        return ADX_ENOMEM;
    size_t ni = 0;
    if (M->moderated) {
        for (size_t p = 0; p < M->npath; p++) {
            if (path_nmod(M, p) == 0) {
                M->items[ni].kind = ADX__MED_PATH, M->items[ni].path = (int)p, M->items[ni++].w = NAN;
                continue;
            }
            for (size_t q = 0; q < R->nprobe; q++)
                M->items[ni].kind = ADX__MED_PATH, M->items[ni].path = (int)p,
                M->items[ni++].w = R->probes[q];
        }
        R->nind = ni;
        for (size_t p = 0; p < M->npath; p++)
            if (path_nmod(M, p) == 1)
                M->items[ni].kind = ADX__MED_INDEX, M->items[ni++].path = (int)p;
        R->nindex = ni - R->nind;
    } else {
        for (size_t p = 0; p < M->npath; p++)
            M->items[ni].kind = ADX__MED_PATH, M->items[ni].path = (int)p, M->items[ni++].w = 0;
        if (M->npath > 1)
            M->items[ni++].kind = ADX__MED_TOTAL;
        R->nind = ni;
        M->nstd = ni;
        R->has_std = 1;
        for (size_t p = 0; p < M->npath; p++)
            for (size_t q = p + 1; q < M->npath; q++)
                M->items[ni].kind = ADX__MED_CONTRAST, M->items[ni].path = (int)p,
                M->items[ni++].path2 = (int)q;
        R->ncontrast = ni - R->nind;
    }
    M->nitem = ni;
    M->ntheta = ni + 2 * M->nstd;
    return ADX_OK;
}
