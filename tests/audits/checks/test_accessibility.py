"""Accessibility checks on hand-built axe-core results: no browser."""

from __future__ import annotations

from egov_audit.audits.checks.accessibility import (
    CleanShareParams,
    ViolationParams,
    axe_clean_share,
    axe_needs_review,
    axe_violations,
)
from egov_audit.audits.checks.registry import NoParams
from egov_audit.audits.model import Outcome
from egov_audit.crawler.model import AxeFinding, AxeResult, PageSnapshot, SiteSnapshot

BASE = "http://portal.test"
ALT = AxeFinding("image-alt", "critical", ("cat.text-alternatives", "wcag2a", "wcag111"), ("img",), "<img>", "h", "u")
CONTRAST = AxeFinding("color-contrast", "serious", ("wcag2aa", "wcag143"), ("p",), "<p>", "h", "u")
REVIEW = AxeFinding("color-contrast", "serious", ("wcag2aa", "wcag143"), ("#t",), "<textarea>", "h", "u", True)
BEST = AxeFinding("region", "moderate", ("best-practice",), ("div",), "<div>", "h", "u")


def page(path: str, *findings: AxeFinding, error: str | None = None, rendered: bool = True) -> PageSnapshot:
    axe = AxeResult("test", tuple(findings), passes=20, error=error) if rendered else None
    return PageSnapshot(url=f"{BASE}{path}", status=200, content_type="text/html", axe=axe)


def test_violations_by_level() -> None:
    result = axe_violations(page("/", ALT, CONTRAST), ViolationParams(levels=["A"]))
    assert result.outcome is Outcome.FAIL
    assert result.evidence[0].detail == "image-alt (critical; WCAG 1.1.1) at img"
    aa = axe_violations(page("/", ALT, CONTRAST), ViolationParams(levels=["AA"]))
    assert [e.detail for e in aa.evidence] == ["color-contrast (serious; WCAG 1.4.3) at p"]


def test_best_practices_and_needs_review_are_not_violations() -> None:
    assert axe_violations(page("/", BEST, REVIEW), ViolationParams()).outcome is Outcome.PASS


def test_impacts_filter() -> None:
    assert axe_violations(page("/", CONTRAST), ViolationParams(impacts=["critical"])).outcome is Outcome.PASS


def test_unrendered_and_failed_renders() -> None:
    assert axe_violations(page("/", rendered=False), ViolationParams()).outcome is Outcome.NOT_APPLICABLE
    errored = axe_violations(page("/", error="timeout: the page or axe-core did not finish"), ViolationParams())
    assert errored.outcome is Outcome.ERROR and "timeout" in errored.summary


def test_clean_share_counts_rendered_pages_only() -> None:
    pages = [page(f"/{n}/") for n in range(9)] + [
        page("/bad/", ALT),
        page("/x/", rendered=False),
        page("/e/", error="crashed"),
    ]
    site = SiteSnapshot(f"{BASE}/", pages)
    result = axe_clean_share(site, CleanShareParams(min_share=0.9))
    assert result.outcome is Outcome.PASS and result.summary.startswith("9 of 10 rendered pages have no")
    assert result.score == 0.9
    assert [e.url for e in result.evidence] == [f"{BASE}/bad/"]
    assert axe_clean_share(site, CleanShareParams(min_share=0.95)).outcome is Outcome.FAIL


def test_clean_share_when_nothing_could_be_rendered() -> None:
    assert (
        axe_clean_share(SiteSnapshot(f"{BASE}/", [page("/", rendered=False)]), CleanShareParams()).outcome
        is Outcome.NOT_APPLICABLE
    )
    failed = axe_clean_share(
        SiteSnapshot(f"{BASE}/", [page("/", error="rendering failed: no browser")]), CleanShareParams()
    )
    assert failed.outcome is Outcome.ERROR and "no browser" in failed.summary


def test_needs_review_lists_incomplete_results() -> None:
    result = axe_needs_review(page("/", ALT, REVIEW), NoParams())
    assert result.outcome is Outcome.FAIL
    assert [e.detail for e in result.evidence] == ["color-contrast (serious; WCAG 1.4.3) at #t"]
    assert axe_needs_review(page("/", ALT), NoParams()).outcome is Outcome.PASS
