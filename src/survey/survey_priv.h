/* Private to src/survey: the loaded form and the expression language. */
#ifndef ADX_SURVEY_PRIV_H
#define ADX_SURVEY_PRIV_H

#include <stddef.h>

#include "../base/base.h"
#include "ambidex/adx_survey.h"

/* ---- expressions (expr.c) ---------------------------------------------------- */

typedef struct adx__sx adx__sx_t; /* a parsed expression */

/* What an expression sees while it is evaluated. */
typedef struct {
    const adx_sform_t *form;
    char *const *ans;             /* current answer per question index (NULL: none) */
    const char *self;             /* `.`: the value being checked (constraint) */
    /* choice_filter: the columns of the choice being filtered (bare names) */
    char *const *cnames, *const *cvals;
    size_t ncols;
} adx__senv_t;

/* Parses `text`; question names ${x} are resolved in form f (which must hold every
 * question already). On error returns NULL with a message (without location) in err
 * (size errn). bare: bare names allowed (choice_filter). */
adx__sx_t *adx__sx_parse(const char *text, const adx_sform_t *f, int bare, char *err,
                         size_t errn);
void adx__sx_free(adx__sx_t *x);
/* Truth value of x in env (an absent expression is true). */
int adx__sx_true(const adx__sx_t *x, const adx__senv_t *env);
/* Value of x as text (calculate), into buf. */
void adx__sx_text(const adx__sx_t *x, const adx__senv_t *env, char *buf, size_t n);
/* 1 when the space-separated list `list` holds `v`. */
int adx__sx_selected(const char *list, const char *v);

/* ---- the form (form.c) ------------------------------------------------------- */

typedef enum {
    SQ_SELECT_ONE,
    SQ_SELECT_MULTIPLE,
    SQ_INTEGER,
    SQ_DECIMAL,
    SQ_TEXT,
    SQ_NOTE,
    SQ_DATE,
    SQ_CALCULATE,
    SQ_BEGIN_GROUP,
    SQ_END_GROUP
} adx__sqtype_t;

typedef struct {
    adx__sqtype_t type;
    char *name;
    char *list;        /* select_*: the choice list */
    char **label;      /* [nlang] */
    char **hint;       /* [nlang] */
    char **cmsg;       /* constraint_message [nlang] */
    int required;
    adx__sx_t *relevant, *constraint, *screen, *calc, *cfilter;
    char *relevant_text; /* the relevant expression as written (for the page's script) */
    char *attention;   /* the correct answer of an attention check, or NULL */
    char *deflt;
    int grid;          /* table-list group: its begin-group row index, else -1 */
    size_t page;       /* page index (calculate: SIZE_MAX, evaluated on every save) */
    size_t row;        /* line in survey.csv */
} adx__sq_t;

typedef struct {
    char *list, *name;
    char **label;        /* [nlang] */
    char **cnames, **cvals; /* every column, for choice_filter */
    size_t ncols;
} adx__sch_t;

typedef struct {
    size_t group;      /* index of the begin-group row in q (or of the lone question) */
    adx__sx_t *relevant;
    char **label;      /* [nlang], may hold NULLs */
    int grid;          /* the whole page is a table-list */
} adx__spage_t;

struct adx_sform {
    char *dir, *title, *id, *version;
    char **langs;      /* display names ("English"); "" for a form without label:: */
    char **codes;      /* ISO code from "English (en)", or "" */
    size_t nlang, deflang;
    adx__sq_t *q;
    size_t nq;
    adx__sch_t *ch;
    size_t nch;
    adx__spage_t *pages;
    size_t npages;
    int open_link;     /* settings open_link yes: /open starts a response */
    int user_agent;    /* settings user_agent yes: record the browser's user agent */
};

/* The question named `name`, or -1. */
long adx__sform_find(const adx_sform_t *f, const char *name);
/* Label text in language `lang`, falling back to the first language that has one. */
const char *adx__sform_text(const adx_sform_t *f, char *const *txt, size_t lang);
/* 1 when language `lang` is written right to left (Arabic, Hebrew, Persian, Urdu). */
int adx__sform_rtl(const adx_sform_t *f, size_t lang);
/* The language index named `name` (display name or code), or -1. */
long adx__sform_lang(const adx_sform_t *f, const char *name);
/* 1 when `v` is a choice of question q's list. */
int adx__sform_has_choice(const adx_sform_t *f, const adx__sq_t *q, const char *v);

/* Checks an answer `v` (NULL/"" = none) of question q with the answers ans: type,
 * required, constraint. Returns NULL when fine, else a message in language lang
 * (static text or the form's constraint_message). */
const char *adx__sform_validate(const adx_sform_t *f, size_t qi, char *const *ans, size_t lang);
/* Whether question qi is shown with answers ans (its relevant and its page's). */
int adx__sform_relevant(const adx_sform_t *f, size_t qi, char *const *ans);
int adx__sform_page_relevant(const adx_sform_t *f, size_t page, char *const *ans);

/* ---- sheets of a form (form.c reads CSV sheets, xlsx.c workbook sheets) ----- */

/* One sheet, read whole: row 1 the column names, then the rows with their line (CSV) or
 * row number (.xlsx); every cell text, trimmed, "" when empty. */
typedef struct {
    char *path;    /* for messages: FOLDER/survey.csv or FORM.xlsx/survey */
    char **names;
    size_t ncols;
    char ***cells; /* [nrows][ncols] */
    size_t *lines;
    size_t nrows;
} adx__sheet_t;
/* Sheet `sheet` (case-insensitive) of the .xlsx workbook at path into s (names, cells,
 * lines; path untouched); *found = 0 when the workbook has no such sheet. In the
 * on-demand module (libzip, libxml2). Errors: ADX_EIO, ADX_EPARSE (not a workbook,
 * malformed XML: the part and line), ADX_ENOMEM. */
/* The page script (js.c): live skip logic and progress; the pages work without it. */
extern const char adx__survey_js[];

adx_error_t adx__xlsx_sheet(const char *path, const char *sheet, adx__sheet_t *s, int *found,
                            adx_errctx_t *ctx);

#endif
