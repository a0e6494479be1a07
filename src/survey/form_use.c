/* Using a loaded form: look-ups, languages, relevance and answer validation. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey_priv.h"

long adx__sform_find(const adx_sform_t *f, const char *name)
{
    for (size_t i = 0; i < f->nq; i++)
        if (f->q[i].name && f->q[i].type != SQ_END_GROUP && !strcmp(f->q[i].name, name))
            return (long)i;
    return -1;
}

const char *adx__sform_text(const adx_sform_t *f, char *const *txt, size_t lang)
{
    if (!txt)
        return "";
    if (lang < f->nlang && txt[lang])
        return txt[lang];
    if (txt[f->deflang])
        return txt[f->deflang];
    for (size_t l = 0; l < f->nlang; l++)
        if (txt[l])
            return txt[l];
    return "";
}

int adx__sform_rtl(const adx_sform_t *f, size_t lang)
{
    static const char *rtl[] = {"ar", "he", "fa", "ur", "Arabic", "Hebrew", "Persian", "Farsi",
                                "Urdu", "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9",
                                "\xd7\xa2\xd7\x91\xd7\xa8\xd7\x99\xd7\xaa", "\xd9\x81\xd8\xa7"
                                "\xd8\xb1\xd8\xb3\xdb\x8c"};
    if (lang >= f->nlang)
        return 0;
    for (size_t i = 0; i < sizeof rtl / sizeof rtl[0]; i++)
        if (!strcmp(f->codes[lang], rtl[i]) || !strcmp(f->langs[lang], rtl[i]))
            return 1;
    return 0;
}

long adx__sform_lang(const adx_sform_t *f, const char *name)
{
    for (size_t l = 0; l < f->nlang; l++)
        if (!strcmp(f->langs[l], name) || (*f->codes[l] && !strcmp(f->codes[l], name)))
            return (long)l;
    return -1;
}

int adx__sform_has_choice(const adx_sform_t *f, const adx__sq_t *q, const char *v)
{
    for (size_t c = 0; c < f->nch; c++)
        if (!strcmp(f->ch[c].list, q->list) && !strcmp(f->ch[c].name, v))
            return 1;
    return 0;
}

int adx__sform_page_relevant(const adx_sform_t *f, size_t page, char *const *ans)
{
    adx__senv_t env = {.form = f, .ans = ans};
    if (!adx__sx_true(f->pages[page].relevant, &env))
        return 0;
    /* A page shows when at least one of its questions does. */
    for (size_t i = f->pages[page].group;
         i < f->nq && (f->q[i].page == page || f->q[i].type == SQ_CALCULATE); i++)
        if (f->q[i].page == page && f->q[i].type != SQ_BEGIN_GROUP && f->q[i].type != SQ_END_GROUP &&
            f->q[i].type != SQ_CALCULATE && adx__sx_true(f->q[i].relevant, &env))
            return 1;
    return 0;
}

int adx__sform_relevant(const adx_sform_t *f, size_t qi, char *const *ans)
{
    adx__senv_t env = {.form = f, .ans = ans};
    const adx__sq_t *q = &f->q[qi];
    if (!adx__sx_true(q->relevant, &env))
        return 0;
    /* an enclosing nested group's relevant (grids) */
    if (q->grid >= 0 && !adx__sx_true(f->q[q->grid].relevant, &env))
        return 0;
    return q->page == (size_t)-1 || adx__sx_true(f->pages[q->page].relevant, &env);
}

static int is_date(const char *v)
{
    int y, m, d;
    char tail;
    if (strlen(v) != 10 || sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return 0;
    return y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Type check of a non-empty answer; NULL or the message. */
static const char *type_error(const adx_sform_t *f, const adx__sq_t *q, const char *v)
{
    char *e;
    switch (q->type) {
    case SQ_INTEGER: {
        long long x = strtoll(v, &e, 10);
        (void)x;
        return *e || e == v ? "Please enter a whole number." : NULL;
    }
    case SQ_DECIMAL: {
        double x = strtod(v, &e);
        return *e || e == v || !isfinite(x) ? "Please enter a number." : NULL;
    }
    case SQ_DATE: return is_date(v) ? NULL : "Please enter a date as YYYY-MM-DD.";
    case SQ_SELECT_ONE:
        return adx__sform_has_choice(f, q, v) ? NULL : "Please choose one of the options.";
    case SQ_SELECT_MULTIPLE:
        for (const char *p = v; *p;) {
            char one[256];
            size_t n = strcspn(p, " ");
            if (n >= sizeof one)
                return "Please choose among the options.";
            memcpy(one, p, n);
            one[n] = 0;
            if (n && !adx__sform_has_choice(f, q, one))
                return "Please choose among the options.";
            p += n;
            while (*p == ' ')
                p++;
        }
        return NULL;
    case SQ_TEXT: return strlen(v) > 10000 ? "Please shorten the answer." : NULL;
    default: return NULL;
    }
}

const char *adx__sform_validate(const adx_sform_t *f, size_t qi, char *const *ans, size_t lang)
{
    const adx__sq_t *q = &f->q[qi];
    const char *v = ans[qi];
    if (!v || !*v)
        return q->required ? "This question requires an answer." : NULL;
    const char *te = type_error(f, q, v);
    if (te)
        return te;
    adx__senv_t env = {.form = f, .ans = ans, .self = v};
    if (!adx__sx_true(q->constraint, &env)) {
        const char *m = adx__sform_text(f, q->cmsg, lang);
        return *m ? m : "This answer is not allowed.";
    }
    return NULL;
}

void adx_sform_summary(const adx_sform_t *f, adx_sform_summary_t *s)
{
    memset(s, 0, sizeof *s);
    s->pages = f->npages;
    s->languages = f->nlang;
    for (size_t i = 0; i < f->nq; i++) {
        adx__sqtype_t t = f->q[i].type;
        s->questions += t != SQ_NOTE && t != SQ_CALCULATE && t != SQ_BEGIN_GROUP &&
                        t != SQ_END_GROUP;
        s->screens += f->q[i].screen != NULL;
        s->attention += f->q[i].attention != NULL;
    }
}
