/* Models side by side (adx_report_models.h): the coefficients of earlier named study
 * steps, read from their JSON results, in one table with a column per model. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ambidex/adx_report_models.h"
#include "builder.h"

/* The fit rows a table can show, in display order. */
#define FIT_ROWS(X)                                                                        \
    X(FIT_CHISQ, "chisq", "\xCF\x87\xC2\xB2/df")                                           \
    X(FIT_CFI, "cfi", "CFI")                                                               \
    X(FIT_TLI, "tli", "TLI")                                                               \
    X(FIT_NFI, "nfi", "NFI")                                                               \
    X(FIT_RMSEA, "rmsea", "RMSEA")                                                         \
    X(FIT_SRMR, "srmr", "SRMR")                                                            \
    X(FIT_R2, "r2", "R\xC2\xB2")                                                           \
    X(FIT_ADJ_R2, "adj_r2", "Adjusted R\xC2\xB2")                                          \
    X(FIT_DR2, "dr2", "\xCE\x94R\xC2\xB2")                                                 \
    X(FIT_F, "f", "F")                                                                     \
    X(FIT_N, "n", "N")

enum {
#define X(e, k, l) e,
    FIT_ROWS(X)
#undef X
        FIT_DF,
    NFIT
};
static const char *const fit_keys[] = {
#define X(e, k, l) k,
    FIT_ROWS(X)
#undef X
};
static const char *const fit_labels[] = {
#define X(e, k, l) l,
    FIT_ROWS(X)
#undef X
};

typedef struct {
    const char *term; /* points into the step's JSON */
    double est, se, stat, p, lo, hi;
} mterm_t;

typedef struct {
    const adx_model_ref_t *ref;
    const char *dep;
    mterm_t *t;
    size_t nt;
    double fit[NFIT];
    int sem;
} model_t;

typedef struct {
    model_t *m;
    size_t n, cap;
    const adx_models_options_t *o;
    adx_errctx_t *ctx;
} mset_t;

void adx_models_options_init(adx_models_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->stat = ADX_MSTAT_T;
    o->decimals = 2;
}

static double jnum(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static model_t *new_model(mset_t *S, const adx_model_ref_t *ref, const char *dep, size_t cap)
{
    if (S->n == S->cap) {
        size_t nc = S->cap ? 2 * S->cap : 8;
        model_t *m = realloc(S->m, nc * sizeof *m);
        if (!m)
            return NULL;
        S->m = m;
        S->cap = nc;
    }
    model_t *m = &S->m[S->n];
    memset(m, 0, sizeof *m);
    if (!(m->t = calloc(cap ? cap : 1, sizeof *m->t)))
        return NULL;
    S->n++;
    m->ref = ref;
    m->dep = dep;
    for (size_t k = 0; k < NFIT; k++)
        m->fit[k] = NAN;
    return m;
}

/* An OLS equation (regress model, mediate equation): coefficients with b/beta, se, t, p,
 * CI; the constant unless asked. */
static adx_error_t ols_terms(mset_t *S, model_t *m, const cJSON *coefs)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, coefs)
    {
        const char *term = jstr(c, "term");
        int constant = term && (!strcmp(term, "(Intercept)") || !strcmp(term, "constant"));
        if (!term || (constant && !S->o->intercept))
            continue;
        mterm_t *t = &m->t[m->nt++];
        double beta = jnum(c, "beta");
        t->term = constant ? "Constant" : term;
        t->est = S->o->standardized ? beta : jnum(c, "b");
        t->se = S->o->standardized ? NAN : jnum(c, "se");
        t->stat = jnum(c, "t");
        t->p = jnum(c, "p");
        t->lo = S->o->standardized ? NAN : jnum(c, "ci_lower");
        t->hi = S->o->standardized ? NAN : jnum(c, "ci_upper");
    }
    return ADX_OK;
}

/* One OLS model (a regress block, a mediate equation) from its JSON object: terms and
 * the fit values the object has (missing keys stay NaN). */
