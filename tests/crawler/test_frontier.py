"""The frontier's decisions, without a crawl."""

from __future__ import annotations

from egov_audit.crawler.config import CrawlConfig
from egov_audit.crawler.frontier import (
    MAX_QUERY_VARIANTS,
    SITEMAP_PLACE,
    Admitted,
    Candidate,
    Frontier,
    max_family_size,
)
from egov_audit.crawler.model import Discovery, FetchKind, PageSnapshot
from egov_audit.crawler.robots import RobotsPolicy


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


def _admitted(f: Frontier, urls: list[str], discovery: Discovery = Discovery.LINK) -> list[object]:
    return [f.admit(url, 1, discovery, "http://portal.test/") for url in urls]


def test_large_ordinary_sections_are_left_to_the_page_budget() -> None:
    f = frontier(max_pages=1000)
    news = [f"http://portal.test/news/{n}/" for n in range(300)]
    pages = [f"http://portal.test/news/?page={n}" for n in range(200)]
    assert all(isinstance(d, Admitted) for d in _admitted(f, news + pages))


def test_an_endless_calendar_is_cut_at_its_family_limit_and_recorded_once() -> None:
    f = frontier(max_pages=1000, max_depth=10_000)
    months = [f"http://portal.test/events/{2026 + n // 12}/{n % 12 + 1}/" for n in range(400)]
    decisions = _admitted(f, months)
    assert sum(isinstance(d, Admitted) for d in decisions) == max_family_size(1000)
    traps = [d for d in decisions if isinstance(d, PageSnapshot)]
    assert len(traps) == 1 and traps[0].kind is FetchKind.TRAP and "/events/{n}/{n}/" in (traps[0].error or "")
    assert f.traps["/events/{n}/{n}/"] == 400 - max_family_size(1000)


def test_query_strings_that_combine_without_end_are_cut() -> None:
    f = frontier(max_pages=1000)
    combos = [f"http://portal.test/list?page={n}&sort={key}" for n in range(50) for key in "abcd"]
    decisions = _admitted(f, combos)
    assert sum(isinstance(d, Admitted) for d in decisions) == MAX_QUERY_VARIANTS
    assert any(isinstance(d, PageSnapshot) and d.kind is FetchKind.TRAP for d in decisions)


def test_sitemap_urls_are_never_trap_suspects_but_take_at_most_half_the_budget() -> None:
    f = frontier(max_pages=100)
    listed = [f"http://portal.test/events/{2000 + n}/1/" for n in range(80)]
    decisions = _admitted(f, listed, Discovery.SITEMAP)
    assert sum(isinstance(d, Admitted) for d in decisions) == 50
    assert not any(isinstance(d, PageSnapshot) for d in decisions)
    assert isinstance(f.admit("http://portal.test/by-link/", 1, Discovery.LINK, None), Admitted)


def candidate(path: str, depth: int, key: tuple[int, ...], discovery: Discovery = Discovery.LINK) -> Candidate:
    return Candidate(f"http://portal.test{path}", depth, discovery, None, key)


def released(f: Frontier) -> list[str]:
    return [
        c.url.removeprefix("http://portal.test") for c, decision in f.next_round() if isinstance(decision, Admitted)
    ]


def test_rounds_go_depth_by_depth_in_the_crawl_order_whatever_the_discovery_order() -> None:
    found = [
        candidate("/b/1/", 2, (1, 0)),
        candidate("/a/", 1, (0,)),
        candidate("/listed/", 1, (SITEMAP_PLACE, 0, 0), Discovery.SITEMAP),
        candidate("/a/1/", 2, (0, 0)),
        candidate("/b/", 1, (1,)),
    ]
    orders = []
    for ordering in (found, list(reversed(found)), found[2:] + found[:2]):
        f = frontier()
        for c in ordering:
            f.discover(c)
        orders.append([released(f), released(f), released(f)])
    assert orders[0] == [["/a/", "/b/", "/listed/"], ["/a/1/", "/b/1/"], []]
    assert orders[0] == orders[1] == orders[2]


def test_a_url_found_twice_keeps_its_earliest_place() -> None:
    f = frontier()
    f.discover(candidate("/shared/", 2, (5, 3)))
    f.discover(candidate("/other/", 2, (2, 0)))
    f.discover(candidate("/shared/", 2, (1, 7)))  # found again, by an earlier page
    assert released(f) == ["/shared/", "/other/"]


def test_under_a_cap_the_same_urls_are_taken_whatever_the_discovery_order() -> None:
    paths = [(f"/p{n}/", (n % 7, n)) for n in range(30)]
    taken = []
    for ordering in (paths, list(reversed(paths))):
        f = frontier(max_pages=10)
        for path, key in ordering:
            f.discover(candidate(path, 1, key))
        taken.append(released(f))
        assert released(f) == [] and f.dropped_for_budget == 20
    assert taken[0] == taken[1] and len(taken[0]) == 10


def test_what_is_already_taken_or_off_site_or_too_deep_never_waits() -> None:
    f = frontier(max_depth=1)
    f.mark_seen("http://portal.test/robots.txt")
    f.discover(candidate("/robots.txt", 1, (0,)))
    f.discover(Candidate("http://elsewhere.test/", 1, Discovery.LINK, None, (1,)))
    f.discover(candidate("/deep/", 2, (2,)))
    assert f.waiting == {}
