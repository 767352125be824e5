"""The rendering stage of an audit: sample the crawled pages, render them with the chosen
driver, and hand back axe-core's results; a browser that cannot start is a finding too."""

from __future__ import annotations

from audits.accessibility.axe import axe_version
from audits.accessibility.chromium import chromium_version
from audits.accessibility.fonts import font_digest
from audits.accessibility.sampling import choose_sample
from audits.accessibility.settings import RenderSettings
from audits.model import AxeResult, SiteSnapshot
from audits.rulebook import RuleSet


def instrument(settings: RenderSettings) -> dict[str, str]:
    """What rendered the pages: kept with every run, so a trend can be told from a new instrument."""
    record = {"axe_core": axe_version(), "chromium": chromium_version(), "driver": settings.driver}
    if settings.webdriver_url:
        record["webdriver"] = "remote"  # its browser lays pages out with the fonts of its own machine
    else:
        record["fonts"] = font_digest()
    return record


def render_sample(site: SiteSnapshot, rules: RuleSet, settings: RenderSettings) -> dict[str, AxeResult]:
    sample = choose_sample(site, rules, settings.sample, settings.seed, settings.random_share)
    if not sample:
        return {}
    try:  # each driver ends, through audits.accessibility.reaper, every browser process it started
        if settings.driver == "selenium":
            from audits.accessibility.selenium_driver import audit_with_selenium

            return audit_with_selenium(sample, settings)
        from audits.accessibility.playwright_driver import audit_with_playwright

        return audit_with_playwright(sample, settings)
    except Exception as exc:
        reason = f"rendering failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        return {url: AxeResult(sample_reason=why, error=reason) for url, why in sample}
