"""The archive as a reader sees it: Chromium screenshots of the index, a group page, a portal
page (with its scorecards), a run page, the methodology page, the data page and LOSI's scorecard
page at 1280 and 375 px, in English, Russian and Kazakh. Nothing may overflow the page sideways (a
wide table scrolls inside its own region), and every page passes axe-core.

The store is the demo's three runs plus three portals of a config with a country and tags (one
ranked with a trend, one ranked with a single run, one unreachable), so that the ranking, the
unranked section, the trend tiles and the group pages all show. Set EGOV_AUDIT_SCREENSHOTS to a
folder to keep the screenshots and look at them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from egov_audit.audits.model import CrawlCoverage, Evidence, Outcome, PillarScore, RuleOutcome, RunStatus
from egov_audit.audits.pillars import shipped_pillars
from egov_audit.crawler.model import FetchKind, PageSnapshot, StopReason
from egov_audit.render.axe import RUN_TAGS, axe_source
from egov_audit.render.chromium import FLAGS, chromium_path
from egov_audit.reports.archive import render_archive
from egov_audit.store.database import Store
from tests.browsers import assert_no_browser_left
from tests.conftest import DemoArchive

pytestmark = pytest.mark.timeout(1200)

LANGS = ("en", "ru", "kk")
WIDTHS = (1280, 375)
LONG_URL = "https://www.gov.kz/memleket/entities/minfin/press/news/details/budget-execution-report-2026-q3?lang=kk"


@dataclass(frozen=True)
class Screens:
    archives: dict[str, Path]  # language -> archive folder
    pages: tuple[str, ...]  # the pages looked at, relative to an archive


def record(
    store: Store,
    key: str,
    name: str,
    url: str,
    scores: dict[str, float],
    *,
    country: str,
    tags: dict[str, str],
    status: RunStatus = RunStatus.COMPLETE,
    failing: tuple[str, ...] = (),
) -> int:
    run_id = store.start_run(key, name, url, "0.2.0", "digest", {}, country=country, tags=tags)
    store.add_pages(run_id, [PageSnapshot(url=url, kind=FetchKind.PAGE, status=200, depth=0)])
    outcomes = [
        RuleOutcome(rule, rule, "transparency", 1, Outcome.FAIL, "missing", (Evidence(f"{url}{rule}/", "x"),))
        for rule in failing
    ]
    pillars = [PillarScore(pillar, scores.get(pillar), 1, 0, 0, 0) for pillar in shipped_pillars()]
    index = sum(scores.values()) / len(scores) if scores and status is RunStatus.COMPLETE else None
    coverage = CrawlCoverage(pages=40, links=80, links_off_site=2)
    store.finish_run(run_id, status, StopReason.FINISHED, outcomes, pillars, index, None, coverage)
    return run_id


def add_config_portals(store: Store) -> None:
    """Three portals of a config: a ministry improving over three runs, a city with one run, and
    one whose last run found nothing answering."""
    tags = {"region": "Astana", "ministry": "Finance"}
    pillars = ("availability", "accessibility", "transparency", "participation", "inclusion", "trust")
    for step, base in enumerate((52.0, 48.5, 71.25)):
        scores = {p: min(100.0, base + 7 * i - step) for i, p in enumerate(pillars)}
        record(
            store,
            LONG_URL,
            "Ministry of Finance of the Republic of Kazakhstan",
            LONG_URL,
            scores,
            country="KZ",
            tags=tags,
            failing=("budget-published",) if step else ("budget-published", "contacts"),
        )
    record(
        store,
        "https://almaty.gov.kz/",
        "Akimat of Almaty",
        "https://almaty.gov.kz/",
        dict.fromkeys(pillars, 29.0) | {"trust": 100.0},
        country="KZ",
        tags={"region": "Almaty"},
    )
    record(
        store,
        "https://down.gov.kz/",
        "Committee portal (down)",
        "https://down.gov.kz/",
        {},
        country="KZ",
        tags={"region": "Almaty"},
        status=RunStatus.UNREACHABLE,
    )


@pytest.fixture(scope="module")
def screens(demo_archive: DemoArchive, tmp_path_factory: pytest.TempPathFactory) -> Screens:
    work = tmp_path_factory.mktemp("screens")
    shutil.copy(demo_archive.out / "egov-audit.sqlite", work / "store.sqlite")
    store = Store(f"sqlite:///{work / 'store.sqlite'}")
    try:
        add_config_portals(store)
        archives = {}
        for lang in LANGS:
            render_archive(store, work / lang, lang, "Portal audits")
            archives[lang] = work / lang
    finally:
        store.close()
    root = archives["en"]
    demo_portal = next(p for p in sorted(root.glob("portals/*/index.html")) if p.parent.name.startswith("demo-portal"))
    run_page = sorted(root.glob("runs/*.html"), key=lambda p: int(p.stem))[2]  # the demo's last run
    pages = [
        "index.html",
        "groups/region/almaty-869b5619.html",
        str(demo_portal.relative_to(root)),
        str(run_page.relative_to(root)),
        "data/index.html",
        "scorecards/un-losi.html",  # a methodology's scorecards: the ranking and every indicator's answers
    ]
    if (root / "methodology.html").is_file():
        pages.append("methodology.html")
    return Screens(archives, tuple(pages))


@pytest.fixture(scope="module")
def browser_page() -> Iterator[Page]:
    started = __import__("time").time()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=list(FLAGS))
        try:
            context = browser.new_context(java_script_enabled=True, bypass_csp=True)
            yield context.new_page()
            context.close()
        finally:
            browser.close()
    assert_no_browser_left(started)


OVERFLOW = """() => {
  const root = document.documentElement, body = document.body;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    if (e.closest('.scroll')) return false;
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > root.clientWidth + 1;
  }).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40));
  return {root: [root.scrollWidth, root.clientWidth], body: [body.scrollWidth, body.clientWidth], wide};
}"""


def axe_violations(page: Page) -> list[tuple[str, list[str]]]:
    if not page.evaluate("() => typeof window.axe?.run === 'function'"):
        page.add_script_tag(content=axe_source())
    options = {"runOnly": {"type": "tag", "values": [*RUN_TAGS, "best-practice"]}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [(v["id"], [str(n["target"]) for n in v["nodes"]][:3]) for v in result["violations"]]


def test_every_page_fits_and_passes_axe_in_every_language_and_width(screens: Screens, browser_page: Page) -> None:
    keep = os.environ.get("EGOV_AUDIT_SCREENSHOTS")
    problems: dict[str, object] = {}
    for lang, root in screens.archives.items():
        for width in WIDTHS:
            browser_page.set_viewport_size({"width": width, "height": 900})
            for name in screens.pages:
                assert (root / name).is_file(), name
                browser_page.goto((root / name).as_uri())
                where = f"{lang} {width}px {name}"
                sizes = browser_page.evaluate(OVERFLOW)
                if sizes["root"][0] > sizes["root"][1] or sizes["body"][0] > sizes["body"][1] or sizes["wide"]:
                    problems[f"{where}: overflows"] = sizes
                # axe at the wide width in every language, and at both in English
                if (width == WIDTHS[0] or lang == "en") and (violations := axe_violations(browser_page)):
                    problems[f"{where}: axe"] = violations
                if keep:
                    folder = Path(keep)
                    folder.mkdir(parents=True, exist_ok=True)
                    shot = f"{lang}-{width}-{name.replace('/', '_').removesuffix('.html')}.png"
                    browser_page.screenshot(path=folder / shot, full_page=True)
    assert problems == {}


def test_the_index_ranks_bands_and_groups(screens: Screens) -> None:
    index = (screens.archives["en"] / "index.html").read_text(encoding="utf-8")
    assert "Not ranked" in index and "Committee portal (down)" in index
    assert "band-poor" in index and ">poor<" in index and "29.0" in index  # colour and words, one decimal
    assert 'href="groups/region/almaty-869b5619.html"' in index and 'href="groups/country/kz.html"' in index
    assert "one run so far" in index  # the city's single run: a value, no line
    group = (screens.archives["kk"] / "groups/country/kz.html").read_text(encoding="utf-8")
    assert "Қазақстан" in group and "Akimat of Almaty" in group and "Ministry of Finance" in group
    almaty = (screens.archives["en"] / "groups/region/almaty-869b5619.html").read_text(encoding="utf-8")
    assert "Akimat of Almaty" in almaty and "Ministry of Finance" not in almaty


def test_the_demo_portal_has_its_scorecards_and_the_methodology_page_ranks_it(screens: Screens) -> None:
    root = screens.archives["en"]
    portal = next(name for name in screens.pages if name.startswith("portals/"))
    assert 'id="scorecard-un-losi"' in (root / portal).read_text(encoding="utf-8")
    losi = (root / "scorecards/un-losi.html").read_text(encoding="utf-8")
    assert "Demo Region Public Services Portal" in losi and "Committee portal (down)" in losi
    assert 'id="scorecards"' in (screens.archives["kk"] / portal).read_text(encoding="utf-8")
