#!/usr/bin/env python3
"""Writes the vendor-export fixtures of test_survey_intake.sh (run once; the files are
committed). The layouts follow the vendors' documentation:

qualtrics.csv -- Qualtrics "Data & Analysis > Export data > CSV" (numeric values,
  the layout since 2017): UTF-8 with a byte-order mark, CRLF, every field quoted;
  row 1 the export tags, row 2 the question texts (Qualtrics writes the grid item as
  "question - statement" and may keep line breaks), row 3 the ImportId JSON objects
  (the date columns carry "timeZone"), then one row per response. Metadata columns
  in Qualtrics's order: StartDate, EndDate, Status (0 = IP address, 1 = survey
  preview), IPAddress, Progress, "Duration (in seconds)", Finished, RecordedDate,
  ResponseId, RecipientLastName, RecipientFirstName, RecipientEmail,
  ExternalReference, LocationLatitude, LocationLongitude, DistributionChannel,
  UserLanguage. Dates as "YYYY-MM-DD HH:MM:SS" in the survey's time zone.

limesurvey.csv -- LimeSurvey "Responses > Export > CSV" with headings "Question code
  & question text" (code, ". ", text; a subquestion as CODE[SQ]. text [subquestion]),
  every field quoted, comma separated: id, submitdate (empty when not completed),
  lastpage, startlanguage, seed, startdate, datestamp, ipaddr, then the questions.

survey_123456_SPSS_syntax_file.sps + survey_123456_SPSS_data_file.dat -- LimeSurvey
  "Responses > Export > SPSS" (SPSS 16 and later), by the rules of LimeSurvey's exporter
  (application/controllers/admin/Export.php exportspss and helpers/export_helper.php
  SPSSFieldMap, SPSSGetValues, SPSSExportData; read, not copied). Syntax: a UTF-8 BOM,
  the "*$Rev" comment, SET UNICODE=ON, SHOW/PRESERVE/SET LOCALE, SET DECIMAL=DOT, then
  GET DATA /TYPE=TXT /FILE='survey_ID_SPSS_data_file.dat' /DELCASE=LINE /DELIMITERS=","
  /QUALIFIER="'" /ARRANGEMENT=DELIMITED /FIRSTCASE=1 /IMPORTCASE=ALL /VARIABLES= with
  one "V<n> <type><size>" line per field (the response fields id F7, submitdate,
  startdate and datestamp DATETIME23.2 without a size, lastpage F7, startlanguage A20,
  seed A31, ipaddr A45; list and array questions F with the width of their longest
  answer code; numerical input F with its data width; free text A with its data width),
  CACHE, EXECUTE; one "VARIABLE LABELS V<n> "label"." per field (the field name for the
  response fields, "[subquestion] question" for array items; quotes doubled; labels
  longer than 231 - len(id) characters are cut into "part"+ lines); "VALUE LABELS  V<n>"
  with one ' code "label"' line per answer option (the last ends with "."); VARIABLE
  LEVEL (SCALE) for numerical input; one "RENAME VARIABLES ( V<n> = TITLE )." per field
  (TITLE the question code, _SQ for a subquestion); RESTORE LOCALE. Data: a UTF-8 BOM,
  one line per response, every value between single quotes (doubled inside; line breaks
  become spaces), comma separated, no answer an empty field, date-times as
  dd-mm-yyyy hh:mm:ss.
"""
import csv

QT = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
      "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
      "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
      "DistributionChannel", "UserLanguage"]
QTEXT = ["Start Date", "End Date", "Response Type", "IP Address", "Progress",
         "Duration (in seconds)", "Finished", "Recorded Date", "Response ID",
         "Recipient Last Name", "Recipient First Name", "Recipient Email",
         "External Data Reference", "Location Latitude", "Location Longitude",
         "Distribution Channel", "User Language"]
QIDS = ['{"ImportId":"startDate","timeZone":"Europe/London"}',
        '{"ImportId":"endDate","timeZone":"Europe/London"}', '{"ImportId":"status"}',
        '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}',
        '{"ImportId":"finished"}',
        '{"ImportId":"recordedDate","timeZone":"Europe/London"}',
        '{"ImportId":"_recordId"}', '{"ImportId":"recipientLastName"}',
        '{"ImportId":"recipientFirstName"}', '{"ImportId":"recipientEmail"}',
        '{"ImportId":"externalDataReference"}', '{"ImportId":"locationLatitude"}',
        '{"ImportId":"locationLongitude"}', '{"ImportId":"distributionChannel"}',
        '{"ImportId":"userLanguage"}']
STEM = "How quickly does your firm do the following in its alliances?\n(1 = very slowly, 7 = very quickly)"
ITEMS = ["Reach decisions with the partner", "Share information", "Adapt the agreement",
         "Launch joint products", "Resolve conflicts"]
