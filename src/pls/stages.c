/* Interaction terms (Y ~ X + W + X:W) and higher-order constructs (HOC =~ LOC1 + LOC2) as
 * seminr 2.3.1 estimates them (docs/pls.md): the model text is rewritten into one or two
 * plain PLS models (adx__pls_plain) on the data with generated columns added:
 *   two-stage interaction: stage 1 without the X:W terms; the product of the standardized
 *     stage-1 scores of X and W is the single item of X:W in stage 2;
 *   product indicators: X:W measured (mode A) by every product of a standardized X item
 *     and a standardized W item;
 *   then, as seminr (Henseler & Chin 2010), the X:W score is multiplied by
 *     a = sum_k sd(item_k) |l_k| / sum_k |l_k| (the raw product items), so its paths are
 *     on that scale;
 *   two-stage HOC: stage 1 with the HOC replaced by its LOCs (paths into the HOC go to
 *     every LOC, paths out of it leave from every LOC); the stage-1 LOC scores are the
 *     HOC's items in stage 2; the LOCs are reported after the stage-2 constructs;
 *   repeated indicators: the HOC is measured by every item of its LOCs (mode from =~ / <~)
 *     and linked to them by HOC -> LOC paths (=~) or LOC -> HOC paths (<~).
 * f^2 re-estimates the whole procedure without the path (seminr); f^2 of X and W in a
 * regression with X:W is not applicable (NaN). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "../base/base.h"
#include "ambidex/adx_rng.h"
#include "pls_priv.h"

#define SPEC_MAX 4096

typedef struct {
    char *buf;                                   /* the text copy the names point into */
    size_t nl, nterm;
    char *lhs[SPEC_MAX], op[SPEC_MAX];           /* op: 'A' =~, 'B' <~, 'S' ~ */
    size_t t0[SPEC_MAX], nt[SPEC_MAX];           /* terms of line l: term[t0 .. t0 + nt) */
    char *term[SPEC_MAX];
    signed char hocline[SPEC_MAX];               /* measurement line of a HOC */
} spec_t;

/* Light parse; 1 when the text is not well formed (the plain parser then reports it). */
static int spec_parse(spec_t *sp, char *text)
{
    sp->buf = text;
    for (char *s = text, *nl; s; s = nl ? nl + 1 : NULL) {
        nl = strchr(s, '\n');
        if (nl)
            *nl = '\0';
        char *hash = strchr(s, '#');
        if (hash)
            *hash = '\0';
        s = adx__trim(s);
        char *op = strchr(s, '~');
        if (!*s)
            continue;
        if (!op || op == s || sp->nl == SPEC_MAX)
            return 1;
        char kind = op[-1] == '=' ? 'A' : op[-1] == '<' ? 'B' : 'S';
        *(kind == 'S' ? op : op - 1) = '\0';
        sp->lhs[sp->nl] = adx__trim(s);
        sp->op[sp->nl] = kind;
        sp->t0[sp->nl] = sp->nterm;
        char *save = NULL;
        for (char *t = strtok_r(op + 1, "+", &save); t; t = strtok_r(NULL, "+", &save)) {
            if (sp->nterm == SPEC_MAX)
                return 1;
            sp->term[sp->nterm++] = adx__trim(t);
        }
        sp->nt[sp->nl] = sp->nterm - sp->t0[sp->nl];
        sp->nl++;
    }
    return 0;
}

/* Measurement line of construct name, or -1. */
static long meas_line(const spec_t *sp, const char *name)
{
    for (size_t l = 0; l < sp->nl; l++)
        if (sp->op[l] != 'S' && !strcmp(sp->lhs[l], name))
            return (long)l;
    return -1;
}

/* Marks the HOC lines; counts HOCs and interaction terms. */
static void spec_scan(spec_t *sp, size_t *nhoc, size_t *nint)
{
    *nhoc = *nint = 0;
    for (size_t l = 0; l < sp->nl; l++) {
        sp->hocline[l] = 0;
        for (size_t t = sp->t0[l]; t < sp->t0[l] + sp->nt[l]; t++) {
            if (sp->op[l] == 'S')
                *nint += strchr(sp->term[t], ':') != NULL;
            else if (meas_line(sp, sp->term[t]) >= 0 && strcmp(sp->term[t], sp->lhs[l]))
                sp->hocline[l] = 1;
        }
        *nhoc += (size_t)sp->hocline[l];
    }
}

/* 1 if name is a LOC of some HOC. */
static int is_loc(const spec_t *sp, const char *name)
{
    for (size_t l = 0; l < sp->nl; l++)
        for (size_t t = sp->t0[l]; sp->hocline[l] && t < sp->t0[l] + sp->nt[l]; t++)
            if (!strcmp(sp->term[t], name))
                return 1;
    return 0;
}

/* How a text is generated. */
enum { GEN_PLAIN, GEN_INT1, GEN_INT2, GEN_HOC1, GEN_HOC2, GEN_REPEAT };

typedef struct {
    adx__sb_t meas, st;
    unsigned char used[SPEC_MAX]; /* measurement lines to write */
} gen_t;

static void use(const spec_t *sp, gen_t *g, const char *name)
{
    long l = meas_line(sp, name);
    if (l >= 0)
        g->used[l] = 1;
}

/* Appends term name to the structural line (first: after "lhs ~ "). */
static void put_term(const spec_t *sp, gen_t *g, const char *name, int *first)
{
    adx__sb_str(&g->st, *first ? " " : " + ");
    adx__sb_str(&g->st, name);
    *first = 0;
    use(sp, g, name);
}

