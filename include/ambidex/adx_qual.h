/* ambidex qualitative analysis: projects, inline coding markup, code
 * frequencies, case x code matrices, co-occurrence, quotes and inter-coder
 * agreement. The project layout and markup are documented in docs/qual.md.
 *
 * A project is a folder:
 *   codebook.csv              code,parent,definition,example (a tree: theme ->
 *                             category -> code; parent empty = top level)
 *   cases.csv                 case,<attributes...> (first column = case id)
 *   transcripts/CASE.md|.txt|.docx  optional uncoded source text of each case
 *   coding/CODER/CASE.md|.txt one coder's coded copy of a transcript, with
 *                             inline markup {code1,code2: coded text}
 *   segments/CODER.csv        optional coded segments: case,start,end,code,memo
 *                             (character offsets into the plain text)
 * Loading is all or nothing: on any error nothing is returned.
 */
#ifndef ADX_QUAL_H
#define ADX_QUAL_H

#include <stddef.h>

#include "ambidex/adx_core.h"
#include "ambidex/adx_data.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One codebook node. depth 0 = theme, 1 = category, 2 = code (deeper allowed). */
typedef struct {
    char *name;
    char *definition; /* may be "" */
    char *example;    /* may be "" */
    long parent;      /* index of the parent node, -1 for a top-level node */
    int depth;
} adx_qcode_t;

/* One document = the transcript of one case. Offsets are in Unicode code
 * points of the plain text (markup removed), 0-based, end exclusive. */
typedef struct {
    char *text;        /* plain UTF-8 text, NUL-terminated */
    size_t nbytes;     /* strlen(text) */
    size_t nchars;     /* code points */
} adx_qdoc_t;

typedef struct {
    size_t doc;        /* case / document index */
    size_t start, end; /* code points, end exclusive */
    size_t code;       /* codebook node index */
    size_t coder;      /* coder index */
    char *memo;        /* NULL when none */
    size_t line;       /* line of the source file where the segment starts (0 = CSV import) */
} adx_qseg_t;

/* A memo (memos.csv: about,target,author,memo) on a code, a case or a segment. */
typedef enum { ADX_QMEMO_CODE = 0, ADX_QMEMO_CASE, ADX_QMEMO_SEGMENT } adx_qmemo_about_t;
typedef struct {
    adx_qmemo_about_t about;
    size_t target;          /* code index (CODE), case index (CASE, SEGMENT) */
    size_t start, end, code; /* SEGMENT: the range (code points) and code */
    char *author;           /* "" when none */
    char *text;
    size_t line;            /* line of memos.csv (0: from a REFI-QDA archive) */
} adx_qmemo_t;

typedef struct {
    char *root;
    adx_qcode_t *codes;
    size_t ncodes;
    adx_dataset_t *cases;   /* case attributes; column 0 is the case id */
    char **case_ids;        /* ncase ids (text) */
    size_t ncases;
    adx_qdoc_t *docs;       /* ncases documents; doc i belongs to case i */
    char **coders;          /* ncoders names, sorted */
    size_t ncoders;
    unsigned char *coded;   /* ncases x ncoders: did the coder code this document */
    adx_qseg_t *segs;       /* sorted by doc, start, end, code, coder */
    size_t nsegs;
    adx_qmemo_t *memos;     /* memos.csv, in file order (segment memos are also joined
                               into the memo of every segment they name) */
    size_t nmemos;
} adx_qproject_t;

/* Loads a project folder. All inputs are validated (codebook cycles and
 * duplicates, unknown codes with a suggestion, unbalanced braces, coded copies
 * whose text differs, segments out of range); the first problem is returned as
 * "FILE:LINE: column N: what; what to do". Caller frees *out. */
adx_error_t adx_qproject_load(const char *root, adx_qproject_t **out, adx_errctx_t *ctx);
void adx_qproject_free(adx_qproject_t *p);

/* Index of a code by name, or -1. */
long adx_qcode_find(const adx_qproject_t *p, const char *name);
/* True when node `code` is `anc` or lies under it. */
int adx_qcode_under(const adx_qproject_t *p, size_t code, size_t anc);