static adx_error_t ols_model(mset_t *S, const adx_model_ref_t *ref, const char *dep,
                             const cJSON *mj, double n)
{
    const cJSON *coefs = cJSON_GetObjectItemCaseSensitive(mj, "coefficients");
    model_t *m = new_model(S, ref, dep, (size_t)cJSON_GetArraySize(coefs));
    if (!m)
        return adx_oom(S->ctx);
    ols_terms(S, m, coefs);
    m->fit[FIT_R2] = jnum(mj, "r2");
    m->fit[FIT_ADJ_R2] = jnum(mj, "adj_r2");
    m->fit[FIT_DR2] = jnum(mj, "r2_change");
    m->fit[FIT_F] = jnum(mj, "f");
    m->fit[FIT_N] = n;
    return ADX_OK;
}

/* A regress step: one model per block; a mediate step: one per equation. */
static adx_error_t from_ols(mset_t *S, const adx_model_ref_t *ref, int mediate)
{
    const cJSON *root = ref->result, *mj;
    if (mediate && S->o->standardized)
        return adx_err(S->ctx, ADX_EUSAGE, "step '%s' (mediate) has no standardized "
                                           "coefficients; drop --std", ref->name);
    adx_error_t rc = ADX_OK;
    size_t k = 0, before = S->n;
    cJSON_ArrayForEach(mj, cJSON_GetObjectItemCaseSensitive(root, mediate ? "equations"
                                                                          : "models"))
    {
        if (ref->only && ++k != ref->only)
            continue;
        const char *dep = mediate ? jstr(mj, "outcome") : jstr(root, "dependent");
        if ((rc = ols_model(S, ref, dep, mj, jnum(root, "n"))))
            break;
    }
    if (!rc && S->n == before)
        rc = adx_err(S->ctx, ADX_EUSAGE, "step '%s' has no model %zu", ref->name, ref->only);
    return rc;
}

/* A sem model: its regressions (a single dependent: the predictors; several: "x -> y"). */
static adx_error_t from_sem(mset_t *S, const adx_model_ref_t *ref)
{
    const cJSON *root = ref->result, *p;
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(root, "parameters");
    const char *dep = NULL;
    int many = 0;
    cJSON_ArrayForEach(p, params)
    {
        const char *op = jstr(p, "op"), *lhs = jstr(p, "lhs");
        if (op && lhs && !strcmp(op, "~")) {
            many |= dep && strcmp(dep, lhs);
            dep = dep ? dep : lhs;
        }
    }
    model_t *m = new_model(S, ref, many ? NULL : dep, (size_t)cJSON_GetArraySize(params));
    if (!m)
        return adx_oom(S->ctx);
    m->sem = 1;
    cJSON_ArrayForEach(p, params)
    {
        const char *op = jstr(p, "op");
        if (!op || strcmp(op, "~") || !jstr(p, "rhs"))
            continue;
        mterm_t *t = &m->t[m->nt++];
        char *both = NULL;
        if (many) {
            adx__sb_t sb = {0};
            adx__sb_printf(&sb, "%s \xE2\x86\x92 %s", jstr(p, "rhs"), jstr(p, "lhs"));
            if (!(both = adx__sb_take(&sb)))
                return adx_oom(S->ctx);
            /* kept alive in the JSON of the step: added as "path" */
            cJSON_AddItemToObject((cJSON *)p, "path", cJSON_CreateString(both));
            free(both);
        }
        t->term = many ? jstr(p, "path") : jstr(p, "rhs");
        t->est = S->o->standardized ? jnum(p, "std_all") : jnum(p, "est");
        t->se = S->o->standardized ? NAN : jnum(p, "se");
        t->stat = jnum(p, "z");
        t->p = jnum(p, "pvalue");
        t->lo = S->o->standardized ? NAN : jnum(p, "ci_lower");
        t->hi = S->o->standardized ? NAN : jnum(p, "ci_upper");
        if (!t->term)
            return adx_oom(S->ctx);
    }
    const cJSON *fit = cJSON_GetObjectItemCaseSensitive(root, "fit");
    for (size_t k = FIT_CHISQ; k <= FIT_SRMR; k++)
        m->fit[k] = jnum(fit, fit_keys[k]);
    m->fit[FIT_DF] = jnum(fit, "df");
    if (m->dep)
        m->fit[FIT_R2] = jnum(cJSON_GetObjectItemCaseSensitive(root, "r2"), m->dep);
    m->fit[FIT_N] = jnum(root, "n");
    return ADX_OK;
}

