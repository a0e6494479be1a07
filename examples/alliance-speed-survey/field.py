#!/usr/bin/env python3
"""Simulated respondents for the fielding example: each row of a data file whose `wave`
column equals WAVE answers the questionnaire through one personal link of LINKS (in
order), with that row's answers; the first SCREENED links of wave 1 answer "no" to the
first screening question. Answers outside the form's constraints are brought inside them
(employees 1..249, international experience <= firm age, the two instrument scores
rounded to the 7-point scale). Prints how many responses ended in each state.

    field.py URL LINKS DATA WAVE SCREENED USED
USED: a file of the tokens already used (read, then appended to): a reminder goes to the
partial respondents too, but a new row answers only through a link not yet opened.
"""
import csv
import os
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "cli"))
import survey_client as sc  # noqa: E402

url, links, data, wave, screened, used = sys.argv[1:7]
seen = set(open(used).read().split()) if os.path.exists(used) else set()
tokens = [r["token"] for r in csv.DictReader(open(links)) if r["token"] not in seen]
rows = [r for r in csv.DictReader(open(data)) if r["wave"] == wave]
screened = int(screened) if wave == "1" else 0
assert len(tokens) >= len(rows) + screened, (len(tokens), len(rows), screened)


def answers(row):
    """The row's answers; a missing cell stays unanswered, so that the required question
    stops the respondent there (a break-off: the response stays partial)."""
    a = {k: v for k, v in row.items()}
    a.update({"consent": "yes", "screen1": "yes", "screen2": "yes", "role": "owner",
              "comments": ""})
    num = lambda k: float(row[k]) if row[k] else None
    if num("employees") is not None:
        a["employees"] = str(min(249, max(1, int(num("employees")))))
    if num("age") is not None:
        a["age"] = str(int(num("age")))
    if num("intl_experience") is not None and num("age") is not None:
        a["intl_experience"] = str(min(num("intl_experience"), float(a["age"])))
    for k in ("motivation", "constraint"):
        if num(k) is not None:
            a[k] = str(min(7, max(1, round(num(k)))))
    return a


def one(job):
    tok, ans = job
    try:
        return sc.fill(url, token=tok, answers=ans)[1]
    except AssertionError:
        return "partial (broke off at a missing answer)"


jobs = [(tokens[i], {"consent": "yes", "screen1": "no"}) for i in range(screened)]
jobs += [(tokens[screened + i], answers(r)) for i, r in enumerate(rows)]
with open(used, "a") as f:
    f.writelines(tok + "\n" for tok, _ in jobs)
with ThreadPoolExecutor(16) as ex:
    ends = list(ex.map(one, jobs))
print("wave %s: %s" % (wave, ", ".join("%d %s" % (ends.count(e), e) for e in sorted(set(ends)))))