/* The result of parsing one coded text. */
typedef struct {
    char *text;           /* plain text */
    size_t nbytes, nchars;
    char **codes;         /* per segment: the code name as written */
    size_t *start, *end;  /* per segment, code points */
    size_t *line, *col;   /* per segment: where the code name was written */
    char **memo;          /* per segment, NULL if none */
    size_t nsegs;
} adx_qmarkup_t;

/* Parses the inline markup of buf (len bytes). `name` is used in messages.
 * Syntax: {code1,code2 # optional memo: coded text}; segments may nest;
 * \{ \} \\ are literal characters. Caller frees *out. */
adx_error_t adx_qmarkup_parse(const char *buf, size_t len, const char *name,
                              adx_qmarkup_t **out, adx_errctx_t *ctx);
void adx_qmarkup_free(adx_qmarkup_t *m);

/* ---- Analyses -------------------------------------------------------- */

/* Which segments an analysis uses and at which codebook level. */
typedef struct {
    const char *const *coders; /* coder names to include; NULL = all */
    size_t ncoders;
    int level;                 /* ADX_QLEVEL_ALL (default), ADX_QLEVEL_LEAF or a depth */
} adx_qsel_t;

#define ADX_QLEVEL_ALL (-1)  /* every codebook node */
#define ADX_QLEVEL_LEAF (-2) /* nodes without children (the codes applied in coding) */

void adx_qsel_init(adx_qsel_t *s);

/* Nodes selected by s (in codebook order). *idx is malloc'd. */
adx_error_t adx_qsel_codes(const adx_qproject_t *p, const adx_qsel_t *s, size_t **idx,
                           size_t *k, adx_errctx_t *ctx);
/* Coder mask (ncoders bytes, malloc'd) from s; unknown names are errors. */
adx_error_t adx_qsel_coders(const adx_qproject_t *p, const adx_qsel_t *s,
                            unsigned char **mask, adx_errctx_t *ctx);

/* Code frequencies with roll-up: a segment counts for its code and every
 * ancestor. words = words in the union of the coded ranges. */
typedef struct {
    size_t k;
    size_t *code;      /* node indexes */
    size_t *segments, *cases, *words;
    size_t ncases;
} adx_qfreq_t;
adx_error_t adx_qfreq(const adx_qproject_t *p, const adx_qsel_t *s, adx_qfreq_t **out,
                      adx_errctx_t *ctx);
void adx_qfreq_free(adx_qfreq_t *f);

/* Case x code matrix of segment counts (roll-up), ncases x k, row-major. */
typedef struct {
    size_t ncases, k;
    size_t *code;
    double *count;
} adx_qmatrix_t;
adx_error_t adx_qmatrix(const adx_qproject_t *p, const adx_qsel_t *s, adx_qmatrix_t **out,
                        adx_errctx_t *ctx);
void adx_qmatrix_free(adx_qmatrix_t *m);
/* The matrix as a dataset (case id column + one column per code), counts or
 * 0/1 presence, for CSV export. Caller frees *out. */
adx_error_t adx_qmatrix_dataset(const adx_qproject_t *p, const adx_qmatrix_t *m, int presence,
                                adx_dataset_t **out, adx_errctx_t *ctx);

/* Co-occurrence of code pairs: overlapping segments of the same coder in the
 * same document. overlaps[i*k+j] = overlapping segment pairs; both[i*k+j] =
 * cases where both codes occur; jaccard = both / cases with either.
 * units_both[i*k+j] = paragraphs (blocks between blank lines) that a segment of
 * each code overlaps (the diagonal: paragraphs with code i), units_jaccard =
 * |A and B| / |A or B| over those paragraphs (NaN when neither occurs). */
typedef struct {
    size_t k;
    size_t *code;
    double *overlaps, *both, *jaccard;
    double *units_both, *units_jaccard;
    size_t nunits;     /* paragraphs of the transcripts */
} adx_qcooc_t;
adx_error_t adx_qcooc(const adx_qproject_t *p, const adx_qsel_t *s, adx_qcooc_t **out,
                      adx_errctx_t *ctx);
void adx_qcooc_free(adx_qcooc_t *c);

/* Code x attribute crosstab: cases[i*ngroups+g] = cases of group g in which
 * code i occurs; group_n[g] = cases in group g. Missing attribute values are
 * left out. */
