#!/usr/bin/env bash
# Intake of other tools' exports (issue 16 part B): a Qualtrics CSV export (three header
# rows) and a LimeSurvey CSV export ("question code & question text" headings) read as
# delivered (names, question texts as labels, date-times as numbers), backquoted names,
# date(), the screening functions in a study's cleaning log, and bad input (file, line,
# column, the fix; exit 2). Fixtures: tests/cli/survey_data/make_exports.py.
. "$(dirname "$0")/lib.sh"
D=$SRC/tests/cli/survey_data

# ---- Qualtrics: rows 2 and 3 are header rows, not data ---------------------------------
out=$("$A" describe "$D/qualtrics.csv" Q1 Progress 2>&1)
echo "$out" | grep -qE '^Q1 +10 +0 +85\.000' && ok || bad "qualtrics: 10 cases: $out"
out=$("$A" freq "$D/qualtrics.csv" Q3 2>&1)
echo "$out" | grep -q 'Frequencies of Q3 (To show that you read this, please select 5.)' && ok ||
  bad "qualtrics: question text as label: $out"
out=$("$A" freq "$D/qualtrics.csv" StartDate 2>&1)
echo "$out" | grep -q 'StartDate (Start Date (time zone Europe/London))' && ok || bad "time zone in label: $out"
# 2024-03-05 09:02:11 = 1709629331 s; durations are differences; date() compares
out=$("$A" compute "$D/qualtrics.csv" --compute 'dur = EndDate - StartDate' \
  --compute 'late = StartDate >= date("2024-03-12")' --compute 'd2 = `Duration (in seconds)` - dur' 2>&1)
echo "$out" | sed -n 2p | grep -q '^1709629331,1709629743,0,203.0.113.5,100,412,.*,412,0,0$' && ok ||
  bad "qualtrics dates: $(echo "$out" | sed -n 2p)"
[ "$(echo "$out" | awk -F, 'NR > 1 {s += $NF} END {print s}')" = 0 ] && ok || bad "EndDate - StartDate = duration"
[ "$(echo "$out" | awk -F, 'NR > 1 {s += $(NF-1)} END {print s}')" = 2 ] && ok || bad "two responses after 12 March"
# a spreadsheet formula in a text answer stays text (no evaluation, kept as written)
echo "$out" | grep -qF "=cmd|' /C calc'!A0" && ok || bad "formula text kept"

# ---- screening functions --------------------------------------------------------------
out=$("$A" compute "$D/qualtrics.csv" --compute 'sd = rowsd(Q2_1, Q2_2, Q2_3, Q2_4, Q2_5)' \
  --compute 'run = longrun(Q2_1, Q2_2, Q2_3, Q2_4, Q2_5)' \
  --compute 'fast = speeder(`Duration (in seconds)`, 0.5)' --compute 'dup = duplicated(IPAddress)' \
  --compute 'att = failed(Q3, 5)' 2>&1)
cols=$(echo "$out" | awk -F, 'NR > 1 {print $(NF-4)+0 "|" $(NF-3) "|" $(NF-2) "|" $(NF-1) "|" $NF}' | tr '\n' ' ')
# rows: sd of 5,6,5,4,6 = .8367; 7,7,7,7,7 -> sd 0, run 5; 35 s < .5 * median 389;
# 140 s too; row 5 repeats row 1's IP; row 6 answered 2 to "select 5"; row 7 did not answer
[ "$cols" = "0.83666|1|0|0|0 0.83666|2|0|0|0 1.58114|1|1|0|0 0|5|0|0|0 0.83666|1|0|1|0 0.547723|2|0|0|1 0|1|1|0|1 1.58114|1|0|0|0 0.83666|2|0|0|0 0.707107|2|0|0|0 " ] &&
  ok || bad "screening columns: $cols"

