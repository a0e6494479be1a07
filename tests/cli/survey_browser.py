#!/usr/bin/env python3
"""Real-browser test of `ambidex survey serve` (Selenium + headless Chromium): fills the
example questionnaire end to end by clicking and typing, in English and in French, takes a
screen-out path and a failed attention check, and keeps screenshots of the grid page at
desktop and phone size in ARTIFACTS. Prints the four tokens and their end states as JSON.

    survey_browser.py URL ARTIFACTS
"""
import json
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

URL, ART = sys.argv[1], sys.argv[2]
os.makedirs(ART, exist_ok=True)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_lib import chrome, submit as browser_submit  # noqa: E402 (shared parts)

drv = chrome()

NUM = {"employees": "42", "age": "25", "intl_experience": "7", "rd_intensity": "0.15",
       "alliance_experience": "4", "comments": "<b>fine</b> & 'ok'"}


DEFAULT = {"consent": "yes", "screen1": "yes", "screen2": "yes", "role": "manager"}


def submit(el):
    """Clicks a submit button and waits for the next page, loaded."""
    browser_submit(drv, el)


def radios():
    """The radio groups of the page that are shown, by name, in page order (a question
    that skip logic hides is in the page, hidden and disabled)."""
    names = []
    for el in drv.find_elements(By.CSS_SELECTOR, "input[type=radio]"):
        if not el.is_displayed():
            continue
        n = el.get_attribute("name")
        if n not in names:
            names.append(n)
    return names


def click_choice(name, value):
    els = drv.find_elements(By.CSS_SELECTOR, 'input[name="%s"][value="%s"]' % (name, value))
    el = els[0] if els else drv.find_element(By.CSS_SELECTOR, 'input[name="%s"]' % name)
    # the label is what a person clicks (the radio may be visually small)
    el.find_element(By.XPATH, "./ancestor::label").click()
    assert el.is_selected(), (name, value)


def fill_page(choices, shots=None):
    for name in radios():
        if not drv.find_elements(By.CSS_SELECTOR, 'input[name="%s"]:checked' % name):
            click_choice(name, choices.get(name, DEFAULT.get(name, "5")))
    for el in drv.find_elements(By.CSS_SELECTOR, "input[type=number], input[type=text]"):
        n = el.get_attribute("name")
        if n in NUM and not el.get_attribute("value"):
            el.send_keys(NUM[n])
    if shots and drv.find_elements(By.CSS_SELECTOR, ".grid"):
        shots(drv)
    submit(drv.find_element(By.ID, "next"))


def run(lang_button=None, choices=None, shots=None):
    drv.get(URL + "/open")
    submit(drv.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    token = drv.current_url.rsplit("/", 1)[1]
    if lang_button:
        submit(drv.find_element(By.CSS_SELECTOR, 'form.langs button[value="%s"]' % lang_button))
        assert drv.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
        assert "Acceptez-vous" in drv.page_source
    for _ in range(30):
        end = drv.find_elements(By.ID, "end")
        if end:
            return token, end[0].get_attribute("data-status")
        fill_page(choices or {}, shots)
    raise AssertionError("no end page")


taken = set()


def grid_shots(d):
    """Desktop and phone screenshots of the first grid page."""
    if taken:
        return
    taken.add(1)
    d.set_window_size(1280, 1000)
    d.save_screenshot(os.path.join(ART, "survey-grid-desktop.png"))
    d.set_window_size(390, 844)
    # on a phone the grid header is hidden and each statement is its own block
    head = d.find_element(By.CSS_SELECTOR, ".grid .ghead")
    assert not head.is_displayed()
    d.execute_script("arguments[0].scrollIntoView()", d.find_element(By.CSS_SELECTOR, ".grid"))
    d.save_screenshot(os.path.join(ART, "survey-grid-phone.png"))
    d.set_window_size(1280, 1000)


try:
    out = {}
    out["english"] = run(choices={"attention": "4"}, shots=grid_shots)
    out["french"] = run(lang_button="1", choices={"attention": "4"})
    out["screened"] = run(choices={"screen1": "no"})
    out["attention"] = run(choices={"attention": "1"})
    print(json.dumps(out))
finally:
    drv.quit()
