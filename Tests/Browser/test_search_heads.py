"""Search over common words kept as heads (SearchIndex.headEntry), in a real browser: the example
site built with PAPERPAGES_LONG_POSTINGS=4, so that a word in more than 4 of its documents keeps
only its 2 postings of highest impact in its chunk, as a word in 8,000 does on a large site."""
import functools
import http.server
import json
import pathlib
import shutil
import tempfile
import threading

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE, ROOT, QuietHandler, build_site


@pytest.fixture(scope="module")
def headed_site():
    root = pathlib.Path(tempfile.mkdtemp(prefix="paperpages-heads-"))
    site = build_site(root / BASE.strip("/"), env={"PAPERPAGES_LONG_POSTINGS": "4"})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{BASE}", site
    server.shutdown()
    shutil.rmtree(root, ignore_errors=True)


def status(browser):
    return browser.find_element(By.CSS_SELECTOR, "[data-search-status]").text


def shown(browser):
    return [link.get_attribute("href") for link in browser.find_elements(By.CSS_SELECTOR, "a.result-title")]


def whole_matches(site, term):
    """The documents that have `term`, from the build's own files: its head's count."""
    manifest = json.loads((site / "search" / "manifest.json").read_text())
    chunk = max(i for i, name in enumerate(manifest["chunks"]) if name <= term)
    entry = json.loads((site / "search" / "index" / f"{chunk}.json").read_text())[term]
    assert isinstance(entry, dict) and len(entry["head"]) == 2 * 2, entry   # a head of 2 postings
    whole = json.loads((site / "search" / "all" / f"{entry['all']}.json").read_text())[term]
    assert len(whole) == 2 * entry["df"] > len(entry["head"])
    return entry["df"]


def test_more_results_reads_the_whole_list_and_keeps_the_first_page(browser, headed_site):
    url, site = headed_site
    documents = whole_matches(site, "model")
    browser.get(url + "search/?q=model%20")
    WebDriverWait(browser, 10).until(lambda driver: shown(driver))
    # Ranked from the head: its two documents, and a count the head knows at least.
    first = shown(browser)
    assert len(first) == 2 and status(browser).startswith(f"At least {documents} results")
    more = browser.find_element(By.CSS_SELECTOR, "[data-more]")
    assert more.is_displayed()
    more.click()
    WebDriverWait(browser, 10).until(lambda driver: len(shown(driver)) > 2)
    # Every match now, the first page where it was, none twice, and the count exact.
    after = shown(browser)
    assert after[:2] == first and len(after) == len(set(after)) == min(documents, 12)
    assert status(browser).startswith(f"{documents} results")


def test_the_facets_count_every_match(browser, headed_site):
    url, site = headed_site
    documents = whole_matches(site, "model")
    browser.get(url + "search/?q=model%20")
    WebDriverWait(browser, 10).until(lambda driver: shown(driver))
    browser.find_element(By.CSS_SELECTOR, "[data-facets] summary").click()
    WebDriverWait(browser, 10).until(lambda driver: status(driver).startswith(f"{documents} results"))
    counts = browser.find_elements(By.CSS_SELECTOR, "fieldset span.count[data-facet=kind]")
    WebDriverWait(browser, 10).until(lambda driver: sum(int(c.text.strip(" ()")) for c in counts) == documents)
    # Filtered by a facet from a link: every match filtered, not only the head's.
    browser.get(url + "search/?q=model%20&kind=paper")
    WebDriverWait(browser, 10).until(lambda driver: shown(driver))
    assert not status(browser).startswith("At least")
    assert all("/papers/" in href for href in shown(browser))
