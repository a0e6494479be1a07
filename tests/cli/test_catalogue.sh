#!/usr/bin/env bash
# The bad-input catalogue (issue 12, item 18): hostile inputs for every command.
# Each case of the table at the end runs once in the folder $W, where the
# generators below made the inputs, and must:
#   - exit with the expected code: 2 for bad input or usage, 1 for numerical
#     trouble (singular, did not converge), as DESIGN.md's exit status says;
#   - print exactly one line on stderr (a usage error adds the `usage:` reminder),
#     matching the expected regular expression: the file:line: column, the value
#     or the name the user wrote;
#   - print nothing on stdout, show no sanitizer report and finish in 60 s (a hang guard);
#   - leave $W as it was: no output file, no temporary file, no input changed
#     (names, sizes, modes and modification times compared before and after).
# To add a case, add a line `EXIT | REGEX | ARGUMENTS` to the table (ARGUMENTS are
# shell words, relative to $W; REGEX is an extended regular expression; the
# separator is " | " with the spaces). CATALOGUE_TIMES=FILE logs each case's start
# and end time. Item 15 (orphaned import folders) follows the table.
. "$(dirname "$0")/lib.sh"
W=$T/w
mkdir -p "$W/tmp" "$W/outdir" "$W/ro"
chmod 555 "$W/ro"
export TMPDIR=$W/tmp
# LeakSanitizer's list of the suppressions it used is not a message of ambidex.
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"
cd "$W" || exit 1

# ---- generators -------------------------------------------------------------
# d.csv: 40 cases; x, m, w, y continuous, g a two-level group, c constant, x2 = 2 x
# (collinear with x), a1..a6 two-factor items, s a string.
awk 'BEGIN {
  print "id,x,m,w,y,g,c,x2,a1,a2,a3,a4,a5,a6,s"
  for (i = 1; i <= 40; i++) {
    x = sprintf("%.4f", sin(i * 1.3) * 2) + 0; w = cos(i * 0.7) * 1.5; m = 0.5 * x + sin(i * 2.9)
    y = 0.4 * m + 0.3 * x + 0.2 * x * w + cos(i * 1.7)
    f1 = sin(i * 0.9) * 1.2; f2 = cos(i * 1.1) * 1.2
    printf "%d,%.4f,%.4f,%.4f,%.4f,%d,5,%.4f", i, x, m, w, y, i % 2 + 1, 2 * x
    printf ",%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%s\n", f1 + sin(i * 5.1) * 0.5, f1 + sin(i * 6.7) * 0.6,
      f1 + cos(i * 7.3) * 0.5, f2 + sin(i * 8.9) * 0.5, f2 + cos(i * 3.3) * 0.6, f2 + sin(i * 4.7) * 0.5,
      (i % 3 ? "firm" : "shop")
  }
}' >d.csv
: >empty.csv
printf 'x,y,z\n' >header.csv
printf 'x,y,z\n1,2,3\n4,5\n' >short.csv
printf 'x,y,z\n1,2,3\n4,5,6,7\n' >long.csv
printf 'x,y,z\n1,2,3\n4,"5,6\n' >quote.csv
printf 'x,y,z\n1,2,3\n4,5,abc\n6,7,8\n' >text.csv
printf 'x,y,z\n1,2,3\n4,1e999,6\n6,7,8\n' >overflow.csv
printf 'x,x,z\n1,2,3\n4,5,6\n' >dup.csv
printf 'x,,z\n1,2,3\n4,5,6\n' >blankname.csv
printf '\n\n\n' >blank.csv
printf 'x;y\n1,5;2\n' >semi.csv
python3 - <<'PY'
import random, zipfile
r = random.Random(12)
open('binary.csv', 'wb').write(bytes(r.randrange(256) for _ in range(4096)))
open('binary.sav', 'wb').write(b'$FL2' + bytes(r.randrange(256) for _ in range(4096)))
open('binary.dta', 'wb').write(bytes([118]) + bytes(r.randrange(256) for _ in range(2048)))
open('binary.por', 'wb').write(bytes(r.randrange(256) for _ in range(2048)))
open('binary.sas7bdat', 'wb').write(bytes(r.randrange(256) for _ in range(2048)))
open('binary.adx', 'wb').write(bytes(r.randrange(256) for _ in range(2048)))
open('binary.lav', 'wb').write(bytes(r.randrange(1, 256) for _ in range(2048)))
t = 'x,y,z\n1,2,3\n4,5,6\n'
open('utf16le.csv', 'wb').write(b'\xff\xfe' + t.encode('utf-16-le'))
open('utf16be.csv', 'wb').write(b'\xfe\xff' + t.encode('utf-16-be'))
open('utf16.adx', 'wb').write(b'\xff\xfe' + 'data d.csv\ndescribe x\n'.encode('utf-16-le'))
open('utf16.lav', 'wb').write(b'\xff\xfe' + 'F =~ a1 + a2 + a3\n'.encode('utf-16-le'))
# 10,000 columns, 3 rows; wide_dup.csv repeats v1 as the last name.
names = ['v%d' % i for i in range(1, 10001)]
rows = [','.join(str((i * j) % 7) for j in range(10000)) for i in range(1, 4)]
open('wide.csv', 'w').write(','.join(names) + '\n' + '\n'.join(rows) + '\n')
open('wide_dup.csv', 'w').write(','.join(names[:-1] + ['v1']) + '\n' + '\n'.join(rows) + '\n')
# Archives: not a zip, empty zip, no project.qde, bad XML, a zip bomb (one entry of
# 65 MiB of zeros, over the 64 MiB cap of an entry), '../' and absolute names,
# entity expansion.
open('notzip.qdpx', 'wb').write(b'PK\x03\x04' + bytes(r.randrange(256) for _ in range(500)))
zipfile.ZipFile('emptyzip.qdpx', 'w').close()
with zipfile.ZipFile('noqde.qdpx', 'w') as z:
    z.writestr('sources/a.txt', 'hello')
