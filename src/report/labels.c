/* Variable labels in a report's tables (adx_report_relabel, adx_report_models.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "ambidex/adx_report_models.h"

/* The label text for s when s is a variable name with a label (optionally after a
 * "3. " number): a malloc'd string, or NULL (no label, or out of memory: *oom). */
static char *relabel_text(const char *s, const adx_dataset_t *ds, adx_labels_t mode, int *oom)
{
    if (!s)
        return NULL;
    /* A row group "NAME (α = .82; ...)": the name is relabelled, the rest kept. */
    const char *paren = strstr(s, " (");
    if (paren && adx_dataset_find(ds, s) < 0) {
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(paren - s), s);
        char *head = (size_t)(paren - s) < sizeof name ? relabel_text(name, ds, mode, oom) : NULL;
        if (!head)
            return NULL;
        adx__sb_t b = {0};
        adx__sb_printf(&b, "%s%s", head, paren);
        free(head);
        char *out = adx__sb_take(&b);
        *oom |= !out;
        return out;
    }
    size_t pre = strspn(s, "0123456789");
    if (pre && s[pre] == '.' && s[pre + 1] == ' ')
        pre += 2;
    else
        pre = 0;
    long v = adx_dataset_find(ds, s + pre);
    const char *label = v >= 0 ? ds->vars[v].label : NULL;
    if (!label || !*label)
        return NULL;
    adx__sb_t b = {0};
    adx__sb_printf(&b, "%.*s%s", (int)pre, s, label);
    if (mode == ADX_LABELS_BOTH)
        adx__sb_printf(&b, " (%s)", s + pre);
    char *out = adx__sb_take(&b);
    *oom |= !out;
    return out;
}

static void swap(char **slot, const adx_dataset_t *ds, adx_labels_t mode, int *oom)
{
    char *t = relabel_text(*slot, ds, mode, oom);
    if (t) {
        free(*slot);
        *slot = t;
    }
}

adx_error_t adx_report_relabel(adx_report_t *r, const adx_dataset_t *ds, adx_labels_t mode)
{
    int oom = 0;
    if (!r || !ds || mode == ADX_LABELS_NAMES)
        return ADX_OK;
    for (size_t i = 0; i < r->ntables; i++) {
        adx_table_t *t = r->tables[i];
        /* Column headers keep the names: matrices (HTMT, crosstabs) stay narrow. */
        for (size_t g = 0; g < t->ncolgroups; g++)
            swap(&t->colgroups[g].label, ds, mode, &oom);
        for (size_t g = 0; g < t->nrowgroups; g++)
            swap(&t->rowgroups[g].label, ds, mode, &oom);
        for (size_t c = 0; c < t->nrows * t->ncols; c++)
            if (t->cells[c].kind == ADX_CELL_TEXT)
                swap(&t->cells[c].text, ds, mode, &oom);
    }
    return oom ? ADX_ENOMEM : ADX_OK;
}
