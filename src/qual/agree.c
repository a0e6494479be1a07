/* Inter-coder agreement: percent agreement, Cohen's kappa, Fleiss' kappa and
 * Krippendorff's alpha (nominal), and their application to a project's coding
 * at the unit level and the document-presence level. Formulas: docs/qual.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_qual.h"
#include "qual_priv.h"

static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static size_t cat_of(const double *cats, size_t ncat, double v)
{
    size_t lo = 0, hi = ncat;
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        if (cats[mid] <= v)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

adx_error_t adx_agree_stats(const double *x, size_t nunits, size_t ncoders,
                            adx_agree_stats_t *out, adx_errctx_t *ctx)
{
    memset(out, 0, sizeof *out);
    out->percent = out->cohen = out->fleiss = out->alpha = NAN;
    if (ncoders < 2)
        return adx_err(ctx, ADX_EUSAGE, "agreement needs at least two coders");
    adx_error_t rc = ADX_OK;
    size_t nv = 0, ncat = 0;
    double *cats = malloc((nunits * ncoders + 1) * sizeof *cats);
    double *cnt = NULL, *o = NULL, *marg = NULL;
    if (!cats) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t i = 0; i < nunits * ncoders; i++)
        if (!isnan(x[i]))
            cats[nv++] = x[i];
    if (nv == 0)
        goto cleanup;
    qsort(cats, nv, sizeof *cats, cmpd);
    for (size_t i = 0; i < nv; i++)
        if (ncat == 0 || cats[i] != cats[ncat - 1])
            cats[ncat++] = cats[i];
    cnt = calloc(ncat, sizeof *cnt);
    o = calloc(ncat * ncat, sizeof *o);
    marg = calloc(ncat * ncoders, sizeof *marg); /* Cohen: per coder margins; Fleiss: p_j */
    if (!cnt || !o || !marg) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    size_t agree = 0, complete = 0;
    double sumP = 0;
    for (size_t u = 0; u < nunits; u++) {
        memset(cnt, 0, ncat * sizeof *cnt);
        size_t m = 0;
        for (size_t c = 0; c < ncoders; c++) {
            double v = x[u + c * nunits];
            if (!isnan(v)) {
                cnt[cat_of(cats, ncat, v)] += 1;
                m++;
            }
        }
        if (m > 0)
            out->units++;
        if (m >= 2) {
            /* Coincidences: each ordered pair of values of different coders,
             * weighted 1/(m_u - 1). */
            out->pairable += m;
            for (size_t a = 0; a < ncat; a++) {
                if (cnt[a] == 0)
                    continue;
                for (size_t b = 0; b < ncat; b++)
                    o[a * ncat + b] += cnt[a] * (cnt[b] - (a == b)) / (double)(m - 1);
            }
        }
        if (m == ncoders) {
            complete++;
            int all = 0;
            double ss = 0;
            for (size_t a = 0; a < ncat; a++) {
                all |= cnt[a] == (double)m;
                ss += cnt[a] * cnt[a];
            }
            agree += (size_t)all;
            sumP += (ss - (double)m) / ((double)m * (double)(m - 1));
            for (size_t c = 0; c < ncoders; c++)
                marg[cat_of(cats, ncat, x[u + c * nunits]) * ncoders + c] += 1;
        }
    }
    out->complete = complete;
    if (complete > 0) {
        double N = (double)complete, m = (double)ncoders;
        out->percent = (double)agree / N;
        /* Fleiss: Pbar = mean P_i, Pe = sum_j p_j^2, p_j = share of all ratings in j. */
        double Pbar = sumP / N, Pe = 0;
        for (size_t a = 0; a < ncat; a++) {
            double pj = 0;
            for (size_t c = 0; c < ncoders; c++)
                pj += marg[a * ncoders + c];
            pj /= N * m;
            Pe += pj * pj;
        }
        out->fleiss = Pe < 1 ? (Pbar - Pe) / (1 - Pe) : NAN;
        if (ncoders == 2) {
            double pe = 0;
            for (size_t a = 0; a < ncat; a++)
                pe += (marg[a * 2] / N) * (marg[a * 2 + 1] / N);
            out->cohen = pe < 1 ? (out->percent - pe) / (1 - pe) : NAN;
        }
    }
    /* Krippendorff: alpha = 1 - (n - 1) sum_{c!=k} o_ck / sum_{c!=k} n_c n_k. */
    double n = 0, dobs = 0, dexp = 0;
    for (size_t a = 0; a < ncat; a++) {
        cnt[a] = 0;
        for (size_t b = 0; b < ncat; b++)
            cnt[a] += o[a * ncat + b];
        n += cnt[a];
    }
    for (size_t a = 0; a < ncat; a++)
        for (size_t b = 0; b < ncat; b++)
            if (a != b) {
                dobs += o[a * ncat + b];
                dexp += cnt[a] * cnt[b];
            }
    if (n > 1 && dexp > 0)
        out->alpha = 1 - (n - 1) * dobs / dexp;
