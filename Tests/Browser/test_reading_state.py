"""The reader's own layer: specific reactions on paper pages, the /saved/ page's filters and
bibliography, and a reading state exported from one browser and imported in another."""
import json
import pathlib
import time

import bibtexparser
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SCREENSHOTS
from pages import PAGE_KINDS, cite_text
from test_pages import axe_violations, console_errors, load

PAPER = PAGE_KINDS["paper"]
MATH = PAGE_KINDS["paper-with-math"]
SITE_ID = "https://paperpages.example/"   # the example site's base_url


def stored(browser):
    """The reading state as site.js keeps it, parsed."""
    text = browser.execute_script("return window.localStorage.getItem('paperpages:/sub/')")
    return json.loads(text) if text else None


def stored_text(browser):
    return browser.execute_script("return window.localStorage.getItem('paperpages:/sub/')")


def reaction(browser, id):
    return browser.find_element(By.CSS_SELECTOR, f"button[data-reaction='{id}']")


def open_reactions(browser):
    panel = browser.find_element(By.CSS_SELECTOR, "details[data-reactions]")
    if not panel.get_attribute("open"):
        panel.find_element(By.TAG_NAME, "summary").click()
    return panel


def saved_titles(browser):
    return [link.text for link in browser.find_elements(By.CSS_SELECTOR, "[data-saved-list] a.paper-title")]


def show(browser, value):
    browser.find_element(By.CSS_SELECTOR, f"[data-saved-filters] input[value='{value}']").click()


def downloads_to(browser, folder):
    folder.mkdir(parents=True, exist_ok=True)
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    return folder


def downloaded(folder, suffix, timeout=10):
    """The finished download ending in `suffix`. Chrome first creates the final name as an empty
    placeholder and writes into `<name>.crdownload`, then moves that onto the placeholder; so a file
    counts as downloaded once it has content, no partial download is left and its size holds still."""
    deadline = time.time() + timeout
    last_size = None
    while time.time() < deadline:
        names = [path.name for path in folder.iterdir()]
        files = [folder / name for name in names if name.endswith(suffix)]
        partial = any(name.endswith(".crdownload") for name in names)
        if files and not partial:
            size = files[0].stat().st_size
            if size > 0 and size == last_size:
                return files[0]
            last_size = size
        time.sleep(0.1)
    raise AssertionError(f"no finished {suffix} file was downloaded into {folder}: {list(folder.iterdir())}")


def references_loaded(browser):
    WebDriverWait(browser, 10).until(
        lambda driver: driver.find_element(By.CSS_SELECTOR, "[data-download='bibtex']").is_enabled())


def import_file(browser, path):
    message = browser.find_element(By.CSS_SELECTOR, "[data-state-message]")
    before = message.text
    browser.find_element(By.CSS_SELECTOR, "input[data-import]").send_keys(str(path))
    WebDriverWait(browser, 10).until(lambda driver: message.text and message.text != before)
    return message.text


def test_reactions_survive_a_reload_and_filter_the_saved_page(fresh_browser, site_url):
    browser = fresh_browser
    load(browser, site_url(PAPER))
    # The owner's reactions (front matter) are shown to everyone, marked as the owner's.
    assert browser.find_element(By.CSS_SELECTOR, ".owner-reactions").text == "The owner's reactions: Insightful Important"   # in the site's order
    panel = open_reactions(browser)
    assert "Chosen by the owner." in panel.find_element(By.ID, "reaction-important-hint").text
    assert reaction(browser, "insightful").get_attribute("aria-pressed") == "false"
    reaction(browser, "insightful").click()
    reaction(browser, "skeptical").click()
    assert browser.find_element(By.CSS_SELECTOR, "[data-reaction-state]").text == "Insightful, Skeptical"

    browser.refresh()
    WebDriverWait(browser, 5).until(lambda driver: reaction(driver, "insightful").get_attribute("aria-pressed") == "true")
    # The panel opens by itself on a paper the reader reacted to.
    assert browser.find_element(By.CSS_SELECTOR, "details[data-reactions]").get_attribute("open") is not None
    assert reaction(browser, "skeptical").get_attribute("aria-pressed") == "true"
    assert reaction(browser, "surprising").get_attribute("aria-pressed") == "false"
    assert browser.find_element(By.CSS_SELECTOR, "[data-reaction-state]").text == "Insightful, Skeptical"
    reaction(browser, "skeptical").click()   # pressed again: taken back
    record = stored(browser)["papers"]["on-the-opportunities-and-risks-of-foundation-models"]
    assert list(record["reactions"]) == ["insightful"] and "saved" not in record
    assert record["title"] == "On the Opportunities and Risks of Foundation Models"

    # A reaction without a save still reaches /saved/, under its own filter.
    load(browser, site_url("saved/"))
    assert saved_titles(browser) == []
    assert browser.find_element(By.CSS_SELECTOR, "[data-count='reaction:insightful']").text == "(1)"
    show(browser, "reaction:insightful")
    assert saved_titles(browser) == ["On the Opportunities and Risks of Foundation Models"]
    tags = [tag.text for tag in browser.find_elements(By.CSS_SELECTOR, "[data-saved-list] .reaction-tag")]
    assert tags == ["Insightful"]
    assert browser.current_url.endswith("saved/?show=reaction%3Ainsightful")
    browser.refresh()   # the filter is in the address
    WebDriverWait(browser, 5).until(lambda driver: saved_titles(driver) == ["On the Opportunities and Risks of Foundation Models"])
    show(browser, "reaction:outdated")
    assert saved_titles(browser) == []
    assert console_errors(browser) == []


