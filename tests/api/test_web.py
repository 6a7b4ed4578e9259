"""The web page in a real browser: uvicorn on a free localhost port, headless Chromium through
selenium, an index of the other agency's corpus (e5-small). Skipped only when Chromium or its
driver is not installed (``apt-get install chromium chromium-driver``)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from assistant.api import create_app
from assistant.api.deps import clear_retrievers
from assistant.config import Settings
from assistant.retrieval.hybrid import HybridRetriever

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement
    from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# The machine is shared and e5 runs on CPU: planning one department can take a while.
SLOW = 180

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _serving(app: FastAPI) -> Iterator[str]:
    """``app`` under uvicorn on a free loopback port, in a background thread; yields its URL."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start within 30 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(other_agency_index: HybridRetriever) -> Iterator[str]:
    """The app over the other agency's index (e5-small)."""
    assert other_agency_index.data_dir is not None
    clear_retrievers()
    with _serving(
        create_app(Settings(data_dir=other_agency_index.data_dir, embedder="e5-small", writer="rules"))
    ) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1800",
        "--lang=zh-CN",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _wait(driver: WebDriver, seconds: float = SLOW) -> WebDriverWait[WebDriver]:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.2)


def _open(driver: WebDriver, url: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(url)
    driver.execute_script("localStorage.clear()")
    driver.get(url)
    _wait(driver, 60).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#department option")) > 1)


def test_page_lists_departments_switches_language_and_searches(
    server: str, browser: WebDriver, other_agency_index: HybridRetriever, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = browser
    _open(driver, server)
    options = driver.find_elements(By.CSS_SELECTOR, "#department option")
    names = {d.name for d in other_agency_index.departments()}
    assert {o.get_attribute("value") for o in options[1:]} == names
    _wait(driver, 60).until(lambda d: "索引" in d.find_element(By.ID, "status").text)

    # Keyboard: arrows move between tabs (WAI-ARIA tabs pattern).
    driver.find_element(By.ID, "tab-brief").send_keys(Keys.ARROW_RIGHT)
    assert driver.find_element(By.ID, "tab-ask").get_attribute("aria-selected") == "true"
    assert driver.find_element(By.ID, "panel-brief").get_attribute("hidden") is not None
    driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    assert driver.find_element(By.ID, "tab-search").get_attribute("aria-selected") == "true"

    query = driver.find_element(By.ID, "q")
    query.send_keys("办理时限")
    query.send_keys(Keys.ENTER)
    _wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results .hit"))
    first = driver.find_element(By.CSS_SELECTOR, "#results .hit p.text").text
    assert first.strip()

    driver.find_element(By.ID, "ui-lang").click()
    assert driver.find_element(By.ID, "tab-brief").text == "Audit brief"
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    driver.find_element(By.ID, "ui-lang").click()
    assert driver.find_element(By.ID, "tab-brief").text == "审核简报"

    shot = tmp_path / "search.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def test_ask_streams_an_answer_with_expandable_citations(
    server: str, browser: WebDriver, other_agency_index: HybridRetriever, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    _open(driver, server)
    driver.find_element(By.ID, "tab-ask").click()
    # Count the streamed token events the page receives, to see that the answer really streamed.
    driver.execute_script("""
        window.__tokens = 0;
        const original = window.fetch;
        window.fetch = async (...args) => {
          const response = await original(...args);
          if (String(args[0]).includes('/api/chat/stream')) {
            const [mine, page] = response.body.tee();
            (async () => {
              const reader = mine.getReader(); const decoder = new TextDecoder(); let rest = '';
              for (;;) {
                const {done, value} = await reader.read();
                rest += decoder.decode(value || new Uint8Array(), {stream: !done});
                const lines = rest.split('\\n'); rest = lines.pop();
                for (const l of lines) if (l.includes('"type": "token"')) window.__tokens++;
                if (done) break;
              }
            })();
            return new Response(page, {status: response.status, headers: response.headers});
          }
          return response;
        };
    """)
    driver.find_element(By.ID, "ask-scope").click()  # the whole index, no department filter
    box = driver.find_element(By.ID, "question")
    box.send_keys("养老保险待遇核定要在几个工作日内完成？")
    driver.find_element(By.ID, "ask-go").click()
    _wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#answer .answer details.cite"))
    assert driver.execute_script("return window.__tokens") >= 1
    answer = driver.find_element(By.CSS_SELECTOR, "#answer .answer .answer-text").text
    assert "工作日" in answer  # on topic; answer quality itself is tested in tests/assistant
    mark = driver.find_element(By.CSS_SELECTOR, "#answer .answer-text sup a")
    mark.click()
    cite = driver.find_element(By.ID, str(mark.get_attribute("href")).split("#", 1)[1])
    assert cite.get_attribute("open") is not None
    _assert_verbatim(cite, other_agency_index)

    shot = tmp_path / "ask.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def _assert_verbatim(cite: WebElement, retriever: HybridRetriever) -> None:
    """The quote shown in a citation is a verbatim substring of the chunk it names."""
    from selenium.webdriver.common.by import By

    quote = cite.find_element(By.TAG_NAME, "blockquote").get_attribute("textContent")
    chunks = retriever.store.get([cite.get_attribute("data-chunk-id")])
    assert quote and chunks and quote in chunks[0].text


def test_brief_shows_grouped_questions_with_source_quotes_sampling_and_opening(
    server: str, browser: WebDriver, other_agency_index: HybridRetriever, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    _open(driver, server)
    # The department with the most passages, whatever the corpus calls it.
    department = max(other_agency_index.departments(), key=lambda d: d.chunks).name
    Select(driver.find_element(By.ID, "department")).select_by_value(department)
    driver.find_element(By.ID, "brief-go").click()
    _wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#brief .brief .question"))

    brief = driver.find_element(By.CSS_SELECTOR, "#brief .brief")
    assert brief.find_element(By.TAG_NAME, "h2").text == department
    assert len(brief.find_elements(By.CSS_SELECTOR, "h4.element")) >= 3  # grouped by audit element
    questions = brief.find_elements(By.CSS_SELECTOR, ".question")
    assert len(questions) >= 5
    cite = questions[0].find_element(By.CSS_SELECTOR, "details.cite")
    assert cite.get_attribute("open") is None
    cite.find_element(By.TAG_NAME, "summary").click()
    assert cite.get_attribute("open") is not None
    assert cite.find_element(By.TAG_NAME, "blockquote").is_displayed()
    _assert_verbatim(cite, other_agency_index)
    assert brief.find_elements(By.CSS_SELECTOR, "table.sampling tbody tr")
    assert brief.find_elements(By.CSS_SELECTOR, "ol.agenda li")
    assert brief.find_element(By.CSS_SELECTOR, ".script").text.strip()
    md = driver.find_element(By.ID, "dl-md")
    assert md.get_attribute("aria-disabled") is None
    assert str(md.get_attribute("href")).endswith(".md?language=zh")
    download = httpx.get(str(md.get_attribute("href")), timeout=SLOW)
    assert download.status_code == 200
    first_question = driver.execute_script(
        "return document.querySelector('#brief .question .qtext').firstChild.textContent"
    )
    assert first_question and first_question in download.text

    shot = tmp_path / "brief.png"
    driver.set_window_size(1280, 4000)
    assert driver.save_screenshot(str(shot))
    driver.set_window_size(1280, 1800)
    assert shot.stat().st_size > 10_000

    driver.find_element(By.CSS_SELECTOR, 'input[name="brief-lang"][value="en"]').click()
    assert str(driver.find_element(By.ID, "dl-docx").get_attribute("href")).endswith(".docx?language=en")
    driver.find_element(By.ID, "brief-go").click()
    _wait(driver).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "#brief .brief").get_attribute("lang") == "en"
    )
    assert "Audit questions" in driver.find_element(By.CSS_SELECTOR, "#brief .brief").text


@pytest.fixture
def keyed_server(tiny_dir: Path, tmp_path: Path) -> Iterator[str]:
    """A server with an API key over the tiny corpus (hash embedder: the key is what is tested)."""
    from ingest.embedders import HashEmbeddings
    from ingest.sync import Ingester

    data_dir = tmp_path / "keyed-index"
    Ingester(data_dir, HashEmbeddings()).sync([tiny_dir])
    clear_retrievers()
    with _serving(create_app(Settings(data_dir=data_dir, embedder="hash", api_key=KEY))) as url:
        yield url


KEY = "team-key-0123456789abcdef"


def test_page_asks_for_the_key_once_and_then_works(keyed_server: str, browser: WebDriver) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions

    assert httpx.get(f"{keyed_server}/api/departments").status_code == 401
    browser.get(f"{keyed_server}/api/health")  # same origin, no page script: clear the stored key
    browser.execute_script("localStorage.clear()")
    browser.get(keyed_server)
    prompt = _wait(browser, 30).until(expected_conditions.alert_is_present())
    assert "API key" in prompt.text or "密钥" in prompt.text
    prompt.send_keys(KEY)
    prompt.accept()
    _wait(browser, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#department option")) > 1)
    assert browser.execute_script("return localStorage.getItem('auditprep.apiKey')") == KEY
    browser.get(keyed_server)  # the stored key is sent from now on: no second prompt
    _wait(browser, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#department option")) > 1)


def test_conversation_follows_a_department_change(
    server: str, browser: WebDriver, other_agency_index: HybridRetriever
) -> None:
    """After the department changes mid-conversation, the next question goes out with the new
    department and without the earlier turns (which would carry the old topic into it)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    _open(driver, server)
    driver.find_element(By.ID, "tab-ask").click()
    driver.execute_script("""
        window.__bodies = [];
        const original = window.fetch;
        window.fetch = async (...args) => {
          if (String(args[0]).includes('/api/chat/stream')) window.__bodies.push(JSON.parse(args[1].body));
          return original(...args);
        };
    """)
    first, second = sorted(other_agency_index.departments(), key=lambda d: -d.chunks)[:2]
    Select(driver.find_element(By.ID, "department")).select_by_value(first.name)
    scope = driver.find_element(By.ID, "ask-scope")
    if not scope.is_selected():
        scope.click()
    driver.find_element(By.ID, "question").send_keys(f"{first.name}的主要职责是什么？")
    driver.find_element(By.ID, "ask-go").click()
    _wait(driver).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#answer .answer"))
    Select(driver.find_element(By.ID, "department")).select_by_value(second.name)
    assert driver.find_elements(By.CSS_SELECTOR, "#answer .department-switch")
    driver.find_element(By.ID, "question").send_keys("主要职责是什么？")
    driver.find_element(By.ID, "ask-go").click()
    _wait(driver).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#answer .answer")) >= 2)
    bodies = driver.execute_script("return window.__bodies")
    assert bodies[0]["department"] == first.name
    assert bodies[1]["department"] == second.name and bodies[1]["history"] == []