cleanup:
    ADX__FREE(cats, cnt, o, marg);
    return rc;
}

void adx_qagree_options_init(adx_qagree_options_t *o)
{
    adx_qsel_init(&o->sel);
    o->sel.level = ADX_QLEVEL_LEAF;
    o->unit = ADX_UNIT_PARAGRAPH;
    o->all_units = 0;
}

void adx_qagree_free(adx_qagree_t *a)
{
    if (!a)
        return;
    ADX__FREE(a->code, a->coder, a->by_code, a->doc_by_code);
    for (size_t i = 0; i < a->ndis; i++)
        free(a->dis[i].applied);
    free(a->dis);
    free(a);
}

typedef adx__qunit_t unit_t;

static adx_error_t push_unit(unit_t **out, size_t *n, size_t *cap, unit_t u, adx_errctx_t *ctx)
{
    if (*n == *cap) {
        unit_t *nu = realloc(*out, *cap * 2 * sizeof *nu);
        if (!nu)
            return adx_oom(ctx);
        *out = nu;
        *cap *= 2;
    }
    (*out)[(*n)++] = u;
    return ADX_OK;
}

/* The paragraphs (or, for ADX_UNIT_LINE, the non-blank lines) of document d. */
static adx_error_t doc_units(const adx_qproject_t *p, size_t d, adx_qunit_t how, unit_t **out,
                             size_t *n, size_t *cap, adx_errctx_t *ctx)
{
    const adx_qdoc_t *doc = &p->docs[d];
    size_t ch = 0, line = 1, i = 0;
    long ustart = -1;
    size_t uline = 0, uend = 0;
    while (i <= doc->nbytes) {
        /* One line: bytes [i, j). */
        size_t j = i, cj = ch;
        int blank = 1;
        while (j < doc->nbytes && doc->text[j] != '\n') {
            char c = doc->text[j];
            if (c != ' ' && c != '\t' && c != '\r')
                blank = 0;
            if (((unsigned char)c & 0xC0) != 0x80)
                cj++;
            j++;
        }
        int flush = (blank && ustart >= 0) || (how == ADX_UNIT_LINE && !blank);
        if (how == ADX_UNIT_LINE && !blank) {
            ustart = (long)ch;
            uline = line;
            uend = cj;
        } else if (!blank) {
            if (ustart < 0) {
                ustart = (long)ch;
                uline = line;
            }
            uend = cj;
        }
        if (j >= doc->nbytes && ustart >= 0)
            flush = 1;
        if (flush && ustart >= 0) {
            adx_error_t rc = push_unit(out, n, cap, (unit_t){d, (size_t)ustart, uend, uline}, ctx);
            if (rc)
                return rc;
            ustart = -1;
        }
        if (j >= doc->nbytes)
            break;
        i = j + 1;
        ch = cj + 1;
        line++;
    }
    return ADX_OK;
}

