/* Server-rendered questionnaire pages: plain HTML forms that work without
 * JavaScript, one page per group, every control named after its XLSForm row, labels
 * bound to inputs, fieldsets for choice sets and grid rows, every text escaped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey_db.h"

const char adx__shtml_css[] =
    "body{font:17px/1.5 system-ui,sans-serif;margin:0;color:#111;background:#fafafa}"
    "main{max-width:52rem;margin:0 auto;padding:1rem}"
    "fieldset{border:1px solid #bbb;border-radius:.4rem;margin:0 0 1rem;padding:.6rem .8rem}"
    "legend,.qlabel{font-weight:600}.hint{color:#444;margin:.2rem 0}.req{color:#a00}"
    ".error{color:#a00;font-weight:600}.alert{border:2px solid #a00;padding:.5rem;margin:1rem 0}"
    "label.choice{display:block;padding:.3rem 0}input[type=text],input[type=number],"
    "input[type=date]{font:inherit;padding:.3rem;width:100%;max-width:20rem}"
    "button{font:inherit;padding:.5rem 1.2rem;margin:.3rem}"
    ".langs button{padding:.2rem .6rem}.q{margin:0 0 1.2rem}"
    ".grid .ghead,.grid fieldset.row{display:grid;grid-template-columns:minmax(8rem,2fr) "
    "repeat(7,1fr);align-items:center;gap:.2rem}"
    ".n2{grid-template-columns:minmax(8rem,2fr) repeat(2,1fr)!important}"
    ".n3{grid-template-columns:minmax(8rem,2fr) repeat(3,1fr)!important}"
    ".n4{grid-template-columns:minmax(8rem,2fr) repeat(4,1fr)!important}"
    ".n5{grid-template-columns:minmax(8rem,2fr) repeat(5,1fr)!important}"
    ".n6{grid-template-columns:minmax(8rem,2fr) repeat(6,1fr)!important}"
    ".n8{grid-template-columns:minmax(8rem,2fr) repeat(8,1fr)!important}"
    ".n9{grid-template-columns:minmax(8rem,2fr) repeat(9,1fr)!important}"
    ".n10{grid-template-columns:minmax(8rem,2fr) repeat(10,1fr)!important}"
    ".n11{grid-template-columns:minmax(8rem,2fr) repeat(11,1fr)!important}"
    ".grid fieldset.row{border:0;border-top:1px solid #ddd;border-radius:0;margin:0;padding:.3rem 0}"
    ".grid fieldset.row legend{float:left;padding:0}.grid label.cell{text-align:center}"
    ".ghead span{font-size:.8rem;text-align:center}"
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
    "progress{width:100%}"
    "@media (max-width:40rem){.grid .ghead{display:none}.grid fieldset.row{display:block}"
    ".grid label.cell{display:block;text-align:start}.grid label.cell .sr{position:static;"
    "width:auto;height:auto;clip:auto}}.grid fieldset.row[hidden]{display:none}";

void adx__shtml_esc(adx__sb_t *b, const char *s)
{
    adx__sb_xml(b, s, ADX__XML_APOS);
}

static void head(adx__sb_t *b, const adx_sform_t *f, size_t lang, const char *title)
{
    const char *code = f && lang < f->nlang && *f->codes[lang] ? f->codes[lang] : "en";
    adx__sb_str(b, "<!DOCTYPE html>\n<html lang=\"");
    adx__shtml_esc(b, code);
    adx__sb_printf(b, "\" dir=\"%s\"><head><meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                      "<title>", f && adx__sform_rtl(f, lang) ? "rtl" : "ltr");
    adx__shtml_esc(b, title);
    adx__sb_str(b, "</title><link rel=\"stylesheet\" href=\"/static/survey.css\">"
                   "<script src=\"/static/survey.js\" defer></script></head>\n"
                   "<body><main>\n");
}

static const char *form_title(const adx_sform_t *f)
{
    return f && f->title && *f->title ? f->title : "Questionnaire";
}

char *adx__shtml_message(const char *title, const char *text)
{
    adx__sb_t b = {0};
    head(&b, NULL, 0, title);
    adx__sb_str(&b, "<h1>");
    adx__shtml_esc(&b, title);
    adx__sb_str(&b, "</h1><p>");
    adx__shtml_esc(&b, text);
    adx__sb_str(&b, "</p></main></body></html>\n");
    return adx__sb_take(&b);
}

char *adx__shtml_end(const adx_sform_t *f, const char *status, size_t lang)
{
    adx__sb_t b = {0};
    head(&b, f, lang, form_title(f));
    adx__sb_str(&b, "<h1>");
    adx__shtml_esc(&b, form_title(f));
    adx__sb_str(&b, "</h1><p id=\"end\" data-status=\"");
    adx__shtml_esc(&b, status);
    adx__sb_str(&b, "\">");
    adx__sb_str(&b, !strcmp(status, "screened_out")
                        ? "Thank you for your time. This survey is meant for a different "
                          "group of respondents, so it ends here."
                        : "Thank you: your answers have been recorded.");
    adx__sb_str(&b, "</p></main></body></html>\n");
    return adx__sb_take(&b);
}

char *adx__shtml_open(const adx_sform_t *f, const char *start)
{
    adx__sb_t b = {0};
    head(&b, f, f->deflang, form_title(f));
    adx__sb_str(&b, "<h1>");
    adx__shtml_esc(&b, form_title(f));
    adx__sb_str(&b, "</h1><form method=\"post\" action=\"/open\"><input type=\"hidden\" "
                    "name=\"_start\" value=\"");
    adx__shtml_esc(&b, start);
    adx__sb_str(&b, "\"><button type=\"submit\">Start</button></form></main></body></html>\n");
    return adx__sb_take(&b);
}

/* The hidden fields every form carries. */
static void hidden(adx__sb_t *b, const char *csrf, size_t page)
{
    adx__sb_str(b, "<input type=\"hidden\" name=\"_csrf\" value=\"");
    adx__shtml_esc(b, csrf);
    adx__sb_printf(b, "\"><input type=\"hidden\" name=\"_page\" value=\"%zu\">\n", page);
}

