"""The frontier's decisions, without a crawl."""

from __future__ import annotations

from audits.crawl_config import CrawlConfig
from audits.model import Discovery, PageSnapshot
from crawler.frontier import Admitted, Frontier
from crawler.robots import RobotsPolicy


def frontier(**kw: object) -> Frontier:
    return Frontier(CrawlConfig(start_url="http://portal.test/", **kw))  # type: ignore[arg-type]


def test_same_site_means_the_host_and_its_www_twin_on_any_port() -> None:
    f = frontier()
    assert f.is_on_site("http://portal.test/a") and f.is_on_site("https://www.portal.test:8443/b")
    assert not f.is_on_site("http://other.test/") and not f.is_on_site("mailto:x@portal.test")
    assert frontier(extra_hosts=frozenset({"cdn.test"})).is_on_site("http://cdn.test/x")


def test_each_url_is_admitted_once_fragments_aside() -> None:
    f = frontier()
    assert isinstance(f.admit("http://portal.test/a#top", 1, Discovery.LINK, None), Admitted)
    assert f.admit("http://portal.test/a", 1, Discovery.LINK, None) is None
    assert f.admitted == 1


def test_depth_and_page_budget() -> None:
    f = frontier(max_depth=2, max_pages=2)
    assert f.admit("http://portal.test/deep", 3, Discovery.LINK, None) is None
    assert f.admit("http://portal.test/1", 1, Discovery.LINK, None)
    assert f.admit("http://portal.test/2", 1, Discovery.LINK, None)
    assert f.admit("http://portal.test/3", 1, Discovery.LINK, None) is None
    assert f.dropped_for_budget == 1


def test_robots_refusal_is_recorded_not_requested() -> None:
    f = frontier()
    f.robots = RobotsPolicy.parse(b"User-agent: *\nDisallow: /internal/\n", "egov-audit")
    decision = f.admit("http://portal.test/internal/x", 1, Discovery.LINK, "http://portal.test/")
    assert isinstance(decision, PageSnapshot) and decision.blocked_by_robots
    assert f.admitted == 0
    assert isinstance(
        frontier(obey_robots=False).admit("http://portal.test/internal/x", 1, Discovery.LINK, None), Admitted
    )