adx_error_t adx__qual_units(const adx_qproject_t *p, adx_qunit_t how, unit_t **out,
                              size_t *n, adx_errctx_t *ctx)
{
    size_t cap = 64;
    *n = 0;
    if (!(*out = malloc(cap * sizeof **out)))
        return adx_oom(ctx);
    adx_error_t rc = ADX_OK;
    for (size_t d = 0; !rc && d < p->ncases; d++)
        rc = how == ADX_UNIT_DOCUMENT
                 ? push_unit(out, n, &cap, (unit_t){d, 0, p->docs[d].nchars, 1}, ctx)
                 : doc_units(p, d, how, out, n, &cap, ctx);
    return rc;
}

/* The values of one level: v[(u * K + i) * C + c] = 1 when coder c applied code
 * i in unit u, 0 when not, NaN when the coder did not code the document; keep[u]
 * marks the units that enter the statistics. */
static void fill_values(const adx_qproject_t *p, const adx_qagree_t *a, const unit_t *units,
                        size_t nunits, int keep_coded, double *v, unsigned char *keep)
{
    size_t K = a->k, C = a->ncoders;
    for (size_t u = 0; u < nunits; u++)
        for (size_t i = 0; i < K; i++)
            for (size_t c = 0; c < C; c++)
                v[(u * K + i) * C + c] =
                    p->coded[units[u].doc * p->ncoders + a->coder[c]] ? 0 : NAN;
    size_t s0 = 0;
    for (size_t u = 0; u < nunits; u++) {
        const unit_t *un = &units[u];
        while (s0 < p->nsegs && p->segs[s0].doc < un->doc)
            s0++;
        for (size_t s = s0; s < p->nsegs && p->segs[s].doc == un->doc; s++) {
            const adx_qseg_t *sg = &p->segs[s];
            if (!(sg->start < un->end && un->start < sg->end))
                continue;
            for (size_t c = 0; c < C; c++) {
                if (a->coder[c] != sg->coder)
                    continue;
                for (size_t i = 0; i < K; i++)
                    if (adx_qcode_under(p, sg->code, a->code[i])) {
                        v[(u * K + i) * C + c] = 1;
                        keep[u] = 1;
                    }
            }
        }
        if (keep_coded)
            for (size_t c = 0; c < C; c++)
                keep[u] |= p->coded[un->doc * p->ncoders + a->coder[c]];
    }
}

/* Statistics per code (by_code[i]) and pooled over (unit, code) pairs (*overall)
 * from the kept units. */
static adx_error_t level_stats(const adx_qagree_t *a, const double *v, const unsigned char *keep,
                               size_t nunits, adx_agree_stats_t *by_code,
                               adx_agree_stats_t *overall, adx_errctx_t *ctx)
{
    size_t K = a->k, C = a->ncoders, nk = 0;
    for (size_t u = 0; u < nunits; u++)
        nk += keep[u];
    double *x = malloc((nk * K * C + 1) * sizeof *x);
    if (!x)
        return adx_oom(ctx);
    adx_error_t rc = ADX_OK;
    /* Per code: nk units x C coders. */
    for (size_t i = 0; !rc && i < K; i++) {
        size_t r = 0;
        for (size_t u = 0; u < nunits; u++) {
            if (!keep[u])
                continue;
            for (size_t c = 0; c < C; c++)
                x[r + c * nk] = v[(u * K + i) * C + c];
            r++;
        }
        rc = adx_agree_stats(x, nk, C, &by_code[i], ctx);
    }
    /* Pooled: (unit, code) pairs. */
    size_t r = 0, N = nk * K;
    for (size_t u = 0; !rc && u < nunits; u++) {
        if (!keep[u])
            continue;
        for (size_t i = 0; i < K; i++, r++)
            for (size_t c = 0; c < C; c++)
                x[r + c * N] = v[(u * K + i) * C + c];
    }
    if (!rc)
        rc = adx_agree_stats(x, N, C, overall, ctx);
    free(x);
    return rc;
}