static adx_error_t collect(mset_t *S, const adx_model_ref_t *refs, size_t nrefs)
{
    adx_error_t rc = ADX_OK;
    for (size_t i = 0; !rc && i < nrefs; i++) {
        const char *c = refs[i].command;
        if (!refs[i].result)
            rc = adx_err(S->ctx, ADX_EUSAGE, "step '%s' has no result", refs[i].name);
        else if (!strcmp(c, "regress") || !strcmp(c, "mediate"))
            rc = from_ols(S, &refs[i], c[0] == 'm');
        else if (!strcmp(c, "sem") || !strcmp(c, "cfa"))
            rc = from_sem(S, &refs[i]);
        else
            rc = adx_err(S->ctx, ADX_EUSAGE, "step '%s' is a %s step; a models table takes "
                                             "regress, sem, cfa and mediate steps",
                         refs[i].name, c);
    }
    if (!rc && S->n == 0)
        rc = adx_err(S->ctx, ADX_EUSAGE, "the named steps hold no model");
    return rc;
}

/* ---- rows ------------------------------------------------------------------------ */

typedef struct {
    const char *term;
    const char *group; /* group label of its first row in a group, or NULL */
    int grouped;
} row_t;

static int has_row(const row_t *rows, size_t n, const char *term)
{
    for (size_t k = 0; k < n; k++)
        if (!strcmp(rows[k].term, term))
            return 1;
    return 0;
}

static int in_any_model(const mset_t *S, const char *term)
{
    for (size_t i = 0; i < S->n; i++)
        for (size_t k = 0; k < S->m[i].nt; k++)
            if (!strcmp(S->m[i].t[k].term, term))
                return 1;
    return 0;
}

/* The term rows: the groups' terms in order (those that no model has are left out),
 * then the others in the order they first appear. *nrows out. */
static row_t *term_rows(const mset_t *S, size_t *nrows)
{
    size_t cap = 1;
    for (size_t i = 0; i < S->n; i++)
        cap += S->m[i].nt;
    for (size_t g = 0; g < S->o->ngroups; g++)
        cap += S->o->groups[g].nterms;
    row_t *rows = calloc(cap, sizeof *rows);
    size_t n = 0;
    for (size_t g = 0; rows && g < S->o->ngroups; g++) {
        const adx_mgroup_t *G = &S->o->groups[g];
        int first = 1;
        for (size_t k = 0; k < G->nterms; k++) {
            if (!in_any_model(S, G->terms[k]) || has_row(rows, n, G->terms[k]))
                continue;
            rows[n] = (row_t){G->terms[k], first ? (G->label ? G->label : "") : NULL, 1};
            first = 0;
            n++;
        }
    }
    int other_first = S->o->ngroups > 0;
    for (size_t i = 0; rows && i < S->n; i++)
        for (size_t k = 0; k < S->m[i].nt; k++) {
            const char *term = S->m[i].t[k].term;
            if (has_row(rows, n, term))
                continue;
            rows[n] = (row_t){term, other_first ? "Other terms" : NULL, other_first};
            other_first = 0;
            n++;
        }
    *nrows = n;
    return rows;
}

static const mterm_t *find_term(const model_t *m, const char *term)
{
    for (size_t k = 0; k < m->nt; k++)
        if (!strcmp(m->t[k].term, term))
            return &m->t[k];
    return NULL;
}

