"""Search in a real browser: the page's own script over the index the build wrote, on the
example site (plus a fixture paper by Klaus-Robert Müller) served under /sub/."""
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

TRANSFER = "papers/transfer-bandit-policies/"
PRETRAINING = "papers/continual-pre-training-domain-adaptation/"
TAYLOR = "papers/deep-taylor-decomposition/"


def search(browser, site_url, query, **facets):
    parameters = [("q", query)] + [(name, value) for name, values in facets.items() for value in values]
    browser.get(site_url("search/?" + urllib.parse.urlencode(parameters)))
    return results(browser)


def results(browser):
    WebDriverWait(browser, 10).until(
        lambda driver: driver.find_elements(By.CSS_SELECTOR, "a.result-title")
        or "No results" in driver.find_element(By.CSS_SELECTOR, "[data-search-status]").text)
    return [link.get_attribute("href") for link in browser.find_elements(By.CSS_SELECTOR, "a.result-title")]


def test_the_page_tokenizes_queries_as_the_build_tokenizes_pages(fresh_browser, site_url):
    # The same cases as SearchTokenizerTests.swift.
    browser = fresh_browser
    browser.get(site_url("search/"))
    WebDriverWait(browser, 10).until(lambda driver: driver.execute_script("return !!window.paperpagesSearch && paperpagesSearch.ready()"))
    cases = {
        "Jürgen Müller": ["jurgen", "muller"],
        "Łukasz Øksendal Straße Æsir Đorđe": ["lukasz", "oksendal", "strasse", "aesir", "dorde"],
        "$\\alpha$-divergence": ["alphadivergence", "alpha", "divergence"],
        "$O(\\sqrt{T})$ regret": ["o", "sqrt", "t", "regret"],
        "Pre-Training": ["pretraining", "pre", "training"],
        "state-of-the-art": ["stateoftheart", "state", "art"],
        "GPT-3": ["gpt3", "gpt", "3"],
        "GPT3 and 175B": ["gpt3", "gpt", "3", "175b", "175", "b"],
        "基础模型": ["基础", "础模", "模型"],
        "大 模型LLM": ["大", "模型", "llm"],
        "On the Opportunities and Risks of Foundation Models": ["opportunities", "risks", "foundation", "models"],
    }
    for text, expected in cases.items():
        assert browser.execute_script("return paperpagesSearch.tokenize(arguments[0])", text) == expected, text


def test_a_full_title_finds_its_paper_first(fresh_browser, site_url):
    found = search(fresh_browser, site_url, "Asymptotically Optimal Problem-Dependent Bandit Policies for Transfer Learning")
    assert found[0] == site_url(TRANSFER)
    # A fragment of the title too, in any case.
    assert search(fresh_browser, site_url, "problem-dependent BANDIT policies")[0] == site_url(TRANSFER)


def test_an_author_typed_without_diacritics_is_found(fresh_browser, site_url):
    assert search(fresh_browser, site_url, "muller")[0] == site_url(TAYLOR)
    assert search(fresh_browser, site_url, "timothee mathieu")[0] == site_url(TRANSFER)


def test_pretraining_finds_pre_training(fresh_browser, site_url):
    assert search(fresh_browser, site_url, "pretraining")[0] == site_url(PRETRAINING)
    # Matched words are highlighted in the title.
    marks = [mark.text for mark in fresh_browser.find_elements(By.CSS_SELECTOR, "a.result-title mark")]
    assert "Pre-Training" in marks


def test_results_appear_as_you_type_and_the_url_follows(fresh_browser, site_url):
    browser = fresh_browser
    browser.get(site_url("search/"))
    box = browser.find_element(By.ID, "search-q")
    WebDriverWait(browser, 10).until(lambda driver: "Type to search" in driver.find_element(By.CSS_SELECTOR, "[data-search-status]").text)
    box.send_keys("chamel")   # a prefix of ChameleonBench
    # Each keystroke searches; wait for the results of the whole word.
    WebDriverWait(browser, 10).until(lambda driver: "for \u201cchamel\u201d" in driver.find_element(By.CSS_SELECTOR, "[data-search-status]").text)
    found = results(browser)
    assert found[0] == site_url("papers/chameleonbench/")
    assert browser.current_url.endswith("/sub/search/?q=chamel")
    # Arrow keys walk the results.
    box.send_keys(Keys.ARROW_DOWN)
    assert browser.switch_to.active_element.get_attribute("href") == found[0]
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    assert browser.switch_to.active_element.get_attribute("href") == found[1]
    browser.switch_to.active_element.send_keys(Keys.ARROW_UP, Keys.ARROW_UP)
    assert browser.switch_to.active_element.get_attribute("id") == "search-q"


