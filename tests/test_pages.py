"""The pages in headless Chromium: each kind opens with no console error and no
request to another host, its charts drawn; served, a page reloads itself when the
log grows. Screenshots are saved (CHAMP_SCREENSHOTS=DIR keeps them). Skipped with
the reason where Debian's chromium is not installed, except under CI=true."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from chromium import Browser, missing
from conftest import SEASON_LOG
from served import champ, serving

REASON = missing()
if REASON and os.environ.get("CI") == "true":
    raise RuntimeError(f"CI=true but {REASON}")
pytestmark = pytest.mark.skipif(REASON is not None, reason=REASON or "")

#: each kind of page, and how many chart lines it must draw at least
KINDS = [
    ("index.html", 0),
    ("aslms-2013/index.html", 4),
    ("aslms-2013/standings/lmp2-drivers.html", 5),
    ("aslms-2013/standings/gtc-teams.html", 5),
    ("aslms-2013/standings/gtc-manufacturers.html", 1),
    ("aslms-2013/calendar.html", 0),
    ("aslms-2013/entries/zhuhai.html", 0),
    ("aslms-2013/classification/sepang-gtc.html", 0),
    ("aslms-2013/invitations.html", 0),
    ("aslms-2013/audit.html", 0),
]


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.close()


def _keep(path: str, name: str) -> None:
    keep = os.environ.get("CHAMP_SCREENSHOTS")
    if keep:
        os.makedirs(keep, exist_ok=True)
        shutil.copy(path, os.path.join(keep, name))


def test_every_kind_of_page_opens_offline_from_the_static_site(browser, tmp_path):
    site = tmp_path / "site"
    out = champ("--log", str(SEASON_LOG), "report", "--html", str(site)).stdout
    assert out.startswith("wrote ")
    for path, lines in KINDS:
        url = (site / path).as_uri()
        visit = browser.visit(url)
        assert visit.errors == [], (path, visit.errors)
        assert visit.requests and all(r.startswith("file://") for r in visit.requests), (
            path, visit.requests)
        drawn = browser.evaluate("document.querySelectorAll('svg.chart polyline').length")
        assert drawn >= lines, (path, drawn)
        assert browser.evaluate("document.querySelector('table, svg') !== null")
        shot = tmp_path / (path.replace("/", "_") + ".png")
        browser.screenshot(str(shot))
        assert shot.stat().st_size > 5000
        _keep(str(shot), shot.name)


def test_a_table_is_laid_out_like_the_published_one(browser, tmp_path):
    site = tmp_path / "site"
    champ("--log", str(SEASON_LOG), "report", "--html", str(site))
    browser.visit((site / "aslms-2013/standings/lmp2-drivers.html").as_uri())
    heads = browser.evaluate("[...document.querySelectorAll('th')].map(t => t.textContent)")
    assert heads == ["Pos", "Driver", "Nat", "Team", "INJ", "FUJ", "ZHU", "SEP", "Total"]
    shared = browser.evaluate("document.querySelectorAll('td.shared').length")
    assert shared >= 2, "tied drivers share a position"


def test_a_served_page_asks_its_own_host_only_and_reloads_when_the_log_grows(browser,
                                                                              tmp_path):
    log = str(tmp_path / "season.log")
    champ("--log", log, "init")
    champ("--log", log, "import", str(SEASON_LOG))
    with serving("--log", log) as base:
        for path, lines in KINDS:
            visit = browser.visit(f"{base}/pages/{path}")
            assert visit.errors == [], (path, visit.errors)
            assert all(r.startswith(base + "/") for r in visit.requests), (path, visit.requests)
            drawn = browser.evaluate("document.querySelectorAll('svg.chart polyline').length")
            assert drawn >= lines, (path, drawn)
        browser.visit(f"{base}/pages/aslms-2013/index.html", settle=1.0)
        assert "at seq 287" in browser.evaluate("document.body.innerText")
        champ("--log", log, "adjust-points", "--round", "fuji", "--class", "LMP2", "--table",
              "teams", "--competitor", "24", "--points", "-5", "--reason", "test")
        browser.wait_for("Page.loadEventFired", timeout=10)
        time.sleep(0.2)
        assert "at seq 288" in browser.evaluate("document.body.innerText")
        shot = tmp_path / "served-home.png"
        browser.screenshot(str(shot))
        _keep(str(shot), shot.name)


def test_a_timed_race_page_shows_the_running_order_and_a_position_chart(browser, tmp_path):
    from test_timing_log import season_for, small_file

    path = small_file(tmp_path)
    log = season_for(path, tmp_path)
    champ("--log", log, "timing", "import", "--round", "r1", str(path))
    site = tmp_path / "site"
    champ("--log", log, "report", "--html", str(site))
    visit = browser.visit((site / "t-2026/timing/r1.html").as_uri())
    assert visit.errors == [] and all(r.startswith("file://") for r in visit.requests)
    cars = browser.evaluate("[...document.querySelectorAll('tbody tr td:nth-child(4)')]"
                            ".map(t => t.textContent)")
    assert cars == ["7", "92"]
    assert browser.evaluate("document.querySelectorAll('svg.chart polyline').length") == 2
    home = browser.visit((site / "t-2026/index.html").as_uri())
    assert home.errors == [] and "Timed races" in browser.evaluate("document.body.innerText")
    shot = tmp_path / "timed.png"
    browser.screenshot(str(shot))
    _keep(str(shot), shot.name)


def test_a_what_if_page_shows_the_branch_beside_its_base(browser, tmp_path):
    site = tmp_path / "site"
    champ("--log", str(SEASON_LOG), "--with", "examples/dsq-oak-sepang.jsonl", "report",
          "--html", str(site))
    visit = browser.visit((site / "aslms-2013/whatif.html").as_uri())
    assert visit.errors == [] and all(r.startswith("file://") for r in visit.requests)
    text = browser.evaluate("document.body.innerText")
    assert "Invitation gained" in text and "Invitation lost" in text
    dashed = browser.evaluate("document.querySelectorAll('svg.chart polyline"
                              "[stroke-dasharray]').length")
    solid = browser.evaluate("document.querySelectorAll('svg.chart polyline:not("
                             "[stroke-dasharray])').length")
    assert dashed >= 3 and solid >= 3, "each changed table: the branch dashed beside the log"
    shot = tmp_path / "whatif.png"
    browser.screenshot(str(shot))
    _keep(str(shot), shot.name)


def test_pages_fit_a_phone_and_print_without_the_chrome(browser, tmp_path):
    site = tmp_path / "site"
    champ("--log", str(SEASON_LOG), "report", "--html", str(site))
    browser.call("Emulation.setDeviceMetricsOverride", session=True, width=390, height=844,
                 deviceScaleFactor=2, mobile=True)
    try:
        for path in ("aslms-2013/index.html", "aslms-2013/standings/gtc-drivers.html",
                     "aslms-2013/audit.html"):
            browser.visit((site / path).as_uri())
            wide = browser.evaluate("document.documentElement.scrollWidth")
            assert wide <= 390, f"{path} is {wide} px wide on a 390 px phone"
        shot = tmp_path / "phone.png"
        browser.screenshot(str(shot))
        _keep(str(shot), shot.name)
        browser.call("Emulation.setEmulatedMedia", session=True, media="print")
        shown = browser.evaluate("getComputedStyle(document.querySelector('header')).display")
        assert shown == "none", "the print stylesheet leaves the navigation out"
    finally:
        browser.call("Emulation.setEmulatedMedia", session=True, media="")
        browser.call("Emulation.clearDeviceMetricsOverride", session=True)