/* Term name, with a HOC replaced by its LOCs when expand. */
static void put_expanded(const spec_t *sp, gen_t *g, const char *name, int expand, int *first)
{
    long h = meas_line(sp, name);
    if (!expand || h < 0 || !sp->hocline[h]) {
        put_term(sp, g, name, first);
        return;
    }
    for (size_t t = sp->t0[h]; t < sp->t0[h] + sp->nt[h]; t++)
        put_term(sp, g, sp->term[t], first);
}

/* One structural line l (term skip left out) for the kind of text. */
static void gen_struct(const spec_t *sp, gen_t *g, size_t l, long skip, int kind)
{
    long h = meas_line(sp, sp->lhs[l]);
    int hoc_lhs = kind == GEN_HOC1 && h >= 0 && sp->hocline[h];
    size_t nlhs = hoc_lhs ? sp->nt[h] : 1;
    for (size_t k = 0; k < nlhs; k++) {
        const char *lhs = hoc_lhs ? sp->term[sp->t0[h] + k] : sp->lhs[l];
        size_t mark = g->st.len;
        int first = 1;
        adx__sb_printf(&g->st, "%s ~", lhs);
        for (size_t t = sp->t0[l]; t < sp->t0[l] + sp->nt[l]; t++) {
            int intx = strchr(sp->term[t], ':') != NULL;
            if ((long)t == skip || (intx && (kind == GEN_INT1 || kind == GEN_HOC1)))
                continue;
            put_expanded(sp, g, sp->term[t], kind == GEN_HOC1, &first);
        }
        if (first) { /* no term left: drop the line */
            g->st.len = mark;
            if (g->st.s)
                g->st.s[mark] = '\0';
            continue;
        }
        adx__sb_char(&g->st, '\n');
        use(sp, g, lhs);
    }
}

/* The measurement line l (HOC lines per kind); interaction lines follow in gen_text. */
static void gen_meas(const spec_t *sp, gen_t *g, size_t l, int kind)
{
    int hoc = sp->hocline[l];
    if ((hoc && kind == GEN_HOC1) || (kind == GEN_HOC2 && is_loc(sp, sp->lhs[l])))
        return;
    adx__sb_printf(&g->meas, "%s %s", sp->lhs[l], sp->op[l] == 'B' ? "<~" : "=~");
    int first = 1;
    for (size_t t = sp->t0[l]; t < sp->t0[l] + sp->nt[l]; t++) {
        long m = hoc && kind == GEN_REPEAT ? meas_line(sp, sp->term[t]) : -1;
        for (size_t u = m >= 0 ? sp->t0[m] : t; u < (m >= 0 ? sp->t0[m] + sp->nt[m] : t + 1);
             u++) {
            adx__sb_str(&g->meas, first ? " " : " + ");
            adx__sb_str(&g->meas, sp->term[u]);
            first = 0;
        }
    }
    adx__sb_char(&g->meas, '\n');
}

/* Product item names of X:W in seminr's order (every W item for each X item). */
static void gen_products(const spec_t *sp, adx__sb_t *b, const char *x, const char *w)
{
    long lx = meas_line(sp, x), lw = meas_line(sp, w);
    int first = 1;
    for (size_t i = sp->t0[lx]; i < sp->t0[lx] + sp->nt[lx]; i++)
        for (size_t j = sp->t0[lw]; j < sp->t0[lw] + sp->nt[lw]; j++) {
            adx__sb_printf(b, "%s%s:%s", first ? " " : " + ", sp->term[i], sp->term[j]);
            first = 0;
        }
}

/* The interaction constructs "X:W =~ X:W" (two-stage) or "X:W =~ x1:w1 + ..." (product). */
static void gen_interactions(const spec_t *sp, gen_t *g, long skip, int product)
{
    for (size_t l = 0; l < sp->nl; l++)
        for (size_t t = sp->t0[l]; sp->op[l] == 'S' && t < sp->t0[l] + sp->nt[l]; t++) {
            char *c = strchr(sp->term[t], ':');
            if (!c || (long)t == skip)
                continue;
            int seen = 0; /* the same term in an earlier line */
            for (size_t u = 0; u < t; u++)
                seen |= !strcmp(sp->term[u], sp->term[t]);
            if (seen)
                continue;
            adx__sb_printf(&g->meas, "%s =~", sp->term[t]);
            if (product) {
                *c = '\0';
                gen_products(sp, &g->meas, sp->term[t], c + 1);
                *c = ':';
            } else {
                adx__sb_printf(&g->meas, " %s", sp->term[t]);
            }
            adx__sb_char(&g->meas, '\n');
        }
}

/* The model text of one stage (NULL when memory runs out). */
static char *gen_text(const spec_t *sp, long skip, int kind, int product)
{
    gen_t *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    for (size_t l = 0; l < sp->nl; l++)
        if (sp->op[l] == 'S')
            gen_struct(sp, g, l, skip, kind);
    for (size_t l = 0; kind == GEN_REPEAT && l < sp->nl; l++) {
        if (!sp->hocline[l] || !g->used[l])
            continue;
        for (size_t t = sp->t0[l]; t < sp->t0[l] + sp->nt[l]; t++) {
            if (sp->op[l] == 'B')
                adx__sb_printf(&g->st, "%s ~ %s\n", sp->lhs[l], sp->term[t]);
            else
                adx__sb_printf(&g->st, "%s ~ %s\n", sp->term[t], sp->lhs[l]);
            use(sp, g, sp->term[t]);
        }
    }
    for (size_t l = 0; l < sp->nl; l++)
        if (sp->op[l] != 'S' && g->used[l])
            gen_meas(sp, g, l, kind);
    if (kind == GEN_INT2)
        gen_interactions(sp, g, skip, product);
    adx__sb_str(&g->meas, g->st.s ? g->st.s : "");
    char *text = g->st.oom ? NULL : adx__sb_take(&g->meas);
    adx__sb_free(&g->meas);
    adx__sb_free(&g->st);
    free(g);
    return text;
}