with zipfile.ZipFile('badxml.qdpx', 'w') as z:
    z.writestr('project.qde', '<?xml version="1.0"?>\n<Project xmlns="urn:QDA-XML:project:1.0">\n<Users>\n</Project>\n')
with zipfile.ZipFile('bomb.qdpx', 'w', zipfile.ZIP_DEFLATED) as z:
    with z.open('project.qde', 'w', force_zip64=True) as f:
        block = b'\0' * (1 << 20)
        for _ in range(65):
            f.write(block)
ns = 'xmlns="urn:QDA-XML:project:1.0"'
def qde(src):
    return ('<?xml version="1.0" encoding="utf-8"?>\n<Project %s name="p">\n'
            '<Users><User guid="u1" name="ann"/></Users>\n<Sources>\n%s\n</Sources>\n</Project>\n'
            % (ns, src))
def src(path):
    return ('<TextSource guid="s1" name="C1" plainTextPath="%s"></TextSource>' % path)
for name, path in (('dotdot', 'internal://../../../etc/passwd'), ('absolute', '/etc/passwd'),
                   ('relative', 'relative://x.txt')):
    with zipfile.ZipFile(name + '.qdpx', 'w') as z:
        z.writestr('project.qde', qde(src(path)))
        z.writestr('sources/x.txt', 'text')
with zipfile.ZipFile('evilname.qdpx', 'w') as z:
    z.writestr('project.qde', qde(src('internal://x.txt')))
    z.writestr('../../evil.txt', 'owned')
    z.writestr('/tmp/evil.txt', 'owned')
lol = ('<?xml version="1.0"?>\n<!DOCTYPE Project [\n<!ENTITY a "aaaaaaaaaa">\n'
       + ''.join('<!ENTITY %s "%s">\n' % (chr(98 + i), ('&%s;' % chr(97 + i)) * 10) for i in range(9))
       + ']>\n<Project %s name="&j;"/>\n' % ns)
with zipfile.ZipFile('laughs.qdpx', 'w') as z:
    z.writestr('project.qde', lol)
with zipfile.ZipFile('nosrc.qdpx', 'w') as z:
    z.writestr('project.qde', qde('<TextSource guid="s1" name="C1"></TextSource>'))
