"""When a rendered page reveals substantially more than its HTML, and what the crawl then decides."""

from __future__ import annotations

from egov_audit.crawler.discovery import (
    MAX_PROBES,
    MIN_NEW_LINKS,
    MIN_NEW_WORDS,
    Comparison,
    Discovery,
    DiscoveryMode,
    looks_script_built,
)
from egov_audit.crawler.model import Link, PageSnapshot

BASE = "http://portal.test"


def on_site(url: str) -> bool:
    return url.startswith(BASE)


def page(
    path: str = "/", links: int = 0, words: int = 0, scripts: int = 1, markers: tuple[str, ...] = (), first: int = 0
) -> PageSnapshot:
    return PageSnapshot(
        url=f"{BASE}{path}",
        status=200,
        content_type="text/html",
        links=tuple(Link(f"{BASE}/p{first + n}/") for n in range(links)),
        text=" ".join(["word"] * words),
        scripts=scripts,
        markers=markers,
    )


def test_a_shell_whose_rendering_links_to_pages_reveals_more() -> None:
    comparison = Comparison.of(page(links=0), page(links=MIN_NEW_LINKS), on_site)
    assert comparison.new_links == MIN_NEW_LINKS and comparison.reveals_more


def test_one_more_link_in_a_large_menu_is_the_same_page() -> None:
    comparison = Comparison.of(page(links=40), page(links=41), on_site)
    assert comparison.new_links == 1 and not comparison.reveals_more


def test_new_links_count_against_the_links_already_served() -> None:
    # The portal's menu around an empty application root: 26 links served, 8 services rendered.
    assert Comparison.of(page(links=26), page(links=34), on_site).reveals_more
    # A page of 150 links whose carousel adds 6: not substantially more.
    assert not Comparison.of(page(links=150), page(links=156), on_site).reveals_more


def test_links_off_the_portal_do_not_count() -> None:
    rendered = page(links=0)
    rendered.links = tuple(Link(f"https://elsewhere.test/{n}/") for n in range(20))
    assert not Comparison.of(page(), rendered, on_site).reveals_more


def test_words_reveal_more_only_when_many_and_a_large_share() -> None:
    assert Comparison.of(page(words=20), page(words=20 + MIN_NEW_WORDS), on_site).reveals_more
    assert not Comparison.of(page(words=20), page(words=20 + MIN_NEW_WORDS - 1), on_site).reveals_more
    assert not Comparison.of(page(words=1000), page(words=1000 + MIN_NEW_WORDS), on_site).reveals_more


def test_signs_of_a_page_built_by_script() -> None:
    assert looks_script_built(page(words=500, markers=("empty application root (#app)",)))
    assert looks_script_built(page(words=10, scripts=2))
    assert not looks_script_built(page(words=500, scripts=2))
    assert not looks_script_built(page(words=10, scripts=0))


def test_auto_renders_the_first_page_and_pages_that_look_script_built() -> None:
    discovery = Discovery(DiscoveryMode.AUTO, on_site)
    assert discovery.wants_render(page("/", words=500, scripts=1))  # the portal's first page
    assert not discovery.wants_render(page("/a/", words=500, scripts=1))  # looks static
    assert not discovery.wants_render(page("/b/", words=5, scripts=0))  # no script: nothing to build it
    assert discovery.wants_render(page("/c/", words=500, markers=("<noscript> asks for JavaScript",)))


def test_auto_keeps_the_served_page_when_the_rendering_is_the_same() -> None:
    discovery = Discovery(DiscoveryMode.AUTO, on_site)
    served = page(links=20, words=300)
    assert not discovery.take_rendered(served, page(links=20, words=300))
    record = discovery.record()
    assert record.mode is DiscoveryMode.HTTP and record.reason == "discovery_static"
    assert len(record.probes) == 1 and not record.probes[0].reveals_more


def test_auto_turns_to_the_browser_on_a_page_that_reveals_more() -> None:
    discovery = Discovery(DiscoveryMode.AUTO, on_site)
    assert discovery.take_rendered(page(links=2), page(links=12))
    assert discovery.mode is DiscoveryMode.BROWSER
    # From then on every page that carries a script is rendered, and its rendering taken.
    assert discovery.wants_render(page("/x/", words=900, scripts=1))
    assert not discovery.wants_render(page("/y/", words=900, scripts=0))
    assert discovery.take_rendered(page("/x/"), page("/x/"))
    record = discovery.record()
    assert record.mode is DiscoveryMode.BROWSER and record.rendered_pages == 2
    assert record.reason == "discovery_reveals"
    assert dict(record.reason_values)["new_links"] == 10


def test_auto_compares_a_bounded_number_of_pages() -> None:
    discovery = Discovery(DiscoveryMode.AUTO, on_site)
    for n in range(MAX_PROBES):
        served = page(f"/{n}/", words=5)
        assert discovery.wants_render(served)
        discovery.take_rendered(served, page(f"/{n}/", words=5))
    assert not discovery.wants_render(page("/last/", words=5))


def test_http_never_renders_and_browser_renders_every_page_with_a_script() -> None:
    http = Discovery(DiscoveryMode.HTTP, on_site)
    assert not http.wants_render(page(words=1, markers=("empty application root (#app)",)))
    assert http.record().reason == "discovery_asked"
    browser = Discovery(DiscoveryMode.BROWSER, on_site)
    assert browser.wants_render(page("/", words=900))
    assert browser.wants_render(page("/a/", words=900))
    assert not browser.wants_render(page("/b/", scripts=0))


def test_errors_redirects_and_other_answers_are_never_rendered() -> None:
    discovery = Discovery(DiscoveryMode.BROWSER, on_site)
    broken = page()
    broken.status = 500
    moved = page()
    moved.status, moved.location = 301, f"{BASE}/new/"
    pdf = page()
    pdf.content_type = "application/pdf"
    assert not any(discovery.wants_render(p) for p in (broken, moved, pdf))