static long cidx(const adx_pls_t *r, const char *name)
{
    for (size_t c = 0; c < r->nc; c++)
        if (!strcmp(r->cname[c], name))
            return (long)c;
    return -1;
}

/* Adds column name = the values (n) to ds (takes them). */
static adx_error_t add_col(adx_dataset_t *ds, const char *name, double *v, adx_errctx_t *ctx)
{
    return v ? adx_dataset_add_numeric(ds, name, v, NULL, ctx) : adx_oom(ctx);
}

static double sd_of(const double *x, size_t n)
{
    double m = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        m += x[i];
    m /= (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    return sqrt(ss / (double)(n - 1));
}

/* seminr's interaction adjustment of construct c: score times a, loadings times a, its
 * path coefficients, total and indirect effects divided by a; mode 'I'. sd: the raw SD of
 * each of its items (block order). */
static void scale_interaction(adx_pls_t *r, size_t c, const double *sd)
{
    double num = 0, den = 0;
    for (size_t i = 0, k = 0; i < r->ni; i++)
        if (r->icon[i] == c) {
            num += sd[k++] * fabs(r->loading[i]);
            den += fabs(r->loading[i]);
        }
    double a = num / den;
    r->mode[c] = 'I';
    for (size_t i = 0; i < r->n; i++)
        r->scores[c * r->n + i] *= a;
    double sl = 0, sl2 = 0, k = 0;
    for (size_t i = 0; i < r->ni; i++)
        if (r->icon[i] == c) {
            r->loading[i] *= a;
            sl += r->loading[i];
            sl2 += r->loading[i] * r->loading[i];
            k++;
        }
    r->rho_a[c] = 1; /* seminr: rho_C and AVE from the scaled loadings, rho_A 1 */
    if (k > 1) {
        r->rho_c[c] = sl * sl / (sl * sl + k - sl2);
        r->ave[c] = sl2 / k;
    }
    for (size_t e = 0; e < r->npaths; e++)
        if (r->pfrom[e] == c)
            r->coef[e] /= a;
    for (size_t j = 0; j < r->nc; j++)
        r->total[c * r->nc + j] /= a;
    for (size_t k = 0; k < r->nind; k++)
        if (r->ind_node[r->ind_start[k]] == c)
            r->ind_effect[k] /= a;
}

/* z-scores (mean replacement, n - 1) of the items of the construct on line l: n x nt. */
static adx_error_t block_z(const adx_dataset_t *ds, const spec_t *sp, size_t l, double **out,
                           adx_errctx_t *ctx)
{
    adx_pls_t tmp = {0};
    tmp.ni = sp->nt[l];
    tmp.iname = (char **)(sp->term + sp->t0[l]);
    size_t *idx = malloc(tmp.ni * sizeof *idx);
    double *z = malloc(ds->nrows * tmp.ni * sizeof *z);
    adx_error_t rc = idx && z ? ADX_OK : adx_oom(ctx);
    if (!rc)
        rc = adx_dataset_lookup(ds, (const char *const *)tmp.iname, tmp.ni, 1, idx, ctx);
    if (!rc)
        rc = adx__pls_standardize(ds, &tmp, idx, z, ctx);
    free(idx);
    if (rc) {
        free(z);
        z = NULL;
    }
    *out = z;
    return rc;
}

/* Product indicators: column "x:w" = z_x z_w for every item pair of every X:W. */
static adx_error_t product_columns(adx_dataset_t *aug, const spec_t *sp, long skip,
                                   adx_errctx_t *ctx)
{
    size_t n = aug->nrows;
    adx_error_t rc = ADX_OK;
    for (size_t t = 0; !rc && t < sp->nterm; t++) {
        char *c = strchr(sp->term[t], ':');
        if (!c || (long)t == skip)
            continue;
        *c = '\0';
        long lx = meas_line(sp, sp->term[t]), lw = meas_line(sp, c + 1);
        *c = ':';
        double *zx = NULL, *zw = NULL;
        rc = block_z(aug, sp, (size_t)lx, &zx, ctx);
        if (!rc)
            rc = block_z(aug, sp, (size_t)lw, &zw, ctx);
        for (size_t i = 0; !rc && i < sp->nt[lx]; i++)
            for (size_t j = 0; !rc && j < sp->nt[lw]; j++) {
                char name[512];
                snprintf(name, sizeof name, "%s:%s", sp->term[sp->t0[lx] + i],
                         sp->term[sp->t0[lw] + j]);
                double *p = malloc(n * sizeof *p);
                for (size_t k = 0; p && k < n; k++)
                    p[k] = zx[i * n + k] * zw[j * n + k];
                rc = add_col(aug, name, p, ctx);
            }
        free(zx);
        free(zw);
    }
    return rc;
}

/* The interaction model: product columns added to a copy of ds (two-stage: from the
 * stage-1 fit r1), the stage-2 fit into *out, then the adjustment. */
static adx_error_t fit_interaction(const adx_dataset_t *ds, const spec_t *sp, long skip,
                                   const adx_pls_options_t *o, adx_pls_t **out,
                                   adx_errctx_t *ctx)
{
    int product = o->interaction == ADX_PLS_INT_PRODUCT;
    adx_pls_t *r1 = NULL, *r2 = NULL;
    adx_dataset_t *aug = adx_dataset_copy(ds);
    char *t1 = product ? NULL : gen_text(sp, skip, GEN_INT1, 0);
    char *t2 = gen_text(sp, skip, GEN_INT2, product);
    double *sd = NULL;
    adx_error_t rc = aug && t2 && (product || t1) ? ADX_OK : adx_oom(ctx);
    if (!rc && !product)
        rc = adx__pls_plain(ds, t1, o, &r1, ctx);
    size_t n = ds->nrows;
    for (size_t l = 0; !rc && l < sp->nl; l++)
        for (size_t t = sp->t0[l]; !rc && sp->op[l] == 'S' && t < sp->t0[l] + sp->nt[l]; t++) {
            char *c = strchr(sp->term[t], ':');
            if (!c || (long)t == skip)
                continue;
            *c = '\0';
            const char *x = sp->term[t], *w = c + 1;
            if (meas_line(sp, x) < 0 || meas_line(sp, w) < 0 || strchr(w, ':'))
                rc = adx_err(ctx, ADX_EPARSE, "model: interaction term '%s:%s' needs two "
                                              "constructs; write X:W with X and W defined by "
                                              "=~ or <~", x, w);
            else if (!product) {
                long cx = cidx(r1, x), cw = cidx(r1, w);
                double *p = malloc(n * sizeof *p);
                for (size_t i = 0; p && i < n; i++)
                    p[i] = r1->scores[(size_t)cx * n + i] * r1->scores[(size_t)cw * n + i];
                *c = ':';
                rc = cx < 0 || cw < 0 ? adx_err(ctx, ADX_EUSAGE, "model: the constructs of "
                                                                 "'%s' must be in the model "
                                                                 "without it", sp->term[t])
                                      : add_col(aug, sp->term[t], p, ctx);
                if (cx < 0 || cw < 0)
                    free(p);
            }
            *c = ':';
        }
    if (!rc && product)
        rc = product_columns(aug, sp, skip, ctx);
    if (!rc)
        rc = adx__pls_plain(aug, t2, o, &r2, ctx);
    for (size_t c = 0; !rc && c < r2->nc; c++) {
        if (!strchr(r2->cname[c], ':'))
            continue;
        size_t k = 0;
        free(sd);
        if (!(sd = malloc(r2->ni * sizeof *sd))) {
            rc = adx_oom(ctx);
            break;
        }
        for (size_t i = 0; i < r2->ni; i++)
            if (r2->icon[i] == c)
                sd[k++] = sd_of(aug->vars[adx_dataset_find(aug, r2->iname[i])].num, n);
        scale_interaction(r2, c, sd);
    }
    free(sd);
    free(t1);
    free(t2);
    adx_pls_free(r1);
    adx_dataset_free(aug);
    if (rc)
        adx_pls_free(r2);
    else
        *out = r2;
    return rc;
}

/* dst (na + nb) = a then b (b NULL: NaN); NULL when memory runs out. */
static double *cat(const double *a, size_t na, const double *b, size_t nb)
{
    double *d = malloc((na + nb ? na + nb : 1) * sizeof *d);
    if (!d)
        return NULL;
    memcpy(d, a, na * sizeof *d);
    for (size_t i = 0; i < nb; i++)
        d[na + i] = b ? b[i] : NAN;
    return d;
}

/* The LOCs of r1 (stage 1) in the order of the HOC lines: their indices in r1. */
static size_t loc_list(const spec_t *sp, const adx_pls_t *r1, size_t *loc)
{
    size_t L = 0;
    for (size_t l = 0; l < sp->nl; l++)
        for (size_t t = sp->t0[l]; sp->hocline[l] && t < sp->t0[l] + sp->nt[l]; t++) {
            long c = cidx(r1, sp->term[t]);
            int dup = 0;
            for (size_t k = 0; k < L; k++)
                dup |= (long)loc[k] == c;
            if (c >= 0 && !dup)
                loc[L++] = (size_t)c;
        }
    return L;
}

/* Structure and per-item / per-construct numbers of the merged result m: r2's constructs,
 * then the LOCs loc[0..L) of r1 with their items. */
static adx_error_t merge_numbers(adx_pls_t *m, const adx_pls_t *r2, const adx_pls_t *r1,
                                 const size_t *loc, size_t L, adx_errctx_t *ctx)
{
    size_t nc2 = r2->nc, nc = m->nc, ni2 = r2->ni, n = r2->n, k = ni2;
    double *wl = malloc((m->ni - ni2 + 1) * 3 * sizeof *wl), *cl = malloc((4 * L + 1) * sizeof *cl);
    double *sc = malloc((n * L + 1) * sizeof *sc);
    if (!wl || !cl || !sc) {
        ADX__FREE(wl, cl, sc);
        return adx_oom(ctx);
    }
    size_t nl = m->ni - ni2;
    for (size_t q = 0; q < L; q++) {
        for (size_t i = 0; i < r1->ni; i++)
            if (r1->icon[i] == loc[q]) {
                m->iname[k] = adx__strdup(r1->iname[i]);
                m->icon[k] = nc2 + q;
                wl[k - ni2] = r1->weight[i];
                wl[nl + k - ni2] = r1->loading[i];
                wl[2 * nl + k - ni2] = r1->outer_vif[i];
                k++;
            }
        m->cname[nc2 + q] = adx__strdup(r1->cname[loc[q]]);
        m->mode[nc2 + q] = r1->mode[loc[q]];
        m->hoc[nc2 + q] = 2;
        const double *src[] = {r1->alpha, r1->rho_a, r1->rho_c, r1->ave};
        for (size_t s = 0; s < 4; s++)
            cl[s * L + q] = src[s][loc[q]];
        memcpy(sc + q * n, r1->scores + loc[q] * n, n * sizeof *sc);
    }
    m->weight = cat(r2->weight, ni2, wl, nl);
    m->loading = cat(r2->loading, ni2, wl + nl, nl);
    m->outer_vif = cat(r2->outer_vif, ni2, wl + 2 * nl, nl);
    m->r2 = cat(r2->r2, nc2, NULL, L);
    m->adj_r2 = cat(r2->adj_r2, nc2, NULL, L);
    m->alpha = cat(r2->alpha, nc2, cl, L);
    m->rho_a = cat(r2->rho_a, nc2, cl + L, L);
    m->rho_c = cat(r2->rho_c, nc2, cl + 2 * L, L);
    m->ave = cat(r2->ave, nc2, cl + 3 * L, L);
    m->scores = cat(r2->scores, n * nc2, sc, n * L);
    ADX__FREE(wl, cl, sc);
    for (size_t c = 0; c < nc2; c++)
        for (size_t d = 0; d < nc2; d++) {
            m->adj[c * nc + d] = r2->adj[c * nc2 + d];
            m->total[c * nc + d] = r2->total[c * nc2 + d];
        }
    for (size_t i = 0; i < m->ni; i++)
        if (!m->iname[i])
            return adx_oom(ctx);
    for (size_t c = 0; c < nc; c++)
        if (!m->cname[c])
            return adx_oom(ctx);
    return m->weight && m->loading && m->outer_vif && m->r2 && m->adj_r2 && m->alpha &&
                   m->rho_a && m->rho_c && m->ave && m->scores
               ? ADX_OK
               : adx_oom(ctx);
}

/* HTMT, Fornell-Larcker and cross-loadings of the merged result m over every item entry
 * (the LOC scores are columns of aug). */
static adx_error_t merge_validity(adx_pls_t *m, const adx_dataset_t *aug, adx_errctx_t *ctx)
{
    size_t n = m->n, nc = m->nc, ni = m->ni;
    size_t *idx = malloc(ni * sizeof *idx), *bstart = calloc(nc, sizeof *bstart);
    size_t *blen = calloc(nc, sizeof *blen);
    double *z = malloc(n * ni * sizeof *z), *s = malloc(ni * ni * sizeof *s);
    double *cs = malloc(nc * nc * sizeof *cs), *mono = malloc(nc * sizeof *mono);
    adx_error_t rc = idx && bstart && blen && z && s && cs && mono ? ADX_OK : adx_oom(ctx);
    if (!rc)
        rc = adx_dataset_lookup(aug, (const char *const *)m->iname, ni, 1, idx, ctx);
    if (!rc)
        rc = adx__pls_standardize(aug, m, idx, z, ctx);
    if (rc)
        goto cleanup;
    for (size_t i = ni; i-- > 0;) {
        bstart[m->icon[i]] = i;
        blen[m->icon[i]]++;
    }
    adx__pls_cor(z, n, ni, s);
    adx__pls_cor(m->scores, n, nc, cs);
    adx__pls_data_t d = {n, nc, ni, z, bstart, blen, m->mode, s, NULL};
    adx__pls_htmt(&d, m->htmt, mono);
    for (size_t a = 0; a < nc; a++)
        for (size_t b = 0; b < nc; b++)
            m->fl[a * nc + b] = a == b ? sqrt(m->ave[a]) : cs[a * nc + b];
    for (size_t i = 0; i < ni; i++)
        for (size_t c = 0; c < nc; c++) {
            double v = 0, sd = 0;
            for (size_t row = 0; row < n; row++) {
                v += z[i * n + row] * m->scores[c * n + row];
                sd += m->scores[c * n + row] * m->scores[c * n + row];
            }
            m->cross[i * nc + c] = v / sqrt(sd * (double)(n - 1));
        }
cleanup:
    ADX__FREE(idx, bstart, blen, z, s, cs, mono);
    return rc;
}

/* Copies the paths, effects and fit of r2 into m (same construct indices). */
static adx_error_t merge_paths(adx_pls_t *m, const adx_pls_t *r2, adx_errctx_t *ctx)
{
    size_t np = r2->npaths ? r2->npaths : 1, nn = r2->ind_start[r2->nind];
    m->npaths = r2->npaths;
    m->pfrom = malloc(np * sizeof *m->pfrom);
    m->pto = malloc(np * sizeof *m->pto);
    m->coef = cat(r2->coef, r2->npaths, NULL, 0);
    m->f2 = cat(r2->f2, r2->npaths, NULL, 0);
    m->inner_vif = cat(r2->inner_vif, r2->npaths, NULL, 0);
    m->nind = r2->nind;
    m->ind_start = malloc((r2->nind + 1) * sizeof *m->ind_start);
    m->ind_node = malloc((nn ? nn : 1) * sizeof *m->ind_node);
    m->ind_effect = cat(r2->ind_effect, r2->nind, NULL, 0);
    if (!m->pfrom || !m->pto || !m->coef || !m->f2 || !m->inner_vif || !m->ind_start ||
        !m->ind_node || !m->ind_effect)
        return adx_oom(ctx);
    memcpy(m->pfrom, r2->pfrom, r2->npaths * sizeof *m->pfrom);
    memcpy(m->pto, r2->pto, r2->npaths * sizeof *m->pto);
    memcpy(m->ind_start, r2->ind_start, (r2->nind + 1) * sizeof *m->ind_start);
    memcpy(m->ind_node, r2->ind_node, nn * sizeof *m->ind_node);
    memcpy(m->srmr, r2->srmr, sizeof m->srmr);
    memcpy(m->d_uls, r2->d_uls, sizeof m->d_uls);
    memcpy(m->d_g, r2->d_g, sizeof m->d_g);
    m->iterations = r2->iterations;
    m->converged = r2->converged;
    m->scheme = r2->scheme;
    m->consistent = r2->consistent;
    return ADX_OK;
}

/* The two-stage HOC result: r2's constructs and items, then the LOCs of r1 and theirs. */
static adx_error_t merge_hoc(const spec_t *sp, const adx_pls_t *r1, const adx_pls_t *r2,
                             const adx_dataset_t *aug, adx_pls_t **out, adx_errctx_t *ctx)
{
    size_t *loc = malloc((r1->nc + 1) * sizeof *loc), L = loc ? loc_list(sp, r1, loc) : 0;
    adx_pls_t *m = calloc(1, sizeof *m);
    adx_error_t rc = loc && m ? ADX_OK : adx_oom(ctx);
    if (rc)
        goto cleanup;
    size_t nc = r2->nc + L, ni = r2->ni;
    for (size_t q = 0; q < L; q++)
        for (size_t i = 0; i < r1->ni; i++)
            ni += r1->icon[i] == loc[q];
    m->n = r2->n;
    m->nc = nc;
    m->ni = ni;
    m->cname = calloc(nc, sizeof *m->cname);
    m->iname = calloc(ni, sizeof *m->iname);
    m->icon = calloc(ni, sizeof *m->icon);
    m->mode = calloc(nc, 1);
    m->hoc = calloc(nc, 1);
    m->adj = calloc(nc * nc, 1);
    m->total = calloc(nc * nc, sizeof *m->total);
    m->htmt = calloc(nc * nc, sizeof *m->htmt);
    m->fl = calloc(nc * nc, sizeof *m->fl);
    m->cross = calloc(ni * nc, sizeof *m->cross);
    if (!m->cname || !m->iname || !m->icon || !m->mode || !m->hoc || !m->adj || !m->total ||
        !m->htmt || !m->fl || !m->cross) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t c = 0; c < r2->nc; c++) {
        m->cname[c] = adx__strdup(r2->cname[c]);
        m->mode[c] = r2->mode[c];
        long l = meas_line(sp, r2->cname[c]);
        m->hoc[c] = l >= 0 && sp->hocline[l];
    }
    for (size_t i = 0; i < r2->ni; i++) {
        m->iname[i] = adx__strdup(r2->iname[i]);
        m->icon[i] = r2->icon[i];
    }
    rc = merge_numbers(m, r2, r1, loc, L, ctx);
    if (!rc)
        rc = merge_paths(m, r2, ctx);
    if (!rc)
        rc = merge_validity(m, aug, ctx);
cleanup:
    free(loc);
    if (rc)
        adx_pls_free(m);
    else
        *out = m;
    return rc;
}