PY
# A 65 MiB line, beyond the 64 MiB cap of text files (study, model, transcript;
# hard links of one file), and a 16 MiB CSV cell (data files have no line cap).
head -c $((65 << 20)) /dev/zero | tr '\0' 'a' >huge.lav
ln huge.lav huge.adx
{ printf 'x,y\n1,'; head -c $((16 << 20)) huge.lav; printf '\n'; } >huge.csv
# Models.
printf 'F =~ a1 + a2 + a3\nG =~ a4 + a5 + a6\n' >m2.lav
printf 'F =~ a1 + a2 + a3\nG =~ a4 + a5 +\n' >syntax.lav
printf 'x,y\n1,0.5\n0.5,1\n' >cov.csv
printf 'x,y\n1,0.9\n0.5,1\n' >asym.csv
printf 'x,y\n1,2\n2,1\n' >notpd.csv
printf 'x,y\n1,abc\n0.5,1\n' >covtext.csv
printf 'x,y,z\n1,0.5\n0.5,1\n' >covshape.csv
# Study files (one per error).
st() { printf "$2" >"$1.adx"; }
st st_nodata 'describe x y\n'
st st_missing 'data nosuch.csv\ndescribe x\n'
st st_unknown 'data d.csv\ndescrbe x y\n'
st st_quote 'data d.csv\ntitle "unclosed\n'
st st_brace 'data d.csv\nsem {\n  F =~ a1 + a2 + a3\n'
st st_var 'data d.csv\ndescribe x nosuch\n'
st st_scale 'data d.csv\nscale S = a1 nosuch a3\n'
st st_opt 'data d.csv\nregress "y ~ x" --bogus\n'
st st_sem 'data d.csv\nsem {\n  F =~ a1 + a2 +\n}\n'
st st_empty ''
st st_dataempty 'data empty.csv\ndescribe x\n'
st st_datarag 'data short.csv\ndescribe x\n'
st st_compute 'data d.csv\ncompute w2 = x +\n'
st st_nul 'data d.csv\ndescribe x\0 y\n'
# Qualitative project copies with one fault each.
EX=$SRC/examples/vse-ambidexterity
qp() { rm -rf "$1"; cp -r "$EX" "$1"; chmod -R u+w "$1"; }
qp q_bin; head -c 600 binary.csv >q_bin/coding/author1/ESE1.md
qp q_u16; python3 -c "import sys; open(sys.argv[1],'wb').write(b'\xff\xfe' + 'A: {finance: money}\n'.encode('utf-16-le'))" q_u16/coding/author1/ESE1.md
qp q_nocb; rm q_nocb/codebook.csv
qp q_cbempty; : >q_cbempty/codebook.csv
qp q_cbhdr; printf 'code,parent,definition,example\n' >q_cbhdr/codebook.csv
qp q_cbdup; printf 'finance,resources,again,\n' >>q_cbdup/codebook.csv
qp q_cases; printf 'ESE11,short\n' >>q_cases/cases.csv
qp q_casedup; printf 'ESE1,a,b,2020,3,c,23,woman,x\n' >>q_casedup/cases.csv
qp q_huge; ln -f huge.lav q_huge/coding/author1/ESE1.md
qp q_orphan; printf 'A: {finance: money}\n' >q_orphan/coding/author1/ESE99.md
qp q_nest; printf 'A: {finance: {resources: money}\n' >q_nest/coding/author1/ESE1.md
"$A" qual export "$EX" qdpx vse.qdpx 2>/dev/null || bad "cannot export the example project"
printf 'keep me\n' >old.txt
mkdir -p exists
touch -d '1 hour ago' ./*.csv ./*.adx ./*.lav ./*.qdpx old.txt

# ---- the table ---------------------------------------------------------------
cases() {
  cat <<'EOF'
# --- data files: empty, header only, ragged, binary, UTF-16, huge lines, names
2 | ^ambidex: empty\.csv: the file is empty | describe empty.csv -o out.txt
2 | ^ambidex: empty\.csv: the file is empty | corr empty.csv x y -o out.txt
2 | ^ambidex: empty\.csv: the file is empty | regress empty.csv "y ~ x" -o out.txt
2 | ^ambidex: empty\.csv: the file is empty | regress empty.csv "y ~ x" --stream -o out.txt
2 | ^ambidex: empty\.csv: the file is empty | alpha empty.csv a b -o out.txt
2 | ^ambidex: empty\.csv: the file is empty | cfa empty.csv m2.lav -o out.txt
2 | ^ambidex: empty\.csv: the file is empty | compute empty.csv "w = x + 1" -o out.csv
2 | ^ambidex: empty\.csv: the file is empty | mediate empty.csv --x x --m m --y y --boot 0 -o out.txt
2 | ^ambidex: empty\.csv: the file is empty | moderate empty.csv --x x --w w --y y -o out.txt
2 | ^ambidex: empty\.csv: the file is empty | freq empty.csv x -o out.txt
2 | ^ambidex: empty\.csv: the file is empty | ttest empty.csv y --group g -o out.txt
2 | ^ambidex: empty\.csv: the file is empty | iv empty.csv "y ~ w | x ~ m" -o out.txt
2 | ^ambidex: blank\.csv: | describe blank.csv -o out.txt
2 | ^ambidex: header\.csv: the file has a header but no data rows | describe header.csv -o out.txt
2 | ^ambidex: header\.csv: the file has a header but no data rows | efa header.csv x y z --factors 1 -o out.txt
2 | ^ambidex: header\.csv: the file has a header but no data rows | pca header.csv x y z -o out.txt
2 | ^ambidex: header\.csv: the file has a header but no data rows | harman header.csv x y z -o out.txt
2 | ^ambidex: header\.csv: the file has a header but no data rows | anova header.csv x --group y -o out.txt
2 | ^ambidex: header\.csv: the file has a header but no data rows | crosstab header.csv x y -o out.txt
2 | ^ambidex: header\.csv: the file has a header but no data rows | regress header.csv "z ~ x + y" --stream -o out.txt
2 | ^ambidex: short\.csv:3: column 3: row has 2 fields but the header has 3 | describe short.csv -o out.txt
2 | ^ambidex: short\.csv:3: the row has 2 fields, the header 3 | regress short.csv "z ~ x + y" --stream -o out.txt
2 | ^ambidex: short\.csv:3: column 3: row has 2 fields | compute short.csv "w = x + y" -o out.csv
2 | ^ambidex: long\.csv:3: column 4: more fields than the 3 columns | corr long.csv x y z -o out.txt
2 | ^ambidex: long\.csv:3: the row has 4 fields, the header 3 | regress long.csv "z ~ x + y" --stream -o out.txt
2 | ^ambidex: quote\.csv:3: .*quote | describe quote.csv -o out.txt
2 | ^ambidex: text\.csv:3: column 3 'z': non-numeric value 'abc' | corr text.csv x y z -o out.txt
2 | ^ambidex: text\.csv:3: column 'z': 'abc' is not a finite number | regress text.csv "z ~ x + y" --stream -o out.txt
2 | ^ambidex: overflow\.csv:3: column 2 'y': non-numeric value '1e999' | describe overflow.csv x y -o out.txt
2 | ^ambidex: overflow\.csv:3: column 'y': '1e999' is not a finite number | regress overflow.csv "z ~ x + y" --stream -o out.txt
2 | ^ambidex: binary\.csv:[0-9]+: .*NUL byte | describe binary.csv -o out.txt
2 | ^ambidex: binary\.csv:[0-9]+: .*NUL byte | regress binary.csv "y ~ x" --stream -o out.txt
2 | ^ambidex: binary\.sav: cannot read | describe binary.sav -o out.txt
2 | ^ambidex: binary\.dta: cannot read | describe binary.dta -o out.txt
2 | ^ambidex: binary\.por: cannot read | describe binary.por -o out.txt
2 | ^ambidex: binary\.sas7bdat: cannot read | describe binary.sas7bdat -o out.txt
2 | ^ambidex: empty\.csv: the file is empty | describe empty.csv --format json -o out.json
2 | ^ambidex: utf16le\.csv:1: byte 4 of the line is a NUL byte; .*UTF-16 | describe utf16le.csv -o out.txt
2 | ^ambidex: utf16be\.csv:1: byte 3 of the line is a NUL byte; .*UTF-16 | corr utf16be.csv x y -o out.txt
2 | ^ambidex: utf16le\.csv:1: .*UTF-16 | regress utf16le.csv "z ~ x" --stream -o out.txt
2 | ^ambidex: huge\.csv:2: column 2 'y': non-numeric value 'a{20} | corr huge.csv x y -o out.txt
2 | ^ambidex: huge\.csv:2: column 'y': 'a{60}' is not a finite number | regress huge.csv "y ~ x" --stream -o out.txt
2 | ^ambidex: dup\.csv:1: column 2: duplicate column name 'x' | describe dup.csv -o out.txt
2 | ^ambidex: dup\.csv:1: column 2: duplicate column name 'x' | regress dup.csv "z ~ x" --stream -o out.txt
2 | ^ambidex: blankname\.csv:1: column 2: .*empty | describe blankname.csv -o out.txt
2 | ^ambidex: wide_dup\.csv:1: column 10000: duplicate column name 'v1' | describe wide_dup.csv v1 -o out.txt
2 | ^ambidex: 3 complete cases for 5 items | efa wide.csv v1 v2 v3 v4 v5 --factors 2 -o out.txt
2 | ^ambidex: nosuch\.csv: cannot open | describe nosuch.csv -o out.txt
2 | ^ambidex: d\.csv: no variable 'nosuch' | describe d.csv x nosuch -o out.txt
2 | ^ambidex: d\.csv:2: column 15 's': non-numeric value 'firm' | corr d.csv x s -o out.txt
2 | ^ambidex: semi\.csv: the separator and the decimal mark are both ',' | describe semi.csv --sep , --decimal , -o out.txt
# --- singular designs and constant variables
1 | ^ambidex: term 'x2' is a linear combination of the terms before it | regress d.csv "y ~ x + x2" -o out.txt
1 | ^ambidex: term 'c' is a linear combination .* or constant | regress d.csv "y ~ x + c" -o out.txt
1 | ^ambidex: term 'x2' is a linear combination of the terms before it | regress d.csv "y ~ x + x2" --stream -o out.txt
2 | ^ambidex: d\.csv: variable 'c' has zero variance | corr d.csv x c -o out.txt
2 | 'c' | alpha d.csv a1 a2 c -o out.txt
1 | item 'x2' is a linear combination of 'x' | pca d.csv x x2 a1 --factors 1 -o out.txt
2 | 'c' | efa d.csv a1 a2 a3 c --factors 1 -o out.txt
1 | term 'c' is a linear combination | moderate d.csv --y y --x x --w c -o out.txt
1 | ^ambidex: d\.csv: in the equation of m, term 'c' | mediate d.csv --x c --m m --y y --boot 0 -o out.txt
1 | ^ambidex: d\.csv: in the equation of y, term 'x' is a linear combination | mediate d.csv --x x --m x2 --y y --boot 0 -o out.txt
1 | term 'x' is a linear combination | moderate d.csv --y y --x x --w w --covariates x2 -o out.txt
2 | 'c' | anova d.csv y --group c -o out.txt
1 | term 'x2' is a linear combination | iv d.csv "y ~ w | m ~ x + x2" -o out.txt
1 | covariance matrix of the 3 observed variables is not positive definite | cfa d.csv -e "F =~ a1 + a2 + c" -o out.txt
1 | covariance matrix of the 3 observed variables is not positive definite | cfa d.csv -e "F =~ x + x2 + a1" -o out.txt
1 | covariance matrix of the 2 observed variables is not positive definite | sem -e "y ~ x" --cov notpd.csv --nobs 50 -o out.txt
2 | asym\.csv: .*symmetric | sem -e "y ~ x" --cov asym.csv --nobs 50 -o out.txt
2 | covtext\.csv:2:3: 'abc' is not a number | sem -e "y ~ x" --cov covtext.csv --nobs 50 -o out.txt
2 | covshape\.csv | sem -e "y ~ x" --cov covshape.csv --nobs 50 -o out.txt
2 | empty\.csv: | sem -e "y ~ x" --cov empty.csv --nobs 50 -o out.txt
# --- unidentified and non-converging models, model syntax errors
2 | ^ambidex: model \(-e\): the model has 4 free parameters but the data only 3 .* not identified | cfa d.csv -e "F =~ a1 + a2" -o out.txt
1 | ^ambidex: model \(-e\): the information matrix is singular: the model is not identified | sem d.csv -e $'F =~ a1 + a2 + a3\nG =~ a4 + a5 + a6\nF ~ G\nG ~ F' -o out.txt
1 | ^ambidex: model \(-e\): the information matrix is singular: the model is not identified | sem d.csv -e $'F =~ a1 + a2 + a3\nG =~ a4 + a5 + a6\nF ~~ G\nF ~ G' -o out.txt
1 | ^ambidex: model \(-e\): the information matrix is singular | cfa d.csv -e $'F =~ a1 + a2 + a3\nF ~~ 0*F' -o out.txt
1 | ^ambidex: m2\.lav: the estimation did not converge in 1 iterations | cfa d.csv m2.lav --max-iter 1 -o out.txt
1 | ^ambidex: m2\.lav: the estimation did not converge in 1 iterations | cfa d.csv m2.lav --max-iter 1 --missing fiml -o out.txt
2 | ^ambidex: syntax\.lav:3:1: expected a variable name, found the end of the model | cfa d.csv syntax.lav -o out.txt
2 | ^ambidex: model \(-e\):1:5: expected a variable name, found '~' | sem d.csv -e "y ~ ~ x +" -o out.txt
2 | ^ambidex: model \(-e\):1:5: expected a variable name, found the end | cfa d.csv -e "F =~" -o out.txt
2 | ^ambidex: model \(-e\):1:1: expected a variable name at the start of a statement, found '=' | cfa d.csv -e "=~ a1 + a2" -o out.txt
2 | ^ambidex: model \(-e\):1:11: expected a variable name, found '\+' | cfa d.csv -e "F =~ a1 + + a2 + a3" -o out.txt
2 | ^ambidex: model \(-e\):1:18: unexpected '\)' | cfa d.csv -e "F =~ a1 + a2 + a3)" -o out.txt
2 | ^ambidex: model \(-e\):1:9: expected a variable name, found '\(' | sem d.csv -e "y ~ 0.5*(x" -o out.txt
2 | ^ambidex: model \(-e\):2:[0-9]+: | sem d.csv -e $'y ~ x\nind := a*' -o out.txt
2 | ^ambidex: model \(-e\):1:3: expected =~, ~, ~~ or := after 'y' | sem d.csv -e "y <- x" -o out.txt
2 | ^ambidex: model \(-e\):1:5: 'nosuch' is not a latent variable .* no variable 'nosuch' | sem d.csv -e "y ~ nosuch" -o out.txt
2 | ^ambidex: model \(-e\):2:8: 'zz' in the definition of 'ind' is not a parameter label | sem d.csv -e $'y ~ a*x\nind := a*zz' -o out.txt
2 | ^ambidex: model \(-e\):2:5: 'y ~ x' is given twice | sem d.csv -e $'y ~ x\ny ~ x' -o out.txt
2 | ^ambidex: model \(-e\):1:14: number out of range | cfa d.csv -e "F =~ NA*a1 + 1e999*a2 + a3" -o out.txt
2 | ^ambidex: model \(-e\):1:21: 'F' cannot be its own indicator | cfa d.csv -e "F =~ a1 + a2 + a3 + F" -o out.txt
2 | ^ambidex: d\.csv:2: column 15 's': non-numeric value 'firm' | sem d.csv -e "y ~ x + s" -o out.txt
2 | ^ambidex: binary\.lav:1:1: expected a variable name at the start of a statement, found byte 0x[0-9A-F]{2} | cfa d.csv binary.lav -o out.txt
2 | ^ambidex: utf16\.lav:1: the model file is UTF-16 text \(byte-order mark FF FE\) | cfa d.csv utf16.lav -o out.txt
2 | ^ambidex: huge\.lav: the model file is larger than 64 MB | cfa d.csv huge.lav -o out.txt
2 | ^ambidex: empty\.csv: | cfa d.csv empty.csv -o out.txt
2 | ^ambidex: nosuch\.lav: cannot open | sem d.csv nosuch.lav -o out.txt
2 | ^ambidex: model:1:18: expected a variable name, found the end | simulate -e "F =~ 0.7*a + 0.7*" -o sim.csv
2 | ^ambidex: model:1:6: number out of range | simulate -e "F =~ 1e999*a + 0.7*b + 0.7*c" -o sim.csv
2 | variance | simulate -e $'F =~ 1.5*a + 0.7*b + 0.7*c\na ~~ -3*a' -o sim.csv
2 | ^ambidex: huge\.lav: the model file is larger than 64 MB | simulate huge.lav -o sim.csv
2 | ^ambidex: utf16\.lav:1: the model file is UTF-16 text | simulate utf16.lav -o sim.csv
# --- absurd option values
2 | --decimals .*'-1' | describe d.csv --decimals -1 -o out.txt
2 | --decimals .*'1e9' | describe d.csv --decimals 1e9 -o out.txt
2 | --decimals .*'nan' | describe d.csv --decimals nan -o out.txt
2 | unknown format 'xlsx' | describe d.csv --format xlsx -o out.txt
2 | --sep .*'::' | describe d.csv --sep :: -o out.txt
2 | --decimal .*'x' | describe d.csv --decimal x -o out.txt
2 | --missing .*'some' | describe d.csv --missing some -o out.txt
2 | --na .*'abc' | describe d.csv --na abc -o out.txt
2 | column 5 of 'w = ': expected a variable | describe d.csv --compute "w = " -o out.txt
2 | column 8 of 'w = x \+': expected a variable | compute d.csv "w = x +" -o out.csv
2 | column 5 of 'w = nosuch\(x\)': unknown function | compute d.csv "w = nosuch(x)" -o out.csv
2 | ^ambidex: d\.csv: no variable 'zz' | compute d.csv "w = x + zz" -o out.csv
2 | column 11 of 'w = \(x \+ y': expected '\)' | compute d.csv "w = (x + y" -o out.csv
2 | log\(0 - x\)|log | compute d.csv "w = log(0 - x)" -o out.csv
2 | ^ambidex: d\.csv: no variable 'nosuch' | compute d.csv "w = x + y" --drop nosuch -o out.csv
2 | --ci .*'150' | regress d.csv "y ~ x" --ci 150 -o out.txt
2 | --ci .*'nan' | regress d.csv "y ~ x" --ci nan -o out.txt
2 | --robust .*'hc9' | regress d.csv "y ~ x" --robust hc9 -o out.txt
2 | ^ambidex: d\.csv: no variable 'nosuch' | regress d.csv "y ~ x" --center nosuch -o out.txt
2 | a block has no terms | regress d.csv "y ~ x" --block "" -o out.txt
2 | 'nosuch' | regress d.csv "y ~ x" --block "nosuch" -o out.txt
2 | a block has no terms | regress d.csv "y ~" -o out.txt
2 | 'y'.*both|outcome.*predictor|'y' | regress d.csv "y ~ y + x" -o out.txt
2 | --boot .*'-5' | mediate d.csv --x x --m m --y y --boot -5 -o out.txt
2 | --boot .*'inf' | mediate d.csv --x x --m m --y y --boot inf -o out.txt
2 | --boot .*'1e300' | mediate d.csv --x x --m m --y y --boot 1e300 -o out.txt
2 | --seed .*'-1' | mediate d.csv --x x --m m --y y --seed -1 --boot 10 -o out.txt
2 | --conf .*'0' | mediate d.csv --x x --m m --y y --conf 0 --boot 10 -o out.txt
2 | --conf .*'100' | mediate d.csv --x x --m m --y y --conf 100 --boot 10 -o out.txt
2 | --conf .*'nan' | mediate d.csv --x x --m m --y y --conf nan --boot 10 -o out.txt
2 | --threads .*'0' | mediate d.csv --x x --m m --y y --threads 0 --boot 10 -o out.txt
2 | PROCESS model 3 is not supported | mediate d.csv --x x --m m --y y --model 3 -o out.txt
2 | --ci .*'bcx' | mediate d.csv --x x --m m --y y --ci bcx -o out.txt
2 | --mc .*'-1' | mediate d.csv --x x --m m --y y --mc -1 -o out.txt
2 | --probe .*'median' | mediate d.csv --x x --m m --y y --w w --model 7 --probe median --boot 10 -o out.txt
2 | 'x'.*(twice|both|also)|same variable | mediate d.csv --x x --m x --y y --boot 0 -o out.txt
2 | --w | mediate d.csv --x x --m m --y y --model 7 --boot 0 -o out.txt
2 | 'nosuch' | mediate d.csv --x x --m m --y nosuch --boot 0 -o out.txt
2 | ^ambidex: outdir: .*Is a directory | mediate d.csv --x x --m m --y y --boot 10 --save-boot outdir -o out.txt
2 | --x | moderate d.csv --y y --w w -o out.txt
2 | --probe .*'xx' | moderate d.csv --y y --x x --w w --probe xx -o out.txt
2 | --ci .*'-5' | moderate d.csv --y y --x x --w w --ci -5 -o out.txt
2 | 's' | moderate d.csv --y s --x x --w w -o out.txt
2 | --factors .*'0' | efa d.csv a1 a2 a3 a4 --factors 0 -o out.txt
2 | --factors .*'1e10' | efa d.csv a1 a2 a3 a4 --factors 1e10 -o out.txt
2 | 5 factors|factors | efa d.csv a1 a2 a3 a4 --factors 5 -o out.txt
2 | --method .*'uls' | efa d.csv a1 a2 a3 a4 --factors 1 --method uls -o out.txt
2 | --rotate .*'quartimax' | efa d.csv a1 a2 a3 a4 --factors 1 --rotate quartimax -o out.txt
2 | --gamma .*'11' | efa d.csv a1 a2 a3 a4 --factors 2 --gamma 11 -o out.txt
2 | --power .*'0' | efa d.csv a1 a2 a3 a4 --factors 2 --rotate promax --power 0 -o out.txt
2 | --quantile .*'1.5' | efa d.csv a1 a2 a3 a4 --parallel 20 --quantile 1.5 -o out.txt
2 | --min-err .*'0' | efa d.csv a1 a2 a3 a4 --factors 1 --method pa --min-err 0 -o out.txt
2 | --max-iter .*'0' | efa d.csv a1 a2 a3 a4 --factors 1 --max-iter 0 -o out.txt
2 | --factors | efa d.csv a1 a2 a3 a4 -o out.txt
2 | --drop-below .*'2' | pca d.csv a1 a2 a3 a4 --drop-below 2 -o out.txt
2 | --min-eigen .*'-1' | pca d.csv a1 a2 a3 a4 --min-eigen -1 -o out.txt
2 | --rotate .*'promax' | pca d.csv a1 a2 a3 a4 --rotate promax -o out.txt
2 | 'a1'.*(twice|more than once|repeated) | alpha d.csv a1 a2 a1 -o out.txt
2 | --reverse nosuch: not one of the items | alpha d.csv a1 a2 a3 --reverse nosuch -o out.txt
2 | --range .*'a,b' | alpha d.csv a1 a2 a3 --reverse a1 --range a,b -o out.txt
2 | two|2 items | alpha d.csv a1 -o out.txt
2 | --mu .*'nan' | ttest d.csv y --mu nan -o out.txt
2 | grouping variable 'g' has no level '7' | ttest d.csv y --group g --levels 1,7 -o out.txt
2 | 'nosuch' | ttest d.csv y --paired nosuch -o out.txt
2 | --group | anova d.csv y -o out.txt
2 | 'nosuch' | crosstab d.csv g nosuch -o out.txt
2 | iv model 'y ~ w': write it as | iv d.csv "y ~ w" -o out.txt
2 | instrument | iv d.csv "y ~ w | m ~ " -o out.txt
2 | --nobs | sem -e "y ~ x" --cov cov.csv -o out.txt
2 | --nobs .*'0' | sem -e "y ~ x" --cov cov.csv --nobs 0 -o out.txt
2 | --boot .*'1' | sem d.csv -e "y ~ x" --boot 1 -o out.txt
2 | --threads .*'2000' | sem d.csv -e "y ~ x" --boot 10 --threads 2000 -o out.txt
2 | --estimator .*'GLS' | cfa d.csv m2.lav --estimator GLS -o out.txt
2 | --information .*'mixed' | cfa d.csv m2.lav --information mixed -o out.txt
2 | ^ambidex: d\.csv: no variable 'nosuch' | cfa d.csv m2.lav --group nosuch -o out.txt
2 | pairwise deletion is not supported | cfa d.csv m2.lav --missing pairwise -o out.txt
2 | --max-iter .*'-3' | cfa d.csv m2.lav --max-iter -3 -o out.txt
2 | --n .*'0' | simulate -e "F =~ 0.7*a + 0.7*b + 0.7*c" --n 0 -o sim.csv
2 | --n .*'1e12' | simulate -e "F =~ 0.7*a + 0.7*b + 0.7*c" --n 1e12 -o sim.csv
2 | --likert .*'1' | simulate -e "F =~ 0.7*a + 0.7*b + 0.7*c" --likert 1 -o sim.csv
2 | --missing .*'150%' | simulate -e "F =~ 0.7*a + 0.7*b + 0.7*c" --missing 150% -o sim.csv
2 | --missing .*'-5%' | simulate -e "F =~ 0.7*a + 0.7*b + 0.7*c" --missing -5% -o sim.csv
2 | --seed .*'nan' | simulate -e "F =~ 0.7*a + 0.7*b + 0.7*c" --seed nan -o sim.csv
2 | unknown option '--bogus' | describe d.csv --bogus -o out.txt
2 | unknown command 'describ' | describ d.csv -o out.txt
2 | --output | describe d.csv -o
# --- outputs: a folder, a missing folder, a file as folder, an input
2 | outdir: .*(folder|directory) | describe d.csv -o outdir
2 | nodir/out\.txt: | describe d.csv -o nodir/out.txt
2 | d\.csv/out\.txt: | describe d.csv -o d.csv/out.txt
2 | --output \(-o\) takes a file name, not '' | describe d.csv -o ''
2 | outdir: .*(folder|directory) | compute d.csv "w = x + y" -o outdir
2 | outdir: .*(folder|directory) | simulate -e "F =~ 0.7*a + 0.7*b + 0.7*c" -o outdir
2 | outdir: .*(folder|directory) | qual freq EXAMPLE -o outdir
2 | d\.csv/m\.csv: | qual export EXAMPLE matrix d.csv/m.csv
2 | ^ambidex: outdir: is a directory | qual export EXAMPLE qdpx outdir
2 | d\.csv.*input | compute d.csv "w = x + y" -o ./d.csv
2 | ^ambidex: empty\.csv: the file is empty | describe empty.csv -o old.txt
2 | d\.csv/out\.txt | mediate d.csv --x x --m m --y y --boot 10 --save-boot d.csv/out.txt -o out.txt
# --- study files
2 | st_nodata\.adx:1: .*data | run st_nodata.adx -o out.html
2 | st_missing\.adx:1: .*nosuch\.csv | run st_missing.adx -o out.html
2 | st_unknown\.adx:2: .*'descrbe' | run st_unknown.adx -o out.html
2 | st_quote\.adx:2: | run st_quote.adx -o out.html
2 | st_brace\.adx:2: column 5: the \{ block is never closed | run st_brace.adx -o out.html
2 | st_var\.adx:2: .*'nosuch' | run st_var.adx -o out.html
2 | st_scale\.adx:2: .*'nosuch' | run st_scale.adx -o out.html
2 | st_opt\.adx:2: .*'--bogus' | run st_opt.adx -o out.html
2 | st_opt\.adx:2: regress: unknown option '--bogus' | run st_opt.adx --check
2 | st_sem\.adx:2: sem: .*expected a variable name | run st_sem.adx -o out.html
2 | st_empty\.adx: | run st_empty.adx -o out.html
2 | empty\.csv: the file is empty | run st_dataempty.adx -o out.html
2 | short\.csv:3: column 3 | run st_datarag.adx -o out.html
2 | st_compute\.adx:2: | run st_compute.adx -o out.html
2 | st_nul\.adx:2: byte 11 of the line is a NUL byte | run st_nul.adx -o out.html
2 | binary\.adx:[0-9]+: byte [0-9]+ of the line is a NUL byte | run binary.adx -o out.html
2 | utf16\.adx:1: the study file is UTF-16 text | run utf16.adx -o out.html
2 | huge\.adx: the study file is larger than 64 MB | run huge.adx -o out.html
2 | st_unknown\.adx:2: .*'descrbe' | run st_unknown.adx --check
2 | nosuch\.adx: cannot open | run nosuch.adx -o out.html
# --- qualitative projects and REFI-QDA archives
2 | q_bin/coding/author1/ESE1\.md:[0-9]+: byte [0-9]+ of the line is a NUL byte | qual check q_bin
2 | q_u16/coding/author1/ESE1\.md:1: .* is UTF-16 text | qual check q_u16
2 | q_nocb/codebook\.csv: | qual freq q_nocb -o out.txt
2 | q_cbempty/codebook\.csv: | qual freq q_cbempty -o out.txt
2 | q_cbhdr/codebook\.csv: | qual freq q_cbhdr -o out.txt
2 | q_cbdup/codebook\.csv:[0-9]+: .*'finance' | qual freq q_cbdup -o out.txt
2 | q_cases/cases\.csv:12: | qual cases q_cases -o out.txt
2 | q_casedup/cases\.csv:12: .*'ESE1' | qual cases q_casedup -o out.txt
2 | q_huge/coding/author1/ESE1\.md: .*larger than 64 MB | qual check q_huge
2 | q_orphan/coding/author1/ESE99\.md: .*'ESE99' | qual check q_orphan
2 | q_nest/coding/author1/ESE1\.md:1: column [0-9]+: | qual check q_nest
2 | --coder | qual agree EXAMPLE --coder
2 | 'CASE99' | qual text EXAMPLE CASE99 -o out.txt
2 | unknown target 'pdf' | qual export EXAMPLE pdf out.pdf
2 | notzip\.qdpx: | qual import notzip.qdpx imp
2 | emptyzip\.qdpx: | qual import emptyzip.qdpx imp
2 | noqde\.qdpx: .*project\.qde | qual import noqde.qdpx imp
2 | badxml\.qdpx: project\.qde:[0-9]+: column [0-9]+: | qual import badxml.qdpx imp
2 | bomb\.qdpx: .*zip bomb | qual import bomb.qdpx imp
2 | dotdot\.qdpx: .*\.\./\.\./\.\./etc/passwd | qual import dotdot.qdpx imp
2 | absolute\.qdpx: .*/etc/passwd | qual import absolute.qdpx imp
2 | relative\.qdpx: .*relative://x\.txt | qual import relative.qdpx imp
2 | evilname\.qdpx: | qual import evilname.qdpx imp
2 | laughs\.qdpx: | qual import laughs.qdpx imp
2 | nosrc\.qdpx: | qual import nosrc.qdpx imp
2 | binary\.csv: | qual import binary.csv imp
2 | nosuch\.qdpx: cannot open | qual import nosuch.qdpx imp
2 | exists: already exists | qual import vse.qdpx exists
2 | d\.csv/imp: | qual import vse.qdpx d.csv/imp
2 | empty\.csv: | qual import empty.csv codebook.csv
EOF
  # Unwritable folders (root writes anywhere: these run only for other users).
  [ "$(id -u)" -ne 0 ] && cat <<'EOF'
