"""Availability checks on hand-built snapshots: no crawl, no network."""

from __future__ import annotations

from egov_audit.audits.broken_links import find_broken
from egov_audit.audits.checks.availability import (
    ChainParams,
    MaxBytesParams,
    MaxSecondsParams,
    PercentileParams,
    ShareParams,
    broken_links,
    home_reachable,
    percentile,
    redirect_chain_length,
    response_time_percentile,
    response_time_under,
    size_under,
    success_share,
)
from egov_audit.audits.checks.registry import NoParams
from egov_audit.audits.model import Outcome
from egov_audit.crawler.model import Discovery, Link, PageSnapshot, SiteSnapshot

BASE = "http://portal.test"
NONE = NoParams()


def page(path: str, status: int | None = 200, **kw: object) -> PageSnapshot:
    kw.setdefault("content_type", "text/html")
    kw.setdefault("elapsed", 0.1)
    return PageSnapshot(url=f"{BASE}{path}", status=status, **kw)  # type: ignore[arg-type]


def links(*paths: str) -> tuple[Link, ...]:
    return tuple(Link(f"{BASE}{p}", p) for p in paths)


def site(*pages: PageSnapshot, start: str = "/") -> SiteSnapshot:
    return SiteSnapshot(start_url=f"{BASE}{start}", pages=list(pages))


class TestHomeReachable:
    def test_passes_through_a_redirect_to_an_html_page(self) -> None:
        result = home_reachable(
            site(page("/", 302, location=f"{BASE}/kk/"), page("/kk/", discovery=Discovery.REDIRECT)), NONE
        )
        assert result.outcome is Outcome.PASS
        assert [e.url for e in result.evidence] == [f"{BASE}/", f"{BASE}/kk/"]

    def test_fails_on_a_server_error(self) -> None:
        result = home_reachable(site(page("/", 503)), NONE)
        assert result.outcome is Outcome.FAIL
        assert "HTTP 503" in result.summary

    def test_fails_when_nothing_answers(self) -> None:
        result = home_reachable(site(page("/", None, error="timeout: no complete answer within 20 s")), NONE)
        assert result.outcome is Outcome.FAIL
        assert "timeout" in result.summary

    def test_fails_on_a_redirect_loop(self) -> None:
        loop = site(page("/", 301, location=f"{BASE}/a/"), page("/a/", 301, location=f"{BASE}/"))
        assert home_reachable(loop, NONE).outcome is Outcome.FAIL

    def test_fails_when_home_leaves_the_site(self) -> None:
        result = home_reachable(site(page("/", 301, location="http://elsewhere.test/")), NONE)
        assert result.outcome is Outcome.FAIL
        assert "outside the audited site" in result.summary

    def test_fails_when_home_is_not_html(self) -> None:
        assert home_reachable(site(page("/", content_type="application/pdf")), NONE).outcome is Outcome.FAIL

    def test_errors_when_the_start_url_was_never_fetched(self) -> None:
        assert home_reachable(site(page("/other/")), NONE).outcome is Outcome.ERROR


class TestSuccessShare:
    def test_counts_final_answers_not_redirect_hops(self) -> None:
        pages = [page(f"/{i}/") for i in range(19)] + [page("/bad/", 404), page("/r/", 301, location=f"{BASE}/0/")]
        result = success_share(site(*pages), ShareParams(min_share=0.95))
        assert result.outcome is Outcome.PASS  # 19 of 20: the redirect is not counted
        assert "95.0% of 20 pages" in result.summary

    def test_fails_below_the_share_and_lists_the_failures(self) -> None:
        result = success_share(site(page("/"), page("/x/", 500)), ShareParams(min_share=0.95))
        assert result.outcome is Outcome.FAIL
        assert [(e.url, e.detail) for e in result.evidence] == [(f"{BASE}/x/", "HTTP 500")]

    def test_not_applicable_without_pages(self) -> None:
        assert success_share(site(), ShareParams()).outcome is Outcome.NOT_APPLICABLE