typedef struct {
    size_t k, ngroups;
    size_t *code;
    char *attribute;
    char **groups;
    double *cases, *group_n;
} adx_qcross_t;
adx_error_t adx_qcross(const adx_qproject_t *p, const adx_qsel_t *s, const char *attribute,
                       adx_qcross_t **out, adx_errctx_t *ctx);
void adx_qcross_free(adx_qcross_t *x);

/* ---- Inter-coder agreement -------------------------------------------- */

/* Agreement statistics for a units x coders matrix of nominal values
 * (x[u + c*nunits], NaN = not coded). Definitions (docs/qual.md):
 *  - percent agreement and Fleiss' kappa over the units coded by every coder;
 *  - Cohen's kappa for two coders over the units both coded (NaN otherwise);
 *  - Krippendorff's alpha (nominal) from the coincidence matrix over all units
 *    with at least two values (missing values allowed).
 * Undefined statistics (e.g. one category only) are NaN. */
typedef struct {
    size_t units;         /* units with at least one value */
    size_t complete;      /* units coded by every coder */
    size_t pairable;      /* values in units with >= 2 values (Krippendorff's n) */
    double percent;       /* 0..1 */
    double cohen, fleiss, alpha;
} adx_agree_stats_t;

adx_error_t adx_agree_stats(const double *x, size_t nunits, size_t ncoders,
                            adx_agree_stats_t *out, adx_errctx_t *ctx);

typedef enum { ADX_UNIT_PARAGRAPH = 0, ADX_UNIT_LINE, ADX_UNIT_DOCUMENT } adx_qunit_t;

typedef struct {
    adx_qsel_t sel;        /* coders (>= 2) and code level (default ADX_QLEVEL_LEAF) */
    adx_qunit_t unit;      /* default ADX_UNIT_PARAGRAPH */
    int all_units;         /* 0 (default): only units some coder coded with some code */
} adx_qagree_options_t;

void adx_qagree_options_init(adx_qagree_options_t *o);

/* One disagreement: a unit where coders differ on a code. */
typedef struct {
    size_t doc, line, code;
    size_t start, end;       /* unit range, code points */
    unsigned char *applied;  /* per selected coder: 1 applied, 0 not, 2 not coded */
} adx_qdisagree_t;

typedef struct {
    size_t k;                    /* codes */
    size_t *code;
    size_t ncoders;
    size_t *coder;               /* selected coder indexes */
    adx_qunit_t unit;
    int all_units;               /* units nobody coded were included */
    adx_agree_stats_t *by_code;  /* k, unit level */
    adx_agree_stats_t overall;   /* all (unit, code) pairs pooled */
    adx_agree_stats_t *doc_by_code; /* k, document presence level */
    adx_agree_stats_t doc_overall;
    adx_qdisagree_t *dis;
    size_t ndis;
} adx_qagree_t;

adx_error_t adx_qagree(const adx_qproject_t *p, const adx_qagree_options_t *o,
                       adx_qagree_t **out, adx_errctx_t *ctx);
void adx_qagree_free(adx_qagree_t *a);

/* ---- REFI-QDA exchange (src/qual/qdpx_read.c, qdpx_write.c) ---------- */

/* Writes the project as a REFI-QDA project archive (.qdpx: project.qde +
 * sources/GUID.txt), readable by NVivo, ATLAS.ti, MAXQDA and QualCoder. Users
 * are the coders, cases carry the attributes as variables, segments become
 * PlainTextSelections with one Coding each (positions in code points). GUIDs
 * are derived from names, so the same project gives the same file. */
adx_error_t adx_qproject_export_qdpx(const adx_qproject_t *p, const char *path,
                                     adx_errctx_t *ctx);
/* Writes the codebook as a REFI-QDA codebook (.qdc). */
adx_error_t adx_qproject_export_qdc(const adx_qproject_t *p, const char *path,
                                    adx_errctx_t *ctx);
/* Reads a .qdpx archive into a project (all or nothing). Hostile archives are
 * refused: more than 64 MB per entry or 512 MB in all (zip bombs), a missing
 * project.qde, malformed XML (line and column), selections outside the text,
 * references to unknown codes or sources. p->root is the archive path. */
adx_error_t adx_qdpx_read(const char *path, adx_qproject_t **out, adx_errctx_t *ctx);
/* Reads a REFI-QDA codebook (.qdc) into a project that holds only the codes
 * (no cases). Caller frees *out with adx_qproject_free(). */
