"""The demo portal itself: size, languages, sitemaps and robots.txt."""

from __future__ import annotations

import urllib.request

import pytest

from egov_audit.demo.municipal import carried, content, page_path
from egov_audit.demo.municipal_words import EXTERNAL, PAGES
from egov_audit.demo.portal import DISALLOWED_PREFIX, VERSIONS, build_portal, catalogue
from egov_audit.demo.server import serve


@pytest.mark.parametrize("version", VERSIONS)
def test_size_and_languages(version: int) -> None:
    portal = build_portal(version)
    pages = portal.reachable_paths()
    assert 150 <= len(pages) <= 300
    for lang in ("kk", "ru", "en"):
        home = portal.routes[f"/{lang}/"].body.decode()
        assert f'<html lang="{lang}"' in home
        assert 'hreflang="x-default"' in home


def test_catalogue_ids_are_unique_and_paths_exist() -> None:
    ids = [d.id for d in catalogue()]
    assert len(ids) == len(set(ids))
    for defect in catalogue():
        for version in defect.versions:
            portal = build_portal(version)
            assert defect.path.partition("#")[0] in portal.routes, defect.id
            for source in defect.linked_from:
                assert defect.path in portal.links[source], (defect.id, source)


def test_server_answers_robots_sitemap_index_and_pages() -> None:
    with serve(1) as server:
        robots = urllib.request.urlopen(f"{server.base_url}/robots.txt").read().decode()
        index = urllib.request.urlopen(f"{server.base_url}/sitemap.xml").read().decode()
        page = urllib.request.urlopen(f"{server.base_url}/en/contacts/")
    assert f"Disallow: {DISALLOWED_PREFIX}" in robots
    assert f"Sitemap: {server.base_url}/sitemap.xml" in robots
    assert "<sitemapindex" in index and "sitemap-kk.xml" in index
    assert page.status == 200


def test_municipal_content_grows_and_one_item_is_lost() -> None:
    indicators = [item.indicator for item in content()]
    assert len(indicators) == len(set(indicators)), "one item per LOSI indicator"
    counts = [len(carried(version)) for version in VERSIONS]
    assert counts[0] < counts[1] < counts[2] < len(content())
    assert carried(2) - carried(3), "version 3 takes down something version 2 had"


@pytest.mark.parametrize("version", VERSIONS)
def test_home_pages_link_the_municipal_content_of_their_version(version: int) -> None:
    portal = build_portal(version)
    for lang in ("kk", "ru", "en"):
        home = portal.routes[f"/{lang}/"].body.decode()
        for item, links in EXTERNAL.items():
            for url, _ in links:
                assert (f'href="{url}"' in home) == (item in carried(version)), (lang, item)
        for key in (key for key in PAGES if key != "residents"):  # the residents' page: its topics' home
            path = page_path(key, lang)
            if key in carried(version):
                assert path in portal.links[f"/{lang}/"] and portal.routes[path].status == 200, path
            else:
                assert path not in portal.routes, path
