"""Navigation checks on hand-built snapshots: site maps, menus, catalogues, links out, languages."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime

import pytest

from egov_audit.audits.checks.content import LinkParams
from egov_audit.audits.checks.navigation import (
    ControlParams,
    HostsParams,
    LanguagesParams,
    ListParams,
    NavigationParams,
    control_present,
    external_links,
    links_listed,
    navigation_consistent,
    other_language_versions,
    sitemap_offered,
)
from egov_audit.audits.checks.registry import Context
from egov_audit.audits.model import Outcome
from egov_audit.crawler.model import Alternate, FetchKind, Link, PageSnapshot, SiteSnapshot

BASE = "https://city.gov.test"
FETCHED_AT = datetime(2026, 11, 20, 12, tzinfo=UTC).timestamp()
ENGLISH = (
    "The city council publishes its decisions, budget and services for residents every week, and invites "
    "everyone to comment on the drafts before the council votes on them in its public sessions. Residents may "
    "also follow the sessions online and read the minutes afterwards."
)
RUSSIAN = (
    "Городской совет каждую неделю публикует свои решения, бюджет и услуги для жителей и приглашает всех "
    "высказаться о проектах, прежде чем совет проголосует за них на открытых заседаниях. Жители также могут "
    "следить за заседаниями в интернете и читать протоколы."
)


def page(path: str = "/", status: int | None = 200, **kw: object) -> PageSnapshot:
    kw.setdefault("content_type", "text/html; charset=utf-8")
    kw.setdefault("fetched_at", FETCHED_AT)
    return PageSnapshot(url=f"{BASE}{path}", status=status, **kw)  # type: ignore[arg-type]


def site(*pages: PageSnapshot) -> SiteSnapshot:
    return SiteSnapshot(f"{BASE}/", list(pages))


def context(*pages: PageSnapshot) -> Context:
    return Context(site(*pages), ("en", "ru", "kk"))


NOT_HTML = [
    page("/x", content_type="application/pdf"),
    page("/x", status=404),
    page("/x", status=None, error="timeout"),
]
MENU = (
    Link(f"{BASE}/", "Home", region="header"),
    Link(f"{BASE}/services/", "Services", region="nav"),
    Link(f"{BASE}/news/", "News", region="nav"),
    Link(f"{BASE}/council/", "Council", region="nav"),
    Link(f"{BASE}/contacts/", "Contacts", region="nav"),
)


class TestSitemapOffered:
    def test_a_sitemap_the_crawl_read_passes(self) -> None:
        sitemap = PageSnapshot(
            f"{BASE}/sitemap.xml", FetchKind.SITEMAP, 200, sitemap_entries=((f"{BASE}/", ""), (f"{BASE}/news/", ""))
        )
        result = sitemap_offered(site(page(), sitemap), LinkParams(concept="sitemap"), context())
        assert result.outcome is Outcome.PASS
        assert result.summary == "1 sitemap with 2 entries."

    def test_a_site_map_link_on_the_home_page_passes(self) -> None:
        home = page(links=(Link(f"{BASE}/site-map/", "Site map", region="footer"),))
        result = sitemap_offered(site(home), LinkParams(concept="sitemap"), context(home))
        assert result.outcome is Outcome.PASS
        assert result.summary == f"Links to {BASE}/site-map/ (Site map)."

    def test_neither_fails_and_a_home_page_that_gave_nothing_is_not_applicable(self) -> None:
        empty = PageSnapshot(f"{BASE}/sitemap.xml", FetchKind.SITEMAP, 404)
        home = page(links=MENU)
        result = sitemap_offered(site(home, empty), LinkParams(concept="sitemap"), context(home))
        assert result.outcome is Outcome.FAIL
        assert result.summary == "No sitemap with entries and no link to a site map on the home page."
        down = site(page(status=503))
        assert sitemap_offered(down, LinkParams(concept="sitemap"), context()).outcome is Outcome.NOT_APPLICABLE


class TestNavigationConsistent:
    def test_a_page_with_the_home_menu_and_a_way_back_passes(self) -> None:
        home, news = page(links=MENU), page("/news/", links=MENU[:4])
        result = navigation_consistent(news, NavigationParams(), context(home, news))
        assert result.outcome is Outcome.PASS
        assert result.summary == "Links back to the home page and carries 75% of its menu links."

    def test_a_page_without_the_menu_or_a_way_home_fails_saying_both(self) -> None:
        home, lost = page(links=MENU), page("/lost/", links=(Link(f"{BASE}/news/", "News"),))
        result = navigation_consistent(lost, NavigationParams(), context(home, lost))
        assert result.outcome is Outcome.FAIL
        assert result.summary == (
            "Navigation: no link back to the home page; 25% of the home page's menu links (at least 50% expected)."
        )
        assert result.evidence[0].detail == "carries 25% of the home page's 4 menu links"

    def test_a_page_in_another_language_is_held_to_its_version_of_the_home_page(self) -> None:
        kk_menu = (
            Link(f"{BASE}/kk/", "Басты бет", region="header"),
            Link(f"{BASE}/kk/news/", "Жаңалықтар", region="nav"),
        )
        en_menu = (Link(f"{BASE}/en/", "Home", region="header"), Link(f"{BASE}/en/news/", "News", region="nav"))
        switch = (Alternate("kk", f"{BASE}/kk/"), Alternate("en", f"{BASE}/en/"))
        home = page("/kk/", lang="kk", links=kk_menu, alternates=switch)
        english_home_page = page("/en/", lang="en", links=en_menu, alternates=switch)
        english_news = page("/en/news/", lang="en", links=en_menu)
        pages = (home, english_home_page, english_news)
        site_of = Context(SiteSnapshot(f"{BASE}/kk/", list(pages)), ())
        result = navigation_consistent(english_news, NavigationParams(), site_of)
        assert result.outcome is Outcome.PASS, result.summary
        assert navigation_consistent(english_home_page, NavigationParams(), site_of).outcome is Outcome.NOT_APPLICABLE
        lost = page("/en/lost/", lang="en", links=kk_menu[1:])
        result = navigation_consistent(
            lost, NavigationParams(), Context(SiteSnapshot(f"{BASE}/kk/", [*pages, lost]), ())
        )
        assert result.outcome is Outcome.FAIL
        assert result.summary.startswith("Navigation: no link back to the home page; 0% of the home page's menu links")

    def test_the_home_page_itself_is_not_applicable(self) -> None:
        home = page(links=MENU)
        assert navigation_consistent(home, NavigationParams(), context(home)).outcome is Outcome.NOT_APPLICABLE

    @pytest.mark.parametrize("snapshot", NOT_HTML)
    def test_not_applicable_to_what_is_not_an_html_page(self, snapshot: PageSnapshot) -> None:
        result = navigation_consistent(snapshot, NavigationParams(), context(page(links=MENU), snapshot))
        assert result.outcome is Outcome.NOT_APPLICABLE


class TestLinksListed:
    def test_a_catalogue_of_content_links_passes_and_the_menu_does_not_count(self) -> None:
        services = tuple(Link(f"{BASE}/services/{n}/", f"Service {n}", region="main") for n in range(6))
        catalogue = page("/services/", links=MENU + services + (Link("mailto:a@city.gov.test", "write"),))
        result = links_listed(catalogue, ListParams(min_links=5))
        assert result.outcome is Outcome.PASS
        assert result.summary == "Its content links to 6 pages."
        bare = page("/services/", links=MENU + services[:2])
        result = links_listed(bare, ListParams(min_links=5))
        assert result.outcome is Outcome.FAIL
        assert result.summary == "Its content links to 2 pages; at least 5 expected."

    @pytest.mark.parametrize("snapshot", NOT_HTML)
    def test_not_applicable_to_what_is_not_an_html_page(self, snapshot: PageSnapshot) -> None:
        assert links_listed(snapshot, ListParams()).outcome is Outcome.NOT_APPLICABLE


SOCIAL = HostsParams(hosts=["facebook.com", "t.me", "gov.test"], min_hosts=2)


class TestExternalLinks:
    def test_links_to_the_hosts_sought_pass_subdomains_included(self) -> None:
        home = page(links=(Link("https://www.facebook.com/city", "Facebook"), Link("https://t.me/city", "Telegram")))
        result = external_links(home, SOCIAL, context(home))
        assert result.outcome is Outcome.PASS
        assert result.summary == "Links to 2 hosts sought: www.facebook.com, t.me."

    def test_the_portal_own_host_never_counts(self) -> None:
        home = page(links=(Link(f"{BASE}/about/", "About"), Link("https://t.me/city", "Telegram")))
        result = external_links(home, SOCIAL, context(home))
        assert result.outcome is Outcome.FAIL
        assert result.summary == "Hosts sought that the page links to: 1 (at least 2 expected)."
        assert [e.url for e in result.evidence] == ["https://t.me/city"]

    @pytest.mark.parametrize("snapshot", NOT_HTML)
    def test_not_applicable_to_what_is_not_an_html_page(self, snapshot: PageSnapshot) -> None:
        assert external_links(snapshot, SOCIAL, context()).outcome is Outcome.NOT_APPLICABLE


def english_home(*alternates: Alternate) -> PageSnapshot:
    return page("/en/", lang="en", text=ENGLISH, main_chars=len(ENGLISH), alternates=alternates)


class TestOtherLanguageVersions:
    def test_a_home_page_with_a_russian_version_written_in_russian_passes(self) -> None:
        home = page(
            "/en/", lang="en", text=ENGLISH, main_chars=len(ENGLISH), alternates=(Alternate("ru", f"{BASE}/ru/"),)
        )
        russian = page("/ru/", lang="ru", text=RUSSIAN, main_chars=len(RUSSIAN))
        result = other_language_versions(SiteSnapshot(f"{BASE}/en/", [home, russian]), LanguagesParams())
        assert result.outcome is Outcome.PASS
        assert result.summary == "The home page exists in en, ru."

    def test_a_version_written_in_another_language_or_none_fails(self) -> None:
        home = page(
            "/en/", lang="en", text=ENGLISH, main_chars=len(ENGLISH), alternates=(Alternate("ru", f"{BASE}/ru/"),)
        )
        fake = page("/ru/", lang="ru", text=ENGLISH, main_chars=len(ENGLISH))
        result = other_language_versions(SiteSnapshot(f"{BASE}/en/", [home, fake]), LanguagesParams())
        assert result.outcome is Outcome.FAIL
        assert result.summary == "The home page exists in 1 language; at least 2 expected."
        assert "the ru version is written in en" in [e.detail for e in result.evidence]
        alone = page("/en/", lang="en", text=ENGLISH)
        assert other_language_versions(SiteSnapshot(f"{BASE}/en/", [alone]), LanguagesParams()).outcome is Outcome.FAIL

    def test_no_home_page_is_not_applicable(self) -> None:
        down = SiteSnapshot(f"{BASE}/", [page(status=500)])
        assert other_language_versions(down, LanguagesParams()).outcome is Outcome.NOT_APPLICABLE


def with_html(body: str, path: str = "/") -> PageSnapshot:
    html = f'<html lang="ru"><head><title>t</title></head><body>{body}</body></html>'
    return page(path, lang="ru", html_z=zlib.compress(html.encode()))


LOW_VISION = ControlParams(concept="low_vision_version")


class TestControlPresent:
    def test_a_button_with_no_address_counts_as_a_link_does(self) -> None:
        home = with_html('<header><button type="button" class="eye">Версия для слабовидящих</button></header>')
        result = control_present(home, LOW_VISION, context(home))
        assert result.outcome is Outcome.PASS
        assert result.summary == "A control (button) says 'Версия для слабовидящих' ('версия для слабовидящих')."
        linked = with_html('<a href="/special/" title="Версия для слабовидящих"><img src="eye.svg" alt=""></a>')
        assert control_present(linked, LOW_VISION, context(linked)).outcome is Outcome.PASS

    def test_a_phrase_lost_in_a_long_text_is_no_control_and_the_failure_names_what_was_sought(self) -> None:
        home = with_html(
            "<p>Версия для слабовидящих</p><button>Подписаться на новости о том, как город помогает людям, "
            "которым нужна версия для слабовидящих, и многое другое</button>"
        )
        result = control_present(home, LOW_VISION, context(home))
        assert result.outcome is Outcome.FAIL
        assert result.summary == ("No link or button says the version for the visually impaired (read in en, ru, kk).")

    def test_a_page_concept_is_refused(self) -> None:
        with pytest.raises(ValueError, match="a link concept is needed"):
            ControlParams(concept="dataset_metadata")

    @pytest.mark.parametrize("snapshot", NOT_HTML)
    def test_not_applicable_to_what_is_not_an_html_page(self, snapshot: PageSnapshot) -> None:
        assert control_present(snapshot, LOW_VISION, context()).outcome is Outcome.NOT_APPLICABLE
