"""Discovery checks on hand-built snapshots of robots.txt and sitemaps: no network, no wall clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from egov_audit.audits.checks.discovery import FreshSitemapParams, Section, robots_and_sitemap, sitemap_freshness
from egov_audit.audits.checks.registry import NoParams
from egov_audit.audits.model import Evidence, Outcome
from egov_audit.crawler.model import FetchKind, PageSnapshot, SiteSnapshot

BASE = "https://portal.gov.test"
NONE = NoParams()
FETCHED_AT = datetime(2026, 11, 20, 12, tzinfo=UTC).timestamp()


def page(path: str, status: int | None = 200, **kw: object) -> PageSnapshot:
    kw.setdefault("fetched_at", FETCHED_AT)
    return PageSnapshot(url=f"{BASE}{path}", status=status, **kw)  # type: ignore[arg-type]


def robots(status: int | None = 200, **kw: object) -> PageSnapshot:
    return page("/robots.txt", status, kind=FetchKind.ROBOTS, content_type="text/plain", **kw)


def sitemap(
    *entries: tuple[str, str], path: str = "/sitemap.xml", status: int | None = 200, **kw: object
) -> PageSnapshot:
    full = tuple((f"{BASE}{loc}", lastmod) for loc, lastmod in entries)
    return page(path, status, kind=FetchKind.SITEMAP, content_type="application/xml", sitemap_entries=full, **kw)


def site(*pages: PageSnapshot) -> SiteSnapshot:
    return SiteSnapshot(start_url=f"{BASE}/", pages=[page("/", content_type="text/html"), *pages])


class TestRobotsAndSitemap:
    def test_both_present_passes(self) -> None:
        crawl = site(
            robots(),
            sitemap(("/kk/", ""), ("/ru/", "")),
            sitemap(("/kk/news/", "2026-11-01"), path="/sitemap-news.xml"),
        )
        result = robots_and_sitemap(crawl, NONE)
        assert result.outcome is Outcome.PASS
        assert result.summary == "robots.txt and 2 sitemaps with 3 entries."
        assert [e.url for e in result.evidence] == [
            f"{BASE}/robots.txt",
            f"{BASE}/sitemap.xml",
            f"{BASE}/sitemap-news.xml",
        ]

    def test_missing_robots_fails(self) -> None:
        result = robots_and_sitemap(site(robots(404), sitemap(("/kk/", ""))), NONE)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "No robots.txt."
        assert result.evidence[0] == Evidence(f"{BASE}/robots.txt", "HTTP 404")

    def test_robots_never_requested_fails(self) -> None:
        assert robots_and_sitemap(site(sitemap(("/kk/", ""))), NONE).summary == "No robots.txt."

    def test_empty_or_failed_sitemaps_fail(self) -> None:
        crawl = site(robots(), sitemap(), sitemap(("/kk/", ""), path="/sitemap2.xml", status=500))
        result = robots_and_sitemap(crawl, NONE)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "No sitemap with entries."

    def test_nothing_at_all_names_both(self) -> None:
        result = robots_and_sitemap(site(robots(None, error="connection reset")), NONE)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "No robots.txt and no sitemap with entries."
        assert result.evidence == (Evidence(f"{BASE}/robots.txt", "connection reset"),)


SECTIONS = FreshSitemapParams(
    sections=[
        Section(name="news", url=r"/(kk|ru|en)/news/", max_age_days=30),
        Section(name="legal acts", url=r"/(kk|ru|en)/documents/", max_age_days=365),
    ]
)


class TestSitemapFreshness:
    def test_every_section_in_time_passes(self) -> None:
        crawl = site(
            sitemap(
                ("/kk/news/1/", "2026-11-01"),
                ("/ru/news/2/", "2026-11-18T09:30:00+05:00"),
                ("/kk/documents/a/", "2026-03-01"),
                ("/kk/about/", "2019-01-01"),
            )
        )
        result = sitemap_freshness(crawl, SECTIONS)
        assert result.outcome is Outcome.PASS
        assert [e.detail for e in result.evidence] == [
            "news: last modified 2026-11-18 (2 days)",
            "legal acts: last modified 2026-03-01 (264 days)",
        ]

    def test_a_stale_section_fails_on_its_own_limit(self) -> None:
        crawl = site(sitemap(("/kk/news/1/", "2026-09-01"), ("/kk/documents/a/", "2026-09-01")))
        result = sitemap_freshness(crawl, SECTIONS)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "Stale: news (80 days, at most 30)."

    def test_the_newest_lastmod_across_sitemaps_counts(self) -> None:
        crawl = site(
            sitemap(("/kk/news/old/", "2025-01-01")),
            sitemap(("/en/news/new/", "2026-11-19T23:00:00Z"), path="/sitemap-en.xml"),
        )
        result = sitemap_freshness(crawl, FreshSitemapParams(sections=SECTIONS.sections[:1]))
        assert result.outcome is Outcome.PASS
        assert result.evidence[0].detail == "news: last modified 2026-11-19 (1 day)"

    def test_age_equal_to_the_limit_passes(self) -> None:
        crawl = site(sitemap(("/kk/news/1/", "2026-10-21")))
        params = FreshSitemapParams(sections=[Section(name="news", url="/news/", max_age_days=30)])
        assert sitemap_freshness(crawl, params).outcome is Outcome.PASS
        params = FreshSitemapParams(sections=[Section(name="news", url="/news/", max_age_days=29)])
        assert sitemap_freshness(crawl, params).outcome is Outcome.FAIL

    def test_age_is_counted_from_the_crawl_not_the_wall_clock(self) -> None:
        old_crawl = datetime(2019, 2, 1, tzinfo=UTC).timestamp()
        crawl = site(sitemap(("/kk/news/1/", "2019-01-25"), fetched_at=old_crawl))
        assert sitemap_freshness(crawl, FreshSitemapParams(sections=SECTIONS.sections[:1])).outcome is Outcome.PASS

    def test_a_section_without_lastmod_is_left_undecided(self) -> None:
        crawl = site(sitemap(("/kk/news/1/", "2026-11-10"), ("/kk/documents/a/", "")))
        result = sitemap_freshness(crawl, SECTIONS)
        assert result.outcome is Outcome.PASS
        assert result.evidence[1] == Evidence(r"/(kk|ru|en)/documents/", "legal acts: no lastmod")

    def test_not_applicable_without_lastmod(self) -> None:
        crawl = site(sitemap(("/kk/news/1/", ""), ("/kk/documents/a/", "not a date")))
        result = sitemap_freshness(crawl, SECTIONS)
        assert result.outcome is Outcome.NOT_APPLICABLE
        assert result.summary == "The sitemaps give no lastmod for these sections."

    def test_not_applicable_when_no_entry_is_in_the_sections(self) -> None:
        crawl = site(sitemap(("/kk/about/", "2026-11-10")))
        assert sitemap_freshness(crawl, SECTIONS).outcome is Outcome.NOT_APPLICABLE

    def test_not_applicable_without_sitemap_entries(self) -> None:
        assert sitemap_freshness(site(robots()), SECTIONS).outcome is Outcome.NOT_APPLICABLE
        assert sitemap_freshness(site(sitemap()), SECTIONS).outcome is Outcome.NOT_APPLICABLE

    def test_section_regex_ignores_case(self) -> None:
        crawl = site(sitemap(("/KK/NEWS/1/", "2026-11-10")))
        assert sitemap_freshness(crawl, FreshSitemapParams(sections=SECTIONS.sections[:1])).outcome is Outcome.PASS

    def test_params_are_validated(self) -> None:
        with pytest.raises(ValidationError):
            FreshSitemapParams(sections=[])
        with pytest.raises(ValidationError):
            Section(name="x", url="(", max_age_days=1)
        with pytest.raises(ValidationError):
            Section(name="x", url="/x/", max_age_days=-1)
