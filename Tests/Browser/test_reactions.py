"""Likes, dislikes and saves live in the visitor's browser and survive a reload."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from pages import PAGE_KINDS


def button(browser, action):
    return browser.find_element(By.CSS_SELECTOR, f"button[data-action='{action}']")


def pressed(browser, action):
    return button(browser, action).get_attribute("aria-pressed") == "true"


def test_like_and_save_persist_across_a_reload(fresh_browser, site_url):
    browser = fresh_browser
    browser.get(site_url(PAGE_KINDS["paper"]))
    assert not pressed(browser, "like") and not pressed(browser, "save")
    assert button(browser, "like").is_enabled()
    saves_before = int(browser.find_element(By.CSS_SELECTOR, "[data-saves]").text)
    button(browser, "like").click()
    button(browser, "save").click()
    assert pressed(browser, "like") and pressed(browser, "save")

    browser.refresh()
    WebDriverWait(browser, 5).until(lambda driver: pressed(driver, "save"))
    assert pressed(browser, "like") and not pressed(browser, "dislike")
    assert browser.find_element(By.CSS_SELECTOR, "[data-save-state]").text == "Saved in this browser"
    assert browser.find_element(By.CSS_SELECTOR, "[data-vote-state]").text == "You liked this paper"
    assert int(browser.find_element(By.CSS_SELECTOR, "[data-saves]").text) == saves_before + 1

    # Dislike replaces the like; pressing it again clears the vote.
    button(browser, "dislike").click()
    assert pressed(browser, "dislike") and not pressed(browser, "like")
    button(browser, "dislike").click()
    browser.refresh()
    assert not pressed(browser, "dislike") and not pressed(browser, "like") and pressed(browser, "save")


def test_saved_page_lists_saved_papers_and_removes_them(fresh_browser, site_url):
    browser = fresh_browser
    for key in ("paper", "paper-with-math"):
        browser.get(site_url(PAGE_KINDS[key]))
        button(browser, "save").click()
    browser.get(site_url("saved/"))
    links = browser.find_elements(By.CSS_SELECTOR, "[data-saved-list] a.paper-title")
    assert [link.get_attribute("href") for link in links] == [site_url(PAGE_KINDS["paper-with-math"]), site_url(PAGE_KINDS["paper"])]
    browser.find_element(By.CSS_SELECTOR, "[data-saved-list] button").click()
    browser.refresh()
    links = browser.find_elements(By.CSS_SELECTOR, "[data-saved-list] a.paper-title")
    assert [link.get_attribute("href") for link in links] == [site_url(PAGE_KINDS["paper"])]
    links[0].click()
    assert browser.current_url == site_url(PAGE_KINDS["paper"])
    assert pressed(browser, "save")