static void lang_switch(adx__sb_t *b, const adx_sform_t *f, const char *token, const char *csrf,
                        size_t page, size_t lang)
{
    if (f->nlang < 2)
        return;
    adx__sb_str(b, "<form class=\"langs\" method=\"post\" action=\"/s/");
    adx__shtml_esc(b, token);
    adx__sb_str(b, "\" aria-label=\"Language\">");
    hidden(b, csrf, page);
    for (size_t l = 0; l < f->nlang; l++) {
        adx__sb_printf(b, "<button type=\"submit\" name=\"_lang\" value=\"%zu\"%s", l,
                       l == lang ? " aria-current=\"true\"" : "");
        if (*f->codes[l]) {
            adx__sb_str(b, " lang=\"");
            adx__shtml_esc(b, f->codes[l]);
            adx__sb_char(b, '"');
        }
        adx__sb_char(b, '>');
        adx__shtml_esc(b, f->langs[l]);
        adx__sb_str(b, "</button>");
    }
    adx__sb_str(b, "</form>\n");
}

/* 1 when choice c of q's list passes q's choice_filter. */
static int choice_shown(const adx_sform_t *f, const adx__sq_t *q, const adx__sch_t *c,
                        char *const *ans)
{
    if (strcmp(c->list, q->list))
        return 0;
    adx__senv_t env = {.form = f, .ans = ans, .cnames = c->cnames, .cvals = c->cvals,
                       .ncols = c->ncols};
    return adx__sx_true(q->cfilter, &env);
}

static void label_text(adx__sb_t *b, const adx_sform_t *f, const adx__sq_t *q, size_t lang)
{
    adx__shtml_esc(b, adx__sform_text(f, q->label, lang));
    if (q->required)
        adx__sb_str(b, " <span class=\"req\" aria-hidden=\"true\">*</span>");
}

/* The hint and error lines of q, with the ids aria-describedby points to. */
static void notes(adx__sb_t *b, const adx_sform_t *f, const adx__sq_t *q, size_t lang,
                  const char *err)
{
    const char *h = adx__sform_text(f, q->hint, lang);
    if (*h) {
        adx__sb_str(b, "<p class=\"hint\" id=\"h_");
        adx__shtml_esc(b, q->name);
        adx__sb_str(b, "\">");
        adx__shtml_esc(b, h);
        adx__sb_str(b, "</p>");
    }
    if (err) {
        adx__sb_str(b, "<p class=\"error\" id=\"e_");
        adx__shtml_esc(b, q->name);
        adx__sb_str(b, "\">");
        adx__shtml_esc(b, err);
        adx__sb_str(b, "</p>");
    }
}

