"""Coverage: what a crawl reached, and when it is too thin to compare (docs/scores.md, coverage)."""

from __future__ import annotations

import pytest

from egov_audit.audits.crawl_coverage import Comparability, crawl_coverage
from egov_audit.audits.notes import note
from egov_audit.crawler.config import CrawlConfig
from egov_audit.crawler.model import FetchKind, Link, PageSnapshot, SiteSnapshot, StopReason

BASE = "http://portal.test"
THRESHOLDS = Comparability(min_pages=10, max_off_site_share=0.5)


def page(path: str, *links: str, **fields: object) -> PageSnapshot:
    return PageSnapshot(
        url=f"{BASE}{path}",
        status=200,
        content_type="text/html",
        links=tuple(Link(url if "://" in url else f"{BASE}{url}") for url in links),
        **fields,  # type: ignore[arg-type]
    )


def site(*pages: PageSnapshot) -> SiteSnapshot:
    return SiteSnapshot(f"{BASE}/", list(pages))


def config(**fields: object) -> CrawlConfig:
    return CrawlConfig(start_url=f"{BASE}/", **fields)  # type: ignore[arg-type]


def test_a_full_crawl_is_comparable_and_counts_what_it_reached() -> None:
    pages = [page("/", *(f"/{n}/" for n in range(12)), "https://cdn.other.test/x")]
    pages += [page(f"/{n}/", "/") for n in range(12)]
    coverage = crawl_coverage(site(*pages), StopReason.FINISHED, config(), THRESHOLDS)
    assert (coverage.pages, coverage.links, coverage.links_off_site) == (13, 14, 1)
    assert coverage.off_site_hosts == (("cdn.other.test", 1),)
    assert coverage.cut_by is None and not coverage.low


def test_every_link_leaving_through_a_base_href_is_low_coverage_with_a_hint() -> None:
    # The one page reached: its links resolve against <base href> on another host.
    home = page("/", *(f"https://static.gov.test/{n}/" for n in range(8)), "/about/")
    coverage = crawl_coverage(site(home, page("/about/")), StopReason.FINISHED, config(), THRESHOLDS)
    assert coverage.low and coverage.off_site_share == 8 / 9
    assert coverage.reasons == (note("off_site", share="89%", links=9, hosts="static.gov.test", pages=2, min=10),)
    assert coverage.reasons[0].words() == (
        "89% of the links found (9) lead off the portal, to static.gov.test "
        "(pages reached: 2; a comparable audit needs 10)"
    )
    assert "--allow-host static.gov.test" in coverage.hints[0].words()


def test_a_small_portal_walked_to_its_end_is_comparable() -> None:
    pages = [page("/", "/a/", "/b/", "mailto:x@portal.test"), page("/a/", "/"), page("/b/", "/")]
    coverage = crawl_coverage(site(*pages), StopReason.FINISHED, config(), THRESHOLDS)
    assert coverage.pages == 3 and not coverage.low


def test_a_page_cap_below_the_minimum_is_low_coverage_and_one_above_is_not() -> None:
    pages = [page("/", *(f"/{n}/" for n in range(40)))] + [page(f"/{n}/") for n in range(4)]
    low = crawl_coverage(site(*pages), StopReason.MAX_PAGES, config(max_pages=5), THRESHOLDS)
    assert low.cut_by == "max_pages" and low.low
    assert low.reasons == (note("page_cap", cap=5, pages=5, min=10),) and low.hints == (note("raise_cap"),)
    pages += [page(f"/{n}/") for n in range(4, 20)]
    enough = crawl_coverage(site(*pages), StopReason.MAX_PAGES, config(max_pages=21), THRESHOLDS)
    assert enough.cut_by == "max_pages" and not enough.low


def test_the_time_budget_is_always_low_coverage_and_a_crawl_delay_is_named() -> None:
    robots = PageSnapshot(f"{BASE}/robots.txt", FetchKind.ROBOTS, status=200, text="User-agent: *\nCrawl-delay: 30\n")
    pages = [robots, *(page(f"/{n}/") for n in range(50))]
    coverage = crawl_coverage(site(*pages), StopReason.TIME_BUDGET, config(time_budget=60.0), THRESHOLDS)
    assert coverage.low and coverage.crawl_delay == 10.0  # asked 30, capped at max_crawl_delay
    assert coverage.reasons == (note("time_budget", budget="60", pages=50), note("crawl_delay", delay="10", fit=6))
    assert "no more than 6 pages fit in the budget" in coverage.reasons[1].words()


def test_robots_refusals_and_nothing_to_follow_are_named() -> None:
    refused = PageSnapshot(f"{BASE}/private/", blocked_by_robots=True)
    coverage = crawl_coverage(site(page("/", "/private/"), refused), StopReason.FINISHED, config(), THRESHOLDS)
    assert coverage.robots_refused == 1 and coverage.reasons == (note("robots", refused=1, pages=1, min=10),)
    bare = crawl_coverage(site(page("/")), StopReason.FINISHED, config(), THRESHOLDS)
    assert bare.reasons == (note("no_links", pages=1, min=10),)


@pytest.mark.parametrize("asked, honoured", [(None, None), (0.0, None), (2.5, 2.5), (120.0, 10.0)])
def test_crawl_delay_is_honoured_up_to_the_cap(asked: float | None, honoured: float | None) -> None:
    assert config().honoured_delay(asked) == honoured
    assert config(obey_robots=False).honoured_delay(asked) is None