2 | ^ambidex: ro/out\.txt: cannot create the output file: Permission denied | describe d.csv -o ro/out.txt
2 | ^ambidex: ro/out\.csv: cannot create the output file: Permission denied | compute d.csv "w = x + y" -o ro/out.csv
2 | ^ambidex: ro/imp: cannot create the folder: Permission denied | qual import vse.qdpx ro/imp
2 | ^ambidex: ro/out\.html: | run st_var.adx -o ro/out.html
EOF
}

# ---- the runner ----------------------------------------------------------------
# Folders by name and mode (a temporary file made and removed changes a folder's
# time), everything else also by size and modification time. Shell built-ins
# where possible: a case costs one find besides ambidex itself.
snapshot() { find . \( -type d -printf '%P|d|%m\n' \) -o -printf '%P|%y|%s|%T@|%m\n'; }
n=0
before=$(snapshot)
while IFS= read -r line; do
  case $line in '' | '#'*) continue ;; esac
  code=${line%% | *}
  rest=${line#* | }
  re=${rest%% | *}
  args=${rest#* | }
  args=${args//EXAMPLE/$EX}
  eval "set -- $args"
  n=$((n + 1))
  t0=$EPOCHREALTIME
  timeout 60 "$A" "$@" >"$T/stdout" 2>"$T/stderr" </dev/null
  rc=$?
  [ -n "$CATALOGUE_TIMES" ] && echo "$t0 $EPOCHREALTIME $args" >>"$CATALOGUE_TIMES"
  after=$(snapshot)
  err=$(<"$T/stderr")
  mapfile -t lines <"$T/stderr"
  msg=
  nl=0
  for l in "${lines[@]}"; do
    case $l in usage:*) ;; *) msg=$l; nl=$((nl + 1)) ;; esac
  done
  if [[ $err == *Sanitizer* || $err == *"runtime error:"* ]]; then
    bad "[$args]: sanitizer report: ${err:0:400}"
  elif [ "$rc" -ne "$code" ]; then
    bad "[$args]: exit $rc, expected $code: ${err:0:300}"
  elif [ "$nl" -ne 1 ]; then
    bad "[$args]: $nl lines on stderr: ${err:0:300}"
  elif ! [[ $msg =~ $re ]]; then
    bad "[$args]: message does not match /$re/: $msg"
  elif [ -s "$T/stdout" ]; then
    bad "[$args]: wrote to stdout: $(head -c 200 "$T/stdout")"
  elif [ "$before" != "$after" ]; then
    bad "[$args]: files changed: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | head -5 | tr '\n' ' ')"
    before=$after
  else
    ok
  fi
done < <(cases)
echo "catalogue: $n cases"

# ---- item 15: import folders orphaned by kill -9 ---------------------------------
# qual import builds NEW.tmp.XXXXXX/ and renames it to NEW at the end; an import
# killed before leaves that folder, and the next import to NEW removes such
# folders older than a minute (a younger one may be an import still running).
mkdir imp15
for d in new.tmp.AbC123 new.tmp.zz9ZZ9 new.tmp.Fresh1 other.tmp.Old123 new.tmp.Old1234 new.tmp.keep; do
  mkdir -p "imp15/$d/transcripts" && printf 'text\n' >"imp15/$d/transcripts/C1.txt"
done
printf 'file' >imp15/new.tmp.File12
touch -d '2 minutes ago' imp15/new.tmp.AbC123 imp15/new.tmp.zz9ZZ9 imp15/other.tmp.Old123 \
  imp15/new.tmp.Old1234 imp15/new.tmp.keep imp15/new.tmp.File12
"$A" qual import vse.qdpx imp15/new >/dev/null 2>"$T/stderr" && [ -f imp15/new/codebook.csv ] && ok || bad "import beside stale folders: $(cat "$T/stderr")"
[ ! -e imp15/new.tmp.AbC123 ] && [ ! -e imp15/new.tmp.zz9ZZ9 ] && ok || bad "stale import folders left: $(ls imp15)"
[ -d imp15/new.tmp.Fresh1 ] && ok || bad "a fresh import folder (an import still running) was removed"
[ -d imp15/other.tmp.Old123 ] && [ -d imp15/new.tmp.Old1234 ] && [ -d imp15/new.tmp.keep ] && [ -f imp15/new.tmp.File12 ] && ok || bad "entries that are not new's import folders were removed: $(ls imp15)"
[ "$(ls imp15 | wc -l)" -eq 6 ] && ok || bad "temporary folder of this import left: $(ls imp15)"
# Relative to another folder, with a trailing slash: NEW/ names the folder NEW.
mkdir -p imp15/b imp15/new3.tmp.Stale1 && touch -d '2 minutes ago' imp15/new3.tmp.Stale1
(cd imp15/b && "$A" qual import ../../vse.qdpx ../new3/ >/dev/null 2>"$T/stderr")
[ -f imp15/new3/codebook.csv ] && [ ! -e imp15/new3.tmp.Stale1 ] && [ "$(ls imp15 | wc -l)" -eq 8 ] && ok || bad "import to ../new3/: $(cat "$T/stderr"; ls imp15)"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