/* Two-stage HOC: stage 1 with the LOCs in the structural model, their scores added to a
 * copy of ds, stage 2, then the merged result. */
static adx_error_t fit_hoc(const adx_dataset_t *ds, const spec_t *sp, long skip,
                           const adx_pls_options_t *o, adx_pls_t **out, adx_errctx_t *ctx)
{
    adx_pls_t *r1 = NULL, *r2 = NULL;
    adx_dataset_t *aug = adx_dataset_copy(ds);
    char *t1 = gen_text(sp, skip, GEN_HOC1, 0), *t2 = gen_text(sp, skip, GEN_HOC2, 0);
    adx_error_t rc = aug && t1 && t2 ? ADX_OK : adx_oom(ctx);
    if (!rc)
        rc = adx__pls_plain(ds, t1, o, &r1, ctx);
    for (size_t c = 0; !rc && c < r1->nc; c++)
        if (is_loc(sp, r1->cname[c]))
            rc = add_col(aug, r1->cname[c], cat(r1->scores + c * r1->n, r1->n, NULL, 0), ctx);
    if (!rc)
        rc = adx__pls_plain(aug, t2, o, &r2, ctx);
    if (!rc)
        rc = merge_hoc(sp, r1, r2, aug, out, ctx);
    free(t1);
    free(t2);
    adx_pls_free(r1);
    adx_pls_free(r2);
    adx_dataset_free(aug);
    return rc;
}