def test_reactions_work_from_the_keyboard_and_pass_axe(fresh_browser, site_url):
    browser = fresh_browser
    load(browser, site_url(PAPER))
    summary = browser.find_element(By.CSS_SELECTOR, "details[data-reactions] summary")
    browser.execute_script("arguments[0].focus()", summary)
    summary.send_keys(Keys.ENTER)
    assert browser.find_element(By.CSS_SELECTOR, "details[data-reactions]").get_attribute("open") is not None
    browser.switch_to.active_element.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("data-reaction") == "insightful"
    focused.send_keys(Keys.SPACE)
    assert focused.get_attribute("aria-pressed") == "true"
    # Its name and description, as a screen reader gets them.
    assert focused.accessible_name == "Insightful"
    assert "Changes how I think about the problem." in browser.find_element(By.ID, focused.get_attribute("aria-describedby")).text
    assert axe_violations(browser) == []

    reaction(browser, "replicated").click()
    browser.find_element(By.CSS_SELECTOR, "button[data-action='save']").click()
    browser.execute_script("document.querySelector('.next-steps').scrollIntoView()")
    browser.save_screenshot(str(SCREENSHOTS / "paper-reactions.png"))
    load(browser, site_url("saved/"))
    show(browser, "all")
    references_loaded(browser)
    browser.save_screenshot(str(SCREENSHOTS / "saved-with-reactions.png"))
    assert axe_violations(browser) == []
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    assert axe_violations(browser) == [], "dark theme"


def save(browser, site_url, path):
    load(browser, site_url(path))
    browser.find_element(By.CSS_SELECTOR, "button[data-action='save']").click()


def test_export_clear_import_gives_the_same_state(fresh_browser, site_url, tmp_path):
    browser = fresh_browser
    save(browser, site_url, PAPER)
    browser.find_element(By.CSS_SELECTOR, "button[data-action='like']").click()
    open_reactions(browser)
    reaction(browser, "surprising").click()
    save(browser, site_url, MATH)
    browser.find_element(By.CSS_SELECTOR, "button[data-action='dislike']").click()
    before = stored(browser)

    load(browser, site_url("saved/"))
    folder = downloads_to(browser, tmp_path / "export")
    browser.find_element(By.CSS_SELECTOR, "[data-export]").click()
    exported = downloaded(folder, ".json")
    assert exported.name.startswith("paperpages.example-reading-state-")
    data = json.loads(exported.read_text())
    assert data["format"] == "paperpages-reading-state" and data["version"] == 1 and data["site"] == SITE_ID
    assert data["papers"] == before["papers"]
    record = data["papers"]["on-the-opportunities-and-risks-of-foundation-models"]
    assert record["vote"] == "like" and record["voted"] and record["saved"] and list(record["reactions"]) == ["surprising"]

    # Another browser: nothing stored.
    browser.execute_script("window.localStorage.clear()")
    browser.refresh()
    assert saved_titles(browser) == []
    message = import_file(browser, exported)
    assert message.startswith(f"Imported “{exported.name}”: 2 saves, 2 votes and 1 reaction added, on 2 papers."), message
    assert stored(browser)["papers"] == before["papers"]
    references_loaded(browser)
    assert saved_titles(browser) == ["δ-STEAL: LLM Stealing Attack with Local Differential Privacy",
                                     "On the Opportunities and Risks of Foundation Models"]
    # Importing the same file again changes nothing, and says so.
    assert import_file(browser, exported).startswith(f"Nothing new in “{exported.name}”")
    assert stored(browser)["papers"] == before["papers"]

    # Merging: a paper recorded only here is kept; a newer vote in the file wins.
    newer = json.loads(exported.read_text())
    newer["papers"]["delta-steal"]["vote"] = "like"
    newer["papers"]["delta-steal"]["voted"] = "2099-01-01T00:00:00.000Z"
    newer["papers"]["delta-steal"]["reactions"] = {"replicated": "2099-01-01T00:00:00.000Z", "not-offered-here": "2099-01-01T00:00:00.000Z"}
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(newer))
    message = import_file(browser, path)
    assert "1 reaction added" in message and "1 vote replaced by the file's newer one" in message, message
    assert "1 reaction this site does not offer was left out" in message, message
    after = stored(browser)["papers"]["delta-steal"]
    assert after["vote"] == "like" and set(after["reactions"]) == {"replicated"}
    load(browser, site_url(PAPER))
    assert browser.find_element(By.CSS_SELECTOR, "button[data-action='like']").get_attribute("aria-pressed") == "true"
    assert console_errors(browser) == []


