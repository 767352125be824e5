"""Sitemaps: read a sitemap or sitemap index (gzipped or not) into its entries."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap


@dataclass(frozen=True, slots=True)
class SitemapEntries:
    is_index: bool
    entries: tuple[tuple[str, str], ...]  # (absolute loc, lastmod)


def read_sitemap(response: Response, max_bytes: int, max_entries: int) -> SitemapEntries:
    """At most `max_entries` entries: a sitemap of a million URLs must not fill the memory."""
    body = response.body
    if gzip_magic_number(response):
        body = gunzip(body, max_size=max_bytes)
    sitemap = Sitemap(body)
    entries = []
    for count, entry in enumerate(sitemap):
        if count >= max_entries:
            break
        entries.append((urljoin(response.url, entry.get("loc", "").strip()), entry.get("lastmod", "").strip()))
    return SitemapEntries(is_index=sitemap.type == "sitemapindex", entries=tuple(entries))
