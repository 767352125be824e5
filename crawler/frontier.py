"""The crawl frontier: which URL may be fetched, in which order, and which was already taken.

One place owns the crawl's bounds (site hosts, depth, page budget, robots.txt),
so the spider only hands it what it discovered and requests what it releases.

The order is deterministic, so that an unchanged portal gives the same pages under a page cap
whatever its response times: breadth first, one depth at a time (the spider asks for the next
round only when every request of the last one has been answered). Within a depth, URLs are taken
by their place in the crawl: a URL's key is the key of the first page that links to it, then the
link's position on that page (the home page's links first, in their order), so a page found by
several pages takes the earliest place. Sitemap entries count as depth 1, after every link of the
home page, in the order of the sitemaps and of their entries. A redirect's target takes its
source's place, in a round of its own at the same depth.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from w3lib.url import canonicalize_url

from egov_audit.crawler.config import CrawlConfig
from egov_audit.crawler.model import Discovery, FetchKind, PageSnapshot, route_of
from egov_audit.crawler.robots import RobotsPolicy

Key = tuple[int, ...]
SITEMAP_PLACE = 1 << 30  # sitemap entries come after every link of the home page at depth 1
MAX_QUERY_VARIANTS = 25  # distinct query strings of one path, when more than one key varies: filter combinatorics
_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"(?<!\d)(?:19|20|21)\d\d(?!\d)")


@dataclass(frozen=True, slots=True)
class UrlFamily:
    """The URLs that differ from one another only by numbers (and by query values)."""

    name: str  # the path with numbers as {n}, and the query's keys: /calendar/{n}/{n}/, /list?page&sort
    path: str
    dated: bool  # a year among its numbers: a calendar or an archive by date


def url_key(url: str) -> str:
    """A URL's identity in the crawl: canonical, without its fragment unless the fragment names a
    client-side route (each route of a single-page application is a page of its own)."""
    route = route_of(url)
    canonical = canonicalize_url(url, keep_fragments=False)
    return canonical if route is None else f"{canonical}#{route}"


def url_family(url: str) -> UrlFamily:
    """/calendar/2026/11/ and /calendar/2027/1/ are one family; so are /list?page=2&sort=a and /list?page=9&sort=b."""
    parts = urlsplit(url)
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    name = _DIGITS.sub("{n}", parts.path) + ("?" + "&".join(keys) if keys else "")
    return UrlFamily(name, parts.path, bool(_YEAR.search(f"{parts.path}?{parts.query}")))


def max_family_size(max_pages: int) -> int:
    """How many URLs of one dated family a crawl fetches: a fifth of the budget, and never fewer than 50."""
    return max(50, max_pages // 5)


@dataclass(frozen=True, slots=True)
class Admitted:
    """A URL the spider should request, with what it needs to know about it."""

    url: str
    depth: int
    discovery: Discovery
    referrer: str | None


@dataclass(frozen=True, slots=True)
class Candidate:
    """A URL discovered and waiting for its round: the earliest place the crawl found it at."""

    url: str
    depth: int
    discovery: Discovery
    referrer: str | None
    key: Key
    hops: int = 0  # redirects on the way to it


@dataclass(slots=True)
class Frontier:
    config: CrawlConfig
    robots: RobotsPolicy | None = None
    seen: set[str] = field(default_factory=set)
    admitted: int = 0
    recorded: int = 0
    dropped_for_budget: int = 0
    from_sitemaps: int = 0
    families: Counter[str] = field(default_factory=Counter)  # dated families: URLs admitted
    query_variants: Counter[str] = field(default_factory=Counter)  # path: query strings admitted
    query_values: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # path: key: values seen
    traps: Counter[str] = field(default_factory=Counter)  # family -> URLs left unfetched
    waiting: dict[str, Candidate] = field(default_factory=dict)  # canonical URL -> its earliest discovery

    def is_on_site(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and (parts.hostname or "") in self.config.hosts

    @property
    def pending(self) -> int:
        """Requests admitted but not yet recorded: the progress display's queue."""
        return self.admitted - self.recorded

    def mark_seen(self, url: str) -> bool:
        """Claim a URL; False when it was claimed before (control files use this too)."""
        key = url_key(url)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def discover(self, candidate: Candidate) -> None:
        """Remember a URL for its round; a URL found again keeps its earliest place."""
        if not self.is_on_site(candidate.url) or candidate.depth > self.config.max_depth:
            return
        key = url_key(candidate.url)
        if key in self.seen:
            return
        known = self.waiting.get(key)
        if known is None or (candidate.depth, candidate.key) < (known.depth, known.key):
            self.waiting[key] = candidate

    def next_round(self) -> list[tuple[Candidate, Admitted | PageSnapshot]]:
        """The waiting URLs of the shallowest depth, in order, each with the frontier's decision
        (to request, or a snapshot of a refusal); URLs over the budget are counted and dropped."""
        if self.admitted >= self.config.max_pages:  # the budget is spent: nothing waiting can be taken
            self.dropped_for_budget += len(self.waiting)
            self.waiting.clear()
        if not self.waiting:
            return []
        depth = min(c.depth for c in self.waiting.values())
        due = sorted((c for c in self.waiting.values() if c.depth == depth), key=lambda c: (c.key, c.url))
        for candidate in due:
            del self.waiting[url_key(candidate.url)]
        decided = []
        for candidate in due:
            decision = self.admit(candidate.url, candidate.depth, candidate.discovery, candidate.referrer)
            if decision is not None:
                decided.append((candidate, decision))
        return decided

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
            if url_key(url) not in self.seen:
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
        """The family of `url` and its limit, when that family looks endless and has had its share.

        Two shapes of spider trap are told from ordinary large sections: a family of
        dated URLs (a calendar that always links to the next month; news at /news/123/
        or a long ?page= listing are left to the page budget), and one path whose query
        strings vary in more than one key (filters and sort orders that combine without end).
        """
        family = url_family(url)
        query = urlsplit(url).query
        if family.dated:
            if self.families[family.name] >= (limit := max_family_size(self.config.max_pages)):
                return family.name, limit
            self.families[family.name] += 1
        if query:
            values = self.query_values.setdefault(family.path, {})
            pairs = parse_qsl(query, keep_blank_values=True)
            varying = sum(len(seen) > 1 for seen in values.values())
            if varying >= 2 and self.query_variants[family.path] >= MAX_QUERY_VARIANTS:
                return f"{family.path}?…", MAX_QUERY_VARIANTS
            self.query_variants[family.path] += 1
            for key, value in pairs:
                values.setdefault(key, set()).add(value)
        return None