/* "0.87*** (6.84)" as the statistic asks. */
static void coef_text(const adx_models_options_t *o, const mterm_t *t, char *buf, size_t n)
{
    int d = o->decimals;
    const char *st = isfinite(t->p) ? adx_stars(t->p) : "";
    double est = t->est;
    char z[32];
    snprintf(z, sizeof z, "%.*f", d, est);
    if (strspn(z, "-0.") == strlen(z)) /* -0.00 reads 0.00 */
        est = 0;
    int len = snprintf(buf, n, "%.*f%s", d, est, st);
    if (len < 0 || (size_t)len >= n)
        return;
    char pb[32];
    switch (o->stat) {
    case ADX_MSTAT_T:
        if (isfinite(t->stat))
            snprintf(buf + len, n - (size_t)len, " (%.2f)", t->stat);
        break;
    case ADX_MSTAT_SE:
        if (isfinite(t->se))
            snprintf(buf + len, n - (size_t)len, " (%.*f)", d, t->se);
        break;
    case ADX_MSTAT_P:
        if (isfinite(t->p)) {
            snprintf(pb, sizeof pb, "%.3f", t->p);
            snprintf(buf + len, n - (size_t)len, t->p < .001 ? " (<.001)" : " (%s)",
                     pb[0] == '0' ? pb + 1 : pb);
        }
        break;
    case ADX_MSTAT_CI:
        if (isfinite(t->lo))
            snprintf(buf + len, n - (size_t)len, " [%.*f, %.*f]", d, t->lo, d, t->hi);
        break;
    case ADX_MSTAT_NONE:
        break;
    }
}

/* A fit value as published: chi2/df "38.65/37" ("saturated" when df = 0), N whole, indices bounded by 1 without
 * the leading zero. */
static void fit_text(int k, const model_t *m, char *buf, size_t n)
{
    double v = m->fit[k];
    buf[0] = 0;
    if (!isfinite(v))
        return;
    if (k == FIT_CHISQ && m->fit[FIT_DF] == 0)
        snprintf(buf, n, "saturated");
    else if (k == FIT_CHISQ)
        snprintf(buf, n, "%.2f/%.0f", v, m->fit[FIT_DF]);
    else if (k == FIT_N)
        snprintf(buf, n, "%.0f", v);
    else if (k == FIT_F)
        snprintf(buf, n, "%.2f", v);
    else {
        char t[32];
        snprintf(t, sizeof t, "%.*f", k == FIT_R2 || k == FIT_ADJ_R2 || k == FIT_DR2 ? 3 : 2,
                 v);
        int neg = t[0] == '-';
        snprintf(buf, n, "%s%s", neg ? "-" : "", t + neg + (t[neg] == '0' && t[neg + 1] == '.'));
    }
}

/* The fit rows asked for (or the default): want[FIT_*] is the row's 1-based position in
 * the list, 0 when not asked. */
static adx_error_t fit_rows(const mset_t *S, int *want)
{
    int any_sem = 0, any_ols = 0;
    for (size_t i = 0; i < S->n; i++) {
        any_sem |= S->m[i].sem;
        any_ols |= !S->m[i].sem;
    }
    const char *spec = S->o->fit;
    if (!spec || !*spec)
        spec = any_sem ? "chisq,cfi,rmsea,srmr,n" : "r2,adj_r2,n";
    (void)any_ols;
    int pos = 0;
    while (*spec) {
        size_t len = strcspn(spec, ",");
        int k = 0;
        while (k < FIT_DF && (strlen(fit_keys[k]) != len || strncmp(fit_keys[k], spec, len)))
            k++;
        if (k == FIT_DF)
            return adx_err(S->ctx, ADX_EUSAGE, "unknown fit statistic '%.*s'; use chisq, cfi, "
                                               "tli, nfi, rmsea, srmr, r2, adj_r2, dr2, f or n",
                           (int)len, spec);
        if (!want[k])
            want[k] = ++pos;
        spec += len + (spec[len] == ',');
    }
    return ADX_OK;
}

