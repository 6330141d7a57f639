"""The page of jobclass serve in a real browser (Debian's chromium and chromium-driver, through Selenium)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("needs /usr/bin/chromium (Debian's chromium; .ci/run installs it)", allow_module_level=True)
if shutil.which("chromedriver") is None:
    pytest.skip("needs chromedriver (Debian's chromium-driver; .ci/run installs it)", allow_module_level=True)
pytest.importorskip("selenium", reason="needs selenium (the test extra)")
pytest.importorskip("fastapi", reason="jobclass serve needs the 'serve' extra (fastapi)")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from .test_serve_process import KEY, Server  # noqa: E402

POSTING = (
    "Machine Learning Engineer\n\nWe deploy PyTorch models on Kubernetes with Docker and AWS SageMaker, "
    "build feature stores and CI/CD for models, and monitor model latency in production."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("page"), key=True)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1200,1400",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield driver
    driver.quit()


def classify_on_page(browser, server, text: str, key: str) -> None:
    browser.get(server.url + "/")
    assert browser.find_element(By.ID, "key").is_displayed()  # this server needs a key: the page asks for it
    browser.find_element(By.ID, "key").send_keys(key)
    area = browser.find_element(By.ID, "posting")
    area.clear()
    area.send_keys(text)
    browser.find_element(By.ID, "go").click()


def test_a_posting_gets_label_bars_contributions_and_highlighted_skills(browser, server):
    classify_on_page(browser, server, POSTING, KEY)
    WebDriverWait(browser, 30).until(expected_conditions.visibility_of_element_located((By.ID, "result")))
    status, reply = server.request(
        "POST", "/v1/classify", {"postings": [{"description": POSTING}]}, server.headers
    )  # what the API says for the same text
    expected = reply["results"][0]
    assert browser.find_element(By.ID, "label").text == expected["label"] == "ml_engineering"
    bars = browser.find_elements(By.CSS_SELECTOR, "#bars .bar")
    assert [bar.get_attribute("data-label") for bar in bars] == sorted(
        expected["probabilities"], key=lambda label: -expected["probabilities"][label]
    )
    for bar in bars:
        share = expected["probabilities"][bar.get_attribute("data-label")]
        assert bar.find_element(By.CLASS_NAME, "value").text == f"{100 * share:.1f} %"
        track = bar.find_element(By.CLASS_NAME, "track").size["width"]
        fill = bar.find_element(By.CLASS_NAME, "fill").size["width"]
        assert fill == pytest.approx(track * share, abs=2)
    rows = browser.find_elements(By.CSS_SELECTOR, "#contributions tbody tr")
    assert 1 <= len(rows) <= 10
    marks = {
        mark.get_attribute("data-skill"): mark.text
        for mark in browser.find_elements(By.CSS_SELECTOR, "#highlighted mark")
    }
    assert marks["PyTorch"] == "PyTorch" and marks["Kubernetes"] == "Kubernetes"
    assert browser.find_element(By.ID, "highlighted").text.replace("\n", " ").split() == POSTING.split()


def test_a_wrong_key_shows_the_servers_error(browser, server):
    classify_on_page(browser, server, POSTING, "not-the-key")
    error = WebDriverWait(browser, 30).until(expected_conditions.visibility_of_element_located((By.ID, "error")))
    assert error.text.startswith("missing or wrong API key")
    assert not browser.find_element(By.ID, "result").is_displayed()


def test_screenshot_shows_the_top_bar_in_its_colour(browser, server, tmp_path):
    from matplotlib.image import imread

    classify_on_page(browser, server, POSTING, KEY)
    WebDriverWait(browser, 30).until(expected_conditions.visibility_of_element_located((By.ID, "result")))
    fill = browser.find_element(By.CSS_SELECTOR, "#bars .bar .fill")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", fill)
    png = browser.get_screenshot_as_png()
    (tmp_path / "page.png").write_bytes(png)
    pixels = imread(io.BytesIO(png), format="png")
    ratio = browser.execute_script("return window.devicePixelRatio") or 1
    box = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height]", fill
    )
    x, y = int((box[0] + box[2] / 2) * ratio), int((box[1] + box[3] / 2) * ratio)
    red, green, blue = (pixels[y, x, :3] * 255).round().astype(int).tolist()
    assert (red, green, blue) == pytest.approx((0x25, 0x63, 0xEB), abs=3)  # the bar's blue, drawn
    page_white = (pixels[5, 5, :3] * 255).round().astype(int).tolist()
    assert page_white == [255, 255, 255]
