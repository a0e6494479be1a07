#!/usr/bin/env python3
"""Writes the seed corpora of the qualitative harnesses (tests/fuzz/README.md):

  corpus/qproject/  packed project folders for fuzz_qproject
  corpus/qdpx/      .qdpx zips, packed archives and .qdc codebooks for fuzz_qdpx
  corpus/docx/      .docx zips and packed archives for fuzz_docx

Each corpus holds small valid inputs and malformed ones: zip bombs (an entry
whose header claims 200 MB, one that inflates to more than its header says),
'../' and absolute entry names, missing parts, broken XML, entity expansion,
deep nesting, bad offsets and names. Deterministic (fixed zip dates), so
re-running it changes nothing; the files are committed. Regression inputs for
bugs found by fuzzing are added by hand as regress-*.* (never overwritten here).

Usage: python3 tests/fuzz/make_corpus.py   (from anywhere)
"""
import os
import struct
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DATE = (2024, 1, 1, 0, 0, 0)


def out(corpus, name, data):
    d = os.path.join(HERE, "corpus", corpus)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def zipped(entries, deflate=True):
    """entries: list of (name, bytes|str). Repeated names are kept (a zip may hold them)."""
    import io
    import warnings
    buf = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names
        with zipfile.ZipFile(buf, "w", method) as z:
            for name, data in entries:
                info = zipfile.ZipInfo(name, DATE)
                info.compress_type = method
                z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


def packed(entries):
    """The pack format of tests/fuzz/pack.h."""
    parts = []
    for name, data in entries:
        if isinstance(data, str):  # text: UTF-8; bytes: as they are
            data = data.encode("utf-8")
        data = data.decode("latin-1")
        parts.append("=== %s\n%s" % (name, data))
    return "\n".join(parts).encode("latin-1")


def forge_sizes(data, name, size):
    """Sets the uncompressed size of entry `name` in both headers to `size`."""
    b = bytearray(data)
    enc = name.encode()
    # (signature, offset of the name length, of the name, of the size field)
    for sig, nlen_at, name_at, size_at in ((b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24)):
        i = b.find(sig)
        while i >= 0:
            nlen = struct.unpack_from("<H", b, i + nlen_at)[0]
            if bytes(b[i + name_at:i + name_at + nlen]) == enc:
                struct.pack_into("<I", b, i + size_at, size)
            i = b.find(sig, i + 4)
    return bytes(b)


# ---- .docx -----------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')


def document(body):
    return '<?xml version="1.0" encoding="UTF-8"?>\n<w:document %s><w:body>%s</w:body></w:document>' % (W, body)


DOC_OK = document(
    '<w:p><w:r><w:t>Interviewer: How did you start?</w:t></w:r></w:p>'
    '<w:p><w:r><w:t xml:space="preserve">A: With </w:t></w:r><w:r><w:t>{two} machines</w:t>'
    '<w:tab/><w:t>and a loan</w:t><w:br/><w:t>from my brother.</w:t></w:r></w:p>'
    '<w:p/>'
    '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell 1</w:t></w:r></w:p></w:tc>'
    '<w:tc><w:p><w:r><w:t>caf\u00e9 \u4e2d\u6587</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')


def docx(body_xml, extra=()):
    return zipped([("[Content_Types].xml", CT), ("word/document.xml", body_xml)] + list(extra))