BAD_FILES = {
    "not-json.json": ("{\"format\": \"paperpages-reading-state\", \"version\": 1,", "is damaged: it is not JSON"),
    "other-format.json": (json.dumps({"papers": {}}), "is not a paperpages reading state"),
    "newer.json": (json.dumps({"format": "paperpages-reading-state", "version": 2, "site": SITE_ID, "papers": {}}),
                   "was made by a newer paperpages (reading state version 2)"),
    "other-site.json": (json.dumps({"format": "paperpages-reading-state", "version": 1, "site": "https://elsewhere.example/",
                                    "site_title": "Elsewhere", "papers": {"delta-steal": {"saved": "2026-01-01T00:00:00Z"}}}),
                        "is from another site, “Elsewhere”"),
    "bad-vote.json": (json.dumps({"format": "paperpages-reading-state", "version": 1, "site": SITE_ID, "papers": {
        "delta-steal": {"saved": "2026-01-01T00:00:00Z"}, "chameleonbench": {"vote": "love"}}}),
        "is damaged: the paper “chameleonbench”'s vote is “love”"),
    "bad-date.json": (json.dumps({"format": "paperpages-reading-state", "version": 1, "site": SITE_ID, "papers": {
        "delta-steal": {"reactions": {"insightful": "yesterday"}}}}), "is damaged: the paper “delta-steal”'s reaction “insightful” is “yesterday”"),
    "bad-slug.json": (json.dumps({"format": "paperpages-reading-state", "version": 1, "site": SITE_ID, "papers": {
        "../../etc": {"saved": "2026-01-01T00:00:00Z"}}}), "is damaged: “../../etc” is not a paper's name"),
    "not-text.json": (b"\xff\xfe\x00garbage", "is damaged: it is not JSON"),
    # Date.parse reads 30 February as 2 March: a date must be one the calendar has.
    "february-30.json": (json.dumps({"format": "paperpages-reading-state", "version": 1, "site": SITE_ID, "papers": {
        "delta-steal": {"saved": "2026-02-30T10:00:00Z"}}}), "is damaged: the paper “delta-steal”'s saved date is “2026-02-30T10:00:00Z”"),
    "hour-24.json": (json.dumps({"format": "paperpages-reading-state", "version": 1, "site": SITE_ID, "papers": {
        "delta-steal": {"vote": "like", "voted": "2026-11-29T24:00:00Z"}}}), "is damaged: the paper “delta-steal”'s vote date is “2026-11-29T24:00:00Z”"),
}


def test_a_bad_file_gets_a_clear_message_and_changes_nothing(fresh_browser, site_url, tmp_path):
    browser = fresh_browser
    save(browser, site_url, PAPER)
    load(browser, site_url("saved/"))
    before = stored_text(browser)
    for name, (contents, expected) in BAD_FILES.items():
        path = tmp_path / name
        if isinstance(contents, bytes):
            path.write_bytes(contents)
        else:
            path.write_text(contents)
        message = import_file(browser, path)
        assert message.startswith(f"“{name}” {expected}"), (name, message)
        assert message.endswith("Nothing was changed."), (name, message)
        assert "problem" in browser.find_element(By.CSS_SELECTOR, "[data-state-message]").get_attribute("class")
        assert stored_text(browser) == before, name
    assert saved_titles(browser) == ["On the Opportunities and Risks of Foundation Models"]
    assert console_errors(browser) == []