Q = ["Q1", "Q2_1", "Q2_2", "Q2_3", "Q2_4", "Q2_5", "Q3", "Q4"]
QQ = ["How many people does your firm employ?"] + [STEM + " - " + s for s in ITEMS] + \
     ["To show that you read this, please select 5.", "Any comments, e.g. \"what we do\"?"]
QI = ['{"ImportId":"QID1_TEXT"}'] + ['{"ImportId":"QID2_%d"}' % k for k in range(1, 6)] + \
     ['{"ImportId":"QID3"}', '{"ImportId":"QID4_TEXT"}']

# (start, duration s, status, ip, progress, finished, id, channel, Q1, Q2 x5, Q3, Q4)
R = [
    ("2024-03-05 09:02:11", 412, 0, "203.0.113.5", 100, 1, "R_1aBcDeFgHiJkLmN", "email", 45, [5, 6, 5, 4, 6], 5, "Fine"),
    ("2024-03-05 09:15:40", 388, 0, "203.0.113.9", 100, 1, "R_2bCdEfGhIjKlMnO", "email", 120, [3, 4, 4, 3, 2], 5, ""),
    ("2024-03-05 10:01:02", 35, 0, "198.51.100.7", 100, 1, "R_3cDeFgHiJkLmNoP", "email", 60, [4, 2, 6, 5, 3], 5, "quick"),
    ("2024-03-06 11:20:00", 501, 0, "198.51.100.23", 100, 1, "R_4dEfGhIjKlMnOpQ", "email", 80, [7, 7, 7, 7, 7], 5, ""),
    ("2024-03-06 12:00:30", 455, 0, "203.0.113.5", 100, 1, "R_5eFgHiJkLmNoPqR", "anonymous", 45, [5, 6, 5, 4, 6], 5, "again"),
    ("2024-03-07 08:45:12", 390, 0, "192.0.2.44", 100, 1, "R_6fGhIjKlMnOpQrS", "email", 230, [6, 5, 6, 6, 5], 2, ""),
    ("2024-03-07 09:10:00", 140, 0, "192.0.2.45", 40, 0, "R_7gHiJkLmNoPqRsT", "email", 15, [4, None, None, None, None], None, ""),
    ("2024-03-08 16:30:05", 377, 1, "", 100, 1, "R_8hIjKlMnOpQrStU", "preview", 10, [1, 2, 3, 4, 5], 5, "test, ignore"),
    ("2024-03-12 13:05:59", 420, 0, "192.0.2.99", 100, 1, "R_9iJkLmNoPqRsTuV", "email", 95, [2, 3, 3, 2, 4], 5, "=cmd|' /C calc'!A0"),
    ("2024-03-13 07:59:00", 366, 0, "198.51.100.80", 100, 1, "R_0jKlMnOpQrStUvW", "email", 150, [5, 5, 4, 6, 5], 5, "Ça va"),
]


def stamp(start, secs):
    from datetime import datetime, timedelta
    t = datetime.strptime(start, "%Y-%m-%d %H:%M:%S") + timedelta(seconds=secs)
    return t.strftime("%Y-%m-%d %H:%M:%S")


def cell(v):
    return "" if v is None else str(v)


with open("qualtrics.csv", "w", newline="", encoding="utf-8-sig") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writerow(QT + Q)
    w.writerow(QTEXT + QQ)
    w.writerow(QIDS + QI)
    for (st, dur, status, ip, prog, fin, rid, chan, q1, q2, q3, q4) in R:
        end = stamp(st, dur)
        w.writerow([st, end, status, ip, prog, dur, fin, stamp(st, dur + 1), rid, "", "", "",
                    "", "51.5072", "-0.1276", chan, "EN", q1] + [cell(v) for v in q2] +
                   [cell(q3), q4])

LS = ["id. Response ID", "submitdate. Date submitted", "lastpage. Last page",
      "startlanguage. Start language", "seed. Seed", "startdate. Date started",
      "datestamp. Date last action", "ipaddr. IP address", "G01Q01. How many people does your firm employ?"] + \
     ["G02Q02[SQ%03d]. How quickly does your firm do the following? [%s]" % (k + 1, s)
      for k, s in enumerate(ITEMS)] + \
     ["G02Q03. To show that you read this, please select 5.", "G03Q04. Any comments?"]
