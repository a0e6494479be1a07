#!/usr/bin/env python3
"""Same-page skip logic in a real browser (Selenium + headless Chromium), with the page
script and without it (JavaScript off): tests/cli/survey_data/skipform has `npart`
relevant when `uses` = 'yes' and `why` when `uses` = 'no', on the same page as `uses`.
With JavaScript the questions appear and disappear as `uses` is clicked, before any
submit; without it they are hidden until the submit that makes them relevant, which
comes back asking for the required `npart`. The second page is a Likert grid
(table-list) whose rows have skip logic too: `g2` (required) shows when `g1` >= 3, `g3`
when `g1` or `g2` is 5; with JavaScript the rows appear and disappear as cells are
clicked, without it `g2` comes back after the submit that makes it relevant. Prints the
two tokens as JSON.

    survey_skip_browser.py URL
"""
import json
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_lib import chrome, submit  # noqa: E402 (the shared parts)

URL = sys.argv[1]


def driver(js):
    return chrome(js=js)


def shown(d, name):
    els = d.find_elements(By.CSS_SELECTOR, 'input[name="%s"]' % name)
    return bool(els) and els[0].is_displayed() and els[0].is_enabled()


def click(d, name, value):
    el = d.find_element(By.CSS_SELECTOR, 'input[name="%s"][value="%s"]' % (name, value))
    el.find_element(By.XPATH, "./ancestor::label").click()


def start(d):
    d.get(URL + "/open")
    submit(d, d.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    return d.current_url.rsplit("/", 1)[1]


def finish(d):
    for _ in range(5):
        end = d.find_elements(By.ID, "end")
        if end:
            return end[0].get_attribute("data-status")
        submit(d, d.find_element(By.ID, "next"))
    raise AssertionError("no end page")


out = {}
d = driver(True)
try:
    tok = start(d)
    assert not shown(d, "npart") and not shown(d, "why"), "hidden before an answer"
    click(d, "uses", "yes")
    WebDriverWait(d, 10).until(lambda x: shown(x, "npart"))
    assert not shown(d, "why")
    click(d, "uses", "no")
    WebDriverWait(d, 10).until(lambda x: shown(x, "why") and not shown(x, "npart"))
    click(d, "uses", "yes")
    WebDriverWait(d, 10).until(lambda x: shown(x, "npart"))
    d.find_element(By.CSS_SELECTOR, 'input[name="npart"]').send_keys("3")
    submit(d, d.find_element(By.ID, "next"))
    assert not d.find_elements(By.CSS_SELECTOR, ".alert"), "accepted in one submit"
    # the grid: rows shown and hidden live
    assert shown(d, "g1") and not shown(d, "g2") and not shown(d, "g3"), "grid rows hidden"
    click(d, "g1", "4")
    WebDriverWait(d, 10).until(lambda x: shown(x, "g2"))
    assert not shown(d, "g3")
    click(d, "g2", "5")
    WebDriverWait(d, 10).until(lambda x: shown(x, "g3"))
    click(d, "g2", "2")
    WebDriverWait(d, 10).until(lambda x: not shown(x, "g3"))
    click(d, "g1", "1")
    WebDriverWait(d, 10).until(lambda x: not shown(x, "g2") and not shown(x, "g3"))
    click(d, "g1", "4")
    WebDriverWait(d, 10).until(lambda x: shown(x, "g2"))
    assert d.find_element(By.CSS_SELECTOR, 'input[name="g2"][value="2"]').is_selected()
    submit(d, d.find_element(By.ID, "next"))
    assert not d.find_elements(By.CSS_SELECTOR, ".alert"), "grid accepted in one submit"
    out["js"] = [tok, finish(d)]
finally:
    d.quit()

d = driver(False)
try:
    tok = start(d)
    assert not shown(d, "npart") and not shown(d, "why"), "hidden without script"
    click(d, "uses", "yes")
    assert not shown(d, "npart"), "no script: nothing changes before the submit"
    submit(d, d.find_element(By.ID, "next"))
    assert d.find_elements(By.CSS_SELECTOR, ".alert") and shown(d, "npart"), "asked after the submit"
    d.find_element(By.CSS_SELECTOR, 'input[name="npart"]').send_keys("4")
    submit(d, d.find_element(By.ID, "next"))
    assert shown(d, "g1") and not shown(d, "g2"), "grid row hidden without script"
    click(d, "g1", "4")
    assert not shown(d, "g2"), "no script: the row stays hidden before the submit"
    submit(d, d.find_element(By.ID, "next"))
    assert d.find_elements(By.CSS_SELECTOR, ".alert") and shown(d, "g2"), "row asked after the submit"
    assert not shown(d, "g3")
    click(d, "g2", "3")
    submit(d, d.find_element(By.ID, "next"))
    assert not d.find_elements(By.CSS_SELECTOR, ".alert"), "grid accepted"
    out["nojs"] = [tok, finish(d)]
finally:
    d.quit()
print(json.dumps(out))
