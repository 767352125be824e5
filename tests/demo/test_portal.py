"""The demo portal itself: size, languages, sitemaps and robots.txt."""

from __future__ import annotations

import urllib.request

import pytest

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
