"""Shared start-up of the Selenium browser tests: headless Chromium through the system
chromedriver (python3-selenium), one window size."""
import os

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def chrome(width=1280, height=1000, timeout=30):
    """A headless Chromium driver (the caller quits it)."""
    opts = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--no-first-run", "--disable-background-networking",
              "--window-size=%d,%d" % (width, height)):
        opts.add_argument(a)
    if os.path.exists("/usr/bin/chromium"):
        opts.binary_location = "/usr/bin/chromium"
    drv = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    drv.set_page_load_timeout(timeout)
    return drv
