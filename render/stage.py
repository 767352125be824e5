"""The rendering stage of an audit: sample the crawled pages, render them with the chosen
driver, and hand back axe-core's results; a browser that cannot start is a finding too."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace

from egov_audit.crawler.model import AxeResult, SiteSnapshot
from egov_audit.render.axe import axe_version
from egov_audit.render.chromium import chromium_version
from egov_audit.render.fonts import font_digest
from egov_audit.render.sampling import choose_sample
from egov_audit.render.settings import RenderSettings


def instrument(settings: RenderSettings) -> dict[str, str]:
    """What rendered the pages: kept with every run, so a trend can be told from a new instrument."""
    record = {"axe_core": axe_version(), "chromium": chromium_version(), "driver": settings.driver}
    if settings.webdriver_url:
        record["webdriver"] = "remote"  # its browser lays pages out with the fonts of its own machine
    else:
        record["fonts"] = font_digest()
    return record


def render_sample(
    site: SiteSnapshot,
    named: Sequence[tuple[str, str]],
    settings: RenderSettings,
    on_start: RenderProgress | None = None,
) -> dict[str, AxeResult]:
    """axe-core's result for each sampled page; `named`: (url, reason) of the pages the rules point at.
    A page a browser walk already ran axe-core in (crawler/browser_walk.py) is taken as it is, not
    loaded again. `on_start(started, total, url)` is told as each page's rendering starts."""
    sample = choose_sample(site, named, settings.sample, settings.seed, settings.random_share)
    walked = {page.url: page.axe for page in site.fetched if page.axe is not None}
    results = {url: replace(walked[url], sample_reason=why) for url, why in sample if url in walked}
    to_load = [(url, why) for url, why in sample if url not in walked]
    if not to_load:
        return results
    if on_start is not None:
        settings = replace(settings, on_page=_counting(on_start, len(to_load)))
    try:  # each driver ends, through egov_audit.render.reaper, every browser process it started
        if settings.driver == "selenium":
            from egov_audit.render.selenium_driver import audit_with_selenium

            return results | audit_with_selenium(to_load, settings)
        from egov_audit.render.playwright_driver import audit_with_playwright

        return results | audit_with_playwright(to_load, settings)
    except Exception as exc:
        reason = f"rendering failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        return results | {url: AxeResult(sample_reason=why, error=reason) for url, why in to_load}


RenderProgress = Callable[[int, int, str], None]


def _counting(on_start: RenderProgress, total: int) -> Callable[[str], None]:
    """A driver says which page it starts; the display wants how many have started of how many.
    Selenium's workers are threads, so the count is taken under a lock."""
    lock = threading.Lock()
    started = 0

    def page_started(url: str) -> None:
        nonlocal started
        with lock:
            started += 1
            count = started
        on_start(count, total, url)

    return page_started