/* A label for a variable name: from the options' dataset. */
static const char *label_of(const adx_models_options_t *o, const char *name)
{
    if (!o->labels || !name)
        return name;
    long v = adx_dataset_find(o->labels, name);
    return v >= 0 && o->labels->vars[v].label ? o->labels->vars[v].label : name;
}

/* Header groups: runs of consecutive models with the same dependent variable. */
static void dep_groups(adx__tb_t *b, const mset_t *S)
{
    for (size_t i = 0; i < S->n;) {
        size_t j = i + 1;
        while (j < S->n && S->m[i].dep && S->m[j].dep && !strcmp(S->m[i].dep, S->m[j].dep))
            j++;
        if (S->m[i].dep)
            adx__tb_colgroup(b, 1 + i, j - i, label_of(S->o, S->m[i].dep));
        i = j;
    }
}

static void models_json(adx__tb_t *b, const mset_t *S)
{
    cJSON *arr = adx__jarray(b, adx__tb_root(b), "models");
    for (size_t i = 0; i < S->n; i++) {
        const model_t *m = &S->m[i];
        cJSON *o = adx__jobj(b, arr, NULL);
        adx__jstr(b, o, "name", m->ref->name);
        adx__jstr(b, o, "step", m->ref->command);
        adx__jstr(b, o, "dependent", m->dep);
        adx__jnum(b, o, "n", m->fit[FIT_N]);
        cJSON *ta = adx__jarray(b, o, "terms");
        for (size_t k = 0; k < m->nt; k++) {
            const mterm_t *t = &m->t[k];
            cJSON *tj = adx__jobj(b, ta, NULL);
            adx__jstr(b, tj, "term", t->term);
            const adx_jf_t jf[] = {{"est", t->est}, {"se", t->se},      {"stat", t->stat},
                                   {"p", t->p},     {"ci_lower", t->lo}, {"ci_upper", t->hi}};
            adx__jfields(b, tj, jf, ADX_NELEM(jf));
        }
        cJSON *fj = adx__jobj(b, o, "fit");
        for (int k = 0; k < FIT_DF; k++)
            if (k != FIT_N && isfinite(m->fit[k]))
                adx__jnum(b, fj, fit_keys[k], m->fit[k]);
        if (isfinite(m->fit[FIT_DF]))
            adx__jnum(b, fj, "df", m->fit[FIT_DF]);
    }
}

static void models_notes(adx__tb_t *b, const mset_t *S)
{
    static const char *const what[] = {"t statistics in parentheses",
                                       "standard errors in parentheses", "p-values in "
                                                                         "parentheses",
                                       "confidence intervals in brackets", NULL};
    double nlo = INFINITY, nhi = -INFINITY;
    for (size_t i = 0; i < S->n; i++)
        if (isfinite(S->m[i].fit[FIT_N])) {
            nlo = fmin(nlo, S->m[i].fit[FIT_N]);
            nhi = fmax(nhi, S->m[i].fit[FIT_N]);
        }
    const char *coef = S->o->standardized ? "Standardized coefficients" : "Unstandardized "
                                                                          "coefficients";
    const char *stat = what[S->o->stat];
    int nsem = 0;
    for (size_t i = 0; i < S->n; i++)
        nsem += S->m[i].sem;
    if (S->o->stat == ADX_MSTAT_T && nsem)
        stat = nsem == (int)S->n ? "z statistics in parentheses"
                                 : "t statistics (z for the structural equation models) in "
                                   "parentheses";
    char nb[96] = "";
    if (isfinite(nlo) && nlo == nhi)
        snprintf(nb, sizeof nb, " All models use the same N = %.0f cases.", nlo);
    else if (isfinite(nlo))
        snprintf(nb, sizeof nb, " N differs across the models (%.0f to %.0f cases).", nlo, nhi);
    adx__tb_note(b, "%s%s%s.%s", coef, stat ? "; " : "", stat ? stat : "", nb);
    adx__tb_note(b, "\xE2\x80\xA0 p < .10. * p < .05. ** p < .01. *** p < .001.");
}

