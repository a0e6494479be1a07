/* The study step `table models NAME... [options]` (docs/study.md): the arguments, the
 * named steps it combines, and adx_report_models. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "study_priv.h"

static const char *const stat_names[] = {"t", "se", "p", "ci", "none"};

/* Splits "a,b,c" in place into terms (pointers into s). */
static size_t split_list(char *s, const char **terms, size_t max)
{
    size_t n = 0;
    for (char *tok = strtok(s, ","); tok && n < max; tok = strtok(NULL, ","))
        terms[n++] = adx__trim(tok);
    return n;
}

typedef struct {
    adx_models_options_t o;
    adx_mgroup_t groups[32];
    char *lists[32];
    const char **terms[32];
    adx_model_ref_t refs[64];
    size_t nrefs;
} targs_t;

static adx_error_t add_group(targs_t *T, const char *label, const char *list,
                             adx_errctx_t *ctx)
{
    size_t g = T->o.ngroups;
    if (g == 32)
        return adx_err(ctx, ADX_EUSAGE, "at most 32 --group options");
    size_t cap = 1;
    for (const char *p = list; *p; p++)
        cap += *p == ',';
    if (!(T->lists[g] = adx__strdup(list)) || !(T->terms[g] = calloc(cap, sizeof(char *))))
        return adx_oom(ctx);
    T->groups[g].label = label;
    T->groups[g].terms = T->terms[g];
    T->groups[g].nterms = split_list(T->lists[g], T->terms[g], cap);
    T->o.groups = T->groups;
    T->o.ngroups = g + 1;
    return ADX_OK;
}

/* One option at args[*a]; advances *a past its values. */
static adx_error_t table_option(targs_t *T, const adx_study_step_t *st, size_t *a,
                                adx_errctx_t *ctx)
{
    const char *k = st->args[*a];
    const char *v = *a + 1 < st->nargs ? st->args[*a + 1] : NULL;
    if (!strcmp(k, "--std")) {
        T->o.standardized = 1;
        return ADX_OK;
    }
    if (!strcmp(k, "--intercept")) {
        T->o.intercept = 1;
        return ADX_OK;
    }
    if (!v)
        return adx_err(ctx, ADX_EUSAGE, "'%s' needs a value", k);
    *a += 1;
    if (!strcmp(k, "--stat")) {
        size_t s = 0;
        while (s < 5 && strcmp(stat_names[s], v))
            s++;
        if (s == 5)
            return adx_err(ctx, ADX_EUSAGE, "--stat '%s': use t, se, p, ci or none", v);
        T->o.stat = (adx_mstat_t)s;
    } else if (!strcmp(k, "--fit")) {
        T->o.fit = v;
    } else if (!strcmp(k, "--title")) {
        T->o.title = v;
    } else if (!strcmp(k, "--columns")) {
        T->o.columns = v;
    } else if (!strcmp(k, "--decimals")) {
        char *end;
        long d = strtol(v, &end, 10);
        if (*end || d < 0 || d > 6)
            return adx_err(ctx, ADX_EUSAGE, "--decimals '%s': give 0 to 6", v);
        T->o.decimals = (int)d;
    } else if (!strcmp(k, "--rows")) {
        return add_group(T, NULL, v, ctx);
    } else if (!strcmp(k, "--group")) {
        if (*a + 1 >= st->nargs)
            return adx_err(ctx, ADX_EUSAGE, "--group needs a label and a list: --group "
                                            "\"Control paths\" LSIZE,LAGE");
        *a += 1;
        return add_group(T, v, st->args[*a], ctx);
    } else {
        return adx_err(ctx, ADX_EUSAGE, "unknown table option '%s'; use --stat, --std, --fit, "
                                        "--rows, --group, --intercept, --decimals, --columns "
                                        "or --title",
                       k);
    }
    return ADX_OK;
}

/* The named step `name` among the run's named results. */
static adx_error_t find_named(const adx__named_t *named, size_t nnamed, const char *arg,
                              adx_model_ref_t *ref, adx_errctx_t *ctx)
{
    char name[256];
    snprintf(name, sizeof name, "%s", arg);
    char *colon = strchr(name, ':'), *end = NULL;
    long only = 0;
    if (colon) {
        *colon = 0;
        only = strtol(colon + 1, &end, 10);
        if (*end || only < 1)
            return adx_err(ctx, ADX_EUSAGE, "'%s': after the colon give the model number (1 "
                                            "for the first block or equation)", arg);
    }
    for (size_t i = nnamed; i-- > 0;)
        if (!strcmp(named[i].name, name)) {
            *ref = (adx_model_ref_t){named[i].name, named[i].command, named[i].result,
                                     (size_t)only};
            return ADX_OK;
        }
    adx_near_t near;
    adx_near_init(&near, name);
    for (size_t i = 0; i < nnamed; i++)
        adx_near_add(&near, named[i].name);
    const char *best = adx_near_best(&near, 3);
    if (best)
        return adx_err(ctx, ADX_ENOVAR, "no earlier step is named '%s'; did you mean '%s'?",
                       name, best);
    return adx_err(ctx, ADX_ENOVAR, "no earlier step is named '%s'; add --name %s to the "
                                    "regress, sem or mediate step",
                   name, name);
}

adx_error_t adx__study_table(const adx_study_step_t *st, const adx__named_t *named,
                             size_t nnamed, const adx_dataset_t *labels, int check,
                             adx_report_t **out, adx_errctx_t *ctx)
{
    *out = NULL;
    if (st->nargs < 2 || strcmp(st->args[0], "models"))
        return adx_err(ctx, ADX_EUSAGE, "usage: table models NAME... [--stat t|se|p|ci] "
                                        "[--fit chisq,cfi,rmsea,srmr,r2,adj_r2,n]");
    targs_t *T = calloc(1, sizeof *T);
    if (!T)
        return adx_oom(ctx);
    adx_models_options_init(&T->o);
    T->o.labels = labels;
    adx_error_t rc = ADX_OK;
    for (size_t a = 1; !rc && a < st->nargs; a++) {
        if (!strncmp(st->args[a], "--", 2))
            rc = table_option(T, st, &a, ctx);
        else if (T->nrefs == 64)
            rc = adx_err(ctx, ADX_EUSAGE, "at most 64 models in one table");
        else
            rc = find_named(named, nnamed, st->args[a], &T->refs[T->nrefs++], ctx);
    }
    if (!rc && !check)
        rc = adx_report_models(T->refs, T->nrefs, &T->o, out, ctx);
    for (size_t g = 0; g < T->o.ngroups; g++) {
        free(T->lists[g]);
        free((void *)T->terms[g]);
    }
    free(T);
    return rc;
}
