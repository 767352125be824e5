"""The crawl frontier: which URL may be fetched, and which was already taken.

One place owns the crawl's bounds (site hosts, depth, page budget, robots.txt),
so the spider only asks `admit` and acts on the answer.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from w3lib.url import canonicalize_url

from audits.crawl_config import CrawlConfig
from audits.model import Discovery, FetchKind, PageSnapshot
from crawler.robots import RobotsPolicy

MAX_QUERY_VARIANTS = 25  # distinct query strings of one path: more is a filter/sort/page combinatorics trap
_DIGITS = re.compile(r"\d+")


def url_pattern(url: str) -> tuple[str, str]:
    """The family a URL belongs to, (path with numbers as {n} plus the query's keys, its path).

    /calendar/2026/11/ and /calendar/2027/1/ are one family; so are /list?page=2&sort=a and /list?page=9&sort=b.
    """
    parts = urlsplit(url)
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    family = _DIGITS.sub("{n}", parts.path) + ("?" + "&".join(keys) if keys else "")
    return family, parts.path


def max_family_size(max_pages: int) -> int:
    """How many URLs of one family a crawl fetches: a fifth of the budget, and never fewer than 50."""
    return max(50, max_pages // 5)


@dataclass(frozen=True, slots=True)
class Admitted:
    """A URL the spider should request, with what it needs to know about it."""

    url: str
    depth: int
    discovery: Discovery
    referrer: str | None


@dataclass(slots=True)
class Frontier:
    config: CrawlConfig
    robots: RobotsPolicy | None = None
    seen: set[str] = field(default_factory=set)
    admitted: int = 0
    recorded: int = 0
    dropped_for_budget: int = 0
    from_sitemaps: int = 0
    families: Counter[str] = field(default_factory=Counter)
    queries: dict[str, set[str]] = field(default_factory=dict)
    traps: Counter[str] = field(default_factory=Counter)  # family -> URLs left unfetched

    def is_on_site(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and (parts.hostname or "") in self.config.hosts

    @property
    def pending(self) -> int:
        """Requests admitted but not yet recorded: the progress display's queue."""
        return self.admitted - self.recorded

    def mark_seen(self, url: str) -> bool:
        """Claim a URL; False when it was claimed before (control files use this too)."""
        key = canonicalize_url(url, keep_fragments=False)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def admit(self, url: str, depth: int, discovery: Discovery, referrer: str | None) -> Admitted | PageSnapshot | None:
        """Decide on one discovered URL.

        Returns what to request, a snapshot recording a robots.txt refusal, or None
        when the URL is off-site, too deep, already taken or over the page budget.
        """
        if not self.is_on_site(url) or depth > self.config.max_depth:
            return None
        # Half the budget at most for what only a sitemap names: a sitemap of a million
        # URLs must leave room for the pages citizens reach by following links.
        sitemap_full = discovery is Discovery.SITEMAP and self.from_sitemaps >= self.config.max_pages // 2
        if self.admitted >= self.config.max_pages or sitemap_full:
            if canonicalize_url(url, keep_fragments=False) not in self.seen:
                self.dropped_for_budget += 1
            return None
        if not self.mark_seen(url):
            return None
        is_start = discovery is Discovery.START
        if self.config.obey_robots and self.robots is not None and not is_start and not self.robots.allows(url):
            reason = self.robots.unreachable_reason
            return PageSnapshot(
                url=url,
                depth=depth,
                discovery=discovery,
                referrer=referrer,
                blocked_by_robots=True,
                error=(
                    f"not fetched: {reason}; RFC 9309 says to assume complete disallow"
                    if reason
                    else "disallowed by robots.txt (not fetched)"
                ),
            )
        # What a sitemap lists the portal declared itself: only the page budget bounds it.
        trap = None if discovery in (Discovery.START, Discovery.SITEMAP) else self._trap(url)
        if trap is not None:
            family, limit = trap
            self.traps[family] += 1
            if self.traps[family] > 1:
                return None
            return PageSnapshot(
                url=url,
                kind=FetchKind.TRAP,
                depth=depth,
                discovery=discovery,
                referrer=referrer,
                error=f"not fetched: more than {limit} URLs like {family}, a family that looks endless",
            )
        self.admitted += 1
        self.from_sitemaps += discovery is Discovery.SITEMAP
        return Admitted(url=url, depth=depth, discovery=discovery, referrer=referrer)

    def _trap(self, url: str) -> tuple[str, int] | None:
        """The family of `url` and its limit, when that family is too large to follow further."""
        family, path = url_pattern(url)
        query = urlsplit(url).query
        variants = self.queries.setdefault(path, set()) if query else None
        if self.families[family] >= (limit := max_family_size(self.config.max_pages)):
            return family, limit
        if variants is not None and len(variants) >= MAX_QUERY_VARIANTS:
            return f"{path}?…", MAX_QUERY_VARIANTS
        self.families[family] += 1
        if variants is not None:
            variants.add(query)
        return None
