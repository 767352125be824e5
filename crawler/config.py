"""What a crawl may do: its start, its bounds and its manners.

Shared by the command line (which builds it) and the crawler (which obeys it),
so it lives here, free of Scrapy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from egov_audit import PROJECT_URL, __version__
from egov_audit.crawler.model import site_hosts

DEFAULT_CONTACT_URL = PROJECT_URL


def default_user_agent(contact_url: str = DEFAULT_CONTACT_URL) -> str:
    """A User-Agent that tells a portal's operators who is crawling and how to reach them."""
    return f"egov-audit/{__version__} (+{contact_url})"


def portal_key(start_url: str) -> str:
    """A portal's identity in the store: its host, port and path (scheme aside, so http->https keeps history)."""
    parts = urlsplit(start_url)
    return f"{parts.netloc}{parts.path}"


@dataclass(frozen=True, slots=True)
class CrawlConfig:
    start_url: str
    max_pages: int = 500
    max_depth: int = 10
    time_budget: float = 600.0
    obey_robots: bool = True
    read_sitemaps: bool = True
    extra_hosts: frozenset[str] = field(default_factory=frozenset)
    user_agent: str = field(default_factory=default_user_agent)
    timeout: float = 20.0
    retries: int = 2
    max_bytes: int = 10 * 1024 * 1024
    concurrency_per_host: int = 4
    autothrottle: bool = True
    max_redirects: int = 10
    max_sitemap_urls: int = 50_000
    allow_private: bool = False  # reach private, loopback and link-local addresses beyond the start's own
    max_crawl_delay: float = 10.0  # the longest Crawl-delay of robots.txt honoured; longer asks get this
    discovery: str = "auto"  # auto, http or browser: how pages are found (crawler/discovery.py)

    def honoured_delay(self, asked: float | None) -> float | None:
        """The seconds between requests to the portal that a robots.txt asking `asked` gets."""
        if not self.obey_robots or not asked or asked <= 0:
            return None
        return min(asked, self.max_crawl_delay)

    @property
    def hosts(self) -> frozenset[str]:
        return site_hosts(self.start_url) | {h.lower() for h in self.extra_hosts}

    def as_record(self) -> dict[str, object]:
        """The settings worth keeping with a run, so a trend can be explained later."""
        return {
            "start_url": self.start_url,
            "max_pages": self.max_pages,
            "max_depth": self.max_depth,
            "time_budget": self.time_budget,
            "obey_robots": self.obey_robots,
            "read_sitemaps": self.read_sitemaps,
            "hosts": sorted(self.hosts),
            "user_agent": self.user_agent,
            "timeout": self.timeout,
            "retries": self.retries,
            "max_bytes": self.max_bytes,
            "allow_private": self.allow_private,
            "max_crawl_delay": self.max_crawl_delay,
            "discovery": self.discovery,
        }


@dataclass(frozen=True, slots=True)
class BrowserLaunch:
    """The browser a crawl may walk with, as the stage that runs the crawl sets it up: Chromium, its
    flags (the guard proxy's among them), scripts every rendered page starts with, and what to run in
    a rendered page before it is explored (axe-core, when the run renders for accessibility: it is
    then read where it was rendered, not loaded twice). `audit` is a module-level function or a
    partial of one, so that it crosses to a crawl's own process."""

    executable: str | None
    args: tuple[str, ...] = ()
    init_scripts: tuple[str, ...] = ()
    audit: Callable[..., Any] | None = None  # async (page, url) -> AxeResult


# The defaults, defined once above: `check`'s options and the config file's fields show and use these.
CRAWL_DEFAULTS = CrawlConfig(start_url="")
