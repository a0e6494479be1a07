#!/usr/bin/env python3
"""Browser check of an HTML report (issue 14, "Done when"): opens it in headless
Chromium (browser_lib), checks that tables and figures are present and readable (no
element overflows its container, ids unique, every figure numbered with a caption and a
note, figure text at least 7 px as rendered) and screenshots each table and figure into
ARTIFACTS. Prints one line per problem; exit 1 if any.

    report_browser.py REPORT.html ARTIFACTS
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_lib import chrome  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

HTML, ART = os.path.abspath(sys.argv[1]), sys.argv[2]
os.makedirs(ART, exist_ok=True)

PROBE = r"""
const out = {problems: [], tables: 0, figures: 0};
const P = out.problems;
const ids = {};
for (const el of document.querySelectorAll('[id]')) {
  if (ids[el.id]) P.push('duplicate id ' + el.id);
  ids[el.id] = 1;
}
const d = document.documentElement;
if (d.scrollWidth > window.innerWidth + 1) P.push('the page scrolls sideways: ' + d.scrollWidth);
for (const t of document.querySelectorAll('table')) {
  out.tables++;
  const w = t.closest('.tw') || t.parentElement;
  if (w.scrollWidth > w.clientWidth + 1)
    P.push('table ' + out.tables + ' overflows its container: ' + w.scrollWidth + ' > ' + w.clientWidth);
  if (!t.querySelector('caption')) P.push('table ' + out.tables + ' has no caption');
  for (const c of t.querySelectorAll('td, th'))
    if (c.scrollWidth > c.clientWidth + 1 && getComputedStyle(c).overflow !== 'visible')
      P.push('a cell of table ' + out.tables + ' clips its text');
}
let n = 0;
for (const f of document.querySelectorAll('figure')) {
  n++;
  out.figures++;
  const cap = f.querySelector('figcaption');
  if (!cap || !cap.querySelector('strong') || cap.querySelector('strong').textContent !== 'Figure ' + n)
    P.push('figure ' + n + ' has no "Figure ' + n + '" caption');
  if (!cap || !cap.querySelector('em') || !cap.querySelector('em').textContent.trim())
    P.push('figure ' + n + ' has no title');
  if (!f.querySelector('p.note')) P.push('figure ' + n + ' has no note');
  const svg = f.querySelector('svg');
  if (!svg) { P.push('figure ' + n + ' has no drawing'); continue; }
  const r = svg.getBoundingClientRect(), fr = f.getBoundingClientRect();
  if (r.width < 50 || r.height < 50) P.push('figure ' + n + ' is drawn ' + r.width + ' x ' + r.height);
  if (r.right > fr.right + 1 || r.left < fr.left - 1) P.push('figure ' + n + ' overflows its container');
  const vb = svg.viewBox && svg.viewBox.baseVal;
  const scale = vb && vb.width ? r.width / vb.width : 1;
  for (const t of svg.querySelectorAll('text')) {
    const px = parseFloat(t.getAttribute('font-size') || '10') * scale;
    if (px < 7) { P.push('figure ' + n + ': text "' + t.textContent + '" is ' + px.toFixed(1) + ' px'); break; }
  }
  for (const el of f.querySelectorAll('figcaption, p.note'))
    if (el.scrollWidth > el.clientWidth + 1) P.push('figure ' + n + ': its caption or note overflows');
}
return out;
"""

drv = chrome(1280, 1000)
try:
    drv.get("file://" + HTML)
    res = drv.execute_script(PROBE)
    for i, el in enumerate(drv.find_elements(By.CSS_SELECTOR, "figure"), 1):
        drv.execute_script("arguments[0].scrollIntoView()", el)
        el.screenshot(os.path.join(ART, "html-figure-%02d.png" % i))
    for i, el in enumerate(drv.find_elements(By.CSS_SELECTOR, "div.tw"), 1):
        drv.execute_script("arguments[0].scrollIntoView()", el)
        el.screenshot(os.path.join(ART, "html-table-%02d.png" % i))
    drv.set_window_size(390, 844)  # a phone: the page itself must not scroll sideways
    drv.get("file://" + HTML)
    wide = drv.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1")
    drv.save_screenshot(os.path.join(ART, "html-phone.png"))
    if wide:
        res["problems"].append("the page scrolls sideways on a phone")
finally:
    drv.quit()
print("%d tables, %d figures" % (res["tables"], res["figures"]))
for p in res["problems"]:
    print("PROBLEM:", p)
if res["tables"] < 4 or res["figures"] < 2:
    print("PROBLEM: too few tables or figures")
    sys.exit(1)
sys.exit(1 if res["problems"] else 0)
