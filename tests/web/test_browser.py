"""The web view in a real browser (headless Chromium driven by selenium) on the demo data:
changes → a body → as-of date → compare two versions → a former name → a person.
Screenshots are kept under the test's temporary folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from monitor.web.server import Background
from tests.web.helpers import RENAMED

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
if not (CHROMIUM and DRIVER):
    pytest.skip(
        "no headless browser here: install Debian's chromium and chromium-driver (.ci/run does)",
        allow_module_level=True,
    )

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as until  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

WAIT = 60  # seconds a page may take on a loaded machine before the step fails


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.add_argument("--window-size=1280,1600")
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


class Visit:
    """One analyst's session: each step waits for the page it expects and keeps a screenshot."""

    def __init__(self, driver: webdriver.Chrome, base: str, folder: Path) -> None:
        self.driver, self.base, self.folder = driver, base.rstrip("/"), folder
        self.wait = WebDriverWait(driver, WAIT)

    def shot(self, name: str) -> Path:
        path = self.folder / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def heading(self, text: str) -> None:
        self.wait.until(until.text_to_be_present_in_element((By.TAG_NAME, "h1"), text))

    def url_has(self, part: str) -> None:
        self.wait.until(until.url_contains(part))

    def leader(self) -> str:
        main = self.driver.find_element(By.CSS_SELECTOR, ".tree .node.main")
        for term in main.find_elements(By.TAG_NAME, "dt"):
            if term.text == "组长":
                return term.find_element(By.XPATH, "following-sibling::dd[1]//a").text
        raise AssertionError("no 组长 in the structure drawing")


def test_an_analysts_morning(browser: webdriver.Chrome, server: Background, tmp_path: Path) -> None:
    visit = Visit(browser, server.url, tmp_path)
    browser.get(server.url)
    visit.heading("最新变更")
    assert browser.find_elements(By.CSS_SELECTOR, "table.events tr.event")
    visit.shot("01-changes")

    # follow an event to its body
    browser.find_element(By.CSS_SELECTOR, 'table.events a[href="/groups/1"]').click()
    visit.heading(RENAMED)
    assert visit.leader() == "刘宁"
    assert browser.find_elements(By.CSS_SELECTOR, ".tree .node.office")
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.timeline tbody tr")) == 4
    visit.shot("02-body")

    # pick an as-of date in the date picker
    picker = browser.find_element(By.ID, "asof")
    browser.execute_script("arguments[0].value = arguments[1]", picker, "2020-06-01")
    browser.find_element(By.ID, "asof-submit").click()
    visit.url_has("asof=2020-06-01")
    visit.wait.until(until.text_to_be_present_in_element((By.CSS_SELECTOR, "#structure h2"), "2020-06-01"))
    assert visit.leader() == "王予波"
    visit.shot("03-asof")

    # compare two versions: the leader's change is highlighted
    Select(browser.find_element(By.ID, "from")).select_by_value("1")
    Select(browser.find_element(By.ID, "to")).select_by_value("2")
    browser.find_element(By.ID, "compare-submit").click()
    visit.url_has("to=2")
    rows = visit.wait.until(
        until.presence_of_all_elements_located((By.CSS_SELECTOR, "table.diff tr.changed"))
    )
    leader_row = next(r for r in rows if "王予波" in r.text and "刘宁" in r.text)
    assert leader_row.find_element(By.TAG_NAME, "del").text.startswith("王予波")
    assert leader_row.find_element(By.TAG_NAME, "ins").text.startswith("刘宁")
    cell = leader_row.find_element(By.TAG_NAME, "td")
    assert cell.value_of_css_property("background-color") == "rgba(255, 244, 214, 1)"  # the 'changed' colour
    browser.execute_script("arguments[0].scrollIntoView()", leader_row)
    visit.shot("04-diff")

    # search a former name: it finds the renamed body
    browser.get(server.url + "groups")
    box = browser.find_element(By.NAME, "q")
    box.send_keys("推进职能转变协调小组")
    box.submit()
    visit.url_has("q=")
    link = visit.wait.until(
        until.element_to_be_clickable((By.CSS_SELECTOR, 'table.groups a[href="/groups/1"]'))
    )
    assert link.text == RENAMED
    visit.shot("05-search")
    link.click()
    visit.heading(RENAMED)

    # open a person from the structure drawing
    browser.find_element(By.CSS_SELECTOR, f'.tree .node.main a[href="/persons/{quote("刘宁")}"]').click()
    visit.heading("刘宁")
    assert "可能不是同一人" in browser.find_element(By.CSS_SELECTOR, "p.warning").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "section.person-region")) == 2
    visit.shot("06-person")

    # the hostile body's page runs none of its text
    browser.get(server.url + "groups/3")
    visit.heading("<script>alert(1)</script>")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    visit.shot("07-hostile")


def test_api_docs_work_offline(browser: webdriver.Chrome, server: Background, tmp_path: Path) -> None:
    """Swagger UI renders the API from files this server sends, and asks nothing elsewhere."""
    visit = Visit(browser, server.url, tmp_path)
    browser.get(server.url + "docs")
    visit.wait.until(until.presence_of_element_located((By.CSS_SELECTOR, ".swagger-ui .opblock")))
    visit.wait.until(until.text_to_be_present_in_element((By.TAG_NAME, "body"), "/api/changes"))
    assert "monitor" in browser.find_element(By.TAG_NAME, "body").text
    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
    )
    assert loaded and all(url.startswith(server.url) for url in loaded), loaded
    visit.shot("08-docs")
