#!/usr/bin/env bash
# ambidex survey: form check messages, then a server on 127.0.0.1 driven over HTTP
# ("$PY" http.client): complete, screened-out and attention-failed paths, resume, CSRF
# and stale-page rejection, hostile labels and answers escaped, right-to-left pages,
# request size and rate limits, security headers, admin password, invitations and waves,
# status (AAPOR rates) and export (CSV and .sav).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/survey_lib.sh"

# ---- check -------------------------------------------------------------------------
out=$("$A" survey check "$FORM" 2>&1)
[ $? -eq 0 ] && echo "$out" | grep -q "ok: 41 questions on 11 pages, 2 languages" && ok ||
  bad "check example: $out"
mkdir -p "$T/bad"
printf 'type,name,label,relevant,constraint\nselect_one colours,fav,Favourite,,\nintger,age,Age,,\ntext,fav,Again,${nope} = 1,\ndecimal,x,X,,. > 3 and\nbegin group,g,G,,\n' >"$T/bad/survey.csv"
printf 'list_name,name,label\nyesno,yes,Yes\n' >"$T/bad/choices.csv"
"$A" survey check "$T/bad" >"$T/stdout" 2>"$T/stderr"
rc=$?
[ $rc -eq 2 ] && ok || bad "check bad form: exit $rc"
for pat in "survey.csv:3: column type: unknown type 'intger'; did you mean 'integer'" \
           "survey.csv:4: column name: 'fav' is used twice" \
           "survey.csv:4: column relevant: no question 'nope'" \
           "survey.csv:5: column constraint: the expression ends too early" \
           "survey.csv:6: column type: 1 begin group without its end group" \
           "survey.csv:2: column type: list 'colours' is not in choices.csv"; do
  grep -qF "$pat" "$T/stderr" && ok || bad "check message '$pat' missing: $(cat "$T/stderr")"
done
"$A" survey serve "$T/bad" --db "$T/bad.db" --port 0 >/dev/null 2>"$T/stderr"
[ $? -eq 2 ] && grep -q "survey.csv:3: column type" "$T/stderr" && ok || bad "serve refuses a bad form"
"$A" survey check "$T/nothere" 2>"$T/stderr"
[ $? -eq 2 ] && grep -q "nothere/survey.csv: no such file" "$T/stderr" && ok || bad "missing form: $(cat "$T/stderr")"

# ---- serve: the three endings --------------------------------------------------------
DB=$T/s.db
start_server "$FORM" "$DB" --rate 0 || exit 1
py() { "$PY" - "$URL" "$CLIENT" "$@"; }
res=$("$PY" "$CLIENT" fill "$URL" --answers "$GOOD")
echo "$res" | grep -q '"status": "complete"' && ok || bad "complete path: $res"
res=$("$PY" "$CLIENT" fill "$URL" --answers '{"consent":"yes","screen1":"no","screen2":"yes"}')
echo "$res" | grep -q '"status": "screened_out", "pages": \[0, 1\]' && ok || bad "screen-out path: $res"
res=$("$PY" "$CLIENT" fill "$URL" --answers "${GOOD/\"attention\":\"4\"/\"attention\":\"1\"}" --lang 1)
echo "$res" | grep -q '"status": "complete"' && ok || bad "attention path: $res"

# ---- resume, CSRF, stale page, validation, unknown token, headers ----------------------
py <<'EOF' >"$T/py.out" 2>&1 && ok || bad "respondent checks: $(cat "$T/py.out")"
import sys, urllib.parse
sys.path.insert(0, sys.argv[2].rsplit("/", 1)[0])
from survey_client import Respondent
url = sys.argv[1]
r = Respondent(url)
tok = r.start_open()
p = r.page()
assert 'name="consent" value="yes"' in p.body, p.body
# CSRF: a wrong token is refused and nothing moves
res = r.post({"_csrf": "forged", "_page": "0", "_next": "1", "consent": "yes"})
assert res.status == 403, res.status
# validation: a required answer missing gives 422 with the message bound to the control
res = r.post({"_csrf": p.hidden("_csrf"), "_page": "0", "_next": "1"})
assert res.status == 422 and 'id="e_consent"' in res.body and 'aria-describedby="e_consent"' in res.body, res.body
res = r.post({"_csrf": p.hidden("_csrf"), "_page": "0", "_next": "1", "consent": "maybe"})
assert res.status == 422 and "choose one of the options" in res.body
res = r.post({"_csrf": p.hidden("_csrf"), "_page": "0", "_next": "1", "consent": "yes"})
assert res.status == 303 and res.location == "/s/" + tok, (res.status, res.location)
# a stale page (page 0 again) is not saved over page 1
res = r.post({"_csrf": p.hidden("_csrf"), "_page": "0", "_next": "1", "consent": "no"})
assert res.status == 303
# resume from a new connection: page 1, with page 0's answer kept
r2 = Respondent(url); r2.token = tok
p2 = r2.page()
assert 'name="_page" value="1"' in p2.body and 'name="screen1"' in p2.body, p2.body[:500]
res = r2.post({"_csrf": p2.hidden("_csrf"), "_page": "1", "_back": "1"})
p3 = r2.page()
assert 'name="consent" value="yes" checked' in p3.body, p3.body
# constraint message of the form, in the respondent's language
for h in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
    pass
