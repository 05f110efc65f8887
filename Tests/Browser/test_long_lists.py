"""A reading list of 1,200 papers (Benchmarks/make_corpus.py, titles and abstracts from the
real PMLR v304 proceedings): its pages stay small, read without JavaScript through the
page links, and the in-place filters work over the whole list, not just the page shown."""
import functools
import http.server
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import BASE, ROOT, QuietHandler, build_site

PAPERS = 1200
PAGE_SIZE = 500


@pytest.fixture(scope="module")
def long_site():
    root = pathlib.Path(tempfile.mkdtemp(prefix="paperpages-long-"))
    content = root / "content"
    subprocess.run([sys.executable, str(ROOT / "Benchmarks" / "make_corpus.py"), str(PAPERS), str(content)],
                   check=True, capture_output=True)
    site = build_site(root / "sub", content=content)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield (lambda path="": f"http://127.0.0.1:{server.server_address[1]}{BASE}{path}"), site
    server.shutdown()
    shutil.rmtree(root, ignore_errors=True)


def test_every_list_is_split_into_linked_pages(long_site):
    url, site = long_site
    for first in ["", "sort/title/", "sort/cited/"]:
        pages = [site / first / "index.html"] + [site / first / "page" / str(n) / "index.html" for n in (2, 3)]
        assert all(page.exists() for page in pages)
        assert not (site / first / "page" / "4").exists()
        counts = [page.read_text().count('class="paper-item"') for page in pages]
        assert counts == [PAGE_SIZE, PAGE_SIZE, PAPERS - 2 * PAGE_SIZE]
        body = urllib.request.urlopen(url(first + "page/2/")).read().decode()
        assert f'href="{BASE}{first}page/3/" rel="next"' in body
        assert f'href="{BASE}{first}" rel="prev"' in body
    # Every paper is on exactly one page of the list.
    slugs = []
    for page in [site / "index.html", site / "page/2/index.html", site / "page/3/index.html"]:
        slugs += [part.split("/")[0] for part in page.read_text().split(f'class="paper-title" href="{BASE}papers/')[1:]]
    assert len(slugs) == len(set(slugs)) == PAPERS
    largest = max(path.stat().st_size for path in site.rglob("*.html"))
    assert largest < 1_000_000


def test_filters_work_over_the_whole_list(fresh_browser, long_site):
    url, site = long_site
    browser = fresh_browser
    topics = json.loads((site / "lists" / "reading-list.json").read_text())
    assert len(topics) == PAPERS
    browser.get(url("page/2/"))
    form = browser.find_element(By.CSS_SELECTOR, "form.filters")
    choice = Select(form.find_element(By.NAME, "year"))
    year = choice.options[1].get_attribute("value")
    expected = int(choice.options[1].text.split("(")[-1].rstrip(")"))
    choice.select_by_value(year)
    WebDriverWait(browser, 10).until(lambda b: "papers" in b.find_element(By.CSS_SELECTOR, ".filter-status").text
                                     and "Loading" not in b.find_element(By.CSS_SELECTOR, ".filter-status").text)
    visible = [item for item in browser.find_elements(By.CSS_SELECTOR, ".reading-group .paper-item") if item.is_displayed()]
    # The year's papers from all three pages, counted as the year's menu entry counts them.
    assert len(visible) == expected > 0
    assert all(item.get_attribute("data-year") == year for item in visible)
    assert not browser.find_element(By.CSS_SELECTOR, "nav.pagination").is_displayed()
    assert browser.current_url.endswith("?year=" + year)
