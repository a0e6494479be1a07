/* Growable string buffer with a sticky out-of-memory flag, and small string
 * helpers. Replaces the per-module buffers (render's sb_t, plot's buf_t, ...). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

void adx__sb_put(adx__sb_t *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (n > (size_t)-1 / 2 - b->len) {
        b->oom = 1;
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

void adx__sb_str(adx__sb_t *b, const char *s) { adx__sb_put(b, s, strlen(s)); }

void adx__sb_char(adx__sb_t *b, char ch) { adx__sb_put(b, &ch, 1); }

void adx__sb_repeat(adx__sb_t *b, const char *s, size_t times)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < times; i++)
        adx__sb_put(b, s, n);
}

void adx__sb_vprintf(adx__sb_t *b, const char *fmt, va_list ap)
{
    if (b->oom)
        return;
    char small[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) {
        va_end(ap2);
        return;
    }
    if ((size_t)n < sizeof small) {
        adx__sb_put(b, small, (size_t)n);
    } else {
        char *big = malloc((size_t)n + 1);
        if (!big)
            b->oom = 1;
        else {
            vsnprintf(big, (size_t)n + 1, fmt, ap2);
            adx__sb_put(b, big, (size_t)n);
            free(big);
        }
    }
    va_end(ap2);
}

void adx__sb_printf(adx__sb_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    adx__sb_vprintf(b, fmt, ap);
    va_end(ap);
}

char *adx__sb_take(adx__sb_t *b)
{
    if (!b->oom && !b->s)
        adx__sb_put(b, "", 0);
    if (b->oom) {
        adx__sb_free(b);
        return NULL;
    }
    char *s = b->s;
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void adx__sb_free(adx__sb_t *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

char *adx__strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

char *adx__strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t k = 0;
    while (k < n && s[k])
        k++;
    char *d = malloc(k + 1);
    if (d) {
        memcpy(d, s, k);
        d[k] = 0;
    }
    return d;
}

char *adx__trim(char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = 0;
    return s;
}

void adx__free_all(void *const *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(p[i]);
}

void adx__free_strings(char **s, size_t n)
{
    if (!s)
        return;
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    free(s);
}

void adx__sb_xml(adx__sb_t *b, const char *s, int flags)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': adx__sb_str(b, "&amp;"); break;
        case '<': adx__sb_str(b, "&lt;"); break;
        case '>': adx__sb_str(b, "&gt;"); break;
        case '"': adx__sb_str(b, "&quot;"); break;
        case '\'':
            adx__sb_str(b, flags & ADX__XML_APOS ? "&#39;" : "'");
            break;
        default:
            adx__sb_char(b, (flags & ADX__XML_CTRL) && c < 0x20 && c != '\t' ? ' ' : (char)c);
        }
    }
}

void adx__sb_csv(adx__sb_t *b, const char *s)
{
    if (!strpbrk(s, ",\"\n\r") && *s != ' ') {
        adx__sb_str(b, s);
        return;
    }
    adx__sb_char(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            adx__sb_char(b, '"');
        adx__sb_char(b, *s);
    }
    adx__sb_char(b, '"');
}
