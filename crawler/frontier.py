"""The crawl frontier: which URL may be fetched, and which was already taken.

One place owns the crawl's bounds (site hosts, depth, page budget, robots.txt),
so the spider only asks `admit` and acts on the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from w3lib.url import canonicalize_url

from audits.crawl_config import CrawlConfig
from audits.model import Discovery, PageSnapshot
from crawler.robots import RobotsPolicy


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
        if self.admitted >= self.config.max_pages:
            if canonicalize_url(url, keep_fragments=False) not in self.seen:
                self.dropped_for_budget += 1
            return None
        if not self.mark_seen(url):
            return None
        if self.config.obey_robots and self.robots is not None and not self.robots.allows(url):
            return PageSnapshot(
                url=url,
                depth=depth,
                discovery=discovery,
                referrer=referrer,
                blocked_by_robots=True,
                error="disallowed by robots.txt (not fetched)",
            )
        self.admitted += 1
        return Admitted(url=url, depth=depth, discovery=discovery, referrer=referrer)