adx_error_t adx_qdc_read(const char *path, adx_qproject_t **out, adx_errctx_t *ctx);

/* ---- Writing a project folder (src/qual/project_write.c) ------------- */

/* The codebook as codebook.csv text (code,parent,definition,example). *out is
 * malloc'd. */
adx_error_t adx_qcodebook_csv(const adx_qproject_t *p, char **out, size_t *len,
                              adx_errctx_t *ctx);
/* Writes p as a project folder `dir` (which must not exist): codebook.csv,
 * cases.csv, transcripts/CASE.txt, segments/CODER.csv (coders without segments
 * are left out). Written to a temporary folder renamed at the end, so a failure
 * leaves nothing behind. A project without codes is refused (ADX_EEMPTY). */
adx_error_t adx_qproject_write(const adx_qproject_t *p, const char *dir, adx_errctx_t *ctx);

/* ---- Consensus coding (src/qual/merge.c, src/qual/reconcile.c) ------- */

/* Loads a project as adx_qproject_load but without coder `coder` (its folder
 * coding/CODER and its file segments/CODER.csv are not read): the consensus
 * coder a merge is about to rewrite. */
adx_error_t adx_qproject_load_except(const char *root, const char *coder,
                                     adx_qproject_t **out, adx_errctx_t *ctx);

typedef enum {
    ADX_QMERGE_UNION = 0,     /* text any coder coded with the code is kept */
    ADX_QMERGE_INTERSECTION,  /* only text every coder coded with it is kept */
    ADX_QMERGE_MAJORITY       /* text more than half of the coders coded (3+ coders) */
} adx_qmerge_rule_t;

typedef struct {
    const char *const *coders; /* the coders to pool (>= 2, at most 32) */
    size_t ncoders;
    const char *into;          /* the consensus coder's name (segments/INTO.csv) */
    adx_qmerge_rule_t rule;    /* default ADX_QMERGE_UNION */
} adx_qmerge_options_t;

void adx_qmerge_options_init(adx_qmerge_options_t *o);

enum {
    ADX_QPIECE_AGREED = 0, /* every coder who coded the transcript applied the code */
    ADX_QPIECE_DISPUTED,   /* some did, some did not: a line of the reconciliation file */
    ADX_QPIECE_AUTO        /* disputed, but blanks and punctuation only: the rule decides */
};

/* A stretch of text over which the pooled coders' decision on one code does not
 * change (code points and bytes of the plain text, end exclusive). */
typedef struct {
    size_t doc, code;
    size_t start, end, bstart, bend;
    size_t line;          /* 1-based line of the start */
    unsigned long mask;   /* bit c: merge coder c applied the code here */
    unsigned long coded;  /* bit c: merge coder c coded the transcript */
    int status;           /* ADX_QPIECE_* */
    int keep;             /* the decision: 1 the consensus codes the text */
    size_t from_line;     /* line of the decision in the reconciliation file, 0 = the rule */
    size_t g0, g1;        /* the coders' segments of this document and code: order[g0..g1) */
} adx_qpiece_t;

typedef struct {
    size_t ncoders;
    size_t *coder;        /* project coder indexes of the pooled coders */
    char *into;
    adx_qmerge_rule_t rule;
    adx_qpiece_t *piece;  /* by document, code, start */
    size_t npieces;
    size_t *order;        /* the pooled coders' segments grouped by document and code */
    size_t norder;
    size_t ndisputed, ncarried; /* disputed pieces; of them decided in the file read */
    char **stale;         /* decisions of the file read that match no disputed piece */
    size_t nstale;
} adx_qmerge_t;

/* Frees m (NULL is a no-op). */
void adx_qmerge_free(adx_qmerge_t *m);
/* Splits the pooled coders' coding into pieces and sets each disputed piece's
 * decision from the rule. Unknown coders, fewer than two coders, `into` among
 * them and majority with two coders are ADX_EUSAGE. */
adx_error_t adx_qmerge(const adx_qproject_t *p, const adx_qmerge_options_t *o,
                       adx_qmerge_t **out, adx_errctx_t *ctx);

/* The reconciliation file's text: a header (into, coders, rule) and one line per
 * disputed piece, "keep | CASE | LINE | CODE | CODED BY | text with {the piece}",
 * then the stale decisions as comments. *out is malloc'd. */
