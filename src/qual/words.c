/* Words of a transcript for the queries: tokenizing, case folding, wildcard
 * matching and the stop-word lists (English, French, Arabic). docs/qual.md,
 * "Queries". */
#include <stdlib.h>
#include <string.h>

#include "query_priv.h"

/* The code point at s (n bytes left) and its length in *len. */
static unsigned long decode(const unsigned char *s, size_t n, size_t *len)
{
    unsigned long c = s[0];
    size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (k > n)
        k = 1;
    if (k > 1) {
        c &= 0x3F >> (k - 1);
        for (size_t i = 1; i < k; i++)
            c = (c << 6) | (s[i] & 0x3F);
    }
    *len = k;
    return c;
}

/* Letters and digits of any script count; Latin-1 and general punctuation, the
 * Arabic comma, semicolon, question mark and full stop, and CJK punctuation do
 * not. */
static int word_char(unsigned long c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    if ((c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
        (c >= 0x3000 && c <= 0x303F) || c == 0x060C || c == 0x061B || c == 0x061F ||
        (c >= 0x066A && c <= 0x066D) || c == 0x06D4 || c == 0xFEFF)
        return 0;
    return 1;
}

void adx__qtok_free(adx__qtok_t *t)
{
    ADX__FREE(t->w, t->fold);
    memset(t, 0, sizeof *t);
}

/* Appends the folded form of bytes [a, b) of s: ASCII and Latin-1 capitals
 * (U+00C0..U+00DE but U+00D7) to lower case; other bytes as they are. */
static void fold_into(const char *s, size_t a, size_t b, char *out, size_t *n)
{
    for (size_t i = a; i < b; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 'A' && ch <= 'Z')
            ch |= 0x20;
        else if (ch == 0xC3 && i + 1 < b && (unsigned char)s[i + 1] >= 0x80 &&
                 (unsigned char)s[i + 1] <= 0x9E && (unsigned char)s[i + 1] != 0x97) {
            out[(*n)++] = (char)ch;
            out[(*n)++] = (char)((unsigned char)s[++i] + 0x20);
            continue;
        }
        out[(*n)++] = (char)ch;
    }
}

void adx__qfold(const char *s, char *out)
{
    size_t n = 0;
    fold_into(s, 0, strlen(s), out, &n);
    out[n] = '\0';
}

adx_error_t adx__qtok(const adx_qdoc_t *doc, adx__qtok_t *t, adx_errctx_t *ctx)
{
    const unsigned char *s = (const unsigned char *)doc->text;
    size_t cap = t->cap, n = 0, cp = 0, line = 1;
    if (!t->fold || t->fcap < doc->nbytes + 1) {
        char *f = realloc(t->fold, doc->nbytes + 1);
        if (!f)
            return adx_oom(ctx);
        t->fold = f;
        t->fcap = doc->nbytes + 1;
    }
    size_t fn = 0;
    for (size_t i = 0; i < doc->nbytes;) {
        size_t len;
        unsigned long c = decode(s + i, doc->nbytes - i, &len);
        if (!word_char(c)) {
            line += c == '\n';
            i += len;
            cp++;
            continue;
        }
        if (n == cap && adx__grow(&t->w, &cap, sizeof *t->w, 256))
            return adx_oom(ctx);
        adx__qword_t *w = &t->w[n++];
        w->bstart = i;
        w->cstart = cp;
        w->line = line;
        w->fold = fn;
        while (i < doc->nbytes && word_char(c = decode(s + i, doc->nbytes - i, &len))) {
            i += len;
            cp++;
        }
        w->bend = i;
        w->cend = cp;
        fold_into(doc->text, w->bstart, w->bend, t->fold, &fn);
        t->fold[fn++] = '\0';
    }
    t->cap = cap;
    t->n = n;
    return ADX_OK;
}

int adx__qglob(const char *pat, const char *s)
{
    const char *star = NULL, *back = NULL;
    while (*s) {
        if (*pat == '*') {
            star = ++pat;
            back = s;
        } else if (*pat == *s) {
            pat++;
            s++;
        } else if (star) {
            pat = star;
            s = ++back;
        } else {
            return 0;
        }
    }
    while (*pat == '*')
        pat++;
    return !*pat;
}

/* ---- Stop words ------------------------------------------------------- */

static const char *const stop_en[] = {
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
    "by", "can", "could", "d", "did", "do", "does", "doing", "don", "down", "during", "each",
    "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
    "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it",
    "its", "itself", "just", "ll", "m", "me", "more", "most", "my", "myself", "no", "nor",
    "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours",
    "ourselves", "out", "over", "own", "re", "s", "same", "she", "should", "so", "some",
    "such", "t", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
    "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
    "us", "ve", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who",
    "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves",
    NULL};

static const char *const stop_fr[] = {
    "a", "à", "ai", "aie", "aient", "ais", "ait", "as", "au", "aura", "aurai", "aux", "avait",
    "avec", "avez", "avoir", "avons", "c", "ce", "ceci", "cela", "ces", "cet", "cette", "comme",
    "d", "dans", "de", "des", "du", "elle", "elles", "en", "es", "est", "et", "étaient",
    "était", "été", "être", "eu", "fait", "il", "ils", "j", "je", "l", "la", "le", "les",
    "leur", "leurs", "lui", "m", "ma", "mais", "me", "même", "mes", "moi", "mon", "n", "ne",
    "nos", "notre", "nous", "on", "ont", "ou", "où", "par", "pas", "plus", "pour", "qu", "que",
    "qui", "s", "sa", "sans", "se", "ses", "si", "son", "sont", "sur", "t", "ta", "te", "tes",
    "toi", "ton", "tous", "tout", "très", "tu", "un", "une", "vos", "votre", "vous", "y",
    NULL};

static const char *const stop_ar[] = {
    "في", "من", "على", "إلى", "الى", "عن", "أن", "ان", "إن", "ما", "لا", "لم", "لن", "هذا",
    "هذه", "ذلك", "تلك", "التي", "الذي", "الذين", "كان", "كانت", "يكون", "مع", "كل", "هو",
    "هي", "هم", "نحن", "أنا", "انا", "أنت", "و", "أو", "او", "ثم", "قد", "بعد", "قبل", "عند",
    "حتى", "إذا", "اذا", "كما", "أي", "لكن", "بين", "هناك", "هنا", "فيه", "فيها", "منه",
    "منها", "عليه", "عليها", "به", "بها", "له", "لها", "لنا", "لي", "كيف", "ماذا", "لماذا",
    "متى", "أين", "يا", "بل", "غير", "أيضا", "ايضا", "جدا", NULL};

const char *const *adx__qstop_words(const char *lang)
{
    if (!lang || !strcmp(lang, "none"))
        return NULL;
    if (!strcmp(lang, "en"))
        return stop_en;
    if (!strcmp(lang, "fr"))
        return stop_fr;
    if (!strcmp(lang, "ar"))
        return stop_ar;
    return NULL;
}
