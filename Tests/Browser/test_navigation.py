"""Links: the whole site under /sub/ on a real HTTP server, the research map's nodes, and
the reading list's filters."""
import html.parser
import urllib.error
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from pages import PAGE_KINDS


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets = []

    def handle_starttag(self, tag, attributes):
        for name, value in attributes:
            if name in ("href", "src") and value and not value.startswith(("data:", "#", "mailto:")):
                self.targets.append(value)


def status(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_every_link_on_the_site_resolves_under_sub(site_url):
    """A crawl from the home page and the 404 page: every same-site link and asset is served."""
    start = [site_url(), site_url("404.html")]
    seen, queue, broken = set(start), list(start), []
    origin = site_url()[: -len("/sub/")]
    while queue:
        page = queue.pop()
        code, body = status(page)
        if code != 200:
            broken.append((page, code))
            continue
        if not page.endswith((".html", "/")):
            continue
        parser = Links()
        parser.feed(body.decode("utf-8"))
        for target in parser.targets:
            url = urllib.parse.urljoin(page, target).split("#")[0]
            if not url.startswith(origin):
                continue
            assert url.startswith(site_url()), f"{page} links outside the base URL: {target}"
            if url not in seen:
                seen.add(url)
                queue.append(url)
    assert broken == []
    assert len(seen) > 100   # every page kind was reached


def test_research_map_nodes_link_to_existing_pages(fresh_browser, site_url):
    browser = fresh_browser
    for path in (PAGE_KINDS["paper"], "map/"):
        browser.get(site_url(path))
        hrefs = browser.execute_script("return [...document.querySelectorAll('svg.map a')].map(a => a.href.baseVal || a.getAttribute('href'))")
        assert len(hrefs) >= 10, path
        kinds = set(browser.execute_script("return [...document.querySelectorAll('svg.map a')].map(a => a.getAttribute('class'))"))
        for url in hrefs:
            assert status(urllib.parse.urljoin(site_url(path), url))[0] == 200, url
        if path == "map/":
            assert kinds == {"map-node map-paper", "map-node map-topic"}
        else:
            assert {"map-node map-author", "map-node map-topic", "map-node map-paper", "map-node map-current"} <= kinds
    # "Open full explorer" lands on the map with this paper's node targeted.
    browser.get(site_url(PAGE_KINDS["paper"]))
    browser.find_element(By.LINK_TEXT, "Open full explorer").click()
    target = browser.execute_script("return document.querySelector(':target').getAttribute('href')")
    assert target == "/sub/" + PAGE_KINDS["paper"]


def test_reading_list_filters_and_sorts_in_place(fresh_browser, site_url):
    browser = fresh_browser
    browser.get(site_url())
    form = browser.find_element(By.CSS_SELECTOR, "form.filters")
    assert form.is_displayed()
    all_items = browser.find_elements(By.CSS_SELECTOR, ".reading-group .paper-item")
    Select(form.find_element(By.NAME, "topic")).select_by_value("foundation-models")
    visible = [item for item in all_items if item.is_displayed()]
    assert 0 < len(visible) < len(all_items)
    assert all("foundation-models" in item.get_attribute("data-topics").split() for item in visible)
    assert browser.current_url.endswith("?topic=foundation-models")

    Select(form.find_element(By.NAME, "topic")).select_by_value("")
    Select(form.find_element(By.NAME, "sort")).select_by_value("title")
    titles = [item.get_attribute("data-title").lower() for item in browser.find_elements(By.CSS_SELECTOR, "#reading-to-read .paper-item")]
    assert titles == sorted(titles)

    # The URL carries the choices: a shared link opens the same view.
    browser.get(site_url("?year=2022"))
    visible = [item for item in browser.find_elements(By.CSS_SELECTOR, ".reading-group .paper-item") if item.is_displayed()]
    assert visible and all(item.get_attribute("data-year") == "2022" for item in visible)


def test_without_javascript_the_sort_pages_and_facet_pages_are_the_filters(site_url):
    code, body = status(site_url("sort/title/"))
    assert code == 200
    parser = Links()
    parser.feed(body.decode())
    assert {"/sub/years/", "/sub/topics/", "/sub/venues/", "/sub/sort/oldest/", "/sub/"} <= set(parser.targets)