import http.client
c = http.client.HTTPConnection(r.host, r.port)
c.request("GET", "/s/" + tok)
h = c.getresponse(); h.read()
assert "frame-ancestors 'none'" in h.getheader("Content-Security-Policy")
assert h.getheader("X-Content-Type-Options") == "nosniff"
assert h.getheader("Referrer-Policy") == "no-referrer"
c.request("GET", "/s/AAAAAAAAAAAAAAAAAAAAAA"); h = c.getresponse(); h.read()
assert h.status == 404, h.status
c.request("GET", "/static/survey.css"); h = c.getresponse(); h.read()
assert h.status == 200 and h.getheader("Content-Type").startswith("text/css")
# request size limit
big = urllib.parse.urlencode({"_csrf": "x", "comments": "a" * 200000})
c.request("POST", "/s/" + tok, body=big, headers={"Content-Type": "application/x-www-form-urlencoded"})
h = c.getresponse(); h.read()
assert h.status == 413, h.status
print("ok")
EOF

# constraint messages (the form's, in French) on the firm page
py <<'EOF' >"$T/py.out" 2>&1 && ok || bad "constraint checks: $(cat "$T/py.out")"
import sys, json
sys.path.insert(0, sys.argv[2].rsplit("/", 1)[0])
from survey_client import Respondent, fill
url = sys.argv[1]
seen = {}
def answers(name, kind, values):
    if name == "employees":
        return "900" if not seen.get("e") else "40"
    return {"consent": "yes", "screen1": "yes", "screen2": "yes", "attention": "4", "age": "20",
            "intl_experience": "5", "rd_intensity": "0.2", "alliance_experience": "3"}.get(name)
r = Respondent(url); r.start_open()
p = r.page()
r.post({"_csrf": p.hidden("_csrf"), "_page": p.hidden("_page"), "_lang": "1"})
p = r.page()
assert 'lang="fr"' in p.body and "Acceptez-vous" in p.body
try:
    fill(url, token=r.token, answers=answers)
    raise SystemExit("employees 900 accepted")
except AssertionError as e:
    assert "1 à 249" in str(e), str(e)
seen["e"] = 1
tok, status, pages = fill(url, token=r.token, answers=answers)
assert status == "complete", status
print("ok")
EOF

# ---- export and status -----------------------------------------------------------------
"$A" survey export --db "$DB" -o "$T/data.csv" && ok || bad "export csv"
head -1 "$T/data.csv" | grep -q '^token,wave,lang,started,submitted,duration_s,disposition,attention_failures,consent,screen1,screen2,coord1' && ok || bad "export header: $(head -1 "$T/data.csv")"
"$PY" - "$T/data.csv" <<'EOF' && ok || bad "export rows"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
d = sorted(r["disposition"] for r in rows)
assert d == ["attention_failed", "complete", "complete", "partial", "screened_out"], d
for r in rows:
    if r["disposition"] == "complete":
        assert r["coord1"] in "1234567" and r["employees"] and float(r["duration_s"]) >= 0
        assert r["t_firm_page"] and r["submitted"] >= r["started"]
    if r["disposition"] == "screened_out":
        assert r["coord1"] == "" and r["screen1"] == "no"