def result_count(browser):
    return int(browser.find_element(By.CSS_SELECTOR, "[data-search-status]").text.split()[0])


def test_facets_narrow_the_results_and_are_in_the_url(fresh_browser, site_url):
    browser = fresh_browser
    everything = search(browser, site_url, "foundation models")
    total = result_count(browser)
    kinds = {href.split("/sub/")[1].split("/")[0] for href in everything}
    assert {"papers", "notes", "reviews"} <= kinds
    papers_only = search(browser, site_url, "foundation models", kind=["paper"])
    assert papers_only and all("/sub/papers/" in href for href in papers_only)
    assert result_count(browser) < total
    # Ticking a box filters in place and goes into the URL.
    search(browser, site_url, "bandit")
    browser.find_element(By.CSS_SELECTOR, "[data-facets] summary").click()
    # Opening the panel fetches facets.json; the boxes appear when it has arrived.
    WebDriverWait(browser, 10).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, "input[name=year][value='2017']"))
    browser.find_element(By.CSS_SELECTOR, "input[name=year][value='2017']").click()
    WebDriverWait(browser, 10).until(lambda driver: "year=2017" in driver.current_url)
    WebDriverWait(browser, 10).until(lambda driver: "No results" in driver.find_element(By.CSS_SELECTOR, "[data-search-status]").text)


def test_every_page_has_a_search_box_that_leads_to_the_search_page(fresh_browser, site_url):
    browser = fresh_browser
    browser.get(site_url(TRANSFER))
    box = browser.find_element(By.ID, "site-search-q")
    box.send_keys("steering", Keys.ENTER)
    found = results(browser)
    assert browser.current_url == site_url("search/?q=steering")
    assert found[0] == site_url("papers/activation-steering-meets-preference-optimization/")


def test_without_javascript_the_search_page_says_so_and_links_to_the_lists(site_url):
    with urllib.request.urlopen(site_url("search/")) as response:
        page = response.read().decode()
    assert "Search needs JavaScript" in page
    assert 'href="/sub/topics/"' in page and 'href="/sub/authors/"' in page


PRIMACY = "papers/primacy-effect-in-state-space-models/"
CHAMELEON = "papers/chameleonbench/"
DISTILLATION = "papers/punching-above-precision/"


def suggestion(browser):
    shown = [element for element in browser.find_elements(By.CSS_SELECTOR, "p.search-suggestion") if element.is_displayed()]
    return shown[0] if shown else None


def test_a_misspelt_word_finds_its_paper_as_the_word_would(fresh_browser, site_url):
    browser = fresh_browser
    # A letter dropped, one too many, two swapped, one wrong; in a title and in a name.
    for query, paper in [("primcy", PRIMACY), ("chamelenbench", CHAMELEON), ("distilation", DISTILLATION),
                         ("decompostion", TAYLOR), ("banditt policies", TRANSFER), ("mathiue", TRANSFER),
                         ("asymptoticly optimal", TRANSFER), ("taylro decomposition", TAYLOR)]:
        assert search(browser, site_url, query)[0] == site_url(paper), query
    # The word read is the one marked in the results.
    search(browser, site_url, "primcy")
    marks = [mark.text.lower() for mark in browser.find_elements(By.CSS_SELECTOR, "a.result-title mark")]
    assert "primacy" in marks, marks


def test_did_you_mean_offers_the_corrected_search_as_a_link(fresh_browser, site_url):
    browser = fresh_browser
    search(browser, site_url, "deep taylor decompostion")
    status = browser.find_element(By.CSS_SELECTOR, "[data-search-status]").text
    assert "reading \u201cdecompostion\u201d as \u201cdecomposition\u201d" in status, status
    offer = suggestion(browser)
    assert offer is not None and offer.text == "Did you mean deep taylor decomposition?"
    link = offer.find_element(By.TAG_NAME, "a")
    # Shareable: the link is the search with the corrected words.
    assert urllib.parse.parse_qs(urllib.parse.urlparse(link.get_attribute("href")).query)["q"] == ["deep taylor decomposition"]
    link.click()
    WebDriverWait(browser, 10).until(lambda driver: "q=deep+taylor+decomposition" in driver.current_url)
    WebDriverWait(browser, 10).until(lambda driver: suggestion(driver) is None)
    assert results(browser)[0] == site_url(TAYLOR)
    # The link opened on its own gives the same search.
    assert search(browser, site_url, "deep taylor decomposition")[0] == site_url(TAYLOR) and suggestion(browser) is None