/* One estimation of the model sp without structural term skip (-1: none). */
static adx_error_t fit_spec(const adx_dataset_t *ds, const spec_t *sp, long skip,
                            const adx_pls_options_t *o, adx_pls_t **out, adx_errctx_t *ctx)
{
    size_t nhoc = 0, nint = 0;
    spec_scan((spec_t *)sp, &nhoc, &nint);
    if (nhoc && o->hoc == ADX_PLS_HOC_TWO_STAGE)
        return fit_hoc(ds, sp, skip, o, out, ctx);
    if (nint)
        return fit_interaction(ds, sp, skip, o, out, ctx);
    char *text = gen_text(sp, skip, nhoc ? GEN_REPEAT : GEN_PLAIN, 0);
    adx_error_t rc = text ? adx__pls_plain(ds, text, o, out, ctx) : adx_oom(ctx);
    free(text);
    for (size_t c = 0; !rc && nhoc && c < (*out)->nc; c++) {
        long l = meas_line(sp, (*out)->cname[c]);
        if (!(*out)->hoc && !((*out)->hoc = calloc((*out)->nc, 1)))
            rc = adx_oom(ctx);
        else
            (*out)->hoc[c] = l >= 0 && sp->hocline[l];
    }
    return rc;
}

/* 1 when path e of r has an interaction term among the antecedents of its target that
 * names its source (seminr: f^2 not applicable). */