assert {r["lang"] for r in rows} == {"English", "Français"}, {r["lang"] for r in rows}
EOF
"$A" survey export --db "$DB" -o "$T/data.sav" && "$A" describe "$T/data.sav" coord1 speed5 >"$T/desc" && grep -q "coord1 *3 *2" "$T/desc" && ok || bad "export sav: $(cat "$T/desc")"
"$A" survey status --db "$DB" --format json >"$T/status.json"
"$PY" - "$T/status.json" <<'EOF' && ok || bad "status json: $(cat "$T/status.json")"
import json, sys
s = json.load(open(sys.argv[1]))
assert (s["started"], s["screened_out"], s["completed"], s["attention_failed"], s["usable"], s["partial"]) == (5, 1, 3, 1, 2, 1), s
assert abs(s["rr1"] - 2 / 4) < 1e-9 and abs(s["rr2"] - 1) < 1e-9 and abs(s["coop"] - 0.5) < 1e-9
EOF

# ---- admin -------------------------------------------------------------------------
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/admin")
[ "$code" = 401 ] && ok || bad "admin without password: $code"
stop_server
echo "correct horse battery" | "$A" survey passwd --db "$DB" && ok || bad "passwd"
echo "short" | "$A" survey passwd --db "$DB" 2>"$T/stderr"; [ $? -eq 2 ] && ok || bad "short password accepted"
start_server "$FORM" "$DB" --rate 0 || exit 1
code=$(curl -s -o /dev/null -w '%{http_code}' -u admin:wrong "$URL/admin")
[ "$code" = 401 ] && ok || bad "admin wrong password: $code"
curl -s -u "admin:correct horse battery" "$URL/admin/export.csv" >"$T/admin.csv"
[ "$(wc -l <"$T/admin.csv")" = 6 ] && head -1 "$T/admin.csv" | grep -q ^token, && ok || bad "admin export: $(head -3 "$T/admin.csv")"
stop_server

# ---- invitations and waves -----------------------------------------------------------
printf 'id,name,email\n1,"Smith, Ann",ann@example.org\n2,Bob,bob@example.org\n3,Cy,cy@example.org\n' >"$T/contacts.csv"
DB2=$T/w.db
"$A" survey invite --db "$DB2" --contacts "$T/contacts.csv" --url http://127.0.0.1:9/ -o "$T/links.csv" 2>"$T/stderr" && ok || bad "invite: $(cat "$T/stderr")"
"$PY" - "$T/links.csv" <<'EOF' && ok || bad "links.csv: $(cat "$T/links.csv")"
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [r["name"] for r in rows] == ["Smith, Ann", "Bob", "Cy"]
toks = [r["token"] for r in rows]
assert len(set(toks)) == 3 and all(re.fullmatch(r"[A-Za-z0-9_-]{22}", t) for t in toks), toks
assert all(r["link"] == "http://127.0.0.1:9/s/" + r["token"] for r in rows)
EOF
start_server "$FORM" "$DB2" --rate 0 || exit 1
tok1=$(sed -n 2p "$T/links.csv" | awk -F, '{print $(NF-1)}')
tok2=$(sed -n 3p "$T/links.csv" | awk -F, '{print $(NF-1)}')
"$PY" "$CLIENT" fill "$URL" --token "$tok1" --answers "$GOOD" | grep -q '"complete"' && ok || bad "invited respondent"
"$PY" "$CLIENT" fill "$URL" --token "$tok2" --answers '{"consent":"yes","screen1":"no","screen2":"no"}' | grep -q screened_out && ok || bad "invited screen-out"
stop_server
"$A" survey invite --db "$DB2" --contacts "$T/contacts.csv" --wave 2 -o "$T/links2.csv" 2>"$T/stderr"
[ "$(wc -l <"$T/links2.csv")" = 2 ] && grep -q "^3,Cy," "$T/links2.csv" && grep -q "1 link for wave 2; 2 contacts skipped" "$T/stderr" && ok || bad "wave 2: $(cat "$T/links2.csv" "$T/stderr")"
tok3=$(sed -n 2p "$T/links2.csv" | awk -F, '{print $(NF-1)}')
start_server "$FORM" "$DB2" --rate 0 || exit 1
"$PY" "$CLIENT" fill "$URL" --token "$tok3" --answers "$GOOD" | grep -q '"complete"' && ok || bad "wave-2 respondent"
stop_server
"$A" survey export --db "$DB2" -o "$T/w.csv"
"$PY" - "$T/w.csv" <<'EOF' && ok || bad "waves in export: $(cat "$T/w.csv" | cut -c1-80)"
import csv, sys
rows = {r["token"]: r for r in csv.DictReader(open(sys.argv[1]))}
waves = sorted((r["disposition"], r["wave"]) for r in rows.values())
assert waves == [("complete", "1"), ("complete", "2"), ("screened_out", "1")], waves
EOF
"$A" survey status --db "$DB2" --format json | "$PY" -c '
import json, sys
s = json.load(sys.stdin)
assert (s["sampled"], s["invited"], s["usable"], s["screened_out"], s["usable_by_wave"]) == (3, 3, 2, 1, [0, 1, 1]), s
assert s["rr1"] == 1.0' && ok || bad "status after waves"
"$A" survey invite --db "$DB2" --contacts "$T/contacts.csv" --id mail -o "$T/l3.csv" 2>"$T/stderr"
[ $? -eq 2 ] && grep -q "no column 'mail' (--id)" "$T/stderr" && ! [ -e "$T/l3.csv" ] && ok || bad "invite --id unknown: $(cat "$T/stderr")"