adx_error_t adx_qmerge_file_text(const adx_qproject_t *p, const adx_qmerge_t *m,
                                 const char *project_arg, char **out, size_t *len,
                                 adx_errctx_t *ctx);

/* The header of reconciliation file `path`: into, rule and the coders (malloc'd
 * strings; free with adx_qmerge_header_free). */
typedef struct {
    char *into;
    char **coders;
    size_t ncoders;
    adx_qmerge_rule_t rule;
} adx_qmerge_header_t;
adx_error_t adx_qmerge_read_header(const char *path, adx_qmerge_header_t *h,
                                   adx_errctx_t *ctx);
void adx_qmerge_header_free(adx_qmerge_header_t *h);

/* Reads the decisions of reconciliation file `path` into m (matched on case,
 * code, the coders who applied it and the braced text). strict = 1 (apply): a
 * decision that matches no disputed piece, or a disputed piece without a
 * decision, is ADX_EPARSE naming the file, line and column; strict = 0 (a
 * re-run): such decisions go to m->stale and the others keep the rule's choice.
 * Bad lines (not keep/drop, unknown case, code or coder, missing, unterminated,
 * nested or repeated braces) are ADX_EPARSE with file, line and column. */
adx_error_t adx_qmerge_read_decisions(const adx_qproject_t *p, adx_qmerge_t *m,
                                      const char *path, int strict, adx_errctx_t *ctx);

/* The consensus coding as segments/INTO.csv text (case,start,end,code,memo):
 * agreed and kept pieces joined per document and code; the memo joins the
 * pooled coders' memos ("coder: memo"). *out is malloc'd; *nsegs its rows. */
adx_error_t adx_qmerge_consensus_csv(const adx_qproject_t *p, const adx_qmerge_t *m,
                                     char **out, size_t *len, size_t *nsegs,
                                     adx_errctx_t *ctx);
/* Writes that text to p->root/segments/INTO.csv (atomically; segments/ is made
 * when missing). The pooled coders' files are never touched. */
adx_error_t adx_qmerge_write_consensus(const adx_qproject_t *p, const adx_qmerge_t *m,
                                       size_t *nsegs, adx_errctx_t *ctx);

/* ---- Queries (src/qual/query.c, wordfreq.c; docs/qual.md "Queries") -- */

/* One result of a text search or coding query: the text [start, end) in code
 * points ([bstart, bend) bytes) of document doc, its line, and a context of a
 * few words on each side [cbstart, cbend) in bytes. */
typedef struct {
    size_t doc, start, end, bstart, bend, cbstart, cbend, line;
} adx_qhit_t;

typedef struct {
    adx_qhit_t *hit;
    size_t nhits;
    size_t ncases;     /* cases with at least one hit */
    size_t searched;   /* cases searched (after --where) */
} adx_qhits_t;
void adx_qhits_free(adx_qhits_t *h);

typedef struct {
    const char *const *terms; /* words or phrases (blank-separated words); '*' is a
                                 wildcard inside a word; case-insensitive; any term */
    size_t nterms;
    size_t context;           /* words of context on each side (default 8) */
    const char *where;        /* "ATTR=VALUE": only these cases (NULL: all) */
} adx_qsearch_options_t;
void adx_qsearch_options_init(adx_qsearch_options_t *o);
adx_error_t adx_qsearch(const adx_qproject_t *p, const adx_qsearch_options_t *o,
                        adx_qhits_t **out, adx_errctx_t *ctx);

/* Codes the hits with `code` as coder `coder` (a coder of segments/ or a new
 * one): writes segments/CODER.csv with its existing segments plus the hits,
 * overlapping ranges of one code joined. A coder with coded copies in coding/ is
 * refused. *added = hits not already coded. */
adx_error_t adx_qhits_code(const adx_qproject_t *p, const adx_qhits_t *h, const char *code,
                           const char *coder, size_t *added, adx_errctx_t *ctx);

/* Coding query: expr is NAME (OP NAME)* with OP one of AND, OR, NEAR, and NOT
 * before a NAME (the text not coded with it); evaluated left to right on the text
 * coded with each code or a sub-code by the selected coders. A NEAR B: the
 * stretches of A and of B at most `within` words apart. */