class TestBrokenLinks:
    def test_names_the_broken_url_and_every_page_linking_to_it(self) -> None:
        crawl = site(
            page("/", links=links("/a/", "/gone/")),
            page("/a/", links=links("/gone/")),
            page("/gone/", 404, referrer=f"{BASE}/"),
        )
        result = broken_links(crawl, NONE)
        assert result.outcome is Outcome.FAIL
        (evidence,) = result.evidence
        assert evidence.url == f"{BASE}/gone/"
        assert evidence.detail == f"HTTP 404; linked from {BASE}/, {BASE}/a/"

    def test_a_redirect_into_an_error_is_broken_and_named_by_its_first_url(self) -> None:
        crawl = site(
            page("/", links=links("/old/")),
            page("/old/", 301, location=f"{BASE}/new/"),
            page("/new/", 500, discovery=Discovery.REDIRECT),
        )
        (broken,) = find_broken(crawl)
        assert (broken.url, broken.final_url, broken.answer) == (f"{BASE}/old/", f"{BASE}/new/", "HTTP 500")

    def test_a_failed_connection_is_broken(self) -> None:
        crawl = site(page("/", links=links("/t/")), page("/t/", None, error="connection refused"))
        assert "connection refused" in broken_links(crawl, NONE).evidence[0].detail

    def test_a_sitemap_entry_that_fails_says_so(self) -> None:
        crawl = site(page("/"), page("/s/", 404, discovery=Discovery.SITEMAP))
        assert broken_links(crawl, NONE).evidence[0].detail == "HTTP 404; listed in the sitemap"

    def test_robots_refusals_are_not_broken(self) -> None:
        crawl = site(page("/"), page("/internal/", None, blocked_by_robots=True, error="disallowed"))
        assert broken_links(crawl, NONE).outcome is Outcome.PASS


class TestRedirectChains:
    def test_long_chain_fails_with_its_path(self) -> None:
        crawl = site(
            page("/", links=links("/a/")),
            page("/a/", 301, location=f"{BASE}/b/"),
            page("/b/", 301, location=f"{BASE}/c/", discovery=Discovery.REDIRECT),
            page("/c/", 302, location=f"{BASE}/d/", discovery=Discovery.REDIRECT),
            page("/d/", discovery=Discovery.REDIRECT),
        )
        result = redirect_chain_length(crawl, ChainParams(max_hops=2))
        assert result.outcome is Outcome.FAIL
        assert result.evidence[0].detail == f"3 redirects: {BASE}/a/ -> {BASE}/b/ -> {BASE}/c/ -> {BASE}/d/"
        assert redirect_chain_length(crawl, ChainParams(max_hops=3)).outcome is Outcome.PASS

    def test_loop_fails(self) -> None:
        crawl = site(
            page("/"),
            page("/a/", 301, location=f"{BASE}/b/"),
            page("/b/", 301, location=f"{BASE}/a/", discovery=Discovery.REDIRECT),
        )
        result = redirect_chain_length(crawl, ChainParams(max_hops=5))
        assert result.outcome is Outcome.FAIL
        assert result.evidence[0].detail.startswith("redirect loop")

    def test_not_applicable_without_redirects(self) -> None:
        assert redirect_chain_length(site(page("/")), ChainParams()).outcome is Outcome.NOT_APPLICABLE


class TestResponseTimes:
    def test_percentile_is_nearest_rank(self) -> None:
        assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.0
        assert percentile([1.0, 2.0, 3.0, 4.0], 95) == 4.0
        assert percentile([5.0], 95) == 5.0

    def test_percentile_rule(self) -> None:
        crawl = site(*[page(f"/{i}/", elapsed=0.1) for i in range(19)], page("/slow/", elapsed=9.0))
        assert response_time_percentile(crawl, PercentileParams(percentile=50, max_seconds=1)).outcome is Outcome.PASS
        failing = response_time_percentile(crawl, PercentileParams(percentile=100, max_seconds=1))
        assert failing.outcome is Outcome.FAIL
        assert failing.evidence[0] == failing.evidence[0].__class__(f"{BASE}/slow/", "9.00 s")

    def test_slow_page(self) -> None:
        assert response_time_under(page("/", elapsed=2.5), MaxSecondsParams(max_seconds=2)).outcome is Outcome.FAIL
        assert response_time_under(page("/", elapsed=0.5), MaxSecondsParams(max_seconds=2)).outcome is Outcome.PASS
        unanswered = page("/", None, error="timeout", elapsed=20.0)
        assert response_time_under(unanswered, MaxSecondsParams(max_seconds=2)).outcome is Outcome.NOT_APPLICABLE


class TestSize:
    def test_over_and_under(self) -> None:
        assert size_under(page("/", size=3000), MaxBytesParams(max_bytes=2000)).outcome is Outcome.FAIL
        assert size_under(page("/", size=1000), MaxBytesParams(max_bytes=2000)).outcome is Outcome.PASS

    def test_cut_at_the_download_cap_fails(self) -> None:
        capped = page("/", None, over_size_cap=True, error="download stopped: larger than the size cap")
        assert size_under(capped, MaxBytesParams(max_bytes=2000)).outcome is Outcome.FAIL
