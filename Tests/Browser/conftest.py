"""Browser tests: the example site built under base_url /sub/, served by a real HTTP server
and driven in Debian's chromium through chromium-driver and selenium.

Run by `make test` (which builds paperpages and installs everything first); by hand:
    PAPERPAGES=.build/debug/paperpages .build/browser-venv/bin/pytest Tests/Browser
"""
import functools
import http.server
import os
import pathlib
import shutil
import subprocess
import tempfile
import threading

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parents[2]
BASE = "/sub/"
SCREENSHOTS = ROOT / ".build" / "browser-screenshots"


def build_site(output, base=BASE, content=ROOT / "Content", env=None):
    binary = os.environ.get("PAPERPAGES", str(ROOT / ".build" / "debug" / "paperpages"))
    result = subprocess.run(
        [binary, "build", "--content", str(content), "--layouts", str(ROOT / "Layouts"),
         "--output", str(output), "--base-url", base],
        capture_output=True, text=True, env={**os.environ, **(env or {})})
    assert result.returncode == 0, result.stderr
    return output


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def served_site():
    """(origin, folder): the site in folder, served at origin + /sub/."""
    root = pathlib.Path(tempfile.mkdtemp(prefix="paperpages-browser-"))
    # The example site plus the fixtures (a paper by an author written with an umlaut).
    content = root / "content"
    shutil.copytree(ROOT / "Content", content)
    shutil.copytree(pathlib.Path(__file__).parent / "fixtures", content, dirs_exist_ok=True)
    site = build_site(root / "sub", content=content)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", site
    server.shutdown()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def site_url(served_site):
    origin, _ = served_site
    return lambda path="": origin + BASE + path


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The driver from Debian's chromium-driver: selenium must not try to download one.
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


@pytest.fixture
def fresh_browser(browser, site_url):
    """The shared browser with this site's storage emptied and the default viewport."""
    browser.get(site_url())
    browser.execute_script("window.localStorage.clear()")
    browser.set_window_size(1280, 1000)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    browser.get_log("browser")   # drop what earlier tests left
    return browser
