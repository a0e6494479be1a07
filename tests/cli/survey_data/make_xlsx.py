#!/usr/bin/env python3
"""make_xlsx.py FORM_FOLDER OUT.xlsx [--typo]: the XLSForm folder (survey.csv,
choices.csv, settings.csv) as an Office Open XML workbook, written the way Excel writes
one (ECMA-376 SpreadsheetML): [Content_Types].xml, _rels/.rels, xl/workbook.xml with
the sheets survey, choices and settings, xl/_rels/workbook.xml.rels, one
xl/worksheets/sheetN.xml per sheet, text in xl/sharedStrings.xml (cells t="s"),
numbers as plain <v> cells, cell references (A1, B1, ...) on every cell, empty cells
left out; the settings sheet uses inline strings (t="inlineStr") as other writers do.
--typo turns the type of the third survey row into 'intger' (a bad form)."""
import csv, sys, zipfile
from xml.sax.saxutils import escape

src, out = sys.argv[1], sys.argv[2]
typo = "--typo" in sys.argv
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
sheets = ["survey", "choices", "settings"]
shared, index = [], {}


def col(j):
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def number(v):
    try:
        float(v)
        return v.strip() == v and v not in ("", "nan", "inf") and not v.startswith("+")
    except ValueError:
        return False


def sheet_xml(rows, inline):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="%s" xmlns:r="%s"><sheetData>' % (MAIN, REL)]
    for i, row in enumerate(rows):
        out.append('<row r="%d">' % (i + 1))
        for j, v in enumerate(row):
            if v == "":
                continue
            ref = "%s%d" % (col(j), i + 1)
            if number(v) and i > 0:
                out.append('<c r="%s"><v>%s</v></c>' % (ref, v))
            elif inline:
                out.append('<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (ref, escape(v)))
            else:
                if v not in index:
                    index[v] = len(shared)
                    shared.append(v)
                out.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, index[v]))
        out.append('</row>')
    out.append('</sheetData></worksheet>')
    return "".join(out)


parts = {}
for k, name in enumerate(sheets):
    with open("%s/%s.csv" % (src, name), newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    if typo and name == "survey":
        rows[2][0] = "intger"
    parts["xl/worksheets/sheet%d.xml" % (k + 1)] = sheet_xml(rows, name == "settings")
sst = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="%s" count="%d" uniqueCount="%d">' % (MAIN, len(shared), len(shared))]
sst += ['<si><t xml:space="preserve">%s</t></si>' % escape(s) for s in shared]
sst.append("</sst>")
parts["xl/sharedStrings.xml"] = "".join(sst)
parts["xl/workbook.xml"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="%s" xmlns:r="%s"><sheets>' % (MAIN, REL) +
    "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n, k + 1, k + 1) for k, n in enumerate(sheets)) + "</sheets></workbook>")
parts["xl/_rels/workbook.xml.rels"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    "".join('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>' % (k + 1, REL, k + 1) for k in range(3)) +
    '<Relationship Id="rId4" Type="%s/sharedStrings" Target="sharedStrings.xml"/></Relationships>' % REL)
parts["_rels/.rels"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % REL)
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
parts["[Content_Types].xml"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="%s.sheet.main+xml"/>' % CT +
    "".join('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="%s.worksheet+xml"/>' % (k + 1, CT) for k in range(3)) +
    '<Override PartName="/xl/sharedStrings.xml" ContentType="%s.sharedStrings+xml"/></Types>' % CT)
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                 "xl/sharedStrings.xml"] + ["xl/worksheets/sheet%d.xml" % (k + 1) for k in range(3)]:
        z.writestr(name, parts[name])
