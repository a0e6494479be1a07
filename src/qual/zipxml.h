/* Zip archives and XML documents for the REFI-QDA exchange and Word transcripts.
 *
 * The only private header of src/qual that includes libzip and libxml2: the
 * files that include it (zipxml.c, docx.c, qdpx_read.c, qdpx_write.c) are the
 * whole of src/qual that needs those libraries. */
#ifndef ADX_QUAL_ZIPXML_H
#define ADX_QUAL_ZIPXML_H

#include <libxml/tree.h>
#include <zip.h>

#include "qual_priv.h"

/* REFI-QDA namespaces (Project.xsd and Codebook.xsd 1.0). */
#define QDA_NS "urn:QDA-XML:project:1.0"
#define QDC_NS "urn:QDA-XML:codebook:1.0"

/* Limits against hostile archives (zip bombs), the one place they are set (the
 * public documentation of adx_qdpx_read and adx_docx_text repeats them):
 *   QDPX_MAX_ENTRY    bytes one entry may expand to: the text cap of the one cap
 *                     table (ADX__CAP_TEXT, 64 MiB), as for any text file;
 *   QDPX_MAX_TOTAL    bytes all entries read from one archive may expand to;
 *   QDPX_MAX_ENTRIES  entries in the archive's directory.
 * Sizes are checked against the entry header before anything is inflated, and
 * an entry that inflates to more than its header says is refused as forged. */
#define QDPX_MAX_ENTRY ((zip_uint64_t)adx__cap_bytes(ADX__CAP_TEXT))
#define QDPX_MAX_TOTAL ((zip_uint64_t)512 << 20)
#define QDPX_MAX_ENTRIES 100000

/* An archive open for reading. Zero-initialise. */
typedef struct {
    const char *path;   /* the archive, for messages */
    zip_t *za;
    zip_uint64_t total; /* bytes extracted so far */
} adx__zip_t;

/* Opens the archive at path read-only, with the consistency check, and refuses
 * more than QDPX_MAX_ENTRIES entries. `what` names it in messages ("the Word
 * file") and `hint` says what to do ("save it as .docx (not .doc)").
 * ADX_EIO when it cannot be opened, ADX_EPARSE when it is not a usable zip. */
adx_error_t adx__zip_open(adx__zip_t *z, const char *path, const char *what, const char *hint,
                          adx_errctx_t *ctx);
/* Reads entry `name` whole into *out (NUL-terminated, malloc'd), within the
 * limits above. A missing entry is ADX_EPARSE with `missing` appended to the
 * message ("; ..." saying what the archive should hold). */
adx_error_t adx__zip_read(adx__zip_t *z, const char *name, const char *missing, char **out,
                          size_t *len, adx_errctx_t *ctx);
void adx__zip_close(adx__zip_t *z);

/* Parses an XML document held in memory with the network off and libxml2's own
 * error printing off. `where` names the document in messages ("A.qdpx:
 * project.qde"); malformed XML is ADX_EPARSE "WHERE:LINE: column COL: MESSAGE".
 * *out is freed with xmlFreeDoc. */
adx_error_t adx__xml_load(const char *buf, size_t len, const char *where, xmlDocPtr *out,
                          adx_errctx_t *ctx);

/* True when n is an element `name` in namespace ns. */
int adx__xml_is(xmlNodePtr n, const char *name, const char *ns);
/* The first child element of parent (may be NULL) named `name` in namespace ns. */
xmlNodePtr adx__xml_first(xmlNodePtr parent, const char *name, const char *ns);

/* The code memos (Notes referred to by the codes' NoteRef) and case memos (the
 * cases' Descriptions) of a project.qde whose codes and cases are in p
 * (qdpx_memo.c). */
adx_error_t adx__qdpx_memos(xmlNodePtr root, adx_qproject_t *p, adx_errctx_t *ctx);

#endif
