"""Inclusion checks on hand-built snapshots: no crawl, no browser."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from egov_audit.audits.checks.inclusion import (
    ClickParams,
    WeightParams,
    click_depth,
    click_distances,
    mobile_viewport,
    page_weight,
)
from egov_audit.audits.checks.registry import NoParams
from egov_audit.audits.model import Outcome
from egov_audit.crawler.model import AxeResult, Discovery, FetchKind, Link, PageSnapshot, SiteSnapshot

BASE = "https://portal.gov.test"
NONE = NoParams()


def page(path: str = "/", status: int | None = 200, **kw: object) -> PageSnapshot:
    kw.setdefault("content_type", "text/html")
    return PageSnapshot(url=f"{BASE}{path}", status=status, **kw)  # type: ignore[arg-type]


def links(*paths: str) -> tuple[Link, ...]:
    return tuple(Link(f"{BASE}{p}", p) for p in paths)


def site(*pages: PageSnapshot, start: str = "/") -> SiteSnapshot:
    return SiteSnapshot(start_url=f"{BASE}{start}", pages=list(pages))


NOT_HTML = [page(content_type="application/pdf"), page(status=500), page(status=None, error="timeout")]


class TestMobileViewport:
    @pytest.mark.parametrize(
        "viewport",
        [
            "width=device-width, initial-scale=1",
            "WIDTH = DEVICE-WIDTH, INITIAL-SCALE = 1",
            "width=device-width, initial-scale=1, maximum-scale=5",
            "width=device-width, maximum-scale=2.0",
            "width=device-width, user-scalable=yes",
        ],
    )
    def test_responsive_and_zoomable(self, viewport: str) -> None:
        result = mobile_viewport(page(viewport=viewport), NONE)
        assert result.outcome is Outcome.PASS
        assert result.evidence[0].detail == f"viewport: {viewport!r}"

    @pytest.mark.parametrize(
        "viewport",
        [
            "width=device-width, initial-scale=1, user-scalable=no",
            "width=device-width, user-scalable = NO",
            "width=device-width, user-scalable=0",
            "width=device-width, initial-scale=1, maximum-scale=1",
            "width=device-width, maximum-scale=1.0",
            "width=device-width, maximum-scale=1.5",
        ],
    )
    def test_zoom_forbidden_fails(self, viewport: str) -> None:
        result = mobile_viewport(page(viewport=viewport), NONE)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "The viewport forbids zooming."

    def test_malformed_maximum_scale_is_judged_not_raised(self) -> None:
        # Browsers read the leading number of "1.0.0" (1.0): zoom is forbidden. One such page must not turn
        # the whole rule into an error.
        result = mobile_viewport(page(viewport="width=device-width, maximum-scale=1.0.0"), NONE)
        assert result.outcome is Outcome.FAIL

    @pytest.mark.parametrize("viewport", [None, "", "width=1024", "initial-scale=1"])
    def test_not_responsive_fails(self, viewport: str | None) -> None:
        result = mobile_viewport(page(viewport=viewport), NONE)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "No responsive viewport (width=device-width)."

    @pytest.mark.parametrize("p", NOT_HTML)
    def test_not_applicable(self, p: PageSnapshot) -> None:
        assert mobile_viewport(p, NONE).outcome is Outcome.NOT_APPLICABLE


class TestPageWeight:
    PARAMS = WeightParams(max_bytes=100_000, max_resources=4)  # the document and three resources

    @staticmethod
    def rendered(document: int, *sizes: int) -> PageSnapshot:
        loaded = tuple((f"{BASE}/{i}.js", size) for i, size in enumerate(sizes))
        return page(axe=AxeResult("sample", document_bytes=document, resources=loaded))

    def test_within_budget(self) -> None:
        result = page_weight(self.rendered(40_000, 20_000, 20_000, 20_000), self.PARAMS)
        assert result.outcome is Outcome.PASS
        assert result.summary == "rendered: 100,000 bytes in 4 requests"

    def test_too_many_bytes(self) -> None:
        result = page_weight(self.rendered(100_001), self.PARAMS)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "rendered: 100,001 bytes in 1 requests (budget 100,000 bytes, 4 requests)."

    def test_too_many_resources(self) -> None:
        assert page_weight(self.rendered(10, 1, 1, 1, 1), self.PARAMS).outcome is Outcome.FAIL

    def test_a_page_not_rendered_is_not_judged_by_another_measure(self) -> None:
        # Its HTML alone says nothing of what it loads: every page is measured the same way, or not at all.
        unrendered = page(size=900_000, resources=tuple(f"{BASE}/{i}.js" for i in range(90)))
        result = page_weight(unrendered, self.PARAMS)
        assert result.outcome is Outcome.NOT_APPLICABLE and result.summary == "The page was not rendered."

    @pytest.mark.parametrize("p", NOT_HTML)
    def test_not_applicable(self, p: PageSnapshot) -> None:
        assert page_weight(p, self.PARAMS).outcome is Outcome.NOT_APPLICABLE

    def test_budget_must_be_positive(self) -> None:
        with pytest.raises(ValidationError):
            WeightParams(max_bytes=0, max_resources=1)


class TestClickDepth:
    def test_distances_follow_links(self) -> None:
        crawl = site(
            page("/", links=links("/a/", "/b/")), page("/a/", links=links("/a/1/")), page("/b/"), page("/a/1/")
        )
        assert click_distances(crawl) == {f"{BASE}/": 0, f"{BASE}/a/": 1, f"{BASE}/b/": 1, f"{BASE}/a/1/": 2}

    def test_within_the_limit_passes(self) -> None:
        crawl = site(page("/", links=links("/a/")), page("/a/", links=links("/a/1/")), page("/a/1/"))
        result = click_depth(crawl, ClickParams(max_clicks=2))
        assert result.outcome is Outcome.PASS
        assert result.summary == "All 3 pages within 2 clicks of the home page."

    def test_deeper_pages_fail(self) -> None:
        crawl = site(
            page("/", links=links("/a/")),
            page("/a/", links=links("/a/1/")),
            page("/a/1/", links=links("/a/1/x/")),
            page("/a/1/x/"),
        )
        result = click_depth(crawl, ClickParams(max_clicks=2))
        assert result.outcome is Outcome.FAIL
        assert result.summary == "1 of 4 pages are more than 2 clicks from the home page."
        assert [(e.url, e.detail) for e in result.evidence] == [(f"{BASE}/a/1/x/", "3 clicks")]

    def test_redirects_from_the_start_url_cost_no_click(self) -> None:
        crawl = site(
            page("/", 301, location=f"{BASE}/kk/"),
            page("/kk/", 302, location=f"{BASE}/kk/home/", discovery=Discovery.REDIRECT),
            page("/kk/home/", links=links("/kk/services/"), discovery=Discovery.REDIRECT),
            page("/kk/services/"),
        )
        distances = click_distances(crawl)
        assert distances[f"{BASE}/kk/home/"] == 0
        assert distances[f"{BASE}/kk/services/"] == 1
        assert click_depth(crawl, ClickParams(max_clicks=1)).outcome is Outcome.PASS
        assert click_depth(crawl, ClickParams(max_clicks=0)).outcome is Outcome.FAIL

    def test_a_redirecting_link_costs_one_click(self) -> None:
        crawl = site(
            page("/", links=links("/old/")),
            page("/old/", 301, location=f"{BASE}/new/"),
            page("/new/", discovery=Discovery.REDIRECT),
        )
        assert click_distances(crawl)[f"{BASE}/new/"] == 1

    def test_a_redirect_is_the_shortest_way_even_when_found_late(self) -> None:
        # / -> /a/ -> /c/ -> /t/ is 3 clicks, but / -> /old/ (301 to /new/) -> /t/ is only 2.
        crawl = site(
            page("/", links=links("/a/", "/old/")),
            page("/a/", links=links("/c/")),
            page("/old/", 301, location=f"{BASE}/new/"),
            page("/new/", links=links("/t/"), discovery=Discovery.REDIRECT),
            page("/c/", links=links("/t/")),
            page("/t/"),
        )
        assert click_distances(crawl)[f"{BASE}/t/"] == 2
        assert click_depth(crawl, ClickParams(max_clicks=2)).outcome is Outcome.PASS

    def test_sitemap_only_pages_fail(self) -> None:
        crawl = site(page("/"), page("/orphan/", discovery=Discovery.SITEMAP))
        result = click_depth(crawl, ClickParams(max_clicks=5))
        assert result.outcome is Outcome.FAIL
        assert [(e.url, e.detail) for e in result.evidence] == [
            (f"{BASE}/orphan/", "not reachable by clicks (only in the sitemap)")
        ]

    def test_pages_reached_otherwise_than_by_clicks(self) -> None:
        crawl = site(page("/"), page("/lost/", referrer="https://elsewhere.test/"))
        assert click_depth(crawl, ClickParams(max_clicks=5)).evidence[0].detail == "not reachable by clicks"

    def test_only_successful_html_pages_are_judged(self) -> None:
        crawl = site(
            page("/"),
            page("/deep.pdf", content_type="application/pdf", discovery=Discovery.SITEMAP),
            page("/gone/", 404, discovery=Discovery.SITEMAP),
            page("/robots.txt", kind=FetchKind.ROBOTS, content_type="text/plain"),
            page("/secret/", None, blocked_by_robots=True, discovery=Discovery.SITEMAP),
        )
        result = click_depth(crawl, ClickParams(max_clicks=0))
        # Only the home page is an HTML page that answered: nothing was reached by clicks to judge.
        assert result.outcome is Outcome.NOT_APPLICABLE
        crawl.pages.append(page("/a/", discovery=Discovery.SITEMAP))
        result = click_depth(SiteSnapshot(crawl.start_url, crawl.pages), ClickParams(max_clicks=0))
        assert result.outcome is Outcome.FAIL and result.score == 0.5

    def test_nothing_to_examine_when_the_home_page_was_not_fetched(self) -> None:
        assert click_depth(site(page("/other/")), ClickParams(max_clicks=3)).outcome is Outcome.NOT_APPLICABLE
        assert click_distances(site()) == {}

    def test_max_clicks_cannot_be_negative(self) -> None:
        with pytest.raises(ValidationError):
            ClickParams(max_clicks=-1)


def test_page_weight_of_a_rendered_page_counts_what_the_browser_loaded() -> None:
    from egov_audit.audits.checks.inclusion import WeightParams, page_weight
    from egov_audit.crawler.model import AxeResult

    rendered = AxeResult(
        "home page",
        document_bytes=20_000,
        resources=(("https://portal.gov.test/app.js", 300_000), ("https://cdn.test/font.woff", 250_000)),
    )
    heavy = PageSnapshot(
        url="https://portal.gov.test/", status=200, content_type="text/html", size=20_000, axe=rendered
    )
    result = page_weight(heavy, WeightParams(max_bytes=500_000, max_resources=60))
    assert result.outcome is Outcome.FAIL
    assert result.evidence[0].detail == "rendered: 570,000 bytes in 3 requests"
    light = PageSnapshot(
        url="https://portal.gov.test/",
        status=200,
        content_type="text/html",
        size=20_000,
        axe=AxeResult("home page", document_bytes=20_000),
    )
    assert page_weight(light, WeightParams(max_bytes=500_000, max_resources=60)).outcome is Outcome.PASS
