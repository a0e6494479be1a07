/* Private helpers of the queries (src/qual/words.c, query.c, wordfreq.c). */
#ifndef ADX_QUERY_PRIV_H
#define ADX_QUERY_PRIV_H

#include "qual_priv.h"

/* One word of a transcript: bytes and code points (end exclusive), its line and
 * the offset of its folded form in adx__qtok_t.fold. */
typedef struct {
    size_t bstart, bend, cstart, cend, line, fold;
} adx__qword_t;

/* The words of one transcript; reused across transcripts (zero-initialise). */
typedef struct {
    adx__qword_t *w;
    size_t n, cap;
    char *fold;   /* the folded words, each NUL-terminated */
    size_t fcap;
} adx__qtok_t;

/* Splits doc into words: runs of letters and digits of any script (apostrophes,
 * hyphens and punctuation separate words). */
adx_error_t adx__qtok(const adx_qdoc_t *doc, adx__qtok_t *t, adx_errctx_t *ctx);
void adx__qtok_free(adx__qtok_t *t);
/* Folds s (NUL-terminated) into out (strlen(s) + 1 bytes): ASCII and Latin-1
 * capitals to lower case. */
void adx__qfold(const char *s, char *out);
/* True when folded word s matches pattern pat ('*' = any run of characters). */
int adx__qglob(const char *pat, const char *s);
/* The stop words of "en", "fr" or "ar" (NULL-terminated), or NULL. */
const char *const *adx__qstop_words(const char *lang);
/* 1 when case d passes the filter "ATTR=VALUE" (NULL passes every case); an
 * unknown attribute or a filter without '=' is ADX_EUSAGE in *rc. */
int adx__qwhere(const adx_qproject_t *p, const char *where, size_t d, adx_error_t *rc,
                adx_errctx_t *ctx);

#endif
