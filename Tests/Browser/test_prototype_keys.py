"""Slugs and reaction names that are also the names of what every JavaScript object inherits
(`constructor`, `__proto__`, `toString`): the reader's layer keeps its maps without inherited
keys, so a paper named constructor saves like any other and a reaction named Constructor is
pressed only when chosen."""
import functools
import http.server
import json
import pathlib
import shutil
import tempfile
import threading

import pytest
from selenium.webdriver.common.by import By

from conftest import ROOT, QuietHandler, build_site
from test_pages import console_errors, load
from test_reading_state import SITE_ID, import_file, open_reactions, reaction, stored

# A real paper whose slug is `constructor`: Deutsch and Marletto's constructor theory.
CONSTRUCTOR_PAPER = """---
title: "Constructor theory of information"
authors:
  - {given: "David", family: "Deutsch"}
  - {given: "Chiara", family: "Marletto"}
year: 2015
venue: "Proceedings of the Royal Society A"
doi: "10.1098/rspa.2014.0540"
topics: [constructor theory, information]
reading: to-read
abstract: |
  We present a theory of information expressed solely in terms of which transformations of
  physical systems are possible and which are impossible.
---
"""


@pytest.fixture(scope="module")
def constructor_site():
    """A copy of the example site with a paper named constructor and a reaction named
    Constructor, served at /sub/; returns a function from a path to its URL."""
    root = pathlib.Path(tempfile.mkdtemp(prefix="paperpages-prototype-"))
    content = root / "content"
    shutil.copytree(ROOT / "Content", content)
    (content / "papers" / "constructor.md").write_text(CONSTRUCTOR_PAPER)
    with open(content / "site.yaml", "a") as settings:
        settings.write("\nreactions: [Insightful, Important, Constructor, To String]\n")
    build_site(root / "sub", content=content)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield lambda path="": f"http://127.0.0.1:{server.server_address[1]}/sub/{path}"
    server.shutdown()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def clean_browser(browser, constructor_site):
    """The shared browser on this site, its storage emptied and the default viewport (an
    earlier test may have left a phone's width, where the controls are laid out otherwise)."""
    browser.set_window_size(1280, 1000)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
    load(browser, constructor_site())
    browser.execute_script("window.localStorage.clear()")
    browser.get_log("browser")
    return browser


def test_a_paper_named_constructor_is_saved_and_listed(clean_browser, constructor_site):
    browser = clean_browser
    load(browser, constructor_site("papers/constructor/"))
    save = browser.find_element(By.CSS_SELECTOR, "button[data-action='save']")
    assert save.get_attribute("aria-pressed") == "false"
    save.click()
    assert stored(browser)["papers"]["constructor"]["title"] == "Constructor theory of information"
    load(browser, constructor_site("papers/constructor/"))
    save = browser.find_element(By.CSS_SELECTOR, "button[data-action='save']")
    assert save.get_attribute("aria-pressed") == "true" and save.text == "Saved"
    load(browser, constructor_site("saved/"))
    titles = [link.text for link in browser.find_elements(By.CSS_SELECTOR, "[data-saved-list] a.paper-title")]
    assert titles == ["Constructor theory of information"]
    assert console_errors(browser) == []


def test_reactions_named_like_inherited_keys_are_pressed_only_when_chosen(clean_browser, constructor_site):
    browser = clean_browser
    load(browser, constructor_site("papers/delta-steal/"))
    open_reactions(browser)
    for id in ("constructor", "to-string", "insightful"):
        assert reaction(browser, id).get_attribute("aria-pressed") == "false", id
    assert browser.find_element(By.CSS_SELECTOR, "[data-reaction-state]").text == "None yet"
    reaction(browser, "constructor").click()
    assert reaction(browser, "constructor").get_attribute("aria-pressed") == "true"
    assert list(stored(browser)["papers"]["delta-steal"]["reactions"]) == ["constructor"]
    reaction(browser, "constructor").click()
    assert reaction(browser, "constructor").get_attribute("aria-pressed") == "false"
    assert "delta-steal" not in stored(browser)["papers"]
    assert console_errors(browser) == []


def test_an_imported_reaction_named_constructor_is_left_out_where_the_site_has_none(fresh_browser, site_url, tmp_path):
    browser = fresh_browser
    load(browser, site_url("saved/"))
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"format": "paperpages-reading-state", "version": 1, "site": SITE_ID, "papers": {
        "delta-steal": {"reactions": {"constructor": "2026-11-29T10:00:00Z", "insightful": "2026-11-29T10:00:00Z"}}}}))
    message = import_file(browser, path)
    assert "1 reaction this site does not offer was left out." in message, message
    assert stored(browser)["papers"]["delta-steal"]["reactions"] == {"insightful": "2026-11-29T10:00:00.000Z"}
    assert console_errors(browser) == []