def entries(text):
    parser = bibtexparser.bparser.BibTexParser(common_strings=True)
    return bibtexparser.loads(text, parser=parser).entries


def test_the_saved_list_downloads_as_bibtex_and_ris(fresh_browser, site_url, served_site, tmp_path):
    browser = fresh_browser
    _, folder = served_site
    save(browser, site_url, PAPER)
    save(browser, site_url, MATH)
    # Liked but not saved: listed under "liked", not in the saved bibliography.
    load(browser, site_url("papers/chameleonbench/"))
    browser.find_element(By.CSS_SELECTOR, "button[data-action='like']").click()

    load(browser, site_url("saved/"))
    references_loaded(browser)
    target = downloads_to(browser, tmp_path / "bib")
    browser.find_element(By.CSS_SELECTOR, "[data-download='bibtex']").click()
    bib = downloaded(target, ".bib").read_text()
    parsed = entries(bib)
    page = {path: folder / path / "index.html" for path in (MATH, PAPER)}
    expected = [entries(cite_text(page[path], "bibtex"))[0] for path in (MATH, PAPER)]
    assert parsed == expected   # exactly the saved papers, newest save first, as their pages cite them
    assert bib == cite_text(page[MATH], "bibtex") + "\n" + cite_text(page[PAPER], "bibtex")

    browser.find_element(By.CSS_SELECTOR, "[data-download='ris']").click()
    ris = downloaded(target, ".ris").read_bytes()
    assert ris.count(b"ER  -") == 2 and ris.startswith(b"TY  - ")
    assert ris == (cite_text(page[MATH], "ris") + "\r\n" + cite_text(page[PAPER], "ris")).encode()

    # The reference list is each paper's APA reference, as its page shows it, and copies as text.
    items = browser.find_elements(By.CSS_SELECTOR, "[data-reference-list] li")
    listed = [item.get_attribute("innerHTML") for item in items]
    texts = [item.text for item in items]
    assert len(listed) == 2
    origin = site_url().rsplit("/sub/", 1)[0]
    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    browser.find_element(By.CSS_SELECTOR, "[data-copy-references]").click()
    WebDriverWait(browser, 5).until(lambda driver: driver.find_element(By.CSS_SELECTOR, "[data-bibliography-status]").text == "Copied 2 references.")
    copied = browser.execute_async_script(
        "var done = arguments[0]; navigator.clipboard.readText().then(done, function (error) { done('failed: ' + error); })")
    assert copied == "\n".join(texts)
    load(browser, site_url(PAPER))
    assert browser.find_element(By.CSS_SELECTOR, ".cite-apa").get_attribute("innerHTML") == listed[1]

    # The filter decides what the bibliography holds.
    load(browser, site_url("saved/?show=liked"))
    references_loaded(browser)
    assert [item.text for item in browser.find_elements(By.CSS_SELECTOR, "[data-reference-list] li")][0].startswith("Chaudhury, A., & Shiromani, S. (2025")
    assert len(browser.find_elements(By.CSS_SELECTOR, "[data-reference-list] li")) == 1
    browser.find_element(By.CSS_SELECTOR, "[data-copy-references]").click()
    WebDriverWait(browser, 5).until(lambda driver: driver.find_element(By.CSS_SELECTOR, "[data-bibliography-status]").text == "Copied 1 reference.")
    assert console_errors(browser) == []


def test_a_paper_page_downloads_its_own_bibtex_and_ris(fresh_browser, site_url, served_site, tmp_path):
    """The Cite section's buttons give the page's own texts as `<slug>.bib` and `<slug>.ris`
    (no file per paper is published: the page is the one file)."""
    browser = fresh_browser
    _, folder = served_site
    load(browser, site_url(MATH))
    target = downloads_to(browser, tmp_path / "paper")
    slug = MATH.strip("/").split("/")[-1]
    buttons = browser.find_elements(By.CSS_SELECTOR, ".cite button[data-download]")
    assert [button.text for button in buttons][:1] == [f"Download {slug}.bib"]
    buttons[0].click()
    bib = downloaded(target, ".bib")
    assert bib.name == slug + ".bib"
    assert bib.read_text() == cite_text(folder / MATH / "index.html", "bibtex")
    assert len(entries(bib.read_text())) == 1
    # The RIS is in a closed disclosure: opened, then downloaded with CR LF line ends.
    browser.find_element(By.CSS_SELECTOR, ".cite details summary").click()
    browser.find_element(By.CSS_SELECTOR, ".cite button[data-download='ris']").click()
    ris = downloaded(target, ".ris")
    assert ris.name == slug + ".ris"
    assert ris.read_bytes() == cite_text(folder / MATH / "index.html", "ris").encode()
    assert ris.read_bytes().startswith(b"TY  - ") and ris.read_bytes().endswith(b"ER  - \r\n")
    assert console_errors(browser) == []