static void build_table(adx__tb_t *b, const mset_t *S, const row_t *rows, size_t nrows,
                        const int *want)
{
    const char **cols = adx__tb_check(b, calloc(S->n + 1, sizeof *cols));
    char(*names)[64] = adx__tb_check(b, calloc(S->n + 1, sizeof *names));
    if (!cols || !names) {
        free(cols);
        free(names);
        return;
    }
    cols[0] = "Variable";
    const char *given = S->o->columns;
    for (size_t i = 0; i < S->n; i++) {
        size_t len = given ? strcspn(given, ",") : 0;
        if (len)
            snprintf(names[i], sizeof names[i], "%.*s", (int)len, given);
        else
            snprintf(names[i], sizeof names[i], "Model %zu", i + 1);
        given = given && given[len] ? given + len + 1 : NULL;
        cols[i + 1] = names[i];
    }
    adx__tb_table(b, S->o->title ? S->o->title : "Results of the models", S->n + 1, cols);
    free(cols);
    free(names);
    dep_groups(b, S);
    char buf[160];
    int grouped = S->o->ngroups > 0;
    for (size_t r = 0; r < nrows; r++) {
        if (rows[r].group)
            adx__tb_rowgroup_span(b, "", rows[r].group);
        size_t k = adx__tb_row(b);
        adx__tb_text(b, k, 0, label_of(S->o, rows[r].term));
        for (size_t i = 0; i < S->n; i++) {
            const mterm_t *t = find_term(&S->m[i], rows[r].term);
            if (t && isfinite(t->est)) {
                coef_text(S->o, t, buf, sizeof buf);
                adx__tb_text(b, k, i + 1, buf);
            }
        }
    }
    for (int pos = 1; pos <= FIT_DF; pos++) {
        int f = 0;
        while (f < FIT_DF && want[f] != pos)
            f++;
        if (f == FIT_DF)
            break;
        if (grouped) {
            adx__tb_rowgroup_span(b, "", "Goodness of fit");
            grouped = 0;
        }
        size_t k = adx__tb_row(b);
        adx__tb_text(b, k, 0, fit_labels[f]);
        for (size_t i = 0; i < S->n; i++) {
            fit_text(f, &S->m[i], buf, sizeof buf);
            if (buf[0])
                adx__tb_text(b, k, i + 1, buf);
        }
    }
    if (b->t)
        for (size_t i = 0; i < S->n; i++)
            adx_table_set_align(b->t, i + 1, ADX_ALIGN_RIGHT);
}

adx_error_t adx_report_models(const adx_model_ref_t *refs, size_t nrefs,
                              const adx_models_options_t *o, adx_report_t **out,
                              adx_errctx_t *ctx)
{
    adx_models_options_t def;
    if (!o) {
        adx_models_options_init(&def);
        o = &def;
    }
    *out = NULL;
    mset_t S = {.o = o, .ctx = ctx};
    row_t *rows = NULL;
    size_t nrows = 0;
    int want[NFIT] = {0};
    adx__tb_t b;
    adx__tb_init(&b);
    adx_error_t rc = collect(&S, refs, nrefs);
    if (!rc)
        rc = fit_rows(&S, want);
    if (!rc && !(rows = term_rows(&S, &nrows)))
        rc = adx_oom(ctx);
    if (!rc) {
        build_table(&b, &S, rows, nrows, want);
        models_notes(&b, &S);
        models_json(&b, &S);
        rc = adx__tb_done(&b, out, ctx);
    } else {
        adx__tb_done(&b, out, ctx);
        adx_report_free(*out);
        *out = NULL;
    }
    for (size_t i = 0; i < S.n; i++)
        free(S.m[i].t);
    free(S.m);
    free(rows);
    return rc;
}
