/* Capped reading of zip entries and the one XML loader (see zipxml.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "zipxml.h"

adx_error_t adx__zip_open(adx__zip_t *z, const char *path, const char *what, const char *hint,
                          adx_errctx_t *ctx)
{
    int zerr = 0;
    z->path = path;
    z->total = 0;
    if (!(z->za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr))) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        adx_error_t rc =
            adx_err(ctx, zerr == ZIP_ER_OPEN || zerr == ZIP_ER_NOENT ? ADX_EIO : ADX_EPARSE,
                    "%s: cannot open %s: %s; %s", path, what, zip_error_strerror(&ze), hint);
        zip_error_fini(&ze);
        return rc;
    }
    zip_int64_t nent = zip_get_num_entries(z->za, 0);
    if (nent < 0 || nent > QDPX_MAX_ENTRIES)
        return adx_err(ctx, ADX_EPARSE, "%s: the archive has %lld entries (limit %d)", path,
                       (long long)nent, QDPX_MAX_ENTRIES);
    return ADX_OK;
}

void adx__zip_close(adx__zip_t *z)
{
    if (z->za)
        zip_discard(z->za);
    z->za = NULL;
}

/* Inflates an open entry of `size` bytes (from its header) into buf (size + 2
 * bytes). One byte more than declared is asked for: data beyond the declared
 * size means a forged header. */
static adx_error_t inflate_entry(adx__zip_t *z, zip_file_t *zf, const char *name, char *buf,
                                 zip_uint64_t size, zip_uint64_t *n, adx_errctx_t *ctx)
{
    *n = 0;
    for (;;) {
        zip_int64_t r = zip_fread(zf, buf + *n, size + 1 - *n);
        if (r < 0)
            return adx_err(ctx, ADX_EPARSE, "%s: '%s' is corrupt: %s", z->path, name,
                           zip_file_strerror(zf));
        if (r == 0)
            return ADX_OK;
        *n += (zip_uint64_t)r;
        if (*n > size)
            return adx_err(ctx, ADX_EPARSE, "%s: '%s' holds more data than its header says; the "
                                            "archive is damaged or forged",
                           z->path, name);
    }
}

adx_error_t adx__zip_read(adx__zip_t *z, const char *name, const char *missing, char **out,
                          size_t *len, adx_errctx_t *ctx)
{
    *out = NULL;
    zip_int64_t idx = zip_name_locate(z->za, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return adx_err(ctx, ADX_EPARSE, "%s: the archive has no '%s'%s", z->path, name, missing);
    zip_stat_t st;
    if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE))
        return adx_err(ctx, ADX_EPARSE, "%s: cannot read the size of '%s'", z->path, name);
    if (st.size > QDPX_MAX_ENTRY || z->total + st.size > QDPX_MAX_TOTAL)
        return adx_err(ctx, ADX_EPARSE,
                       "%s: '%s' expands to %llu bytes (limits: %llu MB per file, %llu MB in "
                       "all); refusing a possible zip bomb",
                       z->path, name, (unsigned long long)st.size,
                       (unsigned long long)(QDPX_MAX_ENTRY >> 20),
                       (unsigned long long)(QDPX_MAX_TOTAL >> 20));
    zip_file_t *zf = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
    if (!zf)
        return adx_err(ctx, ADX_EPARSE, "%s: cannot open '%s': %s", z->path, name,
                       zip_strerror(z->za));
    char *buf = malloc(st.size + 2);
    zip_uint64_t n = 0;
    adx_error_t rc = buf ? inflate_entry(z, zf, name, buf, st.size, &n, ctx) : adx_oom(ctx);
    zip_fclose(zf);
    if (rc) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    z->total += n;
    *out = buf;
    *len = (size_t)n;
    return ADX_OK;
}

adx_error_t adx__xml_load(const char *buf, size_t len, const char *where, xmlDocPtr *out,
                          adx_errctx_t *ctx)
{
    *out = NULL;
    if (len > (size_t)INT32_MAX)
        return adx_err(ctx, ADX_EPARSE, "%s: too large", where);
    xmlResetLastError();
    *out = xmlReadMemory(buf, (int)len, NULL, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (*out)
        return ADX_OK;
    const xmlError *xe = xmlGetLastError();
    char msg[256] = "not well-formed XML";
    if (xe && xe->message) {
        snprintf(msg, sizeof msg, "%s", xe->message);
        size_t l = strlen(msg);
        while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
            msg[--l] = '\0';
    }
    return adx_err(ctx, ADX_EPARSE, "%s:%d: column %d: %s", where, xe ? xe->line : 0,
                   xe ? xe->int2 : 0, msg);
}

int adx__xml_is(xmlNodePtr n, const char *name, const char *ns)
{
    return n && n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST name) && n->ns &&
           !xmlStrcmp(n->ns->href, BAD_CAST ns);
}

xmlNodePtr adx__xml_first(xmlNodePtr parent, const char *name, const char *ns)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (adx__xml_is(c, name, ns))
            return c;
    return NULL;
}