static void described(adx__sb_t *b, const adx_sform_t *f, const adx__sq_t *q, size_t lang,
                      const char *err)
{
    int h = *adx__sform_text(f, q->hint, lang) != 0;
    if (!h && !err)
        return;
    adx__sb_str(b, " aria-describedby=\"");
    if (h) {
        adx__sb_str(b, "h_");
        adx__shtml_esc(b, q->name);
    }
    if (err) {
        adx__sb_str(b, h ? " e_" : "e_");
        adx__shtml_esc(b, q->name);
    }
    adx__sb_str(b, "\"");
    if (err)
        adx__sb_str(b, " aria-invalid=\"true\"");
}

/* The radio buttons or check boxes of a select question. */
static void choices(adx__sb_t *b, const adx_sform_t *f, const adx__sq_t *q, size_t lang,
                    const char *val, char *const *ans, int cell)
{
    int multi = q->type == SQ_SELECT_MULTIPLE;
    for (size_t c = 0; c < f->nch; c++) {
        const adx__sch_t *ch = &f->ch[c];
        if (!choice_shown(f, q, ch, ans))
            continue;
        int on = multi ? adx__sx_selected(val, ch->name) : val && !strcmp(val, ch->name);
        adx__sb_str(b, cell ? "<label class=\"cell\">" : "<label class=\"choice\">");
        adx__sb_printf(b, "<input type=\"%s\" name=\"", multi ? "checkbox" : "radio");
        adx__shtml_esc(b, q->name);
        adx__sb_str(b, "\" value=\"");
        adx__shtml_esc(b, ch->name);
        adx__sb_printf(b, "\"%s> ", on ? " checked" : "");
        adx__sb_str(b, cell ? "<span class=\"sr\">" : "<span>");
        adx__shtml_esc(b, adx__sform_text(f, ch->label, lang));
        adx__sb_str(b, "</span></label>\n");
    }
}

static void question(adx__sb_t *b, const adx_sform_t *f, size_t qi, size_t lang,
                     char *const *ans, const char *err)
{
    const adx__sq_t *q = &f->q[qi];
    const char *val = ans[qi] ? ans[qi] : q->deflt;
    if (q->type == SQ_NOTE) {
        adx__sb_str(b, "<p class=\"note\">");
        adx__shtml_esc(b, adx__sform_text(f, q->label, lang));
        adx__sb_str(b, "</p>\n");
        return;
    }
    if (q->type == SQ_SELECT_ONE || q->type == SQ_SELECT_MULTIPLE) {
        adx__sb_str(b, "<fieldset class=\"q\"");
        described(b, f, q, lang, err);
        adx__sb_str(b, "><legend>");
        label_text(b, f, q, lang);
        adx__sb_str(b, "</legend>");
        notes(b, f, q, lang, err);
        choices(b, f, q, lang, val, ans, 0);
        adx__sb_str(b, "</fieldset>\n");
        return;
    }
    const char *type = q->type == SQ_DATE ? "date" : q->type == SQ_TEXT ? "text" : "number";
    adx__sb_str(b, "<div class=\"q\"><label class=\"qlabel\" for=\"q_");
    adx__shtml_esc(b, q->name);
    adx__sb_str(b, "\">");
    label_text(b, f, q, lang);
    adx__sb_str(b, "</label>");
    notes(b, f, q, lang, err);
    adx__sb_printf(b, "<input type=\"%s\"%s id=\"q_", type,
                   q->type == SQ_INTEGER ? " step=\"1\" inputmode=\"numeric\""
                   : q->type == SQ_DECIMAL ? " step=\"any\" inputmode=\"decimal\"" : "");
    adx__shtml_esc(b, q->name);
    adx__sb_str(b, "\" name=\"");
    adx__shtml_esc(b, q->name);
    adx__sb_str(b, "\" value=\"");
    adx__shtml_esc(b, val ? val : "");
    adx__sb_str(b, "\"");
    described(b, f, q, lang, err);
    adx__sb_str(b, "></div>\n");
}