cat >"$T/s.adx" <<S
title "Qualtrics intake"
data $D/qualtrics.csv
keep if Status == 0 and Finished == 1
drop if speeder(\`Duration (in seconds)\`, 0.5) == 1
drop if longrun(Q2_1, Q2_2, Q2_3, Q2_4, Q2_5) >= 5
drop if duplicated(IPAddress)
drop if failed(Q3, 5) > 0
scale SPEED = Q2_1 Q2_2 Q2_3 Q2_4 Q2_5
describe SPEED
S
"$A" run "$T/s.adx" -o "$T/r.html" 2>"$T/err" && ok || bad "run: $(cat "$T/err")"
for row in '<td>keep if Status == 0 and Finished == 1</td><td>10</td><td>2</td><td>8</td>' \
           '<td>drop if speeder(`Duration (in seconds)`, 0.5) == 1</td><td>8</td><td>1</td><td>7</td>' \
           '<td>drop if longrun(Q2_1, Q2_2, Q2_3, Q2_4, Q2_5) &gt;= 5</td><td>7</td><td>1</td><td>6</td>' \
           '<td>drop if duplicated(IPAddress)</td><td>6</td><td>1</td><td>5</td>' \
           '<td>drop if failed(Q3, 5) &gt; 0</td><td>5</td><td>1</td><td>4</td>'; do
  grep -qF "$row" "$T/r.html" && ok || bad "funnel row $row"
done

# ---- LimeSurvey: "CODE. text" headings, bracketed codes backquoted --------------------
out=$("$A" freq "$D/limesurvey.csv" 'G02Q02[SQ001]' 2>&1)
echo "$out" | grep -qF 'Frequencies of G02Q02[SQ001] (How quickly does your firm do the following? [Reach decisions with the partner])' &&
  ok || bad "limesurvey label: $out"
out=$("$A" compute "$D/limesurvey.csv" --compute 'x = `G02Q02[SQ001]` + `G02Q02[SQ005]`' \
  --compute 'secs = datestamp - startdate' --compute 'done = missing(submitdate) == 0' 2>&1)
[ "$(echo "$out" | awk -F, 'NR > 1 {print $(NF-2) "/" $(NF-1) "/" $NF}' | tr '\n' ' ')" = \
  "11/412/1 5/388/1 7/35/1 14/501/1 11/455/1 11/390/1 /140/0 " ] && ok ||
  bad "limesurvey values: $(echo "$out" | awk -F, 'NR > 1 {print $(NF-2) "/" $(NF-1) "/" $NF}' | tr '\n' ' ')"
"$A" freq "$D/limesurvey.csv" '`G03Q04`' >/dev/null 2>&1 && ok || bad "backquoted name on the command line"

# ---- LimeSurvey's SPSS export: the .sps syntax file and its .dat data file -------------
S=$D/survey_123456_SPSS_syntax_file.sps
out=$(cd / && "$A" freq "$S" G02Q02_SQ001 2>&1)
echo "$out" | grep -qF 'Frequencies of G02Q02_SQ001 ([Reach decisions with the partner] How quickly does your firm do the following in its alliances with partners abroad, thinking of the last three years and of the alliance that matters most to your firm'"'"'s "international" growth, whether it is a joint venture, a licence, a distribution agreement or a research partnership?)' &&
  echo "$out" | grep -qE '^3 +Rather slowly +1 ' && echo "$out" | grep -qE '^7 +Very quickly +1 ' && ok ||
  bad "sps: renamed variable, label joined from '+' lines, value labels: $out"
out=$("$A" compute "$S" --compute 'dur = submitdate - startdate' --compute 'x = G02Q02_SQ001 + G02Q03' 2>&1)
[ "$(echo "$out" | sed -n 1p)" = "id,submitdate,lastpage,startlanguage,seed,startdate,datestamp,ipaddr,G01Q01,G02Q02_SQ001,G02Q02_SQ002,G02Q02_SQ003,G02Q02_SQ004,G02Q02_SQ005,G02Q03,G03Q04,dur,x" ] &&
  ok || bad "sps names: $(echo "$out" | sed -n 1p)"
# the same date-times as the Qualtrics and CSV fixtures (dd-mm-yyyy in the .dat); quotes
# doubled in the data; an unanswered question is missing
echo "$out" | sed -n 2p | grep -q '^1,1709629743,3,en,1000,1709629331,1709629743,203.0.113.5,45,5,6,5,4,6,5,Fine,412,10$' &&
  echo "$out" | grep -qF ",\"It's quick, isn't it\",35," && echo "$out" | sed -n 8p | grep -q '^7,,1,en,1006,1709802600,1709802740,192.0.2.45,15,4,,,,,,,,$' &&
  ok || bad "sps values: $out"
cp "$S" "$D/survey_123456_SPSS_data_file.dat" "$T/" && printf 'data survey_123456_SPSS_syntax_file.sps\nkeep if missing(submitdate) == 0\ndescribe G01Q01\n' >"$T/sps.adx"
(cd / && "$A" run "$T/sps.adx" -o "$T/sps.md" 2>"$T/err") && grep -q 'held 7 cases. After the screening rules below, 6 cases' "$T/sps.md" &&
  ok || bad "sps in a study: $(cat "$T/err")"
# the older DATA LIST form
printf "DATA LIST LIST(',') FILE='d.dat' / V1 (F3) V2 (A8).\nVARIABLE LABELS V1 'Firm size' / V2 \"Name\".\nVALUE LABELS V1 1 'small' 2 'large'.\n" >"$T/old.sps"
printf "'1','a b'\n'2','c'\n" >"$T/d.dat"
out=$("$A" freq "$T/old.sps" V1 2>&1)
echo "$out" | grep -qF 'Frequencies of V1 (Firm size)' && echo "$out" | grep -qE '^2 +large +1 ' && ok || bad "DATA LIST: $out"

# ---- date-times with offsets: UTC in datetime(), date() and durations ------------------
# 10:15+01:00 = 09:15Z = 23:15-10:00 the day before = 1772356500; +01:30 with a fraction;
# offsets as +0100 and +01; a duration across a change of offset (DST) is real time
printf 'id,t\n1,2026-03-01T10:15:00+01:00\n2,2026-03-01T09:15:00Z\n3,2026-02-28T23:15:00-10:00\n4,2026-03-01T10:45:30.5+01:30\n5,2026-03-01T10:15:00+0100\n6,2026-03-01T10:15:00+01\n7,2026-03-29T03:30:00+02:00\n' >"$T/tz.csv"
out=$("$A" compute "$T/tz.csv" --compute 'u = datetime(t)' --compute 'd = u - date("2026-03-01T10:15:00+01:00")' \
  --compute 'z = date("2026-03-01T09:15:00Z") - date("2026-03-01T10:15:00+01:00")' 2>&1)
[ "$(echo "$out" | awk -F, 'NR > 1 {print $3 "/" $4 "/" $5}' | tr '\n' ' ')" = \
  "1772356500/0/0 1772356500/0/0 1772356500/0/0 1772356530.5/30.5/0 1772356500/0/0 1772356500/0/0 1774747800/2391300/0 " ] &&
  ok || bad "offsets to UTC: $out"
out=$("$A" compute "$T/tz.csv" --compute 'h = (datetime(t) - date("2026-03-29T00:30:00Z")) / 3600' 2>&1)
[ "$(echo "$out" | sed -n 8p)" = "7,2026-03-29T03:30:00+02:00,1" ] && ok || bad "duration across offsets: $out"

# ---- bad input ------------------------------------------------------------------------
expect2() { # expect2 WHAT PATTERN CMD...: exit 2 and the pattern in stderr
  local what=$1 pat=$2
  shift 2
  "$@" >/dev/null 2>"$T/err"
  local rc=$?
  [ $rc -eq 2 ] && grep -qF -- "$pat" "$T/err" && ok || bad "$what: exit $rc: $(cat "$T/err")"
}
# a data row with an extra field: line 11 (rows 2-3 take lines 2-8: the question texts
# hold line breaks), column 26
awk 'NR == 11 {sub(/\r$/, ""); $0 = $0 ",\"extra\"\r"} {print}' "$D/qualtrics.csv" >"$T/q_bad.csv"
expect2 "extra field" "q_bad.csv:11: column 26: more fields than the 25 columns" \
  "$A" describe "$T/q_bad.csv" Q1
head -c 900 "$D/qualtrics.csv" >"$T/q_cut.csv"
expect2 "cut in the question row" "q_cut.csv:3: column 20: quoted field never closed" "$A" describe "$T/q_cut.csv" Q1
expect2 "unclosed backquote" "column 5 of 'x = \`Duration (in seconds) + 1': backquoted name not closed" \
  "$A" compute "$D/qualtrics.csv" --compute 'x = `Duration (in seconds) + 1'
expect2 "datetime of an address" "datetime(IPAddress): case 1: '203.0.113.5' is not a date-time" \
  "$A" compute "$D/qualtrics.csv" --compute 'x = datetime(IPAddress)'
expect2 "bad date" "not a date: write date(\"YYYY-MM-DD\")" \
  "$A" compute "$D/qualtrics.csv" --compute 'x = StartDate > date("2024-02-30")'
expect2 "speeder share" "speeder(duration, share): the share of the median is a number in (0, 1]" \
  "$A" compute "$D/qualtrics.csv" --compute 'x = speeder(Progress, 2)'
expect2 "failed pairs" "failed(item, correct, ...) takes pairs" \
  "$A" compute "$D/qualtrics.csv" --compute 'x = failed(Q3)'
expect2 "unknown name in duplicated" "no variable 'IPAdress'; did you mean 'IPAddress'?" \
  "$A" compute "$D/qualtrics.csv" --compute 'x = duplicated(IPAdress)'
printf '"id. Response ID","submitdate. Date submitted","G01Q01. A","G01Q01. B"\n"1","","3","4"\n' >"$T/ls_dup.csv"
expect2 "limesurvey duplicate code" "ls_dup.csv:1: column 4: question code 'G01Q01' is used twice" \
  "$A" describe "$T/ls_dup.csv" id

printf 'id,t\n1,2026-03-01T10:15:00+25:00\n' >"$T/tzbad.csv"
expect2 "offset out of range" "datetime(t): case 1: '2026-03-01T10:15:00+25:00' is not a date-time" \
  "$A" compute "$T/tzbad.csv" --compute 'u = datetime(t)'
expect2 "date() offset out of range" "not a date" \
  "$A" compute "$T/tz.csv" --compute 'x = date("2026-03-01T10:15:00+14:30")'
# LimeSurvey SPSS: the .dat missing, a case with a field too many, fixed-column data
cp "$S" "$T/alone.sps"
sed -i 's/survey_123456_SPSS_data_file.dat/nothere.dat/' "$T/alone.sps"
expect2 "sps without its data" "nothere.dat' of this syntax file cannot be read" "$A" describe "$T/alone.sps" G01Q01
printf "'1','a','x'\n" >>"$T/d.dat"
expect2 "sps field count" "d.dat:3: 3 fields, but the syntax file defines 2 variables" "$A" describe "$T/old.sps" V1
printf "DATA LIST FILE='d.dat' / V1 1-3.\n" >"$T/fixed.sps"
expect2 "fixed columns" "fixed.sps:1: only DATA LIST LIST or FREE" "$A" describe "$T/fixed.sps" V1
printf "SET DECIMAL=DOT.\n" >"$T/empty.sps"
expect2 "no data command" "empty.sps: no GET DATA /TYPE=TXT or DATA LIST" "$A" describe "$T/empty.sps" V1

echo "survey intake: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
