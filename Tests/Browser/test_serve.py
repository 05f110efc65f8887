"""`paperpages serve` in the browser: the example site served under /sub/ by the preview
server itself, edited on disk while a page is open. The tests never reload a page: the page
must change by itself."""
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest
from selenium.webdriver.support.ui import WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAPER = "delta-steal"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def live(tmp_path):
    """(url, content folder) of a running `paperpages serve --base-url /sub/`."""
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    binary = os.path.abspath(os.environ.get("PAPERPAGES", str(ROOT / ".build" / "debug" / "paperpages")))
    server = subprocess.Popen(
        [binary, "serve", "--content", str(content), "--layouts", str(ROOT / "Layouts"),
         "--output", str(tmp_path / "served"), "--port", str(free_port()), "--base-url", "/sub/"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = None
    for line in server.stdout:
        match = re.match(r"Serving (http://\S+)", line)
        if match:
            url = match.group(1)
            break
    assert url and url.endswith("/sub/"), "no Serving line"
    yield url, content
    # Ctrl-C: the server stops cleanly, with status 0.
    server.send_signal(signal.SIGINT)
    assert server.wait(timeout=20) == 0, server.stderr.read()


def edit(path, change):
    text = path.read_text(encoding="utf-8")
    path.write_text(change(text), encoding="utf-8")


def problems_shown(browser):
    return browser.execute_script(
        "const host = document.querySelector('paperpages-problems');"
        "return host ? host.shadowRoot.textContent : null;")


def test_an_edit_shows_in_the_open_page_and_keeps_its_place(browser, live):
    url, content = live
    browser.set_window_size(1000, 600)
    browser.get(url + "papers/%s/" % PAPER)
    assert "Added while the page was open" not in browser.page_source
    browser.execute_script("window.scrollTo(0, 700)")
    WebDriverWait(browser, 5).until(lambda b: b.execute_script("return window.scrollY") == 700)
    # Marks this document: a reload makes a new one without the mark.
    browser.execute_script("window.paperpagesTestMark = true")

    edit(content / "papers" / ("%s.md" % PAPER), lambda text: text + "\nAdded while the page was open.\n")
    WebDriverWait(browser, 10).until(lambda b: "Added while the page was open" in b.page_source)
    assert browser.execute_script("return window.paperpagesTestMark") is None   # it reloaded itself
    # Back at its place, within a line: once KaTeX has typeset the math above, the browser's
    # scroll anchoring may move the page by a few pixels (703 was seen).
    WebDriverWait(browser, 10).until(lambda b: abs(b.execute_script("return window.scrollY") - 700) <= 24)
    assert problems_shown(browser) is None
    browser.set_window_size(1280, 1000)


def test_a_broken_front_matter_shows_over_every_page_until_fixed(browser, live):
    url, content = live
    browser.get(url + "papers/%s/" % PAPER)
    paper = content / "papers" / ("%s.md" % PAPER)
    original = paper.read_text(encoding="utf-8")
    edit(paper, lambda text: re.sub(r"(?m)^year: .*$", "year: twenty", text, count=1))

    WebDriverWait(browser, 10).until(lambda b: problems_shown(b))
    shown = problems_shown(browser)
    assert "Build failed: 1 problem" in shown
    line = original.splitlines().index(next(l for l in original.splitlines() if l.startswith("year:"))) + 1
    # file:line:column: message, the column of the value.
    assert re.search(r"Content/papers/%s\.md:%d:7: 'year' must be" % (PAPER, line), shown), shown
    # The last good page is still the one shown, and a page opened now carries the problem too.
    assert "LLM Stealing Attack" in browser.page_source
    browser.get(url + "notes/")
    browser.get(url)
    WebDriverWait(browser, 5).until(lambda b: problems_shown(b))

    paper.write_text(original + "\nFixed and back.\n", encoding="utf-8")
    WebDriverWait(browser, 10).until(lambda b: problems_shown(b) is None)
    browser.get(url + "papers/%s/" % PAPER)
    assert "Fixed and back" in browser.page_source
    assert problems_shown(browser) is None


def test_a_removed_paper_gives_the_404_page_and_a_new_one_is_listed(browser, live):
    url, content = live
    browser.get(url + "papers/%s/" % PAPER)
    browser.execute_script("window.paperpagesTestMark = true")
    paper = content / "papers" / ("%s.md" % PAPER)
    text = paper.read_text(encoding="utf-8")
    paper.unlink()
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return window.paperpagesTestMark") is None)
    assert "Page not found" in browser.title

    browser.get(url)
    assert "A paper added while serving" not in browser.page_source
    (content / "papers" / "added-while-serving.md").write_text(
        re.sub(r"(?m)^title: .*$", 'title: "A paper added while serving"', text, count=1), encoding="utf-8")
    WebDriverWait(browser, 10).until(lambda b: "A paper added while serving" in b.page_source)
    link = browser.execute_script("return [...document.querySelectorAll('a')].map(a => a.getAttribute('href'))"
                                  ".find(h => h && h.includes('added-while-serving'))")
    assert link == "/sub/papers/added-while-serving/"


def test_the_site_works_under_the_base_path(browser, live):
    url, _ = live
    browser.get(url)
    browser.get_log("browser")
    links = browser.execute_script("return [...document.querySelectorAll('a[href^=\"/\"]')].map(a => a.getAttribute('href'))")
    assert links and all(link.startswith("/sub/") for link in links)
    # A page, its stylesheet and script, and search, all under /sub/, with no console error.
    browser.get(url + "search/?q=privacy")
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.querySelectorAll('#search-results li').length") > 0)
    styles = browser.execute_script("return getComputedStyle(document.body).fontFamily")
    assert styles
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert not errors, errors