/* Disagreements: kept units where the non-missing values differ. */
static adx_error_t disagreements(adx_qagree_t *a, const unit_t *units, size_t nunits,
                                 const double *v, const unsigned char *keep, adx_errctx_t *ctx)
{
    size_t K = a->k, C = a->ncoders, cap = 0;
    for (size_t u = 0; u < nunits; u++) {
        if (!keep[u])
            continue;
        for (size_t i = 0; i < K; i++) {
            const double *vv = &v[(u * K + i) * C];
            int has0 = 0, has1 = 0;
            for (size_t c = 0; c < C; c++) {
                has0 |= vv[c] == 0;
                has1 |= vv[c] == 1;
            }
            if (!(has0 && has1))
                continue;
            if (a->ndis == cap) {
                size_t ncap = cap ? cap * 2 : 32;
                adx_qdisagree_t *nd = realloc(a->dis, ncap * sizeof *nd);
                if (!nd)
                    return adx_oom(ctx);
                a->dis = nd;
                cap = ncap;
            }
            adx_qdisagree_t *di = &a->dis[a->ndis];
            if (!(di->applied = malloc(C)))
                return adx_oom(ctx);
            a->ndis++;
            di->doc = units[u].doc;
            di->line = units[u].line;
            di->start = units[u].start;
            di->end = units[u].end;
            di->code = a->code[i];
            for (size_t c = 0; c < C; c++)
                di->applied[c] = isnan(vv[c]) ? 2 : (unsigned char)vv[c];
        }
    }
    return ADX_OK;
}

/* One level: units of kind `how` (level 0) or whole documents (level 1). */
static adx_error_t agree_level(const adx_qproject_t *p, const adx_qagree_options_t *o,
                               adx_qagree_t *a, int level, adx_errctx_t *ctx)
{
    adx_qunit_t how = level == 0 ? o->unit : ADX_UNIT_DOCUMENT;
    unit_t *units = NULL;
    size_t nunits = 0;
    double *v = NULL;
    unsigned char *keep = NULL;
    adx_error_t rc = adx__qual_units(p, how, &units, &nunits, ctx);
    if (rc)
        goto cleanup;
    v = malloc((nunits * a->k * a->ncoders + 1) * sizeof *v);
    keep = calloc(nunits + 1, 1);
    if (!v || !keep) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    fill_values(p, a, units, nunits, o->all_units || how == ADX_UNIT_DOCUMENT, v, keep);
    rc = level_stats(a, v, keep, nunits, level == 0 ? a->by_code : a->doc_by_code,
                     level == 0 ? &a->overall : &a->doc_overall, ctx);
    if (!rc && level == 0)
        rc = disagreements(a, units, nunits, v, keep, ctx);
cleanup:
    ADX__FREE(units, v, keep);
    return rc;
}

adx_error_t adx_qagree(const adx_qproject_t *p, const adx_qagree_options_t *o,
                       adx_qagree_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    adx_error_t rc = ADX_OK;
    unsigned char *mask = NULL;
    adx_qagree_t *a = calloc(1, sizeof *a);
    if (!a) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    a->unit = o->unit;
    a->all_units = o->all_units;
    if ((rc = adx_qsel_codes(p, &o->sel, &a->code, &a->k, ctx)) ||
        (rc = adx_qsel_coders(p, &o->sel, &mask, ctx)))
        goto cleanup;
    if (!(a->coder = malloc((p->ncoders + 1) * sizeof *a->coder))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    for (size_t c = 0; c < p->ncoders; c++)
        if (mask[c])
            a->coder[a->ncoders++] = c;
    if (a->ncoders < 2) {
        rc = adx_err(ctx, ADX_EUSAGE,
                     "%s: agreement needs two or more coders, the project has %zu; add a "
                     "folder coding/CODER per coder",
                     p->root, a->ncoders);
        goto cleanup;
    }
    if (a->k == 0) {
        rc = adx_err(ctx, ADX_EEMPTY, "%s: no codes at the chosen level", p->root);
        goto cleanup;
    }
    if (!(a->by_code = calloc(a->k, sizeof *a->by_code)) ||
        !(a->doc_by_code = calloc(a->k, sizeof *a->doc_by_code))) {
        rc = adx_oom(ctx);
        goto cleanup;
    }
    if ((rc = agree_level(p, o, a, 0, ctx)) || (rc = agree_level(p, o, a, 1, ctx)))
        goto cleanup;
    *out = a;
    a = NULL;
cleanup:
    adx_qagree_free(a);
    free(mask);
    return rc;
}