typedef struct {
    const char *expr;
    size_t within;     /* NEAR distance in words (default 10) */
    size_t context;    /* words of context (default 8) */
    const char *where; /* "ATTR=VALUE" or NULL */
    adx_qsel_t sel;    /* coders */
} adx_qcquery_options_t;
void adx_qcquery_options_init(adx_qcquery_options_t *o);
adx_error_t adx_qcquery(const adx_qproject_t *p, const adx_qcquery_options_t *o,
                        adx_qhits_t **out, adx_errctx_t *ctx);

/* Word frequencies of the transcripts (or of the text coded with `code`). */
typedef struct {
    const char *lang;   /* stop words: "en" (default), "fr", "ar" or "none" */
    size_t top;         /* most frequent words kept (default 50) */
    size_t min_length;  /* shorter words (code points) are left out (default 2) */
    const char *code;   /* NULL: whole transcripts */
    const char *where;
    adx_qsel_t sel;     /* coders, with `code` */
} adx_qwords_options_t;
typedef struct {
    size_t n;
    char **word;        /* folded words, most frequent first (ties: alphabetical) */
    size_t *count, *cases;
    size_t total;       /* words counted (stop words excluded) */
    size_t ncases;
} adx_qwords_t;
void adx_qwords_options_init(adx_qwords_options_t *o);
adx_error_t adx_qwords(const adx_qproject_t *p, const adx_qwords_options_t *o,
                       adx_qwords_t **out, adx_errctx_t *ctx);
void adx_qwords_free(adx_qwords_t *w);

/* ---- Memos (src/qual/memo.c; docs/qual.md "Memos") ------------------ */

/* Reads a memo's target: about "code" (a code name), "case" (a case id) or
 * "segment" ("CASE:START-END:CODE", a coded segment of any coder) into m. A wrong
 * target is ADX_EPARSE naming `where` (e.g. "memos.csv:4: column 2"). */
adx_error_t adx_qmemo_target(const adx_qproject_t *p, const char *about, const char *target,
                             const char *where, adx_qmemo_t *m, adx_errctx_t *ctx);
/* Appends a memo to PROJECT/memos.csv (made with its header when missing) after
 * checking its target; the file is replaced atomically. */
adx_error_t adx_qmemo_add(const adx_qproject_t *p, const char *about, const char *target,
                          const char *author, const char *text, adx_errctx_t *ctx);
/* "code", "case" or "segment"; the target as memos.csv writes it into buf. */
const char *adx_qmemo_about_name(adx_qmemo_about_t a);
void adx_qmemo_target_text(const adx_qproject_t *p, const adx_qmemo_t *m, char *buf, size_t n);

/* ---- Framework matrix (src/qual/framework.c) ------------------------ */

/* Cases x themes (or another level), each cell the text coded with the node (or
 * a sub-code) in that case, or the researcher's summary for the cell from a CSV
 * file with columns case,code,summary. */
typedef struct {
    adx_qsel_t sel;         /* coders; level = the columns (default 0, themes) */
    size_t max_chars;       /* longest cell in code points (default 300; 0 = no limit) */
    const char *summaries;  /* CSV file; NULL: PROJECT/summaries.csv when it exists */
} adx_qframework_options_t;
void adx_qframework_options_init(adx_qframework_options_t *o);

typedef struct {
    size_t ncases, k;
    size_t *code;
    char **cell;            /* ncases x k, row-major, malloc'd ("" when empty) */
    unsigned char *summary; /* 1: the cell is the researcher's summary */
    size_t *nsegs;          /* coded segments per cell (also with a summary) */
    char *summaries;        /* the summaries file read, or NULL */
} adx_qframework_t;
adx_error_t adx_qframework(const adx_qproject_t *p, const adx_qframework_options_t *o,
                           adx_qframework_t **out, adx_errctx_t *ctx);
void adx_qframework_free(adx_qframework_t *f);

/* ---- Word transcripts (src/qual/docx.c) ------------------------------ */

/* Plain text of a Word .docx file: the paragraphs of word/document.xml
 * (tables included) separated by blank lines, tabs and line breaks kept.
 * Same archive limits as adx_qdpx_read. *out is malloc'd (NUL-terminated). */
adx_error_t adx_docx_text(const char *path, char **out, size_t *len, adx_errctx_t *ctx);

#ifdef __cplusplus
}
#endif
#endif