static int is_component(const adx_pls_t *r, size_t e)
{
    const char *from = r->cname[r->pfrom[e]];
    size_t len = strlen(from);
    for (size_t q = 0; q < r->npaths; q++) {
        const char *t = r->cname[r->pfrom[q]], *c = strchr(t, ':');
        if (r->pto[q] != r->pto[e] || !c)
            continue;
        if ((size_t)(c - t) == len && !strncmp(t, from, len))
            return 1;
        if (!strcmp(c + 1, from))
            return 1;
    }
    return 0;
}

/* The line of term t. */
static size_t line_of(const spec_t *sp, size_t t)
{
    size_t l = 0;
    while (l + 1 < sp->nl && t >= sp->t0[l] + sp->nt[l])
        l++;
    return l;
}

/* f^2 of every path of r (from sp): the whole procedure without the path (two-stage
 * models; plain and product-indicator models keep the f^2 of their single fit). */
static adx_error_t staged_f2(const adx_dataset_t *ds, const spec_t *sp,
                             const adx_pls_options_t *o, adx_pls_t *r, adx_errctx_t *ctx)
{
    size_t nhoc = 0, nint = 0, t = 0;
    spec_scan((spec_t *)sp, &nhoc, &nint);
    int staged = (nhoc && o->hoc == ADX_PLS_HOC_TWO_STAGE) ||
                 (nint && o->interaction == ADX_PLS_INT_TWO_STAGE);
    adx_error_t rc = ADX_OK;
    for (size_t e = 0; !rc && e < r->npaths; e++, t++) {
        while (t < sp->nterm && sp->op[line_of(sp, t)] != 'S')
            t++;
        if (is_component(r, e)) {
            r->f2[e] = NAN;
            continue;
        }
        if (!staged || strchr(r->cname[r->pfrom[e]], ':'))
            continue;
        adx_pls_t *x = NULL;
        rc = fit_spec(ds, sp, (long)t, o, &x, ctx);
        long to = rc ? -1 : cidx(x, r->cname[r->pto[e]]);
        double r2ex = to >= 0 && !isnan(x->r2[to]) ? x->r2[to] : 0;
        r->f2[e] = (r->r2[r->pto[e]] - r2ex) / (1 - r->r2[r->pto[e]]);
        adx_pls_free(x);
    }
    return rc;
}