def test_a_saved_list_from_before_reactions_is_read(fresh_browser, site_url):
    """Version 1 of the stored state (votes and saves only) is read as it was."""
    browser = fresh_browser
    load(browser, site_url("saved/"))
    old = {"votes": {"delta-steal": "like"},
           "saved": {"delta-steal": {"title": "Delta", "href": "/sub/papers/delta-steal/", "meta": "Dang · 2025", "at": "2026-01-02T03:04:05.000Z"},
                     "a-paper-since-removed": {"title": "Gone", "href": "/sub/papers/a-paper-since-removed/", "meta": "Nobody · 2020",
                                               "at": "2026-01-01T00:00:00.000Z"}}}
    browser.execute_script("window.localStorage.setItem('paperpages:/sub/', arguments[0])", json.dumps(old))
    browser.refresh()
    references_loaded(browser)
    # The title as the site has it now; a paper the site no longer has is said to be gone.
    assert saved_titles(browser) == ["δ-STEAL: LLM Stealing Attack with Local Differential Privacy", "Gone"]
    metas = [meta.text for meta in browser.find_elements(By.CSS_SELECTOR, "[data-saved-list] .paper-meta")]
    assert metas == ["Dang · 2025", "No longer on this site"]
    status = browser.find_element(By.CSS_SELECTOR, "[data-bibliography-status]").text
    assert status == "1 reference; 1 paper listed is no longer on this site and left out."
    assert len(browser.find_elements(By.CSS_SELECTOR, "[data-reference-list] li")) == 1
    load(browser, site_url(MATH))
    assert browser.find_element(By.CSS_SELECTOR, "button[data-action='like']").get_attribute("aria-pressed") == "true"
    assert browser.find_element(By.CSS_SELECTOR, "button[data-action='save']").get_attribute("aria-pressed") == "true"


def test_without_javascript_the_controls_say_what_they_need(fresh_browser, site_url):
    browser = fresh_browser
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        load(browser, site_url(PAPER))
        open_reactions(browser)
        assert not reaction(browser, "insightful").is_enabled()
        assert "they need JavaScript" in browser.find_element(By.CSS_SELECTOR, ".action-note").text
        # The owner's reactions need no script.
        assert browser.find_element(By.CSS_SELECTOR, ".owner-reactions").is_displayed()
        load(browser, site_url("saved/"))
        assert not browser.find_element(By.CSS_SELECTOR, "[data-export]").is_enabled()
        assert not browser.find_element(By.CSS_SELECTOR, "[data-download='bibtex']").is_enabled()
        notes = [note.text for note in browser.find_elements(By.CSS_SELECTOR, "[data-without-script]")]
        assert any("needs JavaScript" in note for note in notes) and "Export and import need JavaScript." in notes
        assert not browser.find_element(By.CSS_SELECTOR, "[data-saved-filters]").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    load(browser, site_url("saved/"))
    assert browser.find_elements(By.CSS_SELECTOR, "[data-without-script]") == []


def test_the_saved_page_follows_another_tab(fresh_browser, site_url):
    browser = fresh_browser
    load(browser, site_url("saved/"))
    saved_tab = browser.current_window_handle
    browser.switch_to.new_window("tab")
    paper_tab = browser.current_window_handle
    try:
        load(browser, site_url(PAPER))
        browser.find_element(By.CSS_SELECTOR, "button[data-action='save']").click()
        browser.switch_to.window(saved_tab)
        WebDriverWait(browser, 5).until(lambda driver: saved_titles(driver) == ["On the Opportunities and Risks of Foundation Models"])
        browser.find_element(By.CSS_SELECTOR, "[data-saved-list] button").click()   # removed here...
        browser.switch_to.window(paper_tab)
        # ...and the paper page in the other tab says so.
        WebDriverWait(browser, 5).until(
            lambda driver: driver.find_element(By.CSS_SELECTOR, "button[data-action='save']").get_attribute("aria-pressed") == "false")
    finally:
        browser.switch_to.window(paper_tab)
        browser.close()
        browser.switch_to.window(saved_tab)
