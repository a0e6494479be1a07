"""Shared parts of the Selenium browser tests: headless Chromium through the system
chromedriver (python3-selenium), one window size; a submit that waits for the next page."""
import os

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def chrome(width=1280, height=1000, timeout=30, js=True):
    """A headless Chromium driver (the caller quits it); js=False turns JavaScript off."""
    opts = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--no-first-run", "--disable-background-networking",
              "--window-size=%d,%d" % (width, height)):
        opts.add_argument(a)
    if not js:
        opts.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    if os.path.exists("/usr/bin/chromium"):
        opts.binary_location = "/usr/bin/chromium"
    drv = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    drv.set_page_load_timeout(timeout)
    return drv


def submit(drv, el, timeout=60):
    """Clicks a submit button and waits for the next page, loaded."""
    old = drv.find_element(By.TAG_NAME, "html")
    el.click()

    def gone(_):
        try:
            old.is_enabled()
            return False
        except (StaleElementReferenceException, WebDriverException):
            # WebDriverException: Chromium while navigating ("Node with given id does not
            # belong to the document")
            return True

    WebDriverWait(drv, timeout).until(gone)
    WebDriverWait(drv, timeout).until(
        lambda d: d.execute_script("return document.readyState") == "complete")