/* Statistic (kind, i) of the full fit r in the resample fit x, matched by names (NaN when x
 * lacks it). */
static double stat_in(const adx_pls_t *r, const adx_pls_t *x, adx_pls_stat_t kind, size_t i)
{
    size_t nc = r->nc;
    long f = -1, t = -1;
    switch (kind) {
    case ADX_PLS_STAT_PATH:
        f = cidx(x, r->cname[r->pfrom[i]]);
        t = cidx(x, r->cname[r->pto[i]]);
        for (size_t e = 0; e < x->npaths; e++)
            if ((long)x->pfrom[e] == f && (long)x->pto[e] == t)
                return x->coef[e];
        return NAN;
    case ADX_PLS_STAT_LOADING:
    case ADX_PLS_STAT_WEIGHT:
        f = cidx(x, r->cname[r->icon[i]]);
        for (size_t j = 0; j < x->ni; j++)
            if ((long)x->icon[j] == f && !strcmp(x->iname[j], r->iname[i]))
                return kind == ADX_PLS_STAT_LOADING ? x->loading[j] : x->weight[j];
        return NAN;
    case ADX_PLS_STAT_TOTAL:
    case ADX_PLS_STAT_HTMT:
        f = cidx(x, r->cname[i / nc]);
        t = cidx(x, r->cname[i % nc]);
        if (f < 0 || t < 0)
            return NAN;
        return (kind == ADX_PLS_STAT_TOTAL ? x->total : x->htmt)[(size_t)f * x->nc + (size_t)t];
    case ADX_PLS_STAT_INDIRECT: {
        double v = 1;
        for (size_t m = r->ind_start[i]; m + 1 < r->ind_start[i + 1]; m++) {
            f = cidx(x, r->cname[r->ind_node[m]]);
            t = cidx(x, r->cname[r->ind_node[m + 1]]);
            double c = NAN;
            for (size_t e = 0; e < x->npaths; e++)
                if ((long)x->pfrom[e] == f && (long)x->pto[e] == t)
                    c = x->coef[e];
            v *= c;
        }
        return v;
    }
    }
    return NAN;
}

/* The numeric columns of ds at rows[0..m) (NULL when memory runs out). */
static adx_dataset_t *resample(const adx_dataset_t *ds, const size_t *rows, size_t m)
{
    adx_dataset_t *rs = adx_dataset_alloc(m, ds->source);
    for (size_t j = 0; rs && j < ds->nvars; j++) {
        if (!ds->vars[j].num)
            continue;
        double *v = malloc((m ? m : 1) * sizeof *v);
        for (size_t i = 0; v && i < m; i++)
            v[i] = ds->vars[j].num[rows[i]];
        if (add_col(rs, ds->vars[j].name, v, NULL)) {
            adx_dataset_free(rs);
            rs = NULL;
        }
    }
    return rs;
}