def docx_corpus():
    out("docx", "valid.docx", docx(DOC_OK))
    out("docx", "valid-stored.docx", zipped([("word/document.xml", DOC_OK)], deflate=False))
    out("docx", "valid.pack", packed([("word/document.xml", DOC_OK)]))
    out("docx", "empty-body.pack", packed([("word/document.xml", document(""))]))
    out("docx", "missing-document.docx", zipped([("[Content_Types].xml", CT)]))
    out("docx", "missing-document.pack", packed([("word/other.xml", DOC_OK)]))
    out("docx", "broken-xml.docx", docx(DOC_OK[: len(DOC_OK) // 2]))
    out("docx", "broken-xml.pack", packed([("word/document.xml", "<w:document %s><w:p><w:t>x</w:p>" % W)]))
    out("docx", "no-namespace.pack", packed([("word/document.xml", "<document><body><p><t>x</t></p></body></document>")]))
    out("docx", "empty-zip.docx", zipped([]))
    out("docx", "not-a-zip.docx", b"PK\x03\x04 this is not a zip archive")
    out("docx", "truncated.docx", docx(DOC_OK)[:200])
    out("docx", "dotdot-name.docx", zipped([("../word/document.xml", DOC_OK), ("/word/document.xml", DOC_OK)]))
    out("docx", "dotdot-name.pack", packed([("word/../word/document.xml", DOC_OK), ("../../etc/passwd", "x")]))
    out("docx", "duplicate-name.docx", zipped([("word/document.xml", DOC_OK), ("word/document.xml", document(""))]))
    out("docx", "case-name.pack", packed([("WORD/DOCUMENT.XML", DOC_OK)]))
    big = document("<w:p><w:r><w:t>" + "a" * (2 << 20) + "</w:t></w:r></w:p>")
    out("docx", "bomb-forged.docx", forge_sizes(docx(big), "word/document.xml", 100))
    out("docx", "bomb-header.docx", forge_sizes(docx(DOC_OK), "word/document.xml", 200 << 20))
    deep = document("<w:p>" + "<w:r>" * 3000 + "<w:t>deep</w:t>" + "</w:r>" * 3000 + "</w:p>")
    out("docx", "deep-nesting.docx", docx(deep))
    laughs = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
              + "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10) for i in range(8))
              + ']><w:document %s><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>' % W)
    out("docx", "entity-expansion.pack", packed([("word/document.xml", laughs)]))
    ext = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<w:document %s><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>' % W)
    out("docx", "external-entity.pack", packed([("word/document.xml", ext)]))
    out("docx", "nul-in-xml.pack", packed([("word/document.xml", document("<w:p><w:t>a\x00b</w:t></w:p>"))]))
    out("docx", "latin1.pack", packed([("word/document.xml",
        '<?xml version="1.0" encoding="ISO-8859-1"?><w:document %s><w:body><w:p><w:r><w:t>caf\xe9</w:t></w:r></w:p></w:body></w:document>' % W)]))


# ---- .qdpx -----------------------------------------------------------------

U1, U2 = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"
C1, C2, C3 = ("c0000000-0000-0000-0000-00000000000%d" % i for i in (1, 2, 3))
S1, S2 = "50000000-0000-0000-0000-000000000001", "50000000-0000-0000-0000-000000000002"
V1, V2 = "70000000-0000-0000-0000-000000000001", "70000000-0000-0000-0000-000000000002"
TEXT1 = "I: How did you start?\nA: With two machines and a loan.\n"
TEXT2 = "A: The coach showed us how to plan. Caf\u00e9 \u4e2d\u6587.\n"


def selection(start, end, code, user, guid="9", memo=None):
    d = "<Description>%s</Description>" % memo if memo else ""
    return ('<PlainTextSelection guid="%s" startPosition="%s" endPosition="%s" creatingUser="%s">%s'
            '<Coding guid="%s-c" creatingUser="%s"><CodeRef targetGUID="%s"/></Coding>'
            '</PlainTextSelection>' % (guid, start, end, user, d, guid, user, code))


def qde(users=None, codes=None, variables=None, cases=None, sources=None, root="Project",
        ns="urn:QDA-XML:project:1.0"):
    if users is None:
        users = '<User guid="%s" name="anna"/><User guid="%s" name="ben"/>' % (U1, U2)
    if codes is None:
        codes = ('<Code guid="%s" name="resources" isCodable="true"><Description>Money and staff\n'
                 'Example: no cash</Description><Code guid="%s" name="finance" isCodable="true"/></Code>'
                 '<Code guid="%s" name="coaching" isCodable="true"/>' % (C1, C2, C3))
    if variables is None:
        variables = ('<Variable guid="%s" name="sector" typeOfVariable="Text"/>'
                     '<Variable guid="%s" name="size" typeOfVariable="Integer"/>' % (V1, V2))
    if cases is None:
        cases = ('<Case guid="a1" name="C1"><SourceRef targetGUID="%s"/>'
                 '<VariableValue><VariableRef targetGUID="%s"/><TextValue>sewing</TextValue></VariableValue>'
                 '<VariableValue><VariableRef targetGUID="%s"/><IntegerValue>3</IntegerValue></VariableValue>'
                 '</Case>' % (S1, V1, V2))
    if sources is None:
        sources = ('<TextSource guid="%s" name="C1" plainTextPath="internal://%s.txt">%s%s</TextSource>'
                   '<TextSource guid="%s" name="C2"><PlainTextContent>%s</PlainTextContent>%s</TextSource>'
                   % (S1, S1, selection(22, 55, C2, U1, "s1", "a memo"), selection(22, 55, C2, U2, "s2"),
                      S2, TEXT2, selection(3, 35, C3, U1, "s3")))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<%s xmlns="%s" name="fuzz">'
            '<Users>%s</Users><CodeBook><Codes>%s</Codes></CodeBook><Variables>%s</Variables>'
            '<Cases>%s</Cases><Sources>%s</Sources></%s>'
            % (root, ns, users, codes, variables, cases, sources, root))


def qdpx_files(project, text1=TEXT1, extra=()):
    return [("project.qde", project), ("sources/%s.txt" % S1, text1)] + list(extra)


def qdpx_corpus():
    ok = qdpx_files(qde())
    out("qdpx", "valid.qdpx", zipped(ok))
    out("qdpx", "valid.pack", packed(ok))
    src = lambda sel: ('<TextSource guid="%s" name="C1"><PlainTextContent>%s</PlainTextContent>%s'
                       '</TextSource>' % (S1, TEXT1, sel))
    one = lambda sel, **kw: packed([("project.qde", qde(sources=src(sel), **dict({"cases": ""}, **kw)))])
    out("qdpx", "no-codings.pack", one(""))
    out("qdpx", "no-codes-no-users.pack", one("", users="", codes="", variables=""))
    # Found by fuzz_qdpx: a project without codes was imported as a folder that does not
    # load (tests/cli/test_qual_fuzz.sh runs `qual import` on these zips).
    nocodes = qde(cases="", sources=src(""), codes="")
    out("qdpx", "regress-no-codes.qdpx", zipped([("project.qde", nocodes)]))
    out("qdpx", "regress-selection-as-written.qdpx",
        zipped([("project.qde", qde(cases="", sources=src(selection("1x", "3", C2, U1))))]))
    out("qdpx", "codebook.qdc", '<?xml version="1.0" encoding="UTF-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
        '<Codes><Code guid="%s" name="a" isCodable="true"><Code guid="%s" name="b" isCodable="true"/></Code>'
        '</Codes></CodeBook>' % (C1, C2))
    out("qdpx", "codebook-empty.qdc", '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>')
    out("qdpx", "codebook-broken.qdc", '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="x"')
    out("qdpx", "missing-project.qdpx", zipped([("sources/%s.txt" % S1, TEXT1)]))
    out("qdpx", "missing-source.pack", packed([("project.qde", qde())]))
    out("qdpx", "broken-xml.pack", packed([("project.qde", qde()[:300])]))
    out("qdpx", "broken-xml.qdpx", zipped([("project.qde", qde()[:-40])]))
    out("qdpx", "wrong-root.pack", packed([("project.qde", qde(root="Projekt"))]))
    out("qdpx", "wrong-namespace.pack", packed([("project.qde", qde(ns="urn:other"))]))
    out("qdpx", "empty-zip.qdpx", zipped([]))
    out("qdpx", "not-a-zip.qdpx", b"PK\x05\x06" + b"\x00" * 18)
    out("qdpx", "truncated.qdpx", zipped(ok)[:300])
    # Names: '../' in entries and in plainTextPath, absolute entries, duplicates.
    out("qdpx", "dotdot-entry.qdpx", zipped([("../project.qde", qde()), ("/sources/%s.txt" % S1, TEXT1)]))
    dd = qde().replace("internal://%s.txt" % S1, "internal://../%s.txt" % S1)
    out("qdpx", "dotdot-path.pack", packed([("project.qde", dd), ("%s.txt" % S1, TEXT1)]))
    ab = qde().replace("internal://%s.txt" % S1, "file:///etc/passwd")
    out("qdpx", "absolute-path.pack", packed([("project.qde", ab)]))
    out("qdpx", "duplicate-entry.qdpx", zipped(ok + [("project.qde", qde(cases=""))]))
    # Zip bombs: a header claiming 200 MB; an entry inflating past its header.
    out("qdpx", "bomb-header.qdpx", forge_sizes(zipped(ok), "project.qde", 200 << 20))
    out("qdpx", "bomb-forged.qdpx", forge_sizes(zipped(qdpx_files(qde(), TEXT1 + " " * (2 << 20))),
                                                "sources/%s.txt" % S1, len(TEXT1)))
    # Offsets, references, names, values.
    for name, sel in [("selection-out-of-range", selection(0, 999, C2, U1)),
                      ("selection-negative", selection(-5, 3, C2, U1)),
                      ("selection-empty", selection(7, 7, C2, U1)),
                      ("selection-huge", selection(0, 99999999999999999999999, C2, U1)),
                      ("selection-not-number", selection("1x", "3", C2, U1)),
                      ("unknown-code", selection(0, 3, "nope", U1)),
                      ("unknown-user", selection(0, 3, C2, "nobody")),
                      ("overlap-same-code", selection(0, 10, C2, U1, "o1") + selection(5, 15, C2, U1, "o2"))]:
        out("qdpx", name + ".pack", one(sel))
    for nm in [".anna", "", "a/b", "..", "NA"]:
        users = '<User guid="%s" name="%s"/>' % (U1, nm)
        out("qdpx", "user-%s.pack" % (nm.replace("/", "_").replace(".", "dot") or "empty"),
            one(selection(0, 3, C2, U1), users=users))
    for nm in ["NA", ".", "..", " C1 ", "a/b", "x" * 5000, ""]:
        cs = '<Case guid="a1" name="%s"><SourceRef targetGUID="%s"/></Case>' % (nm, S1)
        label = {".": "dot", "..": "dotdot", " C1 ": "spaces", "a/b": "slash", "": "empty"}.get(nm, nm[:8])
        out("qdpx", "case-%s.pack" % label, one("", cases=cs))
    two_vals = ('<Case guid="a1" name="C1"><SourceRef targetGUID="%s"/>'
                '<VariableValue><VariableRef targetGUID="%s"/><TextValue>a</TextValue></VariableValue>'
                '<VariableValue><VariableRef targetGUID="%s"/><TextValue>b</TextValue></VariableValue></Case>'
                % (S1, V1, V1))
    out("qdpx", "variable-two-values.pack", one("", cases=two_vals))
    nan_val = two_vals.replace(V1, V2).replace("<TextValue>a</TextValue>", "<IntegerValue>nan</IntegerValue>")
    out("qdpx", "variable-not-number.pack", one("", cases=nan_val.replace("<TextValue>b</TextValue>", "")))
    out("qdpx", "source-in-two-cases.pack", one("", cases=(
        '<Case guid="a1" name="A"><SourceRef targetGUID="%s"/></Case>'
        '<Case guid="a2" name="B"><SourceRef targetGUID="%s"/></Case>' % (S1, S1))))
    out("qdpx", "case-without-source.pack", one("", cases='<Case guid="a1" name="A"/>'))
    out("qdpx", "duplicate-code.pack", one("", codes='<Code guid="a" name="x"/><Code guid="b" name="x"/>'))
    out("qdpx", "code-markup-char.pack", one("", codes='<Code guid="a" name="x{y"/>'))
    out("qdpx", "code-missing-name.pack", one("", codes='<Code guid="a"/>'))
    deep = "".join('<Code guid="d%d" name="n%d">' % (i, i) for i in range(80)) + "</Code>" * 80
    out("qdpx", "codes-deep.pack", one("", codes=deep))
    out("qdpx", "nul-in-source.pack", packed([("project.qde", qde()), ("sources/%s.txt" % S1, "a\x00b")]))
    out("qdpx", "no-sources.pack", packed([("project.qde", qde(cases="", sources=""))]))


# ---- project folders -------------------------------------------------------

CODEBOOK = ("code,parent,definition,example\nresources,,Money and staff,\nfinance,resources,Money,no cash\n"
            "coaching,,Advice,\n")
CASES = "case,sector,size\nC1,sewing,3\nC2,food,12\n"
T1 = "I: How did you start?\nA: With two machines and a loan.\n"
T2 = "A: The coach showed us how to plan.\n"
CODED1 = "I: How did you start?\nA: {finance # the loan: With two machines and a loan.}\n"
CODED2 = "A: {coaching: The coach {finance: showed us} how to plan.}\n"


def project(**over):
    files = {"codebook.csv": CODEBOOK, "cases.csv": CASES, "transcripts/C1.md": T1,
             "coding/anna/C1.md": CODED1, "coding/anna/C2.md": CODED2, "coding/ben/C2.txt": CODED2,
             "segments/carl.csv": "case,start,end,code,memo\nC1,3,10,coaching,\nC2,0,5,finance,a memo\n"}
    files.update(over)
    return packed([(k, v) for k, v in files.items() if v is not None])


def qproject_corpus():
    out("qproject", "valid.pack", project())
    out("qproject", "valid-docx.pack", project(**{"transcripts/C1.md": None, "transcripts/C1.docx": docx(
        document("<w:p><w:r><w:t>I: How did you start?</w:t><w:br/><w:t>A: With two machines and a loan.</w:t></w:r></w:p>"))}))
    # Found by fuzz_qproject: a coder without segments (a coded copy with no markup) was
    # written by adx_qproject_write as a header-only segments/CODER.csv that does not load.
    out("qproject", "regress-coder-without-segments.pack",
        project(**{"coding/anna/C1.md": T1, "coding/anna/C2.md": None}))
    out("qproject", "minimal.pack", packed([("codebook.csv", "code,parent\na,\n"), ("cases.csv", "case\nC1\n"),
                                            ("transcripts/C1.txt", "hello\n")]))
    out("qproject", "empty.pack", b"")
    out("qproject", "no-cases.pack", project(**{"cases.csv": None}))
    out("qproject", "no-codebook.pack", project(**{"codebook.csv": None}))
    out("qproject", "header-only.pack", project(**{"cases.csv": "case\n", "codebook.csv": "code,parent\n"}))
    out("qproject", "unbalanced.pack", project(**{"coding/anna/C1.md": "A: {finance: no end\n"}))
    out("qproject", "unbalanced-close.pack", project(**{"coding/anna/C1.md": "A: finance} }\n"}))
    out("qproject", "unknown-code.pack", project(**{"coding/anna/C1.md": "A: {finanse: x}\n"}))
    out("qproject", "escapes.pack", project(**{"coding/anna/C1.md": "\\{a\\} \\\\ {finance,resources # m: x {coaching: y}}\n",
                                               "transcripts/C1.md": None}))
    out("qproject", "text-differs.pack", project(**{"coding/anna/C1.md": "I: How did you start?\nA: {finance: With three.}\n"}))
    out("qproject", "markup-in-transcript.pack", project(**{"transcripts/C1.md": CODED1}))
    out("qproject", "codebook-cycle.pack", project(**{"codebook.csv": "code,parent\na,b\nb,a\n"}))
    out("qproject", "codebook-duplicate.pack", project(**{"codebook.csv": "code,parent\na,\na,\n"}))
    out("qproject", "codebook-unknown-parent.pack", project(**{"codebook.csv": "code,parent\na,x\n"}))
    out("qproject", "codebook-markup-char.pack", project(**{"codebook.csv": "code,parent\n\"a,b\",\n"}))
    out("qproject", "case-duplicate.pack", project(**{"cases.csv": "case\nC1\nC1\nC2\n"}))
    out("qproject", "case-names.pack", project(**{"cases.csv": "case\nNA\n..\n C1 \nC2\n"}))
    out("qproject", "unknown-case-file.pack", project(**{"coding/anna/C9.md": "x\n"}))
    out("qproject", "two-transcripts.pack", project(**{"transcripts/C1.txt": T1}))
    out("qproject", "no-text.pack", project(**{"coding/anna/C2.md": None, "coding/ben/C2.txt": None,
                                               "segments/carl.csv": None}))
    for nm, seg in [("out-of-range", "C1,3,999,coaching,\n"), ("reversed", "C1,9,3,coaching,\n"),
                    ("negative", "C1,-1,3,coaching,\n"), ("not-number", "C1,x,3,coaching,\n"),
                    ("huge", "C1,0,1e300,coaching,\n"), ("unknown-code", "C1,0,3,nope,\n"),
                    ("unknown-case", "C9,0,3,coaching,\n"), ("overlap", "C1,0,5,coaching,\nC1,3,9,coaching,\n"),
                    ("fraction", "C1,0.5,3,coaching,\n")]:
        out("qproject", "segments-%s.pack" % nm, project(**{"segments/carl.csv": "case,start,end,code,memo\n" + seg}))
    out("qproject", "segments-columns.pack", project(**{"segments/carl.csv": "a,b\n1,2\n"}))
    out("qproject", "coder-names.pack", project(**{"coding/%2e%2e/C1.md": CODED1, "coding/x%2Fy/C1.md": CODED1,
                                                   "segments/%2eanna.csv": "case,start,end,code,memo\nC1,0,3,coaching,\n"}))
    out("qproject", "docx-broken.pack", project(**{"transcripts/C1.md": None, "transcripts/C1.docx": b"PK\x03\x04broken"}))
    out("qproject", "utf8.pack", project(**{"transcripts/C1.md": None,
                                            "coding/anna/C1.md": "\ufeffA: {finance: caf\u00e9 \u4e2d\u6587} \U0001F600\n"}))
    out("qproject", "bad-utf8.pack", project(**{"coding/anna/C1.md": b"A: {finance: \xff\xfe \xc3}\n", "transcripts/C1.md": None,
                                               "segments/carl.csv": None}))
    out("qproject", "nul.pack", project(**{"coding/anna/C1.md": "A: {finance: a\x00b}\n", "transcripts/C1.md": None}))


if __name__ == "__main__":
    docx_corpus()
    qdpx_corpus()
    qproject_corpus()
