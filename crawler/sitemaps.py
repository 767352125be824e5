"""Sitemaps: read a sitemap or sitemap index (gzipped or not) into its entries."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from urllib.parse import urljoin

from scrapy.http import Response
from scrapy.utils.gz import gzip_magic_number
from scrapy.utils.sitemap import Sitemap


@dataclass(frozen=True, slots=True)
class SitemapEntries:
    is_index: bool
    entries: tuple[tuple[str, str], ...]  # (absolute loc, lastmod)
    truncated: bool = False  # larger than the size cap once inflated, or than the entry cap: read in part


def inflate(body: bytes, max_bytes: int) -> tuple[bytes, bool]:
    """Gunzip at most `max_bytes`; True when there was more (a sitemap that large, or a gzip bomb)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, max_bytes)
    except zlib.error:
        return b"", True
    return data, bool(inflater.unconsumed_tail)


def read_sitemap(response: Response, max_bytes: int, max_entries: int) -> SitemapEntries:
    """At most `max_entries` entries from at most `max_bytes`: a million URLs must not fill the memory.

    A sitemap cut short is still read (lxml recovers from the broken end), so a
    portal whose sitemap is too large keeps its first entries.
    """
    body, truncated = response.body, False
    if gzip_magic_number(response):
        body, truncated = inflate(body, max_bytes)
    sitemap = Sitemap(body)
    entries = []
    for count, entry in enumerate(sitemap):
        if count >= max_entries:
            truncated = True
            break
        entries.append((urljoin(response.url, entry.get("loc", "").strip()), entry.get("lastmod", "").strip()))
    return SitemapEntries(is_index=sitemap.type == "sitemapindex", entries=tuple(entries), truncated=truncated)