static void skippable(adx__sb_t *b, const adx_sform_t *f, size_t i, size_t lang,
                      char *const *ans, const char *err);

/* A table-list group: a header of choice labels, then one fieldset per row. */
static size_t grid(adx__sb_t *b, const adx_sform_t *f, size_t g, size_t lang, char *const *ans,
                   const char *const *err)
{
    size_t i = g + 1, first = g + 1, n = 0;
    while (first < f->nq && f->q[first].type != SQ_SELECT_ONE && f->q[first].grid == (int)g)
        first++;
    adx__sb_str(b, "<div class=\"grid\" role=\"group\"");
    const char *gl = adx__sform_text(f, f->q[g].label, lang);
    if (*gl) {
        adx__sb_str(b, " aria-labelledby=\"g_");
        adx__shtml_esc(b, f->q[g].name);
        adx__sb_char(b, '"');
    }
    adx__sb_str(b, ">");
    if (*gl && f->pages[f->q[g].page].group != g) { /* a page's grid: its h2 is the label */
        adx__sb_str(b, "<h3 id=\"g_");
        adx__shtml_esc(b, f->q[g].name);
        adx__sb_str(b, "\">");
        adx__shtml_esc(b, gl);
        adx__sb_str(b, "</h3>");
    }
    if (first < f->nq && f->q[first].grid == (int)g) {
        for (size_t c = 0; c < f->nch; c++)
            n += choice_shown(f, &f->q[first], &f->ch[c], ans);
        adx__sb_printf(b, "<div class=\"ghead n%zu\" aria-hidden=\"true\"><span>"
                          "</span>", n);
        for (size_t c = 0; c < f->nch; c++)
            if (choice_shown(f, &f->q[first], &f->ch[c], ans)) {
                adx__sb_str(b, "<span>");
                adx__shtml_esc(b, adx__sform_text(f, f->ch[c].label, lang));
                adx__sb_str(b, "</span>");
            }
        adx__sb_str(b, "</div>\n");
    }
    for (; i < f->nq && f->q[i].type != SQ_END_GROUP; i++) {
        const adx__sq_t *q = &f->q[i];
        if (q->type == SQ_CALCULATE)
            continue;
        if (q->type != SQ_SELECT_ONE) {
            skippable(b, f, i, lang, ans, err ? err[i] : NULL);
            continue;
        }
        /* a row with skip logic is shown and hidden by the page script as the other
         * fieldset.skip questions are (hidden and disabled while not relevant) */
        int rel = adx__sform_relevant(f, i, ans);
        if (!rel && (!q->relevant_text || !adx__sform_page_relevant(f, q->page, ans)))
            continue;
        adx__sb_printf(b, "<fieldset class=\"row n%zu%s\"", n, q->relevant_text ? " skip" : "");
        if (q->relevant_text) {
            adx__sb_str(b, " data-relevant=\"");
            adx__shtml_esc(b, q->relevant_text);
            adx__sb_str(b, rel ? "\"" : "\" hidden disabled");
        }
        described(b, f, q, lang, err ? err[i] : NULL);
        adx__sb_str(b, "><legend>");
        label_text(b, f, q, lang);
        adx__sb_str(b, "</legend>");
        notes(b, f, q, lang, err ? err[i] : NULL);
        choices(b, f, q, lang, ans[i], ans, 1);
        adx__sb_str(b, "</fieldset>\n");
    }
    adx__sb_str(b, "</div>\n");
    return i;
}

/* A question of the page. With a relevant expression it sits in a fieldset that the
 * page script shows or hides as answers change (data-relevant: the expression as
 * written); a question not relevant now is in the page too, hidden and disabled, so
 * that without the script nothing of it is seen or sent and the server asks for it
 * after the submit that makes it relevant. */
static void skippable(adx__sb_t *b, const adx_sform_t *f, size_t i, size_t lang,
                      char *const *ans, const char *err)
{
    const adx__sq_t *q = &f->q[i];
    int rel = adx__sform_relevant(f, i, ans);
    if (!q->relevant_text) {
        if (rel)
            question(b, f, i, lang, ans, err);
        return;
    }
    if (!adx__sform_page_relevant(f, q->page, ans))
        return;
    adx__sb_str(b, "<fieldset class=\"skip\" data-relevant=\"");
    adx__shtml_esc(b, q->relevant_text);
    adx__sb_str(b, rel ? "\">" : "\" hidden disabled>");
    question(b, f, i, lang, ans, err);
    adx__sb_str(b, "</fieldset>\n");
}