/* One resample (s < B: bootstrap draw s, stream s of the seed; else leave row s - B out):
 * the whole two-stage procedure, its statistics into vals / jk. */
static void one_resample(const adx_dataset_t *ds, const spec_t *sp, const adx_pls_t *r,
                         const adx_pls_options_t *o1, const adx_pls_boot_t *b, size_t s,
                         size_t B, size_t *rows, double *vals, double *jk)
{
    size_t n = r->n, m = 0;
    if (s < B) {
        adx_rng_t rng;
        adx_rng_init(&rng, o1->seed, (uint64_t)s);
        for (m = 0; m < n; m++)
            rows[m] = (size_t)adx_rng_below(&rng, n);
    } else {
        for (size_t i = 0; i < n; i++)
            if (i != s - B)
                rows[m++] = i;
    }
    adx_dataset_t *rs = resample(ds, rows, m);
    adx_pls_t *x = NULL;
    adx_errctx_t lc = {0};
    int ok = rs && fit_spec(rs, sp, -1, o1, &x, &lc) == ADX_OK && x->converged;
    for (size_t k = 0; k < b->nstat; k++) {
        double v = ok ? stat_in(r, x, b->kind[k], b->index[k]) : NAN;
        if (s < B)
            vals[k * B + s] = v;
        else
            jk[k * n + s - B] = v;
    }
    adx_pls_free(x);
    adx_dataset_free(rs);
}

/* The bootstrap of a two-stage model: every resample re-runs both stages (seminr), BCa
 * from the n leave-one-out fits; same numbers at any thread count. */
static adx_error_t staged_boot(const adx_dataset_t *ds, const char *model,
                               const adx_pls_options_t *o, adx_pls_t *r, adx_errctx_t *ctx)
{
    if (o->boot < 2 || !(o->level > 0 && o->level < 1))
        return adx_err(ctx, ADX_EUSAGE, "pls: the bootstrap needs at least 2 resamples and a "
                                        "level between 0 and 1 (got %zu, %g)", o->boot, o->level);
    size_t B = o->boot, n = r->n, ns = adx__pls_boot_stats(r, NULL, NULL);
    adx_pls_boot_t *b = adx__pls_boot_alloc(ns);
    double *vals = malloc(ns * B * sizeof *vals), *jk = malloc(ns * n * sizeof *jk);
    adx_error_t rc = b && vals && jk ? ADX_OK : adx_oom(ctx);
    adx_pls_options_t o1 = *o;
    o1.boot = 0;
    int nomem = 0, threads = o->threads > 0 ? o->threads : omp_get_max_threads();
    if (rc)
        goto cleanup;
    adx__pls_boot_stats(r, b->kind, b->index);
#pragma omp parallel num_threads(threads)
    {
        spec_t *sp = calloc(1, sizeof *sp); /* per thread: fit_spec writes into its names */
        char *copy = adx__strdup(model);
        size_t *rows = malloc(n * sizeof *rows);
        int ok = sp && copy && rows && spec_parse(sp, copy) == 0;
        if (!ok) {
#pragma omp atomic write
            nomem = 1;
        }
#pragma omp for schedule(dynamic, 2)
        for (size_t s = 0; s < B + n; s++)
            if (ok)
                one_resample(ds, sp, r, &o1, b, s, B, rows, vals, jk);
        ADX__FREE(sp, copy, rows);
    }
    if (nomem)
        rc = adx_oom(ctx);
cleanup:
    return adx__pls_boot_finish(r, o, b, vals, jk, rc, ctx);
}

adx_error_t adx_pls(const adx_dataset_t *ds, const char *model, const adx_pls_options_t *o,
                    adx_pls_t **out, adx_errctx_t *ctx)
{
    adx_pls_options_t def;
    adx_pls_options_init(&def);
    if (!o)
        o = &def;
    *out = NULL;
    spec_t *sp = calloc(1, sizeof *sp);
    char *copy = adx__strdup(model);
    if (!sp || !copy) {
        ADX__FREE(sp, copy);
        return adx_oom(ctx);
    }
    size_t nhoc = 0, nint = 0;
    adx_error_t rc = ADX_OK;
    if (spec_parse(sp, copy) == 0)
        spec_scan(sp, &nhoc, &nint);
    if (!nhoc && !nint)
        rc = adx__pls_plain(ds, model, o, out, ctx);
    else if (nhoc && nint)
        rc = adx_err(ctx, ADX_EUNSUPPORTED, "pls: a model with both interaction terms and "
                                            "higher-order constructs is not supported yet");
    else if (o->predict || o->ipma || o->group)
        rc = adx_err(ctx, ADX_EUNSUPPORTED, "pls: --predict, --ipma and --group are not "
                                            "available for models with interaction terms or "
                                            "higher-order constructs (seminr refuses them too)");
    else {
        /* Two-stage and product-indicator models: the bootstrap re-runs the whole procedure
         * (staged_boot); repeated indicators: an ordinary model with its own bootstrap. */
        int staged = nint || o->hoc == ADX_PLS_HOC_TWO_STAGE;
        adx_pls_options_t o1 = *o;
        if (staged)
            o1.boot = 0;
        rc = fit_spec(ds, sp, -1, &o1, out, ctx);
        if (!rc)
            rc = staged_f2(ds, sp, &o1, *out, ctx);
        if (!rc && staged && o->boot)
            rc = staged_boot(ds, model, o, *out, ctx);
    }
    if (rc && *out) {
        adx_pls_free(*out);
        *out = NULL;
    }
    ADX__FREE(sp, copy);
    return rc;
}