def test_known_words_and_short_words_are_never_corrected(fresh_browser, site_url):
    browser = fresh_browser
    # Every word is in the index: nothing is corrected, whatever a close word would find.
    for query in ["bandit policies", "privacy", "muller"]:
        assert search(browser, site_url, query), query
        assert suggestion(browser) is None, query
    # Under four letters one edit makes another word: "bnd" is not read as "and" or "band".
    assert search(browser, site_url, "bnd") == [] and suggestion(browser) is None
    # A word being typed that terms begin with is completed, not corrected.
    assert search(browser, site_url, "decompos")[0] == site_url(TAYLOR) and suggestion(browser) is None


def test_the_matching_rules(fresh_browser, site_url):
    browser = fresh_browser
    browser.get(site_url("search/"))
    WebDriverWait(browser, 10).until(lambda driver: driver.execute_script("return !!window.paperpagesSearch && paperpagesSearch.ready()"))

    def call(name, *arguments):
        return browser.execute_script("return paperpagesSearch[arguments[0]].apply(null, arguments[1])", name, list(arguments))

    def distance(a, b, limit=5):
        return browser.execute_script("return paperpagesSearch.editDistance(Array.from(arguments[0]), Array.from(arguments[1]), arguments[2])", a, b, limit)

    assert distance("kitten", "sitting") == 3
    assert distance("einstien", "einstein") == 1   # two neighbours swapped: one edit
    assert distance("primcy", "primacy") == 1 and distance("primcy", "privacy") == 2
    assert distance("abc", "abc") == 0 and distance("", "abc") == 3
    assert distance("naïve", "naive") == 1   # characters, not UTF-16 units
    assert distance("distillation", "installation", 2) == 3   # past the limit: limit + 1
    # One edit for 4 to 7 letters, two from 8; never numbers, CJK or whole titles.
    assert not call("correctable", "bnd") and call("correctable", "bndt")
    assert not call("correctable", "gpt3") and not call("correctable", "模型模型") and not call("correctable", "=deep taylor")
    terms = {"primacy": 3, "privacy": 40, "pricy": 1}
    assert call("closestTerm", "primcy", terms)["term"] == "primacy"
    # Fewer edits first, however many documents hold the other word.
    assert call("closestTerm", "pracy", {"piracy": 2, "privacy": 40, "prance": 9})["term"] == "piracy"
    # The same number of edits: the word more documents hold.
    assert call("closestTerm", "sheep", {"sheet": 5, "sheer": 50})["term"] == "sheer"
    assert call("closestTerm", "zzzzzz", terms) is None
    assert call("correctedQuery", "Deep  Taylor decompostion!", [{"from": "decompostion", "to": "decomposition"}]) == "Deep  Taylor decomposition"
    # Equally close: the length nearest the word's, before the word more documents hold (real
    # data: `yaun` was read as `yan` before `yuan`).
    assert call("closestTerm", "yaun", {"yan": 17, "yuan": 8})["term"] == "yuan"
    # A hyphenated word keeps its hyphen, corrected through its typed part, not its joined form.
    fixes = [{"from": "activatonaware", "to": "activationaware"}, {"from": "activaton", "to": "activation"}]
    assert call("correctedQuery", "activaton-aware models", fixes) == "activation-aware models"


def test_a_misspelt_hyphenated_word_is_read_and_offered_as_typed(fresh_browser, site_url):
    browser = fresh_browser
    assert search(browser, site_url, "problem-dependnt bandit")[0] == site_url(TRANSFER)
    status = browser.find_element(By.CSS_SELECTOR, "[data-search-status]").text
    assert "reading \u201cdependnt\u201d as \u201cdependent\u201d." in status and "problemdependnt" not in status, status
    assert suggestion(browser).text == "Did you mean problem-dependent bandit?"