/* The answers of the other pages, for the page script's expressions: a JSON object
 * in an attribute (escaped like any text). */
static void answers_attr(adx__sb_t *b, const adx_sform_t *f, size_t page, char *const *ans)
{
    adx__sb_t j = {0};
    adx__sb_char(&j, '{');
    for (size_t i = 0; i < f->nq; i++) {
        if (!ans[i] || f->q[i].page == page)
            continue;
        adx__sb_printf(&j, "%s\"", j.len > 1 ? "," : "");
        adx__sb_str(&j, f->q[i].name);
        adx__sb_str(&j, "\":\"");
        for (const char *p = ans[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                adx__sb_printf(&j, "\\%c", *p);
            else if ((unsigned char)*p < 0x20)
                adx__sb_printf(&j, "\\u%04x", (unsigned char)*p);
            else
                adx__sb_char(&j, *p);
        }
        adx__sb_char(&j, '"');
    }
    adx__sb_char(&j, '}');
    char *t = adx__sb_take(&j);
    adx__sb_str(b, " data-answers=\"");
    adx__shtml_esc(b, t ? t : "{}");
    adx__sb_char(b, '"');
    free(t);
}

char *adx__shtml_page(const adx_sform_t *f, const char *token, const char *csrf, size_t page,
                      size_t lang, char *const *ans, const char *const *err, size_t nerr)
{
    adx__sb_t b = {0};
    const adx__spage_t *pg = &f->pages[page];
    head(&b, f, lang, form_title(f));
    lang_switch(&b, f, token, csrf, page, lang);
    adx__sb_str(&b, "<h1>");
    adx__shtml_esc(&b, form_title(f));
    adx__sb_printf(&b, "</h1><progress value=\"%zu\" max=\"%zu\" aria-label=\"Progress\">"
                       "%zu / %zu</progress>\n", page, f->npages, page, f->npages);
    adx__sb_str(&b, "<form method=\"post\" novalidate id=\"page\"");
    answers_attr(&b, f, page, ans);
    adx__sb_str(&b, " action=\"/s/");
    adx__shtml_esc(&b, token);
    adx__sb_str(&b, "\">");
    hidden(&b, csrf, page);
    if (nerr)
        adx__sb_printf(&b, "<div class=\"alert\" role=\"alert\">%zu answer%s need%s "
                           "attention.</div>\n", nerr, nerr == 1 ? "" : "s",
                       nerr == 1 ? "s" : "");
    const char *pl = pg->label ? adx__sform_text(f, pg->label, lang) : "";
    if (*pl) {
        adx__sb_str(&b, "<h2 id=\"g_");
        adx__shtml_esc(&b, f->q[pg->group].name);
        adx__sb_str(&b, "\">");
        adx__shtml_esc(&b, pl);
        adx__sb_str(&b, "</h2>\n");
    }
    for (size_t i = pg->group; i < f->nq; i++) {
        const adx__sq_t *q = &f->q[i];
        if (q->type == SQ_CALCULATE)
            continue;
        if (q->page != page)
            break;
        if (q->type == SQ_END_GROUP || (q->type == SQ_BEGIN_GROUP && i == pg->group && !pg->grid))
            continue;
        if (q->type == SQ_BEGIN_GROUP) {
            if (adx__sform_relevant(f, i, ans))
                i = grid(&b, f, i, lang, ans, err);
            else
                while (i + 1 < f->nq && f->q[i + 1].type != SQ_END_GROUP)
                    i++;
            continue;
        }
        skippable(&b, f, i, lang, ans, err ? err[i] : NULL);
    }
    adx__sb_printf(&b, "<div class=\"nav\"><button type=\"submit\" name=\"_next\" value=\"1\" "
                       "id=\"next\">%s</button>", page + 1 < f->npages ? "Next" : "Submit");
    if (page > 0)
        adx__sb_str(&b, "<button type=\"submit\" name=\"_back\" value=\"1\">Back</button>");
    adx__sb_str(&b, "</div>\n</form></main></body></html>\n");
    return adx__sb_take(&b);
}