with open("limesurvey.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(LS)
    for k, (st, dur, status, ip, prog, fin, rid, chan, q1, q2, q3, q4) in enumerate(R[:7]):
        end = stamp(st, dur)
        w.writerow([k + 1, end if fin else "", 3 if fin else 1, "en", 1000 + k, st, end, ip, q1] +
                   [cell(v) for v in q2] + [cell(q3), q4])

# LimeSurvey's SPSS export of the same responses (see the docstring).
LS_SCALE = ["Very slowly", "Slowly", "Rather slowly", "Neither", "Rather quickly", "Quickly",
            "Very quickly"]
LONG_Q = ("How quickly does your firm do the following in its alliances with partners abroad, "
          "thinking of the last three years and of the alliance that matters most to "
          "your firm's \"international\" growth, whether it is a joint venture, a licence, "
          "a distribution agreement or a research partnership?")
LS_FIELDS = [  # (title, label, type, size, answers)
    ("id", "id", "F", "7", None), ("submitdate", "submitdate", "DATETIME23.2", "", None),
    ("lastpage", "lastpage", "F", "7", None), ("startlanguage", "startlanguage", "A", "20", None),
    ("seed", "seed", "A", "31", None), ("startdate", "startdate", "DATETIME23.2", "", None),
    ("datestamp", "datestamp", "DATETIME23.2", "", None), ("ipaddr", "ipaddr", "A", "45", None),
    ("G01Q01", "How many people does your firm employ?", "F", "3", None)] + \
    [("G02Q02_SQ%03d" % (k + 1), "[%s] %s" % (it, LONG_Q), "F", "1",
      [(str(c + 1), LS_SCALE[c]) for c in range(7)]) for k, it in enumerate(ITEMS)] + \
    [("G02Q03", "To show that you read this, please select 5.", "F", "1",
      [(str(c + 1), str(c + 1)) for c in range(7)]),
     ("G03Q04", "Any comments?", "A", "40", None)]


def sps_label(vid, text):
    text = text.replace('"', '""')
    width = 231 - len(vid)
    parts = [text[i:i + width] for i in range(0, len(text), width)]
    return "VARIABLE LABELS %s \"%s\".\n" % (vid, '"+\n"'.join(parts))


def sps_date(t):
    return "%s-%s-%s%s" % (t[8:10], t[5:7], t[0:4], t[10:])


with open("survey_123456_SPSS_syntax_file.sps", "w", newline="", encoding="utf-8") as f:
    f.write("\ufeff*$Rev: 121017 $ all 2.\nSET UNICODE=ON.\nSHOW LOCALE.\nPRESERVE LOCALE.\n"
            "SET LOCALE='en_UK'.\nSET DECIMAL=DOT.\nGET DATA\n /TYPE=TXT\n"
            " /FILE='survey_123456_SPSS_data_file.dat'\n /DELCASE=LINE\n /DELIMITERS=\",\"\n"
            " /QUALIFIER=\"'\"\n /ARRANGEMENT=DELIMITED\n /FIRSTCASE=1\n /IMPORTCASE=ALL\n"
            " /VARIABLES=")
    for k, (title, label, typ, size, ans) in enumerate(LS_FIELDS):
        f.write("\n V%d %s%s" % (k + 1, typ, size))
    f.write(".\nCACHE.\nEXECUTE.\n*Define Variable Properties.\n")
    for k, (title, label, typ, size, ans) in enumerate(LS_FIELDS):
        f.write(sps_label("V%d" % (k + 1), label))
    f.write("*Define Value labels.\n")
    for k, (title, label, typ, size, ans) in enumerate(LS_FIELDS):
        if ans:
            f.write("VALUE LABELS  V%d\n" % (k + 1))
            for i, (code, text) in enumerate(ans):
                f.write(' %s "%s"%s\n' % (code, text, "." if i == len(ans) - 1 else ""))
    f.write("VARIABLE LEVEL V9(SCALE).\n")
    for k, (title, label, typ, size, ans) in enumerate(LS_FIELDS):
        f.write("RENAME VARIABLES ( V%d = %s ).\n" % (k + 1, title))
    f.write("RESTORE LOCALE.\n")

LS_COMMENTS = ["Fine", "", "It's quick, isn't it", "", "again, and\nagain", "", ""]
with open("survey_123456_SPSS_data_file.dat", "w", newline="", encoding="utf-8") as f:
    f.write("\ufeff")
    for k, (st, dur, status, ip, prog, fin, rid, chan, q1, q2, q3, q4) in enumerate(R[:7]):
        end = stamp(st, dur)
        vals = [str(k + 1), sps_date(end) if fin else None, "3" if fin else "1", "en",
                str(1000 + k), sps_date(st), sps_date(end), ip, str(q1)] + \
            [None if v is None else str(v) for v in q2] + \
            [None if q3 is None else str(q3), LS_COMMENTS[k] or None]
        f.write(",".join("" if v is None else
                         "'" + v.replace("'", "''").replace("\n", " ") + "'" for v in vals) + "\n")