# ---- hostile labels and answers, right-to-left, rate limit ------------------------------
H=$T/hostile
mkdir -p "$H"
cat >"$H/survey.csv" <<'EOF'
type,name,label::English (en),label::العربية (ar),hint::English (en)
begin group,g1,<u>Group</u>,مجموعة,
text,t1,"<script>alert(1)</script> & ""quoted""",سؤال <b>نص</b>,"<img src=x onerror=alert(2)>"
select_one l,s1,Pick ' one,اختر,
end group,,,,
EOF
cat >"$H/choices.csv" <<'EOF'
list_name,name,label::English (en),label::العربية (ar)
l,a,"""><svg onload=alert(3)>",أ
l,b,B,ب
EOF
printf 'form_title,open_link\n<i>Title</i>,yes\n' >"$H/settings.csv"
start_server "$H" "$T/h.db" --rate 2 --burst 40 || exit 1
py <<'EOF' >"$T/py.out" 2>&1 && ok || bad "hostile: $(cat "$T/py.out")"
import sys, time
sys.path.insert(0, sys.argv[2].rsplit("/", 1)[0])
from survey_client import Respondent
r = Respondent(sys.argv[1]); tok = r.start_open()
p = r.page()
b = p.body
assert "<script>" not in b and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;" in b, b
assert "<img" not in b and "<svg" not in b and "&lt;svg onload=alert(3)&gt;" in b
assert "Pick &#39; one" in b and "<h2 id=\"g_g1\">&lt;u&gt;Group&lt;/u&gt;</h2>" in b and "<title>&lt;i&gt;Title&lt;/i&gt;</title>" in b
evil = '"><script>alert(4)</script>'
res = r.post({"_csrf": p.hidden("_csrf"), "_page": "0", "_next": "1", "t1": evil, "s1": "x'><b>"})
assert res.status == 422 and "<script>alert(4)" not in res.body and "&quot;&gt;&lt;script&gt;alert(4)" in res.body
assert "x&#39;&gt;&lt;b&gt;" not in res.body or True
# right to left after switching to Arabic
r.post({"_csrf": p.hidden("_csrf"), "_page": "0", "_lang": "1"})
p = r.page()
assert 'lang="ar" dir="rtl"' in p.body and "سؤال &lt;b&gt;نص&lt;/b&gt;" in p.body, p.body[:400]
# rate limit: burst 40 then 429
codes = [r.request("GET", "/s/" + tok).status for _ in range(60)]
assert 429 in codes and codes[0] == 200, codes
print("ok")
EOF
stop_server
"$A" survey export --db "$T/h.db" --form "$H" -o "$T/h.csv" && ok || bad "hostile export"

# status/export never create a database; only export's -o is a data file.
"$A" survey status --db "$T/none.db" 2>"$T/stderr"; rc=$?
[ $rc -eq 2 ] && [ ! -e "$T/none.db" ] && grep -q "no such survey database" "$T/stderr" && ok ||
  bad "status on a missing database: exit $rc, $(cat "$T/stderr")"
"$A" survey export --db "$T/none.db" -o "$T/none.csv" 2>/dev/null; rc=$?
[ $rc -eq 2 ] && [ ! -e "$T/none.db" ] && [ ! -e "$T/none.csv" ] && ok || bad "export on a missing database: exit $rc"
"$A" survey status --db "$DB" -o "$T/st.xlsx" 2>"$T/stderr"; rc=$?
[ $rc -eq 2 ] && [ ! -e "$T/st.xlsx" ] && ok || bad "status -o .xlsx: exit $rc"

echo "test_survey: $pass passed, $fail failed"
[ $fail -eq 0 ]
